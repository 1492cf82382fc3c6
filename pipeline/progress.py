"""Scrapy extension: a live progress line (pages/s, queued, stored, rejected) on the terminal."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.table import Table
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

#: How often the display refreshes, in seconds.
INTERVAL = 0.5


class Progress:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.live = Live(console=Console(stderr=True), auto_refresh=False, transient=False)
        self.loop = task.LoopingCall(self.show)
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        if not crawler.settings.getbool("MEDSCRAPE_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self) -> None:
        self.started = time.monotonic()
        self.live.start()
        self.loop.start(INTERVAL, now=True)

    def closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
        self.show()
        self.live.stop()

    def show(self) -> None:
        self.live.update(self.render(), refresh=True)

    def render(self) -> Table:
        stats: dict[str, Any] = self.crawler.stats.get_stats() if self.crawler.stats else {}
        elapsed = max(time.monotonic() - self.started, 1e-6)
        responses = stats.get("response_received_count", 0)
        queued = stats.get("scheduler/enqueued", 0) - stats.get("scheduler/dequeued", 0)
        table = Table.grid(padding=(0, 2))
        table.add_row(
            f"[bold]{responses / elapsed:6.1f}[/] pages/s",
            f"queued [bold]{queued}[/]",
            f"stored [green]{stats.get('medscrape/pages_stored', 0)}[/]",
            f"unchanged {stats.get('medscrape/pages_unchanged', 0)}",
            f"rejected [yellow]{stats.get('medscrape/pages_rejected', 0)}[/]",
            f"fetch errors [red]{stats.get('medscrape/fetch_errors', 0)}[/]",
            f"{elapsed:5.0f}s",
        )
        return table
