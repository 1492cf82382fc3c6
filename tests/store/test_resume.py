"""Resuming, as the store sees it: which runs died, which run `--resume` picks, and which pages
an interrupted run (and the runs it resumed) settled, so a resumed crawl does not ask again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.failures import RetryPolicy
from pipeline.lock import RunLocked, run_lock
from pipeline.resume import (
    INTERRUPTED,
    ResumeError,
    check_run,
    latest_interrupted,
    mark_dead_runs,
    read_settled,
    resume_chain,
    resume_setting,
    run_status,
    settled_urls,
)
from pipeline.store import FetchError, Reject, Store
from tests.store.conftest import MakeFetched, MakePage

BASE = "https://meds.is/en/conditions/"
ROOT = Path(__file__).resolve().parents[2]


def _run(store: Store, *, resumed_from: int | None = None, kind: str = "crawl") -> int:
    run = store.start_run({"spider": "meds"}, kind=kind)
    if resumed_from is not None:
        store.table("crawl_runs").update(run, {"resumed_from": resumed_from})
    return run


def _status(store: Store, run: int) -> tuple[str | None, str | None]:
    row = store.table("crawl_runs").get(run)
    return row["status"], row["finish_reason"]


def _store_page(
    store: Store, run: int, slug: str, fetched: MakeFetched, make_page: MakePage
) -> str:
    url = BASE + slug
    store.save_pages(run, [fetched(make_page(url))])
    return url


def test_runs_that_never_recorded_their_end_are_marked_interrupted(store: Store) -> None:
    finished, killed, current = _run(store), _run(store), _run(store)
    store.finish_run(finished, "finished", {})
    assert mark_dead_runs(store.db, current) == [killed]
    assert _status(store, killed) == (INTERRUPTED, "killed")
    assert _status(store, finished) == ("ok", "finished")
    assert _status(store, current) == (None, None)  # the caller's own run is left alone
    assert mark_dead_runs(store.db, current) == []  # once only


def test_a_run_a_signal_shut_down_keeps_its_finish_reason(store: Store) -> None:
    run = _run(store)
    store.finish_run(run, "shutdown", {}, status=run_status("shutdown", "failed"))
    assert _status(store, run) == (INTERRUPTED, "shutdown")
    assert mark_dead_runs(store.db) == []


@pytest.mark.parametrize(
    ("reason", "status", "expected"),
    [
        ("shutdown", "failed", INTERRUPTED),
        ("finished", "ok", "ok"),
        ("finished", "failed", "failed"),  # a breached threshold is not an interruption
        ("closespider_timeout", "failed", "failed"),
    ],
)
def test_only_a_signal_makes_a_run_interrupted(reason: str, status: str, expected: str) -> None:
    assert run_status(reason, status) == expected


def test_resume_picks_the_latest_crawl_when_it_was_interrupted(store: Store) -> None:
    first, second = _run(store), _run(store)
    store.finish_run(first, "shutdown", {}, status=INTERRUPTED)
    mark_dead_runs(store.db)
    _run(store, kind="reparse")  # a later reparse does not hide the crawl
    mark_dead_runs(store.db)
    assert latest_interrupted(store.db) == second


def test_resume_refuses_when_the_latest_crawl_finished(store: Store) -> None:
    interrupted, finished = _run(store), _run(store)
    store.finish_run(interrupted, "shutdown", {}, status=INTERRUPTED)
    store.finish_run(finished, "finished", {})
    with pytest.raises(ResumeError, match=f"the latest crawl, run {finished}, ended ok"):
        latest_interrupted(store.db)


def test_resume_refuses_a_database_without_crawls(store: Store) -> None:
    with pytest.raises(ResumeError, match="no crawl runs"):
        latest_interrupted(store.db)


def test_a_named_run_must_be_a_crawl_of_this_database(store: Store) -> None:
    crawl, reparse = _run(store), _run(store, kind="reparse")
    check_run(store.db, crawl)
    with pytest.raises(ResumeError, match="no such run"):
        check_run(store.db, reparse + 10)
    with pytest.raises(ResumeError, match="reparse run"):
        check_run(store.db, reparse)


def test_a_chain_of_resumed_runs_is_followed_to_its_start(store: Store) -> None:
    first = _run(store)
    second = _run(store, resumed_from=first)
    third = _run(store, resumed_from=second)
    other = _run(store)
    assert resume_chain(store.db, third) == [first, second, third]
    assert resume_chain(store.db, second) == [first, second]
    assert resume_chain(store.db, other) == [other]


def test_settled_pages_are_those_the_chain_stored_rejected_or_failed(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    earlier = _run(store)
    old = _store_page(store, earlier, "old-page", fetched, make_page)
    first = _run(store)
    stored = _store_page(store, first, "stored-page", fetched, make_page)
    store.save_rejects(first, [Reject(BASE + "rejected-page", "empty", "", b"<html></html>")])
    store.save_fetch_errors(first, [FetchError(BASE + "failed-page", 404, "HTTP 404", 1)])
    second = _run(store, resumed_from=first)
    later = _store_page(store, second, "later-page", fetched, make_page)
    assert settled_urls(store.db, second) == {
        stored: "stored",
        BASE + "rejected-page": "rejected",
        BASE + "failed-page": "fetch_error",
        later: "stored",
    }
    assert old not in settled_urls(store.db, second)  # a run the chain did not include


#: Fetch errors as the spider records them (tests/spiders/test_fault_mix.py has each fault's).
TRANSIENT = [
    FetchError(BASE + "a", 500, "HTTP 500", 4),
    FetchError(BASE + "b", 503, "HTTP 503", 4),
    FetchError(BASE + "c", 429, "HTTP 429", 4),
    FetchError(BASE + "d", 507, "HTTP 507", 1),  # a 5xx Scrapy does not retry: still transient
    FetchError(BASE + "e", None, "DownloadTimeoutError: Getting x took longer than 30 s", 4),
    FetchError(BASE + "f", None, "DownloadConnectionRefusedError: Connection refused", 4),
    FetchError(BASE + "g", None, "ResponseDataLossError: the connection ended before the", 4),
    FetchError(BASE + "h", None, "ConnectionLost: Connection to the other side was lost", 4),
]
PERMANENT = [
    FetchError(BASE + "p", 404, "HTTP 404", 1),
    FetchError(BASE + "q", 410, "HTTP 410", 1),
    FetchError(BASE + "r", 403, "HTTP 403", 1),
    FetchError(BASE + "s", 302, "redirect_offsite: to https://elsewhere.example/", 1),
    FetchError(BASE + "t", None, "redirect_loop: back to an earlier URL", 1),
    FetchError(BASE + "u", None, "DownloadCancelledError: over the download max size (10)", 1),
    FetchError(BASE + "v", None, "IgnoreRequest: gzip body over DOWNLOAD_MAXSIZE", 1),
    FetchError(BASE + "w", None, "bad_sitemap: DownloadCancelledError: too big", 1),
]


def test_a_transient_fetch_error_does_not_settle_a_page_and_a_permanent_one_does(
    store: Store,
) -> None:
    run = _run(store)
    store.save_fetch_errors(run, [*TRANSIENT, *PERMANENT])
    assert settled_urls(store.db, run) == {e.url: "fetch_error" for e in PERMANENT}


def test_the_latest_failure_of_a_page_in_the_chain_decides(store: Store) -> None:
    first = _run(store)
    store.save_fetch_errors(first, [FetchError(BASE + "gone", 503, "HTTP 503", 4)])
    store.save_fetch_errors(first, [FetchError(BASE + "flaky", 404, "HTTP 404", 1)])
    second = _run(store, resumed_from=first)
    store.save_fetch_errors(second, [FetchError(BASE + "gone", 404, "HTTP 404", 1)])
    store.save_fetch_errors(second, [FetchError(BASE + "flaky", 503, "HTTP 503", 4)])
    assert settled_urls(store.db, second) == {BASE + "gone": "fetch_error"}


def test_the_retry_policy_follows_the_crawl_settings() -> None:
    policy = RetryPolicy.from_settings({"RETRY_HTTP_CODES": [418], "RETRY_EXCEPTIONS": []})
    assert policy.transient(418, "HTTP 418")
    assert policy.transient(502, "HTTP 502")  # any 5xx
    assert not policy.transient(429, "HTTP 429")
    assert not policy.transient(None, "DownloadTimeoutError: took longer than 30 s")


def test_a_page_stored_after_failing_counts_as_stored(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    run = _run(store)
    url = BASE + "flaky-page"
    store.save_fetch_errors(run, [FetchError(url, None, "TimeoutError", 1)])
    store.save_pages(run, [fetched(make_page(url))])
    assert settled_urls(store.db, run) == {url: "stored"}


def test_the_spider_reads_settled_pages_read_only(
    tmp_path: Path, fetched: MakeFetched, make_page: MakePage
) -> None:
    path = tmp_path / "medscrape.db"
    with Store(path) as store:
        run = _run(store)
        url = _store_page(store, run, "stored-page", fetched, make_page)
        assert read_settled(path, run) == {url: "stored"}  # while the writer is open


@pytest.mark.parametrize(
    ("value", "expected"), [(None, None), ("", None), ("0", None), ("7", 7), (3, 3)]
)
def test_the_resume_setting_is_a_run_id_or_off(value: object, expected: int | None) -> None:
    assert resume_setting(value) == expected


@pytest.mark.parametrize("value", ["x", "-2", "1.5"])
def test_a_bad_resume_setting_is_an_error(value: str) -> None:
    with pytest.raises(ValueError, match="MEDSCRAPE_RESUME_FROM must be a run id"):
        resume_setting(value)


def test_a_lock_a_killed_runs_child_still_holds_says_so(tmp_path: Path) -> None:
    """The lock of a killed run is free at once (an flock); only a forked child that outlived
    it can still hold it, and then the message says waiting will not help."""
    db = tmp_path / "medscrape.db"
    code = (
        "import os, sys, time\nfrom pipeline.lock import run_lock\n"
        f"with run_lock({str(db)!r}):\n"
        "    child = os.fork()\n"
        "    if child == 0:\n"
        "        null = os.open(os.devnull, os.O_RDWR)\n"  # not our pipes: we read to EOF
        "        os.dup2(null, 1)\n        os.dup2(null, 2)\n"
        "        time.sleep(60)\n        os._exit(0)\n"
        "    print(child, flush=True)\n    os._exit(0)"  # the run dies; its child lives on
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    child = int(done.stdout)
    try:
        with pytest.raises(RunLocked, match="left over from a run that is gone"), run_lock(db):
            pass
    finally:
        os.kill(child, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while True:  # once the child is gone (reaped by whoever adopted it) the lock is free
        try:
            with run_lock(db):
                break
        except RunLocked:
            assert time.monotonic() < deadline
            time.sleep(0.05)
