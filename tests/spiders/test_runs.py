"""Runs and monitoring, end to end: real crawls of the sample site with `medscrape crawl`, the
run rows read back with sqlite-utils, and `medscrape runs` / `report` run as a user runs them.

The crawls keep to a handful of pages (two drugs' pages) so that each takes a second or two.
"""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from pipeline.cli import main
from pipeline.demo import DemoServer, Manifest
from pipeline.demo.server import Hit
from pipeline.migrations import MIGRATIONS, m006_run_monitoring, migrate
from pipeline.monitor import Thresholds
from tests.spiders.crawling import ROOT, crawl, medscrape_crawl

#: Seven pages: omeprazole's three and sertraline's four.
SMALL = ("omeprazole-", "sertraline-")


def crawl_small(server: DemoServer, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A crawl of the seven pages only (index pages and sitemaps are read whole)."""
    pattern = f"url_pattern=^/en/conditions/({'|'.join(SMALL)})"
    return crawl(server, db, "-a", pattern, *args, check=False)


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def medscrape(*args: str) -> Done:
    """`medscrape ARGS…` in this process: `runs` and `report` only read the database, and an
    interpreter start per call would cost more than the crawls they read."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exit:
            code = int(exit.code or 0)
    return Done(code, out.getvalue(), err.getvalue())


def run_row(db: Path, run: int) -> dict[str, Any]:
    row = dict(Database(db)["crawl_runs"].get(run))
    for column in ("http_status_counts", "thresholds", "checks", "breaches", "section_coverage"):
        row[column] = json.loads(row[column])
    return row


def head() -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def small_pages(site: tuple[Path, Manifest]) -> list[str]:
    pages = sorted(p for p in site[1].good_paths if p.split("/")[-1].startswith(SMALL))
    assert len(pages) == 7
    return pages


@dataclass
class Crawled:
    done: subprocess.CompletedProcess[str]
    hits: list[Hit]  # every request the server answered during the crawl


@pytest.fixture(scope="module")
def history(
    server: DemoServer, small_pages: list[str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Crawled]]:
    """Four crawls into one database: run 1 sees all 7 pages; 2 are then gone (404); run 2
    requires 6 pages and allows a page drop of 0.2 (2 of 7 is 0.29), run 3 the same drop; run 4
    allows 0.3 and requires full coverage of two section kinds."""
    db = tmp_path_factory.mktemp("history") / "medscrape.db"
    crawled: list[Crawled] = []

    def run(*args: str) -> None:
        server.clear_hits()
        done = crawl_small(server, db, *args)
        crawled.append(Crawled(done, server.hits))

    run()
    for path in small_pages[:2]:
        server.remove(path)
    try:
        run("--max-page-drop", "0.2", "--min-pages", "6")
        run("--max-page-drop", "0.2")
        run("--max-page-drop", "0.3", "--min-coverage", "what_is=0.95,reviews=1")
    finally:
        server.restore()
    return db, crawled


def test_a_passing_run_records_its_revision_status_counts_and_thresholds(
    history: tuple[Path, list[Crawled]],
) -> None:
    db, crawled = history
    assert crawled[0].done.returncode == 0, crawled[0].done.stderr
    first = run_row(db, 1)
    assert (first["kind"], first["status"], first["finish_reason"]) == ("crawl", "ok", "finished")
    assert first["git_revision"] in (head(), f"{head()}-dirty")
    assert first["thresholds"] == Thresholds().as_json()
    assert (first["pages_seen"], first["pages_fetched"], first["pages_new"]) == (7, 7, 7)
    assert first["breaches"] == []
    assert first["duration_s"] > 0
    assert set(first["http_status_counts"]) == {"200"}  # robots.txt, sitemaps, index pages, pages
    assert sum(first["http_status_counts"].values()) == first["requests"] == len(crawled[0].hits)


def test_status_counts_add_up_to_the_requests_made(
    history: tuple[Path, list[Crawled]], small_pages: list[str]
) -> None:
    db, crawled = history
    assert crawled[3].done.returncode == 0, crawled[3].done.stderr
    last = run_row(db, 4)
    statuses = last["http_status_counts"]
    by_server: dict[str, int] = {}
    for hit in crawled[3].hits:
        by_server[str(hit.status)] = by_server.get(str(hit.status), 0) + 1
    assert statuses == by_server
    # The 304s are the 5 pages not modified and every listing (robots.txt, sitemaps, index
    # pages) read before; the 404s the 2 pages gone.
    small = set(small_pages)
    page_304 = sum(hit.status == 304 for hit in crawled[3].hits if hit.path in small)
    listings = {urlsplit(row["url"]).path for row in Database(db)["listings"].rows}
    listing_304 = sum(hit.status == 304 for hit in crawled[3].hits if hit.path in listings)
    assert (page_304, statuses["404"]) == (5, 2)
    assert listing_304 == statuses["304"] - 5 == len(listings) > 0
    assert sum(statuses.values()) == last["requests"] == len(crawled[3].hits)
    assert (last["pages_seen"], last["pages_not_modified"], last["fetch_errors"]) == (5, 5, 2)


def test_breaches_fail_the_run_with_one_line_naming_each(
    history: tuple[Path, list[Crawled]],
) -> None:
    db, crawled = history
    done = crawled[1].done
    assert done.returncode == 3
    assert done.stderr == (
        "medscrape: error: run 2 failed: pages 5 below --min-pages 6; "
        "page drop 0.29 exceeds --max-page-drop 0.20 (5 pages, 7 in run 1)\n"
    )
    row = run_row(db, 2)
    assert (row["status"], row["finish_reason"]) == ("failed", "finished")
    assert row["breaches"] == [
        "pages 5 below --min-pages 6",
        "page drop 0.29 exceeds --max-page-drop 0.20 (5 pages, 7 in run 1)",
    ]
    assert row["thresholds"]["min_pages"] == 6
    assert Database(db)["pages"].count == 7  # what was crawled is kept; nothing is deleted


def test_a_page_drop_is_measured_against_the_previous_successful_crawl(
    history: tuple[Path, list[Crawled]],
) -> None:
    db, crawled = history
    done = crawled[2].done  # run 3: compared with run 1, not with run 2, which failed
    assert done.returncode == 3
    assert done.stderr == (
        "medscrape: error: run 3 failed: "
        "page drop 0.29 exceeds --max-page-drop 0.20 (5 pages, 7 in run 1)\n"
    )
    assert run_row(db, 3)["pages_removed"] == 2  # gone in two runs in a row
    passed = {check["name"]: check for check in run_row(db, 4)["checks"]}
    assert passed["max_page_drop"]["ok"]
    assert passed["max_page_drop"]["measured"] == pytest.approx(2 / 7)
    assert (passed["min_coverage.reviews"]["measured"], passed["min_coverage.reviews"]["ok"]) == (
        1.0,
        True,
    )


def test_report_json_and_text_of_a_failed_run(history: tuple[Path, list[Crawled]]) -> None:
    db = history[0]
    as_json = medscrape("report", "2", "--db", str(db), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    report = json.loads(as_json.stdout)
    assert (report["id"], report["status"], report["kind"]) == (2, "failed", "crawl")
    assert report["counts"]["pages_seen"] == 5
    assert report["counts"]["fetch_errors"] == 2
    assert report["http_status_counts"]["404"] == 2
    assert report["pages_per_s"] == pytest.approx(5 / report["duration_s"], rel=0.01)
    drop = next(c for c in report["checks"] if c["name"] == "max_page_drop")
    assert (drop["limit"], drop["ok"]) == (0.2, False)
    assert drop["measured"] == pytest.approx(2 / 7)
    assert report["thresholds"]["max_page_drop"] == 0.2

    text = medscrape("report", "2", "--db", str(db))
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "Run 2 (crawl): failed"
    assert "  breach: pages 5 below --min-pages 6" in lines
    assert any(line.split()[:2] == ["pages_seen", "5"] for line in lines)
    assert any(line.split()[:3] == ["max_page_drop", "0.2", "0.2857"] for line in lines)
    assert "pages/s" in text.stdout and "404: 2" in text.stdout


def test_report_latest_and_html_with_a_chart(
    history: tuple[Path, list[Crawled]], tmp_path: Path
) -> None:
    db = history[0]
    latest = json.loads(medscrape("report", "latest", "--db", str(db), "--format", "json").stdout)
    assert (latest["id"], latest["status"], latest["breaches"]) == (4, "ok", [])
    out = tmp_path / "report.html"
    done = medscrape("report", "latest", "--db", str(db), "--format", "html", "--out", str(out))
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert page.count("<circle") == 4  # one point per crawl
    assert not any(tag in page for tag in ("<script", "<link", "src=", "@import"))  # no fetches


def test_runs_lists_status_and_breaches(history: tuple[Path, list[Crawled]]) -> None:
    db = history[0]
    listed = json.loads(medscrape("runs", "--db", str(db), "--json").stdout)
    assert [(r["id"], r["status"]) for r in listed] == [
        (4, "ok"),
        (3, "failed"),
        (2, "failed"),
        (1, "ok"),
    ]
    listings = Database(db)["listings"].count  # each answered 304 too
    assert listed[0]["http_status_counts"]["304"] == 5 + listings
    table = medscrape("runs", "--db", str(db)).stdout.splitlines()  # not a terminal: TSV
    header = table[0].split("\t")
    assert header == [
        "id",
        "started",
        "kind",
        "status",
        "seconds",
        "seen",
        "new",
        "changed",
        "removed",
        "rejected",
        "errors",
        "breaches",
    ]
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in table[1:]]
    assert [(r["id"], r["status"], r["breaches"]) for r in rows] == [
        ("4", "ok", "0"),
        ("3", "failed", "1"),
        ("2", "failed", "2"),
        ("1", "ok", "0"),
    ]
    assert [r["seen"] for r in rows] == ["5", "5", "5", "7"]
    assert rows[1]["removed"] == "2"


def test_report_refuses_in_one_line(history: tuple[Path, list[Crawled]], tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.close()
    for args, message in [
        (("99", "--db", str(history[0])), "no run 99 in"),
        (("first", "--db", str(history[0])), "RUN is a run id or 'latest', not 'first'"),
        (("latest", "--db", str(tmp_path / "none.db")), "no database at"),
        (("latest", "--db", str(other)), "is not a medscrape database"),
    ]:
        done = medscrape("report", *args)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    done = medscrape("runs", "--db", str(other))
    assert done.returncode == 2 and "is not a medscrape database" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--max-reject-rate", "1.5"), "1.5 is not in the range 0.0<=x<=1.0"),
        (("--min-coverage", "dosage=0.5"), "unknown section kind 'dosage'"),
        (("-s", "MEDSCRAPE_MAX_ERROR_RATE=often"), "MEDSCRAPE_MAX_ERROR_RATE must be a number"),
    ],
)
def test_a_bad_threshold_is_one_line_before_any_request(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = medscrape_crawl(
        tmp_path / "x.db", "-a", "start_url=http://127.0.0.1:9/en/", *args, check=False
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert not (tmp_path / "x.db").exists()


def test_runs_and_report_read_a_database_from_before_run_monitoring(tmp_path: Path) -> None:
    db = Database(tmp_path / "old.db")
    migrate(db, MIGRATIONS[: MIGRATIONS.index(m006_run_monitoring)])
    db["crawl_runs"].insert(
        {
            "started_at": "2025-01-01T00:00:00+00:00",
            "finished_at": "2025-01-01T00:01:30+00:00",
            "finish_reason": "finished",
            "args": '{"spider": "meds"}',
            "pages_stored": 12,
        }
    )
    db.close()
    listed = medscrape("runs", "--db", str(tmp_path / "old.db"))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[1].split("\t")[:3] == ["1", "2025-01-01 00:00", ""]
    done = medscrape("report", "latest", "--db", str(tmp_path / "old.db"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Run 1 (crawl): not recorded (the database predates")
    assert "duration   90.00 s" in done.stdout
    assert any(line.split()[:2] == ["pages_stored", "12"] for line in done.stdout.splitlines())
    version = Database(tmp_path / "old.db").execute("PRAGMA user_version").fetchone()[0]
    assert version == MIGRATIONS.index(m006_run_monitoring)  # only read: not migrated
