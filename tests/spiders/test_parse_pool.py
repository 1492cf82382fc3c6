"""The item pipeline's parse executor: the first pages inline, worker processes only past them."""

from __future__ import annotations

import os

from pipeline.scrapy_pipelines import INLINE_PAGES, _PoolOnDemand


def test_the_first_jobs_run_inline_and_the_workers_start_only_past_them() -> None:
    pool = _PoolOnDemand(workers=1, inline=2)
    try:
        inline = [pool.submit(os.getpid).result() for _ in range(2)]
        assert inline == [os.getpid()] * 2
        assert pool.pool is None  # no worker started for a run with little to parse
        worker = pool.submit(os.getpid).result(timeout=60)
        assert worker != os.getpid()
        assert pool.pool is not None
    finally:
        pool.shutdown(wait=True)


def test_a_run_that_parses_nothing_starts_no_worker() -> None:
    pool = _PoolOnDemand(workers=2)
    assert pool.inline_left == INLINE_PAGES > 0
    pool.shutdown(wait=True)  # nothing to stop
    assert pool.pool is None
