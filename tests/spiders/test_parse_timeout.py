"""The per-page parse time limit: a page whose parse runs past MEDSCRAPE_PARSE_TIMEOUT is
rejected as parse_timeout, its worker process killed and replaced, and the run goes on.

The slow page is a big one, no test hook: a good sample page with 8 MB of paragraphs in its
first section (under DOWNLOAD_MAXSIZE; ~8 s to parse here), under a limit of 1 s (the sample's
other pages parse in ~0.03 s).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from pipeline.demo import DemoServer, Manifest, build_site, serve
from pipeline.demo.site import file_for
from pipeline.reparse import reparse
from pipeline.store import Store
from pipeline.timed_pool import JobTimeout, TimedPool
from tests.spiders.crawling import crawl

LIMIT = 1.0
PARAGRAPHS = 130_000  # of 62 bytes: 8 MB


@pytest.fixture(scope="module")
def slow_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest, str]:
    """A small sample site, one of whose good pages takes far longer than LIMIT to parse."""
    root = tmp_path_factory.mktemp("slow") / "site"
    manifest = build_site(root, drugs=8, conditions=8, pages=40)
    slow = manifest.pages[5].path
    page = file_for(root, slow)
    text = b"<p>Side effects include nausea and headache in some people.</p>" * PARAGRAPHS
    page.write_bytes(page.read_bytes().replace(b"</h2>", b"</h2>" + text, 1))
    return root, manifest, slow


@pytest.fixture(scope="module")
def slow_server(slow_site: tuple[Path, Manifest, str]) -> Iterator[DemoServer]:
    with serve(slow_site[0]) as running:
        yield running


@pytest.fixture(scope="module")
def crawled(slow_server: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("crawl") / "medscrape.db"
    # (The small site's few bad pages are most of its fetch errors: no error-rate threshold.)
    limits = ["-s", f"MEDSCRAPE_PARSE_TIMEOUT={LIMIT}", "-s", "MEDSCRAPE_MAX_ERROR_RATE=1"]
    crawl(slow_server, db, *limits)
    return db


def _paths(db: Database, sql: str) -> set[str]:
    return {urlsplit(row[0]).path for row in db.execute(sql).fetchall()}


def test_a_page_past_the_limit_is_rejected_and_the_crawl_stores_the_others(
    crawled: Path, slow_site: tuple[Path, Manifest, str]
) -> None:
    _, manifest, slow = slow_site
    db = Database(crawled)
    rows = db.execute("select url, reason, detail from rejects where reason = 'parse_timeout'")
    [(url, _, detail)] = rows.fetchall()
    assert urlsplit(url).path == slow
    assert f"limit of {LIMIT:g} s" in detail
    assert _paths(db, "select url from pages") == manifest.good_paths - {slow}
    [(reason, stored)] = db.execute("select finish_reason, pages_stored from crawl_runs").fetchall()
    assert (reason, stored) == ("finished", len(manifest.good_paths) - 1)


def test_reparse_rejects_the_slow_page_and_keeps_the_others(
    crawled: Path, slow_site: tuple[Path, Manifest, str]
) -> None:
    _, manifest, slow = slow_site
    with Store(crawled) as store:
        again = reparse(store, workers=2, parse_timeout=LIMIT)
        retried = reparse(store, workers=2, rejects=True, parse_timeout=LIMIT)
    assert (again.rejected, again.saved.unchanged) == (0, len(manifest.good_paths) - 1)
    db = Database(crawled)
    [(url, run_id)] = db.execute(
        "select url, run_id from rejects where reason = 'parse_timeout'"
    ).fetchall()
    assert (urlsplit(url).path, run_id) == (slow, retried.run_id)  # timed out again
    assert _paths(db, "select url from pages") == manifest.good_paths - {slow}


def test_a_job_past_its_limit_fails_alone_and_its_worker_is_replaced() -> None:
    with TimedPool(2, 1.0) as pool:
        first = pool.submit(os.getpid).result(timeout=60)
        slow = pool.submit(time.sleep, 60)
        quick = [pool.submit(pow, 2, n) for n in range(20)]
        started = time.monotonic()
        with pytest.raises(JobTimeout, match="limit of 1 s"):
            slow.result(timeout=60)
        assert time.monotonic() - started < 30  # killed near the limit, not after 60 s
        assert [f.result(timeout=60) for f in quick] == [2**n for n in range(20)]
        assert pool.killed == 1
        after = {pool.submit(os.getpid).result(timeout=60) for _ in range(8)}
        assert os.getpid() not in after | {first}  # never the calling process
        assert pool.started >= 2


def test_a_job_within_the_limit_and_an_exception_come_back_as_they_are() -> None:
    with TimedPool(1, 30.0) as pool:
        assert pool.submit(sum, [1, 2, 3]).result(timeout=60) == 6
        with pytest.raises(ZeroDivisionError):
            pool.submit(divmod, 1, 0).result(timeout=60)
        assert (pool.started, pool.killed) == (1, 0)  # one worker does it all


def test_big_jobs_and_big_results_do_not_block_the_pool() -> None:
    """300 KB in and out of each job, more than a pipe holds: a job is sent ahead to a busy
    worker only if it fits, or the pool would wait on the worker while it waits on the pool."""
    page = b"x" * 300_000
    with TimedPool(1, 30.0) as pool:
        done = [pool.submit(bytes, page) for _ in range(10)]
        assert all(f.result(timeout=60) == page for f in done)


def test_a_warm_pool_starts_one_worker_before_any_job_and_uses_it() -> None:
    with TimedPool(2, 30.0) as pool:
        pool.warm(1)
        waited = time.monotonic()
        while pool.started == 0 and time.monotonic() - waited < 30:
            time.sleep(0.05)
        assert pool.started == 1
        assert pool.submit(os.getpid).result(timeout=60) != os.getpid()
        assert pool.started == 1  # the warm worker took the job
