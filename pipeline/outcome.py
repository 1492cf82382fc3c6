"""One page through the stages, as a job for a worker process: parse → normalize → validate.

Every outcome is a value, never an exception: a stored record (with its warnings and the names
the vocabulary does not know) or a reject with every reason.
"""

from __future__ import annotations

import contextlib
import html
import re
import traceback
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit, urlunsplit

from pipeline.canonical import UnknownTerm, canonicalize
from pipeline.parse import PageRejected, parse_page
from pipeline.store import Fetched, Reject, Validators
from pipeline.timed_pool import JobTimeout, WorkerDied
from pipeline.validate import Rules, validate
from pipeline.vocabulary import Concept, default_vocabulary
from pipeline.worker import worker_setup
from schemas import Finding, Page


class Outcome(NamedTuple):
    page: Page | None
    reason: str = ""  # the (first) reject reason when page is None
    detail: str = ""
    reasons: tuple[Finding, ...] = ()  # every reason of a reject
    unknown: tuple[UnknownTerm, ...] = ()  # names to queue for vocabulary review
    concepts: tuple[Concept, ...] = ()  # drug and condition concepts the page names

    def fetched(
        self,
        html: bytes,
        status: int,
        fetched_at: str,
        content_type: str | None,
        validators: Validators | None = None,
        key: str | None = None,
    ) -> Fetched:
        """The stored form of a page that passed (``page`` is not None), stored under ``key``
        (:func:`page_key`), the URL it was fetched and parsed at kept beside it. Without a
        key, the page keeps its URL and the store keeps the fetched URL it has."""
        assert self.page is not None
        fetched_url = self.page.url if key is not None else None
        page = (
            self.page if key in (None, fetched_url) else self.page.model_copy(update={"url": key})
        )
        return Fetched(
            page,
            html,
            status,
            fetched_at,
            content_type,
            self.unknown,
            self.concepts,
            validators,
            fetched_url,
        )

    def reject(self, url: str, html: bytes, status: int | None) -> Reject:
        """The stored form of a page that did not pass."""
        return Reject(url, self.reason, self.detail, html, status, self.reasons)


def rejected(reason: str, detail: str) -> Outcome:
    first = detail.strip().splitlines()[-1] if detail.strip() else reason
    return Outcome(None, reason, detail, (Finding(code=reason, message=first),))


_CANONICAL = re.compile(
    rb"""<link\s[^>]*?\brel\s*=\s*["']?canonical\b[^>]*>""", re.IGNORECASE | re.DOTALL
)
_HREF = re.compile(rb"""\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
#: Where a page's <link rel=canonical> is looked for: the head, which comes first.
_HEAD_BYTES = 65536


def canonical_links(body: bytes, url: str) -> Iterator[str]:
    """The absolute URLs of a page's ``<link rel=canonical>``s (in its first 64 KB)."""
    for tag in _CANONICAL.finditer(body[:_HEAD_BYTES]):
        found = _HREF.search(tag.group(0))
        if found:
            href = html.unescape(found.group(1).decode("utf-8", "replace")).strip()
            with contextlib.suppress(ValueError):  # "http://[host/": urllib cannot parse it
                yield urljoin(url, href).split("#")[0]


def page_key(url: str) -> str:
    """The URL a page is stored under: without its fragment, and its path without a trailing
    slash, so ``…/page/`` and ``…/page`` (sites serve, link and name both as canonical) are one
    page, one record. The URL it was fetched at is kept beside it (``pages.fetched_url``)."""
    url = url.split("#")[0]
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    path = parts.path.rstrip("/") or parts.path[:1]  # the root stays "/"
    return url if path == parts.path else urlunsplit(parts._replace(path=path))


def duplicate_of(body: bytes, url: str) -> str | None:
    """The page this one is a copy of: its canonical link, when that names another page of
    the same host. (A canonical on another host is a mirror's pointer to its origin, and says
    nothing about duplicates within the crawl.)"""
    here = urlsplit(url)
    for link in canonical_links(body, url):
        try:
            there = urlsplit(link)
        except ValueError:
            continue
        same_host = (there.hostname, there.port) == (here.hostname, here.port)
        if same_host and (there.path.rstrip("/"), there.query) != (
            here.path.rstrip("/"),
            here.query,
        ):
            return link
    return None


def parse_outcome(
    body: bytes, url: str, content_type: str | None, rules: Rules | None = None
) -> Outcome:
    """Parse, normalize and validate one page; a rejection or a bug becomes a reject.

    A page whose canonical link names another page is a duplicate (``duplicate_of``, the
    canonical URL as detail): the spider crawls that one too, once.
    """
    try:
        main = duplicate_of(body, url)
        if main is not None:
            return rejected("duplicate_of", main)
        page = parse_page(body, url, content_type=content_type)
        canonical = canonicalize(page, default_vocabulary())
        found = validate(canonical.page, rules or Rules())
    except PageRejected as error:
        return rejected(error.reason, error.detail)
    except Exception:  # a parser bug must not stop a crawl; keep the traceback to fix it
        return rejected("parser_error", traceback.format_exc(limit=20))
    if found.errors:
        detail = "; ".join(f"{e.code}: {e.message}" for e in found.errors)
        return Outcome(None, found.errors[0].code, detail, tuple(found.errors))
    record = canonical.page.model_copy(update={"warnings": found.warnings})
    return Outcome(record, unknown=tuple(canonical.unknown), concepts=tuple(canonical.concepts))


def pool_failure(error: JobTimeout | WorkerDied) -> Outcome:
    """The reject of a page whose parse the pool stopped (past the limit) or lost."""
    if isinstance(error, JobTimeout):
        return rejected(
            "parse_timeout",
            f"parsing {error} (MEDSCRAPE_PARSE_TIMEOUT): the parse worker was stopped",
        )
    return rejected("parser_error", f"{error} while parsing the page")


def parse_worker_setup(parent: int) -> None:
    """Initializer of a timed parse worker: ``worker_setup``, then the parser imported and the
    vocabulary loaded (about 0.6 s), so that start-up does not count against the first page's
    time limit."""
    worker_setup(parent)
    default_vocabulary()
