"""The change feed (pipeline.changes) over a real SQLite file the store wrote."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from pipeline.changes import HistoryError, Since, page_changes, parse_since, write
from pipeline.migrations import MIGRATIONS, migrate
from pipeline.store import FetchError, Store
from schemas import PageChange
from tests.store.conftest import URL, MakeFetched, MakePage

A, B, C = (f"{URL}-{name}" for name in "abc")


def how_it_works(record: dict[str, Any]) -> None:
    record["sections"][1]["text"] += " Newer studies say more."


def benefits(record: dict[str, Any]) -> None:
    record["sections"][2]["text"] += " It may also help sleep."


def both(record: dict[str, Any]) -> None:
    how_it_works(record)
    benefits(record)


def feed(store: Store, since: str) -> dict[str, PageChange]:
    entries = page_changes(store.db, parse_since(since))
    assert len({entry.url for entry in entries}) == len(entries), "one entry a page"
    return {entry.url: entry for entry in entries}


def summary(store: Store, since: str) -> dict[str, tuple[str, int, list[str]]]:
    """url -> (change, run id, changed kinds)."""
    return {
        url: (entry.change, entry.run_id, entry.sections_changed)
        for url, entry in feed(store, since).items()
    }


Edit = Callable[[dict[str, Any]], None]
Save = Callable[[dict[str, Edit | None]], int]


@pytest.fixture
def save(file_store: Store, fetched: MakeFetched, make_page: MakePage) -> Save:
    """``save({url: edit, …})``: one run saving the reference page at each URL, edited (or
    not, for None); returns the run's id."""

    def run(pages: dict[str, Edit | None]) -> int:
        run_id = file_store.start_run({})
        batch = [fetched(make_page(url=url, edit=edit)) for url, edit in pages.items()]
        file_store.save_pages(run_id, batch)
        return run_id

    return run


def test_added_changed_and_removed_since_a_run(file_store: Store, save: Save) -> None:
    first = save({A: None, B: None, C: None})
    changed = save({A: how_it_works, B: None})
    for _ in range(2):
        file_store.save_fetch_errors(file_store.start_run({}), [FetchError(C, 410, "HTTP 410")])
    removed = file_store.db.execute("SELECT max(id) FROM crawl_runs").fetchone()[0]
    assert summary(file_store, str(first)) == {
        A: ("changed", changed, ["how_it_works"]),
        C: ("removed", removed, []),
    }
    assert summary(file_store, str(changed)) == {C: ("removed", removed, [])}
    assert summary(file_store, str(removed)) == {}
    entry = feed(file_store, str(first))[A]
    assert (entry.drug, entry.drug_slug) == ("Tacrolimus", "tacrolimus-oral-and-injection")
    assert (entry.condition, entry.condition_slug) == ("Lupus", "lupus")
    assert entry.content_hash == file_store.db.table("pages").get(A)["content_hash"]
    assert entry.seen_at == file_store.db.table("page_versions").get(1)["seen_at"]


def test_a_page_changed_in_several_runs_is_one_entry_with_every_kind(
    file_store: Store, save: Save
) -> None:
    first = save({A: None})
    save({A: how_it_works})
    last = save({A: both})
    assert summary(file_store, str(first)) == {A: ("changed", last, ["how_it_works", "benefits"])}
    stored = file_store.db.table("pages").get(A)["content_hash"]
    assert feed(file_store, str(first))[A].content_hash == stored


def test_a_page_first_seen_after_the_cut_is_added_in_its_latest_state(
    file_store: Store, save: Save
) -> None:
    first = save({A: None})
    save({B: None})
    last = save({B: how_it_works})
    entry = feed(file_store, str(first))[B]
    assert (entry.change, entry.run_id) == ("added", last)
    assert entry.sections_changed == []
    assert entry.content_hash == file_store.db.table("pages").get(B)["content_hash"]


def test_a_page_changed_back_is_left_out(file_store: Store, save: Save) -> None:
    first = save({A: None, B: None})
    save({A: benefits, B: benefits})
    save({A: None})
    assert summary(file_store, str(first)) == {B: ("changed", first + 1, ["benefits"])}


def test_a_removed_page_that_came_back_is_added_for_who_saw_it_gone(
    file_store: Store, save: Save
) -> None:
    first = save({A: None})
    for _ in range(2):
        file_store.save_fetch_errors(file_store.start_run({}), [FetchError(A, 404, "HTTP 404")])
    gone = first + 2
    back = save({A: None})
    assert summary(file_store, str(gone)) == {A: ("added", back, [])}
    assert summary(file_store, str(first)) == {}, "removed and back unchanged: nothing to pull"


def test_since_a_date_or_time(file_store: Store, save: Save) -> None:
    save({A: None})
    assert set(feed(file_store, "2000-01-01")) == {A}
    assert set(feed(file_store, "1999-12-31T23:00:00-05:00")) == {A}
    assert feed(file_store, "2999-01-01T00:00:00Z") == {}


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("7", Since(run_id=7)),
        (" 12 ", Since(run_id=12)),
        ("2025-03-01", Since(time="2025-03-01T00:00:00+00:00")),
        ("2025-03-01T10:20:30", Since(time="2025-03-01T10:20:30+00:00")),
        ("2025-03-01T10:20:30.900Z", Since(time="2025-03-01T10:20:30+00:00")),
        ("2025-03-01 12:00+02:00", Since(time="2025-03-01T10:00:00+00:00")),
    ],
)
def test_parse_since(text: str, since: Since) -> None:
    assert parse_since(text) == since


@pytest.mark.parametrize("text", ["", "yesterday", "-1", "2025-13-01", "1.5"])
def test_parse_since_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="neither a run id nor an ISO date or time"):
        parse_since(text)


def test_an_unknown_run_is_an_error(file_store: Store, save: Save) -> None:
    save({A: None})
    with pytest.raises(HistoryError, match="there is no run 2"):
        page_changes(file_store.db, Since(run_id=2))


def test_a_database_without_history_or_not_medscrapes_is_an_error(tmp_path: Path) -> None:
    old = Database(tmp_path / "old.db")
    migrate(old, MIGRATIONS[:3])
    with pytest.raises(HistoryError, match="no change history yet"):
        page_changes(old, Since(time="2000-01-01T00:00:00+00:00"))
    other = Database(tmp_path / "other.db")
    other["things"].insert({"id": 1})
    with pytest.raises(HistoryError, match="not a medscrape database"):
        page_changes(other, Since(run_id=1))


def test_the_feed_as_jsonl_csv_and_json(file_store: Store, save: Save) -> None:
    first = save({A: None, B: None})
    save({A: both, C: None})
    entries = page_changes(file_store.db, Since(run_id=first))
    # In the order of the log: a batch logs its new pages first.
    assert [(e.url, e.change) for e in entries] == [(C, "added"), (A, "changed")]

    lines = io.StringIO()
    write(entries, "jsonl", lines)
    assert [PageChange.model_validate_json(line) for line in lines.getvalue().splitlines()] == (
        entries
    )
    array = io.StringIO()
    write(entries, "json", array)
    assert [PageChange.model_validate(e) for e in json.loads(array.getvalue())] == entries
    table = io.StringIO()
    write(entries, "csv", table)
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert list(rows[0]) == list(PageChange.model_fields)
    assert (rows[0]["change"], rows[0]["sections_changed"]) == ("added", "")
    assert (rows[1]["url"], rows[1]["sections_changed"]) == (A, "how_it_works;benefits")
    empty = io.StringIO()
    write([], "csv", empty)
    assert empty.getvalue().splitlines() == [",".join(PageChange.model_fields)]


def test_reading_the_feed_writes_nothing(file_store: Store, save: Save) -> None:
    save({A: None})
    before = file_store.db.conn.total_changes
    page_changes(file_store.db, Since(run_id=1))
    assert file_store.db.conn.total_changes == before
