"""Bytes → text, the way a browser would choose the charset."""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import html_to_unicode

from pipeline.normalize import fix_mojibake
from pipeline.parse.errors import PageRejected

# UTF-16 and UTF-32 text is full of NUL bytes; its byte-order mark says it is text.
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Magic numbers of formats servers send by mistake where HTML was expected.
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"RIFF")
_TEXTUAL_TYPE = re.compile(r"^\s*(text/|application/(xhtml\+xml|xml)|[^;]*\+xml)", re.IGNORECASE)
# Header charsets that decode any bytes at all, so they never fail loudly on a UTF-8 body: they
# garble it. (A server's default, "ISO-8859-1", on pages written in UTF-8: seen on a fault run.)
_SINGLE_BYTE_CHARSET = re.compile(
    r"charset\s*=\s*[\"']?(iso[-_ ]?8859[-_ ]?1|latin[-_]?1|l1|windows-1252|cp1252|us-ascii|ascii)"
    r"[\"']?\s*(;|$)",
    re.IGNORECASE,
)


def _utf8_or_cp1252(body: bytes) -> str:
    """Sniff undeclared bytes: valid UTF-8 is UTF-8, anything else is the web's latin-1 (cp1252)."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _is_utf8_text(body: bytes) -> bool:
    """Non-ASCII bytes that are valid UTF-8 throughout: text written in UTF-8, in practice."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def header_charset_to_trust(body: bytes, content_type: str | None) -> str | None:
    """The Content-Type to decode by: the header's, unless its single-byte charset would turn
    a UTF-8 body into mojibake; then without its charset, so the BOM, ``<meta charset>`` or
    sniffing decide."""
    if content_type and _SINGLE_BYTE_CHARSET.search(content_type) and _is_utf8_text(body):
        return content_type.split(";")[0].strip()
    return content_type


def check_not_binary(body: bytes, content_type: str | None) -> None:
    """Raise PageRejected('binary') for images, archives, PDFs and other non-text bodies."""
    if content_type and not _TEXTUAL_TYPE.match(content_type):
        raise PageRejected(
            "binary", f"content type {content_type.split(';')[0].strip()!r} is not HTML"
        )
    head = body[:1024]
    if head.startswith(_BINARY_MAGIC) or (b"\x00" in head and not head.startswith(_WIDE_BOMS)):
        raise PageRejected("binary", "the body is binary data, not HTML")


def decode_html(html: bytes | str, content_type: str | None = None) -> str:
    """Decode a body by BOM, HTTP header, ``<meta charset>``, then sniffing; repair mojibake.

    A header declaring a single-byte charset (ISO-8859-1, cp1252, ASCII) over a body that is
    valid UTF-8 is not trusted: the ``<meta charset>`` or sniffing decide instead.

    Raises:
        PageRejected: ``empty`` for a blank body, ``binary`` for a non-text one.
    """
    if isinstance(html, bytes):
        check_not_binary(html, content_type)
        declared = header_charset_to_trust(html, content_type)
        _, text = html_to_unicode(declared, html, auto_detect_fun=_utf8_or_cp1252)
    else:
        text = html.lstrip("\ufeff")
    if "\x00" in text[:1024]:  # (a BOM said UTF-16, but the text is still binary)
        raise PageRejected("binary", "the body is binary data, not HTML")
    if not text.strip():
        raise PageRejected("empty", "the body is empty")
    return fix_mojibake(text)
