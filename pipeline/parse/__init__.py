"""Page parsing: (html, url) → Page, as a pure function."""

from pipeline.parse.errors import PageRejected, RejectReason
from pipeline.parse.page import PARSER_VERSION, content_hash, parse_page

__all__ = ["PARSER_VERSION", "PageRejected", "RejectReason", "content_hash", "parse_page"]
