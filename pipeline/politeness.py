"""Downloader middleware: robots.txt Crawl-delay and Retry-After become per-site minimum delays.

Scrapy obeys robots.txt rules but not its Crawl-delay, and retries 429/503 without reading
Retry-After; AutoThrottle may lower a slot's delay below either. This middleware keeps a floor
per download slot and raises the slot's delay back to it before every request.
"""

from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime

from protego import Protego
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

logger = logging.getLogger(__name__)

_BACK_OFF_STATUSES = (429, 503)


def retry_after_seconds(value: str, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class PolitenessMiddleware:
    def __init__(
        self, crawler: Crawler, user_agent: str, honour_crawl_delay: bool, max_retry_after: float
    ) -> None:
        self.crawler = crawler
        self.user_agent = user_agent
        self.honour_crawl_delay = honour_crawl_delay
        self.max_retry_after = max_retry_after
        self.floors: dict[str, float] = {}  # slot key → Crawl-delay, for the whole crawl
        self.pauses: dict[str, tuple[float, float]] = {}  # slot key → (Retry-After, until when)
        self.base_delay = crawler.settings.getfloat("DOWNLOAD_DELAY")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PolitenessMiddleware:
        settings = crawler.settings
        return cls(
            crawler,
            settings.get("USER_AGENT", ""),
            settings.getbool("MEDSCRAPE_HONOUR_CRAWL_DELAY", True),
            settings.getfloat("MEDSCRAPE_MAX_RETRY_AFTER", 600.0),
        )

    def _slot_key(self, request: Request) -> str:
        assert self.crawler.engine is not None
        return self.crawler.engine.downloader.get_slot_key(request)

    def floor(self, key: str, now: float) -> float:
        """The least delay between requests to a slot now: Crawl-delay, or a live Retry-After."""
        wait, until = self.pauses.get(key, (0.0, 0.0))
        return max(self.floors.get(key, 0.0), wait if now < until else 0.0)

    def process_request(self, request: Request) -> None:
        key = self._slot_key(request)
        assert self.crawler.engine is not None
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is None:
            return
        now = time.monotonic()
        floor = self.floor(key, now)
        if slot.delay < floor:
            slot.delay = floor
        paused = key in self.pauses and now < self.pauses[key][1]
        if key in self.pauses and not paused:
            # The Retry-After pause is over: back to the site's own pace.
            del self.pauses[key]
            slot.delay = max(floor, self.base_delay)

    def process_response(self, request: Request, response: Response) -> Response:
        key = self._slot_key(request)
        if self.honour_crawl_delay and response.url.endswith("/robots.txt"):
            if response.status == 200:
                self._read_crawl_delay(key, response)
        elif response.status in _BACK_OFF_STATUSES:
            header = response.headers.get(b"Retry-After")
            wait = retry_after_seconds(header.decode("latin-1"), time.time()) if header else None
            if wait is not None:
                wait = min(wait, self.max_retry_after)
                self.pauses[key] = (wait, time.monotonic() + wait)
                logger.info("%s sent %s: waiting %.0fs (Retry-After)", key, response.status, wait)
        return response

    def _read_crawl_delay(self, key: str, response: Response) -> None:
        delay = Protego.parse(response.text).crawl_delay(self.user_agent)
        if delay and float(delay) > self.floors.get(key, 0.0):
            self.floors[key] = float(delay)
            logger.info("robots.txt of %s asks for %.1fs between requests", key, float(delay))
