"""The store's schema, as an ordered list of migrations.

Each migration is a small function ``(db) -> None``; the number of migrations applied is kept in
``PRAGMA user_version``. :func:`migrate` applies the missing ones in order, each in its own
transaction together with the version bump, so a failed migration leaves the previous version.

The record tables derive from the pydantic models in :mod:`schemas.page` (the single schema
source): :func:`model_columns` maps a model's fields to column types, and only keys and
bookkeeping columns are added by hand. A migration that follows a model change should add the
new columns with :func:`add_missing_columns`, which is a no-op where migration 1 (run on a fresh
database, from the current models) already created them.
"""

from __future__ import annotations

import logging
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from sqlite_utils import Database
from sqlite_utils.db import ForeignKey, Table

from schemas import Condition, Drug, Page, RelatedArticle, Section, SideEffect, Subsection

log = logging.getLogger(__name__)

Migration = Callable[[Database], None]

#: Field types stored as themselves; anything else (list, dict, nested model) is JSON text.
_SCALARS: dict[type, type] = {bool: int, int: int, float: float, str: str, bytes: bytes}

#: The tables whose columns derive from a model: table -> (model, fields left out, renames).
#: ``drugs`` and ``conditions`` hold concepts: what is per page (the form, the name as the page
#: wrote it, how it was resolved) lives on ``pages`` (see :data:`PAGE_CONCEPT_COLUMNS`).
MODEL_TABLES: dict[str, tuple[type[BaseModel], frozenset[str], dict[str, str]]] = {
    "pages": (Page, frozenset({"drug", "condition", "sections", "related", "side_effects"}), {}),
    "sections": (Section, frozenset({"subsections"}), {}),
    "subsections": (Subsection, frozenset(), {}),
    "related_articles": (RelatedArticle, frozenset(), {"url": "to_url"}),
    "drugs": (Drug, frozenset({"form", "name_raw", "match"}), {}),
    "conditions": (Condition, frozenset({"name_raw", "match"}), {}),
    "side_effects": (SideEffect, frozenset(), {}),
}

#: Per-page fields of the page's drug and condition: ``pages`` column -> (model field, attribute).
PAGE_CONCEPT_COLUMNS: dict[str, tuple[str, str]] = {
    "drug_form": ("drug", "form"),
    "drug_name_raw": ("drug", "name_raw"),
    "drug_match": ("drug", "match"),
    "condition_name_raw": ("condition", "name_raw"),
    "condition_match": ("condition", "match"),
}

#: Tables with full-text search (porter stemming) and the columns indexed.
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "sections": ("heading", "text"),
    "subsections": ("heading", "text"),
}


class MigrationError(Exception):
    """The database's schema version is one this code cannot handle."""


# --- model -> columns ---------------------------------------------------------------------


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` -> ``(X, True)``; anything else -> ``(annotation, False)``."""
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        args = [a for a in get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(get_args(annotation))
        inner = args[0] if len(args) == 1 else Union[tuple(args)]  # noqa: UP007
        return inner, nullable
    return annotation, False


def is_json(annotation: Any) -> bool:
    """Whether a field of this type is stored as JSON text (list, dict, nested model, union)."""
    inner, _ = _strip_optional(annotation)
    return column_type(inner) is str and not _is_plain_text(inner)


def _is_plain_text(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _is_plain_text(get_args(annotation)[0])
    if origin is Literal:
        return all(isinstance(v, str) for v in get_args(annotation))
    return annotation is str


def column_type(annotation: Any) -> type:
    """The SQLite column type (as sqlite-utils spells it) for a field annotation.

    str -> str, int -> int, float -> float, bool -> int, bytes -> bytes; a Literal takes the
    type of its values; ``X | None`` is X's; lists, dicts, tuples, sets, nested models and
    other unions are ``str`` holding JSON.
    """
    inner, _ = _strip_optional(annotation)
    origin = get_origin(inner)
    if origin is Annotated:
        return column_type(get_args(inner)[0])
    if origin is Literal:
        kinds = {column_type(type(v)) for v in get_args(inner)}
        return kinds.pop() if len(kinds) == 1 else str
    if isinstance(inner, type) and inner in _SCALARS:
        return _SCALARS[inner]
    return str


def model_columns(
    model: type[BaseModel],
    *,
    exclude: Iterable[str] = (),
    rename: Mapping[str, str] | None = None,
) -> dict[str, type]:
    """``{column: type}`` for a model's fields in declaration order, minus ``exclude``."""
    rename = rename or {}
    left_out = set(exclude)
    return {
        rename.get(name, name): column_type(field.annotation)
        for name, field in model.model_fields.items()
        if name not in left_out
    }


def model_not_null(
    model: type[BaseModel],
    *,
    exclude: Iterable[str] = (),
    rename: Mapping[str, str] | None = None,
) -> set[str]:
    """Columns for fields whose type does not admit None: those become ``NOT NULL``."""
    rename = rename or {}
    left_out = set(exclude)
    return {
        rename.get(name, name)
        for name, field in model.model_fields.items()
        if name not in left_out and not _strip_optional(field.annotation)[1]
    }


def json_columns(table: str) -> frozenset[str]:
    """The columns of a model-derived table that hold JSON text."""
    model, exclude, rename = MODEL_TABLES[table]
    return frozenset(
        rename.get(name, name)
        for name, field in model.model_fields.items()
        if name not in exclude and is_json(field.annotation)
    )


def derived_columns(table: str) -> dict[str, type]:
    """The model-derived columns of one of :data:`MODEL_TABLES`."""
    model, exclude, rename = MODEL_TABLES[table]
    return model_columns(model, exclude=exclude, rename=rename)


def _derived_not_null(table: str) -> set[str]:
    model, exclude, rename = MODEL_TABLES[table]
    return model_not_null(model, exclude=exclude, rename=rename)


def add_missing_columns(db: Database, table: str) -> list[str]:
    """Add the model-derived columns a table lacks (for migrations after a model change)."""
    existing = db.table(table).columns_dict
    added = []
    for name, kind in derived_columns(table).items():
        if name not in existing:
            db.table(table).add_column(name, kind)
            added.append(name)
    return added


# --- migration 1 --------------------------------------------------------------------------


def _create(
    db: Database,
    name: str,
    keys: dict[str, type],
    bookkeeping: dict[str, type] | None = None,
    *,
    pk: str | tuple[str, ...],
    foreign_keys: list[ForeignKey] | None = None,
    not_null: Iterable[str] = (),
    column_order: list[str] | None = None,
    without_rowid: bool = False,
) -> Table:
    """Create a table from its keys, its model-derived columns (if any) and bookkeeping.

    Keys and the model's required fields are NOT NULL. ``without_rowid`` stores the rows in the
    primary-key B-tree itself (sqlite-utils renders the CREATE, the clause is appended); note
    that sqlite-utils' ``transform()`` would rebuild such a table as a rowid table.
    """
    columns = dict(keys)
    required = set(keys) | set(not_null)
    if name in MODEL_TABLES:
        columns.update(derived_columns(name))
        required |= _derived_not_null(name)
    columns.update(bookkeeping or {})
    if without_rowid:
        sql = db.create_table_sql(
            name,
            columns,
            pk=pk,
            foreign_keys=foreign_keys or [],
            not_null=required,
            column_order=column_order,
        )
        db.execute(sql.strip().rstrip(";") + " WITHOUT ROWID")
        return db.table(name)
    return db.table(name).create(
        columns,
        pk=pk,
        foreign_keys=foreign_keys or [],
        not_null=required,
        column_order=column_order,
    )


def _fk(table: str, column: str, other: str, other_column: str) -> ForeignKey:
    return ForeignKey(table, column, other, other_column)


def m001_initial(db: Database) -> None:
    """Records, bookkeeping, raw HTML and full-text search."""
    _create(db, "drugs", {}, pk="slug")
    _create(db, "conditions", {}, pk="slug")
    _create(
        db,
        "crawl_runs",
        {"id": int},
        {
            "started_at": str,
            "finished_at": str,
            "args": str,
            "finish_reason": str,
            "pages_stored": int,
            "pages_unchanged": int,
            "pages_rejected": int,
            "fetch_errors": int,
        },
        pk="id",
        not_null=["started_at"],
    )
    _create(
        db,
        "pages",
        {"drug_slug": str, "condition_slug": str},
        {
            "html_hash": str,
            "http_status": int,
            "fetched_at": str,
            "first_seen_at": str,
            "updated_at": str,
            "last_run_id": int,
            "removed_at": str,
        },
        pk="url",
        foreign_keys=[
            _fk("pages", "drug_slug", "drugs", "slug"),
            _fk("pages", "condition_slug", "conditions", "slug"),
            _fk("pages", "last_run_id", "crawl_runs", "id"),
        ],
        not_null=["html_hash", "http_status", "fetched_at", "first_seen_at", "updated_at"],
        column_order=[
            "url",
            "title",
            "lang",
            "drug_slug",
            "condition_slug",
            "content_hash",
            "html_hash",
            "parser_version",
            "http_status",
            "fetched_at",
            "first_seen_at",
            "updated_at",
            "last_run_id",
        ],
    )
    db.table("pages").create_index(["drug_slug"])
    db.table("pages").create_index(["condition_slug"])
    page_fk = [_fk("sections", "page_url", "pages", "url")]
    _create(
        db,
        "sections",
        {"page_url": str, "position": int},
        pk=("page_url", "position"),
        foreign_keys=page_fk,
        column_order=["page_url", "position", "kind"],
    )
    _create(
        db,
        "subsections",
        {"page_url": str, "section_position": int, "position": int},
        pk=("page_url", "section_position", "position"),
        foreign_keys=[_fk("subsections", "page_url", "pages", "url")],
        column_order=["page_url", "section_position", "position", "kind"],
    )
    # ~49 rows a page keyed by two URLs: without a rowid the key is stored once, not twice
    # (table + index), which makes the table a third smaller and inserts ~25% faster.
    _create(
        db,
        "related_articles",
        {"from_url": str, "position": int},
        pk=("from_url", "to_url"),
        foreign_keys=[_fk("related_articles", "from_url", "pages", "url")],
        column_order=["from_url", "to_url", "position"],
        without_rowid=True,
    )
    _create(
        db,
        "rejects",
        {"url": str},
        {
            "reason": str,
            "detail": str,
            "run_id": int,
            "http_status": int,
            "seen_at": str,
            "html": bytes,
        },
        pk="url",
        foreign_keys=[_fk("rejects", "run_id", "crawl_runs", "id")],
        not_null=["reason", "seen_at"],
    )
    _create(
        db,
        "fetch_errors",
        {"url": str, "run_id": int},
        {"status": int, "error": str, "attempts": int, "seen_at": str},
        pk=("url", "run_id"),
        foreign_keys=[_fk("fetch_errors", "run_id", "crawl_runs", "id")],
        not_null=["error", "attempts", "seen_at"],
    )
    _create(
        db,
        "raw_html",
        {"url": str},
        {"body": bytes, "content_type": str, "fetched_at": str},
        pk="url",
        foreign_keys=[_fk("raw_html", "url", "pages", "url")],
        not_null=["body", "fetched_at"],
    )
    for table, columns in FTS_COLUMNS.items():
        db.table(table).enable_fts(columns, create_triggers=True, tokenize="porter")


# --- migration 2 --------------------------------------------------------------------------

#: Names the vocabulary could not resolve, one row per page that shows them; ``seen_at`` is
#: when the page first showed the term (kept when the page is rewritten).
UNKNOWN_TERMS_VIEW = """
SELECT kind, term, MIN(seen_at) AS first_seen, COUNT(*) AS pages, SUM(occurrences) AS count
FROM unknown_term_pages GROUP BY kind, term
"""


def m002_normalization(db: Database) -> None:
    """Canonical concepts with codes, side-effect terms, the review queue, reject reasons."""
    for table in ("pages", "sections", "subsections", "related_articles", "drugs", "conditions"):
        add_missing_columns(db, table)
    pages = db.table("pages")
    for column in PAGE_CONCEPT_COLUMNS:
        if column not in pages.columns_dict:
            pages.add_column(column, str)
    _create(
        db,
        "side_effects",
        {"page_url": str, "position": int},
        pk=("page_url", "severity", "term"),
        foreign_keys=[_fk("side_effects", "page_url", "pages", "url")],
        column_order=["page_url", "position", "term", "severity"],
    )
    db.table("side_effects").create_index(["term", "severity"])
    _create(
        db,
        "unknown_term_pages",
        {"kind": str, "term": str, "url": str},
        {"seen_at": str, "occurrences": int},
        pk=("kind", "term", "url"),
        foreign_keys=[_fk("unknown_term_pages", "url", "pages", "url")],
        not_null=["seen_at", "occurrences"],
    )
    db.table("unknown_term_pages").create_index(["url"])
    db.create_view("unknown_terms", UNKNOWN_TERMS_VIEW)
    if "reasons" not in db.table("rejects").columns_dict:
        db.table("rejects").add_column("reasons", str)


# --- migration 3 --------------------------------------------------------------------------

#: HTTP validators and the sitemap's date per page, for conditional re-crawls.
VALIDATOR_COLUMNS = ("etag", "last_modified", "sitemap_lastmod")


def m003_validators(db: Database) -> None:
    """ETag, Last-Modified and sitemap lastmod per page; pages not modified per run."""
    pages = db.table("pages")
    for column in VALIDATOR_COLUMNS:
        if column not in pages.columns_dict:
            pages.add_column(column, str)
    runs = db.table("crawl_runs")
    if "pages_not_modified" not in runs.columns_dict:
        runs.add_column("pages_not_modified", int, not_null_default=0)


def m004_recrawl_policy(db: Database) -> None:
    """Per run: pages not requested because they were seen recently, and pages marked removed
    (gone twice, or gone from the sitemaps)."""
    runs = db.table("crawl_runs")
    for column in ("pages_not_due", "pages_removed"):
        if column not in runs.columns_dict:
            runs.add_column(column, int, not_null_default=0)


# --- migration 5 --------------------------------------------------------------------------


def m005_page_versions(db: Database) -> None:
    """Change history: the previous version of every page whose content hash changed
    (``page_versions``), and a log of the pages each run added, changed, removed or revived
    (``page_changes``, what ``medscrape changes`` reads). Neither is ever deleted from."""
    sections_changed = {f"sections_{how}": str for how in ("added", "removed", "changed")}
    _create(
        db,
        "page_versions",
        {"id": int, "url": str, "run_id": int},
        # The previous version itself: its title and its sections as the Section model's JSON.
        {
            "seen_at": str,
            "old_hash": str,
            "new_hash": str,
            **sections_changed,
            "title": str,
            "sections": str,
        },
        pk="id",
        foreign_keys=[
            _fk("page_versions", "url", "pages", "url"),
            _fk("page_versions", "run_id", "crawl_runs", "id"),
        ],
        not_null=["seen_at", "old_hash", "new_hash", *sections_changed, "title", "sections"],
    )
    db.table("page_versions").create_index(["url"])
    _create(
        db,
        "page_changes",
        {"id": int, "url": str, "run_id": int},
        {"change": str, "seen_at": str, "content_hash": str},
        pk="id",
        foreign_keys=[
            _fk("page_changes", "url", "pages", "url"),
            _fk("page_changes", "run_id", "crawl_runs", "id"),
        ],
        not_null=["change", "seen_at", "content_hash"],
    )
    db.table("page_changes").create_index(["run_id"])
    db.table("page_changes").create_index(["seen_at"])


# --- run monitoring -----------------------------------------------------------------------


def m006_run_monitoring(db: Database) -> None:
    """Per run: kind, code revision, status, duration, more counters, HTTP statuses, section
    coverage, the thresholds in force, their checks and breaches. Self-contained (its columns
    and backfill are written out here) so it can be renumbered."""
    columns: dict[str, type] = {
        "kind": str,  # crawl | reparse
        "git_revision": str,
        "status": str,  # ok | failed; NULL while running (or for a run killed before its end)
        "duration_s": float,
        "pages_seen": int,  # new + changed + unchanged + not modified
        "pages_fetched": int,  # page responses with a body: stored or rejected
        "pages_new": int,
        "pages_changed": int,
        "pages_removed": int,  # (already added by migration 4)
        "requests": int,
        "bytes_received": int,
        "http_status_counts": str,  # JSON {"200": n, …}
        "section_coverage": str,  # JSON {kind: fraction of the pages seen}
        "thresholds": str,  # JSON: the thresholds in force
        "checks": str,  # JSON [{name, limit, measured, ok, message}]
        "breaches": str,  # JSON [message, …] of the failed checks
    }
    runs = db.table("crawl_runs")
    for name, kind in columns.items():
        if name not in runs.columns_dict:
            runs.add_column(name, kind)
    # Older runs: the kind from their arguments, the status from how they ended (their
    # thresholds were never checked); counters they did not record stay NULL.
    db.execute(
        "UPDATE crawl_runs SET kind = CASE WHEN json_valid(args) THEN CASE "
        "WHEN json_extract(args, '$.command') = 'reparse' THEN 'reparse' ELSE 'crawl' END "
        "ELSE 'crawl' END WHERE kind IS NULL"
    )
    db.execute(
        "UPDATE crawl_runs SET status = CASE WHEN finish_reason IN "
        "('finished', 'closespider_itemcount', 'closespider_pagecount') THEN 'ok' "
        "ELSE 'failed' END WHERE status IS NULL AND finished_at IS NOT NULL"
    )


# --- migration 7 --------------------------------------------------------------------------


def m007_resume(db: Database) -> None:
    """Per run: the interrupted run it resumes (``resumed_from``) and the pages it did not ask
    again because that run (or the runs it resumed) already stored or settled them
    (``pages_resumed``). Self-contained, like migration 6."""
    runs = db.table("crawl_runs")
    if "resumed_from" not in runs.columns_dict:
        runs.add_column("resumed_from", int)
    if "pages_resumed" not in runs.columns_dict:
        runs.add_column("pages_resumed", int, not_null_default=0)


# --- migration 8 --------------------------------------------------------------------------


def m008_listings(db: Database) -> None:
    """Per robots.txt, sitemap and index page: its validators, content hash, when it was last
    seen and last changed, and the links or sitemap entries found on it, so a re-crawl asks
    for it conditionally and, on a 304, replays what it listed. Self-contained and a no-op on
    a database that has the table."""
    if "listings" in db.table_names():
        return
    _create(
        db,
        "listings",
        {"url": str},
        {
            "kind": str,  # robots | sitemapindex | urlset | index
            "etag": str,
            "last_modified": str,
            "content_hash": str,  # sha256 of the body last fetched whole
            "last_seen": str,  # the last fetch or 304 (ISO 8601, UTC)
            "last_changed": str,  # when its content hash last moved (or was first stored)
            "last_run_id": int,
            "links": str,  # JSON [{"loc": url, "lastmod": date or null}, …] in the listing's order
        },
        pk="url",
        foreign_keys=[_fk("listings", "last_run_id", "crawl_runs", "id")],
        not_null=["kind", "content_hash", "last_seen", "last_changed", "links"],
    )


# --- migration 9: views for publishing ---------------------------------------------------

#: One row per page with its five main sections as columns (their text; two sections of one
#: kind are joined by a blank line), the side-effect terms by severity and the link count:
#: what a reader or a downstream site wants without joining four tables.
PAGE_SUMMARY_VIEW = """
SELECT p.url, p.title, d.name AS drug, p.drug_slug, c.name AS condition, p.condition_slug,
  c.icd10cm, s.what_is, s.how_it_works, s.benefits, s.side_effects, s.reviews,
  s.other_sections, e.common_side_effects, e.serious_side_effects,
  (SELECT COUNT(*) FROM related_articles r WHERE r.from_url = p.url) AS related_articles,
  p.fetched_at, p.updated_at, p.removed_at
FROM pages p
JOIN drugs d ON d.slug = p.drug_slug
JOIN conditions c ON c.slug = p.condition_slug
LEFT JOIN (
  SELECT page_url,
    group_concat(CASE WHEN kind = 'what_is' THEN text END, char(10, 10)) AS what_is,
    group_concat(CASE WHEN kind = 'how_it_works' THEN text END, char(10, 10)) AS how_it_works,
    group_concat(CASE WHEN kind = 'benefits' THEN text END, char(10, 10)) AS benefits,
    group_concat(CASE WHEN kind = 'side_effects' THEN text END, char(10, 10)) AS side_effects,
    group_concat(CASE WHEN kind = 'reviews' THEN text END, char(10, 10)) AS reviews,
    SUM(kind = 'other') AS other_sections
  FROM (SELECT * FROM sections ORDER BY page_url, position) GROUP BY page_url
) s ON s.page_url = p.url
LEFT JOIN (
  SELECT page_url,
    group_concat(CASE WHEN severity = 'common' THEN term END, ', ') AS common_side_effects,
    group_concat(CASE WHEN severity = 'serious' THEN term END, ', ') AS serious_side_effects
  FROM (SELECT * FROM side_effects ORDER BY page_url, position) GROUP BY page_url
) e ON e.page_url = p.url
"""

#: The drug x condition matrix in long form: one row per pair that has a page (a sparse
#: matrix's cells), with the page and its side-effect counts. Removed pages are left out.
DRUG_CONDITION_MATRIX_VIEW = """
SELECT d.name AS drug, p.drug_slug, c.name AS condition, p.condition_slug, c.icd10cm,
  COUNT(*) AS pages, MIN(p.url) AS page_url, MIN(p.title) AS title,
  (SELECT COUNT(*) FROM side_effects e JOIN pages q ON q.url = e.page_url
   WHERE q.drug_slug = p.drug_slug AND q.condition_slug = p.condition_slug
   AND q.removed_at IS NULL AND e.severity = 'common') AS common_side_effects,
  (SELECT COUNT(*) FROM side_effects e JOIN pages q ON q.url = e.page_url
   WHERE q.drug_slug = p.drug_slug AND q.condition_slug = p.condition_slug
   AND q.removed_at IS NULL AND e.severity = 'serious') AS serious_side_effects
FROM pages p
JOIN drugs d ON d.slug = p.drug_slug
JOIN conditions c ON c.slug = p.condition_slug
WHERE p.removed_at IS NULL
GROUP BY p.drug_slug, p.condition_slug
"""

#: The publishing views by name (``medscrape serve`` describes them).
PUBLISH_VIEWS: dict[str, str] = {
    "page_summary": PAGE_SUMMARY_VIEW,
    "drug_condition_matrix": DRUG_CONDITION_MATRIX_VIEW,
}


def m009_publish_views(db: Database) -> None:
    """Views for people and downstream JSON consumers: ``page_summary`` and
    ``drug_condition_matrix``. They read only tables of migrations 1-2 and replace any older
    definition, so the migration is self-contained and safe in any slot after 2."""
    for name, sql in PUBLISH_VIEWS.items():
        db.create_view(name, sql, replace=True)


def m010_skipped_outcome(db: Database) -> None:
    """Per run: URLs discovered and deliberately not fetched (robots, off-pattern, off-site,
    refused addresses), so stored + rejected + fetch errors + skipped account for every URL.
    Self-contained so it can be renumbered."""
    runs = db.table("crawl_runs")
    if "pages_skipped" not in runs.columns_dict:
        runs.add_column("pages_skipped", int)


def m011_fetched_url(db: Database) -> None:
    """Per page: the URL it was fetched at. A page is stored under its URL without a trailing
    slash (``…/page/`` and ``…/page`` are one page); this keeps the form the site served.
    Self-contained so it can be renumbered."""
    pages = db.table("pages")
    if "fetched_url" not in pages.columns_dict:
        pages.add_column("fetched_url", str)


#: Every migration, in order; the schema version is the number applied. Append only.
MIGRATIONS: list[Migration] = [
    m001_initial,
    m002_normalization,
    m003_validators,
    m004_recrawl_policy,
    m005_page_versions,
    m006_run_monitoring,
    m007_resume,
    m008_listings,
    m009_publish_views,
    m010_skipped_outcome,
    m011_fetched_url,
]

LATEST = len(MIGRATIONS)


# --- applying -----------------------------------------------------------------------------


def schema_version(db: Database) -> int:
    """The database's ``PRAGMA user_version``: how many migrations it has had."""
    row = db.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(db: Database, migrations: list[Migration] | None = None) -> list[int]:
    """Apply the missing migrations in order, each in one transaction; return their versions."""
    migrations = MIGRATIONS if migrations is None else migrations
    current = schema_version(db)
    if current > len(migrations):
        raise MigrationError(
            f"database schema version {current} is newer than this code knows "
            f"({len(migrations)}); upgrade medscrape"
        )
    applied = []
    for version, migration in enumerate(migrations[current:], start=current + 1):
        with db.atomic():
            before = _foreign_key_problems(db)
            migration(db)
            _check_foreign_keys(db, migration, before)
            # A PRAGMA cannot take parameters; the version is an int we computed.
            db.execute(f"PRAGMA user_version = {int(version)}")
        log.info("applied migration %s (%s)", version, migration.__name__)
        applied.append(version)
    return applied


def _foreign_key_problems(db: Database) -> int:
    return len(db.execute("PRAGMA foreign_key_check").fetchall())


def _check_foreign_keys(db: Database, migration: Migration, before: int) -> None:
    """A migration must not add foreign key violations (older ones, say from rows deleted with
    foreign keys off in another tool, are not its doing)."""
    added = _foreign_key_problems(db) - before
    if added > 0:
        raise MigrationError(
            f"migration {migration.__name__} leaves {added} new foreign key violations"
        )
