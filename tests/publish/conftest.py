"""A demo database built by the real ``medscrape demo`` command, and ``medscrape serve`` over
it as a real process on a free loopback port (the port Datasette reports it took)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

MEDSCRAPE = str(Path(sys.executable).with_name("medscrape"))
#: Enough pages that the demo run passes its thresholds (at 40 the bad pages breach the
#: fetch-error rate), with the Tacrolimus for Lupus page and its neighbours.
DEMO_PAGES = 100
_LISTENING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


@dataclass(frozen=True)
class Served:
    """A running ``medscrape serve``: its base URL, database file and Datasette name."""

    url: str
    db: Path
    name: str
    log: Path


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database crawled from the sample site by ``medscrape demo`` in its own process (its
    standard output is kept beside it as ``demo.out``)."""
    root = tmp_path_factory.mktemp("publish")
    db = root / "medscrape.db"
    done = subprocess.run(
        [
            MEDSCRAPE,
            "demo",
            "--db",
            str(db),
            "--site-dir",
            str(root / "site"),
            "--port",
            "0",
            "--pages",
            str(DEMO_PAGES),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (root / "demo.out").write_text(done.stdout, encoding="utf-8")
    return db


@pytest.fixture(scope="session")
def served(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``medscrape serve DB --port 0`` running until the session ends."""
    with serving(demo_db, tmp_path_factory.mktemp("serve") / "serve.log") as server:
        yield server


@contextmanager
def serving(db: Path, log: Path) -> Iterator[Served]:
    """``medscrape serve DB --port 0`` as a real process, stopped on leaving."""
    with log.open("w") as out:
        process = subprocess.Popen(
            [MEDSCRAPE, "serve", str(db), "--port", "0"], stdout=out, stderr=out
        )
    try:
        url = _wait_for_url(process, log)
        yield Served(url=url, db=db, name=db.stem, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_url(process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> str:
    """The URL the server reports once it listens and answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"medscrape serve exited {process.returncode}: {log.read_text()[-2000:]}")
        found = _LISTENING.search(log.read_text())
        if found:
            with urllib.request.urlopen(f"{found.group(1)}/-/versions.json", timeout=10):
                return found.group(1)
        time.sleep(0.1)
    pytest.fail(f"medscrape serve did not start in {timeout} s: {log.read_text()[-2000:]}")
