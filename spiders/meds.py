"""The ``meds`` spider: finds drug-for-condition pages on meds.is-style sites and fetches them.

It only discovers and requests: sitemaps (from robots.txt, sitemap indexes, gzip sitemaps),
index pages, and each page's links to other pages of the pattern. Every page response goes on
unchanged as a ``FetchedPage`` item; parsing, validation and storage are the item pipeline's.

A page already in the database (``MEDSCRAPE_DB``) is fetched conditionally (If-None-Match,
If-Modified-Since); one the site answers 304, or whose sitemap lastmod is not newer than the
stored one, becomes a ``NotModified`` item and is not parsed again. ``-a full=1`` fetches all.

    scrapy crawl meds -a start_url=https://meds.is/en/conditions/ [-a max_pages=100] [-a full=1]
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Request, Response
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from pipeline.store import StoredPages
from spiders.items import FetchedPage, FetchError, NotModified, Skipped, Validators

#: meds.is: /en/conditions/<drug-slug>-<condition-slug> (two or more slug words).
DEFAULT_PAGE_PATTERN = r"^/[a-z]{2}(?:-[a-z]{2})?/conditions/[a-z0-9]+(?:-[a-z0-9]+)+/?$"
#: Listings worth following for more pages: the conditions index and its numbered pages
#: (/en/conditions/, /en/conditions/page/2, ?page=2 has the same path), drug hubs (/en/drugs/x).
DEFAULT_INDEX_PATTERN = (
    r"^/[a-z]{2}(?:-[a-z]{2})?/(?:conditions/?(?:page/\d+/?)?|drugs(?:/[a-z0-9-]+)?/?)$"
)
_GZIP_MAGIC = b"\x1f\x8b"
_HREF = re.compile(rb"""<a\s[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


class MedsSpider(scrapy.Spider):
    name = "meds"

    def __init__(
        self,
        start_url: str | None = None,
        sitemap_url: str | None = None,
        url_pattern: str = DEFAULT_PAGE_PATTERN,
        index_pattern: str = DEFAULT_INDEX_PATTERN,
        max_pages: int | str | None = None,
        full: bool | str = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.full = str(full).lower() in ("1", "true", "yes")
        self._known: dict[str, Validators] = {}
        self._stored = StoredPages("")  # opened on the database when the crawl starts
        self._lastmods: dict[str, str] = {}  # the sitemaps' dates, however a page was found
        self.start_urls_arg = [u.strip() for u in (start_url or "").split(",") if u.strip()]
        self.sitemap_url = sitemap_url
        if not self.start_urls_arg and not sitemap_url:
            raise ValueError("give start_url (index pages or the site root) or sitemap_url")
        for url in [*self.start_urls_arg, *([sitemap_url] if sitemap_url else [])]:
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
                raise ValueError(f"not an http(s) URL: {url!r}")
        self.page_pattern = re.compile(url_pattern)
        self.index_pattern = re.compile(index_pattern)
        self.max_pages = int(max_pages) if max_pages not in (None, "") else None
        if self.max_pages is not None and self.max_pages < 1:
            raise ValueError(f"max_pages must be at least 1, not {self.max_pages}")
        hosts = {urlsplit(u).hostname for u in [*self.start_urls_arg, sitemap_url] if u}
        self.allowed_domains = sorted(h for h in hosts if h)
        self._pages_requested: set[str] = set()
        # Not LinkExtractor(allow_domains=…): it compares host:port, so 127.0.0.1:8000 never
        # matches; _on_site compares host names, as OffsiteMiddleware does.
        self._links = LinkExtractor(unique=True)

    # -- discovery --------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        self._stored = StoredPages("" if self.full else self.settings.get("MEDSCRAPE_DB", ""))
        if not self.full:
            self._known = self._stored.validators()
            self.logger.info("%s pages known: fetched conditionally", len(self._known))
        if self.sitemap_url:
            yield Request(self.sitemap_url, self.parse_sitemap, errback=self.failed)
        for url in self.start_urls_arg:
            parts = urlsplit(url)
            robots = f"{parts.scheme}://{parts.netloc}/robots.txt"
            if not self.sitemap_url:
                yield Request(robots, self.parse_robots, errback=self.ignore, priority=10)
            yield self._request(url)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield Request(url, self.parse_sitemap, errback=self.failed, priority=5)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        body = response.body
        if body[:2] == _GZIP_MAGIC:
            body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            sitemap = Sitemap(body)
        except Exception as error:  # lxml raises several kinds on garbage
            yield FetchError(response.url, response.status, f"invalid sitemap: {error}", 1)
            return
        for entry in sitemap:
            loc = entry.get("loc", "").strip()
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                yield Request(loc, self.parse_sitemap, errback=self.failed, priority=5)
            elif self._is_page(loc):
                lastmod = entry.get("lastmod") or None
                if lastmod:
                    self._lastmods[loc] = lastmod
                yield from self._page_request(loc, lastmod=lastmod)
            elif not self._is_index(loc):
                yield Skipped(loc, "off_pattern", "listed in the sitemap, not a drug page URL")

    def parse_index(self, response: Response) -> Iterator[Request]:
        for link in self._links.extract_links(response):
            if self._is_page(link.url):
                yield from self._page_request(link.url)
            elif self._is_index(link.url):
                yield self._request(link.url)

    def parse_page(self, response: Response) -> Iterator[Any]:
        validators = Validators(
            _header(response, b"ETag"),
            _header(response, b"Last-Modified"),
            response.meta.get("lastmod") or self._lastmods.get(response.url),
        )
        if response.status == 304:
            # Unchanged: its links are the stored ones (the body is empty), so discovery goes on.
            yield NotModified(response.url, _now(), validators)
            for url in self._stored.related(response.url):
                if self._is_page(url):
                    yield from self._page_request(url)
            return
        yield FetchedPage(
            url=response.url,
            status=response.status,
            content_type=_header(response, b"Content-Type"),
            body=response.body,
            fetched_at=_now(),
            validators=validators,
        )
        for url in _hrefs(response):
            if self._is_page(url):
                yield from self._page_request(url)

    # -- failures ---------------------------------------------------------------------------------
    def closed(self, reason: str) -> None:
        self._stored.close()

    def failed(self, failure: Failure) -> Iterator[FetchError]:
        request = failure.request  # type: ignore[attr-defined]
        attempts = request.meta.get("retry_times", 0) + 1
        if failure.check(HttpError):
            status = failure.value.response.status
            yield FetchError(request.url, status, f"HTTP {status}", attempts)
        else:
            error = f"{type(failure.value).__name__}: {failure.getErrorMessage()}"
            yield FetchError(request.url, None, error, attempts)

    def ignore(self, failure: Failure) -> None:
        """A site without robots.txt simply has no sitemap to offer."""

    # -- helpers ----------------------------------------------------------------------------------
    def _on_site(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def _is_page(self, url: str) -> bool:
        return self._on_site(url) and bool(self.page_pattern.search(urlsplit(url).path))

    def _is_index(self, url: str) -> bool:
        return self._on_site(url) and bool(self.index_pattern.search(urlsplit(url).path))

    def _request(self, url: str) -> Request:
        return Request(url, self.parse_index, errback=self.failed)

    def _page_request(self, url: str, lastmod: str | None = None) -> Iterator[Request]:
        url = url.split("#")[0]
        if url in self._pages_requested:
            return
        if self.max_pages is not None and len(self._pages_requested) >= self.max_pages:
            return
        self._pages_requested.add(url)
        known = self._known.get(url)
        if known is None:
            yield Request(url, self.parse_page, errback=self.failed, meta={"lastmod": lastmod})
            return
        if lastmod and known.sitemap_lastmod and lastmod < known.sitemap_lastmod:
            # The sitemap dates it before what was stored: not fetched at all. (An equal date
            # is fetched conditionally: sites change pages without touching their lastmod.)
            yield NotModified(url, _now(), Validators(sitemap_lastmod=lastmod))
            return
        headers = {}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        meta = {"lastmod": lastmod, "handle_httpstatus_list": [304]}
        yield Request(url, self.parse_page, errback=self.failed, headers=headers, meta=meta)


def _hrefs(response: Response) -> Iterator[str]:
    """Absolute URLs of a page's <a href>s, by a scan of the bytes.

    LinkExtractor builds a second lxml tree of every page (a quarter of the crawler's CPU,
    measured); the page's tree is the parser's, in a worker process. Only pattern-matching
    URLs are followed, so a scan that over-reports (an <a> in a comment) costs a filter, not
    a wrong page.
    """
    for match in _HREF.finditer(response.body):
        href = html.unescape(match.group(1).decode("utf-8", "replace")).strip()
        if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")):
            yield response.urljoin(href).split("#")[0]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
