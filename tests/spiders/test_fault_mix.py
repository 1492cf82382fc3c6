"""A crawl of the sample site under the full fault mix: it finishes, loses nothing, lets nothing in.

The sample site is served with every fault kind its server offers (pipeline/demo/fault_mix.py:
a seeded share of paths, and the kinds that share missed pinned to pages it left alone), and
crawled by a real `medscrape crawl` process. The database is read back with sqlite-utils and
held to issue 6: every URL the crawl discovered in exactly one outcome, the run's and the
report's counts equal to the tables, each fetch error explained, Retry-After waited out,
redirects bounded, oversize bodies cut off, no request off 127.0.0.1, a sound database.

MEDSCRAPE_FAULT_SEEDS runs more seeds: a count (``5``: seeds 1 to 5) or a list (``3,17``).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from pipeline.demo import DemoServer, Manifest, build_site
from pipeline.demo.accounting import OUTCOMES, Account, account
from pipeline.demo.fault_mix import CRAWL_SETTINGS, QUICK, asked_urls, full_mix, serving_mix
from pipeline.demo.faults import FaultKind, FaultPlan
from pipeline.demo.server import Hit
from spiders.meds import DEFAULT_PAGE_PATTERN
from tests.seeds import seeds_from_env
from tests.spiders.crawling import ROOT, crawl_command

K = FaultKind
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # the project's default: the huge page is 50 MiB
ATTEMPTS = 4  # RETRY_TIMES (3) + 1
REDIRECT_MAX_TIMES = 5
#: Faults Scrapy retries: each is asked ATTEMPTS times, and its error says so.
RETRIED = {K.SERVER_ERROR, K.BAD_GATEWAY, K.UNAVAILABLE, K.TOO_MANY_REQUESTS, K.SLOW, K.RESET}
RETRIED |= {K.TRUNCATED}
#: What each fault leaves in fetch_errors.error (start), where it fails the fetch of a page.
ERRORS = {
    K.NOT_FOUND: "HTTP 404",
    K.GONE: "HTTP 410",
    K.SERVER_ERROR: "HTTP 500",
    K.BAD_GATEWAY: "HTTP 502",
    K.UNAVAILABLE: "HTTP 503",
    K.TOO_MANY_REQUESTS: "HTTP 429",
    K.SLOW: "DownloadTimeoutError",
    K.RESET: "ResponseDataLossError: the connection ended before the whole body arrived",
    K.TRUNCATED: "ResponseDataLossError: the connection ended before the whole body arrived",
    K.REDIRECT_CHAIN: "redirect_limit",
    K.REDIRECT_LOOP: "redirect_loop",
    K.REDIRECT_OFFSITE: "redirect_offsite",
    K.REDIRECT_PRIVATE: "redirect_blocked",
    K.HUGE: "DownloadCancelledError",
    K.GZIP_BOMB: "IgnoreRequest",
}


@dataclass
class MixCrawl:
    seed: int
    plan: FaultPlan
    server: DemoServer
    hits: list[Hit]
    db: Database
    done: subprocess.CompletedProcess[str]
    report: dict[str, object]
    books: Account

    @property
    def run(self) -> dict[str, object]:
        return self.books.run

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    def faulted(self, kind: FaultKind) -> set[str]:
        """The paths (no query) asked for that answered with ``kind``."""
        return {urlsplit(h.path).path for h in self.hits if h.fault == kind.value}

    def errors(self) -> dict[str, dict[str, object]]:
        rows = self.db.query("SELECT * FROM fetch_errors WHERE run_id = ?", [self.run["id"]])
        return {row["url"]: row for row in rows}


@pytest.fixture(scope="module")
def mix_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    root = tmp_path_factory.mktemp("mix") / "site"
    return root, build_site(root, drugs=12, conditions=12, pages=60)


@pytest.fixture(
    scope="module",
    params=seeds_from_env("MEDSCRAPE_FAULT_SEEDS", 2),
    ids=lambda seed: f"seed{seed}",
)
def mix(
    request: pytest.FixtureRequest,
    mix_site: tuple[Path, Manifest],
    tmp_path_factory: pytest.TempPathFactory,
) -> MixCrawl:
    root, manifest = mix_site
    seed = request.param
    plan = full_mix(manifest, seed, **QUICK)
    db = tmp_path_factory.mktemp(f"mix{seed}") / "medscrape.db"
    settings = [f"{name}={value}" for name, value in CRAWL_SETTINGS.items()]
    with serving_mix(root, plan) as server:
        done = subprocess.run(
            crawl_command(
                db,
                "-a",
                f"start_url={server.url}/en/conditions/",
                *[arg for setting in settings for arg in ("-s", setting)],
            ),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,  # a hang limit: the crawl takes seconds
        )
        hits = server.hits
    run_id = int(Database(db).execute("SELECT max(id) FROM crawl_runs").fetchone()[0])
    report = subprocess.run(
        [*crawl_command(db)[:3], "report", str(run_id), "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    database = Database(db)
    books = account(database, run_id, DEFAULT_PAGE_PATTERN)
    return MixCrawl(seed, plan, server, hits, database, done, json.loads(report.stdout), books)


# --- the crawl completes ------------------------------------------------------------------------


def test_every_fault_kind_was_injected(mix: MixCrawl) -> None:
    injected = {hit.fault for hit in mix.hits} - {None}
    assert injected == {kind.value for kind in FaultKind}


def test_the_crawl_finishes_and_exits_as_documented(mix: MixCrawl) -> None:
    """Exit 0 for a run within its thresholds, 3 for one breaching them (README: Runs)."""
    run, done = mix.run, mix.done
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert run["finish_reason"] == "finished" and run["finished_at"]
    breaches = json.loads(str(run["breaches"]))
    assert run["status"] == ("failed" if breaches else "ok")
    assert done.returncode == (3 if breaches else 0), done.stderr[-3000:]


# --- accounting ---------------------------------------------------------------------------------


def test_every_discovered_url_ends_in_exactly_one_outcome(mix: MixCrawl) -> None:
    books = mix.books
    assert books.discovered, "the crawl discovered nothing: the mix broke the whole site"
    assert books.doubled() == {}
    assert books.lost() == set()


def test_the_run_row_counts_each_outcome_once(mix: MixCrawl) -> None:
    assert mix.books.counted() == mix.books.recorded()
    assert mix.run["pages_fetched"] == mix.run["pages_stored"] + mix.run["pages_rejected"]


def test_the_report_counts_add_up_to_the_same_totals(mix: MixCrawl) -> None:
    counts = mix.report["counts"]
    assert isinstance(counts, dict)
    names = ("pages_stored", "pages_rejected", "fetch_errors", "pages_skipped", "requests")
    assert {name: counts.get(name) for name in names} == {name: mix.run[name] for name in names}
    total = sum(mix.books.recorded().values())
    outcomes = counts["pages_seen"] + counts["pages_rejected"]
    assert outcomes + counts["fetch_errors"] + counts["pages_skipped"] == total


def test_every_url_asked_for_has_its_outcome_and_nothing_skipped_was_asked_for(
    mix: MixCrawl,
) -> None:
    """The server's log against the tables: each request was for a URL that ended in one
    outcome (bar a redirect's hops), and no skipped URL was requested, bar one redirected."""
    asked = asked_urls(mix.server, mix.hits)
    assert mix.books.unaccounted(asked) == set()
    fetched = set().union(*(mix.books.urls(o) for o in OUTCOMES if o != "skipped"))
    assert {url for url in fetched if url.startswith(mix.server.url)} - asked == set()
    skipped = mix.db.execute(
        "SELECT url FROM rejects WHERE run_id = ? AND html IS NULL AND reason != 'redirected'",
        [mix.run["id"]],
    )
    assert {url for (url,) in skipped} & asked == set()


# --- fetch errors -------------------------------------------------------------------------------


def test_every_fetch_error_says_what_failed_and_how_often_it_was_tried(mix: MixCrawl) -> None:
    for url, row in mix.errors().items():
        error = str(row["error"])
        if row["status"] is None:  # an exception: its name, then what happened
            assert re.match(r"(?:[a-z_]+: )?[A-Z]\w+: \S", error), f"{url}: {error!r}"
        else:  # an HTTP status, or a named reason and what happened
            assert re.match(r"HTTP \d{3}$|[a-z_]+: \S", error), f"{url}: {error!r}"
        assert isinstance(row["attempts"], int) and row["attempts"] >= 1, url


def test_each_failing_fault_is_a_fetch_error_with_its_reason(mix: MixCrawl) -> None:
    errors = mix.errors()
    for kind, reason in ERRORS.items():
        for path in mix.faulted(kind):
            row = errors.get(mix.url(path))
            assert row is not None, f"{kind.value} at {path}: no fetch error"
            assert str(row["error"]).startswith(reason), (kind.value, row["error"])
            assert row["attempts"] == (ATTEMPTS if kind in RETRIED else 1), (kind, row)


def test_retry_after_is_waited_out(mix: MixCrawl) -> None:
    """The server's clock: no path asked again sooner than the Retry-After it was sent."""
    times: defaultdict[str, list[float]] = defaultdict(list)
    for hit in mix.hits:
        times[hit.path].append(hit.at)
    waits = []
    for kind in (K.UNAVAILABLE, K.TOO_MANY_REQUESTS):
        for path in mix.faulted(kind):
            asked = sorted(times[path])
            assert len(asked) == ATTEMPTS, path
            waits += [later - earlier for earlier, later in pairwise(asked)]
    assert waits and min(waits) >= mix.plan.retry_after


def test_redirects_are_bounded_and_stay_on_the_site(mix: MixCrawl) -> None:
    asked = Counter(urlsplit(hit.path).path for hit in mix.hits)
    for path in mix.faulted(K.REDIRECT_CHAIN):
        assert asked[path] == REDIRECT_MAX_TIMES + 1
    for path in mix.faulted(K.REDIRECT_LOOP):
        assert asked[path] == 2  # the URL, and the one it loops through
    for path in mix.faulted(K.REDIRECT_OFFSITE) | mix.faulted(K.REDIRECT_PRIVATE):
        assert asked[path] == 1


def test_oversize_bodies_are_cut_off_and_recorded(mix: MixCrawl) -> None:
    errors = mix.errors()
    huge = [str(errors[mix.url(path)]["error"]) for path in mix.faulted(K.HUGE)]
    bombs = [str(errors[mix.url(path)]["error"]) for path in mix.faulted(K.GZIP_BOMB)]
    sitemaps = [str(errors[mix.url(path)]["error"]) for path in mix.faulted(K.SITEMAP_HUGE)]
    assert huge and bombs and sitemaps
    assert all(f"download max size ({DOWNLOAD_MAXSIZE})" in e for e in huge), huge
    assert all("DOWNLOAD_MAXSIZE" in e for e in bombs), bombs
    assert all(e.startswith("bad_sitemap") for e in sitemaps), sitemaps
    # Cut off, not read: the run received far less than one huge body.
    assert int(str(mix.run["bytes_received"])) < 50 * 1024 * 1024


def test_nothing_was_requested_off_the_site(mix: MixCrawl) -> None:
    host = urlsplit(mix.server.url).netloc
    assert {hit.host for hit in mix.hits} == {host}
    assert mix.run["requests"] == len(mix.hits)  # every request sent is one the site answered
    skipped = mix.books.reasons["skipped"]
    assert skipped["blocked_address"] and skipped["blocked_scheme"]  # the bad links, refused


# --- the database -------------------------------------------------------------------------------


def test_the_database_is_sound_and_every_page_has_its_sections(mix: MixCrawl) -> None:
    assert mix.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert mix.db.execute("PRAGMA foreign_key_check").fetchall() == []
    bare = mix.db.execute(
        "SELECT url FROM pages WHERE NOT EXISTS (SELECT 1 FROM sections WHERE page_url = url)"
    ).fetchall()
    assert bare == []
