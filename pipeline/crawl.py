"""Run a crawl in this process: the `medscrape crawl` and `medscrape demo` commands use this."""

from __future__ import annotations

import difflib
import inspect
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import UnionType
from typing import Any, get_args, get_type_hints

from scrapy.crawler import CrawlerProcess
from scrapy.settings import SETTINGS_PRIORITIES, Settings
from scrapy.utils.project import get_project_settings

from pipeline.files import BadFile, writable_database
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
        spiders = ", ".join(loader.list()) or "none"
        raise CrawlError(f"no spider named {name!r} (known: {spiders})") from None
    arguments = _spider_arguments(spidercls)
    unknown = sorted(set(args) - set(arguments))
    if unknown:
        # Scrapy's Spider takes any keyword and keeps it: a misspelt argument would be ignored.
        known = ", ".join(arguments) or "none"
        raise CrawlError(f"unknown spider argument {unknown[0]!r} (known: {known})")
    try:
        spidercls(**args)
    except (TypeError, ValueError, re.error) as error:
        raise CrawlError(f"bad spider argument: {error}") from None


def _spider_arguments(spidercls: type) -> list[str]:
    """The named parameters of the spider's ``__init__``."""
    parameters = inspect.signature(spidercls).parameters.values()
    named = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return [p.name for p in parameters if p.kind in named]


def check_settings(settings: Settings, given: Mapping[str, Any]) -> None:
    """Every setting given is one Scrapy or the project knows, of the right type, and every
    medscrape setting (however it was set) is of the type pipeline/settings.py declares and
    means something: a misspelt or malformed one is one clear error instead of being ignored or
    failing inside the crawl."""
    defaults = project_settings({})
    for name in given:
        if name not in defaults:
            close = difflib.get_close_matches(name, list(defaults), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise CrawlError(f"unknown setting {name!r}{hint}")
    _check_meanings(settings)  # first: their messages say what the value must be
    declared = _declared_types()
    for name in sorted({*given, *declared}):
        _check_type(settings, name, declared.get(name, type(defaults[name])))
    level = settings.get("LOG_LEVEL")
    if isinstance(level, str) and level.upper() not in logging.getLevelNamesMapping():
        levels = "DEBUG, INFO, WARNING, ERROR, CRITICAL"
        raise CrawlError(f"setting LOG_LEVEL is one of {levels}, not {level!r}")


def given_settings(settings: Settings) -> dict[str, Any]:
    """The settings given on the command line (``scrapy crawl -s NAME=VALUE``)."""
    cmdline = SETTINGS_PRIORITIES["cmdline"]
    return {name: settings[name] for name in settings if settings.getpriority(name) == cmdline}


def _declared_types() -> dict[str, Any]:
    """medscrape's own settings and their types, as pipeline/settings.py declares them: the
    annotation where it has one (``int | None``), else its default's type."""
    from pipeline import settings as declared

    hints = get_type_hints(declared)
    return {
        name: hints.get(name, type(value))
        for name, value in vars(declared).items()
        if name.startswith("MEDSCRAPE_")
    }


def _check_type(settings: Settings, name: str, kind: Any) -> None:
    value = settings.get(name)
    if isinstance(kind, UnionType) and type(None) in get_args(kind):
        if value in (None, ""):
            return
        kind = next(k for k in get_args(kind) if k is not type(None))
    try:
        if kind is bool:
            settings.getbool(name)
            return
        if kind is int:
            number: float = settings.getint(name)
        elif kind is float:
            number = settings.getfloat(name)
        else:
            return
    except (TypeError, ValueError):
        said = {bool: "true or false", int: "a whole number"}.get(kind, "a number")
        raise CrawlError(f"setting {name} takes {said}, not {value!r}") from None
    if number < 0:  # delays, timeouts, sizes, counts: none is negative
        raise CrawlError(f"setting {name} cannot be negative, not {value!r}")


def _check_meanings(settings: Settings) -> None:
    """The settings whose value means more than its type, read as the crawl will read them."""
    from pipeline.recrawl import parse_duration
    from pipeline.resume import resume_setting
    from pipeline.validate import rules_from

    try:
        resume_setting(settings.get("MEDSCRAPE_RESUME_FROM"))
        parse_duration(str(settings.get("MEDSCRAPE_RECRAWL_AFTER", "0")))
        rules_from(
            settings.getlist("MEDSCRAPE_REQUIRED_SECTIONS"),
            settings.get("MEDSCRAPE_EXPECTED_LANG"),
        )
    except ValueError as error:
        raise CrawlError(f"bad setting: {error}") from None


def check_database(settings: Settings) -> None:
    """The database is a path to create, or a writable SQLite file: medscrape's or table-less."""
    from pipeline.sqlite import StoreError, check_ours

    try:
        path = writable_database(Path(str(settings.get("MEDSCRAPE_DB"))))
    except BadFile as error:
        raise CrawlError(str(error)) from None
    if path.exists():
        try:
            check_ours(path)
        except StoreError as error:
            raise CrawlError(str(error)) from None


def preflight(name: str, args: dict[str, str], overrides: dict[str, Any]) -> None:
    """Every check a crawl makes before it starts, so bad input is one line before any lock,
    reactor or database file."""
    settings = project_settings(overrides)
    check_crawl_settings(settings, overrides)
    check_spider(settings, name, args)


def check_crawl_settings(settings: Settings, given: Mapping[str, Any]) -> None:
    """The checks of a crawl's settings, ``given`` the ones set on its command line: those of
    ``medscrape crawl`` and of Scrapy's own ``scrapy crawl`` (pipeline/scrapy_commands)."""
    check_thresholds(settings)  # first: it names what a threshold setting must be
    check_settings(settings, given)
    check_database(settings)


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
