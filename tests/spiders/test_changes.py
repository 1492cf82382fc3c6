"""Change history end to end: real crawls of the sample site, a site that changes between them,
and `medscrape changes` as a user runs it; the database read back with sqlite-utils."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from sqlite_utils import Database

from pipeline.demo import DemoServer, Manifest
from pipeline.demo.site import file_for
from tests.spiders.test_crawl import REFERENCE, crawl, medscrape

SECTION = '<section class="article-section">'
RELATED = '\n    <section class="related-articles">'
#: A section the sample site's pages do not have; the parser reads it as kind "other".
DOSAGE = (
    f"\n    {SECTION}\n      <h2>Dosage</h2>\n      <p>Take it as prescribed.</p>\n    </section>\n"
)


def edit_section(*indexes: int) -> Callable[[str], str]:
    """An edit adding a sentence to the first paragraph of the page's sections at indexes."""

    def edit(html: str) -> str:
        parts = html.split(SECTION)
        for index in indexes:
            parts[index + 1] = parts[index + 1].replace("<p>", "<p>Updated this week. ", 1)
        return SECTION.join(parts)

    return edit


def add_dosage(html: str) -> str:
    """An edit adding a Dosage section after the five."""
    return html.replace(RELATED, DOSAGE + RELATED, 1)


#: Five edits and the section kinds each changes (sections: what_is, how_it_works, benefits,
#: side_effects, reviews).
EDITS: list[tuple[Callable[[str], str], dict[str, list[str]]]] = [
    (edit_section(1), {"changed": ["how_it_works"]}),
    (edit_section(1), {"changed": ["how_it_works"]}),
    (edit_section(3), {"changed": ["side_effects"]}),
    (edit_section(0, 2), {"changed": ["what_is", "benefits"]}),
    (add_dosage, {"added": ["other"]}),
]


def changes(db: Path, since: str, fmt: str = "jsonl") -> list[dict[str, object]]:
    done = medscrape("changes", "--db", str(db), "--since", since, "--format", fmt)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_changed_and_removed_pages_are_versions_and_the_feed(
    server: DemoServer, site: tuple[Path, Manifest], tmp_path: Path
) -> None:
    root, manifest = site
    db = tmp_path / "medscrape.db"
    try:
        check_versions_and_feed(server, root, manifest, db)
    finally:
        server.restore()


def check_versions_and_feed(server: DemoServer, root: Path, manifest: Manifest, db: Path) -> None:
    crawl(server, db)
    pages = sorted(manifest.good_paths - {REFERENCE})
    changed, gone = pages[:5], pages[-2:]
    for path, (edit, _) in zip(changed, EDITS, strict=True):
        server.replace(path, edit(file_for(root, path).read_text(encoding="utf-8")))
    crawl(server, db)
    stored = Database(db)
    versions = list(stored.query("select * from page_versions order by url"))
    assert [urlsplit(v["url"]).path for v in versions] == changed
    assert {v["run_id"] for v in versions} == {2}

    first = sorted(changes(db, "1"), key=lambda entry: str(entry["url"]))
    assert [urlsplit(str(e["url"])).path for e in first] == changed
    for entry, (_, kinds) in zip(first, EDITS, strict=True):
        assert entry["change"] == "changed"
        assert entry["run_id"] == 2
        assert entry["sections_changed"] == kinds.get("changed", [])
        assert entry["sections_added"] == kinds.get("added", [])
        assert entry["sections_removed"] == []

    for path in gone:
        server.remove(path)
    crawl(server, db)
    assert changes(db, "2") == [], "gone once could be a hiccup"
    crawl(server, db)
    removed = changes(db, "2")
    assert sorted(urlsplit(str(e["url"])).path for e in removed) == gone
    assert {(e["change"], e["run_id"]) for e in removed} == {("removed", 4)}
    since_first = changes(db, "1")
    assert len(since_first) == 7
    assert {e["change"] for e in since_first} == {"changed", "removed"}
    assert Database(db)["page_versions"].count == 5, "a removal is no version"

    started = Database(db).table("crawl_runs").get(2)["started_at"]
    assert changes(db, started) == since_first, "since run 2 started: the same feed"
