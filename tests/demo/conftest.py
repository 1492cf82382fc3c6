"""Fixtures of the sample-site tests: one built site per session, one server per module."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import NamedTuple
from urllib.error import HTTPError

import pytest

from pipeline.demo import DemoServer, Manifest, build_site, serve


class BuiltSite(NamedTuple):
    root: Path
    manifest: Manifest


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("demo") / "site"
    return BuiltSite(root, build_site(root))


@pytest.fixture(scope="module")
def running(site: BuiltSite) -> Iterator[DemoServer]:
    with serve(site.root) as server:
        yield server


@pytest.fixture
def server(running: DemoServer) -> Iterator[DemoServer]:
    """The module's server, with replacements and the request log reset after each test."""
    yield running
    running.restore()
    running.clear_hits()


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


#: No proxies (an HTTP_PROXY in the environment must not see these requests), no redirects.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def fetch(url: str, *, method: str = "GET", headers: dict[str, str] | None = None) -> Reply:
    """One real HTTP request to the local server; error statuses are returned, not raised."""
    assert url.startswith("http://127.0.0.1:"), url
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=10) as response:
            return Reply(response.status, response.headers, response.read())
    except HTTPError as error:
        with error:
            return Reply(error.code, error.headers, error.read())


ROOT = Path(__file__).resolve().parents[2]


def _ctrl_c_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def serve_demo_process(*args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Start ``serve-demo``; yield the process and the URL it printed; stop it at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.demo.command", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        # As from a terminal: a shell without job control starts background commands with
        # Ctrl-C ignored, and Python then installs no KeyboardInterrupt handler.
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)
