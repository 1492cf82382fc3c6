"""Running `medscrape crawl` as a user does: a subprocess of the installed command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.demo import DemoServer

ROOT = Path(__file__).resolve().parents[2]
#: The loopback sample site needs no politeness delays; live sites keep the defaults.
LOOPBACK = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s",
    "LOG_LEVEL=WARNING",
]


def crawl(
    server: DemoServer, db: Path, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """`medscrape crawl` of the sample site from its conditions index, without delays."""
    return medscrape_crawl(
        db,
        "-a",
        f"start_url={server.url}/en/conditions/",
        *LOOPBACK,
        "-s",
        "MEDSCRAPE_HONOUR_CRAWL_DELAY=False",
        *args,
        check=check,
    )


def crawl_command(db: Path, *args: str) -> list[str]:
    """The argv of `medscrape crawl meds --db DB --no-progress ARGS…` through this interpreter."""
    main = "from pipeline.cli import main; main()"
    return [sys.executable, "-c", main, "crawl", "meds", "--db", str(db), "--no-progress", *args]


def medscrape_crawl(db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """`medscrape crawl meds --db DB --no-progress ARGS…`; fails the test on a non-zero exit."""
    done = subprocess.run(
        crawl_command(db, *args),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done
