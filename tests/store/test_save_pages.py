"""save_pages: upsert by URL, unchanged pages untouched, changed pages replaced, one transaction."""

from __future__ import annotations

import sqlite3
import zlib
from dataclasses import replace
from hashlib import sha256
from typing import Any

import pytest

from pipeline.store import SaveResult, Store
from tests.store.conftest import URL, MakeFetched, MakePage, reference_record

#: The only columns a re-save of an unchanged page may change.
BOOKKEEPING = {"pages": {"fetched_at", "last_run_id", "http_status"}}


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (FTS shadow tables included), bookkeeping columns left out."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for table in store.db.table_names():
        skip = BOOKKEEPING.get(table, set())
        columns = [c for c in store.db.table(table).columns_dict if c not in skip]
        names = ", ".join(f'"{c}"' for c in columns)
        rows = store.db.execute(f'SELECT {names} FROM "{table}"').fetchall()
        tables[table] = sorted(rows, key=repr)
    return tables


def page_rows(store: Store, url: str = URL) -> dict[str, int]:
    """How many rows each table holds for one page."""
    count = lambda sql: store.db.execute(sql, [url]).fetchone()[0]  # noqa: E731
    return {
        "pages": count("SELECT count(*) FROM pages WHERE url = ?"),
        "sections": count("SELECT count(*) FROM sections WHERE page_url = ?"),
        "subsections": count("SELECT count(*) FROM subsections WHERE page_url = ?"),
        "related_articles": count("SELECT count(*) FROM related_articles WHERE from_url = ?"),
        "raw_html": count("SELECT count(*) FROM raw_html WHERE url = ?"),
    }


REFERENCE_ROWS = {
    "pages": 1,
    "sections": 5,
    "subsections": 6,
    "related_articles": 49,
    "raw_html": 1,
}


def test_a_new_page_writes_all_its_rows(store: Store, fetched: MakeFetched) -> None:
    run = store.start_run({})
    assert store.save_pages(run, [fetched()]) == SaveResult(new=1)
    assert page_rows(store) == REFERENCE_ROWS
    counts = store.counts()
    assert (counts["drugs"], counts["conditions"], counts["crawl_runs"]) == (1, 1, 1)
    page = store.db.table("pages").get(URL)
    assert page["drug_slug"] == "tacrolimus-oral-and-injection"
    assert page["condition_slug"] == "lupus"
    assert page["first_seen_at"] == page["updated_at"] == page["fetched_at"]
    assert page["last_run_id"] == run
    assert page["removed_at"] is None
    assert page["active_ingredients"] == "[]"
    assert page["drug_form"] == "oral and injection"  # the form is the page's, not the drug's
    assert store.db.table("drugs").get("tacrolimus-oral-and-injection") == {
        "slug": "tacrolimus-oral-and-injection",
        "name": "Tacrolimus",
        "drugbank_id": None,
        "brands": "[]",
    }


def test_rows_hold_the_record(store: Store, fetched: MakeFetched, make_page: MakePage) -> None:
    page = make_page()
    store.save_pages(store.start_run({}), [fetched(page)])
    sections = list(store.db.query("SELECT * FROM sections ORDER BY position"))
    assert [s["kind"] for s in sections] == [s.kind for s in page.sections]
    assert sections[1]["text"] == page.sections[1].text
    need = store.db.execute(
        "SELECT items FROM subsections WHERE kind = 'need_to_know' AND page_url = ?", [URL]
    ).fetchone()[0]
    assert need == '["' + '", "'.join(page.sections[4].subsections[1].items) + '"]'
    related = list(store.db.query("SELECT * FROM related_articles ORDER BY position"))
    assert [(r["to_url"], r["title"]) for r in related] == [(r.url, r.title) for r in page.related]


def test_raw_html_is_kept_compressed_with_its_hash(
    store: Store, fetched: MakeFetched, html: bytes
) -> None:
    store.save_pages(store.start_run({}), [fetched()])
    row = store.db.table("raw_html").get(URL)
    assert zlib.decompress(row["body"]) == html
    assert len(row["body"]) < len(html) / 2
    assert store.db.table("pages").get(URL)["html_hash"] == sha256(html).hexdigest()
    assert list(store.raw_pages()) == [(URL, html, "text/html; charset=utf-8", None)]


def test_an_unchanged_page_saved_again_only_moves_fetch_bookkeeping(
    store: Store, fetched: MakeFetched
) -> None:
    store.save_pages(store.start_run({}), [fetched()])
    second_run = store.start_run({})
    before = dump(store)
    changes = store.db.conn.total_changes

    result = store.save_pages(
        second_run, [fetched(fetched_at="2025-02-01T00:00:00+00:00", status=203)]
    )

    assert result == SaveResult(unchanged=1)
    assert store.db.conn.total_changes - changes == 1, "one UPDATE of the pages row, no more"
    assert dump(store) == before, "no other row (sections, FTS, raw_html…) was rewritten"
    page = store.db.table("pages").get(URL)
    assert (page["fetched_at"], page["last_run_id"], page["http_status"]) == (
        "2025-02-01T00:00:00+00:00",
        second_run,
        203,
    )
    assert page["updated_at"] == page["first_seen_at"] == "2025-01-01T00:00:00+00:00"
    assert page_rows(store) == REFERENCE_ROWS


def test_new_markup_with_the_same_content_is_unchanged(
    store: Store, fetched: MakeFetched, html: bytes
) -> None:
    store.save_pages(store.start_run({}), [fetched()])
    result = store.save_pages(store.start_run({}), [fetched(body=html + b"<!-- ad -->")])
    assert result == SaveResult(unchanged=1)
    assert store.db.table("pages").get(URL)["html_hash"] == sha256(html).hexdigest()
    assert next(store.raw_pages()).html == html, "raw_html stays the bytes the rows came from"


def _rewrite(record: dict[str, Any]) -> None:
    """Edit the reference: a new how-it-works text, the reviews section (3 subsections) gone."""
    record["sections"][1]["text"] = "It blocks cyclophilin signalling in T-cells."
    del record["sections"][4]
    record["related"] = record["related"][:10]


def test_a_changed_page_replaces_its_rows_without_orphans(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    store.save_pages(store.start_run({}), [fetched()])
    changed = fetched(make_page(edit=_rewrite), fetched_at="2025-03-01T00:00:00+00:00")

    assert store.save_pages(store.start_run({}), [changed]) == SaveResult(changed=1)

    assert page_rows(store) == {
        **REFERENCE_ROWS,
        "sections": 4,
        "subsections": 3,
        "related_articles": 10,
    }
    orphans = store.db.execute(
        "SELECT count(*) FROM subsections s LEFT JOIN sections p "
        "ON p.page_url = s.page_url AND p.position = s.section_position WHERE p.page_url IS NULL"
    ).fetchone()[0]
    assert orphans == 0
    assert store.db.execute("SELECT text FROM sections WHERE position = 1").fetchone() == (
        "It blocks cyclophilin signalling in T-cells.",
    )
    page = store.db.table("pages").get(URL)
    assert page["updated_at"] == page["fetched_at"] == "2025-03-01T00:00:00+00:00"
    assert page["first_seen_at"] == "2025-01-01T00:00:00+00:00"
    assert page["content_hash"] == changed.page.content_hash
    assert store.db.table("raw_html").get(URL)["fetched_at"] == "2025-03-01T00:00:00+00:00"


def test_a_batch_is_one_transaction(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    run = store.start_run({})
    batch = [fetched(make_page(url=f"{URL}-{i}")) for i in range(5)]
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        store.save_pages(run, batch)
        store.save_pages(run, batch)
    finally:
        store.db.conn.set_trace_callback(None)
    assert [s for s in statements if s.upper().startswith(("BEGIN", "COMMIT"))] == [
        "BEGIN",
        "COMMIT",
        "BEGIN",
        "COMMIT",
    ]
    assert store.counts()["pages"] == 5


def test_a_failing_batch_stores_nothing(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    batch = [fetched(make_page(url=f"{URL}-{i}")) for i in range(3)]
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.save_pages(404, batch)  # no such crawl run
    counts = store.counts()
    assert all(n == 0 for n in counts.values()), counts


def test_a_url_twice_in_a_batch_keeps_the_last(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    first, last = fetched(), fetched(make_page(edit=_rewrite))
    assert store.save_pages(store.start_run({}), [first, last]) == SaveResult(new=1)
    assert store.db.table("pages").get(URL)["content_hash"] == last.page.content_hash


def test_pages_share_drug_and_condition_rows(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    def other_condition(record: dict[str, Any]) -> None:
        record["condition"] = {"name": "Acne", "slug": "acne"}

    batch = [fetched(), fetched(make_page(url=f"{URL}-acne", edit=other_condition))]
    result = store.save_pages(store.start_run({}), batch)
    assert result == SaveResult(new=2)
    assert result.stored == result.total == 2
    assert store.counts()["drugs"] == 1
    assert sorted(r["slug"] for r in store.db.table("conditions").rows) == ["acne", "lupus"]


def test_mixed_batch_counts_new_changed_and_unchanged(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    run = store.start_run({})
    store.save_pages(run, [fetched(make_page(url=f"{URL}-a")), fetched(make_page(url=f"{URL}-b"))])
    result = store.save_pages(
        run,
        [
            fetched(make_page(url=f"{URL}-a")),
            fetched(make_page(url=f"{URL}-b", edit=_rewrite)),
            fetched(make_page(url=f"{URL}-c")),
        ],
    )
    assert result == SaveResult(new=1, changed=1, unchanged=1)
    assert result + SaveResult(new=2) == SaveResult(new=3, changed=1, unchanged=1)


def test_an_empty_batch_does_nothing(store: Store) -> None:
    run = store.start_run({})
    changes = store.db.conn.total_changes
    assert store.save_pages(run, []) == SaveResult()
    assert store.db.conn.total_changes == changes


def test_raw_pages_pages_through_every_stored_page(
    store: Store, fetched: MakeFetched, make_page: MakePage, html: bytes
) -> None:
    urls = sorted(f"{URL}-{i:02}" for i in range(12))
    store.save_pages(store.start_run({}), [fetched(make_page(url=u)) for u in urls])
    raw = list(store.raw_pages(chunk=5))
    assert [r.url for r in raw] == urls
    assert {r.html for r in raw} == {html}


def test_file_store_round_trip(tmp_path: Any, fetched: MakeFetched, html: bytes) -> None:
    path = tmp_path / "round" / "trip.db"
    with Store(path) as store:
        store.save_pages(store.start_run({"depth": 2}), [fetched()])
    with Store(path) as store:
        assert page_rows(store) == REFERENCE_ROWS
        assert next(store.raw_pages()).html == html
        assert store.db.journal_mode == "wal"


def test_a_repeated_related_target_keeps_its_first_link(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    def repeat(record: dict[str, Any]) -> None:
        record["related"] = [*record["related"][:3], {**record["related"][1], "title": "Again"}]

    store.save_pages(store.start_run({}), [fetched(make_page(edit=repeat))])
    rows = store.db.execute(
        "SELECT position, title FROM related_articles ORDER BY position"
    ).fetchall()
    first_three = [r["title"] for r in reference_record()["related"][:3]]
    assert rows == [(0, first_three[0]), (1, first_three[1]), (2, first_three[2])]


def test_the_fetched_url_is_kept_and_a_reparse_does_not_lose_it(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    """A page fetched at …/page/ is stored as …/page with the URL fetched beside it; a later
    save without one (a re-parse of the stored HTML), changed or not, keeps it."""
    run = store.start_run({})
    store.save_pages(run, [replace(fetched(), fetched_url=URL + "/")])
    store.save_pages(run, [fetched()])  # unchanged, no fetched URL
    store.save_pages(run, [fetched(make_page(edit=lambda r: r.update(title="New title")))])
    row = store.db.execute("SELECT url, fetched_url, title FROM pages").fetchall()
    assert row == [(URL, URL + "/", "New title")]
