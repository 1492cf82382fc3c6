"""Opening the store: files, defaults, and the paths it refuses with one clear line."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from pipeline.files import writable_database
from pipeline.migrations import LATEST
from pipeline.store import Store, StoreError

TEXT: dict[str, Any] = {"capture_output": True, "text": True, "check": True}


def one_line(error: pytest.ExceptionInfo[StoreError]) -> str:
    message = str(error.value)
    assert message and "\n" not in message
    return message


def test_default_path_is_output_medscrape_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with Store() as store:
        assert store.path == Path("output/medscrape.db")
    assert (tmp_path / "output" / "medscrape.db").is_file()


def test_a_file_store_creates_folders_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "store.db"
    with Store(str(path)) as store:
        assert store.db.journal_mode == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert path.is_file()


def test_a_memory_store_is_not_wal(store: Store) -> None:
    assert store.db.journal_mode == "memory"


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as error:
        Store(tmp_path)
    assert one_line(error) == f"{tmp_path} is a directory, not a database file"


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database\n" * 100)
    with pytest.raises(StoreError) as error:
        Store(path)
    assert one_line(error) == f"{path}: not an SQLite database file"
    assert path.read_text().startswith("these are notes"), "the file is left alone"


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "frozen.db"
    Store(path).close()
    path.chmod(0o444)
    yield path
    path.chmod(0o644)


def test_a_read_only_file_is_refused(read_only_db: Path) -> None:
    with pytest.raises(StoreError) as error:
        Store(read_only_db)
    assert one_line(error) == f"{read_only_db} is read-only"


def test_a_read_only_connection_is_refused(read_only_db: Path) -> None:
    read_only_db.chmod(0o644)  # the file is writable; the connection is not
    conn = sqlite3.connect(f"file:{read_only_db}?mode=ro", uri=True)
    with pytest.raises(StoreError) as error:
        Store(db=Database(conn))
    assert one_line(error) == "the database: read-only"
    conn.close()


def test_a_path_or_a_db_not_both(tmp_path: Path, fresh_db: Database) -> None:
    with pytest.raises(ValueError, match="not both"):
        Store(tmp_path / "x.db", db=fresh_db)


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with Store(path) as store:
        assert "pages" in store.db.table_names()


def test_a_new_database_appears_whole(tmp_path: Path) -> None:
    """A process killed while creating the database leaves no file, or a migrated one: never the
    empty file every command refuses (a crawl killed at that moment once blocked the next)."""
    creating = "import sys; from pipeline.store import Store; Store(sys.argv[1]).close()"
    root = Path(__file__).resolve().parents[2]
    littered = 0
    for trial in range(8):
        folder = tmp_path / str(trial)
        folder.mkdir()
        path = folder / "medscrape.db"
        proc = subprocess.Popen([sys.executable, "-c", creating, str(path)], cwd=root)
        deadline = time.monotonic() + 30
        while not any(folder.iterdir()) and proc.poll() is None:  # kill at the first file
            assert time.monotonic() < deadline, "the store created nothing in 30 s"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        littered += any(".new" in p.name for p in folder.iterdir())
        if path.exists():
            assert writable_database(path) == path  # what the command line checks first
            with Database(path) as db:
                assert db.execute("PRAGMA user_version").fetchone() == (LATEST,)
        with Store(path) as store:  # the next run opens it, or creates it
            assert "pages" in store.db.table_names()
        # The killed process's temporary database is gone too: it would stay for ever.
        assert [p.name for p in folder.iterdir()] == [path.name]
    assert littered  # the kills did land mid-creation


def _leftovers(path: Path, pid: int) -> list[Path]:
    """The files a process ``pid`` creating ``path`` leaves when killed (sqlite._create)."""
    temporary = path.with_name(f".{path.name}.{pid}-0badcafe.new")
    return [temporary, *(Path(f"{temporary}{end}") for end in ("-wal", "-shm", "-journal"))]


def test_leftovers_of_dead_processes_are_removed_and_of_live_ones_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "medscrape.db"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **TEXT)
    dead = _leftovers(path, int(gone.stdout))  # exited: its PID is free (unless reused at once)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        alive = _leftovers(path, live.pid)
        other = tmp_path / ".other.db.1-0badcafe.new"  # another database's: not ours to touch
        for leftover in [*dead, *alive, other]:
            leftover.write_bytes(b"half made")
        with caplog.at_level(logging.INFO, logger="pipeline.store"):
            Store(path).close()  # creates the database
            assert all(p.exists() for p in [*alive, other])
            assert not any(p.exists() for p in dead)
            with Store(path):  # opening an existing one clears them too
                pass
        removals = [r for r in caplog.records if r.getMessage().startswith("removed ")]
        assert [str(r.args[0]) for r in removals] == sorted(str(p) for p in dead)
        assert all(str(gone.stdout.strip()) in r.getMessage() for r in removals)
    finally:
        live.kill()
        live.wait()
    Store(path).close()  # the live process has died now: its files go as well
    assert sorted(p.name for p in tmp_path.iterdir() if ".new" in p.name) == [other.name]
