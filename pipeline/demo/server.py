"""A local HTTP server for the sample site: stdlib only, 127.0.0.1 only, quiet.

It serves the files ``build_site`` wrote with the right Content-Type, strong ETags and
Last-Modified (answering conditional requests with 304), HEAD, 404 for missing paths and a 301 to
the slash form of a folder; with a :class:`~pipeline.demo.faults.FaultPlan` it breaks the paths the
plan says, in the ways it says. :data:`~pipeline.demo.templates.BASE_URL` in a text file (or inside
the gzip sitemap) becomes the server's real base URL. Tests change pages between crawls with
``replace`` / ``remove`` (kept in memory; the files stay as built) and read ``hits``.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import logging
import re
import socket
import socketserver
import struct
import threading
import time
from dataclasses import dataclass
from datetime import UTC
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline.demo.faults import Ending, FaultPlan, FaultRequest, FaultResponse, respond
from pipeline.demo.site import file_for
from pipeline.demo.templates import BASE_URL

LOOPBACK = "127.0.0.1"
HTML = "text/html; charset=utf-8"
GZIP = "application/gzip"
#: Content types by file-name ending; a name without a dot is an HTML page.
CONTENT_TYPES: tuple[tuple[str, str], ...] = (
    (".xml.gz", GZIP),
    (".xml", "application/xml"),
    (".txt", "text/plain; charset=utf-8"),
    (".html", HTML),
    (".css", "text/css; charset=utf-8"),
    (".js", "text/javascript; charset=utf-8"),
    (".json", "application/json"),
    (".svg", "image/svg+xml"),
)
_TEXTUAL = ("text/", "application/xml", "application/json", "image/svg+xml")
_NOT_FOUND = (
    b'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>404 Not Found'
    b"</title></head>\n<body><h1>Not Found</h1><p>The requested URL was not found on this server."
    b"</p></body>\n</html>\n"
)
_log = logging.getLogger(__name__)


def content_type(path: str) -> str:
    """The Content-Type for a URL path or file name."""
    name = path.rstrip("/").rsplit("/", 1)[-1] if not path.endswith("/") else "index.html"
    for suffix, kind in CONTENT_TYPES:
        if name.endswith(suffix):
            return kind
    return HTML if "." not in name else "application/octet-stream"


def clean_path(raw: str) -> str | None:
    """The decoded path of a request target, or None for one the site never serves.

    Refused: anything not starting with '/', '..', hidden ('.name') and empty inner segments.
    """
    path = unquote(urlsplit(raw).path)
    if not path.startswith("/") or "\x00" in path or "\\" in path:
        return None
    segments = path.split("/")[1:]
    inner, last = segments[:-1], segments[-1]
    if any(not s or s.startswith(".") for s in inner) or last.startswith("."):
        return None
    return path


@dataclass(frozen=True, slots=True)
class Resource:
    """A response body ready to send, with its validators."""

    body: bytes
    content_type: str
    etag: str  # strong: '"<sha256 prefix>"'
    last_modified: int  # seconds since the epoch


@dataclass(frozen=True, slots=True)
class Hit:
    """One request the server answered."""

    method: str
    path: str  # the request target as sent, query included
    status: int
    user_agent: str | None
    fault: str | None = None  # the FaultKind injected, if any
    at: float = 0.0  # when it was answered (time.time())
    host: str | None = None  # the Host header: shows a crawler that followed an off-site link


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class SiteContent:
    """The files under ``root`` with the base URL substituted, plus in-memory replacements."""

    def __init__(self, root: Path, base_url: str, faults: FaultPlan | None = None) -> None:
        self.root = root.resolve()
        self.base_url = base_url
        self.faults = faults
        self._lock = threading.Lock()
        self._overrides: dict[str, Resource | None] = {}
        # Sitemap entries as a CMS keeps them: a replaced page's <lastmod> moves to its new
        # date; an unlisted page's <url> entry is gone (path → new date, or None to unlist).
        self._listing: dict[str, str | None] = {}
        self._cache: dict[Path, tuple[tuple[int, int], Resource]] = {}
        self._hits: list[Hit] = []

    # -- lookups ----------------------------------------------------------------------------------
    def lookup(self, raw: str) -> Resource | str | None:
        """The resource for a request target; a str is where to redirect; None is a 404."""
        path = clean_path(raw)
        if path is None:
            return None
        with self._lock:
            if path in self._overrides:
                return self._overrides[path]
        target = file_for(self.root, path)
        if not path.endswith("/") and target.is_dir():
            return path + "/"
        try:
            if not target.resolve().is_relative_to(self.root) or not target.is_file():
                return None
            resource = self._load(target, content_type(target.name))
        except OSError:
            return None
        return self._edit_sitemap(resource) if "sitemap" in target.name else resource

    def _edit_sitemap(self, resource: Resource) -> Resource:
        with self._lock:
            listing = dict(self._listing)
        if not listing:
            return resource
        gzipped = resource.content_type == GZIP
        xml = gzip.decompress(resource.body) if gzipped else resource.body
        edited = _edit_entries(xml.decode("utf-8"), self.base_url, listing).encode("utf-8")
        if edited == xml:
            return resource
        body = gzip.compress(edited, mtime=0) if gzipped else edited
        return Resource(body, resource.content_type, _etag(body), int(time.time()))

    def _load(self, target: Path, kind: str) -> Resource:
        stat = target.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._cache.get(target)
        if cached and cached[0] == key:
            return cached[1]
        body = self.substitute(target.read_bytes(), kind)
        resource = Resource(body, kind, _etag(body), int(stat.st_mtime))
        with self._lock:
            self._cache[target] = (key, resource)
        return resource

    def substitute(self, body: bytes, kind: str) -> bytes:
        """Put the real base URL where the files say BASE_URL (inside gzip too)."""
        placeholder, real = BASE_URL.encode(), self.base_url.encode()
        if kind == GZIP:
            inner = gzip.decompress(body)
            return (
                gzip.compress(inner.replace(placeholder, real), mtime=0)
                if placeholder in inner
                else body
            )
        if kind.startswith(_TEXTUAL):
            return body.replace(placeholder, real)
        return body

    # -- changes between crawls -------------------------------------------------------------------
    def replace(self, path: str, content: str | bytes) -> Resource:
        """Serve ``content`` at ``path`` from now on; its Last-Modified moves forward."""
        clean = _checked(path)
        kind = content_type(clean)
        raw = content.encode("utf-8") if isinstance(content, str) else content
        body = self.substitute(raw, kind)
        previous = self.lookup(clean)
        floor = previous.last_modified + 1 if isinstance(previous, Resource) else 0
        resource = Resource(body, kind, _etag(body), max(int(time.time()), floor))
        with self._lock:
            self._overrides[clean] = resource
            if self._listing.get(clean, "") is not None:  # an unlisted page stays unlisted
                date = time.gmtime(resource.last_modified)
                self._listing[clean] = time.strftime("%Y-%m-%d", date)
        return resource

    def unlist(self, path: str) -> None:
        """Drop ``path`` from the sitemaps from now on (the page itself is still served)."""
        clean = _checked(path)
        with self._lock:
            self._listing[clean] = None

    def remove(self, path: str) -> None:
        """Answer 404 at ``path`` from now on."""
        clean = _checked(path)
        with self._lock:
            self._overrides[clean] = None

    def restore(self, path: str | None = None) -> None:
        """Undo ``replace`` / ``remove`` for ``path``, or for every path."""
        with self._lock:
            if path is None:
                self._overrides.clear()
                self._listing.clear()
            else:
                self._overrides.pop(_checked(path), None)
                self._listing.pop(_checked(path), None)

    # -- the request log --------------------------------------------------------------------------
    def record(self, hit: Hit) -> None:
        with self._lock:
            self._hits.append(hit)

    def hits(self) -> list[Hit]:
        with self._lock:
            return list(self._hits)

    def clear_hits(self) -> None:
        with self._lock:
            self._hits.clear()


_URL_ENTRY = re.compile(r"<url>\s*<loc>(?P<loc>[^<]*)</loc>(?P<rest>.*?)</url>\s*", re.DOTALL)
_LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>")


def _edit_entries(xml: str, base_url: str, listing: dict[str, str | None]) -> str:
    """A urlset with its entries for the paths in ``listing`` re-dated or dropped."""

    def edit(match: re.Match[str]) -> str:
        loc = match["loc"].strip()
        path = loc[len(base_url) :] if loc.startswith(base_url) else None
        if path is None or path not in listing:
            return match[0]
        lastmod = listing[path]
        if lastmod is None:
            return ""
        return _LASTMOD.sub(f"<lastmod>{lastmod}</lastmod>", match[0], count=1)

    return _URL_ENTRY.sub(edit, xml)


def _checked(path: str) -> str:
    clean = clean_path(path)
    if clean is None:
        raise ValueError(f"not a path the site can serve: {path!r}")
    return clean


def not_modified(resource: Resource, headers: Message) -> bool:
    """Whether a conditional GET/HEAD may be answered 304 (If-None-Match wins over the date)."""
    tags = headers.get("If-None-Match")
    if tags is not None:
        listed = [t.strip() for t in tags.split(",")]
        return "*" in listed or any(t.removeprefix("W/") == resource.etag for t in listed)
    since = headers.get("If-Modified-Since")
    if not since:
        return False
    try:
        when = email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return resource.last_modified <= when.timestamp()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "MedsSample/1"
    sys_version = ""
    timeout = 30  # an idle keep-alive connection is dropped after this many seconds

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: no line on stderr per request (tests read ``hits`` instead)."""

    def _respond(self, *, head: bool) -> None:
        content = self.server.content
        injected = self._fault(content)
        if injected is not None:
            kind, reply = injected
            content.record(self._hit(reply.status, kind))
            self._send_fault(reply, head=head)
            return
        found = content.lookup(self.path)
        if found is None and content.faults is not None:
            # A duplicate URL of a page under the DUPLICATE fault serves that page.
            original = content.faults.duplicate_of(clean_path(self.path) or "")
            found = content.lookup(original) if original else None
        status, headers, body = _answer(found, self.headers, content.base_url)
        # Logged before answering: a client that has its answer finds its request in ``hits``.
        content.record(self._hit(int(status)))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if body and not head:
            self.wfile.write(body)

    def _hit(self, status: int, fault: str | None = None) -> Hit:
        agent, host = self.headers.get("User-Agent"), self.headers.get("Host")
        return Hit(self.command, self.path, status, agent, fault, time.time(), host)

    def _fault(self, content: SiteContent) -> tuple[str, FaultResponse] | None:
        """The fault planned for this request and its answer, or None to answer as usual."""
        plan, path = content.faults, clean_path(self.path)
        if plan is None or path is None:
            return None
        kind = plan.fault_for(path)
        if kind is None:
            return None
        found = content.lookup(self.path)
        served = found if isinstance(found, Resource) else None
        request = FaultRequest(
            path=path,
            query=urlsplit(self.path).query,
            base_url=content.base_url,
            body=served.body if served else None,
            content_type=served.content_type if served else None,
        )
        reply = respond(kind, request, plan)
        return None if reply is None else (kind.value, reply)

    def _send_fault(self, reply: FaultResponse, *, head: bool) -> None:
        """Write a fault's answer: headers, the pause, the body in chunks, then the ending."""
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if reply.ending is not Ending.KEEP:
            self.close_connection = True
        if head:
            return
        time.sleep(reply.pause)
        for chunk in reply.body:
            self.wfile.write(chunk)
        if reply.ending is Ending.RESET:
            self._reset()

    def _reset(self) -> None:
        """Close with a TCP reset: a zero linger time makes close() send RST, not FIN."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()  # the socket closes for real only once no file object holds it
        self.connection.close()


def _answer(
    found: Resource | str | None, request: Message, base_url: str
) -> tuple[HTTPStatus, list[tuple[str, str]], bytes]:
    """Status, headers and body for what ``lookup`` found (a str is a redirect target)."""
    if isinstance(found, str):
        status, body = HTTPStatus.MOVED_PERMANENTLY, b""
        headers = [("Location", base_url + found), ("Content-Type", HTML)]
    elif found is None:
        status, body, headers = HTTPStatus.NOT_FOUND, _NOT_FOUND, [("Content-Type", HTML)]
    else:
        modified = email.utils.formatdate(found.last_modified, usegmt=True)
        headers = [("ETag", found.etag), ("Last-Modified", modified)]
        if not_modified(found, request):
            return HTTPStatus.NOT_MODIFIED, headers, b""
        status, body = HTTPStatus.OK, found.body
        headers.append(("Content-Type", found.content_type))
    headers.append(("Content-Length", str(len(body))))
    return status, headers, body


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    content: SiteContent

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (socket.getfqdn): no lookups here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = LOOPBACK, self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-response is normal for crawlers: log at debug only."""
        _log.debug("demo server: error serving %s", client_address, exc_info=True)


class DemoServer:
    """A running sample-site server. Use as a context manager, or call ``stop()``."""

    def __init__(self, httpd: _Server, thread: threading.Thread) -> None:
        self._httpd = httpd
        self._thread = thread
        self._stopped = False

    @property
    def url(self) -> str:
        """The base URL with the real port, no trailing slash: 'http://127.0.0.1:8123'."""
        return self._httpd.content.base_url

    @property
    def port(self) -> int:
        return self._httpd.server_port

    @property
    def root(self) -> Path:
        return self._httpd.content.root

    def url_for(self, path: str) -> str:
        """The absolute URL of a root-relative path."""
        return self.url + path

    @property
    def hits(self) -> list[Hit]:
        """Every request answered so far, in order."""
        return self._httpd.content.hits()

    def clear_hits(self) -> None:
        self._httpd.content.clear_hits()

    def replace(self, path: str, html: str | bytes) -> None:
        """Serve ``html`` at ``path`` (new or existing) from now on, with a new ETag and date;
        a sitemap listing ``path`` dates it today, as a CMS would."""
        self._httpd.content.replace(path, html)

    def remove(self, path: str) -> None:
        """Answer 404 at ``path`` from now on."""
        self._httpd.content.remove(path)

    def unlist(self, path: str) -> None:
        """Drop ``path`` from the sitemaps from now on; the page is still served."""
        self._httpd.content.unlist(path)

    def restore(self, path: str | None = None) -> None:
        """Serve ``path`` (or every path) from the files again."""
        self._httpd.content.restore(path)

    def stop(self) -> None:
        """Stop serving and close the socket; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def serve(
    root: Path, host: str = LOOPBACK, port: int = 0, faults: FaultPlan | None = None
) -> DemoServer:
    """Serve the site in ``root`` from a background thread on 127.0.0.1.

    Args:
        root: a folder ``build_site`` wrote.
        host: must be 127.0.0.1 (or 'localhost', which means it): nothing else is bound.
        port: 0 picks a free port; ``.url`` says which.
        faults: what to break, and where (see :mod:`pipeline.demo.faults`); None: nothing.

    Raises:
        ValueError: ``host`` is not the loopback address.
        NotADirectoryError: ``root`` is not a folder.
        OSError: the port is taken.
    """
    if host not in (LOOPBACK, "localhost"):
        raise ValueError(f"the demo server only binds {LOOPBACK}, not {host!r}")
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a folder")
    httpd = _Server((LOOPBACK, port), _Handler)
    httpd.content = SiteContent(root, f"http://{LOOPBACK}:{httpd.server_port}", faults)
    thread = threading.Thread(
        target=httpd.serve_forever,
        kwargs={"poll_interval": 0.1},
        name=f"medscrape-demo-{httpd.server_port}",
        daemon=True,
    )
    thread.start()
    return DemoServer(httpd, thread)
