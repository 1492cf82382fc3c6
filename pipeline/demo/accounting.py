"""A crawl run's accounting, read back from its database: which outcome each URL ended in.

Every URL a crawl discovers ends in one of four outcomes: stored (``pages``), rejected
(``rejects`` with the HTML fetched), a fetch error (``fetch_errors``) or skipped (``rejects``
without HTML: discovered, deliberately not fetched). :func:`account` reads them for one run,
and what the run discovered from its own records, independently of the spider's code: every
page-pattern link its listings (robots.txt, sitemaps, index pages) list, and every ``<a href>``
and ``<link rel=canonical>`` in the HTML it kept (stored pages and rejects). The fault-mix test
and ``benchmarks/faults.py`` hold a crawl to it: nothing lost, nothing counted twice.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from sqlite_utils import Database

from pipeline.outcome import page_key

OUTCOMES = ("stored", "rejected", "fetch_error", "skipped")
_RUN_SQL = {
    "stored": "SELECT url, 'stored' FROM pages WHERE last_run_id = ?",
    "rejected": "SELECT url, reason FROM rejects WHERE run_id = ? AND html IS NOT NULL",
    "fetch_error": "SELECT url, error FROM fetch_errors WHERE run_id = ?",
    "skipped": "SELECT url, reason FROM rejects WHERE run_id = ? AND html IS NULL",
}


@dataclass
class Account:
    """One run's outcomes by URL, its counts as recorded, and the page URLs it discovered."""

    run: dict[str, Any]
    outcomes: dict[str, list[str]] = field(default_factory=dict)  # url → outcomes recorded
    reasons: dict[str, Counter[str]] = field(default_factory=dict)  # outcome → reason → URLs
    discovered: set[str] = field(default_factory=set)
    listings: set[str] = field(default_factory=set)  # robots.txt, sitemaps, index pages read

    def urls(self, outcome: str) -> set[str]:
        return {url for url, found in self.outcomes.items() if outcome in found}

    def doubled(self) -> dict[str, list[str]]:
        """URLs recorded in more than one outcome."""
        return {url: found for url, found in self.outcomes.items() if len(found) > 1}

    def lost(self) -> set[str]:
        """Discovered URLs in no outcome at all."""
        return self.discovered - set(self.outcomes)

    def unaccounted(self, asked: set[str]) -> set[str]:
        """Of the URLs a site was asked for, those neither in an outcome (under the page's key:
        ``…/page/`` is ``…/page``) nor read as a listing (a redirect's hops aside, which the
        caller leaves out)."""
        keyed = {url if url in self.listings else page_key(url) for url in asked}
        return keyed - set(self.outcomes) - self.listings

    def counted(self) -> dict[str, int]:
        """The run row's count of each outcome."""
        run = self.run
        stored = run["pages_stored"] + run["pages_unchanged"] + run["pages_not_modified"]
        return {
            "stored": stored,
            "rejected": run["pages_rejected"],
            "fetch_error": run["fetch_errors"],
            "skipped": run["pages_skipped"],
        }

    def recorded(self) -> dict[str, int]:
        """The URLs in each outcome's table for the run."""
        return {outcome: len(self.urls(outcome)) for outcome in OUTCOMES}


def account(db: Database, run_id: int, page_pattern: str) -> Account:
    """The accounting of run ``run_id``; ``page_pattern`` is the spider's page-path regex."""
    found = Account(dict(db.table("crawl_runs").get(run_id)))
    for outcome, sql in _RUN_SQL.items():
        reasons: Counter[str] = Counter()
        for url, reason in db.execute(sql, [run_id]).fetchall():
            found.outcomes.setdefault(url, []).append(outcome)
            reasons[reason_code(reason)] += 1
        found.reasons[outcome] = reasons
    pattern = re.compile(page_pattern)
    links = [*_listed(db, run_id), *_linked(db, run_id)]
    # Outcomes are recorded under the page's key: …/page/ and …/page are one page.
    found.discovered = {page_key(url) for url in links if pattern.search(urlsplit(url).path)}
    listed = db.execute("SELECT url FROM listings WHERE last_run_id = ?", [run_id]).fetchall()
    found.listings = {url for (url,) in listed}
    return found


def reason_code(text: str) -> str:
    """The kind of an outcome's reason: 'HTTP 503', 'redirect_loop', 'DownloadTimeoutError'."""
    return text if text.startswith("HTTP ") else text.split(":", 1)[0]


def _listed(db: Database, run_id: int) -> Iterator[str]:
    rows = db.execute("SELECT links FROM listings WHERE last_run_id = ?", [run_id]).fetchall()
    for (links,) in rows:
        for link in json.loads(links or "[]"):
            yield link["loc"].split("#")[0]


def _linked(db: Database, run_id: int) -> Iterator[str]:
    kept = db.execute(
        "SELECT r.url, r.body FROM raw_html r JOIN pages p ON p.url = r.url "
        "WHERE p.last_run_id = ? UNION ALL "
        "SELECT url, html FROM rejects WHERE run_id = ? AND html IS NOT NULL",
        [run_id, run_id],
    ).fetchall()
    for url, body in kept:
        yield from links_in(zlib.decompress(body), url)


def links_in(body: bytes, url: str) -> list[str]:
    """The absolute URLs of a page's ``<a href>`` and ``<link rel=canonical>`` (no fragment)."""
    reader = _Links()
    reader.feed(body.decode("utf-8", "replace"))
    reader.close()
    return [urljoin(url, href.strip()).split("#")[0] for href in reader.hrefs]


class _Links(HTMLParser):
    """Collects hrefs; a streaming parser, so 10,000 nested divs cost nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        href = values.get("href")
        canonical = tag == "link" and "canonical" in (values.get("rel") or "").lower().split()
        if href and (tag == "a" or canonical):
            self.hrefs.append(href)
