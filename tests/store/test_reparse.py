"""Re-parsing stored HTML (``medscrape reparse``) parses a page at the URL it was fetched at:
a page fetched at …/page/ and stored as …/page keeps the links its relative hrefs make."""

from __future__ import annotations

from pathlib import Path

from pipeline.outcome import parse_outcome
from pipeline.reparse import reparse
from pipeline.store import Store
from tests.store.conftest import FETCHED_AT, URL

CONTENT_TYPE = "text/html; charset=utf-8"
ACNE = "tacrolimus-oral-and-injection-acne"


def _related(store: Store) -> list[str]:
    rows = store.db.execute("SELECT to_url FROM related_articles ORDER BY to_url")
    return [url for (url,) in rows]


def test_a_reparse_resolves_relative_links_against_the_fetched_url(
    tmp_path: Path, html: bytes
) -> None:
    body = html.replace(f'href="/en/conditions/{ACNE}"'.encode(), f'href="{ACNE}"'.encode())
    assert body != html
    with Store(tmp_path / "medscrape.db") as store:
        run = store.start_run({})
        outcome = parse_outcome(body, URL + "/", CONTENT_TYPE)  # as the crawl parses it
        store.save_pages(run, [outcome.fetched(body, 200, FETCHED_AT, CONTENT_TYPE, key=URL)])
        before = _related(store)
        assert f"{URL}/{ACNE}" in before  # relative to the URL fetched, …/lupus/

        reparse(store, workers=1)

        assert _related(store) == before
        row = store.db.execute("SELECT url, fetched_url FROM pages").fetchall()
        assert row == [(URL, URL + "/")]
