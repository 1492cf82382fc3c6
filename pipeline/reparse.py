"""Re-parse every stored page from its raw HTML, on every core: no re-crawl needed."""

from __future__ import annotations

import logging
import os
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import TypeVar

from pipeline.outcome import Outcome, parse_outcome
from pipeline.store import Fetched, RawPage, Reject, SaveResult, Store

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


def _parse_raw_batch(raws: list[RawPage]) -> list[tuple[RawPage, Outcome]]:
    """In a worker: inflate and parse a few pages; send the inflated HTML back to be stored."""
    done = []
    for raw in raws:
        page = raw._replace(html=zlib.decompress(raw.html))
        done.append((page, parse_outcome(page.html, page.url, page.content_type)))
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
    pool: Executor, fn: Callable[[T], R], items: Iterable[T], window: int
) -> Iterator[tuple[T, R]]:
    """(item, fn(item)) in order, at most `window` jobs ahead (Executor.map submits them all)."""
    pending: deque[tuple[T, Future[R]]] = deque()
    for item in items:
        pending.append((item, pool.submit(fn, item)))
        if len(pending) >= window:
            done, future = pending.popleft()
            yield done, future.result()
    while pending:
        done, future = pending.popleft()
        yield done, future.result()


def reparse(store: Store, workers: int | None = None, batch_size: int = 200) -> ReparseResult:
    """Parse every raw page again with the current parser and store what changed.

    Pages the current parser rejects are recorded in ``rejects`` and left in ``pages``.
    """
    workers = workers or os.cpu_count() or 1
    fetched = {
        url: (status, fetched_at)
        for url, status, fetched_at in store.db.execute(
            "SELECT url, http_status, fetched_at FROM pages"
        ).fetchall()
    }
    run_id = store.start_run({"command": "reparse", "workers": workers})
    saved, rejected = SaveResult(), 0
    batch: list[Fetched] = []
    rejects: list[Reject] = []
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        # raw_pages reads in keyset-paginated chunks, so writing while iterating is safe.
        window = workers * _IN_FLIGHT_PER_WORKER
        jobs = _batches(store.raw_pages(decompress=False), _PAGES_PER_JOB)
        done = (
            pair for _, pairs in bounded_map(pool, _parse_raw_batch, jobs, window) for pair in pairs
        )
        for raw, outcome in done:
            status, fetched_at = fetched.get(raw.url, (200, ""))
            if outcome.page is None:
                rejects.append(Reject(raw.url, outcome.reason, outcome.detail, raw.html, status))
                continue
            batch.append(Fetched(outcome.page, raw.html, status, fetched_at, raw.content_type))
            if len(batch) >= batch_size:
                saved += store.save_pages(run_id, batch)
                batch = []
    saved += store.save_pages(run_id, batch)
    store.save_rejects(run_id, rejects)
    rejected = len(rejects)
    counts = {
        "pages_stored": saved.stored,
        "pages_unchanged": saved.unchanged,
        "pages_rejected": rejected,
    }
    store.finish_run(run_id, "finished", counts)
    logger.info("Re-parsed %s pages: %s", saved.total + rejected, counts)
    return ReparseResult(run_id, saved, rejected)
