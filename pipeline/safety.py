"""Request safety: the crawler fetches only http(s) URLs on its own sites, never a private address.

A discovered URL (a page link, an index page, a sitemap or robots.txt entry, a redirect's
Location) could point the crawler at ``file://``, at another site, or at the machine's own
network: cloud metadata (169.254.169.254), 10/8, 192.168/16, loopback, fc00::/7. Two downloader
middlewares stop that for every request, whatever made it (sitemap requests are ``dont_filter``,
which Scrapy's OffsiteMiddleware lets through):

- :class:`SafetyMiddleware` checks each request before it is sent; a host name is resolved and
  each of its addresses checked (so a name on an allowed domain that resolves to a private
  address is refused too).
- :class:`SafeRedirectMiddleware` is Scrapy's RedirectMiddleware that names why it stops a
  redirect (a loop, too many hops, off the allowed domains, to a refused address or scheme, to
  a page the spider requested already), before the dupe filter or OffsiteMiddleware could drop
  the redirected request silently. ``SafeMetaRefreshMiddleware`` does the same for
  ``<meta http-equiv=refresh>``.

Both raise :class:`Blocked` (an ``IgnoreRequest``), so the request's errback records the URL.
The crawl's start hosts, and the hosts in ``MEDSCRAPE_ALLOWED_HOSTS``, are trusted: they may be
private (the tests and the demo crawl 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import (
    BaseRedirectMiddleware,
    MetaRefreshMiddleware,
    RedirectMiddleware,
)
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.gz import gunzip
from scrapy.utils.reactor import is_asyncio_reactor_installed
from scrapy.utils.sitemap import Sitemap

logger = logging.getLogger(__name__)

_SCHEMES = ("http", "https")
_REDIRECT_STATUSES = (301, 302, 303, 307, 308)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class Blocked(IgnoreRequest):
    """A request refused for its URL: ``reason`` is the outcome recorded for it."""

    def __init__(self, reason: str, detail: str, status: int | None = None) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.status = status  # the redirect's status, when a redirect was refused


class Hosts:
    """The crawl's sites: domains it may fetch from, and hosts trusted even if private.

    No domains at all (a spider without ``allowed_domains``) means any public host, as in
    Scrapy's OffsiteMiddleware; schemes and addresses are still checked.
    """

    def __init__(self, domains: Iterable[str], trusted: Iterable[str] = ()) -> None:
        self.trusted = {h.lower().strip("[]") for h in trusted if h}
        own = {d.lower().strip("[]") for d in domains if d}
        self.any_domain = not own
        self.domains = own | self.trusted

    def on_site(self, host: str) -> bool:
        if self.any_domain:
            return True
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def block_reason(self, url: str) -> tuple[str, str] | None:
        """Why ``url`` must not be fetched, without resolving its host: (reason, detail)."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in _SCHEMES:
            return "blocked_scheme", f"{parts.scheme or 'no'} scheme in {url[:200]}"
        host = (parts.hostname or "").lower()
        if not host:
            return "blocked_scheme", f"no host in {url[:200]}"
        if host in self.trusted:
            return None
        address = _literal(host)
        if address is not None and not address.is_global:
            return "blocked_address", f"{host} is a private, loopback or link-local address"
        if not self.on_site(host):
            return "offsite", f"{host} is not an allowed domain"
        return None


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def refused_addresses(addresses: Iterable[str]) -> list[str]:
    """Of resolved addresses, those that are not public (private, loopback, link-local…)."""
    refused = []
    for text in addresses:
        address = _literal(text.split("%")[0])  # an IPv6 scope ("fe80::1%eth0")
        if address is None or not address.is_global:
            refused.append(text)
    return refused


async def resolve(host: str, port: int | None) -> list[str]:
    """The addresses ``host`` resolves to, off the reactor thread; none if it does not."""
    loop = asyncio.get_running_loop()
    try:
        found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return []  # the download fails on its own, and is recorded as a fetch error
    return sorted({str(info[4][0]) for info in found})


class SafetyMiddleware:
    """Refuse every request to a non-http(s) URL, an off-site host or a non-public address."""

    def __init__(
        self, crawler: Crawler | None, allowed_hosts: Iterable[str], resolve: bool
    ) -> None:
        self.crawler = crawler
        self.allowed_hosts = [h.strip() for h in allowed_hosts if h.strip()]
        self.resolve = resolve
        self._resolved: dict[str, list[str]] = {}  # host → refused addresses (cached per crawl)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafetyMiddleware:
        hosts = crawler.settings.getlist("MEDSCRAPE_ALLOWED_HOSTS")
        resolve = crawler.settings.getbool("MEDSCRAPE_RESOLVE_CHECK", True)
        return cls(crawler, hosts, resolve and is_asyncio_reactor_installed())

    def hosts(self, spider: Spider | None) -> Hosts:
        """The spider's own domains (its start hosts, trusted) and the configured extra hosts."""
        own = list(getattr(spider, "allowed_domains", None) or [])
        return Hosts(own, [*own, *self.allowed_hosts])

    async def process_request(self, request: Request) -> None:
        spider = self.crawler.spider if self.crawler else None
        refused = await self.check(request.url, self.hosts(spider))
        if refused is not None:
            self._refuse(request, *refused)

    async def check(self, url: str, hosts: Hosts) -> tuple[str, str] | None:
        """Why ``url`` must not be fetched, resolving its host if it is a name; None: fetch it."""
        found = hosts.block_reason(url)
        host = (urlsplit(url).hostname or "").lower()
        if found is not None or not self.resolve or host in hosts.trusted or _literal(host):
            return found
        if host not in self._resolved:
            self._resolved[host] = refused_addresses(await resolve(host, urlsplit(url).port))
        if self._resolved[host]:
            return "blocked_address", f"{host} resolves to {', '.join(self._resolved[host])}"
        return None

    def _refuse(self, request: Request, reason: str, detail: str) -> None:
        logger.warning("Refused %s: %s (%s)", request.url, reason, detail)
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"medscrape/safety/{reason}")
        raise Blocked(reason, detail)


class _NamedStops(BaseRedirectMiddleware):
    """Redirects bounded by REDIRECT_MAX_TIMES that say why they stop following."""

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        status = reason if isinstance(reason, int) else None
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            self._refuse(request, "redirect_loop", " -> ".join([*chain, redirected.url]), status)
        if request.meta.get("redirect_times", 0) + 1 > self.max_redirect_times:
            detail = f"more than {self.max_redirect_times} redirects from {chain[0]}"
            self._refuse(request, "redirect_limit", detail, status)
        spider = self.crawler.spider
        trusted = list(getattr(spider, "allowed_domains", None) or [])
        trusted += self.crawler.settings.getlist("MEDSCRAPE_ALLOWED_HOSTS")
        blocked = Hosts(trusted, trusted).block_reason(redirected.url)
        if blocked is not None:
            kind = "redirect_offsite" if blocked[0] == "offsite" else "redirect_blocked"
            self._refuse(request, kind, f"to {redirected.url[:200]}: {blocked[1]}", status)
        # A target the spider has requested already would be dropped by the dupe filter, and
        # the URL that redirected there would end in no outcome at all.
        claim = getattr(spider, "claim_redirect", None)
        if claim is not None and not claim(redirected.url, chain[0]):
            self._refuse(request, "redirect_duplicate", f"to {redirected.url[:200]}", status)
        return super()._redirect(redirected, request, reason)

    def _refuse(self, request: Request, reason: str, detail: str, status: int | None) -> None:
        # A redirect to a page already crawled is routine; the others are worth a look.
        log = logger.info if reason == "redirect_duplicate" else logger.warning
        log("Not following the redirect of %s: %s (%s)", request.url, reason, detail)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"medscrape/safety/{reason}")
        raise Blocked(reason, detail, status)


class SafeRedirectMiddleware(_NamedStops, RedirectMiddleware):
    """Scrapy's 3xx redirects, with named stops (see :class:`_NamedStops`)."""

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if result is response and self._unfollowed(request, response):
            # Scrapy hands a redirect to a non-http(s) scheme back as a plain 3xx response.
            location = (response.headers.get(b"Location") or b"").decode("latin-1")
            self._refuse(request, "redirect_blocked", f"to {location[:200]}", response.status)
        return result

    def _unfollowed(self, request: Request, response: Response) -> bool:
        handled = request.meta.get("handle_httpstatus_list", ())
        return (
            response.status in _REDIRECT_STATUSES
            and b"Location" in response.headers
            and not request.meta.get("dont_redirect")
            and not request.meta.get("handle_httpstatus_all")
            and response.status not in handled
        )


class SafeMetaRefreshMiddleware(_NamedStops, MetaRefreshMiddleware):
    """Scrapy's ``<meta http-equiv=refresh>`` redirects, with named stops."""


# -- sitemaps ---------------------------------------------------------------------------------

_GZIP_MAGIC = b"\x1f\x8b"
_SITEMAP_ROOTS = ("urlset", "sitemapindex")


class BadSitemap(ValueError):
    """A sitemap refused or broken; ``recovered`` holds what lxml's recovery could still read."""

    def __init__(self, message: str, recovered: Sitemap | None = None) -> None:
        super().__init__(message)
        self.recovered = recovered


def read_sitemap(body: bytes, max_size: int) -> Sitemap:
    """Parse a sitemap body (gzip or not) safely, within ``max_size`` bytes uncompressed.

    A sitemap has no use for a DTD, so one is refused outright: that is where entity expansion
    (billion laughs) and external entities (XXE) live. Scrapy's Sitemap parses with lxml,
    ``resolve_entities=False`` and no network; a strict parse first tells a broken sitemap
    from a good one, since lxml's recovery reads what it can of either.

    Raises:
        BadSitemap: oversize, a DTD, not XML, not a sitemap, or malformed (with what recovery
            still found).
    """
    if body[:2] == _GZIP_MAGIC:
        try:
            body = gunzip(body, max_size=max_size)
        except Exception as error:  # bad gzip, or a gzip bomb past max_size
            raise BadSitemap(f"gzip: {error or type(error).__name__}") from error
    if len(body) > max_size:
        raise BadSitemap(f"{len(body)} bytes, more than the {max_size} allowed")
    head = body[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in head:
        raise BadSitemap("has a DTD (entity declarations are refused)")
    try:
        etree.fromstring(body, parser=_strict_parser())
    except etree.XMLSyntaxError as error:
        raise BadSitemap(f"malformed XML: {error}", _recover(body)) from error
    sitemap = _recover(body)
    if sitemap is None or sitemap.type not in _SITEMAP_ROOTS:
        raise BadSitemap(f"not a sitemap (root {getattr(sitemap, 'type', None)!r})")
    return sitemap


def _strict_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=False)


def _recover(body: bytes) -> Sitemap | None:
    try:
        return Sitemap(body)
    except Exception:  # lxml found no element at all (StopIteration), or worse
        return None
