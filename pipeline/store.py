"""The SQLite store: parsed pages, their raw HTML, rejects and crawl bookkeeping.

The database is the one people query with sqlite-utils and Datasette; the schema lives in
:mod:`pipeline.migrations` and derives from the pydantic models.

Writes are batched: :meth:`Store.save_pages` takes a list of fetched pages and writes them in one
transaction. A page whose ``content_hash`` is unchanged only has its fetch bookkeeping updated
(``fetched_at``, ``last_run_id``, ``http_status``); nothing else is rewritten, so the full-text
index and ``raw_html`` are untouched and ``raw_html`` always holds the bytes the stored content
was parsed from (their sha256 is ``pages.html_hash``).

Who writes what (all SQL parametrised; identifiers come from this module and the models):

- sqlite-utils: the schema (see :mod:`pipeline.migrations`), crawl runs, rejects, fetch errors
  and every read.
- The per-page hot path of :meth:`Store.save_pages` runs statements built once, at import, from
  the same model-derived column lists: ``executemany`` of prepared upserts (``pages``,
  ``raw_html``, ``drugs``, ``conditions``) and inserts (``related_articles``, about 49 rows a
  page), and for ``sections`` / ``subsections`` one ``INSERT … SELECT … FROM json_each(?)`` per
  table per batch: FTS5 flushes its pending index at the end of every statement, so one
  statement per batch keeps the triggers' index writes in few, large segments. Going through
  sqlite-utils' ``insert_all`` / ``upsert_all`` here (per-call introspection, per-value JSON
  checks, at most 999 variables a statement) measured about 30% slower.
- Change history, in the same transaction: every new or changed page is logged in
  ``page_changes`` (one ``INSERT … json_each`` per batch), a page whose content hash moved has
  its previous title and sections copied into ``page_versions`` before its rows are replaced,
  and pages marked removed or revived are logged where that happens. An unchanged page logs
  nothing.
- Hashing and zlib run on a worker thread (both release the GIL) and a second connection
  checkpoints the WAL in the background, so neither stalls the writer.

Opening the file, its pragmas and migrations, the background checkpointer and the statement
builders live in :mod:`pipeline.sqlite`; :class:`StoreError` is defined there and exported here.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel
from sqlite_utils import Database
from sqlite_utils.db import NotFoundError, Table

from pipeline.history import section_changes
from pipeline.listings import Listing, ListingCounts, StoredListings, save_listings
from pipeline.migrations import (
    MODEL_TABLES,
    PAGE_CONCEPT_COLUMNS,
    VALIDATOR_COLUMNS,
    json_columns,
)
from pipeline.monitor import OK_FINISH_REASONS
from pipeline.sqlite import (
    IN_JSON,
    Checkpointer,
    columns_sql,
    delete_sql,
    insert_json_sql,
    open_file,
    open_read_only,
    prepare,
    rows_or_none_yet,
    upsert_sql,
)
from pipeline.sqlite import StoreError as StoreError
from schemas import Finding, Page, RelatedArticle, Section

if TYPE_CHECKING:
    from pipeline.canonical import UnknownTerm
    from pipeline.vocabulary import Concept

log = logging.getLogger(__name__)

DEFAULT_PATH = Path("output/medscrape.db")

#: zlib level for raw HTML and rejects' HTML (compression runs on a worker thread).
ZLIB_LEVEL = 1

#: The tables :meth:`Store.counts` reports (the FTS shadow tables are left out).
TABLES = (
    "pages",
    "sections",
    "subsections",
    "related_articles",
    "drugs",
    "conditions",
    "side_effects",
    "unknown_term_pages",
    "crawl_runs",
    "rejects",
    "fetch_errors",
    "raw_html",
    "page_versions",
    "page_changes",
)

#: The per-run counters :meth:`Store.finish_run` accepts (columns of ``crawl_runs``).
RUN_COUNTERS = frozenset(
    {
        "pages_stored",  # new + changed
        "pages_new",
        "pages_changed",
        "pages_unchanged",
        "pages_not_modified",
        "pages_fetched",
        "pages_seen",
        "pages_removed",
        "pages_not_due",
        "pages_resumed",  # not asked again: the interrupted run this one resumes settled them
        "pages_rejected",
        "pages_skipped",  # discovered, not fetched: robots, off-pattern, off-site, refused
        "fetch_errors",
        "requests",
        "bytes_received",
    }
)
#: The JSON details :meth:`Store.finish_run` accepts (columns of ``crawl_runs``).
RUN_DETAILS = frozenset({"http_status_counts", "section_coverage", "checks", "breaches"})


@dataclass(frozen=True, slots=True)
class Fetched:
    """A parsed page with what the fetch brought: raw bytes, status, time and content type."""

    page: Page
    html: bytes
    http_status: int
    fetched_at: str
    content_type: str | None = None
    #: From normalization: names to queue for review, and every concept the page names.
    unknown: tuple[UnknownTerm, ...] = ()
    concepts: tuple[Concept, ...] = ()
    #: Validators for the next, conditional fetch, and the sitemap's date for the page.
    validators: Validators | None = None
    #: The URL fetched, where it is not the page's (``…/page/`` stored as ``…/page``).
    fetched_url: str | None = None


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional re-fetch sends back (ETag, Last-Modified), and the sitemap's lastmod."""

    etag: str | None = None
    last_modified: str | None = None
    sitemap_lastmod: str | None = None

    def row(self) -> tuple[str | None, str | None, str | None]:
        return (self.etag, self.last_modified, self.sitemap_lastmod)


@dataclass(frozen=True, slots=True)
class Known:
    """A stored page as a re-crawl sees it: its validators and when it was last seen."""

    validators: Validators
    seen_at: str | None = None  # the last fetch, 304 or sitemap check (ISO 8601, UTC)
    failing: bool = False  # a fetch failed since: it must be asked again, whatever its dates


@dataclass(frozen=True, slots=True)
class NotModified:
    """A page the site says has not changed (HTTP 304), or whose sitemap date is not newer."""

    url: str
    fetched_at: str
    validators: Validators | None = None


@dataclass(frozen=True, slots=True)
class Reject:
    """A fetched page the parser rejected; its HTML is kept so a later parser can retry."""

    url: str
    reason: str
    detail: str
    html: bytes
    http_status: int | None = None
    reasons: tuple[Finding, ...] = ()  # every reason (code + message); default: just `reason`


@dataclass(frozen=True, slots=True)
class FetchError:
    """A URL that could not be fetched (HTTP error status, or None for a network failure)."""

    url: str
    status: int | None
    error: str
    attempts: int = 1


@dataclass(slots=True)
class SaveResult:
    """How many pages of a batch were new, changed or unchanged."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def stored(self) -> int:
        """Pages whose rows were (re)written: new plus changed."""
        return self.new + self.changed

    @property
    def total(self) -> int:
        """Every page of the batch (after de-duplication by URL)."""
        return self.new + self.changed + self.unchanged

    def __add__(self, other: SaveResult) -> SaveResult:
        return SaveResult(
            self.new + other.new,
            self.changed + other.changed,
            self.unchanged + other.unchanged,
        )


class RawPage(NamedTuple):
    """One stored page's raw HTML, decompressed, for re-parsing offline."""

    url: str
    html: bytes
    content_type: str | None
    fetched_url: str | None = None  # where it was fetched, when known (relative links)


def utc_now() -> str:
    """The current time as ISO-8601 UTC, the format of every timestamp the store writes."""
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- rows ---------------------------------------------------------------------------------


class _Fields:
    """Reads a model-derived table's column values off a model instance.

    Values are read as attributes (no ``model_dump`` per row); JSON columns (lists, dicts,
    nested models) are encoded here, so every write path binds plain SQLite values.
    """

    def __init__(self, table: str) -> None:
        model, exclude, rename = MODEL_TABLES[table]
        sources = [name for name in model.model_fields if name not in exclude]
        self.columns: list[str] = [rename.get(name, name) for name in sources]
        encoded = json_columns(table)
        self._json = [i for i, column in enumerate(self.columns) if column in encoded]
        getter = attrgetter(*sources)
        self._get: Callable[[Any], tuple[Any, ...]] = (
            getter if len(sources) > 1 else lambda model: (getter(model),)
        )

    @property
    def plain(self) -> Callable[[Any], tuple[Any, ...]] | None:
        """The bare attribute getter when no column needs encoding (the fast path), else None."""
        return None if self._json else self._get

    def values(self, model: Any) -> tuple[Any, ...]:
        """The values in :attr:`columns` order (of a model, or anything with those attributes)."""
        values = self._get(model)
        if not self._json:
            return values
        encoded = list(values)
        for i in self._json:
            encoded[i] = _json(encoded[i])
        return tuple(encoded)


def _json(value: Any) -> str:
    """JSON text as sqlite-utils writes it (``ensure_ascii=False``); models are dumped first."""
    if isinstance(value, list) and not value:
        return "[]"
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif isinstance(value, list) and isinstance(value[0], BaseModel):
        value = [v.model_dump(mode="json") for v in value]
    return json.dumps(value, ensure_ascii=False)


_PAGE = _Fields("pages")
_SECTION = _Fields("sections")
_SUBSECTION = _Fields("subsections")
_RELATED = _Fields("related_articles")
_DRUG = _Fields("drugs")
_CONDITION = _Fields("conditions")
_SIDE_EFFECT = _Fields("side_effects")
#: The per-page attributes of the page's drug and condition, in PAGE_CONCEPT_COLUMNS order.
_PAGE_CONCEPT = [attrgetter(f"{owner}.{attr}") for owner, attr in PAGE_CONCEPT_COLUMNS.values()]

#: ``pages`` columns in the order :func:`_rows` builds them: keys, fetch bookkeeping, the model.
_PAGE_COLUMNS = [
    "url",
    "drug_slug",
    "condition_slug",
    "html_hash",
    "http_status",
    "fetched_at",
    "first_seen_at",
    "updated_at",
    "last_run_id",
    "removed_at",
    "fetched_url",
    *VALIDATOR_COLUMNS,
    *PAGE_CONCEPT_COLUMNS,
    *_PAGE.columns,
]
_SECTION_COLUMNS = ["page_url", "position", *_SECTION.columns]
_SUBSECTION_COLUMNS = ["page_url", "section_position", "position", *_SUBSECTION.columns]
_RELATED_COLUMNS = ["from_url", "position", *_RELATED.columns]
_RAW_COLUMNS = ["url", "body", "content_type", "fetched_at"]
_VERSION_COLUMNS = [
    "url",
    "run_id",
    "seen_at",
    "old_hash",
    "new_hash",
    "sections_added",
    "sections_removed",
    "sections_changed",
    "title",
    "sections",
]
_CHANGE_COLUMNS = ["url", "run_id", "change", "seen_at", "content_hash"]
_SIDE_EFFECT_COLUMNS = ["page_url", "position", *_SIDE_EFFECT.columns]
_UNKNOWN_COLUMNS = ["kind", "term", "url", "seen_at", "occurrences"]


class _Known(NamedTuple):
    """What the store already has for a URL, read before a batch is written."""

    content_hash: str
    first_seen_at: str
    normalizer_version: str | None
    title: str
    removed_at: str | None


@dataclass(slots=True)
class _Rows:
    """The rows a batch of new or changed pages writes, per table."""

    pages: list[Sequence[Any]]
    sections: list[Sequence[Any]]
    subsections: list[Sequence[Any]]
    related: list[Sequence[Any]]
    drugs: dict[str, Sequence[Any]]
    conditions: dict[str, Sequence[Any]]
    side_effects: list[Sequence[Any]]
    unknown: list[Sequence[Any]]
    new_drugs: dict[str, Sequence[Any]]  # made-up concepts: insert only where missing
    new_conditions: dict[str, Sequence[Any]]


def _rows(
    run_id: int, fetched: list[Fetched], known: dict[str, _Known], hashes: list[str]
) -> _Rows:
    """Every row a batch of new or changed pages writes (raw HTML aside)."""
    rows = _Rows([], [], [], [], {}, {}, [], [], {}, {})
    for f, html_hash in zip(fetched, hashes, strict=True):
        page, url = f.page, f.page.url
        first_seen = known[url].first_seen_at if url in known else f.fetched_at
        _concept_rows(rows, f)
        rows.pages.append(
            (
                url,
                page.drug.slug,
                page.condition.slug,
                html_hash,
                f.http_status,
                f.fetched_at,
                first_seen,
                f.fetched_at,  # updated_at: the content changed as of this fetch
                run_id,
                None,  # removed_at: a page stored again is not removed
                f.fetched_url,  # None (a re-parse): the stored one stays
                *(f.validators or _NO_VALIDATORS).row(),
                *(get(page) for get in _PAGE_CONCEPT),
                *_PAGE.values(page),
            )
        )
        _section_rows(rows, url, page.sections)
        _related_rows(rows, url, page.related)
        rows.side_effects += [
            (url, i, *_SIDE_EFFECT.values(effect)) for i, effect in enumerate(page.side_effects)
        ]
        rows.unknown += [(t.kind, t.term, url, f.fetched_at, t.occurrences) for t in f.unknown]
    return rows


def _concept_rows(rows: _Rows, f: Fetched) -> None:
    """Concept rows: every concept the page names (its own drug and condition among them).

    A curated concept's row is written (the vocabulary is the truth); a concept made up from an
    unknown name only fills a missing row, so it never overwrites a curated one or another
    page's spelling. A page without concepts (not normalized) writes its own drug and condition.
    """
    if not f.concepts:
        drug, condition = f.page.drug, f.page.condition
        rows.drugs[drug.slug] = (drug.slug, *_DRUG.values(drug))
        rows.conditions[condition.slug] = (condition.slug, *_CONDITION.values(condition))
        return
    for concept in f.concepts:
        is_drug = concept.kind == "drug"
        values = (concept.slug, *(_DRUG if is_drug else _CONDITION).values(concept))
        if concept.curated:
            (rows.drugs if is_drug else rows.conditions)[concept.slug] = values
        else:
            (rows.new_drugs if is_drug else rows.new_conditions).setdefault(concept.slug, values)


def _section_rows(rows: _Rows, url: str, sections: list[Section]) -> None:
    for position, section in enumerate(sections):
        rows.sections.append((url, position, *_SECTION.values(section)))
        for sub_position, sub in enumerate(section.subsections):
            rows.subsections.append((url, position, sub_position, *_SUBSECTION.values(sub)))


def _related_rows(rows: _Rows, url: str, related: list[RelatedArticle]) -> None:
    """Related links keep their page position; a repeated target keeps its first link."""
    values = _RELATED.plain or _RELATED.values  # ~49 rows a page: the bare getter if it can
    targets = {link.url for link in related}
    if len(targets) == len(related):  # the parser already drops repeats: the usual case
        rows.related += [(url, i, *values(link)) for i, link in enumerate(related)]
        return
    seen: set[str] = set()
    for position, link in enumerate(related):
        if link.url not in seen:
            seen.add(link.url)
            rows.related.append((url, position, *values(link)))


def _compress(html: bytes) -> bytes:
    return zlib.compress(html, ZLIB_LEVEL)


def _compress_all(bodies: list[bytes]) -> list[bytes]:
    return [_compress(body) for body in bodies]


def _hash_all(bodies: list[bytes]) -> list[str]:
    return [sha256(body).hexdigest() for body in bodies]


def _edited(known: _Known | None, page: Page) -> bool:
    """A stored page whose content hash moved: a new version (a new normalizer alone is not)."""
    return known is not None and known.content_hash != page.content_hash


def _change_rows(
    run_id: int, seen_at: str, pages: list[Fetched], known: dict[str, _Known]
) -> list[Sequence[Any]]:
    """``page_changes`` rows of the new and rewritten pages: added, or changed (a new version)."""
    rows: list[Sequence[Any]] = []
    for f in pages:
        page, was = f.page, known.get(f.page.url)
        if was is None or _edited(was, page):
            change = "added" if was is None else "changed"
            rows.append((page.url, run_id, change, seen_at, page.content_hash))
    return rows


def _version_row(
    run_id: int, seen_at: str, was: _Known, page: Page, before: list[dict[str, Any]]
) -> Sequence[Any]:
    """A ``page_versions`` row: the previous title and sections, and the kinds that changed."""
    after = [section.model_dump(mode="json") for section in page.sections]
    changes = section_changes(before, after)
    return (
        page.url,
        run_id,
        seen_at,
        was.content_hash,
        page.content_hash,
        *(json.dumps(kinds) for kinds in changes),
        was.title,
        json.dumps(before, ensure_ascii=False),
    )


# --- statements ---------------------------------------------------------------------------


_DRUG_COLUMNS = ["slug", *_DRUG.columns]
_CONDITION_COLUMNS = ["slug", *_CONDITION.columns]
_UPSERT_DRUGS = upsert_sql("drugs", _DRUG_COLUMNS, ["slug"])
_UPSERT_CONDITIONS = upsert_sql("conditions", _CONDITION_COLUMNS, ["slug"])
_INSERT_NEW_DRUGS = (
    f"INSERT OR IGNORE INTO drugs ({columns_sql(_DRUG_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _DRUG_COLUMNS)})"
)
_INSERT_NEW_CONDITIONS = (
    f"INSERT OR IGNORE INTO conditions ({columns_sql(_CONDITION_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _CONDITION_COLUMNS)})"
)
# Re-parsing stored HTML brings no validators: the stored ones stay for the next crawl.
_UPSERT_PAGES = upsert_sql(
    "pages", _PAGE_COLUMNS, ["url"], keep=[*VALIDATOR_COLUMNS, "fetched_url"]
)
_UPSERT_RAW = upsert_sql("raw_html", _RAW_COLUMNS, ["url"])
#: Children before parents' rows are rewritten; subsections first (they hang off sections).
_DELETE_CHILDREN = [
    delete_sql("subsections", "page_url"),
    delete_sql("sections", "page_url"),
    delete_sql("related_articles", "from_url"),
    delete_sql("side_effects", "page_url"),
    delete_sql("unknown_term_pages", "url"),
]
_DELETE_REJECTS = delete_sql("rejects", "url")
_INSERT_SECTIONS = insert_json_sql("sections", _SECTION_COLUMNS)
_INSERT_SUBSECTIONS = insert_json_sql("subsections", _SUBSECTION_COLUMNS)
_INSERT_RELATED = (
    f"INSERT INTO related_articles ({columns_sql(_RELATED_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _RELATED_COLUMNS)})"
)
_INSERT_SIDE_EFFECTS = insert_json_sql("side_effects", _SIDE_EFFECT_COLUMNS)
_INSERT_VERSIONS = (
    f"INSERT INTO page_versions ({columns_sql(_VERSION_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _VERSION_COLUMNS)})"
)
_INSERT_CHANGES = insert_json_sql("page_changes", _CHANGE_COLUMNS)
# A removed page fetched again (stored, or answered 304) is revived: logged before the write.
_LOG_REVIVED = f"""
INSERT INTO page_changes ({columns_sql(_CHANGE_COLUMNS)})
SELECT url, ?, 'revived', ?, content_hash FROM pages WHERE removed_at IS NOT NULL AND url {IN_JSON}
"""
_SELECT_SECTIONS = f"SELECT * FROM sections WHERE page_url {IN_JSON} ORDER BY page_url, position"
_SELECT_SUBSECTIONS = (
    f"SELECT * FROM subsections WHERE page_url {IN_JSON} "
    "ORDER BY page_url, section_position, position"
)
_INSERT_UNKNOWN = insert_json_sql("unknown_term_pages", _UNKNOWN_COLUMNS)
_SELECT_UNKNOWN_SEEN = (
    f"SELECT kind, term, url, seen_at FROM unknown_term_pages WHERE url {IN_JSON}"
)
_SELECT_KNOWN = (
    "SELECT url, content_hash, first_seen_at, normalizer_version, title, removed_at "
    f"FROM pages WHERE url {IN_JSON}"
)
_TOUCH_UNCHANGED = (
    "UPDATE pages SET fetched_at = ?, last_run_id = ?, http_status = ?, removed_at = NULL, "
    "fetched_url = coalesce(?, fetched_url), "
    "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
    "sitemap_lastmod = coalesce(?, sitemap_lastmod) WHERE url = ?"
)
_TOUCH_NOT_MODIFIED = (
    "UPDATE pages SET fetched_at = ?, last_run_id = ?, removed_at = NULL, "
    "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
    "sitemap_lastmod = coalesce(?, sitemap_lastmod) WHERE url = ?"
)
_SELECT_RAW = (
    "SELECT r.url, r.body, r.content_type, p.fetched_url FROM raw_html r "
    "LEFT JOIN pages p ON p.url = r.url WHERE r.url > ? ORDER BY r.url LIMIT ?"
)
_SELECT_RECRAWL = """
SELECT p.url, p.etag, p.last_modified, p.sitemap_lastmod, p.fetched_at,
       EXISTS (SELECT 1 FROM fetch_errors e WHERE e.url = p.url AND e.seen_at > p.fetched_at)
FROM pages p WHERE p.removed_at IS NULL
"""
_MARK_UNLISTED = f"""
UPDATE pages SET removed_at = ? WHERE removed_at IS NULL AND url {IN_JSON}
RETURNING url, content_hash"""
#: HTTP statuses that say a page is gone.
GONE_STATUSES = frozenset({404, 410})
# Pages gone in this run that were also gone in an earlier run, with no good fetch since then.
_MARK_REMOVED = f"""
UPDATE pages SET removed_at = ?
WHERE removed_at IS NULL AND url {IN_JSON} AND EXISTS (
    SELECT 1 FROM fetch_errors e
    WHERE e.url = pages.url AND e.run_id != ?
      AND e.status IN ({", ".join(str(status) for status in sorted(GONE_STATUSES))})
      AND e.seen_at >= pages.fetched_at
)
RETURNING url, content_hash"""
_COUNT_RUN_PAGES = "SELECT count(*) FROM pages WHERE last_run_id = ? AND removed_at IS NULL"
_COUNT_RUN_KINDS = (
    "SELECT s.kind, count(DISTINCT s.page_url) FROM pages p JOIN sections s ON s.page_url = p.url "
    "WHERE p.last_run_id = ? AND p.removed_at IS NULL GROUP BY s.kind ORDER BY s.kind"
)
_PREVIOUS_OK_CRAWL = (
    "SELECT id, pages_seen FROM crawl_runs WHERE id < ? AND kind = 'crawl' AND status = 'ok' "
    "AND pages_seen IS NOT NULL ORDER BY id DESC LIMIT 1"
)
# Rejects that kept HTML (a skipped URL has none; before schema 2 it had zlib's empty stream).
_SELECT_REJECTED = (
    "SELECT url, html, NULL, NULL FROM rejects WHERE url > ? AND length(html) > 8 "
    "ORDER BY url LIMIT ?"
)


# --- the store ----------------------------------------------------------------------------


class Store:
    """The SQLite store. Open a file (default ``output/medscrape.db``) or wrap a ``Database``.

    Opening sets WAL mode (file databases), turns foreign keys on and applies any missing
    migrations. Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self, path: str | Path | None = None, *, db: Database | None = None, read_only: bool = False
    ) -> None:
        if path is not None and db is not None:
            raise ValueError("give the store a path or a db, not both")
        self.path: Path | None = None
        if db is None:
            self.path = Path(path) if path is not None else DEFAULT_PATH
            # Read-only: opened with mode=ro and never migrated (``medscrape export``).
            db = open_read_only(self.path) if read_only else open_file(self.path)
        self.db = db
        try:
            if not read_only:
                prepare(db, where=str(self.path) if self.path else "the database")
        except BaseException:
            if self.path is not None:
                db.close()
            raise
        self._tables = {name: db.table(name) for name in TABLES}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-worker")
        self._checkpointer = None if read_only else Checkpointer.for_db(db)
        self._run_clock: dict[int, float] = {}  # run id -> monotonic start, for its duration

    def close(self) -> None:
        """Finish background work and close the connection."""
        self._worker.shutdown()
        if self._checkpointer is not None:
            self._checkpointer.close()
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def table(self, name: str) -> Table:
        """One of the store's :data:`TABLES`."""
        return self._tables[name]

    # --- crawl runs --------------------------------------------------------------------

    def start_run(
        self,
        args: dict[str, Any],
        *,
        kind: str = "crawl",
        revision: str | None = None,
        thresholds: dict[str, Any] | None = None,
        resumed_from: int | None = None,
    ) -> int:
        """Record the start of a run: its arguments, kind, the code's revision, the
        thresholds in force (JSON) and the interrupted run it resumes; return the run id."""
        runs = self.table("crawl_runs").insert(
            {
                "started_at": utc_now(),
                "args": _run_json(args, sort=True),
                "kind": kind,
                "git_revision": revision,
                "thresholds": None if thresholds is None else _run_json(thresholds),
                **dict.fromkeys(sorted(RUN_COUNTERS), 0),
                # In the same row as it starts: a resumed run killed at once still chains on.
                **({} if resumed_from is None else {"resumed_from": resumed_from}),
            }
        )
        if runs.last_pk is None:
            raise StoreError("the new crawl run got no id")
        run_id = int(runs.last_pk)
        self._run_clock[run_id] = time.monotonic()
        log.info("crawl run %s started", run_id)
        return run_id

    def finish_run(
        self,
        run_id: int,
        finish_reason: str,
        counts: dict[str, int],
        *,
        status: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Record the end of a run: when, why, how long, its counters (see
        :data:`RUN_COUNTERS`), its status (default: from the finish reason) and JSON details
        (see :data:`RUN_DETAILS`)."""
        details = details or {}
        unknown = (set(counts) - RUN_COUNTERS) | (set(details) - RUN_DETAILS)
        if unknown:
            raise ValueError(f"unknown run counters or details: {', '.join(sorted(unknown))}")
        updates: dict[str, Any] = {
            "finished_at": utc_now(),
            "finish_reason": finish_reason,
            "status": status or ("ok" if finish_reason in OK_FINISH_REASONS else "failed"),
        }
        started = self._run_clock.pop(run_id, None)
        if started is not None:
            updates["duration_s"] = round(time.monotonic() - started, 3)
        updates.update(counts)
        updates.update({name: _run_json(value) for name, value in details.items()})
        try:
            self.table("crawl_runs").update(run_id, updates)
        except NotFoundError:
            raise StoreError(f"there is no crawl run {run_id}") from None
        log.info("crawl run %s finished (%s): %s", run_id, finish_reason, counts)

    def run_pages(self, run_id: int) -> tuple[int, dict[str, float]]:
        """The pages a run stored or confirmed (not removed), and per section kind the
        fraction of them having it."""
        (seen,) = self.db.execute(_COUNT_RUN_PAGES, [run_id]).fetchone()
        kinds = self.db.execute(_COUNT_RUN_KINDS, [run_id]).fetchall()
        return seen, {kind: (n / seen if seen else 0.0) for kind, n in kinds}

    def previous_successful_crawl(self, run_id: int) -> tuple[int, int] | None:
        """(id, pages seen) of the last crawl before ``run_id`` that ended ``ok``."""
        row = self.db.execute(_PREVIOUS_OK_CRAWL, [run_id]).fetchone()
        return None if row is None else (int(row[0]), int(row[1]))

    # --- pages -------------------------------------------------------------------------

    def save_pages(
        self, run_id: int, pages: Iterable[Fetched], *, clear_rejects: bool = True
    ) -> SaveResult:
        """Upsert a batch of fetched pages by URL, in one transaction.

        New and changed pages (by ``content_hash``) get all their rows replaced; unchanged pages
        only get ``fetched_at``, ``last_run_id`` and ``http_status`` updated. Any reject row for
        a saved URL is deleted, unless ``clear_rejects`` is False (re-parsing stored HTML: a
        reject from a later fetch is newer than it). A URL given twice keeps its last entry.
        """
        batch = {fetched.page.url: fetched for fetched in pages}
        if not batch:
            return SaveResult()
        with self.db.atomic():
            known = self._known(list(batch))
            new = [f for url, f in batch.items() if url not in known]
            changed = [f for url, f in batch.items() if _changed(known.get(url), f)]
            unchanged = [f for url, f in batch.items() if _unchanged(known.get(url), f)]
            seen_at = utc_now()
            self._log_revived(run_id, seen_at, [u for u, k in known.items() if k.removed_at])
            self._write_pages(run_id, new + changed, known, seen_at)
            self._touch(run_id, unchanged)
            if clear_rejects:
                self._delete_in(_DELETE_REJECTS, list(batch))
        if self._checkpointer is not None and (new or changed):
            self._checkpointer.kick()
        result = SaveResult(len(new), len(changed), len(unchanged))
        log.debug(
            "run %s: saved %s pages (%s new, %s changed, %s unchanged)",
            run_id,
            result.total,
            result.new,
            result.changed,
            result.unchanged,
        )
        return result

    def _known(self, urls: list[str]) -> dict[str, _Known]:
        """The stored content hash and first-seen time of the URLs already in the store."""
        cursor = self.db.execute(_SELECT_KNOWN, [json.dumps(urls)])
        return {url: _Known(*known) for url, *known in cursor}

    def _touch(self, run_id: int, unchanged: list[Fetched]) -> None:
        """Unchanged pages: only the fetch bookkeeping on their ``pages`` row moves."""
        if unchanged:
            self.db.conn.executemany(
                _TOUCH_UNCHANGED,
                [
                    (
                        f.fetched_at,
                        run_id,
                        f.http_status,
                        f.fetched_url,
                        *_validators(f),
                        f.page.url,
                    )
                    for f in unchanged
                ],
            )

    def _write_pages(
        self, run_id: int, pages: list[Fetched], known: dict[str, _Known], seen_at: str
    ) -> None:
        """New and changed pages: replace every row they own; log them, and keep the previous
        version of those whose content changed."""
        if not pages:
            return
        # hashlib and zlib release the GIL: the worker hashes and compresses the raw HTML
        # while this thread builds rows and SQLite writes them.
        htmls = [f.html for f in pages]
        hashes = self._worker.submit(_hash_all, htmls)
        bodies = self._worker.submit(_compress_all, htmls)
        changed = [f.page.url for f in pages if f.page.url in known]
        rows = _rows(run_id, pages, known, hashes.result())
        versions = self._versions(run_id, seen_at, pages, known)  # before the old rows go
        rows.unknown = self._keep_first_seen(rows.unknown, changed)
        for delete in _DELETE_CHILDREN:
            self._delete_in(delete, changed)
        executemany = self.db.conn.executemany
        executemany(_UPSERT_DRUGS, rows.drugs.values())
        executemany(_UPSERT_CONDITIONS, rows.conditions.values())
        executemany(_INSERT_NEW_DRUGS, rows.new_drugs.values())  # after: curated rows win
        executemany(_INSERT_NEW_CONDITIONS, rows.new_conditions.values())
        executemany(_UPSERT_PAGES, rows.pages)
        self._insert_json(_INSERT_SECTIONS, rows.sections)
        self._insert_json(_INSERT_SUBSECTIONS, rows.subsections)
        executemany(_INSERT_RELATED, rows.related)
        self._insert_json(_INSERT_SIDE_EFFECTS, rows.side_effects)
        self._insert_json(_INSERT_UNKNOWN, rows.unknown)
        executemany(_UPSERT_RAW, _raw_rows(pages, bodies))
        executemany(_INSERT_VERSIONS, versions)
        self._insert_json(_INSERT_CHANGES, _change_rows(run_id, seen_at, pages, known))

    def _versions(
        self, run_id: int, seen_at: str, pages: list[Fetched], known: dict[str, _Known]
    ) -> list[Sequence[Any]]:
        """``page_versions`` rows of the pages whose content changed (see :func:`_edited`)."""
        edited = [f.page for f in pages if _edited(known.get(f.page.url), f.page)]
        if not edited:
            return []
        before = read_sections(self.db, [page.url for page in edited])
        return [
            _version_row(run_id, seen_at, known[page.url], page, before.get(page.url, []))
            for page in edited
        ]

    def _log_revived(self, run_id: int, seen_at: str, urls: list[str]) -> None:
        """Log the pages among ``urls`` marked removed: they are back (call before writing)."""
        if urls:
            self.db.execute(_LOG_REVIVED, [run_id, seen_at, json.dumps(urls)])

    def _keep_first_seen(
        self, unknown: list[Sequence[Any]], changed: list[str]
    ) -> list[Sequence[Any]]:
        """A rewritten page still naming an unknown term keeps when it first named it."""
        if not unknown or not changed:
            return unknown
        cursor = self.db.execute(_SELECT_UNKNOWN_SEEN, [json.dumps(changed)])
        first = {(kind, term, url): seen for kind, term, url, seen in cursor}
        return [(k, t, u, first.get((k, t, u), seen), n) for k, t, u, seen, n in unknown]

    def touch_not_modified(self, run_id: int, pages: Iterable[NotModified]) -> int:
        """Pages the site says are unchanged: only when they were seen (and their validators)
        move; nothing is parsed or rewritten. Returns how many the store knew."""
        rows = [
            (p.fetched_at, run_id, *(p.validators or _NO_VALIDATORS).row(), p.url) for p in pages
        ]
        if not rows:
            return 0
        with self.db.atomic():
            self._log_revived(run_id, utc_now(), [row[-1] for row in rows])
            before = self.db.conn.total_changes
            self.db.conn.executemany(_TOUCH_NOT_MODIFIED, rows)
            return self.db.conn.total_changes - before

    def save_listings(self, run_id: int, listings: Iterable[Listing]) -> ListingCounts:
        """robots.txt, sitemaps and index pages this run saw (see :mod:`pipeline.listings`)."""
        return save_listings(self.db, run_id, listings)

    # --- rejects and fetch errors ------------------------------------------------------

    def save_reject(
        self,
        run_id: int,
        url: str,
        reason: str,
        detail: str,
        html: bytes,
        http_status: int | None = None,
    ) -> None:
        """Record one rejected page (see :meth:`save_rejects`)."""
        self.save_rejects(run_id, [Reject(url, reason, detail, html, http_status)])

    def save_rejects(self, run_id: int, rejects: Iterable[Reject]) -> None:
        """Record rejected pages with every reason and their HTML, compressed; a URL keeps its
        latest reject. ``reason`` is the first reason's code, ``reasons`` all of them (JSON).

        A page that was fetched (it has a status) keeps its HTML even when that is empty: only
        a URL skipped, never fetched, has none (NULL), which is how the two are told apart."""
        seen_at = utc_now()
        rows = [
            (
                r.url,
                r.reason,
                r.detail,
                _reasons_json(r),
                run_id,
                r.http_status,
                seen_at,
                _compress(r.html) if r.html or r.http_status is not None else None,
            )
            for r in rejects
        ]
        columns = [
            "url",
            "reason",
            "detail",
            "reasons",
            "run_id",
            "http_status",
            "seen_at",
            "html",
        ]
        with self.db.atomic():
            self._upsert("rejects", columns, rows, "url")

    def save_fetch_error(
        self, run_id: int, url: str, status: int | None, error: str, attempts: int = 1
    ) -> None:
        """Record one URL that could not be fetched (see :meth:`save_fetch_errors`)."""
        self.save_fetch_errors(run_id, [FetchError(url, status, error, attempts)])

    def save_fetch_errors(self, run_id: int, errors: Iterable[FetchError]) -> int:
        """Record fetch failures: one row per URL and run, the latest wins.

        A stored page answering 404 or 410 in two runs in a row, with no good fetch between, is
        marked removed (``removed_at``) and logged in ``page_changes``, never deleted; a later
        good fetch revives it. Returns how many pages this marked removed.
        """
        seen_at = utc_now()
        errors = list(errors)
        rows = [(e.url, run_id, e.status, e.error, e.attempts, seen_at) for e in errors]
        columns = ["url", "run_id", "status", "error", "attempts", "seen_at"]
        gone = [e.url for e in errors if e.status in GONE_STATUSES]
        with self.db.atomic():
            self._upsert("fetch_errors", columns, rows, ("url", "run_id"))
            if not gone:
                return 0
            marked = self.db.execute(_MARK_REMOVED, [seen_at, json.dumps(gone), run_id]).fetchall()
            self._log_removed(run_id, seen_at, marked)
        return len(marked)

    def mark_unlisted(self, run_id: int, urls: Sequence[str]) -> int:
        """Mark removed (and log in ``page_changes``) the pages the site's sitemaps no longer
        list and nothing links to; a later good fetch revives them. Returns how many."""
        if not urls:
            return 0
        seen_at = utc_now()
        with self.db.atomic():
            marked = self.db.execute(_MARK_UNLISTED, [seen_at, json.dumps(list(urls))]).fetchall()
            self._log_removed(run_id, seen_at, marked)
        return len(marked)

    def _log_removed(self, run_id: int, seen_at: str, marked: list[tuple[str, str]]) -> None:
        removed = [(url, run_id, "removed", seen_at, content) for url, content in marked]
        self._insert_json(_INSERT_CHANGES, removed)

    # --- reading -----------------------------------------------------------------------

    def live_urls(self) -> list[str]:
        """The URLs of every stored page not marked removed."""
        return [url for (url,) in self.db.execute("SELECT url FROM pages WHERE removed_at IS NULL")]

    def raw_pages(self, chunk: int = 500, *, decompress: bool = True) -> Iterator[RawPage]:
        """Every stored page's raw HTML in URL order, for re-parsing.

        Reads in keyset-paginated chunks, so saving re-parsed pages while iterating is safe.
        With ``decompress=False`` the bodies stay zlib-compressed (for worker processes to
        inflate: a third of the bytes to send them).
        """
        return self._bodies(_SELECT_RAW, chunk, decompress)

    def reject_pages(self, chunk: int = 500, *, decompress: bool = True) -> Iterator[RawPage]:
        """Every rejected page that kept its HTML, in URL order (see :meth:`raw_pages`)."""
        return self._bodies(_SELECT_REJECTED, chunk, decompress)

    def fetch_bookkeeping(self, *, rejects: bool = False) -> dict[str, tuple[int, str]]:
        """``{url: (http_status, fetched_at)}`` of the stored pages; with ``rejects``, of the
        rejects too (a stored page keeps its own: re-parsing fetches nothing)."""
        found: dict[str, tuple[int, str]] = {}
        if rejects:
            sql = "SELECT url, coalesce(http_status, 200), seen_at FROM rejects"
            found.update((url, (status, at)) for url, status, at in self.db.execute(sql))
        sql = "SELECT url, http_status, fetched_at FROM pages"
        found.update((url, (status, at)) for url, status, at in self.db.execute(sql))
        return found

    def _bodies(self, sql: str, chunk: int, decompress: bool) -> Iterator[RawPage]:
        after = ""
        while True:
            rows = self.db.execute(sql, [after, chunk]).fetchall()
            for url, body, content_type, fetched_url in rows:
                html = zlib.decompress(body) if decompress else body
                yield RawPage(url, html, content_type, fetched_url)
            if len(rows) < chunk:
                return
            after = rows[-1][0]

    def load_page(self, url: str) -> Page | None:
        """The stored record of a URL rebuilt from its rows (the inverse of :meth:`save_pages`);
        None if the store has no page at that URL."""
        try:
            page = dict(self.table("pages").get(url))
        except NotFoundError:
            return None
        drug = self._concept_row("drugs", page["drug_slug"], ("brands",))
        condition = self._concept_row("conditions", page["condition_slug"], ())
        for column, (owner, attr) in PAGE_CONCEPT_COLUMNS.items():
            (drug if owner == "drug" else condition)[attr] = page[column]
        record = {name: page[name] for name in _PAGE.columns}
        for name in json_columns("pages"):
            record[name] = json.loads(record[name]) if record[name] is not None else []
        return Page.model_validate(
            {
                **record,
                "url": url,
                "drug": drug,
                "condition": condition,
                "sections": self._sections(url),
                "related": [
                    _from_row(row, "related_articles") | {"url": row["to_url"]}
                    for row in self.db.query(
                        "SELECT * FROM related_articles WHERE from_url = ? ORDER BY position",
                        [url],
                    )
                ],
                "side_effects": [
                    _from_row(row, "side_effects")
                    for row in self.db.query(
                        "SELECT * FROM side_effects WHERE page_url = ? ORDER BY position", [url]
                    )
                ],
            }
        )

    def _concept_row(self, table: str, slug: str, json_fields: tuple[str, ...]) -> dict[str, Any]:
        row = _from_row(self.table(table).get(slug), table)
        for name in json_fields:
            row[name] = row.get(name) or []
        return row

    def _sections(self, url: str) -> list[dict[str, Any]]:
        return read_sections(self.db, [url]).get(url, [])

    def reject_html(self, url: str) -> bytes | None:
        """The HTML kept with a URL's reject, decompressed; None if it has no reject."""
        row = self.db.execute("SELECT html FROM rejects WHERE url = ?", [url]).fetchone()
        return None if row is None or row[0] is None else zlib.decompress(row[0])

    def prune_concepts(self) -> int:
        """Delete drug and condition rows no page or related link names any more (after a
        re-normalization renamed them); return how many went."""
        deleted = 0
        with self.db.atomic():
            for table, column in (("drugs", "drug_slug"), ("conditions", "condition_slug")):
                cursor = self.db.execute(
                    f"DELETE FROM {table} WHERE slug NOT IN "  # names: from this method
                    f"(SELECT {column} FROM pages WHERE {column} IS NOT NULL) "
                    f"AND slug NOT IN (SELECT {column} FROM related_articles "
                    f"WHERE {column} IS NOT NULL)"
                )
                deleted += cursor.rowcount
        return deleted

    def counts(self) -> dict[str, int]:
        """Rows per table (see :data:`TABLES`)."""
        return {name: self.table(name).count for name in TABLES}

    # --- helpers -----------------------------------------------------------------------

    def _insert_json(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.db.execute(sql, [json.dumps(rows)])

    def _upsert(
        self,
        table: str,
        columns: list[str],
        rows: Sequence[Sequence[Any]],
        pk: str | tuple[str, ...],
    ) -> None:
        if rows:
            self.table(table).upsert_all([columns, *rows], pk=pk)

    def _delete_in(self, sql: str, values: list[str]) -> None:
        if values:
            self.db.execute(sql, [json.dumps(values)])


def read_sections(db: Database, urls: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The stored sections of pages, by URL, in page order: each the Section model's fields
    with its subsections nested (JSON decoded), as ``Section.model_dump(mode="json")`` gives."""
    urls_json = [json.dumps(list(urls))]
    subsections: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in db.query(_SELECT_SUBSECTIONS, urls_json):
        key = (row["page_url"], row["section_position"])
        subsections.setdefault(key, []).append(_from_row(row, "subsections"))
    found: dict[str, list[dict[str, Any]]] = {}
    for row in db.query(_SELECT_SECTIONS, urls_json):
        nested = subsections.get((row["page_url"], row["position"]), [])
        found.setdefault(row["page_url"], []).append(
            _from_row(row, "sections") | {"subsections": nested}
        )
    return found


def _same(known: _Known, page: Page) -> bool:
    """Same content, normalized by the same code and vocabulary: nothing to rewrite."""
    return (
        known.content_hash == page.content_hash
        and known.normalizer_version == page.normalizer_version
    )


def _row_fields(table: str) -> list[tuple[str, str, bool]]:
    """(model field, column, holds JSON) of a model-derived table, in the model's order."""
    model, exclude, rename = MODEL_TABLES[table]
    encoded = json_columns(table)
    columns = ((name, rename.get(name, name)) for name in model.model_fields if name not in exclude)
    return [(name, column, column in encoded) for name, column in columns]


#: Worked out once, at import, like the writers' column lists (reading rows is per row).
_ROW_FIELDS = {table: _row_fields(table) for table in MODEL_TABLES}


def _from_row(row: dict[str, Any], table: str) -> dict[str, Any]:
    """A model-derived table's row as the model's fields: JSON decoded, renames undone."""
    out: dict[str, Any] = {}
    for name, column, encoded in _ROW_FIELDS[table]:
        if column not in row:
            continue
        value = row[column]
        out[name] = json.loads(value) if encoded and value is not None else value
    return out


def _unchanged(known: _Known | None, fetched: Fetched) -> bool:
    return known is not None and _same(known, fetched.page)


def _changed(known: _Known | None, fetched: Fetched) -> bool:
    return known is not None and not _same(known, fetched.page)


_NO_VALIDATORS = Validators()


def _validators(fetched: Fetched) -> tuple[str | None, str | None, str | None]:
    return (fetched.validators or _NO_VALIDATORS).row()


class StoredPages:
    """What a crawl needs to know of the pages already stored, read from the database file
    opened read-only with one connection (the store writes through another)."""

    def __init__(self, path: str | Path) -> None:
        self._conn: sqlite3.Connection | None = None
        target = Path(path) if path else None
        if target is not None and target.is_file():
            try:
                self._conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
            except sqlite3.Error:
                self._conn = None

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """[] with no database or no such table (a first crawl, a database made before it)."""
        return rows_or_none_yet(self._conn, sql, params)

    def known(self) -> dict[str, Known]:
        """Each stored page's validators and when it was last seen: a page the store knows is
        fetched conditionally, or not at all when it is not due."""
        rows = self._rows(_SELECT_RECRAWL)
        return {
            url: Known(Validators(e, m, lastmod), seen, bool(failing))
            for url, e, m, lastmod, seen, failing in rows
        }

    def related(self, url: str) -> list[str]:
        """The related links stored for a page: what a 304 answer cannot show the spider."""
        rows = self._rows(
            "SELECT to_url FROM related_articles WHERE from_url = ? ORDER BY position", [url]
        )
        return [to_url for (to_url,) in rows]

    @property
    def listings(self) -> StoredListings:
        """The stored robots.txt, sitemaps and index pages, through the same connection."""
        return StoredListings(self._conn)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _run_json(value: Any, *, sort: bool = False) -> str:
    return json.dumps(value, sort_keys=sort, default=str, ensure_ascii=False)


def _reasons_json(reject: Reject) -> str:
    reasons = reject.reasons or (
        Finding(code=reject.reason, message=reject.detail or reject.reason),
    )
    return json.dumps([r.model_dump() for r in reasons], ensure_ascii=False)


def _raw_rows(pages: list[Fetched], bodies: Future[list[bytes]]) -> list[Sequence[Any]]:
    return [
        (f.page.url, body, f.content_type, f.fetched_at)
        for f, body in zip(pages, bodies.result(), strict=True)
    ]
