"""The rows hold the whole record: a page read back from the tables equals the page saved."""

from __future__ import annotations

from typing import Any

from pipeline.parse import parse_page
from pipeline.store import Store
from schemas import Page
from tests.store.conftest import URL, MakeFetched, MakePage

ODD_TEXT = 'Emoji 😀, “curly” and "straight" quotes, a back\\slash,\ttab, é, 中文, \u2028 end'


def load_page(store: Store, url: str) -> Page:
    page = store.load_page(url)
    assert page is not None
    return page


def test_the_reference_page_round_trips(store: Store, fetched: MakeFetched) -> None:
    saved = fetched()
    store.save_pages(store.start_run({}), [saved])
    assert load_page(store, URL) == saved.page


def test_odd_text_and_lists_round_trip(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    def oddities(record: dict[str, Any]) -> None:
        record["sections"][0]["text"] = ODD_TEXT
        record["sections"][0]["items"] = [ODD_TEXT, "second"]
        record["sections"][3]["subsections"][0]["heading"] = ODD_TEXT
        record["active_ingredients"] = ["tacrolimus", "ümlaut"]
        record["drug_classes"] = ["calcineurin inhibitor"]
        record["drug"]["form"] = None
        record["lang"] = None

    saved = fetched(make_page(edit=oddities))
    store.save_pages(store.start_run({}), [saved])
    assert load_page(store, URL) == saved.page
    assert store.db.table("pages").get(URL)["drug_classes"] == '["calcineurin inhibitor"]'
    assert [h["text"] for h in store.db.table("sections").search('"curly"')] == [ODD_TEXT]


def test_a_freshly_parsed_page_round_trips(store: Store, fetched: MakeFetched, html: bytes) -> None:
    parsed = parse_page(html, URL, content_type="text/html; charset=utf-8")
    store.save_pages(store.start_run({}), [fetched(parsed)])
    assert load_page(store, URL) == parsed
    assert [h["page_url"] for h in store.db.table("sections").search("calcineurin")] == [URL]
