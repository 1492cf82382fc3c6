"""Crawl runs as the store records them: kind, revision, thresholds, status, the figures the
thresholds measure, and which run is the previous successful crawl."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pipeline.store import Store
from tests.store.conftest import MakeFetched, MakePage


def test_a_run_records_kind_revision_thresholds_status_and_details(store: Store) -> None:
    run = store.start_run(
        {"spider": "meds"}, kind="crawl", revision="abc123", thresholds={"min_pages": 5}
    )
    started = store.db.table("crawl_runs").get(run)
    assert (started["kind"], started["git_revision"], started["status"]) == (
        "crawl",
        "abc123",
        None,  # running
    )
    assert json.loads(started["thresholds"]) == {"min_pages": 5}
    checks = [{"name": "min_pages", "limit": 5, "measured": 3, "ok": False, "message": "m"}]
    store.finish_run(
        run,
        "finished",
        {"pages_seen": 3, "requests": 7},
        status="failed",
        details={"http_status_counts": {"200": 7}, "checks": checks, "breaches": ["m"]},
    )
    done = store.db.table("crawl_runs").get(run)
    assert (done["status"], done["pages_seen"], done["requests"]) == ("failed", 3, 7)
    assert json.loads(done["http_status_counts"]) == {"200": 7}
    assert json.loads(done["checks"]) == checks
    assert json.loads(done["breaches"]) == ["m"]
    assert done["duration_s"] >= 0


@pytest.mark.parametrize(("reason", "status"), [("finished", "ok"), ("shutdown", "failed")])
def test_the_status_defaults_to_how_the_run_ended(store: Store, reason: str, status: str) -> None:
    run = store.start_run({})
    store.finish_run(run, reason, {})
    assert store.db.table("crawl_runs").get(run)["status"] == status


def test_unknown_details_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="verdict"):
        store.finish_run(store.start_run({}), "finished", {}, details={"verdict": 1})


def _run(store: Store, status: str, pages: int, kind: str = "crawl") -> int:
    run = store.start_run({}, kind=kind)
    store.finish_run(run, "finished", {"pages_seen": pages}, status=status)
    return run


def test_the_previous_successful_crawl_skips_failed_runs_and_reparses(store: Store) -> None:
    first = _run(store, "ok", 10)
    assert store.previous_successful_crawl(first) is None
    latest_ok = _run(store, "ok", 8)
    _run(store, "failed", 2)
    _run(store, "ok", 500, kind="reparse")
    current = store.start_run({})
    assert store.previous_successful_crawl(current) == (latest_ok, 8)
    assert store.previous_successful_crawl(latest_ok) == (first, 10)


def test_run_pages_counts_what_the_run_saw_and_each_kinds_coverage(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    def without_reviews(record: dict[str, Any]) -> None:
        record["sections"] = [s for s in record["sections"] if s["kind"] != "reviews"]

    old = store.start_run({})
    store.save_pages(old, [fetched(make_page(url="https://meds.is/en/conditions/a-b"))])
    run = store.start_run({})
    pages = [
        fetched(),
        fetched(make_page(url="https://meds.is/en/conditions/c-d", edit=without_reviews)),
    ]
    store.save_pages(run, pages)
    seen, coverage = store.run_pages(run)
    assert seen == 2  # not the page only the older run saw
    assert coverage["what_is"] == 1.0
    assert coverage["reviews"] == 0.5
    assert store.run_pages(store.start_run({})) == (0, {})
