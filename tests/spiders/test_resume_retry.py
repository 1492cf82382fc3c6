"""A resumed crawl asks again for a page whose fetch failed for a transient reason (a 503 here)
in the run it resumes, and not for one that failed for a permanent reason (a 404): real
`medscrape crawl` processes against a site on 127.0.0.1 whose answers change from one request
to the next, the first crawl killed with ``kill -9``, the database read back with sqlite-utils."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from pipeline.demo import build_site
from pipeline.demo.site import file_for
from pipeline.demo.templates import BASE_URL
from tests.spiders.crawling import LOOPBACK, ROOT, crawl_command
from tests.spiders.faults import Answer, FaultSite, html, serving
from tests.spiders.test_resume import kill_9

#: No retries: the first crawl's one answer is its outcome.
SETTINGS = [*LOOPBACK, "-s", "RETRY_TIMES=0", "-s", "MEDSCRAPE_HONOUR_CRAWL_DELAY=False"]
#: Every outcome written as it comes, so the first crawl can be killed once it has them.
SETTINGS += ["-s", "MEDSCRAPE_BATCH_SIZE=1", "-s", "MEDSCRAPE_MAX_ERROR_RATE=1"]


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, bytes]:
    """Three sample-site pages: path → HTML (base URL still a placeholder)."""
    root = tmp_path / "site"
    manifest = build_site(root, pages=3)
    paths = sorted(manifest.good_paths)[:3]
    return {path: file_for(root, path).read_bytes() for path in paths}


def _crawl(site: FaultSite, db: Path, *args: str) -> subprocess.Popen[str]:
    argv = crawl_command(db, "-a", f"start_url={site.url}/en/conditions/", *SETTINGS, *args)
    return subprocess.Popen(
        argv,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its parse workers too: kill_9 waits until they are gone
    )


def _failed(db: Path) -> set[str]:
    if not db.exists():
        return set()
    rows = Database(db).execute("SELECT url FROM fetch_errors").fetchall()
    return {url for (url,) in rows}


def test_a_page_that_503d_is_asked_again_on_resume_and_a_404_is_not(
    pages: dict[str, bytes], tmp_path: Path
) -> None:
    flaky, missing, slow = pages
    site = FaultSite()
    with serving(site):
        page = {
            path: html(body.replace(BASE_URL.encode(), site.url.encode()))
            for path, body in pages.items()
        }
        links = "".join(f'<a href="{path}">{path}</a>' for path in pages)
        site.routes = {
            "/en/conditions/": html(f"<html><body>{links}</body></html>".encode()),
            flaky: [Answer(503, b"busy"), page[flaky]],
            missing: [Answer(404, b"not here"), page[missing]],
            # Holds the first crawl open until it is killed; answers at once the second time.
            slow: [Answer(200, b"", delay=30), page[slow]],
        }
        db = tmp_path / "medscrape.db"
        first = _crawl(site, db)
        deadline = time.monotonic() + 60
        while _failed(db) != {site.url + flaky, site.url + missing}:
            assert first.poll() is None, first.communicate()[1][-3000:]
            assert time.monotonic() < deadline, "the first crawl recorded no fetch errors"
            time.sleep(0.05)
        kill_9(first)

        second = _crawl(site, db, "--resume")
        _, err = second.communicate(timeout=120)
        assert second.returncode == 0, err[-3000:]

    asked = site.paths()
    assert asked.count(flaky) == 2  # the 503, then the page
    assert asked.count(missing) == 1  # the 404 stands: not asked again
    stored = {url for (url,) in Database(db).execute("SELECT url FROM pages").fetchall()}
    assert stored == {site.url + flaky, site.url + slow}
    runs = list(Database(db)["crawl_runs"].rows_where(order_by="id"))
    assert [r["status"] for r in runs] == ["interrupted", "ok"]
    assert runs[1]["resumed_from"] == runs[0]["id"]
