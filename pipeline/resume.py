"""Resuming an interrupted crawl from what the database already holds.

A crawl stopped by Ctrl-C records its run as ``interrupted``; one killed outright (``kill -9``,
a power cut) never records its end, so the next run to take the database's lock marks every
run still without a status ``interrupted`` (holding the lock, it knows none of them is alive).

``medscrape crawl … --resume`` sets ``MEDSCRAPE_RESUME_FROM`` to the latest crawl run when that
run was interrupted. The new run records it in ``resumed_from`` and does not ask again for the
pages that run, or the runs it resumed in turn, settled: stored (or answered 304), rejected or
failed to fetch for a permanent reason (a 404, a refused redirect; a timeout, a reset
connection, a 5xx or a 429 is transient, and such a page is asked again). Each becomes a
:class:`~spiders.items.Resumed` item (``pages_resumed``); a stored one's links still lead the
spider on, and sitemaps and index pages are read again, so the rest of the site is still found.

Why not Scrapy's ``JOBDIR``: it pickles the scheduler's queue and the seen-requests set to
disk, but writes the queue's index only on a clean close, so after ``kill -9`` the pages that
were queued are remembered as seen and never fetched; and it keeps none of the spider's own
state (pages waiting for the sitemaps' dates, the pages requested so far). The database is
written one transaction per batch, so what it holds after any kill is exactly what was stored.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Literal, Protocol

from pipeline.failures import RetryPolicy

#: A run stopped before it finished: by a signal (Ctrl-C), or killed without recording its end.
INTERRUPTED = "interrupted"
#: Scrapy's finish reason for a crawl that a signal (SIGINT, SIGTERM) shut down cleanly.
SHUTDOWN = "shutdown"
#: The finish reason recorded for a run that died without recording one (kill -9, a crash).
KILLED = "killed"

#: How a resumed page was settled by the interrupted run.
Settled = Literal["stored", "rejected", "fetch_error"]


class ResumeError(Exception):
    """There is nothing to resume, or not the run asked for. The message is one line."""


class _Executes(Protocol):
    """A sqlite3 connection or a sqlite-utils Database: both run SQL with parameters."""

    def execute(self, sql: str, parameters: Any = ..., /) -> sqlite3.Cursor: ...


# --- runs ----------------------------------------------------------------------------------

_MARK_DEAD = """
UPDATE crawl_runs SET status = ?, finish_reason = coalesce(finish_reason, ?)
WHERE status IS NULL AND id != ? RETURNING id"""
_LATEST_CRAWL = (
    "SELECT id, status, finish_reason FROM crawl_runs WHERE kind = 'crawl' ORDER BY id DESC LIMIT 1"
)
_CHAIN = """
WITH RECURSIVE chain(id) AS (
    SELECT ? UNION SELECT r.resumed_from FROM crawl_runs r JOIN chain ON r.id = chain.id
    WHERE r.resumed_from IS NOT NULL
) SELECT id FROM chain"""
# Stored wins over rejected over fetch error: a URL can be all three across the chain's runs.
_SETTLED = """
SELECT url, 'stored' FROM pages WHERE last_run_id IN (SELECT value FROM json_each(?))
UNION ALL SELECT url, 'rejected' FROM rejects WHERE run_id IN (SELECT value FROM json_each(?))"""
# Fetch errors settle a page only when permanent: each URL's latest in the chain decides.
_FAILED = """
SELECT url, status, error FROM fetch_errors WHERE run_id IN (SELECT value FROM json_each(?))
ORDER BY seen_at, run_id"""


def mark_dead_runs(db: _Executes, current: int | None = None) -> list[int]:
    """Mark ``interrupted`` every run but ``current`` that never recorded its end; return their
    ids. Call it only while holding the database's run lock: then none of them is running."""
    rows = db.execute(_MARK_DEAD, [INTERRUPTED, KILLED, -1 if current is None else current])
    return sorted(int(run_id) for (run_id,) in rows.fetchall())


def latest_interrupted(db: _Executes) -> int:
    """The id of the latest crawl run, which must have been interrupted (a later run that
    finished makes an older interruption moot); :class:`ResumeError` otherwise."""
    row = db.execute(_LATEST_CRAWL, []).fetchone()
    if row is None:
        raise ResumeError("nothing to resume: the database has no crawl runs")
    run_id, status, reason = row
    if status != INTERRUPTED:
        ended = status if status is not None else "without a status"
        raise ResumeError(
            f"nothing to resume: the latest crawl, run {run_id}, ended {ended} ({reason}); "
            "run the crawl without --resume"
        )
    return int(run_id)


def check_run(db: _Executes, run_id: int) -> None:
    """:class:`ResumeError` unless ``run_id`` is a crawl run of this database."""
    row = db.execute("SELECT kind FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
    if row is None:
        raise ResumeError(f"cannot resume run {run_id}: the database has no such run")
    if row[0] != "crawl":
        raise ResumeError(f"cannot resume run {run_id}: it is a {row[0]} run, not a crawl")


def resume_chain(db: _Executes, run_id: int) -> list[int]:
    """``run_id`` and the runs it resumed, in turn (a resumed run can be interrupted too)."""
    return sorted(int(found) for (found,) in db.execute(_CHAIN, [run_id]).fetchall())


def settled_urls(
    db: _Executes, run_id: int, policy: RetryPolicy | None = None
) -> dict[str, Settled]:
    """The URLs the run and the runs it resumed settled, and how: stored (or answered 304),
    rejected, or failed to fetch for a permanent reason. None of them needs asking again; a
    URL whose latest failure was transient (``policy``, default Scrapy's retry policy) does.
    Stored wins over rejected over a fetch error: a URL can be all three across the chain."""
    chain = json.dumps(resume_chain(db, run_id))
    settled: dict[str, Settled] = {}
    for url, how in db.execute(_SETTLED, [chain, chain]).fetchall():
        if url not in settled or how == "stored":
            settled[url] = how
    latest = {url: (status, error) for url, status, error in db.execute(_FAILED, [chain])}
    policy = policy or RetryPolicy.from_settings()
    for url, (status, error) in latest.items():
        if url not in settled and not policy.transient(status, error):
            settled[url] = "fetch_error"
    return settled


def read_settled(
    path: str | Path, run_id: int, policy: RetryPolicy | None = None
) -> dict[str, Settled]:
    """:func:`settled_urls` read through a read-only connection of its own (the spider's side:
    the item pipeline writes through another)."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        return settled_urls(conn, run_id, policy)
    finally:
        conn.close()


def run_status(finish_reason: str, status: str) -> str:
    """A crawl a signal shut down is ``interrupted`` (resumable), not merely ``failed``."""
    return INTERRUPTED if finish_reason == SHUTDOWN else status


def resume_setting(value: Any) -> int | None:
    """``MEDSCRAPE_RESUME_FROM`` as a run id (None: not resuming); ValueError if not one."""
    if value in (None, "", 0, "0"):
        return None
    try:
        run_id = int(value)
    except (TypeError, ValueError):
        run_id = 0
    if run_id < 1:
        raise ValueError(f"MEDSCRAPE_RESUME_FROM must be a run id, not {value!r}")
    return run_id


__all__ = [
    "INTERRUPTED",
    "ResumeError",
    "check_run",
    "latest_interrupted",
    "mark_dead_runs",
    "read_settled",
    "resume_chain",
    "resume_setting",
    "run_status",
    "settled_urls",
]
