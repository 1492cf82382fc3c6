"""The sample site's fault mode: every fault kind, seen by a real client over HTTP on 127.0.0.1."""

from __future__ import annotations

import gzip
import http.client
import ipaddress
import re
import socket
import subprocess
import sys
import time
import tracemalloc
import urllib.robotparser
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest

from pipeline.cli import main
from pipeline.demo import DemoServer, Manifest, build_site, serve
from pipeline.demo.fault_bodies import MALFORMED_JUNK
from pipeline.demo.faults import (
    BAD_HREFS,
    DISALLOWED_PREFIXES,
    DUPLICATE_SUFFIXES,
    MIB,
    PRIVATE_TARGETS,
    FaultKind,
    FaultPlan,
    Target,
    parse_assignment,
    parse_kinds,
    target_of,
)
from tests.demo.conftest import fetch, serve_demo_process

ROOT = Path(__file__).resolve().parents[2]
K = FaultKind
#: Kinds given to one page each in the module's plan, in this order.
PAGE_KINDS = [k for k in FaultKind if Target.PAGE in k.targets]
PRIVATE_PAGES = 12  # pages given REDIRECT_PRIVATE on top of those
SLOW = 2.0  # seconds the slow fault waits; the client gives up after CLIENT_WAIT
CLIENT_WAIT = 0.5


class Faulty(NamedTuple):
    server: DemoServer
    manifest: Manifest
    at: dict[FaultKind, str]  # a page path given each page kind
    private: list[str]  # page paths given REDIRECT_PRIVATE

    def url(self, kind: FaultKind) -> str:
        return self.server.url_for(self.at[kind])


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    root = tmp_path_factory.mktemp("faults") / "site"
    return root, build_site(root, pages=40)


@pytest.fixture(scope="module")
def faulty(small_site: tuple[Path, Manifest]) -> Iterator[Faulty]:
    root, manifest = small_site
    reference = manifest.reference.path
    others = sorted(manifest.good_paths - {reference})
    # The charset faults go to the reference page: it is known to hold non-ASCII text (’).
    at = {kind: path for kind, path in zip(PAGE_KINDS, others, strict=False)}
    at[K.WRONG_CHARSET] = reference
    at[K.MISSING_CHARSET] = others[len(PAGE_KINDS)]
    private = others[len(PAGE_KINDS) + 1 : len(PAGE_KINDS) + 1 + PRIVATE_PAGES]
    faults = {path: kind for kind, path in at.items()}
    faults |= dict.fromkeys(private, K.REDIRECT_PRIVATE)
    faults |= {
        "/robots.txt": K.ROBOTS_DISALLOW,
        "/sitemap.xml": K.SITEMAP_BOMB,
        "/sitemap-pages-1.xml": K.SITEMAP_MALFORMED,
        "/sitemap-pages-2.xml.gz": K.SITEMAP_HUGE,
    }
    plan = FaultPlan(faults=faults, slow_seconds=SLOW, bomb_bytes=128 * MIB, huge_bytes=50 * MIB)
    with serve(root, faults=plan) as server:
        yield Faulty(server, manifest, at, private)


@pytest.fixture
def fresh(small_site: tuple[Path, Manifest]) -> Iterator[DemoServer]:
    """The small site served without faults: what each path normally answers."""
    with serve(small_site[0]) as server:
        yield server


class Raw(NamedTuple):
    head: bytes
    body: bytes
    error: Exception | None


def raw_get(server: DemoServer, path: str, *, timeout: float = 10) -> Raw:
    """GET over a bare socket, reading until the server closes or fails the connection."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        data, error = b"", None
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except OSError as failure:
            error = failure
    head, _, body = data.partition(b"\r\n\r\n")
    return Raw(head, body, error)


def header(head: bytes, name: str) -> str | None:
    match = re.search(rb"(?im)^" + name.encode() + rb":\s*(.*?)\r?$", head)
    return match[1].decode() if match else None


# --- statuses -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status", "retry_after"),
    [
        (K.NOT_FOUND, 404, None),
        (K.GONE, 410, None),
        (K.SERVER_ERROR, 500, None),
        (K.BAD_GATEWAY, 502, None),
        (K.UNAVAILABLE, 503, "5"),
        (K.TOO_MANY_REQUESTS, 429, "5"),
    ],
)
def test_status_faults_answer_their_status_and_retry_after(
    faulty: Faulty, kind: FaultKind, status: int, retry_after: str | None
) -> None:
    reply = fetch(faulty.url(kind))
    assert reply.status == status
    assert reply.headers["Retry-After"] == retry_after
    assert faulty.server.hits[-1].fault == kind.value


def test_a_path_without_a_fault_is_served_as_usual(faulty: Faulty) -> None:
    faulted = set(faulty.at.values()) | set(faulty.private)
    unfaulted = sorted(faulty.manifest.good_paths - faulted)[0]
    reply = fetch(faulty.server.url_for(unfaulted))
    assert reply.status == 200 and reply.headers["ETag"]
    hit = faulty.server.hits[-1]
    assert (hit.fault, hit.host) == (None, f"127.0.0.1:{faulty.server.port}")


# --- the connection -----------------------------------------------------------------------------


def test_slow_sends_headers_then_stalls_past_the_client_timeout(faulty: Faulty) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", faulty.server.port, timeout=CLIENT_WAIT)
    try:
        started = time.monotonic()
        connection.request("GET", faulty.at[K.SLOW])
        response = connection.getresponse()
        assert response.status == 200 and time.monotonic() - started < CLIENT_WAIT
        with pytest.raises(TimeoutError):
            response.read()
    finally:
        connection.close()


def test_reset_cuts_the_body_with_a_tcp_reset(faulty: Faulty) -> None:
    raw = raw_get(faulty.server, faulty.at[K.RESET])
    assert isinstance(raw.error, ConnectionResetError)
    length = int(header(raw.head, "Content-Length") or 0)
    assert 0 < len(raw.body) < length


def test_truncated_declares_more_than_it_sends_then_closes_cleanly(faulty: Faulty) -> None:
    raw = raw_get(faulty.server, faulty.at[K.TRUNCATED])
    assert raw.error is None, "a clean close (FIN), not a reset"
    length = int(header(raw.head, "Content-Length") or 0)
    assert 0 < len(raw.body) < length


def test_empty_is_a_200_with_no_body(faulty: Faulty) -> None:
    reply = fetch(faulty.url(K.EMPTY))
    assert (reply.status, reply.headers["Content-Length"], reply.body) == (200, "0", b"")


# --- redirects ----------------------------------------------------------------------------------


def test_a_redirect_chain_is_longer_than_the_crawlers_limit_then_ends(
    faulty: Faulty, fresh: DemoServer
) -> None:
    path, hops = faulty.at[K.REDIRECT_CHAIN], 0
    url = faulty.server.url_for(path)
    reply = fetch(url)
    while reply.status == 302:
        hops += 1
        url = reply.headers["Location"]
        reply = fetch(url)
    assert hops == FaultPlan().redirect_hops > 5
    assert reply.status == 200
    assert reply.body.replace(faulty.server.url.encode(), b"") == fetch(
        fresh.url_for(path)
    ).body.replace(fresh.url.encode(), b"")


def test_a_redirect_loop_comes_back_to_where_it_started(faulty: Faulty) -> None:
    start = faulty.url(K.REDIRECT_LOOP)
    seen = [start]
    for _ in range(4):
        reply = fetch(seen[-1])
        assert reply.status == 302
        seen.append(reply.headers["Location"])
    assert seen[2] == seen[4] == start and seen[1] == seen[3] != start


def test_an_offsite_redirect_names_another_host(faulty: Faulty) -> None:
    reply = fetch(faulty.url(K.REDIRECT_OFFSITE))
    assert reply.status == 302
    location = urlsplit(reply.headers["Location"])
    assert location.hostname == "localhost"
    assert (location.port, location.path) == (faulty.server.port, faulty.at[K.REDIRECT_OFFSITE])


def test_private_redirects_go_to_link_local_private_or_file_targets(faulty: Faulty) -> None:
    locations = set()
    for path in faulty.private:
        reply = fetch(faulty.server.url_for(path))
        assert reply.status == 302
        locations.add(reply.headers["Location"])
    assert locations <= set(PRIVATE_TARGETS) and len(locations) >= 2
    for location in locations:
        parts = urlsplit(location)
        assert parts.scheme == "file" or ipaddress.ip_address(parts.hostname or "").is_private


# --- bodies -------------------------------------------------------------------------------------


def test_a_gzip_bomb_inflates_hundreds_of_times_its_size(faulty: Faulty) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", faulty.server.port, timeout=10)
    try:
        connection.request("GET", faulty.at[K.GZIP_BOMB])
        response = connection.getresponse()
        assert response.getheader("Content-Encoding") == "gzip"
        wire, inflated = 0, 0
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        while chunk := response.read(65536):
            wire += len(chunk)
            data = chunk
            while data:  # gzip allows a stream of members: start a new one where one ends
                inflated += len(inflater.decompress(data))
                data = inflater.unused_data
                if data:
                    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    finally:
        connection.close()
    assert wire == int(response.getheader("Content-Length") or 0)
    assert inflated >= 128 * MIB
    assert inflated / wire > 500


def test_a_huge_body_is_50_mib_streamed_not_built_in_memory(faulty: Faulty) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", faulty.server.port, timeout=10)
    tracemalloc.start()
    try:
        connection.request("GET", faulty.at[K.HUGE])
        response = connection.getresponse()
        received, first = 0, b""
        while chunk := response.read(65536):
            first = first or chunk
            received += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        connection.close()
    assert received == int(response.getheader("Content-Length") or 0) == 50 * MIB
    assert first.startswith(b"<!DOCTYPE html>")
    assert peak < 8 * MIB, f"server and client held {peak} bytes at once"


def test_not_html_serves_a_pdf(faulty: Faulty) -> None:
    reply = fetch(faulty.url(K.NOT_HTML))
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/pdf"
    assert reply.body.startswith(b"%PDF-")


def test_wrong_charset_sends_windows_1252_declared_utf8(faulty: Faulty, fresh: DemoServer) -> None:
    path = faulty.at[K.WRONG_CHARSET]
    normal = fetch(fresh.url_for(path)).body.decode("utf-8")
    assert "’" in normal
    reply = fetch(faulty.server.url_for(path))
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'<meta charset="utf-8">' in reply.body
    with pytest.raises(UnicodeDecodeError):
        reply.body.decode("utf-8")
    assert "’" in reply.body.decode("cp1252")


def test_missing_charset_declares_none_anywhere(faulty: Faulty, fresh: DemoServer) -> None:
    path = faulty.at[K.MISSING_CHARSET]
    reply = fetch(faulty.server.url_for(path))
    assert reply.headers["Content-Type"] == "text/html"
    assert b"charset" not in reply.body.lower()
    normal = fetch(fresh.url_for(path)).body.decode("utf-8")
    assert "<title>" in reply.body.decode("cp1252")
    assert len(reply.body.decode("cp1252")) == len(re.sub(r'<meta charset="utf-8">\s*', "", normal))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")


def links(body: bytes) -> _Links:
    parser = _Links()
    parser.feed(body.decode("utf-8"))
    return parser


def test_duplicate_content_is_served_under_several_urls_with_one_canonical(
    faulty: Faulty,
) -> None:
    path = faulty.at[K.DUPLICATE]
    original = faulty.server.url_for(path)
    page = fetch(original)
    aliases = [original + suffix for suffix in DUPLICATE_SUFFIXES]
    assert set(aliases) <= set(links(page.body).hrefs)
    for alias in aliases:
        copy = fetch(alias)
        assert copy.status == 200, alias
        assert links(copy.body).canonical == original
    served = {fetch(alias).body for alias in aliases[:2]}
    assert len(served) == 1, "the copies are byte for byte the same page"


def test_bad_links_point_to_file_javascript_and_private_addresses(faulty: Faulty) -> None:
    hrefs = set(links(fetch(faulty.url(K.BAD_LINKS)).body).hrefs)
    assert set(BAD_HREFS) <= hrefs
    schemes = {urlsplit(h).scheme for h in BAD_HREFS}
    assert {"file", "javascript", "http"} <= schemes


def test_malformed_html_has_no_closing_blocks_and_junk(faulty: Faulty, fresh: DemoServer) -> None:
    path = faulty.at[K.MALFORMED]
    body = fetch(faulty.server.url_for(path)).body
    assert fetch(fresh.url_for(path)).body.count(b"</p>") > 0
    assert body.count(b"<p") > 0 and body.count(b"</p>") == 0 and body.count(b"</div>") == 0
    assert MALFORMED_JUNK in body


class _Depth(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "div"


def test_deep_nesting_wraps_the_page_in_10000_divs(faulty: Faulty) -> None:
    counter = _Depth()
    counter.feed(fetch(faulty.url(K.DEEP_NESTING)).body.decode("utf-8"))
    assert counter.deepest >= 10_000
    assert counter.depth == 0, "every div is closed"


# --- sitemaps and robots.txt --------------------------------------------------------------------


def test_a_malformed_sitemap_does_not_parse(faulty: Faulty, fresh: DemoServer) -> None:
    ET.fromstring(fetch(fresh.url_for("/sitemap-pages-1.xml")).body)  # normally fine
    reply = fetch(faulty.server.url_for("/sitemap-pages-1.xml"))
    assert reply.status == 200 and reply.body.startswith(b"<?xml")
    with pytest.raises(ET.ParseError):
        ET.fromstring(reply.body)


def test_a_huge_gzip_sitemap_streams_without_a_length(faulty: Faulty) -> None:
    raw = raw_get(faulty.server, "/sitemap-pages-2.xml.gz")
    assert raw.error is None and header(raw.head, "Content-Length") is None
    assert header(raw.head, "Connection") == "close"
    xml = gzip.decompress(raw.body)
    assert len(xml) >= 50 * MIB
    assert xml.rstrip().endswith(b"</urlset>")
    assert xml.count(b"<url>") > 100_000


def test_a_sitemap_bomb_expands_to_billions_of_characters(faulty: Faulty) -> None:
    body = fetch(faulty.server.url_for("/sitemap.xml")).body
    assert len(body) < 2048
    entities = dict(re.findall(rb'<!ENTITY (\w+) "([^"]*)">', body))
    sizes: dict[bytes, int] = {}

    def expanded(name: bytes) -> int:
        if name not in sizes:
            value = entities[name]
            refs = re.findall(rb"&(\w+);", value)
            sizes[name] = len(re.sub(rb"&\w+;", b"", value)) + sum(expanded(r) for r in refs)
        return sizes[name]

    used = re.findall(rb"<loc>[^<]*&(\w+);", body)
    assert used and expanded(used[0]) >= 10**9


def test_robots_txt_disallows_part_of_the_site(faulty: Faulty) -> None:
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(fetch(faulty.server.url_for("/robots.txt")).body.decode().splitlines())
    pages = sorted(faulty.manifest.good_paths)
    blocked = [p for p in pages if not robots.can_fetch("medscrape", faulty.server.url_for(p))]
    assert blocked == [p for p in pages if p.startswith(DISALLOWED_PREFIXES)]
    assert 0 < len(blocked) < len(pages)
    assert not robots.can_fetch("medscrape", faulty.server.url_for("/private/x"))


# --- the plan -----------------------------------------------------------------------------------


def test_a_random_plan_is_deterministic_and_near_its_rate(
    small_site: tuple[Path, Manifest],
) -> None:
    paths = sorted(small_site[1].good_paths) + [f"/en/conditions/x-{n}" for n in range(2000)]
    first = [FaultPlan.random(0.1, seed=7).fault_for(p) for p in paths]
    assert first == [FaultPlan.random(0.1, seed=7).fault_for(p) for p in paths]
    assert first != [FaultPlan.random(0.1, seed=8).fault_for(p) for p in paths]
    share = sum(kind is not None for kind in first) / len(paths)
    assert 0.07 < share < 0.13
    assert {kind for kind in first if kind} == {k for k in FaultKind if Target.PAGE in k.targets}


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/robots.txt", Target.ROBOTS),
        ("/sitemap.xml", Target.SITEMAP),
        ("/sitemap-pages-2.xml.gz", Target.SITEMAP),
        ("/en/conditions/", Target.PAGE),
    ],
)
def test_random_faults_fit_the_path(path: str, target: Target) -> None:
    assert target_of(path) is target
    kinds = {FaultPlan.random(1.0, seed=s).fault_for(path) for s in range(300)}
    assert kinds and all(kind is not None and target in kind.targets for kind in kinds)


def test_a_random_plan_over_http_faults_every_page_with_rate_one(
    small_site: tuple[Path, Manifest],
) -> None:
    root, manifest = small_site
    with serve(root, faults=FaultPlan.random(1.0, seed=3, kinds=[K.GONE])) as server:
        statuses = {fetch(server.url_for(p)).status for p in sorted(manifest.good_paths)[:10]}
        assert fetch(server.url_for("/robots.txt")).status == 410
    assert statuses == {410}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("404,nope", "unknown fault kind 'nope'"),
        (" , ", "no fault kinds"),
    ],
)
def test_bad_kind_lists_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_kinds(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nonsense", "expected PATH=KIND"),
        ("/a=teapot", "unknown fault kind"),
        ("relative=404", "starting with '/'"),
        ("/en/x=robots-disallow", "only to a robots.txt"),
        ("/robots.txt=sitemap-bomb", "only to a sitemap"),
        ("/sitemap.xml=deep-nesting", "only to a page"),
    ],
)
def test_bad_assignments_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_assignment(text)


def test_parsed_values_make_a_plan() -> None:
    path, kind = parse_assignment("/robots.txt=robots-disallow")
    plan = FaultPlan.random(0.5, 1, parse_kinds("503, 429")).with_faults({path: kind})
    assert plan.fault_for("/robots.txt") is K.ROBOTS_DISALLOW
    assert plan.kinds == (K.UNAVAILABLE, K.TOO_MANY_REQUESTS)


# --- the command --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--faults", "1.5"],
        ["--faults", "lots"],
        ["--fault-kinds", "404,teapot"],
        ["--fault", "/en/x"],
        ["--fault", "/en/x=sitemap-bomb"],
        ["--fault-seed", "x"],
    ],
)
def test_bad_fault_options_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["serve-demo", "--dir", str(tmp_path / "site"), *args])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "site").exists(), "nothing built for bad options"


def test_a_bad_fault_option_in_a_real_process_is_one_line() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from pipeline.cli import main; main()",
            "serve-demo",
            "--fault",
            "x",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "medscrape: error: Invalid value for --fault: expected PATH=KIND, got 'x'"
    ]


def test_serve_demo_injects_the_faults_it_is_given(tmp_path: Path) -> None:
    page = "/en/conditions/tacrolimus-oral-and-injection-lupus"
    args = ["--dir", str(tmp_path / "s"), "--pages", "20", "--fault", f"{page}=410"]
    with serve_demo_process(
        *args, "--faults", "1", "--fault-kinds", "503", "--fault-seed", "4"
    ) as (_, url):
        assert url.startswith("http://127.0.0.1:")
        assert fetch(url + page).status == 410
        index = fetch(url + "/en/conditions/")
        assert (index.status, index.headers["Retry-After"]) == (503, "5")


def test_sitemap_faults_keep_the_paths_framing(small_site: tuple[Path, Manifest]) -> None:
    """A huge plain sitemap has an exact length; a malformed gzip sitemap is still gzip."""
    faults = {
        "/sitemap-pages-1.xml": K.SITEMAP_HUGE,
        "/sitemap-pages-2.xml.gz": K.SITEMAP_MALFORMED,
    }
    with serve(small_site[0], faults=FaultPlan(faults=faults, huge_bytes=2 * MIB)) as server:
        huge = fetch(server.url_for("/sitemap-pages-1.xml"))
        broken = fetch(server.url_for("/sitemap-pages-2.xml.gz"))
    assert int(huge.headers["Content-Length"]) == len(huge.body) >= 2 * MIB
    assert len(ET.fromstring(huge.body)) > 1000, "well-formed, with thousands of entries"
    with pytest.raises(ET.ParseError):
        ET.fromstring(gzip.decompress(broken.body))


def test_the_fault_options_are_documented(capsys: pytest.CaptureFixture[str]) -> None:
    main(["serve-demo", "--help"])  # returns: help is not an error
    text = capsys.readouterr().out
    for option in ("--faults", "--fault-seed", "--fault-kinds", "--fault "):
        assert option in text
    squeezed = "".join(text.split())  # help text wraps inside names such as redirect-offsite
    assert all(kind.value in squeezed for kind in FaultKind)
