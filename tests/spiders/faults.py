"""A tiny hostile site on 127.0.0.1 for the reliability and security tests.

Each path answers from a table of canned responses (status, headers, body, or a sequence of
them for a path asked more than once); every request is logged with its time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (a slow server)


def html(body: bytes, charset: str = "utf-8") -> Answer:
    return Answer(200, body, {"Content-Type": f"text/html; charset={charset}"})


def xml(body: bytes) -> Answer:
    return Answer(200, body, {"Content-Type": "application/xml"})


def redirect(location: str, status: int = 302) -> Answer:
    return Answer(status, b"", {"Location": location})


@dataclass
class FaultSite:
    """Routes: path → one answer, or a list answered in turn (the last one repeats)."""

    routes: dict[str, Answer | list[Answer]] = field(default_factory=dict)
    hits: list[tuple[str, float]] = field(default_factory=list)  # (path, monotonic time)
    answered: list[tuple[str, int, float]] = field(default_factory=list)  # (path, status, sent)
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, path: str) -> Answer:
        with self._lock:
            asked = sum(1 for p, _ in self.hits if p == path)
            self.hits.append((path, time.monotonic()))
        found = self.routes.get(path, Answer(404, b"not here"))
        if isinstance(found, list):
            return found[min(asked, len(found) - 1)]
        return found

    def times(self, path: str) -> list[float]:
        return [t for p, t in self.hits if p == path]

    def paths(self) -> list[str]:
        return [p for p, _ in self.hits]


def _handler(site: FaultSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer = site.answer(self.path)
            time.sleep(answer.delay)
            # Stamped before the answer leaves: the client cannot have it any earlier.
            site.answered.append((self.path, answer.status, time.monotonic()))
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the hits list is the log

    return Handler


@contextmanager
def serving(site: FaultSite) -> Iterator[FaultSite]:
    """Serve ``site`` on 127.0.0.1 at a free port (``site.url``) until the block ends."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.url = f"http://127.0.0.1:{httpd.server_port}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
