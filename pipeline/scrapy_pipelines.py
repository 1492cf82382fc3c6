"""The item pipeline: parse → normalize → validate → store, a thin Scrapy adapter over the stages.

Parsing is CPU work, so it runs in a process pool sized to the cores, never on the reactor
thread; results are written in batches, one transaction each. Every outcome is kept: stored,
rejected (with the raw HTML), skipped, or a fetch error.
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import ExitStack
from multiprocessing import get_context
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from pipeline.listings import ListingCounts
from pipeline.lock import run_lock
from pipeline.monitor import (
    RunFigures,
    Thresholds,
    breaches,
    code_revision,
    evaluate,
    run_status,
    thresholds_from,
)
from pipeline.outcome import Outcome, parse_outcome, parse_worker_setup, pool_failure
from pipeline.resume import mark_dead_runs, resume_setting
from pipeline.resume import run_status as resumable_status
from pipeline.store import RUN_COUNTERS, Fetched, FetchError, Reject, Store
from pipeline.timed_pool import JobTimeout, TimedPool, WorkerDied
from pipeline.validate import Rules, rules_from
from pipeline.worker import worker_setup
from spiders.items import FetchedPage, Listing, NotDue, NotModified, Resumed, Skipped

logger = logging.getLogger(__name__)


#: Without a parse time limit (MEDSCRAPE_PARSE_TIMEOUT = 0), a run's first pages are parsed on
#: the reactor thread, and the worker processes start only past this many: each worker is a
#: fresh interpreter that imports the parser and loads the vocabulary (about 0.6 s of CPU,
#: measured), more than parsing a few dozen pages costs. An unchanged re-crawl parses only its
#: rejects and changed pages, often none at all: on the 2,000-page recrawl benchmark starting two
#: workers for its 4 rejected pages cost about as much as all of its 2,214 requests. (With the
#: limit, nothing is parsed inline, where a stuck parse could not be stopped: the timed pool
#: starts one worker as the run opens and more only as pages queue up.)
INLINE_PAGES = 32


class _InlineExecutor(Executor):
    """MEDSCRAPE_PARSE_WORKERS = 0: parse on the calling thread (debugging, tiny crawls)."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


class _PoolOnDemand(Executor):
    """Parse the first ``inline`` jobs on the calling thread, then in a process pool."""

    def __init__(self, workers: int, inline: int = INLINE_PAGES) -> None:
        self.workers = workers
        self.inline_left = inline
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        if self.pool is None and self.inline_left > 0:
            self.inline_left -= 1
            return _InlineExecutor().submit(fn, *args, **kwargs)
        if self.pool is None:
            logger.info("Starting %s parse workers", self.workers)
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=get_context("spawn"),
                initializer=worker_setup,
                initargs=(os.getpid(),),
            )
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


class StorePipeline:
    def __init__(
        self,
        crawler: Crawler,
        db_path: str,
        batch_size: int,
        workers: int,
        rules: Rules,
        thresholds: Thresholds | None = None,
        resume_from: int | None = None,
        parse_timeout: float = 0,
    ) -> None:
        self.crawler = crawler
        self.parse_timeout = parse_timeout
        self.rules = rules
        self.db_path = db_path
        self.batch_size = batch_size
        self.workers = workers
        self.thresholds = thresholds or Thresholds()
        self.resume_from = resume_from
        self.pages: list[Fetched] = []
        self.rejects: list[Reject] = []
        self.errors: list[FetchError] = []
        self.not_modified: list[NotModified] = []
        self.listings: list[Listing] = []  # robots.txt, sitemaps, index pages
        self.counts = {
            "pages_fetched": 0,
            "pages_stored": 0,
            "pages_new": 0,
            "pages_changed": 0,
            "pages_unchanged": 0,
            "pages_not_modified": 0,
            "pages_rejected": 0,
            "pages_removed": 0,
            "fetch_errors": 0,
            "pages_not_due": 0,
            "pages_resumed": 0,
            "resumed_stored": 0,  # of those, pages stored (or confirmed): still seen
            "pages_skipped": 0,
            # Listings: in the crawler's stats (medscrape/listings_*), not in crawl_runs.
            "listings_new": 0,
            "listings_changed": 0,
            "listings_unchanged": 0,
            "listings_not_modified": 0,
        }

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        pipeline = cls(
            crawler,
            settings.get("MEDSCRAPE_DB", "output/medscrape.db"),
            settings.getint("MEDSCRAPE_BATCH_SIZE", 200),
            settings.getint("MEDSCRAPE_PARSE_WORKERS", 1),
            rules_from(
                settings.getlist("MEDSCRAPE_REQUIRED_SECTIONS"),
                settings.get("MEDSCRAPE_EXPECTED_LANG"),
            ),
            thresholds_from(settings),
            resume_setting(settings.get("MEDSCRAPE_RESUME_FROM")),
            settings.getfloat("MEDSCRAPE_PARSE_TIMEOUT", 30.0),
        )
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        # One run per database (`scrapy crawl` too; `medscrape crawl` already holds it).
        self._held = ExitStack()
        self._held.enter_context(run_lock(self.db_path))
        self.store = Store(self.db_path)
        with self.store.db.atomic():  # holding the lock: runs without an end died
            dead = mark_dead_runs(self.store.db)
        if dead:
            logger.info("runs %s never recorded their end: marked interrupted", dead)
        spider = self.crawler.spider
        self.run_id = self.store.start_run(
            _run_args(spider) if spider else {},
            revision=code_revision(),
            thresholds=self.thresholds.as_json(),
            resumed_from=self.resume_from,
        )
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("medscrape/run_id", self.run_id)
        logger.info("thresholds: %s", self.thresholds.as_json())
        self.pool = self._parse_pool()
        logger.info("Run %s writing to %s", self.run_id, self.db_path)

    def _parse_pool(self) -> Executor:
        """Worker processes under the time limit; without a limit, the first pages inline."""
        if self.workers > 0 and self.parse_timeout > 0:
            logger.info(
                "Parsing in up to %s processes, %s s a page at most",
                self.workers,
                self.parse_timeout,
            )
            pool = TimedPool(self.workers, self.parse_timeout, parse_worker_setup, (os.getpid(),))
            pool.warm(1)  # ready by the first page: robots.txt and sitemaps come first
            return pool
        if self.workers > 0:
            logger.info(
                "Parsing in %s processes (the first %s pages inline)", self.workers, INLINE_PAGES
            )
            return _PoolOnDemand(self.workers)
        if self.parse_timeout > 0:
            logger.warning(
                "MEDSCRAPE_PARSE_WORKERS = 0: pages are parsed inline, with no time limit"
            )
        return _InlineExecutor()

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, FetchedPage):
            await self._page(item)
        elif isinstance(item, FetchError):
            self.errors.append(item)
            self._count("fetch_errors")
        elif isinstance(item, NotModified):
            self.not_modified.append(item)  # counted when the store confirms it knows the page
        elif isinstance(item, NotDue):
            self._count("pages_not_due")  # nothing to write: it was seen recently
        elif isinstance(item, Resumed):
            self._count("pages_resumed")  # settled by the run this one resumes
            if item.settled == "stored":
                self._count("resumed_stored")
        elif isinstance(item, Skipped):
            self.rejects.append(Reject(item.url, item.reason, item.detail, b"", None))
            self._count("pages_skipped")
        elif isinstance(item, Listing):
            self.listings.append(item)  # counted when the store compares it with its last
        buffered = len(self.pages) + len(self.rejects) + len(self.errors) + len(self.not_modified)
        buffered += len(self.listings)
        if buffered >= self.batch_size:
            self.flush()  # one transaction per batch: memory stays flat, the reactor stays free
        return item

    async def _page(self, item: FetchedPage) -> None:
        self._count("pages_fetched")
        future: Future[Outcome] = self.pool.submit(
            parse_outcome, item.body, item.fetched_url or item.url, item.content_type, self.rules
        )  # parsed at the URL fetched: its relative links are relative to that one
        try:
            outcome = await asyncio.wrap_future(future)
        except (JobTimeout, WorkerDied) as error:
            outcome = pool_failure(error)
        if outcome.page is None:
            self.rejects.append(outcome.reject(item.url, item.body, item.status))
            self._count("pages_rejected")
            logger.info("Rejected %s: %s", item.url, outcome.reason)
            return
        self.pages.append(
            outcome.fetched(
                item.body,
                item.status,
                item.fetched_at,
                item.content_type,
                item.validators,
                item.url,
            )
        )

    def flush(self) -> None:
        """Write what is buffered: pages in one transaction, rejects and errors in one each."""
        if self.rejects:
            self.store.save_rejects(self.run_id, self.rejects)
            self.rejects = []
        if self.errors:
            self._count("pages_removed", self.store.save_fetch_errors(self.run_id, self.errors))
            self.errors = []
        if self.not_modified:
            known = self.store.touch_not_modified(self.run_id, self.not_modified)
            self._count("pages_not_modified", known)
            self.not_modified = []
        if self.listings:
            self._count_listings(self.store.save_listings(self.run_id, self.listings))
            self.listings = []
        if not self.pages:
            return
        result = self.store.save_pages(self.run_id, self.pages)
        self.pages = []
        self._count("pages_stored", result.stored)
        self._count("pages_new", result.new)
        self._count("pages_changed", result.changed)
        self._count("pages_unchanged", result.unchanged)

    def _count_listings(self, counts: ListingCounts) -> None:
        self._count("listings_new", counts.new)
        self._count("listings_changed", counts.changed)
        self._count("listings_unchanged", counts.unchanged)
        self._count("listings_not_modified", counts.not_modified)

    def _count(self, key: str, n: int = 1) -> None:
        self.counts[key] += n
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"medscrape/{key}", n)

    def close_spider(self) -> None:
        self.flush()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        try:
            self.flush()
            if reason == "finished":
                self._remove_unlisted(spider)
            self._finish_run(reason)
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self._held.close()  # the run lock

    def _remove_unlisted(self, spider: Spider) -> None:
        """Mark removed the stored pages a complete crawl no longer found (gone from the
        sitemaps, linked from nowhere); unless that is most of them, which is a broken
        sitemap far more often than a site that deleted most of its pages."""
        gone_from = getattr(spider, "gone_from_sitemaps", None)
        if gone_from is None:
            return
        live = self.store.live_urls()
        gone = gone_from(live)
        if not gone:
            return
        limit = self.crawler.settings.getfloat("MEDSCRAPE_MAX_UNLISTED_SHARE", 0.5)
        if len(gone) > limit * len(live):
            logger.warning(
                "%s of %s stored pages are in no sitemap and linked from nowhere: more than "
                "MEDSCRAPE_MAX_UNLISTED_SHARE (%s); none marked removed",
                len(gone),
                len(live),
                limit,
            )
            return
        self._count("pages_removed", self.store.mark_unlisted(self.run_id, gone))
        logger.info("%s pages gone from the sitemaps marked removed", len(gone))

    def _finish_run(self, reason: str) -> None:
        """Measure the run, check the thresholds, record its end; the outcome goes in the
        crawler's stats too, for `medscrape crawl`'s exit status."""
        seen, coverage = self.store.run_pages(self.run_id)
        # Not asked again, but still there: seen recently, or stored by the run this resumes.
        seen += self.counts["pages_not_due"] + self.counts["resumed_stored"]
        checks = evaluate(self.thresholds, self._figures(seen, coverage))
        status = resumable_status(reason, run_status(reason, checks))
        failed = breaches(checks)
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        counts = self._run_counts(seen, stats)
        details = {
            "http_status_counts": http_status_counts(stats),
            "section_coverage": coverage,
            "checks": [check.as_json() for check in checks],
            "breaches": failed,
        }
        self.store.finish_run(self.run_id, reason, counts, status=status, details=details)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("medscrape/status", status)
            self.crawler.stats.set_value("medscrape/breaches", failed)
        logger.info("Run %s finished (%s, %s): %s", self.run_id, reason, status, counts)
        for message in failed:  # `medscrape crawl` says it on stderr when it exits
            logger.info("Run %s breached a threshold: %s", self.run_id, message)

    def _figures(self, seen: int, coverage: dict[str, float]) -> RunFigures:
        return RunFigures(
            pages_seen=seen,
            pages_rejected=self.counts["pages_rejected"],
            fetch_errors=self.counts["fetch_errors"],
            coverage=coverage,
            previous=self.store.previous_successful_crawl(self.run_id),
        )

    def _run_counts(self, seen: int, stats: dict[str, Any]) -> dict[str, int]:
        """The run's counters, with pages seen and the downloader's requests and bytes."""
        counts = {k: v for k, v in self.counts.items() if k in RUN_COUNTERS}
        counts["pages_seen"] = seen
        counts["requests"] = int(stats.get("downloader/request_count", 0))
        counts["bytes_received"] = int(stats.get("downloader/response_bytes", 0))
        return counts


#: Scrapy's downloader stats key of each HTTP status's responses.
_STATUS_STAT = "downloader/response_status_count/"


def http_status_counts(stats: dict[str, Any]) -> dict[str, int]:
    """``{"200": n, "304": n, …}`` from Scrapy's downloader stats, by status."""
    found = {
        key.removeprefix(_STATUS_STAT): int(n)
        for key, n in stats.items()
        if key.startswith(_STATUS_STAT)
    }
    return dict(sorted(found.items(), key=lambda item: int(item[0])))


def _run_args(spider: Spider) -> dict[str, Any]:
    names = ("start_urls_arg", "sitemap_url", "max_pages", "full")
    args: dict[str, Any] = {n: getattr(spider, n, None) for n in names}
    for pattern in ("page_pattern", "index_pattern"):
        value = getattr(spider, pattern, None)
        args[pattern] = getattr(value, "pattern", value)
    args["spider"] = spider.name
    return args
