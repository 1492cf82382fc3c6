"""Politeness: Retry-After parsing, and robots.txt Crawl-delay honoured in a real crawl."""

from __future__ import annotations

import time
from email.utils import formatdate
from pathlib import Path

import pytest

from pipeline.demo import build_site, serve
from pipeline.politeness import retry_after_seconds
from tests.spiders.crawling import LOOPBACK, medscrape_crawl


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("120", 120.0), (" 5 ", 5.0), ("soon", None), ("", None)],
)
def test_retry_after_delta_seconds(header: str, seconds: float | None) -> None:
    assert retry_after_seconds(header, time.time()) == seconds


def test_retry_after_http_date() -> None:
    now = time.time()
    wait = retry_after_seconds(formatdate(now + 30, usegmt=True), now)
    assert wait is not None
    assert 28 <= wait <= 31
    assert retry_after_seconds(formatdate(now - 30, usegmt=True), now) == 0.0


def _crawl_seconds(url: str, db: Path, honour: bool) -> float:
    started = time.monotonic()
    medscrape_crawl(
        db,
        "-a",
        f"sitemap_url={url}/sitemap.xml",
        "--max-pages",
        "3",
        *LOOPBACK,
        "-s",
        f"MEDSCRAPE_HONOUR_CRAWL_DELAY={honour}",
        "-s",
        "MEDSCRAPE_PARSE_WORKERS=0",
    )
    return time.monotonic() - started


def test_crawl_delay_from_robots_txt_spaces_the_requests(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, pages=40)
    with serve(site) as server:  # its robots.txt says Crawl-delay: 1
        fast = _crawl_seconds(server.url, tmp_path / "fast.db", honour=False)
        server.clear_hits()
        polite = _crawl_seconds(server.url, tmp_path / "polite.db", honour=True)
        after_robots = len(server.hits) - 1  # robots.txt comes first
    # Scrapy spreads a delay over 0.5-1.5x, so each request after robots.txt waits >= 0.5 s.
    assert polite - fast >= 0.5 * (after_robots - 1) - 1.0
    assert after_robots >= 5  # the sitemap index, two sitemaps, three pages
