"""A page's URL with and without its trailing slash (``…/page/`` and ``…/page``) is one page:
fetched under either, named by its canonical link as the other, or linked both ways, it ends
as one record. Real `medscrape crawl` processes against a site on 127.0.0.1 that serves the
same page under both URLs; the database read back with sqlite-utils."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from pipeline.demo import build_site
from pipeline.demo.site import file_for
from pipeline.demo.templates import BASE_URL
from pipeline.outcome import page_key
from tests.spiders.crawling import LOOPBACK, medscrape_crawl
from tests.spiders.faults import FaultSite, html, redirect, serving

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


def _crawl(
    tmp_path: Path, sample: tuple[str, bytes], linked: list[str], canonical: str
) -> tuple[FaultSite, list[dict[str, object]], list[dict[str, object]]]:
    """Serve the page under both its URLs, with ``canonical`` as its canonical path, from an
    index linking to ``linked``; crawl; the pages and rejects stored."""
    path, body = sample
    site = FaultSite()
    db = tmp_path / "medscrape.db"
    with serving(site):
        here = body.replace(f"{BASE_URL}{path}".encode(), f"{BASE_URL}{canonical}".encode())
        page = html(here.replace(BASE_URL.encode(), site.url.encode()))
        links = "".join(f'<a href="{link}">{link}</a>' for link in linked)
        site.routes = {
            "/en/conditions/": html(f"<html><body>{links}</body></html>".encode()),
            path: page,
            path + "/": page,
        }
        medscrape_crawl(db, "-a", f"start_url={site.url}/en/conditions/", *SETTINGS)
    pages = list(Database(db).query("SELECT url, fetched_url FROM pages"))
    rejects = list(Database(db).query("SELECT url, reason, detail FROM rejects"))
    return site, pages, rejects


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
    tmp_path: Path, sample: tuple[str, bytes], linked: list[str], canonical: str
) -> None:
    path = sample[0]
    found = [path + suffix for suffix in linked]
    site, pages, rejects = _crawl(tmp_path, sample, found, path + canonical)
    # One record, under the URL without the slash, with the URL fetched beside it.
    assert pages == [{"url": site.url + path, "fetched_url": site.url + found[0]}]
    assert not [r for r in rejects if r["url"].startswith(site.url + path)]
    asked = [hit for hit in site.paths() if hit in (path, path + "/")]
    assert asked == [found[0]]  # the first form found is fetched; the other is the same page


def test_a_redirect_from_one_form_to_the_other_is_followed_and_stored_once(
    tmp_path: Path, sample: tuple[str, bytes]
) -> None:
    """A site that answers …/page with a 301 to …/page/ (as servers do for folders)."""
    path, body = sample
    site = FaultSite()
    db = tmp_path / "medscrape.db"
    with serving(site):
        page = html(body.replace(BASE_URL.encode(), site.url.encode()))
        link = f'<a href="{path}">{path}</a>'
        site.routes = {
            "/en/conditions/": html(f"<html><body>{link}</body></html>".encode()),
            path: redirect(site.url + path + "/", 301),
            path + "/": page,
        }
        medscrape_crawl(db, "-a", f"start_url={site.url}/en/conditions/", *SETTINGS)
    pages = list(Database(db).query("SELECT url, fetched_url FROM pages"))
    assert pages == [{"url": site.url + path, "fetched_url": site.url + path + "/"}]
    rejects = Database(db).execute(
        "SELECT url, reason FROM rejects WHERE url LIKE ?", [f"%{path}%"]
    )
    assert rejects.fetchall() == []  # stored, and in no other outcome


def test_a_recrawl_finds_the_page_stored_under_the_other_form(
    tmp_path: Path, sample: tuple[str, bytes]
) -> None:
    """Found as …/page/ one run and as …/page the next: the same record, and not new."""
    path, body = sample
    site = FaultSite()
    db = tmp_path / "medscrape.db"
    with serving(site):
        page = html(body.replace(BASE_URL.encode(), site.url.encode()))
        site.routes = {path: page, path + "/": page}
        for found in (path + "/", path):
            link = f'<a href="{found}">{found}</a>'
            site.routes["/en/conditions/"] = html(f"<html><body>{link}</body></html>".encode())
            medscrape_crawl(db, "-a", f"start_url={site.url}/en/conditions/", *SETTINGS)
    pages = list(Database(db).query("SELECT url, fetched_url FROM pages"))
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
