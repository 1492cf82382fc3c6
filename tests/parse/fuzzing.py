"""Hostile pages for the parser: generated HTML and mutated saved pages, as hypothesis strategies,
and the one check every page must pass. Used by tests/parse/test_fuzz.py and benchmarks/fuzz.py.

The check: ``parse_page`` returns a record that validates, or raises ``PageRejected`` with a
known reason; nothing else, and no parse takes longer than ``HANG_S``.
"""

from __future__ import annotations

import faulthandler
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, get_args

from hypothesis import strategies as st

from pipeline.parse import PageRejected, RejectReason, parse_page
from schemas import Page
from tests.parse.fixtures import FIXTURES, Fixture

#: A parse longer than this is a hang (generous: a slow shared machine must not fail the test).
HANG_S = 20.0
KNOWN_REASONS = frozenset(get_args(RejectReason))
URL = "https://example.test/metformin-for-type-2-diabetes"

TAGS = [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "div",
    "span",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "details",
    "summary",
    "nav",
    "aside",
    "header",
    "footer",
    "a",
    "b",
    "strong",
    "em",
    "br",
    "hr",
    "img",
    "button",
    "form",
    "blockquote",
    "pre",
    "code",
    "figure",
    "label",
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "title",
    "meta",
    "font",
]
WORDS = [
    "Metformin for Type 2 Diabetes",
    "What is metformin?",
    "How does it work?",
    "Side effects",
    "Warnings",
    "How to take it",
    "Reviews",
    "Benefits",
    "Related articles",
    "Drug class: biguanides",
    "We use cookies. Accept all",
    "Page not found",
    "Dosage",
    "Interactions",
]
#: Text with the odd code points pages carry: controls, BOMs, bidi marks, zero-width joiners,
#: combining marks, private use, noncharacters, astral symbols.
ODD_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            "\x00\x01\x0b\x0c\x1b\x7f\x85\xa0\ufeff\u200b\u200d\u200e\u202e\u2028\u2029"
            "\u0301\u0336\ue000\ufdd0\uffff\U0001f48a\U0010ffff&<>\"'"
        ),
    ),
    max_size=40,
)
CHARSETS = ["utf-8", "utf-16", "utf-16-le", "latin-1", "cp1252", "shift_jis", "koi8-r"]
CHARSETS += ["gb18030", "utf-8-sig", "iso-2022-jp", "big5", "ascii"]


class Sample(NamedTuple):
    body: bytes | str
    content_type: str | None
    label: str  # where it came from: "generated", or the saved page and its mutations


def _attribute_value(draw: st.DrawFn) -> str:
    return draw(
        st.one_of(
            st.sampled_from(["heading", "2", "7", "-1", "x", "", "cookie-banner", "consent"]),
            st.sampled_from(["breadcrumb", "navigation", "javascript:alert(1)", "#", "../a"]),
            st.sampled_from(["application/ld+json", "display:none", "sidebar", "main"]),
            ODD_TEXT,
        )
    )


@st.composite
def attributes(draw: st.DrawFn) -> str:
    names = ["role", "aria-level", "class", "id", "href", "lang", "charset", "hidden", "type"]
    names += ["style", "itemprop", "content", "http-equiv", "open", "data-x", "aria-hidden"]
    chosen = draw(st.lists(st.sampled_from(names), max_size=4))
    parts = []
    for name in chosen:
        value = _attribute_value(draw).replace('"', "&quot;")
        parts.append(f' {name}="{value}"')
    return "".join(parts)


def _element(tag: str, attrs: str, children: list[str], close: bool) -> str:
    return f"<{tag}{attrs}>{''.join(children)}" + (f"</{tag}>" if close else "")


def trees(max_leaves: int = 60) -> st.SearchStrategy[str]:
    """Random trees of real tags with random attributes; some elements left unclosed."""
    leaves = st.one_of(st.sampled_from(WORDS), ODD_TEXT)
    return st.recursive(
        leaves,
        lambda children: st.builds(
            _element,
            st.sampled_from(TAGS),
            attributes(),
            st.lists(children, max_size=6),
            st.sampled_from([True, True, True, False]),  # closed, mostly
        ),
        max_leaves=max_leaves,
    )


@st.composite
def documents(draw: st.DrawFn) -> Sample:
    """A generated page: text, or bytes in a random charset that the header and ``<meta>``
    may declare truthfully, wrongly or not at all; or raw bytes."""
    body = draw(trees())
    if draw(st.booleans()):
        title = draw(st.sampled_from(WORDS))
        meta = draw(st.sampled_from(["", '<meta charset="{}">', '<meta charset="{}'])).format(
            draw(st.sampled_from([*CHARSETS, "x-bogus", ""]))
        )
        body = f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>{body}"
    kind = draw(st.sampled_from(["text", "bytes", "raw"]))
    if kind == "raw":
        return Sample(draw(st.binary(max_size=4000)), draw(content_types()), "generated bytes")
    if kind == "text":
        return Sample(body, None, "generated text")
    charset = draw(st.sampled_from(CHARSETS))
    encoded = body.encode(charset, errors="replace")
    return Sample(encoded, draw(content_types()), f"generated, in {charset}")


def content_types() -> st.SearchStrategy[str | None]:
    return st.one_of(
        st.none(),
        st.sampled_from(["text/html", "application/xhtml+xml", "text/plain", "image/png"]),
        st.sampled_from([*CHARSETS, "x-bogus", '"utf-8"', ""]).map(
            lambda c: f"text/html; charset={c}"
        ),
    )


# --- Mutations of saved pages -----------------------------------------------------------------

_TAG = re.compile(rb"<[^<>]{0,200}>")


def _fixtures() -> list[Fixture]:
    return [Fixture(p) for p in sorted(FIXTURES.iterdir()) if (p / "input.html").is_file()]


#: (name, body, content type, whether it is a drug page) of each saved page.
SAVED = [
    (f.name, f.html, f.meta.get("content_type"), f.meta.get("expect", "page") == "page")
    for f in _fixtures()
]


def _tags(body: bytes) -> list[re.Match[bytes]]:
    return list(_TAG.finditer(body))


def _flip(draw: st.DrawFn, body: bytes) -> bytes:
    if not body:
        return body
    at = draw(st.integers(0, len(body) - 1))
    return body[:at] + bytes([body[at] ^ draw(st.integers(1, 255))]) + body[at + 1 :]


def _truncate(draw: st.DrawFn, body: bytes) -> bytes:
    return body[: draw(st.integers(0, len(body)))]


def _delete_tag(draw: st.DrawFn, body: bytes) -> bytes:
    tags = _tags(body)
    if not tags:
        return body
    tag = draw(st.sampled_from(tags))
    return body[: tag.start()] + body[tag.end() :]


def _duplicate_tag(draw: st.DrawFn, body: bytes) -> bytes:
    tags = _tags(body)
    if not tags:
        return body
    tag = draw(st.sampled_from(tags))
    return body[: tag.end()] + tag.group(0) * draw(st.integers(1, 50)) + body[tag.end() :]


def _swap_tags(draw: st.DrawFn, body: bytes) -> bytes:
    tags = _tags(body)
    if len(tags) < 2:
        return body
    i, j = sorted(draw(st.lists(st.integers(0, len(tags) - 1), min_size=2, max_size=2)))
    if i == j:
        return body
    a, b = tags[i], tags[j]
    return body[: a.start()] + b.group(0) + body[a.end() : b.start()] + a.group(0) + body[b.end() :]


def _insert(draw: st.DrawFn, body: bytes, what: bytes) -> bytes:
    at = draw(st.integers(0, len(body)))
    return body[:at] + what + body[at:]


def _deep_nesting(draw: st.DrawFn, body: bytes) -> bytes:
    tag = draw(st.sampled_from([b"div", b"li", b"section", b"b", b"table", b"details"]))
    closed = draw(st.booleans())
    nest = b"<%s>" % tag * 10_000 + b"x" + (b"</%s>" % tag * 10_000 if closed else b"")
    return _insert(draw, body, nest)


def _nuls(draw: st.DrawFn, body: bytes) -> bytes:
    return _insert(draw, body, b"\x00" * draw(st.integers(1, 64)))


def _huge_attribute(draw: st.DrawFn, body: bytes) -> bytes:
    value = draw(st.sampled_from([b"a", b"\xff", b"&amp;", b" ", b"\xe2\x80\x99"]))
    attr = b' data-x="' + value * draw(st.integers(100_000, 1_000_000)) + b'"'
    tags = [t for t in _tags(body) if not t.group(0).startswith((b"</", b"<!"))]
    if not tags:
        return _insert(draw, body, b"<div" + attr + b">")
    tag = draw(st.sampled_from(tags))
    return body[: tag.end() - 1] + attr + body[tag.end() - 1 :]


def _charset_lie(draw: st.DrawFn, body: bytes) -> bytes:
    charset = draw(st.sampled_from([*CHARSETS, "x-bogus", "utf-7", "utf-32"])).encode()
    return _insert(draw, body, b'<meta charset="' + charset + b'">')


def _reencode(draw: st.DrawFn, body: bytes) -> bytes:
    charset = draw(st.sampled_from(CHARSETS))
    return body.decode("utf-8", "replace").encode(charset, "replace")


MUTATIONS: dict[str, Callable[[st.DrawFn, bytes], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "delete_tag": _delete_tag,
    "duplicate_tag": _duplicate_tag,
    "swap_tags": _swap_tags,
    "deep_nesting": _deep_nesting,
    "nuls": _nuls,
    "huge_attribute": _huge_attribute,
    "charset_lie": _charset_lie,
    "reencode": _reencode,
}


@st.composite
def mutated_pages(draw: st.DrawFn) -> Sample:
    """A saved page with one to four mutations; the header's charset may lie too. The label
    names the page (``+`` if it is a drug page) and the mutations."""
    name, body, content_type, good = draw(st.sampled_from(SAVED))
    done = draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=4))
    for mutation in done:
        body = MUTATIONS[mutation](draw, body)
    if draw(st.integers(0, 3)) == 0:
        content_type = draw(content_types())
        done.append(f"content type {content_type!r}")
    return Sample(body, content_type, f"{name}{'+' if good else ''}: {', '.join(done)}")


# --- The check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    outcome: str  # "page" or the rejection's reason
    seconds: float


def parse_once(sample: Sample) -> Parsed:
    """Parse one page: "page" (its record validated again) or the rejection's reason; any other
    exception propagates.

    A parse stuck in C code cannot be interrupted: faulthandler then dumps every thread's
    stack and ends the process, so a hang fails the run instead of stalling it."""
    faulthandler.dump_traceback_later(HANG_S * 3, exit=True)
    started = time.perf_counter()
    try:
        page = parse_page(sample.body, URL, content_type=sample.content_type)
    except PageRejected as rejected:
        outcome: str = rejected.reason
    else:
        Page.model_validate(page.model_dump())
        outcome = "page"
    finally:
        faulthandler.cancel_dump_traceback_later()
    return Parsed(outcome, time.perf_counter() - started)


def check_parse(sample: Sample) -> Parsed:
    """Parse one page and assert the contract: a valid record or a known rejection, in time."""
    parsed = parse_once(sample)
    assert parsed.outcome == "page" or parsed.outcome in KNOWN_REASONS, parsed
    assert parsed.seconds < HANG_S, f"one parse took {parsed.seconds:.1f} s (limit {HANG_S} s)"
    return parsed
