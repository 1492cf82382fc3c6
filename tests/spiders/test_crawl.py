"""The real meds spider, in a real Scrapy process, against the sample site on 127.0.0.1.

Each crawl is `medscrape crawl meds …` in a subprocess, as a user runs it; the database it
writes is read back with sqlite-utils.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from pipeline.demo import DemoServer, Manifest
from pipeline.demo.site import file_for
from tests.spiders.crawling import ROOT, crawl, medscrape_crawl

REFERENCE = "/en/conditions/tacrolimus-oral-and-injection-lupus"


@pytest.fixture(scope="module")
def first_crawl(
    server: DemoServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Database, set[str]]:
    """One crawl of the whole site: its database and the paths the server was asked for."""
    db = tmp_path_factory.mktemp("crawl") / "medscrape.db"
    server.clear_hits()
    crawl(server, db)
    return Database(db), {hit.path for hit in server.hits}


@pytest.fixture(scope="module")
def crawled(first_crawl: tuple[Database, set[str]]) -> Database:
    return first_crawl[0]


def paths(db: Database, sql: str) -> set[str]:
    return {urlsplit(row[0]).path for row in db.execute(sql).fetchall()}


def test_every_good_page_is_stored_once_with_its_five_sections(
    crawled: Database, site: tuple[Path, Manifest]
) -> None:
    manifest = site[1]
    assert paths(crawled, "select url from pages") == manifest.good_paths
    assert crawled["pages"].count == len(manifest.good_paths)
    kinds = crawled.execute(
        "select count(distinct kind) from sections group by page_url"
    ).fetchall()
    assert {k for (k,) in kinds} == {5}


def test_bad_pages_end_in_rejects_or_fetch_errors_never_in_pages(
    crawled: Database, site: tuple[Path, Manifest]
) -> None:
    bad = {kind: [b.path for b in pages] for kind, pages in site[1].bad.items()}
    rejects = dict(crawled.execute("select url, reason from rejects").fetchall())
    by_path = {urlsplit(url).path: reason for url, reason in rejects.items()}
    assert by_path[bad["soft_404"][0]] == "soft_404"
    assert by_path[bad["broken"][0]] in ("no_sections", "no_drug_condition")
    assert bad["missing"][0] in paths(crawled, "select url from fetch_errors where status = 404")
    stored = paths(crawled, "select url from pages")
    assert not stored & {p for pages in bad.values() for p in pages}


def test_rejects_keep_their_html_for_a_better_parser(crawled: Database) -> None:
    import zlib

    (html,) = crawled.execute("select html from rejects where reason = 'soft_404'").fetchone()
    assert b"Page not found" in zlib.decompress(html)


def test_robots_txt_disallow_is_obeyed(first_crawl: tuple[Database, set[str]]) -> None:
    requested = first_crawl[1]
    assert REFERENCE in requested
    assert not any(path.startswith("/private/") for path in requested)


def test_full_text_search_finds_calcineurin_on_the_reference_page(crawled: Database) -> None:
    found = {row["page_url"] for row in crawled["sections"].search("calcineurin")}
    assert any(urlsplit(url).path == REFERENCE for url in found)


def test_the_reference_page_is_stored_whole(crawled: Database) -> None:
    (url,) = [u for (u,) in crawled.execute("select url from pages") if u.endswith(REFERENCE)]
    kinds = [
        k
        for (k,) in crawled.execute(
            "select kind from sections where page_url = ? order by position", [url]
        )
    ]
    assert kinds == ["what_is", "how_it_works", "benefits", "side_effects", "reviews"]
    related = crawled.execute(
        "select count(*) from related_articles where from_url = ?", [url]
    ).fetchone()[0]
    assert related == 49


def _dump(db: Database) -> dict[str, Any]:
    volatile = {"fetched_at", "last_run_id", "seen_at", "run_id", "sitemap_lastmod"}
    tables = (
        "pages",
        "sections",
        "subsections",
        "related_articles",
        "drugs",
        "conditions",
        "raw_html",
        "rejects",
    )
    return {
        t: sorted(
            (
                tuple(sorted((k, v) for k, v in row.items() if k not in volatile))
                for row in db[t].rows
            ),
            key=repr,
        )
        for t in tables
    }


def test_a_second_crawl_of_an_unchanged_site_changes_nothing(
    server: DemoServer, tmp_path: Path
) -> None:
    db_path = tmp_path / "twice.db"
    crawl(server, db_path)
    before = _dump(Database(db_path))
    crawl(server, db_path)
    db = Database(db_path)
    assert _dump(db) == before
    last = db.execute(
        "select pages_stored, pages_unchanged, pages_not_modified from crawl_runs "
        "order by id desc limit 1"
    ).fetchone()
    assert last == (0, 0, db["pages"].count)  # every page answered 304: nothing re-parsed
    assert db["crawl_runs"].count == 2


def test_a_recrawl_asks_conditionally_and_fetches_only_what_changed(
    server: DemoServer, site: tuple[Path, Manifest], tmp_path: Path
) -> None:
    db_path = tmp_path / "recrawl.db"
    crawl(server, db_path)
    stored = Database(db_path)
    validators = stored.execute(
        "select count(etag), count(last_modified), count(sitemap_lastmod), count(*) from pages"
    ).fetchone()
    assert validators[:2] == (validators[3], validators[3])
    assert validators[2] > 0  # pages listed in a sitemap keep its date
    changed = sorted(site[1].good_paths - {REFERENCE})[:5]
    originals = {path: file_for(site[0], path).read_text(encoding="utf-8") for path in changed}
    for path, html in originals.items():
        server.replace(path, html.replace("</h1>", " today</h1>", 1))
    server.clear_hits()
    try:
        crawl(server, db_path)
    finally:  # the module's other tests crawl the site as built
        for path, html in originals.items():
            server.replace(path, html)
    page_hits = [h for h in server.hits if h.path in site[1].good_paths]
    assert sorted(h.path for h in page_hits if h.status == 200) == changed
    assert all(h.status in (200, 304) for h in page_hits)
    last = (
        Database(db_path)
        .execute("select pages_stored, pages_not_modified from crawl_runs order by id desc limit 1")
        .fetchone()
    )
    assert last == (5, len(site[1].good_paths) - 5)
    titles = {
        urlsplit(u).path: t
        for u, t in Database(db_path).execute("select url, title from pages").fetchall()
    }
    assert all(titles[path].endswith(" today") for path in changed)


def test_full_fetches_everything_again(server: DemoServer, tmp_path: Path) -> None:
    db_path = tmp_path / "full.db"
    crawl(server, db_path, "--max-pages", "20")
    server.clear_hits()
    crawl(server, db_path, "--max-pages", "20", "-a", "full=1")
    statuses = {h.status for h in server.hits if "/conditions/" in h.path and h.method == "GET"}
    assert 304 not in statuses


def test_max_pages_is_respected(server: DemoServer, tmp_path: Path) -> None:
    db = tmp_path / "ten.db"
    crawl(server, db, "--max-pages", "10")
    assert Database(db)["pages"].count == 10


def test_the_url_pattern_limits_what_is_requested(server: DemoServer, tmp_path: Path) -> None:
    db = tmp_path / "pattern.db"
    server.clear_hits()
    # The reference page links 38 tacrolimus pages the sample site lacks: most URLs tried 404.
    crawl(server, db, "-a", r"url_pattern=^/en/conditions/tacrolimus-", "--max-error-rate", "1")
    stored = paths(Database(db), "select url from pages")
    assert stored
    assert all(p.startswith("/en/conditions/tacrolimus-") for p in stored)
    pages_requested = {
        h.path
        for h in server.hits
        if h.path.startswith("/en/conditions/")
        and "/page/" not in h.path
        and h.path != "/en/conditions/"
    }
    assert {p for p in pages_requested if not p.startswith("/en/conditions/tacrolimus-")} == set()


def test_a_bad_spider_argument_is_one_line(tmp_path: Path) -> None:
    done = medscrape_crawl(tmp_path / "x.db", "-a", "start_url=ftp://example.invalid/", check=False)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert "not an http(s) URL" in done.stderr


# --- normalization, the review queue and the quarantine, end to end ------------------------


def medscrape(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Another `medscrape` command, run as a user runs it."""
    return subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_damaged_related_names_are_repaired_with_the_raw_title_kept(crawled: Database) -> None:
    url = next(u for (u,) in crawled.execute("select url from pages") if u.endswith(REFERENCE))
    rows = {
        row[0]: row[1:]
        for row in crawled.execute(
            "select r.title, r.condition, c.name, c.icd10cm from related_articles r "
            "join conditions c on c.slug = r.condition_slug where r.from_url = ?",
            [url],
        )
    }
    assert rows["Tacrolimus for Crohn' Disease"] == ("Crohn's Disease", "Crohn's Disease", "K50")
    assert rows["Tacrolimus for Covid-"] == ("COVID-19", "COVID-19", "U07.1")
    assert rows["Tacrolimus for High Blood Pressure"] == ("Hypertension", "Hypertension", "I10")


def test_every_concept_row_is_canonical_and_named_once(crawled: Database) -> None:
    for table in ("drugs", "conditions"):
        names = [row[0].casefold() for row in crawled.execute(f"select name from {table}")]
        assert len(names) == len(set(names)), table
    unresolved = crawled.execute(
        "select count(*) from pages where drug_match = 'unknown'"
    ).fetchone()[0]
    assert unresolved == 0
    tacrolimus = crawled.table("drugs").get("tacrolimus")
    assert (tacrolimus["name"], tacrolimus["drugbank_id"]) == ("Tacrolimus", "DB00864")


def test_side_effect_terms_are_one_query(crawled: Database) -> None:
    drugs = {
        row[0]
        for row in crawled.execute(
            "select distinct d.name from side_effects s join pages p on p.url = s.page_url "
            "join drugs d on d.slug = p.drug_slug where s.term = 'headache' "
            "and s.severity = 'common'"
        )
    }
    assert "Tacrolimus" in drugs


def test_unknown_names_are_queued_then_added_and_applied(
    first_crawl: tuple[Database, set[str]], tmp_path: Path
) -> None:
    source = Path(first_crawl[0].conn.execute("pragma database_list").fetchone()[2])
    db = tmp_path / "copy.db"
    first_crawl[0].conn.execute("vacuum into ?", [str(db)])
    assert source != db
    queued = medscrape("vocab", "unknown", "--db", str(db), "--json")
    assert queued.returncode == 0, queued.stderr
    terms = {(t["kind"], t["term"]) for t in json.loads(queued.stdout)}
    assert terms == {("condition", "Morphea"), ("condition", "Pyoderma Gangrenosum")}

    vocab = tmp_path / "vocab"
    shutil.copytree(ROOT / "pipeline" / "vocab", vocab)
    env = {"MEDSCRAPE_VOCAB_DIR": str(vocab)}
    added = medscrape(
        "vocab", "add", "condition", "Morphea", "--icd10cm", "L94.0", "--note", "test", env=env
    )
    assert added.returncode == 0, added.stderr
    assert "reparse" in added.stdout
    redone = medscrape("reparse", str(db), "--workers", "2", env=env)
    assert redone.returncode == 0, redone.stderr

    after = Database(db)
    left = [row[0] for row in after.execute("select term from unknown_terms")]
    assert left == ["Pyoderma Gangrenosum"]
    morphea = after.table("conditions").get("morphea")
    assert morphea["icd10cm"] == "L94.0"
    matches = after.execute(
        "select condition_match from pages where condition_slug = 'morphea'"
    ).fetchall()
    assert matches and {m for (m,) in matches} == {"exact"}


def test_pages_failing_validation_are_quarantined_and_retried(
    server: DemoServer, tmp_path: Path
) -> None:
    db = tmp_path / "medscrape.db"
    done = crawl(server, db, "--max-pages", "15", "--lang", "de", check=False)
    assert done.returncode == 3  # every page quarantined: the run breaches the reject rate
    breach = "reject rate 1.00 exceeds --max-reject-rate 0.50"
    assert done.stderr == f"medscrape: error: run 1 failed: {breach}\n"
    stored = Database(db)
    assert stored["pages"].count == 0
    run = stored["crawl_runs"].get(1)
    assert (run["status"], json.loads(run["breaches"])) == ("failed", [breach])
    listed = medscrape("rejects", "--db", str(db), "--reason", "lang_unexpected", "--json")
    assert listed.returncode == 0, listed.stderr
    rejects = json.loads(listed.stdout)
    assert len(rejects) >= 10
    assert all(r["reasons"][0]["code"] == "lang_unexpected" for r in rejects)

    retried = medscrape("reparse", str(db), "--rejects", "--workers", "2")
    assert retried.returncode == 0, retried.stderr
    assert Database(db)["pages"].count == len(rejects)
    assert medscrape("rejects", "--db", str(db), "--reason", "lang_unexpected").stdout.startswith(
        "No rejects"
    )


def test_pages_gone_twice_in_a_row_are_marked_removed_and_revived_when_back(
    server: DemoServer, site: tuple[Path, Manifest], tmp_path: Path
) -> None:
    db_path = tmp_path / "removed.db"
    crawl(server, db_path)
    gone = sorted(site[1].good_paths - {REFERENCE})[-2:]
    originals = {path: file_for(site[0], path).read_text(encoding="utf-8") for path in gone}
    for path in gone:
        server.remove(path)
    try:
        crawl(server, db_path)
        removed = "select url from pages where removed_at is not null"
        assert paths(Database(db_path), removed) == set()  # once could be a hiccup
        crawl(server, db_path)
        assert paths(Database(db_path), removed) == set(gone)
        assert Database(db_path)["pages"].count == len(site[1].good_paths)  # never deleted
    finally:
        for path, html in originals.items():
            server.replace(path, html)
    crawl(server, db_path)
    assert paths(Database(db_path), removed) == set()
    listed = medscrape("runs", "--db", str(db_path), "--json")
    assert listed.returncode == 0, listed.stderr
    history = json.loads(listed.stdout)
    assert [run["id"] for run in history] == [4, 3, 2, 1]
    assert [run["finish_reason"] for run in history] == ["finished"] * 4
    assert history[-1]["pages_stored"] == len(site[1].good_paths)
    # The two came back as they were: fetched whole (a removed page is not asked conditionally),
    # found unchanged, and revived; the rest answered 304.
    assert (history[0]["pages_unchanged"], history[0]["pages_not_modified"]) == (
        2,
        len(site[1].good_paths) - 2,
    )
