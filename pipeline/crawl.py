"""Run a crawl in this process: the `medscrape crawl` and `medscrape demo` commands use this."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from pipeline.monitor import OK_FINISH_REASONS, thresholds_from


class CrawlError(Exception):
    """A crawl could not start: unknown spider, bad argument. The message is one line."""


@dataclass(slots=True)
class CrawlResult:
    finish_reason: str
    stats: dict[str, Any]

    @property
    def ok(self) -> bool:
        """The crawl ended normally (thresholds aside)."""
        return self.finish_reason in OK_FINISH_REASONS

    @property
    def run_id(self) -> int | None:
        value = self.stats.get("medscrape/run_id")
        return None if value is None else int(value)

    @property
    def breaches(self) -> list[str]:
        """One line per threshold the run breached (see :mod:`pipeline.monitor`)."""
        return list(self.stats.get("medscrape/breaches") or [])


def project_settings(overrides: dict[str, Any]) -> Settings:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "pipeline.settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    return settings


def check_spider(settings: Settings, name: str, args: dict[str, str]) -> None:
    """Build the spider once so a bad name or argument is one clear error, before any reactor."""
    from scrapy.spiderloader import SpiderLoader

    loader = SpiderLoader.from_settings(settings)
    try:
        spidercls = loader.load(name)
    except KeyError:
        known = ", ".join(loader.list()) or "none"
        raise CrawlError(f"no spider named {name!r} (known: {known})") from None
    try:
        spidercls(**args)
    except (TypeError, ValueError) as error:
        raise CrawlError(f"bad spider argument: {error}") from None


def check_thresholds(settings: Settings) -> None:
    """A bad threshold setting is one clear error before the crawl, not a traceback in it."""
    try:
        thresholds_from(settings)
    except ValueError as error:
        raise CrawlError(f"bad threshold: {error}") from None


def run_crawl(name: str, args: dict[str, str], overrides: dict[str, Any]) -> CrawlResult:
    """Crawl with the project's settings plus overrides; blocks until the crawl ends."""
    settings = project_settings(overrides)
    check_spider(settings, name, args)
    check_thresholds(settings)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(name)
    process.crawl(crawler, **args)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return CrawlResult(str(stats.get("finish_reason", "unknown")), stats)
