"""Opening the store: files, defaults, and the paths it refuses with one clear line."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from pipeline.files import writable_database
from pipeline.migrations import LATEST
from pipeline.store import Store, StoreError


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
        if path.exists():
            assert writable_database(path) == path  # what the command line checks first
            with Database(path) as db:
                assert db.execute("PRAGMA user_version").fetchone() == (LATEST,)
        with Store(path) as store:  # the next run opens it, or creates it
            assert "pages" in store.db.table_names()
        assert [p.name for p in folder.iterdir() if ".new" not in p.name] == [path.name]
