"""Listings in the store: robots.txt, sitemaps and index pages, their validators and links.

A listing fetched whole is stored with its links (a changed one replaces them); one answered
304 only moves when it was seen; the spider's read-only view gives the validators and links back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.listings import Listing, ListingCounts, ListingLink, StoredListing
from pipeline.store import Store, StoredPages

SITEMAP = "https://meds.is/sitemap-pages-1.xml"
INDEX = "https://meds.is/en/conditions/"
PAGE = "https://meds.is/en/conditions/tacrolimus-lupus"
DAY1, DAY2, DAY3 = (
    "2025-01-01T00:00:00+00:00",
    "2025-01-02T00:00:00+00:00",
    "2025-01-03T00:00:00+00:00",
)


def whole(
    url: str, body_hash: str, *links: ListingLink, at: str = DAY1, etag: str = '"a"'
) -> Listing:
    kind = "urlset" if url.endswith(".xml") else "index"
    return Listing(url, kind, at, etag, "Wed, 01 Jan 2025 00:00:00 GMT", body_hash, links)


def not_modified(url: str, at: str, etag: str | None = None) -> Listing:
    return Listing(url, "index", at, etag)


def row(store: Store, url: str) -> dict[str, object]:
    found = dict(store.db.table("listings").get(url))
    found["links"] = json.loads(str(found["links"]))
    return found


def test_a_listing_read_whole_is_stored_with_its_links_in_order(store: Store) -> None:
    run = store.start_run({})
    links = (ListingLink(PAGE, "2024-05-01"), ListingLink(f"{PAGE}-2"))
    counts = store.save_listings(run, [whole(SITEMAP, "h1", *links)])
    assert counts == ListingCounts(new=1)
    stored = row(store, SITEMAP)
    assert (stored["kind"], stored["etag"], stored["content_hash"]) == ("urlset", '"a"', "h1")
    assert (stored["last_seen"], stored["last_changed"], stored["last_run_id"]) == (DAY1, DAY1, run)
    assert stored["links"] == [
        {"loc": PAGE, "lastmod": "2024-05-01"},
        {"loc": f"{PAGE}-2", "lastmod": None},
    ]


def test_a_304_moves_only_when_it_was_seen_and_keeps_the_links(store: Store) -> None:
    first, second = store.start_run({}), store.start_run({})
    store.save_listings(first, [whole(INDEX, "h1", ListingLink(PAGE))])
    counts = store.save_listings(second, [not_modified(INDEX, DAY2)])
    assert counts == ListingCounts(not_modified=1)
    stored = row(store, INDEX)
    assert (stored["last_seen"], stored["last_changed"], stored["last_run_id"]) == (
        DAY2,
        DAY1,
        second,
    )
    assert (stored["etag"], stored["content_hash"]) == ('"a"', "h1")  # no ETag sent: kept
    assert stored["links"] == [{"loc": PAGE, "lastmod": None}]


def test_a_304_for_a_listing_never_stored_writes_nothing(store: Store) -> None:
    counts = store.save_listings(store.start_run({}), [not_modified(INDEX, DAY2, '"b"')])
    assert counts == ListingCounts(not_modified=0)
    assert store.db.table("listings").count == 0


def test_a_changed_listing_replaces_its_links_and_moves_last_changed(store: Store) -> None:
    run = store.start_run({})
    store.save_listings(run, [whole(INDEX, "h1", ListingLink(PAGE), ListingLink(f"{PAGE}-old"))])
    changed = whole(INDEX, "h2", ListingLink(f"{PAGE}-new"), ListingLink(PAGE), at=DAY2, etag='"b"')
    assert store.save_listings(run, [changed]) == ListingCounts(changed=1)
    stored = row(store, INDEX)
    assert [link["loc"] for link in stored["links"]] == [f"{PAGE}-new", PAGE]  # type: ignore[index]
    assert (stored["etag"], stored["last_changed"], stored["content_hash"]) == ('"b"', DAY2, "h2")


def test_the_same_body_again_keeps_last_changed(store: Store) -> None:
    run = store.start_run({})
    store.save_listings(run, [whole(INDEX, "h1", ListingLink(PAGE))])
    again = whole(INDEX, "h1", ListingLink(PAGE), at=DAY3, etag='"c"')
    assert store.save_listings(run, [again]) == ListingCounts(unchanged=1)
    stored = row(store, INDEX)
    assert (stored["last_seen"], stored["last_changed"], stored["etag"]) == (DAY3, DAY1, '"c"')


def test_a_listing_seen_twice_in_a_batch_keeps_the_last_sighting(store: Store) -> None:
    run = store.start_run({})
    batch = [whole(INDEX, "h1", ListingLink(PAGE)), whole(INDEX, "h2", at=DAY2)]
    assert store.save_listings(run, batch) == ListingCounts(new=1)
    assert (row(store, INDEX)["content_hash"], row(store, INDEX)["links"]) == ("h2", [])


def test_the_spiders_view_gives_validators_and_links_back(tmp_path: Path) -> None:
    path = tmp_path / "medscrape.db"
    with Store(path) as store:
        run = store.start_run({})
        store.save_listings(run, [whole(SITEMAP, "h1", ListingLink(PAGE, "2024-05-01"))])
        store.save_listings(run, [Listing(INDEX, "index", DAY1, None, None, "h2", ())])
    stored = StoredPages(path)
    try:
        known = stored.listings.known()
        assert known == {
            SITEMAP: StoredListing("urlset", '"a"', "Wed, 01 Jan 2025 00:00:00 GMT"),
            INDEX: StoredListing("index", None, None),
        }
        assert known[SITEMAP].conditional_headers() == {
            "If-None-Match": '"a"',
            "If-Modified-Since": "Wed, 01 Jan 2025 00:00:00 GMT",
        }
        assert known[INDEX].conditional_headers() == {}  # nothing to ask with: fetched whole
        assert stored.listings.links(SITEMAP) == (ListingLink(PAGE, "2024-05-01"),)
        assert stored.listings.links(INDEX) == ()
        assert stored.listings.links(PAGE) is None
    finally:
        stored.close()


@pytest.mark.parametrize("path", ["", "missing.db"])
def test_no_database_knows_no_listings(tmp_path: Path, path: str) -> None:
    stored = StoredPages(tmp_path / path if path else "")
    assert (stored.listings.known(), stored.listings.links(INDEX)) == ({}, None)
