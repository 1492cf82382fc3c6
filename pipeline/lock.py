"""One run at a time per database: a lock file beside it (``medscrape.db.lock``).

The lock is an ``flock`` on that file, so it goes away with the process that held it, however
that process ended (no stale lock after a crash or ``kill -9``); the file holds the holder's PID
and start time for the message a second run prints. Re-entrant within a process: the crawl
command takes it, and the item pipeline it starts finds it already held.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

#: Locks this process holds: path -> (open lock file, how many times taken).
_HELD: dict[Path, tuple[IO[str], int]] = {}


class RunLocked(Exception):
    """Another run holds the database's lock. The message is one line."""


def lock_path(db: str | Path) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".lock")


@contextmanager
def run_lock(db: str | Path) -> Iterator[Path]:
    """Hold the database's run lock for the ``with`` block; raise :class:`RunLocked` if another
    process holds it."""
    path = lock_path(db).resolve()
    acquire(path)
    try:
        yield path
    finally:
        release(path)


def acquire(path: Path) -> None:
    held = _HELD.get(path)
    if held is not None:
        _HELD[path] = (held[0], held[1] + 1)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    file = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        file.seek(0)
        holder = file.read().strip() or "another process"
        file.close()
        raise RunLocked(_held_message(path, holder)) from None
    file.seek(0)
    file.truncate()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    file.write(f"pid {os.getpid()}, started {started}")
    file.flush()
    _HELD[path] = (file, 1)


def _held_message(path: Path, holder: str) -> str:
    db = path.with_suffix("")
    pid = _pid(holder)
    if pid is not None and not _alive(pid):
        # The run is gone (killed), yet its flock is held: a process it forked inherited the
        # lock's descriptor and outlived it. Waiting will not help; ending that process will.
        return (
            f"{db} is locked by a process left over from a run that is gone ({holder}); "
            f"end the process still holding {path} (e.g. `fuser {path}`), then run again"
        )
    return (
        f"{db} is in use by another run ({holder}); "
        "wait for it to finish (two runs never write one database at once)"
    )


def _pid(holder: str) -> int | None:
    """The PID in a lock file's ``pid N, started …``, if it holds one."""
    word = holder.removeprefix("pid ").split(",", 1)[0]
    return int(word) if holder.startswith("pid ") and word.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def release(path: Path) -> None:
    file, count = _HELD[path]
    if count > 1:
        _HELD[path] = (file, count - 1)
        return
    del _HELD[path]
    file.seek(0)
    file.truncate()
    fcntl.flock(file, fcntl.LOCK_UN)
    file.close()


__all__ = ["RunLocked", "lock_path", "run_lock"]
