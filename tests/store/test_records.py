"""Foreign keys, rejects, fetch errors and crawl runs."""

from __future__ import annotations

import sqlite3
import zlib

import pytest

from pipeline.store import FetchError, Reject, SaveResult, Store, StoreError
from tests.store.conftest import URL, MakeFetched


def test_foreign_keys_are_on(store: Store) -> None:
    assert store.db.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_a_section_without_its_page_is_refused(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.db.table("sections").insert(
            {
                "page_url": URL,
                "position": 0,
                "kind": "other",
                "heading": "",
                "text": "x",
                "items": "[]",
            }
        )


def test_a_page_with_rows_cannot_be_deleted_alone(store: Store, fetched: MakeFetched) -> None:
    store.save_pages(store.start_run({}), [fetched()])
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.db.execute("DELETE FROM pages WHERE url = ?", [URL])


def test_a_page_needs_a_known_run(store: Store, fetched: MakeFetched) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.save_pages(12345, [fetched()])


def test_a_reject_keeps_its_raw_html(store: Store, html: bytes) -> None:
    run = store.start_run({})
    store.save_reject(run, URL, "soft_404", "the title says it is missing", html, 200)
    row = store.db.table("rejects").get(URL)
    assert zlib.decompress(row["html"]) == html
    assert store.reject_html(URL) == html
    assert (row["reason"], row["detail"], row["run_id"], row["http_status"]) == (
        "soft_404",
        "the title says it is missing",
        run,
        200,
    )
    assert row["seen_at"].endswith("+00:00")
    assert store.reject_html("https://example.org/never") is None


def test_a_url_keeps_its_latest_reject(store: Store) -> None:
    run = store.start_run({})
    store.save_rejects(
        run,
        [
            Reject(URL, "empty", "no body", b""),
            Reject("https://meds.is/other", "binary", "a PDF", b"%PDF", 200),
        ],
    )
    store.save_reject(run, URL, "cookie_wall", "consent page", b"<html>consent</html>", 200)
    assert store.counts()["rejects"] == 2
    assert store.db.table("rejects").get(URL)["reason"] == "cookie_wall"
    assert store.reject_html(URL) == b"<html>consent</html>"


def test_a_later_successful_store_deletes_the_reject(
    store: Store, fetched: MakeFetched, html: bytes
) -> None:
    run = store.start_run({})
    store.save_reject(run, URL, "no_sections", "the parser found none", html, 200)
    store.save_reject(run, "https://meds.is/still-bad", "empty", "", b"", 200)
    assert store.save_pages(store.start_run({}), [fetched()]) == SaveResult(new=1)
    assert [r["url"] for r in store.db.table("rejects").rows] == ["https://meds.is/still-bad"]


def test_an_unchanged_store_also_deletes_the_reject(
    store: Store, fetched: MakeFetched, html: bytes
) -> None:
    run = store.start_run({})
    store.save_pages(run, [fetched()])
    store.save_reject(run, URL, "soft_404", "a glitch", html, 200)
    assert store.save_pages(run, [fetched()]) == SaveResult(unchanged=1)
    assert store.counts()["rejects"] == 0


def test_fetch_errors_are_recorded_per_url_and_run(store: Store) -> None:
    first, second = store.start_run({}), store.start_run({})
    store.save_fetch_error(first, URL, 503, "Service Unavailable", attempts=3)
    store.save_fetch_errors(
        first, [FetchError("https://meds.is/timeout", None, "TimeoutError: 180 s")]
    )
    store.save_fetch_error(second, URL, 500, "Internal Server Error")
    store.save_fetch_error(second, URL, 502, "Bad Gateway", attempts=2)  # same run: latest wins
    rows = {(r["url"], r["run_id"]): r for r in store.db.table("fetch_errors").rows}
    assert set(rows) == {(URL, first), ("https://meds.is/timeout", first), (URL, second)}
    assert (rows[URL, first]["status"], rows[URL, first]["attempts"]) == (503, 3)
    assert rows["https://meds.is/timeout", first]["status"] is None
    assert rows["https://meds.is/timeout", first]["attempts"] == 1
    assert (rows[URL, second]["status"], rows[URL, second]["error"]) == (502, "Bad Gateway")


def test_a_run_records_its_arguments_end_and_counters(store: Store) -> None:
    run = store.start_run({"spider": "meds", "max_pages": 10})
    started = store.db.table("crawl_runs").get(run)
    assert started["args"] == '{"max_pages": 10, "spider": "meds"}'
    assert started["finished_at"] is None
    assert started["pages_stored"] == 0
    store.finish_run(
        run, "finished", {"pages_stored": 7, "pages_unchanged": 2, "pages_rejected": 1}
    )
    done = store.db.table("crawl_runs").get(run)
    assert done["finish_reason"] == "finished"
    assert done["finished_at"] >= done["started_at"]
    assert (done["pages_stored"], done["pages_unchanged"], done["pages_rejected"]) == (7, 2, 1)
    assert done["fetch_errors"] == 0
    assert store.start_run({}) == run + 1


def test_finish_run_refuses_unknown_counters_and_runs(store: Store) -> None:
    run = store.start_run({})
    with pytest.raises(ValueError, match="pages_lost"):
        store.finish_run(run, "finished", {"pages_lost": 1})
    with pytest.raises(StoreError, match="no crawl run 99"):
        store.finish_run(99, "finished", {})


def test_counts_cover_every_table(store: Store, fetched: MakeFetched) -> None:
    store.save_pages(store.start_run({}), [fetched()])
    assert store.counts() == {
        "pages": 1,
        "sections": 5,
        "subsections": 6,
        "related_articles": 49,
        "drugs": 1,
        "conditions": 1,
        "side_effects": 0,  # a parsed page not yet normalized has none
        "unknown_term_pages": 0,
        "crawl_runs": 1,
        "rejects": 0,
        "fetch_errors": 0,
        "raw_html": 1,
        "page_versions": 0,  # a new page is not a version
        "page_changes": 1,  # but it is logged as added
    }
