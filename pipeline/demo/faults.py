"""Faults the sample-site server can inject: which path fails, how, and the answer it gets.

A :class:`FaultPlan` says which path gets which :class:`FaultKind`: explicit per-path faults,
and a seeded rate that picks paths by a hash of (seed, path), so one plan faults the same paths
in every run and every process, whatever order the requests come in. :func:`respond` turns one
fault into a :class:`FaultResponse` (status, headers, the body as chunks, a pause, how the
connection ends); the server only writes it out, so nothing here touches a socket. Big bodies
are generators (:mod:`pipeline.demo.fault_bodies` makes them): a 50 MB page or a 1 GiB gzip
bomb is never held in memory.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from urllib.parse import parse_qs

from pipeline.demo import fault_bodies as bodies

MIB = 1024 * 1024


class Target(StrEnum):
    """What a path serves, as far as faults go."""

    PAGE = "page"
    SITEMAP = "sitemap"
    ROBOTS = "robots.txt"


class FaultKind(StrEnum):
    """One way a site goes wrong; the value is the name the command line uses."""

    NOT_FOUND = "404"
    GONE = "410"
    SERVER_ERROR = "500"
    BAD_GATEWAY = "502"
    UNAVAILABLE = "503"  # with Retry-After
    TOO_MANY_REQUESTS = "429"  # with Retry-After
    SLOW = "slow"  # headers at once, the body after ``slow_seconds``
    RESET = "reset"  # half the body, then a TCP reset
    TRUNCATED = "truncated"  # Content-Length says more than is sent; a clean close
    REDIRECT_CHAIN = "redirect-chain"  # ``redirect_hops`` 302s, then the page
    REDIRECT_LOOP = "redirect-loop"  # two URLs redirecting to each other for ever
    REDIRECT_OFFSITE = "redirect-offsite"  # to another host name (localhost: still loopback)
    REDIRECT_PRIVATE = "redirect-private"  # to link-local, private or file:// targets
    EMPTY = "empty"  # 200 with no body
    GZIP_BOMB = "gzip-bomb"  # Content-Encoding: gzip, ``bomb_bytes`` once inflated
    HUGE = "huge"  # a ``huge_bytes`` page, streamed
    NOT_HTML = "not-html"  # a PDF where a page should be
    WRONG_CHARSET = "wrong-charset"  # windows-1252 bytes declared utf-8
    MISSING_CHARSET = "missing-charset"  # windows-1252 bytes, no charset anywhere
    DUPLICATE = "duplicate"  # the page also served under other URLs, which it links to
    BAD_LINKS = "bad-links"  # links to file://, javascript: and private addresses
    MALFORMED = "malformed"  # closing tags dropped, stray closers, an unterminated attribute
    DEEP_NESTING = "deep-nesting"  # the body wrapped in ``nesting_depth`` divs
    SITEMAP_MALFORMED = "sitemap-malformed"  # cut short and garbled XML
    SITEMAP_HUGE = "sitemap-huge"  # its entries repeated up to ``huge_bytes``, streamed
    SITEMAP_BOMB = "sitemap-bomb"  # entity expansion ("billion laughs")
    ROBOTS_DISALLOW = "robots-disallow"  # robots.txt shuts part of the site off

    @property
    def targets(self) -> frozenset[Target]:
        """The kinds of path this fault can be injected at."""
        return _TARGETS.get(self, _ANYWHERE)


_ANYWHERE = frozenset(Target)
_TARGETS: dict[FaultKind, frozenset[Target]] = {
    **dict.fromkeys(
        (
            FaultKind.HUGE,
            FaultKind.NOT_HTML,
            FaultKind.WRONG_CHARSET,
            FaultKind.MISSING_CHARSET,
            FaultKind.DUPLICATE,
            FaultKind.BAD_LINKS,
            FaultKind.MALFORMED,
            FaultKind.DEEP_NESTING,
        ),
        frozenset({Target.PAGE}),
    ),
    **dict.fromkeys(
        (FaultKind.SITEMAP_MALFORMED, FaultKind.SITEMAP_HUGE, FaultKind.SITEMAP_BOMB),
        frozenset({Target.SITEMAP}),
    ),
    FaultKind.ROBOTS_DISALLOW: frozenset({Target.ROBOTS}),
}

#: Where REDIRECT_PRIVATE sends a path (one of these, picked by the path's hash).
PRIVATE_TARGETS = (
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/en/conditions/internal-page",
    "file:///etc/passwd",
    "http://192.168.1.1/en/conditions/router-admin",
)
#: The links BAD_LINKS adds to a page; the http ones match the drug-page URL pattern, so a
#: crawler that follows every page-shaped link would request them.
BAD_HREFS = (
    "file:///etc/passwd",
    "file:///en/conditions/local-file",
    "javascript:alert(document.cookie)",
    "http://169.254.169.254/en/conditions/cloud-metadata",
    "http://10.0.0.1/en/conditions/internal-page",
    "http://192.168.1.1/en/conditions/router-admin",
    "http://[fd00::1]/en/conditions/unique-local",
    "http://127.0.0.2/en/conditions/other-loopback",
)
#: The other URLs a DUPLICATE page is served under (suffixes of its path; the query form is
#: served by any page, as the server ignores queries).
DUPLICATE_SUFFIXES = ("/", "-copy", "?utm_source=duplicate")
#: Prefixes robots.txt disallows under ROBOTS_DISALLOW: pages whose slug starts with 'a' or
#: 'b', and the drug hubs.
DISALLOWED_PREFIXES = ("/en/conditions/a", "/en/conditions/b", "/en/drugs/")
HOP = "fault-hop"  # query parameter counting REDIRECT_CHAIN hops
LOOP = "fault-loop"  # query parameter of REDIRECT_LOOP's second URL


@dataclass(frozen=True)
class FaultPlan:
    """Which path gets which fault, and the sizes and times faults use.

    ``faults`` (explicit, by path) win over the seeded ``rate``; a path the rate picks gets one
    of ``kinds`` that applies to it (a page, a sitemap or robots.txt), also picked by the hash.
    """

    faults: Mapping[str, FaultKind] = field(default_factory=dict)
    rate: float = 0.0
    seed: int = 0
    kinds: tuple[FaultKind, ...] = tuple(FaultKind)
    retry_after: int = 5  # seconds, in 503 and 429 answers
    slow_seconds: float = 40.0  # past the project's DOWNLOAD_TIMEOUT (30 s)
    huge_bytes: int = 50 * MIB
    bomb_bytes: int = 1024 * MIB
    nesting_depth: int = 10_000
    redirect_hops: int = 10  # past the project's REDIRECT_MAX_TIMES (5)

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"the fault rate must be between 0 and 1, not {self.rate}")
        if not self.kinds:
            raise ValueError("no fault kinds to choose from")
        for name in ("huge_bytes", "bomb_bytes", "nesting_depth", "redirect_hops"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.retry_after < 0 or self.slow_seconds < 0:
            raise ValueError("retry_after and slow_seconds cannot be negative")
        for path, kind in self.faults.items():
            _check_assignment(path, kind)

    @classmethod
    def random(
        cls,
        rate: float,
        seed: int = 0,
        kinds: Iterable[FaultKind] | None = None,
        **options: int | float,
    ) -> FaultPlan:
        """A plan faulting a share ``rate`` of paths, chosen and given kinds by ``seed``."""
        chosen = tuple(FaultKind) if kinds is None else tuple(dict.fromkeys(kinds))
        return cls(rate=rate, seed=seed, kinds=chosen, **options)  # type: ignore[arg-type]

    def with_faults(self, faults: Mapping[str, FaultKind]) -> FaultPlan:
        """This plan with ``faults`` added at their paths (replacing what was there)."""
        return dataclasses.replace(self, faults={**self.faults, **faults})

    @property
    def active(self) -> bool:
        return bool(self.faults) or self.rate > 0

    def fault_for(self, path: str) -> FaultKind | None:
        """The fault injected at ``path`` (a URL path, no query), or None."""
        if path in self.faults:
            return self.faults[path]
        if self.rate <= 0:
            return None
        share, pick = _draw(self.seed, path)
        eligible = [k for k in self.kinds if target_of(path) in k.targets]
        if share >= self.rate or not eligible:
            return None
        return eligible[pick % len(eligible)]

    def duplicate_of(self, path: str) -> str | None:
        """The page that ``path`` is a duplicate URL of (under DUPLICATE), or None."""
        for suffix in DUPLICATE_SUFFIXES[:2]:
            base = path.removesuffix(suffix)
            if base != path and base and self.fault_for(base) is FaultKind.DUPLICATE:
                return base
        return None


def target_of(path: str) -> Target:
    """Whether a path is robots.txt, a sitemap (or sitemap index) or anything else."""
    if path == "/robots.txt":
        return Target.ROBOTS
    name = path.rsplit("/", 1)[-1]
    if "sitemap" in name and name.endswith((".xml", ".xml.gz")):
        return Target.SITEMAP
    return Target.PAGE


def parse_kinds(text: str) -> tuple[FaultKind, ...]:
    """Fault kinds from 'a,b,c' (command-line names); ValueError names an unknown one."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise ValueError("no fault kinds given")
    return tuple(_kind(name) for name in names)


def parse_assignment(text: str) -> tuple[str, FaultKind]:
    """'PATH=KIND' as a (path, kind) pair; ValueError says what is wrong with it."""
    path, equals, name = text.rpartition("=")
    if not equals or not path:
        raise ValueError(f"expected PATH=KIND, got {text!r}")
    kind = _kind(name.strip())
    _check_assignment(path, kind)
    return path, kind


def _kind(name: str) -> FaultKind:
    try:
        return FaultKind(name)
    except ValueError:
        known = ", ".join(k.value for k in FaultKind)
        raise ValueError(f"unknown fault kind {name!r} (known: {known})") from None


def _check_assignment(path: str, kind: FaultKind) -> None:
    if not path.startswith("/") or "?" in path or "#" in path:
        raise ValueError(f"a fault's path must be a URL path starting with '/': {path!r}")
    if target_of(path) not in kind.targets:
        where = " or ".join(sorted(t.value for t in kind.targets))
        raise ValueError(f"fault {kind.value!r} applies only to a {where}, not to {path}")


def _draw(seed: int, path: str) -> tuple[float, int]:
    """Two numbers from (seed, path): a share in [0, 1) and a pick."""
    digest = hashlib.sha256(f"{seed}\x00{path}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64, int.from_bytes(digest[8:16], "big")


# --- answers ------------------------------------------------------------------------------------


class Ending(Enum):
    """How the connection ends after a fault's answer."""

    KEEP = "keep"  # as usual: the body is complete, keep-alive goes on
    CLOSE = "close"  # a clean close (FIN): ends a body without a length, or cuts one short
    RESET = "reset"  # a TCP reset (RST)


@dataclass(frozen=True)
class FaultRequest:
    """What a fault's answer is made from: the request and what the path normally serves."""

    path: str  # URL path, no query
    query: str
    base_url: str  # 'http://127.0.0.1:8642'
    body: bytes | None  # the normal answer's body; None where the path has none (404, redirect)
    content_type: str | None


@dataclass(frozen=True)
class FaultResponse:
    """A fault's answer, for the server to write out."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: Iterable[bytes] = ()
    pause: float = 0.0  # seconds between the headers and the body
    ending: Ending = Ending.KEEP


Responder = Callable[[FaultRequest, FaultPlan], FaultResponse | None]
HTML = "text/html; charset=utf-8"


def respond(kind: FaultKind, request: FaultRequest, plan: FaultPlan) -> FaultResponse | None:
    """The answer for ``kind`` at ``request``, or None to answer as usual (a redirect chain's
    last hop, or a fault that rewrites a page at a path that has none)."""
    return _RESPONDERS[kind](request, plan)


def _status(code: int, *, retry: bool = False) -> Responder:
    def answer(request: FaultRequest, plan: FaultPlan) -> FaultResponse:
        body = _error_page(code)
        headers = [("Content-Type", HTML), ("Content-Length", str(len(body)))]
        if retry:
            headers.append(("Retry-After", str(plan.retry_after)))
        return FaultResponse(code, tuple(headers), (body,))

    return answer


def _error_page(code: int) -> bytes:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{code}</title>'
        f"</head><body><h1>Error {code}</h1></body></html>\n"
    ).encode()


def _ok(body: bytes, kind: str = HTML) -> FaultResponse:
    """A 200 with the whole of ``body``."""
    return FaultResponse(200, (("Content-Type", kind), ("Content-Length", str(len(body)))), (body,))


def _some_body(request: FaultRequest) -> tuple[bytes, str]:
    """The path's normal body, or a small page where it has none."""
    if request.body is None:
        return _error_page(200).replace(b"Error 200", b"A page"), HTML
    return request.body, request.content_type or HTML


def _slow(request: FaultRequest, plan: FaultPlan) -> FaultResponse:
    body, kind = _some_body(request)
    headers = (("Content-Type", kind), ("Content-Length", str(len(body))))
    return FaultResponse(200, headers, (body,), pause=plan.slow_seconds)


def _cut(ending: Ending) -> Responder:
    def answer(request: FaultRequest, plan: FaultPlan) -> FaultResponse:
        body, kind = _some_body(request)
        headers = (("Content-Type", kind), ("Content-Length", str(len(body))))
        return FaultResponse(200, headers, (body[: len(body) // 2],), ending=ending)

    return answer


def _redirect(location: str) -> FaultResponse:
    return FaultResponse(302, (("Location", location), ("Content-Length", "0")))


def _redirect_chain(request: FaultRequest, plan: FaultPlan) -> FaultResponse | None:
    hop = _query_int(request.query, HOP)
    if hop >= plan.redirect_hops:
        return None
    return _redirect(f"{request.base_url}{request.path}?{HOP}={hop + 1}")


def _redirect_loop(request: FaultRequest, plan: FaultPlan) -> FaultResponse:
    if _query_int(request.query, LOOP):
        return _redirect(request.base_url + request.path)
    return _redirect(f"{request.base_url}{request.path}?{LOOP}=1")


def _redirect_offsite(request: FaultRequest, plan: FaultPlan) -> FaultResponse:
    # Another host name for this very server: off the crawl's domain, yet still loopback, so
    # a crawler that follows it is seen here (and reaches nothing outside the machine).
    return _redirect(request.base_url.replace("127.0.0.1", "localhost", 1) + request.path)


def _redirect_private(request: FaultRequest, plan: FaultPlan) -> FaultResponse:
    _, pick = _draw(plan.seed, request.path)
    return _redirect(PRIVATE_TARGETS[pick % len(PRIVATE_TARGETS)])


def _query_int(query: str, name: str) -> int:
    values = parse_qs(query).get(name, ["0"])
    return int(values[0]) if values[0].isdigit() else 0


def _empty(request: FaultRequest, plan: FaultPlan) -> FaultResponse:
    return FaultResponse(200, (("Content-Type", HTML), ("Content-Length", "0")))


def _gzip_bomb(request: FaultRequest, plan: FaultPlan) -> FaultResponse:
    body, length = bodies.gzip_bomb(plan.bomb_bytes)
    headers = (
        ("Content-Type", HTML),
        ("Content-Encoding", "gzip"),
        ("Content-Length", str(length)),
    )
    return FaultResponse(200, headers, body)


def _huge(request: FaultRequest, plan: FaultPlan) -> FaultResponse | None:
    if request.body is None:
        return None
    body, length = bodies.padded(request.body, plan.huge_bytes)
    return FaultResponse(200, (("Content-Type", HTML), ("Content-Length", str(length))), body)


def _not_html(request: FaultRequest, plan: FaultPlan) -> FaultResponse:
    return _ok(bodies.PDF, "application/pdf")


def _recoded(*, declared: bool) -> Responder:
    """The page in windows-1252, declared utf-8 (``declared``) or with no charset anywhere."""

    def answer(request: FaultRequest, plan: FaultPlan) -> FaultResponse | None:
        if request.body is None:
            return None
        body = bodies.recoded(request.body, declared=declared)
        return _ok(body, HTML if declared else "text/html")

    return answer


def _duplicate(request: FaultRequest, plan: FaultPlan) -> FaultResponse | None:
    if request.body is None:
        return None
    url = request.base_url + request.path
    hrefs = [url + suffix for suffix in DUPLICATE_SUFFIXES]
    links = bodies.link_list(hrefs, "fault-duplicates", "This page again")
    return _ok(bodies.before_body_end(request.body, links))


def _bad_links(request: FaultRequest, plan: FaultPlan) -> FaultResponse | None:
    if request.body is None:
        return None
    links = bodies.link_list(BAD_HREFS, "fault-links", "More about it")
    return _ok(bodies.before_body_end(request.body, links))


def _malformed(request: FaultRequest, plan: FaultPlan) -> FaultResponse | None:
    return None if request.body is None else _ok(bodies.malformed(request.body))


def _deep_nesting(request: FaultRequest, plan: FaultPlan) -> FaultResponse | None:
    if request.body is None:
        return None
    return _ok(bodies.deeply_nested(request.body, plan.nesting_depth))


# --- sitemaps and robots.txt --------------------------------------------------------------------


def _xml_of(request: FaultRequest) -> bytes | None:
    if request.body is None:
        return None
    return gzip.decompress(request.body) if request.body[:2] == b"\x1f\x8b" else request.body


def _sitemap_answer(request: FaultRequest, xml: bytes) -> FaultResponse:
    """``xml`` as the path serves it: gzipped where the path ends in .gz."""
    body = gzip.compress(xml, mtime=0) if request.path.endswith(".gz") else xml
    return _ok(body, request.content_type or "application/xml")


def _sitemap_malformed(request: FaultRequest, plan: FaultPlan) -> FaultResponse | None:
    xml = _xml_of(request)
    return None if xml is None else _sitemap_answer(request, bodies.garbled(xml))


def _sitemap_huge(request: FaultRequest, plan: FaultPlan) -> FaultResponse | None:
    xml = _xml_of(request)
    huge = bodies.repeated_entries(xml, plan.huge_bytes) if xml is not None else None
    if huge is None:
        return None
    parts, length = huge
    kind = request.content_type or "application/xml"
    if request.path.endswith(".gz"):
        # A streamed gzip has no length known in advance: the body ends when the server closes.
        headers = (("Content-Type", kind), ("Connection", "close"))
        return FaultResponse(200, headers, bodies.gzipped(parts), ending=Ending.CLOSE)
    return FaultResponse(200, (("Content-Type", kind), ("Content-Length", str(length))), parts)


def _sitemap_bomb(request: FaultRequest, plan: FaultPlan) -> FaultResponse:
    request = dataclasses.replace(request, content_type=request.content_type or "application/xml")
    return _sitemap_answer(request, bodies.sitemap_bomb(request.base_url))


def _robots_disallow(request: FaultRequest, plan: FaultPlan) -> FaultResponse:
    body = bodies.disallowing(request.body, DISALLOWED_PREFIXES)
    return _ok(body, "text/plain; charset=utf-8")


_RESPONDERS: dict[FaultKind, Responder] = {
    FaultKind.NOT_FOUND: _status(404),
    FaultKind.GONE: _status(410),
    FaultKind.SERVER_ERROR: _status(500),
    FaultKind.BAD_GATEWAY: _status(502),
    FaultKind.UNAVAILABLE: _status(503, retry=True),
    FaultKind.TOO_MANY_REQUESTS: _status(429, retry=True),
    FaultKind.SLOW: _slow,
    FaultKind.RESET: _cut(Ending.RESET),
    FaultKind.TRUNCATED: _cut(Ending.CLOSE),
    FaultKind.REDIRECT_CHAIN: _redirect_chain,
    FaultKind.REDIRECT_LOOP: _redirect_loop,
    FaultKind.REDIRECT_OFFSITE: _redirect_offsite,
    FaultKind.REDIRECT_PRIVATE: _redirect_private,
    FaultKind.EMPTY: _empty,
    FaultKind.GZIP_BOMB: _gzip_bomb,
    FaultKind.HUGE: _huge,
    FaultKind.NOT_HTML: _not_html,
    FaultKind.WRONG_CHARSET: _recoded(declared=True),
    FaultKind.MISSING_CHARSET: _recoded(declared=False),
    FaultKind.DUPLICATE: _duplicate,
    FaultKind.BAD_LINKS: _bad_links,
    FaultKind.MALFORMED: _malformed,
    FaultKind.DEEP_NESTING: _deep_nesting,
    FaultKind.SITEMAP_MALFORMED: _sitemap_malformed,
    FaultKind.SITEMAP_HUGE: _sitemap_huge,
    FaultKind.SITEMAP_BOMB: _sitemap_bomb,
    FaultKind.ROBOTS_DISALLOW: _robots_disallow,
}
