"""Re-crawl policy against the sample site: what is not requested again, and pages gone from it.

Each crawl is `medscrape crawl meds …` in a subprocess; the database is read with sqlite-utils.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from pipeline.demo import DemoServer, Manifest
from pipeline.demo.site import SITEMAP_INDEX, file_for
from tests.spiders.crawling import LOOPBACK, medscrape_crawl
from tests.spiders.test_crawl import medscrape


def crawl(server: DemoServer, db: Path, *args: str, start: str = "/en/conditions/") -> Any:
    where = "sitemap_url" if start.endswith(".xml") else "start_url"
    return medscrape_crawl(
        db,
        "-a",
        f"{where}={server.url}{start}",
        *LOOPBACK,
        "-s",
        "MEDSCRAPE_HONOUR_CRAWL_DELAY=False",
        *args,
    )


def last_run(db: Path) -> dict[str, Any]:
    return next(Database(db).query("select * from crawl_runs order by id desc limit 1"))


def page_hits(server: DemoServer, site: tuple[Path, Manifest]) -> list[tuple[str, int]]:
    return [(h.path, h.status) for h in server.hits if h.path in site[1].good_paths]


def test_recrawl_after_requests_no_page_seen_recently_and_full_fetches_all(
    server: DemoServer, site: tuple[Path, Manifest], tmp_path: Path
) -> None:
    db = tmp_path / "policy.db"
    crawl(server, db)
    stored = Database(db)["pages"].count
    server.clear_hits()
    crawl(server, db, "--recrawl-after", "7d")
    assert page_hits(server, site) == []
    run = last_run(db)
    assert (run["pages_not_due"], run["pages_not_modified"], run["pages_stored"]) == (stored, 0, 0)
    server.clear_hits()
    crawl(server, db, "--recrawl-after", "7d", "--full")
    hits = page_hits(server, site)
    assert sorted(path for path, status in hits if status == 200) == sorted(site[1].good_paths)
    assert last_run(db)["pages_not_due"] == 0


def test_a_bad_recrawl_after_is_one_line(tmp_path: Path) -> None:
    result = medscrape_crawl(
        tmp_path / "x.db",
        "-a",
        "start_url=http://127.0.0.1:9/",
        "--recrawl-after",
        "soon",
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "not a duration" in result.stderr
    assert not (tmp_path / "x.db").exists()


def _unlink(html: str, paths: set[str]) -> str:
    """The page without its links to ``paths`` (as a site drops them from its navigation)."""
    for path in paths:
        html = re.sub(rf'<a [^>]*href="{re.escape(path)}"[^>]*>.*?</a>', "", html, flags=re.S)
    return html


def test_pages_gone_from_the_sitemaps_and_linked_from_nowhere_are_marked_removed(
    server: DemoServer, site: tuple[Path, Manifest], tmp_path: Path
) -> None:
    db = tmp_path / "unlisted.db"
    crawl(server, db, start=SITEMAP_INDEX)
    store = Database(db)
    listed = sorted(
        urlsplit(url).path
        for (url,) in store.execute("select url from pages where sitemap_lastmod is not null")
    )
    gone = set(listed[:2])
    before = store["pages"].count
    linking = {
        urlsplit(url).path
        for (url,) in store.execute(
            "select distinct from_url from related_articles where to_url in (?, ?)",
            [server.url_for(p) for p in sorted(gone)],
        )
    } - gone
    originals = {p: file_for(site[0], p).read_text(encoding="utf-8") for p in linking}
    try:
        for path, html in originals.items():
            server.replace(path, _unlink(html, gone))
        for path in gone:
            server.unlist(path)
        crawl(server, db, start=SITEMAP_INDEX)
        removed = {
            urlsplit(url).path
            for (url,) in store.execute("select url from pages where removed_at is not null")
        }
        assert removed == gone
        assert last_run(db)["pages_removed"] == 2
        feed = medscrape("changes", "--since", "1", "--db", str(db))
        assert feed.returncode == 0, feed.stderr
        entries = [json.loads(line) for line in feed.stdout.splitlines()]
        assert {(urlsplit(e["url"]).path, e["change"]) for e in entries} >= {
            (path, "removed") for path in gone
        }
        assert sum(e["change"] == "removed" for e in entries) == 2
        assert store["pages"].count == before  # marked, never deleted
    finally:
        server.restore()
    crawl(server, db, start=SITEMAP_INDEX)  # listed again: revived
    assert store.execute("select count(*) from pages where removed_at is not null").fetchone() == (
        0,
    )


def test_a_crawl_cut_short_marks_nothing_removed(
    server: DemoServer, site: tuple[Path, Manifest], tmp_path: Path
) -> None:
    db = tmp_path / "short.db"
    crawl(server, db, start=SITEMAP_INDEX)
    crawl(server, db, "--max-pages", "5", "--max-page-drop", "1", start=SITEMAP_INDEX)
    assert Database(db).execute(
        "select count(*) from pages where removed_at is not null"
    ).fetchone() == (0,)
