"""What must hold against a hostile site: one real crawl of a faulty site on 127.0.0.1.

The site (tests/spiders/faults.py) serves a few good sample pages among redirect loops and
chains, redirects off-site, to cloud metadata and to file://, links to private addresses,
robots.txt-disallowed pages, XML-bomb, XXE, broken and oversize sitemaps, a page under a
wrong charset header, a duplicate with a canonical link, a 503 with Retry-After and a page of
10,000 nested divs. The crawl is `medscrape crawl` in a subprocess; its database is read back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlite_utils import Database

from pipeline.demo import build_site
from pipeline.demo.site import file_for
from tests.spiders.crawling import LOOPBACK, medscrape_crawl
from tests.spiders.faults import Answer, FaultSite, html, redirect, serving, xml

C = "/en/conditions"
SITEMAP_MAXSIZE = 100_000
ACCENTED = "Ménière — Ágnes Ýr, 5 µg"  # Á and Ý: bytes ftfy cannot repair once garbled
_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + f"]><urlset {_NS}><url><loc>http://x/&lol9;</loc></url></urlset>".encode()
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    + f"<urlset {_NS}><url><loc>http://x/&xxe;</loc></url></urlset>".encode()
)


@dataclass
class Crawled:
    db: Database
    site: FaultSite
    pages: list[str]  # the good pages' paths
    run: dict[str, object]

    def errors(self) -> dict[str, str]:
        return dict(self.db.execute("select url, error from fetch_errors").fetchall())

    def rejects(self) -> dict[str, tuple[str, str]]:
        rows = self.db.execute("select url, reason, detail from rejects").fetchall()
        return {url: (reason, detail) for url, reason, detail in rows}

    def stored(self) -> set[str]:
        return {url for (url,) in self.db.execute("select url from pages").fetchall()}


def _urlset(*locs: str) -> bytes:
    entries = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return f'<?xml version="1.0"?><urlset {_NS}>{entries}</urlset>'.encode()


def _index(*locs: str) -> bytes:
    entries = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f'<?xml version="1.0"?><sitemapindex {_NS}>{entries}</sitemapindex>'.encode()


def _page(root: Path, path: str, base: str) -> bytes:
    return file_for(root, path).read_bytes().replace(b"@@BASE_URL@@", base.encode())


def _with_links(page: bytes, *hrefs: str) -> bytes:
    links = "".join(f'<a href="{href}">x</a>' for href in hrefs).encode()
    return page.replace(b"</body>", links + b"</body>")


def _refresh(url: str) -> bytes:
    return f'<html><head><meta http-equiv="refresh" content="0;url={url}"></head></html>'.encode()


def _routes(site: FaultSite, root: Path, pages: list[str]) -> None:
    u = site.url
    g = {i: _page(root, p, u) for i, p in enumerate(pages)}
    hostile = _with_links(
        g[0],
        f"file://{C}/etc-passwd",
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        f"http://169.254.169.254{C}/meta-data",
        f"http://10.0.0.1{C}/ten-net",
        f"http://[::1]{C}/loop-back",
        f"http://example.org{C}/other-site",
    )
    # A wrong charset: the header says ISO-8859-1, the body is UTF-8 with accents.
    accented = re.sub(
        rb"(<h2>[^<]*</h2>\s*<p>)", lambda m: m.group(1) + ACCENTED.encode() + b" ", g[2], count=1
    )
    deep = (
        g[4]
        .replace(b'rel="canonical"', b'rel="alternate"')
        .replace(b"</h2>", b"</h2>" + b"<div>" * 10_000 + b"deep" + b"</div>" * 10_000, 1)
    )
    busy = [Answer(503, b"busy", {"Retry-After": "2"}), html(g[3])]
    chain = {f"{C}/chain-{i}": redirect(f"{u}{C}/chain-{i + 1}") for i in range(12)}
    site.routes.update(
        {
            "/robots.txt": Answer(
                200,
                (
                    f"User-agent: *\nDisallow: {C}/private-\nSitemap: {u}/sitemap.xml\n"
                    "Sitemap: http://169.254.169.254/latest/sitemap.xml\n"
                ).encode(),
                {"Content-Type": "text/plain"},
            ),
            f"{C}/": html(
                _with_links(
                    b"<html><body><h1>Conditions</h1></body></html>",
                    pages[0],
                    f"{C}/loop-aa",
                    f"{C}/chain-0",
                    f"{C}/away-page",
                    f"{C}/metadata-jump",
                    f"{C}/file-jump",
                    f"{C}/meta-away",
                    f"{C}/meta-loop",
                    f"{C}/moved-page",
                    f"{C}/moved-twice",
                    f"{C}/private-draft",
                    f"{pages[1]}-print",
                    pages[2],
                    pages[3],
                    f"{C}/deep-nesting",
                )
            ),
            "/sitemap.xml": xml(
                _index(
                    f"{u}/sitemap-pages.xml",
                    f"{u}/sitemap-bomb.xml",
                    f"{u}/sitemap-xxe.xml",
                    f"{u}/sitemap-broken.xml",
                    f"{u}/sitemap-huge.xml",
                    "http://10.1.2.3/sitemap.xml",
                )
            ),
            "/sitemap-pages.xml": xml(
                _urlset(f"{u}{pages[5]}", f"{u}/en/about-us", f"http://192.168.0.1{C}/router-admin")
            ),
            "/sitemap-bomb.xml": xml(BOMB),
            "/sitemap-xxe.xml": xml(XXE),
            "/sitemap-broken.xml": xml(_urlset(f"{u}{pages[5]}")[:-30]),
            "/sitemap-huge.xml": xml(_urlset(*[f"{u}{C}/x-{i:06d}" for i in range(3000)])),
            pages[0]: html(hostile),
            f"{pages[1]}-print": html(g[1]),  # its canonical link names pages[1]
            pages[1]: html(g[1]),
            pages[2]: html(accented, charset="ISO-8859-1"),
            pages[3]: busy,
            f"{C}/deep-nesting": html(deep),
            pages[5]: html(g[5]),
            f"{C}/loop-aa": redirect(f"{u}{C}/loop-bb"),
            f"{C}/loop-bb": redirect(f"{u}{C}/loop-aa"),
            f"{C}/away-page": redirect(f"http://example.org{C}/other-site"),
            f"{C}/metadata-jump": redirect("http://169.254.169.254/latest/meta-data/"),
            f"{C}/file-jump": redirect("file:///etc/passwd"),
            # Two URLs moved to a page the sitemaps list too: whichever comes first, one fetch.
            f"{C}/moved-page": redirect(f"{u}{pages[5]}", 301),
            f"{C}/moved-twice": redirect(f"{u}{pages[5]}", 301),
            f"{C}/meta-away": html(_refresh(f"http://example.org{C}/meta-target")),
            f"{C}/meta-loop": html(_refresh(f"{u}{C}/meta-loop")),
            f"{C}/private-draft": html(g[5]),
            **chain,
        }
    )


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    tmp = tmp_path_factory.mktemp("hostile")
    manifest = build_site(tmp / "sample", drugs=5, conditions=5, pages=6)
    pages = [p.path for p in manifest.pages]
    with serving(FaultSite()) as site:
        _routes(site, tmp / "sample", pages)
        db = tmp / "medscrape.db"
        medscrape_crawl(
            db,
            "-a",
            f"start_url={site.url}{C}/",
            *LOOPBACK,
            "-s",
            "MEDSCRAPE_HONOUR_CRAWL_DELAY=False",
            "-s",
            f"MEDSCRAPE_SITEMAP_MAXSIZE={SITEMAP_MAXSIZE}",
            "-s",
            "MEDSCRAPE_PARSE_WORKERS=0",
            check=False,  # a run this hostile may breach the error-rate threshold (exit 3)
        )
    database = Database(db)
    (run,) = database["crawl_runs"].rows
    return Crawled(database, site, pages, run)


def test_the_crawl_finishes_under_every_fault(crawled: Crawled) -> None:
    assert crawled.run["finish_reason"] == "finished"


def test_redirect_loops_chains_and_escapes_are_fetch_errors_with_their_reason(
    crawled: Crawled,
) -> None:
    u, errors = crawled.site.url, crawled.errors()
    expected = {
        f"{C}/loop-aa": "redirect_loop",
        f"{C}/chain-0": "redirect_limit",
        f"{C}/away-page": "redirect_offsite",
        f"{C}/metadata-jump": "redirect_blocked",
        f"{C}/file-jump": "redirect_blocked",
        f"{C}/meta-away": "redirect_offsite",  # <meta http-equiv=refresh>
        f"{C}/meta-loop": "redirect_loop",
    }
    for path, reason in expected.items():
        assert errors[u + path].split(":")[0] == reason, errors.get(u + path)
    assert "169.254.169.254" in errors[u + f"{C}/metadata-jump"]


def test_a_url_that_redirects_to_a_page_is_skipped_as_redirected_and_the_page_fetched_once(
    crawled: Crawled,
) -> None:
    u, page, rejects = crawled.site.url, crawled.pages[5], crawled.rejects()
    for moved in ("moved-page", "moved-twice"):
        reason, detail = rejects[f"{u}{C}/{moved}"]
        assert reason == "redirected" and f"to {u}{page}" in detail
    assert u + page in crawled.stored()
    assert crawled.site.paths().count(page) == 1


def test_redirects_stay_bounded(crawled: Crawled) -> None:
    paths = crawled.site.paths()
    assert sum(p.startswith(f"{C}/chain-") for p in paths) == 6  # REDIRECT_MAX_TIMES = 5, + 1
    assert paths.count(f"{C}/loop-aa") == 1
    assert paths.count(f"{C}/loop-bb") == 1


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"file://{C}/etc-passwd", "blocked_scheme"),
        (f"http://169.254.169.254{C}/meta-data", "blocked_address"),
        (f"http://10.0.0.1{C}/ten-net", "blocked_address"),
        (f"http://[::1]{C}/loop-back", "blocked_address"),
        (f"http://example.org{C}/other-site", "offsite"),
        (f"http://192.168.0.1{C}/router-admin", "blocked_address"),  # a sitemap's entry
        ("http://10.1.2.3/sitemap.xml", "blocked_address"),  # a sitemap index's entry
        ("http://169.254.169.254/latest/sitemap.xml", "blocked_address"),  # robots.txt's
    ],
)
def test_refused_urls_are_skipped_with_the_reason(crawled: Crawled, url: str, reason: str) -> None:
    assert crawled.rejects()[url][0] == reason


def test_no_request_leaves_for_another_host(crawled: Crawled) -> None:
    # Every request the downloader sent is one this server answered.
    assert crawled.run["requests"] == len(crawled.site.hits)


def test_robots_disallowed_pages_are_skipped_not_errors(crawled: Crawled) -> None:
    url = crawled.site.url + f"{C}/private-draft"
    assert crawled.rejects()[url][0] == "robots"
    assert url not in crawled.errors()
    assert f"{C}/private-draft" not in crawled.site.paths()


@pytest.mark.parametrize("name", ["bomb", "xxe", "broken", "huge"])
def test_bad_sitemaps_are_recorded(crawled: Crawled, name: str) -> None:
    error = crawled.errors()[f"{crawled.site.url}/sitemap-{name}.xml"]
    assert error.startswith("bad_sitemap"), error
    assert "root:" not in error  # no /etc/passwd line anywhere


def test_a_wrong_charset_header_does_not_garble_the_page(crawled: Crawled) -> None:
    url = crawled.site.url + crawled.pages[2]
    (text,) = crawled.db.execute(
        "select group_concat(text, ' ') from sections where page_url = ?", [url]
    ).fetchone()
    assert ACCENTED in text


def test_a_duplicate_is_recorded_against_its_canonical_page_which_is_crawled_once(
    crawled: Crawled,
) -> None:
    u, main = crawled.site.url, crawled.pages[1]
    assert crawled.rejects()[f"{u}{main}-print"] == ("duplicate_of", u + main)
    assert u + main in crawled.stored()
    assert crawled.site.paths().count(main) == 1


def test_a_page_answering_503_is_retried_and_stored(crawled: Crawled) -> None:
    assert len(crawled.site.times(crawled.pages[3])) == 2
    assert crawled.site.url + crawled.pages[3] in crawled.stored()


#: Seconds between the server stamping an answer and the crawler reading it, at most.
CLOCK_SLACK = 0.05


def test_a_retry_waits_out_retry_after_counted_from_the_answer(tmp_path: Path) -> None:
    """Slow 503s (1 s to answer) with Retry-After: 2. Scrapy's slot delay counts from when the
    request was sent and is jittered by ±50%: alone, it retried 1-2 s after the answer."""
    busy = [f"{C}/busy-{i}" for i in range(3)]
    page = b"<html><body><p>fine now</p></body></html>"
    answers = [Answer(503, b"busy", {"Retry-After": "2"}, delay=1.0), html(page)]
    site = FaultSite(routes={f"{C}/": html(_with_links(b"<html><body></body></html>", *busy))})
    site.routes.update(dict.fromkeys(busy, answers))
    with serving(site):
        medscrape_crawl(
            tmp_path / "busy.db",
            "-a",
            f"start_url={site.url}{C}/",
            *LOOPBACK,
            "-s",
            "MEDSCRAPE_PARSE_WORKERS=0",
            "-s",
            "MEDSCRAPE_BACKOFF_BASE=0.1",  # Retry-After alone sets the wait here
            check=False,  # the pages are not drug pages: rejected, a breach of the reject rate
        )
    last_503 = max(t for _, status, t in site.answered if status == 503)
    retries = [site.times(path)[1] for path in busy]
    # The server stamps an answer once it is written, a moment after the crawler has it (CI
    # once saw 1.99994 s): 50 ms of slack, where the unfixed crawler retried after 1.58 s.
    assert min(retries) - last_503 >= 2.0 - CLOCK_SLACK


def test_ten_thousand_nested_divs_end_in_one_outcome(crawled: Crawled) -> None:
    url = crawled.site.url + f"{C}/deep-nesting"
    assert (url in crawled.stored()) != (url in crawled.rejects())


def test_every_url_ends_in_exactly_one_outcome_and_the_counts_add_up(crawled: Crawled) -> None:
    run, db = crawled.run, crawled.db
    stored = {u for (u,) in db.execute("select url from pages where last_run_id = ?", [run["id"]])}
    rejects = {u for (u,) in db.execute("select url from rejects where run_id = ?", [run["id"]])}
    errors = {
        u for (u,) in db.execute("select url from fetch_errors where run_id = ?", [run["id"]])
    }
    assert not stored & rejects and not stored & errors and not rejects & errors
    skipped = db.execute(
        "select count(*) from rejects where run_id = ? and html is null", [run["id"]]
    ).fetchone()[0]
    assert run["pages_skipped"] == skipped > 0
    assert run["pages_rejected"] + run["pages_skipped"] == len(rejects)
    assert run["fetch_errors"] == len(errors)
    statuses = db.execute("select error, status from fetch_errors where error like 'HTTP %'")
    assert all(error == f"HTTP {status}" for error, status in statuses)  # 404s keep theirs
    assert run["pages_stored"] + run["pages_unchanged"] == len(stored)
    # Every page URL the server was asked for (bar redirect hops) has its outcome.
    asked = {crawled.site.url + p for p in crawled.site.paths() if re.match(f"{C}/[a-z]", p)}
    hops = {crawled.site.url + p for p in crawled.site.paths() if "chain-" in p or "loop-bb" in p}
    assert asked - hops <= stored | rejects | errors


def test_a_sitemap_listed_twice_or_by_itself_is_fetched_once(tmp_path: Path) -> None:
    """robots.txt and the index both list one sitemap; the index lists itself too."""
    site = FaultSite()
    with serving(site):
        u = site.url
        site.routes.update(
            {
                "/robots.txt": Answer(
                    200,
                    f"User-agent: *\nSitemap: {u}/index.xml\nSitemap: {u}/pages.xml\n".encode(),
                    {"Content-Type": "text/plain"},
                ),
                "/index.xml": xml(_index(f"{u}/index.xml", f"{u}/pages.xml", f"{u}/pages.xml")),
                "/pages.xml": xml(_urlset(f"{u}/en/about-us")),
                f"{C}/": html(b"<html><body><h1>Conditions</h1></body></html>"),
            }
        )
        medscrape_crawl(
            tmp_path / "loop.db",
            "-a",
            f"start_url={u}{C}/",
            *LOOPBACK,
            "-s",
            "MEDSCRAPE_PARSE_WORKERS=0",
            check=False,  # nothing but an index page: no pages seen
        )
    paths = site.paths()
    assert (paths.count("/index.xml"), paths.count("/pages.xml")) == (1, 1)


def test_a_failing_robots_txt_is_a_fetch_error_and_a_missing_one_is_not(tmp_path: Path) -> None:
    page = b"<html><body><p>not a drug page</p></body></html>"
    for robots, db in ((Answer(500, b"down"), "broken.db"), (Answer(404, b"none"), "none.db")):
        site = FaultSite(routes={"/robots.txt": robots, f"{C}/": html(page)})
        with serving(site):
            medscrape_crawl(
                tmp_path / db,
                "-a",
                f"start_url={site.url}{C}/",
                *LOOPBACK,
                *("-s", "MEDSCRAPE_PARSE_WORKERS=0", "-s", "RETRY_TIMES=1"),
                check=False,  # no page seen
            )
        errors = list(
            Database(tmp_path / db).query("SELECT url, status, attempts FROM fetch_errors")
        )
        if robots.status == 404:
            assert errors == []
        else:
            assert errors == [{"url": f"{site.url}/robots.txt", "status": 500, "attempts": 2}]


def test_a_download_failing_after_a_redirect_is_recorded_under_the_url_found(
    tmp_path: Path,
) -> None:
    index = _with_links(b"<html><body></body></html>", f"{C}/moved-away")
    site = FaultSite(routes={f"{C}/": html(index)})
    with serving(site):
        site.routes[f"{C}/moved-away"] = redirect(f"{site.url}{C}/too-slow")
        site.routes[f"{C}/too-slow"] = Answer(200, b"late", delay=2.0)
        medscrape_crawl(
            tmp_path / "slow.db",
            "-a",
            f"start_url={site.url}{C}/",
            *LOOPBACK,
            *("-s", "MEDSCRAPE_PARSE_WORKERS=0", "-s", "RETRY_TIMES=0"),
            *("-s", "DOWNLOAD_TIMEOUT=1"),
            check=False,
        )
    errors = dict(Database(tmp_path / "slow.db").execute("SELECT url, error FROM fetch_errors"))
    assert list(errors) == [f"{site.url}{C}/moved-away"]
    assert errors[f"{site.url}{C}/moved-away"].startswith("DownloadTimeoutError: ")
