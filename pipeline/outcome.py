"""Parsing as a job for a worker process: every outcome is a value, never an exception."""

from __future__ import annotations

import traceback
from typing import NamedTuple

from pipeline.parse import PageRejected, parse_page
from schemas import Page


class Outcome(NamedTuple):
    page: Page | None
    reason: str = ""  # the reject reason when page is None
    detail: str = ""


def parse_outcome(body: bytes, url: str, content_type: str | None) -> Outcome:
    """Parse one page; a rejection or a parser bug becomes a reject with its reason."""
    try:
        return Outcome(parse_page(body, url, content_type=content_type))
    except PageRejected as rejected:
        return Outcome(None, rejected.reason, rejected.detail)
    except Exception:  # a parser bug must not stop a crawl; keep the traceback to fix it
        return Outcome(None, "parser_error", traceback.format_exc(limit=20))
