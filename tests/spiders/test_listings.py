"""Listings on a re-crawl: robots.txt, sitemaps and index pages asked for conditionally.

Three `medscrape crawl`s of the sample site into one database (seven pages of the pattern, so
each takes a second or two; every sitemap and index page is still read): the first reads every
listing whole; the second, over the unchanged site, is answered 304 for all of them and still
finds every page through their stored links; before the third, the conditions index changes to
link a new page, and that index is read again and the new page found.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from sqlite_utils import Database

from pipeline.demo import DemoServer, Manifest
from pipeline.demo.server import Hit
from pipeline.demo.site import CONDITIONS_PATH, file_for
from spiders.meds import MedsSpider
from tests.spiders.crawling import crawl

#: Seven pages: omeprazole's three and sertraline's four.
SMALL = ("omeprazole-", "sertraline-")
#: A page no sitemap lists: only the changed conditions index links it.
NEW_PAGE = "/en/conditions/omeprazole-listed-later"


@dataclass
class Run:
    done: subprocess.CompletedProcess[str]
    hits: list[Hit]
    listings: dict[str, dict[str, Any]]  # the listings table after the run, by path
    db: Path
    url: str  # the site's base URL


@pytest.fixture(scope="module")
def runs(
    server: DemoServer, site: tuple[Path, Manifest], tmp_path_factory: pytest.TempPathFactory
) -> list[Run]:
    db = tmp_path_factory.mktemp("listings") / "medscrape.db"
    done: list[Run] = []

    def run() -> None:
        server.clear_hits()
        result = crawl(server, db, "-a", f"url_pattern=^/en/conditions/({'|'.join(SMALL)})")
        rows = Database(db).query("select * from listings")
        listings = {row["url"].removeprefix(server.url): row for row in rows}
        done.append(Run(result, server.hits, listings, db, server.url))

    run()
    run()
    root = site[0]
    small = sorted(p for p in site[1].good_paths if p.split("/")[-1].startswith(SMALL))
    index = file_for(root, CONDITIONS_PATH).read_text(encoding="utf-8")
    link = f'<a href="{NEW_PAGE}">Omeprazole, listed later</a>'
    server.replace(CONDITIONS_PATH, index.replace("</body>", f"{link}</body>", 1))
    # A copy of a page under a new URL, without the canonical link naming the original (which
    # would make it a duplicate_of that page rather than a new one).
    copy = file_for(root, small[0]).read_text(encoding="utf-8")
    server.replace(NEW_PAGE, re.sub(r'<link rel="canonical"[^>]*>', "", copy).encode())
    try:
        run()
    finally:
        server.restore()
    return done


def small_paths(site: tuple[Path, Manifest]) -> set[str]:
    return {p for p in site[1].good_paths if p.split("/")[-1].startswith(SMALL)}


def statuses(run: Run, paths: set[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for hit in run.hits:
        if hit.path in paths:
            found.setdefault(hit.path, []).append(hit.status)
    return found


def test_the_first_crawl_stores_every_listing_it_read_with_its_links(
    runs: list[Run], site: tuple[Path, Manifest]
) -> None:
    first = runs[0].listings
    expected = {"/robots.txt", *site[1].sitemaps, *site[1].index_pages}
    assert expected <= set(first)
    assert first["/robots.txt"]["kind"] == "robots"
    assert first["/sitemap.xml"]["kind"] == "sitemapindex"
    assert {first[path]["kind"] for path in site[1].index_pages} == {"index"}
    assert all(row["etag"] and row["content_hash"] for row in first.values())
    sitemapped = {
        link["loc"].split("/", 3)[-1]
        for path in site[1].sitemaps[1:]
        for link in json.loads(first[path]["links"])
    }
    assert {p.lstrip("/") for p in site[1].good_paths} <= sitemapped


def test_an_unchanged_recrawl_gets_304_for_every_listing_and_still_finds_every_page(
    runs: list[Run], site: tuple[Path, Manifest]
) -> None:
    second = runs[1]
    listing_hits = statuses(second, set(runs[0].listings))
    assert set(listing_hits) == set(runs[0].listings)  # every listing asked again
    # Scrapy's robots.txt middleware reads the rules whole: the one 200 among the listings.
    assert listing_hits.pop("/robots.txt") == [200, 304]
    assert all(codes == [304] for codes in listing_hits.values()), listing_hits
    pages = statuses(second, small_paths(site))
    assert pages == {path: [304] for path in small_paths(site)}  # all found, none re-read
    row = Database(second.db)["crawl_runs"].get(2)
    assert (row["pages_not_modified"], row["pages_stored"], row["pages_fetched"]) == (7, 0, 0)
    assert {row["last_run_id"] for row in second.listings.values()} == {2}  # all seen again
    assert all(
        row["last_changed"] == runs[0].listings[path]["last_changed"]
        for path, row in second.listings.items()
    )


def test_a_changed_listing_is_read_again_and_the_page_it_newly_lists_is_found(
    runs: list[Run], site: tuple[Path, Manifest]
) -> None:
    third = runs[2]
    listing_hits = statuses(third, set(runs[0].listings))
    assert listing_hits.pop(CONDITIONS_PATH) == [200]  # changed: its ETag no longer matches
    listing_hits.pop("/robots.txt")
    assert all(codes == [304] for codes in listing_hits.values()), listing_hits
    assert statuses(third, {NEW_PAGE}) == {NEW_PAGE: [200]}
    index = third.listings[CONDITIONS_PATH]
    before = runs[1].listings[CONDITIONS_PATH]
    assert index["content_hash"] != before["content_hash"]
    assert index["etag"] != before["etag"]
    assert index["last_changed"] > before["last_changed"]
    locs = [link["loc"] for link in json.loads(index["links"])]
    assert locs.count(third.url + NEW_PAGE) == 1
    assert set(locs) - {third.url + NEW_PAGE} == {
        link["loc"] for link in json.loads(before["links"])
    }
    stored = Database(third.db)["pages"].get(third.url + NEW_PAGE)
    assert stored["last_run_id"] == 3


def test_a_304_for_a_listing_never_stored_lists_nothing_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A redirect keeps the conditional headers of the URL it left: its target may answer 304.
    spider = MedsSpider(start_url="http://127.0.0.1:9/en/conditions/")
    url = "http://127.0.0.1:9/en/conditions/page/2"
    response = HtmlResponse(url, status=304, body=b"", request=Request(url))
    assert list(spider.parse_index(response)) == []
    assert f"{url} answered 304 but its links are not stored" in caplog.text
