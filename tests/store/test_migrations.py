"""The schema: tables derived from the models, versioned by migrations kept as data."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel
from sqlite_utils import Database

import pipeline.migrations as migrations
from pipeline.migrations import (
    LATEST,
    MIGRATIONS,
    MODEL_TABLES,
    MigrationError,
    column_type,
    derived_columns,
    json_columns,
    migrate,
    model_columns,
    schema_version,
)
from pipeline.store import Store, StoreError
from tests.store.conftest import URL, MakeFetched, MakePage

EXPECTED_COLUMNS: dict[str, dict[str, type]] = {
    "pages": {
        "url": str,
        "title": str,
        "lang": str,
        "drug_slug": str,
        "condition_slug": str,
        "content_hash": str,
        "html_hash": str,
        "parser_version": str,
        "http_status": int,
        "fetched_at": str,
        "first_seen_at": str,
        "updated_at": str,
        "last_run_id": int,
        "active_ingredients": str,
        "drug_classes": str,
        "removed_at": str,
        "warnings": str,
        "normalizer_version": str,
        "drug_form": str,
        "drug_name_raw": str,
        "drug_match": str,
        "condition_name_raw": str,
        "condition_match": str,
        "etag": str,
        "last_modified": str,
        "sitemap_lastmod": str,
        "fetched_url": str,
    },
    "sections": {
        "page_url": str,
        "position": int,
        "kind": str,
        "heading": str,
        "text": str,
        "items": str,
        "heading_raw": str,
    },
    "subsections": {
        "page_url": str,
        "section_position": int,
        "position": int,
        "kind": str,
        "heading": str,
        "text": str,
        "items": str,
        "heading_raw": str,
    },
    "related_articles": {
        "from_url": str,
        "to_url": str,
        "position": int,
        "title": str,
        "drug": str,
        "condition": str,
        "drug_slug": str,
        "condition_slug": str,
    },
    "drugs": {"slug": str, "name": str, "drugbank_id": str, "brands": str},
    "conditions": {"slug": str, "name": str, "icd10cm": str, "mesh_id": str},
    "side_effects": {
        "page_url": str,
        "position": int,
        "term": str,
        "severity": str,
        "raw": str,
    },
    "unknown_term_pages": {
        "kind": str,
        "term": str,
        "url": str,
        "seen_at": str,
        "occurrences": int,
    },
    "unknown_terms": {
        "kind": str,
        "term": str,
        "first_seen": str,
        "pages": str,
        "count": str,
    },
    "crawl_runs": {
        "id": int,
        "started_at": str,
        "finished_at": str,
        "args": str,
        "finish_reason": str,
        "pages_stored": int,
        "pages_unchanged": int,
        "pages_rejected": int,
        "fetch_errors": int,
        "pages_not_modified": int,
        "pages_not_due": int,
        "pages_skipped": int,
        "kind": str,
        "git_revision": str,
        "status": str,
        "duration_s": float,
        "pages_seen": int,
        "pages_fetched": int,
        "pages_new": int,
        "pages_changed": int,
        "pages_removed": int,
        "requests": int,
        "bytes_received": int,
        "http_status_counts": str,
        "section_coverage": str,
        "thresholds": str,
        "checks": str,
        "breaches": str,
        "resumed_from": int,
        "pages_resumed": int,
    },
    "rejects": {
        "url": str,
        "reason": str,
        "detail": str,
        "run_id": int,
        "http_status": int,
        "seen_at": str,
        "html": bytes,
        "reasons": str,
    },
    "fetch_errors": {
        "url": str,
        "run_id": int,
        "status": int,
        "error": str,
        "attempts": int,
        "seen_at": str,
    },
    "raw_html": {"url": str, "body": bytes, "content_type": str, "fetched_at": str},
    "page_versions": {
        "id": int,
        "url": str,
        "run_id": int,
        "seen_at": str,
        "old_hash": str,
        "new_hash": str,
        "sections_added": str,
        "sections_removed": str,
        "sections_changed": str,
        "title": str,
        "sections": str,
    },
    "page_changes": {
        "id": int,
        "url": str,
        "run_id": int,
        "change": str,
        "seen_at": str,
        "content_hash": str,
    },
    "listings": {
        "url": str,
        "kind": str,
        "etag": str,
        "last_modified": str,
        "content_hash": str,
        "last_seen": str,
        "last_changed": str,
        "last_run_id": int,
        "links": str,
    },
    "sections_fts": {"heading": str, "text": str},
    "subsections_fts": {"heading": str, "text": str},
    "page_summary": dict.fromkeys(
        [
            "url",
            "title",
            "drug",
            "drug_slug",
            "condition",
            "condition_slug",
            "icd10cm",
            "what_is",
            "how_it_works",
            "benefits",
            "side_effects",
            "reviews",
            "other_sections",
            "common_side_effects",
            "serious_side_effects",
            "related_articles",
            "fetched_at",
            "updated_at",
            "removed_at",
        ],
        str,
    ),
    "drug_condition_matrix": dict.fromkeys(
        [
            "drug",
            "drug_slug",
            "condition",
            "condition_slug",
            "icd10cm",
            "pages",
            "page_url",
            "title",
            "common_side_effects",
            "serious_side_effects",
        ],
        str,
    ),
}

VIEWS = {"unknown_terms", "page_summary", "drug_condition_matrix"}

EXPECTED_PKS = {
    "pages": ["url"],
    "sections": ["page_url", "position"],
    "subsections": ["page_url", "section_position", "position"],
    "related_articles": ["from_url", "to_url"],
    "drugs": ["slug"],
    "conditions": ["slug"],
    "crawl_runs": ["id"],
    "rejects": ["url"],
    "fetch_errors": ["url", "run_id"],
    "raw_html": ["url"],
    "side_effects": ["page_url", "severity", "term"],
    "unknown_term_pages": ["kind", "term", "url"],
    "page_versions": ["id"],
    "page_changes": ["id"],
    "listings": ["url"],
}

EXPECTED_FOREIGN_KEYS = {
    ("pages", "drug_slug", "drugs", "slug"),
    ("pages", "condition_slug", "conditions", "slug"),
    ("pages", "last_run_id", "crawl_runs", "id"),
    ("sections", "page_url", "pages", "url"),
    ("subsections", "page_url", "pages", "url"),
    ("related_articles", "from_url", "pages", "url"),
    ("rejects", "run_id", "crawl_runs", "id"),
    ("fetch_errors", "run_id", "crawl_runs", "id"),
    ("raw_html", "url", "pages", "url"),
    ("side_effects", "page_url", "pages", "url"),
    ("unknown_term_pages", "url", "pages", "url"),
    ("page_versions", "url", "pages", "url"),
    ("page_versions", "run_id", "crawl_runs", "id"),
    ("page_changes", "url", "pages", "url"),
    ("page_changes", "run_id", "crawl_runs", "id"),
    ("listings", "last_run_id", "crawl_runs", "id"),
}


@pytest.mark.parametrize("table", sorted(EXPECTED_COLUMNS))
def test_every_table_has_exactly_the_expected_columns(store: Store, table: str) -> None:
    found = store.db[table] if table in VIEWS else store.db.table(table)
    assert found.columns_dict == EXPECTED_COLUMNS[table]


_FTS5_SHADOWS = ("data", "idx", "docsize", "config")


def test_there_are_no_other_tables(store: Store) -> None:
    shadow = {f"{t}_fts_{s}" for t in ("sections", "subsections") for s in _FTS5_SHADOWS}
    assert set(store.db.table_names()) == set(EXPECTED_COLUMNS) - VIEWS | shadow
    assert set(store.db.view_names()) == VIEWS


@pytest.mark.parametrize("table", sorted(EXPECTED_PKS))
def test_primary_keys(store: Store, table: str) -> None:
    assert store.db.table(table).pks == EXPECTED_PKS[table]


def test_foreign_keys(store: Store) -> None:
    found = {
        (fk.table, fk.column, fk.other_table, fk.other_column)
        for table in EXPECTED_PKS
        for fk in store.db.table(table).foreign_keys
    }
    assert found == EXPECTED_FOREIGN_KEYS


def test_fts_uses_porter_and_triggers(store: Store) -> None:
    for table in ("sections", "subsections"):
        assert store.db.table(table).detect_fts() == f"{table}_fts"
        assert "tokenize='porter'" in store.db.table(f"{table}_fts").schema
        triggers = {t.name for t in store.db.table(table).triggers}
        assert triggers == {f"{table}_ai", f"{table}_ad", f"{table}_au"}


@pytest.mark.parametrize("table", sorted(MODEL_TABLES))
def test_model_tables_carry_every_model_derived_column(store: Store, table: str) -> None:
    columns = store.db.table(table).columns_dict
    for name, kind in derived_columns(table).items():
        assert columns[name] is kind, name


def test_user_version_is_the_latest(store: Store) -> None:
    assert LATEST == len(MIGRATIONS) >= 1
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_opening_again_runs_no_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store.db"
    Store(path).close()
    calls: list[str] = []

    def spy(db: Database) -> None:
        calls.append("ran")

    monkeypatch.setattr(migrations, "MIGRATIONS", [spy] * LATEST)
    with Store(path) as again:
        assert schema_version(again.db) == LATEST
    assert calls == []


def test_missing_migrations_run_in_order_each_in_a_transaction(fresh_db: Database) -> None:
    order: list[int] = []

    def first(db: Database) -> None:
        order.append(1)
        db.table("a").create({"id": int}, pk="id")

    def second(db: Database) -> None:
        order.append(2)
        db.table("b").create({"id": int}, pk="id")

    def broken(db: Database) -> None:
        db.table("c").create({"id": int}, pk="id")
        raise RuntimeError("half done")

    assert migrate(fresh_db, [first]) == [1]
    assert migrate(fresh_db, [first, second]) == [2]
    assert order == [1, 2]
    with pytest.raises(RuntimeError, match="half done"):
        migrate(fresh_db, [first, second, broken])
    assert schema_version(fresh_db) == 2
    assert "c" not in fresh_db.table_names(), "the failed migration was rolled back"


def test_a_database_newer_than_the_code_is_refused(fresh_db: Database) -> None:
    fresh_db.execute("PRAGMA user_version = 99")
    with pytest.raises(MigrationError, match="newer"):
        migrate(fresh_db)
    with pytest.raises(StoreError, match="newer"):
        Store(db=fresh_db)


class _Nested(BaseModel):
    a: int


class _Every(BaseModel):
    text: str
    maybe_text: str | None = None
    count: int
    ratio: float
    flag: bool
    kind: Literal["x", "y"]
    level: Literal[1, 2]
    tags: list[str]
    extra: dict[str, Any]
    nested: _Nested
    maybe_nested: _Nested | None = None
    blob: bytes


def test_columns_follow_the_model_field_types() -> None:
    assert model_columns(_Every, exclude={"blob"}, rename={"text": "body"}) == {
        "body": str,
        "maybe_text": str,
        "count": int,
        "ratio": float,
        "flag": int,
        "kind": str,
        "level": int,
        "tags": str,
        "extra": str,
        "nested": str,
        "maybe_nested": str,
    }
    assert column_type(bytes) is bytes


def test_json_columns_are_the_lists_of_the_models() -> None:
    assert json_columns("pages") == {"active_ingredients", "drug_classes", "warnings"}
    assert json_columns("drugs") == {"brands"}
    assert json_columns("sections") == {"items"}
    assert json_columns("related_articles") == set()


class _Grown(BaseModel):
    name: str
    slug: str
    synonyms: list[str] = []
    rank: int | None = None


def test_a_later_migration_adds_the_columns_a_model_grew(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(MODEL_TABLES, "conditions", (_Grown, frozenset(), {}))
    assert migrations.add_missing_columns(store.db, "conditions") == ["synonyms", "rank"]
    assert store.db.table("conditions").columns_dict == {
        "slug": str,
        "name": str,
        "icd10cm": str,
        "mesh_id": str,
        "synonyms": str,
        "rank": int,
    }
    assert migrations.add_missing_columns(store.db, "conditions") == []


def test_migration_2_on_a_version_1_database_adds_without_losing(fresh_db: Database) -> None:
    migrate(fresh_db, MIGRATIONS[:1])
    fresh_db.table("drugs").insert({"slug": "tacrolimus", "name": "Tacrolimus", "brands": "[]"})
    assert migrate(fresh_db) == list(range(2, LATEST + 1))
    assert fresh_db.table("drugs").get("tacrolimus")["name"] == "Tacrolimus"
    assert "unknown_term_pages" in fresh_db.table_names()
    assert "reasons" in fresh_db.table("rejects").columns_dict


def test_a_migration_is_not_blamed_for_older_foreign_key_violations(fresh_db: Database) -> None:
    migrate(fresh_db, MIGRATIONS[:1])
    fresh_db.execute("PRAGMA foreign_keys = OFF")  # as another tool may have left it
    fresh_db.execute(
        "INSERT INTO raw_html (url, body, fetched_at) VALUES ('https://x.test/gone', x'00', 't')"
    )
    assert migrate(fresh_db) == list(range(2, LATEST + 1))


def test_run_monitoring_migration_backfills_kind_and_status(fresh_db: Database) -> None:
    migrate(fresh_db, MIGRATIONS[: MIGRATIONS.index(migrations.m006_run_monitoring)])
    runs = fresh_db.table("crawl_runs")
    for finished, reason, args in [
        ("t", "finished", '{"spider": "meds"}'),
        ("t", "shutdown", '{"spider": "meds"}'),
        ("t", "finished", '{"command": "reparse"}'),
        (None, None, "not json"),  # killed before its end
    ]:
        runs.insert(
            {"started_at": "t", "finished_at": finished, "finish_reason": reason, "args": args}
        )
    migrate(fresh_db)
    rows = fresh_db.execute("SELECT kind, status, pages_new FROM crawl_runs ORDER BY id").fetchall()
    assert rows == [
        ("crawl", "ok", None),
        ("crawl", "failed", None),
        ("reparse", "ok", None),
        ("crawl", None, None),
    ]


def test_listings_migration_keeps_the_runs_and_is_a_no_op_where_the_table_exists(
    fresh_db: Database,
) -> None:
    migrate(fresh_db, MIGRATIONS[: MIGRATIONS.index(migrations.m008_listings)])
    assert "listings" not in fresh_db.table_names()
    fresh_db.table("crawl_runs").insert({"started_at": "t", "args": "{}"})
    migrate(fresh_db)
    assert fresh_db.table("listings").count == 0
    assert fresh_db.table("crawl_runs").count == 1
    row = {"url": "u", "kind": "index", "content_hash": "h", "links": "[]"}
    fresh_db.table("listings").insert({**row, "last_seen": "t", "last_changed": "t"})
    migrations.m008_listings(fresh_db)  # where migration 7 lands first, it may run again
    assert fresh_db.table("listings").count == 1


def test_page_summary_has_one_row_a_page_with_its_sections_as_columns(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    pages = [make_page(), make_page(url=URL.replace("lupus", "acne"))]
    store.save_pages(store.start_run({}), [fetched(page) for page in pages])
    rows = {row["url"]: row for row in store.db["page_summary"].rows}
    assert set(rows) == {page.url for page in pages}
    page = pages[0]
    row = rows[page.url]
    for kind in ("what_is", "how_it_works", "benefits", "side_effects", "reviews"):
        texts = [section.text for section in page.sections if section.kind == kind]
        assert row[kind] == ("\n\n".join(texts) if texts else None), kind
    assert row["title"] == page.title
    assert row["drug_slug"] == page.drug.slug
    assert row["related_articles"] == len(page.related)
    common = [e.term for e in page.side_effects if e.severity == "common"]
    assert row["common_side_effects"] == (", ".join(common) if common else None)


def test_drug_condition_matrix_has_a_cell_per_pair_and_leaves_removed_pages_out(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    acne = URL.replace("lupus", "acne")
    store.save_pages(store.start_run({}), [fetched(make_page()), fetched(make_page(url=acne))])
    cells = list(store.db["drug_condition_matrix"].rows)
    assert [(c["drug_slug"], c["pages"], c["page_url"]) for c in cells] == [
        (make_page().drug.slug, 2, acne)
    ]
    store.db.execute("UPDATE pages SET removed_at = 't' WHERE url = ?", [acne])
    cells = list(store.db["drug_condition_matrix"].rows)
    assert [(c["pages"], c["page_url"]) for c in cells] == [(1, URL)]


def test_publish_views_migration_replaces_an_older_definition(fresh_db: Database) -> None:
    migrate(fresh_db)
    fresh_db.create_view("page_summary", "SELECT 1 AS stale", replace=True)
    migrations.m009_publish_views(fresh_db)
    assert "stale" not in fresh_db["page_summary"].columns_dict
    assert "what_is" in fresh_db["page_summary"].columns_dict
