"""What spiders hand to the item pipeline: raw responses and the reasons URLs were not fetched."""

from __future__ import annotations

from dataclasses import dataclass, field

# A URL that could not be fetched, a page not modified and its validators: one definition each,
# shared with the store that records them. A robots.txt, sitemap or index page read (or
# answered 304) is a Listing.
from pipeline.listings import Listing, ListingLink
from pipeline.store import FetchError, NotModified, Validators


@dataclass(slots=True)
class FetchedPage:
    """A page response, unchanged: the pipeline parses it."""

    url: str
    status: int
    content_type: str | None
    body: bytes = field(repr=False)  # logs show the URL, not 20 KB of HTML
    fetched_at: str = ""
    validators: Validators | None = None  # ETag, Last-Modified, the sitemap's lastmod
    fetched_url: str | None = None  # the URL fetched, when not ``url`` (pipeline.outcome.page_key)


@dataclass(slots=True)
class NotDue:
    """A stored page seen more recently than the recrawl policy asks for: not requested."""

    url: str
    seen_at: str


@dataclass(slots=True)
class Resumed:
    """A page the interrupted run this one resumes already settled: not requested again."""

    url: str
    settled: str  # stored, rejected or fetch_error (see pipeline.resume.settled_urls)


@dataclass(slots=True)
class Skipped:
    """A discovered URL deliberately not fetched (e.g. off the drug-page pattern)."""

    url: str
    reason: str
    detail: str


__all__ = [
    "FetchError",
    "FetchedPage",
    "Listing",
    "ListingLink",
    "NotDue",
    "NotModified",
    "Resumed",
    "Skipped",
    "Validators",
]
