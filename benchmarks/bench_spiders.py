"""Baseline spiders for benchmarks/crawl.py: the meds spider's discovery, different page handling.

Both subclass :class:`~spiders.meds.MedsSpider` and reuse its ``parse_page`` for discovery (the
same link extraction and de-duplication), replacing only the ``FetchedPage`` item it yields:

* ``bench_bare``  yields a one-key dict per page: fetch cost only;
* ``bench_naive`` builds ``BeautifulSoup(response.body, "lxml")`` inline, on the reactor thread,
  and yields the title and the h2 texts: what a crawler without a parse pool does.

They are not in SPIDER_MODULES; benchmarks/crawl.py hands the classes to Scrapy directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup
from scrapy.http import Response

from spiders.items import FetchedPage
from spiders.meds import MedsSpider


class BareSpider(MedsSpider):
    name = "bench_bare"

    def parse_page(self, response: Response) -> Iterator[Any]:
        for thing in super().parse_page(response):
            if isinstance(thing, FetchedPage):
                self._count_page()
                yield {"url": thing.url}
            else:
                yield thing

    def _count_page(self) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("bench/pages")


class NaiveSpider(BareSpider):
    name = "bench_naive"

    def parse_page(self, response: Response) -> Iterator[Any]:
        for thing in MedsSpider.parse_page(self, response):
            if isinstance(thing, FetchedPage):
                self._count_page()
                soup = BeautifulSoup(response.body, "lxml")
                title = soup.title.get_text(strip=True) if soup.title else ""
                h2 = [h.get_text(" ", strip=True) for h in soup.find_all("h2")]
                yield {"url": response.url, "title": title, "h2": h2}
            else:
                yield thing
