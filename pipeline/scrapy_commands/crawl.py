"""``scrapy crawl``, with the settings checked as ``medscrape crawl`` checks them.

Scrapy reads each setting only when a component asks for it, mid-start: a malformed
``-s MEDSCRAPE_RESUME_FROM=abc`` was a traceback from inside the item pipeline. Here every
setting given, and every medscrape setting however set, is checked once after the options are
read and before the crawler process starts; a bad one is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl

from pipeline.crawl import CrawlError, check_crawl_settings, given_settings

#: Exit status for bad arguments, as ``medscrape crawl`` and Scrapy's own usage errors give.
EXIT_USAGE = 2


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        try:
            check_crawl_settings(self.settings, given_settings(self.settings))
        except CrawlError as error:
            print(f"scrapy crawl: error: {error}", file=sys.stderr)
            sys.exit(EXIT_USAGE)
