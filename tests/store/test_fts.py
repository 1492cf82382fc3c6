"""Full-text search over sections and subsections, kept in sync by triggers."""

from __future__ import annotations

from typing import Any

from pipeline.store import Store
from tests.store.conftest import URL, MakeFetched, MakePage


def matches(store: Store, table: str, query: str) -> list[tuple[str, int]]:
    """(page_url, position) of the rows whose heading or text match, via SQL MATCH."""
    rows = store.db.execute(
        f"SELECT t.page_url, t.position FROM {table} t "
        f"JOIN {table}_fts f ON f.rowid = t.rowid WHERE {table}_fts MATCH ? ORDER BY 1, 2",
        [query],
    ).fetchall()
    return [tuple(r) for r in rows]


def test_finds_calcineurin_on_the_reference_page(store: Store, fetched: MakeFetched) -> None:
    store.save_pages(store.start_run({}), [fetched()])
    hits = list(store.db.table("sections").search("calcineurin"))
    assert [(h["page_url"], h["kind"]) for h in hits] == [(URL, "how_it_works")]
    assert matches(store, "sections", "calcineurin") == [(URL, 1)]


def test_porter_stemming_matches_other_word_forms(store: Store, fetched: MakeFetched) -> None:
    store.save_pages(store.start_run({}), [fetched()])
    # the text says "binds" and "suppressing"
    assert matches(store, "sections", "binding") == [(URL, 1)]
    assert (URL, 1) in matches(store, "sections", "suppress")


def test_subsections_are_searchable_by_text_and_heading(store: Store, fetched: MakeFetched) -> None:
    store.save_pages(store.start_run({}), [fetched()])
    hits = list(store.db.table("subsections").search("tuberculosis"))
    assert [h["kind"] for h in hits] == ["serious"]
    headings = store.db.execute(
        "SELECT s.kind FROM subsections s JOIN subsections_fts f ON f.rowid = s.rowid "
        "WHERE subsections_fts MATCH 'heading:managing'"
    ).fetchall()
    assert headings == [("managing",)]


def test_a_changed_page_is_found_by_its_new_text_only(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    def swap(record: dict[str, Any]) -> None:
        how = record["sections"][1]
        how["text"] = how["text"].replace("calcineurin", "cyclophilin")
        del record["sections"][3]["subsections"][1]  # the one naming tuberculosis

    store.save_pages(store.start_run({}), [fetched()])
    store.save_pages(store.start_run({}), [fetched(make_page(edit=swap))])

    assert matches(store, "sections", "calcineurin") == []
    assert matches(store, "sections", "cyclophilin") == [(URL, 1)]
    assert matches(store, "subsections", "tuberculosis") == []
    fts_rows = store.db.execute("SELECT count(*) FROM sections_fts").fetchone()[0]
    assert fts_rows == store.db.table("sections").count


def test_fts_index_stays_consistent(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    run = store.start_run({})
    for i in range(3):
        store.save_pages(run, [fetched(make_page(url=f"{URL}-{i}"))])
    store.save_pages(run, [fetched(make_page(url=f"{URL}-1", edit=_drop_last))])
    for table in ("sections_fts", "subsections_fts"):
        # raises "database disk image is malformed" if the index disagrees with the content
        store.db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
    assert len(matches(store, "sections", "calcineurin")) == 3


def _drop_last(record: dict[str, Any]) -> None:
    del record["sections"][-1]
