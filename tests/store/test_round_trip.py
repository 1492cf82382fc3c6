"""The rows hold the whole record: a page read back from the tables equals the page saved."""

from __future__ import annotations

import json
from typing import Any

from pipeline.parse import parse_page
from pipeline.store import Store
from schemas import Page
from tests.store.conftest import URL, MakeFetched, MakePage

ODD_TEXT = 'Emoji 😀, “curly” and "straight" quotes, a back\\slash,\ttab, é, 中文, \u2028 end'


def load_page(store: Store, url: str) -> Page:
    """Rebuild a Page from the store's rows (the inverse of save_pages)."""
    page = dict(store.db.table("pages").get(url))
    drug = store.db.table("drugs").get(page["drug_slug"])
    condition = store.db.table("conditions").get(page["condition_slug"])
    subsections: dict[int, list[dict[str, Any]]] = {}
    for sub in store.db.query(
        "SELECT * FROM subsections WHERE page_url = ? ORDER BY section_position, position", [url]
    ):
        subsections.setdefault(sub["section_position"], []).append(
            {k: sub[k] for k in ("kind", "heading", "text")} | {"items": json.loads(sub["items"])}
        )
    sections = [
        {k: s[k] for k in ("kind", "heading", "text")}
        | {"items": json.loads(s["items"]), "subsections": subsections.get(s["position"], [])}
        for s in store.db.query(
            "SELECT * FROM sections WHERE page_url = ? ORDER BY position", [url]
        )
    ]
    related = [
        {"title": r["title"], "url": r["to_url"], "drug": r["drug"], "condition": r["condition"]}
        for r in store.db.query(
            "SELECT * FROM related_articles WHERE from_url = ? ORDER BY position", [url]
        )
    ]
    return Page.model_validate(
        {
            **{k: page[k] for k in ("url", "title", "lang", "content_hash", "parser_version")},
            "drug": drug,
            "condition": condition,
            "sections": sections,
            "related": related,
            "active_ingredients": json.loads(page["active_ingredients"]),
            "drug_classes": json.loads(page["drug_classes"]),
        }
    )


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
