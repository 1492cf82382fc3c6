"""The rules of pipeline/safety.py, one by one: which URLs are refused, how sitemaps are read,
and how 429/503 answers back off (pipeline/politeness.py)."""

from __future__ import annotations

import asyncio
import gzip
import time

import pytest
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap
from scrapy.utils.test import get_crawler

from pipeline.politeness import PolitenessMiddleware
from pipeline.safety import BadSitemap, Hosts, SafetyMiddleware, read_sitemap
from tests.spiders.test_safety import BOMB, XXE, _urlset

HOSTS = Hosts(["127.0.0.1", "meds.is"], ["127.0.0.1", "meds.is"])


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8000/en/conditions/a-b", None),  # the start host: trusted
        ("https://meds.is/en/conditions/a-b", None),
        ("https://www.meds.is/en/", None),  # a subdomain of an allowed domain
        ("file:///etc/passwd", "blocked_scheme"),
        ("javascript:alert(1)", "blocked_scheme"),
        ("data:text/html,<b>x</b>", "blocked_scheme"),
        ("ftp://meds.is/x", "blocked_scheme"),
        ("http:///no-host", "blocked_scheme"),
        ("http://169.254.169.254/latest/meta-data/", "blocked_address"),
        ("http://10.0.0.1/", "blocked_address"),
        ("http://192.168.1.1/", "blocked_address"),
        ("http://172.16.0.1/", "blocked_address"),
        ("http://127.0.0.2/", "blocked_address"),  # loopback, but not the trusted 127.0.0.1
        ("http://[::1]/", "blocked_address"),
        ("http://[fc00::1]/", "blocked_address"),
        ("http://[fe80::1]/", "blocked_address"),
        ("http://0.0.0.0/", "blocked_address"),
        ("http://8.8.8.8/", "offsite"),  # public, but not one of the crawl's sites
        ("https://example.org/en/conditions/a-b", "offsite"),
        ("https://evilmeds.is/", "offsite"),  # a suffix, not a subdomain
    ],
)
def test_which_urls_are_refused(url: str, reason: str | None) -> None:
    found = HOSTS.block_reason(url)
    assert (found[0] if found else None) == reason


def test_an_allowed_host_may_be_private() -> None:
    hosts = Hosts(["meds.is"], ["meds.is", "10.0.0.5"])
    assert hosts.block_reason("http://10.0.0.5/en/") is None
    assert hosts.block_reason("http://10.0.0.6/en/") is not None


def test_a_spider_without_domains_may_go_to_any_public_host_only() -> None:
    anywhere = Hosts([])
    assert anywhere.block_reason("https://example.org/") is None
    assert anywhere.block_reason("http://169.254.169.254/")[0] == "blocked_address"  # type: ignore[index]
    assert anywhere.block_reason("file:///etc/passwd")[0] == "blocked_scheme"  # type: ignore[index]


def test_a_name_on_an_allowed_domain_that_resolves_to_loopback_is_refused() -> None:
    # "localhost" is on the allowed domains but not trusted: resolving it finds 127.0.0.1/::1.
    guard = SafetyMiddleware(None, [], resolve=True)
    found = asyncio.run(guard.check("http://localhost:1/en/", Hosts(["localhost"])))
    assert found is not None and found[0] == "blocked_address"
    trusted = asyncio.run(guard.check("http://localhost:1/en/", Hosts(["x"], ["localhost"])))
    assert trusted is None


def test_scrapys_sitemap_parser_expands_no_entities() -> None:
    """Scrapy's Sitemap parses with resolve_entities=False: neither a billion laughs nor an
    external entity is expanded (our reader refuses both before it gets that far)."""
    started = time.monotonic()
    locs = [entry.get("loc", "") for entry in Sitemap(BOMB)]
    assert all(len(loc) < 100 for loc in locs)
    assert time.monotonic() - started < 1.0
    assert all("root:" not in entry.get("loc", "") for entry in Sitemap(XXE))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (BOMB, "DTD"),
        (XXE, "DTD"),
        (b"not xml at all", "malformed"),
        (b"<html><body>a page</body></html>", "not a sitemap"),
        (_urlset(*[f"http://x/{i}" for i in range(400)]), "more than"),
        (gzip.compress(b"<urlset>" + b" " * 50_000 + b"</urlset>"), "gzip"),  # a gzip bomb
        (b"\x1f\x8bnot really gzip", "gzip"),
    ],
)
def test_bad_sitemaps_are_refused(body: bytes, message: str) -> None:
    with pytest.raises(BadSitemap, match=message):
        read_sitemap(body, max_size=10_000)


def test_a_truncated_sitemap_is_refused_with_what_recovery_still_reads() -> None:
    with pytest.raises(BadSitemap) as refused:
        read_sitemap(_urlset("http://x/a", "http://x/b")[:-30], max_size=10_000)
    assert refused.value.recovered is not None
    locs = [entry["loc"] for entry in refused.value.recovered]
    assert locs[0] == "http://x/a"  # the last may be cut short ("h"): the spider refuses it


def test_a_good_sitemap_reads_whole() -> None:
    body = _urlset("http://x/a", "http://x/b")
    assert [e["loc"] for e in read_sitemap(body, 10_000)] == ["http://x/a", "http://x/b"]
    assert [e["loc"] for e in read_sitemap(gzip.compress(body), 10_000)] == [
        "http://x/a",
        "http://x/b",
    ]


def _busy(retry_after: str | None) -> Response:
    headers = {"Retry-After": retry_after} if retry_after else {}
    return Response("http://127.0.0.1/x", status=503, headers=headers)


def test_repeated_503s_back_off_and_retry_after_is_a_floor_bounded_by_the_max() -> None:
    middleware = PolitenessMiddleware(get_crawler(), "ua", True, 30.0, backoff_base=1.0)
    waits = []
    for header in [None, None, None, "7", "3600", None]:
        middleware._back_off("site", _busy(header))
        waits.append(middleware.pauses["site"][0])
    assert waits == [1.0, 2.0, 4.0, 8.0, 30.0, 30.0]
