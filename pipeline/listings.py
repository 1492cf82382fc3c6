"""Listings: robots.txt, sitemaps and index pages, kept so a re-crawl asks for them conditionally.

A listing is only read for what it points at: the sitemaps robots.txt names, a sitemap's entries
(``loc`` and ``lastmod``), an index page's links. The ``listings`` table (migration 8) keeps, per
URL, the validators the site sent (``etag``, ``last_modified``), the sha256 of the body, when it
was last seen and last changed, and those links as JSON. A re-crawl sends If-None-Match /
If-Modified-Since; on a 304 the spider replays the stored links, so discovery goes on exactly as
if the body had come again. A listing fetched whole replaces its stored links.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlite_utils import Database

from pipeline.sqlite import IN_JSON, rows_or_none_yet

ListingKind = Literal["robots", "sitemapindex", "urlset", "index"]


@dataclass(frozen=True, slots=True)
class ListingLink:
    """One thing a listing points at: a URL, and a sitemap entry's lastmod where it gives one."""

    loc: str
    lastmod: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """A robots.txt, sitemap or index page as one crawl saw it.

    Fetched whole: ``content_hash`` and ``links`` are what it holds now. Answered 304:
    ``content_hash`` is None and the stored links stand; only when it was seen moves.
    """

    url: str
    kind: ListingKind
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    links: tuple[ListingLink, ...] = ()

    @property
    def not_modified(self) -> bool:
        return self.content_hash is None


@dataclass(frozen=True, slots=True)
class StoredListing:
    """A listing as a re-crawl sees it before asking: what it was and its validators."""

    kind: ListingKind
    etag: str | None
    last_modified: str | None

    def conditional_headers(self) -> dict[str, str]:
        """If-None-Match / If-Modified-Since from what the site sent last time."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(slots=True)
class ListingCounts:
    """How a batch of listings compared with what was stored."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    not_modified: int = 0


_SELECT_HASHES = f"SELECT url, content_hash FROM listings WHERE url {IN_JSON}"
_UPSERT = """
INSERT INTO listings
    (url, kind, etag, last_modified, content_hash, last_seen, last_changed, last_run_id, links)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET
    kind = excluded.kind,
    etag = excluded.etag,
    last_modified = excluded.last_modified,
    last_seen = excluded.last_seen,
    last_run_id = excluded.last_run_id,
    links = excluded.links,
    last_changed = CASE WHEN content_hash = excluded.content_hash
                        THEN last_changed ELSE excluded.last_changed END,
    content_hash = excluded.content_hash
"""
_TOUCH = (
    "UPDATE listings SET last_seen = ?, last_run_id = ?, etag = coalesce(?, etag), "
    "last_modified = coalesce(?, last_modified) WHERE url = ?"
)
_SELECT_VALIDATORS = "SELECT url, kind, etag, last_modified FROM listings"
_SELECT_LINKS = "SELECT links FROM listings WHERE url = ?"


def save_listings(db: Database, run_id: int, listings: Iterable[Listing]) -> ListingCounts:
    """Write a batch of listings in one transaction: a whole one is upserted with its links (its
    ``last_changed`` moves only when its content hash does); a 304 only moves ``last_seen``
    and the run. A URL seen twice in the batch keeps its last sighting."""
    latest = {listing.url: listing for listing in listings}
    whole = [item for item in latest.values() if not item.not_modified]
    touched = [item for item in latest.values() if item.not_modified]
    counts = ListingCounts()
    with db.atomic():
        stored = dict(db.execute(_SELECT_HASHES, [json.dumps([i.url for i in whole])]).fetchall())
        for item in whole:
            if item.url not in stored:
                counts.new += 1
            elif stored[item.url] == item.content_hash:
                counts.unchanged += 1
            else:
                counts.changed += 1
        db.conn.executemany(_UPSERT, [_row(run_id, item) for item in whole])
        before = db.conn.total_changes
        db.conn.executemany(
            _TOUCH,
            [(i.fetched_at, run_id, i.etag, i.last_modified, i.url) for i in touched],
        )
        counts.not_modified = db.conn.total_changes - before
    return counts


def _row(run_id: int, item: Listing) -> tuple[Any, ...]:
    links = json.dumps([{"loc": link.loc, "lastmod": link.lastmod} for link in item.links])
    return (
        item.url,
        item.kind,
        item.etag,
        item.last_modified,
        item.content_hash,
        item.fetched_at,
        item.fetched_at,
        run_id,
        links,
    )


class StoredListings:
    """The listings a crawl already knows, read through the spider's read-only connection."""

    def __init__(self, conn: sqlite3.Connection | None) -> None:
        self._conn = conn

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """[] with no database or no listings table (a first crawl, an older database)."""
        return rows_or_none_yet(self._conn, sql, params)

    def known(self) -> dict[str, StoredListing]:
        """Each stored listing's kind and validators, by URL."""
        return {
            url: StoredListing(kind, etag, modified)
            for url, kind, etag, modified in self._rows(_SELECT_VALIDATORS)
        }

    def links(self, url: str) -> tuple[ListingLink, ...] | None:
        """What a stored listing pointed at, in order; None when it is not stored."""
        rows = self._rows(_SELECT_LINKS, [url])
        if not rows:
            return None
        return tuple(ListingLink(e["loc"], e.get("lastmod")) for e in json.loads(rows[0][0]))
