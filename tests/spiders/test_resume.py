"""A crawl that is killed (``kill -9``) or stopped with Ctrl-C resumes with
``medscrape crawl … --resume``: real `medscrape crawl` processes against the sample site on
127.0.0.1, interrupted once enough pages are stored (the database is polled), the database read
back with sqlite-utils after every interruption.

A resumed run never asks again for a page the interrupted run stored; the database is sound
after any kill (``PRAGMA integrity_check``, foreign keys, FTS, no page without its sections or
raw HTML, no section without its page); and the resumed run completes the crawl.

``MEDSCRAPE_KILL_TRIALS`` (default 3) sets how many kills at random moments the kill loop makes
(``MEDSCRAPE_KILL_SEED`` seeds them). The figures are printed: ``pytest -s`` shows them.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from pipeline.cli import main
from pipeline.demo import DemoServer, Manifest, build_site
from tests.spiders.crawling import LOOPBACK, ROOT, crawl_command

#: A smaller sample site than the other crawl tests': every test here crawls it several times.
PAGES = 120
#: Small batches: many commits, so a kill lands between (and inside) several of them.
BATCH = ["-s", "MEDSCRAPE_BATCH_SIZE=10"]
#: A crawl to interrupt is slowed a little (~50 pages/s), so the signal lands mid-crawl.
SLOWED = ["-s", "DOWNLOAD_DELAY=0.02"]
KILL_TRIALS = int(os.environ.get("MEDSCRAPE_KILL_TRIALS", "3"))
KILL_SEED = int(os.environ.get("MEDSCRAPE_KILL_SEED", "20261127"))
#: Tables whose rows belong to one page, and the column naming it.
PAGE_CHILDREN = {
    "sections": "page_url",
    "subsections": "page_url",
    "related_articles": "from_url",
    "side_effects": "page_url",
    "raw_html": "url",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    root = tmp_path_factory.mktemp("resume") / "site"
    return root, build_site(root, pages=PAGES)


@dataclass(frozen=True)
class FullCrawl:
    pages: frozenset[str]  # every page URL a complete crawl stores
    page_requests: int  # requests for drug-page URLs (good and bad pages, retries too)
    seconds: float


@pytest.fixture(scope="module")
def full_crawl(
    server: DemoServer, site: tuple[Path, Manifest], tmp_path_factory: pytest.TempPathFactory
) -> FullCrawl:
    """One uninterrupted crawl into a fresh database: what the resumed crawls must match."""
    db = tmp_path_factory.mktemp("full") / "medscrape.db"
    server.clear_hits()
    started = time.monotonic()
    finish(start(server, db))
    seconds = time.monotonic() - started
    pages = stored(db)
    assert pages == {server.url + path for path in site[1].good_paths}
    requests = len(page_requests(server, site[1]))
    total = runs(db)[0]["requests"]
    print(f"\nfull crawl: {len(pages)} pages, {requests} page requests ({total} in all), ", end="")
    print(f"{seconds:.1f} s")
    return FullCrawl(frozenset(pages), requests, seconds)


# --- running and interrupting ----------------------------------------------------------------


def start(server: DemoServer, db: Path, *args: str) -> subprocess.Popen[str]:
    """`medscrape crawl meds` of the sample site, in a session of its own (as from a terminal)."""
    return subprocess.Popen(
        crawl_command(
            db,
            "-a",
            f"start_url={server.url}/en/conditions/",
            *LOOPBACK,
            "-s",
            "MEDSCRAPE_HONOUR_CRAWL_DELAY=False",
            *BATCH,
            *args,
        ),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def finish(proc: subprocess.Popen[str], code: int = 0) -> str:
    """Wait for the crawl; its exit status must be ``code``; returns its stderr."""
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err[-3000:]
    return err


def wait_until_stored(db: Path, count: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while len(stored(db)) < count:
        assert proc.poll() is None, "the crawl ended before it could be interrupted"
        assert time.monotonic() < deadline, f"fewer than {count} pages stored after 60 s"
        time.sleep(0.02)


def survivors(session: int) -> list[str]:
    """Live processes (zombies aside) of a session: the crawl's parse workers, if any outlived
    it."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        state, _ppid, _group, sid = text.rsplit(")", 1)[1].split()[:4]
        if int(sid) == session and state != "Z":
            found.append(text.split(" ", 1)[0])
    return found


def assert_no_survivors(session: int) -> None:
    """Within a few seconds, nothing of the crawl's session is left (survivors are killed, so
    that they do not hold the test's pipes open, and named in the failure)."""
    if not Path("/proc/self/stat").is_file():
        return  # no /proc: nothing to look at (the workers' exit is tested where there is)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and survivors(session):
        time.sleep(0.1)
    left = {pid: _command(pid) for pid in survivors(session)}
    for pid in left:
        os.kill(int(pid), signal.SIGKILL)
    assert not left, f"processes outlived the crawl: {left}"


def _command(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")[:160]
    except OSError:
        return "?"


def kill_9(proc: subprocess.Popen[str]) -> str:
    """``kill -9`` the crawl's own process, as ``kill -9 PID`` does; wait for it and for its
    workers to go; return its stderr."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    try:
        assert_no_survivors(proc.pid)  # before reading: a survivor would hold the pipes open
    finally:
        _, err = proc.communicate(timeout=60)
    return err


# --- reading the database back ----------------------------------------------------------------


def stored(db: Path) -> set[str]:
    """The stored pages' URLs; none while the database or its tables do not exist yet."""
    if not db.is_file():
        return set()
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return {url for (url,) in conn.execute("SELECT url FROM pages")}
        finally:
            conn.close()
    except sqlite3.Error:
        return set()


def page_requests(server: DemoServer, manifest: Manifest) -> list[str]:
    """The URLs of the drug pages (good and bad) the server was asked for, in order."""
    pages = manifest.good_paths | manifest.bad_paths
    return [server.url + hit.path for hit in server.hits if hit.path in pages]


def runs(db: Path) -> list[dict[str, Any]]:
    return list(Database(db).query("SELECT * FROM crawl_runs ORDER BY id"))


def report_json(db: Path, run: int) -> dict[str, Any]:
    """`medscrape report RUN --format json`, run in this process (it only reads)."""
    out = io.StringIO()
    with redirect_stdout(out):
        main(["report", str(run), "--db", str(db), "--format", "json"])
    return dict(json.loads(out.getvalue()))


def assert_sound(db: Path) -> None:
    """What any kill must leave: a database SQLite finds intact, every foreign key kept, the
    full-text indexes in step, and no page half-written (without sections or raw HTML) nor
    any page's row without its page."""
    if not db.is_file():
        return  # killed before the database was created
    database = Database(db)
    try:
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert database.execute("PRAGMA foreign_key_check").fetchall() == []
        if "pages" not in database.table_names():
            return  # killed while the first migration ran: rolled back
        for fts in ("sections_fts", "subsections_fts"):
            database.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        for table, column in PAGE_CHILDREN.items():
            orphans = database.execute(
                f"SELECT count(*) FROM {table} WHERE {column} NOT IN (SELECT url FROM pages)"
            ).fetchone()[0]
            assert orphans == 0, f"{orphans} {table} rows without their page"
        for table in ("sections", "raw_html"):
            column = PAGE_CHILDREN[table]
            bare = database.execute(
                f"SELECT count(*) FROM pages WHERE url NOT IN (SELECT {column} FROM {table})"
            ).fetchone()[0]
            assert bare == 0, f"{bare} pages without {table}"
    finally:
        database.close()


def assert_complete(db: Path, full: FullCrawl) -> None:
    """Every page stored exactly once, and added to the change log exactly once."""
    database = Database(db)
    rows, distinct = database.execute("SELECT count(*), count(DISTINCT url) FROM pages").fetchone()
    assert rows == distinct == len(full.pages)
    assert stored(db) == full.pages
    added = database.execute(
        "SELECT url FROM page_changes WHERE change = 'added' GROUP BY url HAVING count(*) > 1"
    ).fetchall()
    assert added == []
    database.close()


def resume_skips_stored(
    server: DemoServer, db: Path, manifest: Manifest, *, check: bool = True
) -> tuple[set[str], list[str]]:
    """`--resume`, to the end: returns the pages stored before it, and the pages it asked
    for, none of which may be one of those (unless ``check`` is off: a re-crawl that finished
    and one interrupted after it leave stored pages the resumed run must ask again)."""
    before = stored(db)
    server.clear_hits()
    finish(start(server, db, "--resume"))
    asked = page_requests(server, manifest)
    if check:
        assert not before & set(asked), "a resumed crawl asked again for pages already stored"
    return before, asked


# --- the tests --------------------------------------------------------------------------------


def test_a_killed_crawl_resumes_without_duplicates(
    server: DemoServer, site: tuple[Path, Manifest], full_crawl: FullCrawl, tmp_path: Path
) -> None:
    db = tmp_path / "medscrape.db"
    proc = start(server, db, *SLOWED)
    wait_until_stored(db, 30, proc)
    kill_9(proc)  # its parse workers leave with it
    assert proc.returncode == -signal.SIGKILL
    assert_sound(db)
    (killed,) = runs(db)
    assert (killed["status"], killed["finished_at"]) == (None, None)  # it never got to say

    before, asked = resume_skips_stored(server, db, site[1])

    assert_sound(db)
    assert_complete(db, full_crawl)
    assert len(asked) == len(set(asked))
    assert len(asked) <= full_crawl.page_requests - len(before) < full_crawl.page_requests
    killed, resumed = runs(db)
    assert (killed["status"], killed["finish_reason"]) == ("interrupted", "killed")
    assert (resumed["status"], resumed["resumed_from"]) == ("ok", killed["id"])
    assert resumed["pages_resumed"] >= len(before)
    assert resumed["pages_new"] == len(full_crawl.pages) - len(before)
    assert resumed["pages_unchanged"] == resumed["pages_not_modified"] == 0
    assert resumed["pages_seen"] == len(full_crawl.pages)  # the resumed pages count as seen
    report = report_json(db, resumed["id"])
    assert report["resumed_from"] == killed["id"]
    assert report["counts"]["pages_resumed"] == resumed["pages_resumed"]
    print(
        f"\nkill -9 after {len(before)} pages stored: the resumed run asked for "
        f"{len(asked)} pages (a full crawl: {full_crawl.page_requests}), "
        f"{resumed['requests']} requests in all, {resumed['pages_resumed']} pages resumed"
    )


def test_ctrl_c_records_an_interrupted_run_that_resumes(
    server: DemoServer, site: tuple[Path, Manifest], full_crawl: FullCrawl, tmp_path: Path
) -> None:
    db = tmp_path / "medscrape.db"
    proc = start(server, db, *SLOWED)
    wait_until_stored(db, 30, proc)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole group
    err = finish(proc, 1)
    assert "was interrupted; carry it on with --resume" in err.splitlines()[-1]
    assert_no_survivors(proc.pid)
    assert_sound(db)
    (interrupted,) = runs(db)
    assert (interrupted["status"], interrupted["finish_reason"]) == ("interrupted", "shutdown")
    assert interrupted["finished_at"] is not None
    assert interrupted["pages_new"] == len(stored(db))  # its own count of what it stored

    before, asked = resume_skips_stored(server, db, site[1])

    assert_sound(db)
    assert_complete(db, full_crawl)
    resumed = runs(db)[1]
    assert (resumed["status"], resumed["resumed_from"]) == ("ok", interrupted["id"])
    assert len(asked) <= full_crawl.page_requests - len(before)
    print(f"\nCtrl-C after {len(before)} pages stored: the resumed run asked for {len(asked)}")


def test_resume_with_nothing_interrupted_is_one_line(server: DemoServer, tmp_path: Path) -> None:
    db = tmp_path / "medscrape.db"
    err = finish(start(server, db, "--resume"), 2)
    assert err.strip().splitlines() == [f"medscrape: error: nothing to resume: no database at {db}"]
    assert not db.exists()
    err = finish(start(server, db, "-s", "MEDSCRAPE_RESUME_FROM=abc"), 2)
    assert "MEDSCRAPE_RESUME_FROM must be a run id, not 'abc'" in err
    assert "Traceback" not in err


def test_kill_9_at_random_moments_never_hurts_the_database(
    server: DemoServer, site: tuple[Path, Manifest], full_crawl: FullCrawl, tmp_path: Path
) -> None:
    db = tmp_path / "medscrape.db"
    rng = random.Random(KILL_SEED)
    window = full_crawl.seconds  # the slowed crawl takes longer: kills land in its first part
    unsound: list[str] = []  # a kill that hurt the database, or made a resume ask again
    stragglers: list[str] = []  # a kill its worker processes outlived
    finished_first = 0
    for trial in range(KILL_TRIALS):
        resuming = _interrupted(db)
        only_resumes = resuming and _one_crawl(db)
        before = stored(db)
        server.clear_hits()
        proc = start(server, db, *SLOWED, *(["--resume"] if resuming else []))
        time.sleep(rng.uniform(0, window))
        try:
            kill_9(proc)
        except AssertionError as error:
            stragglers.append(f"trial {trial}: {error}")
        finished_first += proc.returncode == 0
        try:
            assert_sound(db)
            if only_resumes:
                assert not before & set(page_requests(server, site[1])), "stored page asked"
        except AssertionError as error:
            unsound.append(f"trial {trial}: {error}")
    if _interrupted(db):
        resume_skips_stored(server, db, site[1], check=_one_crawl(db))
    else:
        finish(start(server, db))  # the last crawl finished before its kill, or none began
    assert_sound(db)
    assert_complete(db, full_crawl)
    print(
        f"\nkill -9 loop (seed {KILL_SEED}): {KILL_TRIALS - len(unsound)} of {KILL_TRIALS} "
        f"kills left a sound database, {KILL_TRIALS - len(stragglers)} no process behind "
        f"({finished_first} crawls finished before their kill); {len(runs(db))} runs in all"
    )
    assert unsound == []
    assert stragglers == []


def _one_crawl(db: Path) -> bool:
    """No run finished yet: every stored page was settled by the chain of interrupted runs."""
    return all(run["status"] != "ok" for run in runs(db))


def _interrupted(db: Path) -> bool:
    """The latest crawl run was interrupted, or never recorded its end (killed)."""
    if not _has_runs(db):
        return False
    return bool(runs(db)[-1]["status"] in (None, "interrupted"))


def _has_runs(db: Path) -> bool:
    if not db.is_file():
        return False
    database = Database(db)
    try:
        return "crawl_runs" in database.table_names() and database["crawl_runs"].count > 0
    finally:
        database.close()
