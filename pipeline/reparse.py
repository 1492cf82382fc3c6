"""Re-parse every stored page from its raw HTML, on every core: no re-crawl needed."""

from __future__ import annotations

import logging
import os
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TypeVar

from pipeline.monitor import code_revision
from pipeline.outcome import Outcome, parse_outcome, parse_worker_setup, pool_failure
from pipeline.settings import MEDSCRAPE_PARSE_TIMEOUT
from pipeline.store import Fetched, RawPage, Reject, SaveResult, Store
from pipeline.timed_pool import JobTimeout, TimedPool, WorkerDied
from pipeline.validate import Rules

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: Jobs in flight per worker: enough to keep workers busy, few enough to bound memory.
_IN_FLIGHT_PER_WORKER = 8


@dataclass(slots=True)
class ReparseResult:
    run_id: int
    saved: SaveResult
    rejected: int


#: Pages per job: one pickle round-trip and one wake-up of the pool per few pages.
_PAGES_PER_JOB = 8


def _parse_raw_batch(job: tuple[list[RawPage], Rules]) -> list[tuple[RawPage, Outcome]]:
    """In a worker: inflate and parse a few pages; send the inflated HTML back to be stored."""
    raws, rules = job
    done = []
    for raw in raws:
        page = raw._replace(html=zlib.decompress(raw.html))
        # Parsed at the URL it was fetched at (its relative links), stored under its own.
        at = page.fetched_url or page.url
        done.append((page, parse_outcome(page.html, at, page.content_type, rules)))
    return done


def _batches(raws: Iterator[RawPage], size: int) -> Iterator[list[RawPage]]:
    batch: list[RawPage] = []
    for raw in raws:
        batch.append(raw)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def bounded_map(
    submit: Callable[[T], Future[R]], items: Iterable[T], window: int
) -> Iterator[tuple[T, Future[R]]]:
    """(item, its job's future) in order, at most `window` jobs ahead (Executor.map submits them
    all); each future is yielded done or about to be waited for."""
    pending: deque[tuple[T, Future[R]]] = deque()
    for item in items:
        pending.append((item, submit(item)))
        if len(pending) >= window:
            yield pending.popleft()
    while pending:
        yield pending.popleft()


_Job = tuple[list[RawPage], Rules]


def _parsed(
    pool: TimedPool, jobs: Iterable[_Job], window: int
) -> Iterator[tuple[RawPage, Outcome]]:
    """Each page with its outcome. A job of a few pages has the limit of all of them together;
    past it (or if its worker died), its pages are parsed again one a job, each within the limit,
    so only the slow page is rejected."""

    def submit(job: _Job) -> Future[list[tuple[RawPage, Outcome]]]:
        limit = pool.limit * len(job[0]) if pool.limit else None
        return pool.submit_within(limit, _parse_raw_batch, job)

    for job, future in bounded_map(submit, jobs, window):
        try:
            yield from future.result()
        except (JobTimeout, WorkerDied):
            yield from _one_by_one(pool, job)


def _one_by_one(pool: TimedPool, job: _Job) -> Iterator[tuple[RawPage, Outcome]]:
    raws, rules = job
    for raw in raws:
        try:
            yield from pool.submit(_parse_raw_batch, ([raw], rules)).result()
        except (JobTimeout, WorkerDied) as error:
            yield raw._replace(html=zlib.decompress(raw.html)), pool_failure(error)


def reparse(
    store: Store,
    workers: int | None = None,
    batch_size: int = 200,
    *,
    rules: Rules | None = None,
    rejects: bool = False,
    parse_timeout: float = MEDSCRAPE_PARSE_TIMEOUT,
) -> ReparseResult:
    """Parse and normalize every stored page again from its raw HTML; store what changed.

    Pages the current code rejects are recorded in ``rejects`` and left in ``pages``. With
    ``rejects=True`` the pages in ``rejects`` (that kept HTML) are retried instead: one that
    passes now is stored and leaves ``rejects``. A page whose parse takes longer than
    ``parse_timeout`` seconds (0: no limit) is rejected as ``parse_timeout``.
    """
    workers = workers or os.cpu_count() or 1
    rules = rules or Rules()
    fetched = store.fetch_bookkeeping(rejects=rejects)
    run_id = store.start_run(
        {"command": "reparse", "workers": workers, "rejects": rejects},
        kind="reparse",
        revision=code_revision(),
    )
    saved = SaveResult()
    batch: list[Fetched] = []
    failed: list[Reject] = []
    source = store.reject_pages(decompress=False) if rejects else store.raw_pages(decompress=False)
    pool = TimedPool(workers, parse_timeout or None, parse_worker_setup, (os.getpid(),))
    with pool:
        # Both sources read in keyset-paginated chunks, so writing while iterating is safe.
        window = workers * _IN_FLIGHT_PER_WORKER
        jobs = ((raws, rules) for raws in _batches(source, _PAGES_PER_JOB))
        for raw, outcome in _parsed(pool, jobs, window):
            status, fetched_at = fetched.get(raw.url, (200, ""))
            if outcome.page is None:
                failed.append(outcome.reject(raw.url, raw.html, status))
                continue
            batch.append(
                outcome.fetched(raw.html, status, fetched_at, raw.content_type, key=raw.url)
            )
            if len(batch) >= batch_size:
                saved += store.save_pages(run_id, batch, clear_rejects=rejects)
                batch = []
    saved += store.save_pages(run_id, batch, clear_rejects=rejects)
    store.save_rejects(run_id, failed)
    pruned = store.prune_concepts()
    counts = {
        "pages_stored": saved.stored,
        "pages_new": saved.new,
        "pages_changed": saved.changed,
        "pages_unchanged": saved.unchanged,
        "pages_rejected": len(failed),
    }
    store.finish_run(run_id, "finished", counts)
    logger.info(
        "Re-parsed %s pages: %s; %s unused concepts pruned",
        saved.total + len(failed),
        counts,
        pruned,
    )
    return ReparseResult(run_id, saved, len(failed))
