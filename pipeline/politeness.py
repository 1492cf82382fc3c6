"""Downloader middleware: robots.txt Crawl-delay and Retry-After become per-site minimum delays.

Scrapy obeys robots.txt rules but not its Crawl-delay, and retries 429/503 without reading
Retry-After; AutoThrottle may lower a slot's delay below either. This middleware keeps a floor
per download slot and raises the slot's delay back to it before every request.

A slot's delay alone does not make a retry wait out Retry-After: it counts from when the last
request was sent, not from the 429/503 answer, and DOWNLOAD_DELAY_JITTER scales it by 0.5-1.5
(a run saw a retry 1.8 s after "Retry-After: 2"). So a request to a paused slot also waits,
here, until the pause ends. Repeated 429/503s back off: each pause is at least twice the last
(from MEDSCRAPE_BACKOFF_BASE), never more than MEDSCRAPE_MAX_RETRY_AFTER.
"""

from __future__ import annotations

import asyncio
import logging
import time
from email.utils import parsedate_to_datetime

from protego import Protego
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.reactor import is_asyncio_reactor_installed

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
        self,
        crawler: Crawler,
        user_agent: str,
        honour_crawl_delay: bool,
        max_retry_after: float,
        backoff_base: float = 1.0,
    ) -> None:
        self.crawler = crawler
        self.user_agent = user_agent
        self.honour_crawl_delay = honour_crawl_delay
        self.max_retry_after = max_retry_after
        self.backoff_base = backoff_base
        self.streaks: dict[str, int] = {}  # slot key → 429/503 answers in a row
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
            settings.getfloat("MEDSCRAPE_BACKOFF_BASE", 1.0),
        )

    def _slot_key(self, request: Request) -> str:
        assert self.crawler.engine is not None
        return self.crawler.engine.downloader.get_slot_key(request)

    def floor(self, key: str, now: float) -> float:
        """The least delay between requests to a slot now: Crawl-delay, or a live Retry-After."""
        wait, until = self.pauses.get(key, (0.0, 0.0))
        return max(self.floors.get(key, 0.0), wait if now < until else 0.0)

    async def process_request(self, request: Request) -> None:
        key = self._slot_key(request)
        self._raise_delay(key)
        until = self.pauses.get(key, (0.0, 0.0))[1]
        now = time.monotonic()
        if now < until and is_asyncio_reactor_installed():
            await asyncio.sleep(until - now)  # the slot's delay alone can fall short (see above)
            self._raise_delay(key)  # the pause is over: back to the site's own pace

    def _raise_delay(self, key: str) -> None:
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
            self._back_off(key, response)
        else:
            self.streaks.pop(key, None)
        return response

    def _back_off(self, key: str, response: Response) -> None:
        """Pause the slot for Retry-After, or longer when the site keeps answering 429/503."""
        header = response.headers.get(b"Retry-After")
        asked = retry_after_seconds(header.decode("latin-1"), time.time()) if header else None
        self.streaks[key] = self.streaks.get(key, 0) + 1
        backoff = self.backoff_base * 2 ** (self.streaks[key] - 1)
        wait = min(max(asked or 0.0, backoff), self.max_retry_after)
        self.pauses[key] = (wait, time.monotonic() + wait)
        logger.info("%s sent %s (Retry-After %s): waiting %.1fs", key, response.status, asked, wait)

    def _read_crawl_delay(self, key: str, response: Response) -> None:
        delay = Protego.parse(response.text).crawl_delay(self.user_agent)
        if delay and float(delay) > self.floors.get(key, 0.0):
            self.floors[key] = float(delay)
            logger.info("robots.txt of %s asks for %.1fs between requests", key, float(delay))
