"""`medscrape changes`, run as a user runs it: bad input is one line on stderr, exit 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from pipeline.migrations import MIGRATIONS, migrate
from pipeline.store import Fetched, Store
from tests.cli.test_cli import medscrape
from tests.store.conftest import FETCHED_AT, FIXTURE, URL, page_from, reference_record


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with one run that stored the reference page."""
    path = tmp_path_factory.mktemp("changes") / "medscrape.db"
    html = (FIXTURE / "input.html").read_bytes()
    page = Fetched(page_from(reference_record()), html, 200, FETCHED_AT)
    with Store(path) as store:
        store.save_pages(store.start_run({}), [page])
    return path


def test_changes_prints_the_feed(db: Path) -> None:
    done = medscrape("changes", "--db", str(db), "--since", "2000-01-01")
    assert done.returncode == 0, done.stderr
    [entry] = [json.loads(line) for line in done.stdout.splitlines()]
    assert (entry["url"], entry["change"], entry["run_id"]) == (URL, "added", 1)
    csv = medscrape("changes", "--db", str(db), "--since", "1", "--format", "csv")
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.splitlines()[0].startswith("url,change,run_id,seen_at,drug,")
    assert len(csv.stdout.splitlines()) == 1, "nothing after run 1: the header alone"
    array = medscrape("changes", "--db", str(db), "--since", "1", "--format", "json")
    assert json.loads(array.stdout) == []


def missing(tmp_path: Path) -> Path:
    return tmp_path / "none.db"


def other_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    Database(path)["things"].insert({"id": 1})
    return path


def junk(tmp_path: Path) -> Path:
    path = tmp_path / "junk.db"
    path.write_bytes(b"not a database at all" * 100)
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "99"), "there is no run 99"),
        (("--since", "last tuesday"), "'last tuesday' is neither a run id nor an ISO date"),
        (("--since", "2025-02-30"), "neither a run id nor an ISO date or time"),
        ((), "Missing option '--since'"),
        (("--since", "1", "--format", "xml"), "Invalid value for '--format'"),
    ],
)
def test_bad_arguments_are_one_line(db: Path, args: tuple[str, ...], message: str) -> None:
    done = medscrape("changes", "--db", str(db), *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (missing, "no database at"),
        (junk, "junk.db: not an SQLite database file"),
        (other_sqlite, "other.db is not a medscrape database"),
    ],
)
def test_a_missing_broken_or_foreign_database_is_one_line(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    before = path.read_bytes() if path.exists() else None
    done = medscrape("changes", "--db", str(path), "--since", "1")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert (path.read_bytes() if path.exists() else None) == before, "the file is left alone"


def test_a_database_from_before_the_history_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "schema3.db"
    migrate(Database(path), MIGRATIONS[:3])
    done = medscrape("changes", "--db", str(path), "--since", "2000-01-01")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no change history yet" in done.stderr
