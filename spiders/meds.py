"""The ``meds`` spider: finds drug-for-condition pages on meds.is-style sites and fetches them.

It only discovers and requests: sitemaps (from robots.txt, sitemap indexes, gzip sitemaps),
index pages, and each page's links to other pages of the pattern. Every page response goes on
unchanged as a ``FetchedPage`` item; parsing, validation and storage are the item pipeline's.

A page already in the database (``MEDSCRAPE_DB``) is fetched conditionally (If-None-Match,
If-Modified-Since); one the site answers 304, or whose sitemap lastmod is older than the stored
one, becomes a ``NotModified`` item and is not parsed again. One seen more recently than
``MEDSCRAPE_RECRAWL_AFTER`` is not requested at all (``NotDue``). ``-a full=1`` fetches all.
When the sitemaps were read whole, the stored pages no route found are reported by
``gone_from_sitemaps`` (the item pipeline marks them removed).

robots.txt, sitemaps and index pages are listings (:mod:`pipeline.listings`): each one read is
handed on as a ``Listing`` item with what it points at; one already stored is asked for
conditionally, and on a 304 the stored links are replayed, so discovery is the same.

    scrapy crawl meds -a start_url=https://meds.is/en/conditions/ [-a max_pages=100] [-a full=1]
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import AsyncIterator, Generator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Request, Response
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from pipeline.failures import RetryPolicy, describe
from pipeline.listings import ListingKind, StoredListing
from pipeline.outcome import canonical_links, page_key
from pipeline.recrawl import parse_duration, seen_recently
from pipeline.resume import Settled, read_settled, resume_setting
from pipeline.safety import BadSitemap, Blocked, Hosts, read_sitemap
from pipeline.store import Known, StoredPages
from spiders.items import (
    FetchedPage,
    FetchError,
    Listing,
    ListingLink,
    NotDue,
    NotModified,
    Resumed,
    Skipped,
    Validators,
)

#: meds.is: /en/conditions/<drug-slug>-<condition-slug> (two or more slug words).
DEFAULT_PAGE_PATTERN = r"^/[a-z]{2}(?:-[a-z]{2})?/conditions/[a-z0-9]+(?:-[a-z0-9]+)+/?$"
#: Listings worth following for more pages: the conditions index and its numbered pages
#: (/en/conditions/, /en/conditions/page/2, ?page=2 has the same path), drug hubs (/en/drugs/x).
DEFAULT_INDEX_PATTERN = (
    r"^/[a-z]{2}(?:-[a-z]{2})?/(?:conditions/?(?:page/\d+/?)?|drugs(?:/[a-z0-9-]+)?/?)$"
)
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
        self._known: dict[str, Known] = {}
        self._settled: dict[str, Settled] = {}  # resuming: pages the interrupted run settled
        self._listings: dict[str, StoredListing] = {}  # robots.txt, sitemaps, index pages
        self._recrawl_after = timedelta(0)
        self._started = datetime.now(UTC)
        self._sitemaps_read = 0  # sitemaps parsed whole
        self._sitemaps_failed = 0  # sitemaps that failed to fetch or parse
        # Stored pages found by a link while sitemaps are still to come wait for their dates:
        # a page the sitemap dates before our last visit is then not requested at all.
        self._listings_pending = 0  # robots.txt and sitemaps requested, not yet answered
        self._deferred: list[str] = []
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
        # Where discovered URLs may lead (pipeline/safety.py); more trusted hosts join at start.
        self._hosts = Hosts(self.allowed_domains, self.allowed_domains)
        self._pages_requested: set[str] = set()
        # A stored page's links are checked on every 304 (about 49 a page), mostly the same URLs.
        self._is_page_cache: dict[str, bool] = {}
        self._skipped: set[str] = set()  # one Skipped outcome per URL, however often found
        self._sitemaps_asked: set[str] = set()  # one request per sitemap, however often listed
        # Not LinkExtractor(allow_domains=…): it compares host:port, so 127.0.0.1:8000 never
        # matches; _on_site compares host names, as OffsiteMiddleware does.
        self._links = LinkExtractor(unique=True)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> MedsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    # -- discovery --------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        self._stored = StoredPages("" if self.full else self.settings.get("MEDSCRAPE_DB", ""))
        self._started = datetime.now(UTC)
        trusted = [*self.allowed_domains, *self.settings.getlist("MEDSCRAPE_ALLOWED_HOSTS")]
        self._hosts = Hosts(trusted, trusted)
        if not self.full:
            self._known = self._stored.known()
            self._listings = self._stored.listings.known()
            self._recrawl_after = parse_duration(self.settings.get("MEDSCRAPE_RECRAWL_AFTER", "0"))
            self.logger.info(
                "%s pages known: fetched conditionally; not before %s since last seen",
                len(self._known),
                self._recrawl_after or "no time",
            )
        self._settled = self._resumed_pages()
        if self.sitemap_url:
            self._listings_pending += 1
            self._sitemaps_asked.add(self.sitemap_url)
            yield self._listing_request(self.sitemap_url, self.parse_sitemap, errback=self.failed)
        for url in self.start_urls_arg:
            parts = urlsplit(url)
            robots = f"{parts.scheme}://{parts.netloc}/robots.txt"
            if not self.sitemap_url:
                self._listings_pending += 1
                yield self._listing_request(
                    robots, self.parse_robots, errback=self.robots_failed, priority=10
                )
            yield self._request(url)

    def _resumed_pages(self) -> dict[str, Settled]:
        """Resuming (``MEDSCRAPE_RESUME_FROM``): the pages not to ask again (pipeline.resume)."""
        run_id = resume_setting(self.settings.get("MEDSCRAPE_RESUME_FROM"))
        if run_id is None:
            return {}
        policy = RetryPolicy.from_settings(self.settings)  # transient failures: asked again
        settled = read_settled(self.settings.get("MEDSCRAPE_DB", ""), run_id, policy)
        self.logger.info("resuming run %s: %s pages already settled", run_id, len(settled))
        return settled

    def parse_robots(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            _, links = yield from self._replayed(response, "robots")
        else:
            found = sitemap_urls_from_robots(response.body, base_url=response.url)
            links = tuple(ListingLink(url) for url in found)
            yield self._listing(response, "robots", links)
        for link in links:
            yield from self._sitemap_request(link.loc)
        yield from self._listing_answered()

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            kind, links = yield from self._replayed(response, "urlset")
        else:
            try:
                kind, links = _sitemap_links(read_sitemap(response.body, self._sitemap_maxsize()))
            except BadSitemap as error:
                # Recorded, and the pages stored stay (a broken sitemap proves nothing gone); what
                # lxml could still read of a malformed one is followed.
                self._sitemaps_failed += 1
                yield FetchError(response.url, response.status, f"bad_sitemap: {error}", 1)
                recovered = error.recovered
                if recovered is not None and recovered.type in ("urlset", "sitemapindex"):
                    kind, links = _sitemap_links(recovered)
                    for link in links:
                        yield from self._sitemap_link(kind, link)
                yield from self._listing_answered()
                return
            yield self._listing(response, kind, links)
        self._sitemaps_read += 1
        for link in links:
            yield from self._sitemap_link(kind, link)
        yield from self._listing_answered()

    def _sitemap_maxsize(self) -> int:
        return self.settings.getint("MEDSCRAPE_SITEMAP_MAXSIZE", 50 * 1024 * 1024)

    def _sitemap_link(self, kind: ListingKind, link: ListingLink) -> Iterator[Any]:
        blocked = self._hosts.block_reason(link.loc)
        if blocked is not None:  # never requested: another site, a private address
            yield from self._skip(link.loc, *blocked)
        elif kind == "sitemapindex":
            yield from self._sitemap_request(link.loc)
        else:
            yield from self._sitemap_entry(link)

    def _sitemap_entry(self, link: ListingLink) -> Iterator[Any]:
        if self._is_page(link.loc):
            if link.lastmod:
                self._lastmods[page_key(link.loc)] = link.lastmod
            yield from self._page_request(link.loc, lastmod=link.lastmod)
        elif not self._is_index(link.loc):
            yield from self._skip(
                link.loc, "off_pattern", "listed in the sitemap, not a drug page URL"
            )

    def _sitemap_request(self, url: str) -> Iterator[Request]:
        """The request for a sitemap not asked for yet in this crawl (robots.txt and an index
        may both list one; an index may list itself): one fetch, one outcome."""
        if url in self._sitemaps_asked:
            return
        self._sitemaps_asked.add(url)
        self._listings_pending += 1
        # Not left to the dupe filter: every sitemap request must be answered, or the pages
        # waiting for the sitemaps' dates would wait for ever.
        meta = {"download_maxsize": self._sitemap_maxsize()}
        yield self._listing_request(
            url, self.parse_sitemap, errback=self.failed, priority=5, dont_filter=True, meta=meta
        )

    def _listing_answered(self) -> Iterator[Any]:
        """One robots.txt or sitemap answered; once all are, the waiting pages go ahead."""
        self._listings_pending -= 1
        if self._listings_pending <= 0:
            yield from self._release_deferred()

    def _release_deferred(self, response: Response | None = None) -> Iterator[Any]:
        waiting, self._deferred = self._deferred, []
        self._listings_pending = 0
        for url in waiting:
            yield from self._page_request(url)

    def spider_idle(self) -> None:
        """Sitemaps that never answered (a request filtered off-site, say): release the
        waiting pages through one more request rather than lose them."""
        if not self._deferred:
            return
        start = self.start_urls_arg[0] if self.start_urls_arg else self.sitemap_url
        self.crawler.engine.crawl(Request(start, self._release_deferred, dont_filter=True))
        raise DontCloseSpider

    def parse_index(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            _, links = yield from self._replayed(response, "index")
        else:
            found = self._links.extract_links(response)
            links = tuple(ListingLink(link.url) for link in found if self._on_site(link.url))
            yield self._listing(response, "index", links)
        for link in links:
            if self._is_page(link.loc):
                yield from self._page_request(link.loc)
            elif self._is_index(link.loc):
                yield self._request(link.loc)

    # -- listings: robots.txt, sitemaps, index pages ---------------------------------------------
    def _listing_request(self, url: str, callback: Any, **kwargs: Any) -> Request:
        """A listing's request: conditional when it is stored (a 304 then replays its links)."""
        stored = self._listings.get(url)
        if stored is None:
            return Request(url, callback, **kwargs)
        headers = stored.conditional_headers()
        meta = {**kwargs.pop("meta", {}), "handle_httpstatus_list": [304]}
        return Request(url, callback, headers=headers, meta=meta, **kwargs)

    def _listing(
        self, response: Response, kind: ListingKind, links: tuple[ListingLink, ...]
    ) -> Listing:
        """A listing read whole: its validators, content hash and links, for the store."""
        return Listing(
            url=response.url,
            kind=kind,
            fetched_at=_now(),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            content_hash=hashlib.sha256(response.body).hexdigest(),
            links=links,
        )

    def _replayed(
        self, response: Response, kind: ListingKind
    ) -> Generator[Any, None, tuple[ListingKind, tuple[ListingLink, ...]]]:
        """A listing answered 304: its stored kind and links stand (and are returned); the
        store only moves when it was seen. A 304 for one not stored (a redirect that kept the
        conditional headers, a database changed under the crawl) lists nothing."""
        stored = self._listings.get(response.url)
        links = self._stored.listings.links(response.url) if stored else None
        if stored is None or links is None:
            self.logger.warning("%s answered 304 but its links are not stored", response.url)
            return kind, ()
        yield Listing(
            url=response.url,
            kind=stored.kind,
            fetched_at=_now(),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        )
        return stored.kind, links

    def parse_page(self, response: Response) -> Iterator[Any]:
        key = self._key(response.url)  # …/page/ and …/page are one page
        origin = _origin(response.request) if response.request else response.url
        if self._key(origin) != key:
            # The URL found redirected to another page: that one is stored under its own URL.
            yield from self._skip(origin, "redirected", f"to {response.url}")
        validators = Validators(
            _header(response, b"ETag"),
            _header(response, b"Last-Modified"),
            response.meta.get("lastmod") or self._lastmods.get(key),
        )
        if response.status == 304:
            # Unchanged: its links are the stored ones (the body is empty), so discovery goes on.
            yield NotModified(key, _now(), validators)
            yield from self._stored_links(key)
            return
        yield FetchedPage(
            url=key,
            fetched_url=response.url,
            status=response.status,
            content_type=_header(response, b"Content-Type"),
            body=response.body,
            fetched_at=_now(),
            validators=validators,
        )
        # The canonical link too: a duplicate's main page is crawled (once).
        for url in [*canonical_links(response.body, response.url), *_hrefs(response)]:
            if not self._page_path(url):
                continue  # navigation, images, other sections: not ours to account for
            blocked = self._hosts.block_reason(url)
            if blocked is not None:
                yield from self._skip(url, *blocked)
            elif self._is_page(url):
                yield from self._page_request(url)

    # -- failures ---------------------------------------------------------------------------------
    def closed(self, reason: str) -> None:
        self._stored.close()

    def failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        if request.callback == self.parse_sitemap:
            self._sitemaps_failed += 1
            yield from self._listing_answered()
        yield from self._fetch_error(failure)

    def _fetch_error(self, failure: Failure) -> Iterator[Any]:
        """The outcome of a request that failed, under the URL first asked for."""
        request = failure.request  # type: ignore[attr-defined]
        attempts = request.meta.get("retry_times", 0) + 1
        if failure.check(HttpError):  # (an IgnoreRequest too: first)
            status = failure.value.response.status
            yield FetchError(self._key(_origin(request)), status, f"HTTP {status}", attempts)
        elif failure.check(IgnoreRequest):
            yield from self._refused(request, failure.value, attempts)
        else:
            error = describe(failure.value)
            if request.callback == self.parse_sitemap and "maxsize" in error.replace(" ", ""):
                error = f"bad_sitemap: {error}"
            yield FetchError(self._key(_origin(request)), None, error, attempts)

    def _skip(self, url: str, reason: str, detail: str) -> Iterator[Skipped]:
        url = self._key(url)
        if url not in self._skipped:
            self._skipped.add(url)
            yield Skipped(url, reason, detail)

    def _refused(self, request: Request, error: Exception, attempts: int) -> Iterator[Any]:
        """A request not sent, or a redirect not followed: one outcome, under the URL found.

        Refused before anything was fetched: skipped (robots, a refused address or scheme).
        Refused after a redirect: a fetch error of the URL first asked for, with the reason."""
        redirects = request.meta.get("redirect_urls", [])
        origin = self._key(_origin(request))
        if isinstance(error, Blocked):
            if error.reason == "redirect_duplicate":
                yield from self._skip(origin, "redirected", f"{error.detail}, crawled already")
            elif redirects or error.reason.startswith("redirect_"):
                yield FetchError(origin, error.status, f"{error.reason}: {error.detail}", attempts)
            else:
                yield from self._skip(origin, error.reason, error.detail)
        elif "robots.txt" in str(error):
            yield from self._skip(origin, "robots", "disallowed by robots.txt")
        else:
            yield FetchError(origin, None, describe(error), attempts)

    def claim_redirect(self, url: str, origin: str | None = None) -> bool:
        """A redirect from ``origin`` to ``url`` may be followed (SafeRedirectMiddleware asks):
        it is not a page this crawl requested already, or it is the same page (``…/page`` to
        ``…/page/``). A page it leads to counts as requested."""
        if not self._is_page(url.split("#")[0]):
            return True
        key = page_key(url)
        if origin is not None and self._key(origin) == key:
            return True
        if key in self._pages_requested:
            return False
        self._pages_requested.add(key)
        return True

    def robots_failed(self, failure: Failure) -> Iterator[Any]:
        """A site without robots.txt (404, 410) simply has no sitemap to offer. One whose
        robots.txt fails otherwise (an error status, no answer) may have sitemaps that went
        unread: a fetch error, and no page is taken for gone from the sitemaps."""
        missing = failure.check(HttpError) and failure.value.response.status in (404, 410)
        if not missing:
            self._sitemaps_failed += 1
            yield from self._fetch_error(failure)
        yield from self._listing_answered()

    def gone_from_sitemaps(self, stored: list[str]) -> list[str]:
        """Of the stored pages' URLs, those of this site and pattern that nothing in this crawl
        found: no sitemap lists them, no page links to them. Only after the sitemaps were all
        read whole, with no page limit: otherwise a page merely not reached looks gone."""
        if not self._sitemaps_read or self._sitemaps_failed or self.max_pages is not None:
            return []
        return [url for url in stored if self._is_page(url) and url not in self._pages_requested]

    # -- helpers ----------------------------------------------------------------------------------
    def _on_site(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def _page_path(self, url: str) -> bool:
        return bool(self.page_pattern.search(urlsplit(url).path))

    def _is_page(self, url: str) -> bool:
        known = self._is_page_cache.get(url)
        if known is None:
            known = self._on_site(url) and self._page_path(url)
            self._is_page_cache[url] = known
        return known

    def _key(self, url: str) -> str:
        """The URL a page's outcome is recorded under (:func:`page_key`); others' as they are."""
        return page_key(url) if self._is_page(url.split("#")[0]) else url

    def _is_index(self, url: str) -> bool:
        return self._on_site(url) and bool(self.index_pattern.search(urlsplit(url).path))

    def _request(self, url: str) -> Request:
        return self._listing_request(url, self.parse_index, errback=self.failed)

    def _page_request(self, url: str, lastmod: str | None = None) -> Iterator[Any]:
        """A request for a page not yet requested in this crawl, or, for a stored page that
        need not be fetched, its item and then its stored links (a worklist, not recursion:
        a chain of unchanged pages can be thousands long)."""
        todo = [(url, lastmod)]
        while todo:
            page, date = todo.pop()
            request = yield from self._one_page(page.split("#")[0], date)
            if request == "stored":
                todo.extend((link, None) for link in self._stored_page_links(page_key(page)))

    def _one_page(self, found: str, lastmod: str | None) -> Iterator[Any]:
        """``found``: the URL as discovered, asked for as it is; ``url``: the page's key."""
        url = page_key(found)
        if url in self._pages_requested:
            return None
        if self.max_pages is not None and len(self._pages_requested) >= self.max_pages:
            return None
        settled = self._settled.get(url)
        if settled is not None:
            # The run this one resumes stored, rejected or failed it: not asked again; a
            # stored page's links still lead on (a rejected or failed one has none stored).
            self._pages_requested.add(url)
            yield Resumed(url, settled)
            return "stored"
        stored = self._known.get(url)
        if stored is None:
            self._pages_requested.add(url)
            meta = {"lastmod": lastmod}
            yield Request(found, self.parse_page, errback=self.failed, meta=meta)
            return None
        if lastmod is None and self._listings_pending > 0 and stored.validators.sitemap_lastmod:
            self._deferred.append(found)  # a sitemap lists it: wait for its date
            return None
        self._pages_requested.add(url)
        known = stored.validators
        # A page that failed since it was last seen is asked again, whatever the dates say.
        if not stored.failing:
            if seen_recently(stored.seen_at, self._recrawl_after, self._started):
                yield NotDue(url, stored.seen_at or "")
                return "stored"
            if lastmod and known.sitemap_lastmod and lastmod < known.sitemap_lastmod:
                # The sitemap dates it before what was stored: not fetched at all. (An equal
                # date is asked conditionally: sites change, and delete, pages without
                # touching their lastmod.)
                yield NotModified(url, _now(), Validators(sitemap_lastmod=lastmod))
                return "stored"
        headers = {}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        meta = {"lastmod": lastmod, "handle_httpstatus_list": [304]}
        yield Request(found, self.parse_page, errback=self.failed, headers=headers, meta=meta)
        return None

    def _stored_page_links(self, url: str) -> list[str]:
        return [link for link in self._stored.related(url) if self._is_page(link)]

    def _stored_links(self, url: str) -> Iterator[Any]:
        """Discovery through a page not fetched again: the links stored for it."""
        for link in self._stored_page_links(url):
            yield from self._page_request(link)


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


def _origin(request: Request) -> str:
    """The URL that was discovered and asked for, before any redirect: its outcome's key."""
    redirects = request.meta.get("redirect_urls", [])
    return str(redirects[0]) if redirects else request.url


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _sitemap_links(sitemap: Sitemap) -> tuple[ListingKind, tuple[ListingLink, ...]]:
    """A parsed sitemap's kind and entries (``loc`` and ``lastmod``)."""
    entries = ((e.get("loc", "").strip(), e.get("lastmod") or None) for e in sitemap)
    links = tuple(ListingLink(loc, lastmod) for loc, lastmod in entries if loc)
    return ("sitemapindex" if sitemap.type == "sitemapindex" else "urlset"), links
