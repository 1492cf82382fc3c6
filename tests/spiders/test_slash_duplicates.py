"""A page's URL with and without its trailing slash (``…/page/`` and ``…/page``) is one page:
fetched under either, named by its canonical link as the other, or linked both ways, it ends
as one record. Real `medscrape crawl` processes against a site on 127.0.0.1 that serves the
same page under both URLs; the database read back with sqlite-utils."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from pipeline.demo import build_site
from pipeline.demo.site import file_for
from pipeline.demo.templates import BASE_URL
from pipeline.outcome import page_key
from tests.spiders.crawling import LOOPBACK, medscrape_crawl
from tests.spiders.faults import Answer, FaultSite, html, redirect, serving

SETTINGS = [*LOOPBACK, "-s", "MEDSCRAPE_HONOUR_CRAWL_DELAY=False", "-s", "RETRY_TIMES=0"]
#: The page links to others this site does not serve: their 404s are not the point here.
SETTINGS += ["-s", "MEDSCRAPE_MAX_ERROR_RATE=1"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, bytes]:
    """One sample-site page: its path (no trailing slash) and HTML, whose canonical link
    names that path (base URL still a placeholder)."""
    root = tmp_path_factory.mktemp("slash") / "site"
    path = sorted(build_site(root, pages=1).good_paths)[0]
    body = file_for(root, path).read_bytes()
    assert f'rel="canonical" href="{BASE_URL}{path}"'.encode() in body
    return path, body


@pytest.fixture
def site() -> Iterator[FaultSite]:
    """A site on 127.0.0.1 whose routes each test sets."""
    with serving(FaultSite()) as served:
        yield served


def _index(links: list[str]) -> Answer:
    """The conditions index, linking to ``links``."""
    anchors = "".join(f'<a href="{link}">{link}</a>' for link in links)
    return html(f"<html><body>{anchors}</body></html>".encode())


def _served(body: bytes, site: FaultSite) -> Answer:
    return html(body.replace(BASE_URL.encode(), site.url.encode()))


def _crawl_site(site: FaultSite, db: Path) -> list[dict[str, object]]:
    """`medscrape crawl` of ``site`` from its index into ``db``; the pages stored (url,
    fetched_url)."""
    medscrape_crawl(db, "-a", f"start_url={site.url}/en/conditions/", *SETTINGS)
    return list(Database(db).query("SELECT url, fetched_url FROM pages"))


def _outcomes_besides_stored(db: Path, url: str) -> list[tuple[str, str]]:
    """Rejects and skips (``rejects``) and fetch errors of ``url`` or ``url/``."""
    sql = (
        "SELECT url, reason FROM rejects WHERE url IN (:a, :b) "
        "UNION ALL SELECT url, error FROM fetch_errors WHERE url IN (:a, :b)"
    )
    return Database(db).execute(sql, {"a": url, "b": url + "/"}).fetchall()


@pytest.mark.parametrize(
    ("linked", "canonical"),
    [
        (["/"], ""),  # fetched at …/page/, its canonical link says …/page
        ([""], "/"),  # the other way round
        (["", "/"], ""),  # linked both ways
        (["/", ""], "/"),  # linked both ways, the slash form first and canonical
    ],
    ids=["slash-fetched", "slash-canonical", "both-linked", "both-linked-slash-canonical"],
)
def test_a_page_with_and_without_its_trailing_slash_is_one_record(
    tmp_path: Path, site: FaultSite, sample: tuple[str, bytes], linked: list[str], canonical: str
) -> None:
    path, body = sample
    found = [path + suffix for suffix in linked]
    here = body.replace(f"{BASE_URL}{path}".encode(), f"{BASE_URL}{path}{canonical}".encode())
    page = _served(here, site)
    site.routes = {"/en/conditions/": _index(found), path: page, path + "/": page}
    db = tmp_path / "medscrape.db"
    pages = _crawl_site(site, db)
    # One record, under the URL without the slash, with the URL fetched beside it.
    assert pages == [{"url": site.url + path, "fetched_url": site.url + found[0]}]
    assert _outcomes_besides_stored(db, site.url + path) == []
    asked = [hit for hit in site.paths() if hit in (path, path + "/")]
    assert asked == [found[0]]  # the first form found is fetched; the other is the same page


def test_a_redirect_from_one_form_to_the_other_is_followed_and_stored_once(
    tmp_path: Path, site: FaultSite, sample: tuple[str, bytes]
) -> None:
    """A site that answers …/page with a 301 to …/page/ (as servers do for folders)."""
    path, body = sample
    site.routes = {
        "/en/conditions/": _index([path]),
        path: redirect(site.url + path + "/", 301),
        path + "/": _served(body, site),
    }
    db = tmp_path / "medscrape.db"
    pages = _crawl_site(site, db)
    assert pages == [{"url": site.url + path, "fetched_url": site.url + path + "/"}]
    assert _outcomes_besides_stored(db, site.url + path) == []  # stored, and in no other outcome


def test_a_recrawl_finds_the_page_stored_under_the_other_form(
    tmp_path: Path, site: FaultSite, sample: tuple[str, bytes]
) -> None:
    """Found as …/page/ one run and as …/page the next: the same record, and not new."""
    path, body = sample
    site.routes = {path: _served(body, site), path + "/": _served(body, site)}
    db = tmp_path / "medscrape.db"
    for found in (path + "/", path):
        site.routes["/en/conditions/"] = _index([found])
        pages = _crawl_site(site, db)
    assert pages == [{"url": site.url + path, "fetched_url": site.url + path}]
    runs = list(Database(db).query("SELECT pages_new, pages_unchanged FROM crawl_runs"))
    assert runs == [{"pages_new": 1, "pages_unchanged": 0}, {"pages_new": 0, "pages_unchanged": 1}]


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://meds.is/en/conditions/a-b/", "https://meds.is/en/conditions/a-b"),
        ("https://meds.is/en/conditions/a-b", "https://meds.is/en/conditions/a-b"),
        ("https://meds.is/en/conditions/a-b//?x=1#top", "https://meds.is/en/conditions/a-b?x=1"),
        ("https://meds.is/", "https://meds.is/"),
        ("https://meds.is", "https://meds.is"),
    ],
)
def test_the_page_key_drops_the_trailing_slash_and_fragment_only(url: str, key: str) -> None:
    assert page_key(url) == key
