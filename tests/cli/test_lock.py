"""Two runs never write one database at once: the second refuses in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.lock import RunLocked, lock_path, run_lock
from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[2]


def medscrape(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_a_second_run_on_a_locked_database_refuses_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "medscrape.db"
    Store(db).close()
    with run_lock(db):
        assert f"pid {os.getpid()}" in lock_path(db).read_text(encoding="utf-8")
        for args in (
            ("reparse", str(db)),
            ("crawl", "meds", "-a", "start_url=http://127.0.0.1:9/en/conditions/", "--db", str(db)),
        ):
            done = medscrape(*args)
            assert done.returncode == 2, done.stderr
            assert done.stderr.count("\n") == 1, done.stderr
            assert "is in use by another run (pid" in done.stderr
    done = medscrape("reparse", str(db), "--workers", "1")  # released: it runs
    assert done.returncode == 0, done.stderr


def test_the_lock_is_reentrant_in_a_process_and_goes_with_it(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    with run_lock(db), run_lock(db):  # the crawl command, then its item pipeline
        pass
    with run_lock(db):  # released: taken again
        pass
    code = (
        "import os\nfrom pipeline.lock import run_lock\n"
        f"with run_lock({str(db)!r}):\n    os._exit(0)"  # dies holding it
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)
    with run_lock(db):  # a process that died holding it left no stale lock
        pass


def test_locked_error_names_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "y.db"
    code = (
        "import sys, time\nfrom pipeline.lock import run_lock\n"
        f"with run_lock({str(db)!r}):\n    print('held', flush=True)\n    sys.stdin.readline()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(RunLocked, match=f"pid {holder.pid}"), run_lock(db):
            pass
    finally:
        holder.communicate("\n", timeout=30)
