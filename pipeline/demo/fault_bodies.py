"""The bodies of the sample site's faults: pure byte rewrites of its pages, sitemaps and
robots.txt, and generators for bodies too big to build (see :mod:`pipeline.demo.faults`)."""

from __future__ import annotations

import gzip
import math
import re
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache

CHUNK = 64 * 1024  # the size of each piece of a streamed body
BOMB_MEMBER = 8 * 1024 * 1024  # inflated size of one gzip member of a bomb
LAUGH_LEVELS = 10  # the sitemap bomb: 10 levels of 10 references to a 3-letter entity
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
#: Stray closers, misnested inline tags, a bogus entity and an attribute whose quote is never
#: closed (it runs on to the next quote in the page).
MALFORMED_JUNK = b'</span></table></td><b><i>misnested</b></i> &bogus; <div class="unterminated>'
_META_CHARSET = re.compile(rb"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>\s*", re.IGNORECASE)
_BODY_OPEN = re.compile(rb"<body[^>]*>")
_CLOSERS = re.compile(rb"</(?:p|li|div|section|ul)>")
_ENTRY = re.compile(rb"<(url|sitemap)>.*?</\1>\s*", re.DOTALL)


# --- pages --------------------------------------------------------------------------------------


def split_at(body: bytes, marker: bytes) -> tuple[bytes, bytes]:
    """``body`` cut before the last ``marker`` (all of it and b'' when there is none)."""
    at = body.rfind(marker)
    return (body, b"") if at < 0 else (body[:at], body[at:])


def before_body_end(body: bytes, html: str) -> bytes:
    """``body`` with ``html`` inserted just before ``</body>``."""
    head, tail = split_at(body, b"</body>")
    return head + html.encode() + tail


def link_list(hrefs: Iterable[str], css_class: str, text: str) -> str:
    """A <ul> of links, one per href."""
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href in hrefs)
    return f'<ul class="{css_class}">{items}</ul>\n'


def padded(body: bytes, size: int) -> tuple[Iterator[bytes], int]:
    """``body`` grown to ``size`` bytes by paragraphs before ``</body>``, streamed, and its
    length (the body itself where it is already that long)."""
    head, tail = split_at(body, b"</body>")
    filler = max(size - len(head) - len(tail), 0)
    return _padded(head, filler, tail), len(head) + filler + len(tail)


def _padded(head: bytes, filler: int, tail: bytes) -> Iterator[bytes]:
    yield head
    line = b"<p>Padding to make this page huge.</p>\n"
    block = line * (CHUNK // len(line))
    while filler > 0:
        piece = block[:filler]
        filler -= len(piece)
        yield piece
    yield tail


def gzip_bomb(size: int) -> tuple[Iterator[bytes], int]:
    """A gzip stream inflating to at least ``size`` bytes of spaces, streamed, and its length."""
    member = _bomb_member()
    members = math.ceil(size / BOMB_MEMBER)
    return repeat(member, members), len(member) * members


@lru_cache(maxsize=1)
def _bomb_member() -> bytes:
    """One gzip member inflating to 8 MiB (8 KiB on the wire); a bomb repeats it, as gzip
    allows a stream of members."""
    return gzip.compress(b" " * BOMB_MEMBER, compresslevel=9, mtime=0)


def recoded(body: bytes, *, declared: bool) -> bytes:
    """A UTF-8 page in windows-1252; without its <meta charset> unless ``declared``."""
    recoded = body.decode("utf-8", "replace").encode("cp1252", "replace")
    return recoded if declared else _META_CHARSET.sub(b"", recoded)


def malformed(body: bytes) -> bytes:
    """A page without its block closing tags, and junk after <body>."""
    unclosed = _CLOSERS.sub(b"", body)
    return _BODY_OPEN.sub(lambda m: m[0] + MALFORMED_JUNK, unclosed, count=1)


def deeply_nested(body: bytes, depth: int) -> bytes:
    """A page whose body sits in ``depth`` nested divs."""
    opened = _BODY_OPEN.sub(lambda m: m[0] + b"<div>" * depth, body, count=1)
    return before_body_end(opened, "</div>" * depth)


# --- sitemaps and robots.txt --------------------------------------------------------------------


def garbled(xml: bytes) -> bytes:
    """A sitemap cut short, ending in broken markup, a NUL and an unclosed tag."""
    return xml[: len(xml) * 3 // 5] + b"<url><loc>&nbsp;<lastmod></url>\x00<unclosed"


def repeated_entries(xml: bytes, size: int) -> tuple[Iterator[bytes], int] | None:
    """A sitemap whose entries repeat until it is ``size`` bytes long, streamed, and its
    length; None for one without entries."""
    entries = b"".join(m[0] for m in _ENTRY.finditer(xml))
    first = _ENTRY.search(xml)
    if first is None:
        return None
    head, tail = xml[: first.start()], xml[xml.rfind(b"</") :]
    times = max(math.ceil((size - len(head) - len(tail)) / len(entries)), 1)
    parts = chain((head,), repeat(entries, times), (tail,))
    return parts, len(head) + times * len(entries) + len(tail)


def sitemap_bomb(base_url: str) -> bytes:
    """A urlset whose one <loc> expands to 3 * 10**10 characters by nested entities."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, LAUGH_LEVELS + 1)]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE urlset [\n'
        + "\n".join(entities)
        + '\n]>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<url><loc>{base_url}/en/conditions/&lol{LAUGH_LEVELS};</loc></url>\n</urlset>\n"
    ).encode()


def disallowing(robots: bytes | None, prefixes: Iterable[str]) -> bytes:
    """robots.txt with ``Disallow`` rules for ``prefixes`` added to its ``*`` group."""
    rules = "".join(f"Disallow: {prefix}\n" for prefix in prefixes).encode()
    group = b"User-agent: *\n"
    text = robots or group
    at = text.find(group)
    if at < 0:
        return group + rules + b"\n" + text
    return text[: at + len(group)] + rules + text[at + len(group) :]


# --- streams ------------------------------------------------------------------------------------


def repeat(chunk: bytes, times: int) -> Iterator[bytes]:
    for _ in range(times):
        yield chunk


def chain(*parts: Iterable[bytes]) -> Iterator[bytes]:
    for part in parts:
        yield from part


def gzipped(parts: Iterable[bytes]) -> Iterator[bytes]:
    """``parts`` compressed as one gzip stream, as they come."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    for part in parts:
        packed = packer.compress(part)
        if packed:
            yield packed
    yield packer.flush()
