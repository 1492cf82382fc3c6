"""A stored page read back for its record page: sections and subsections in order, text as
paragraphs and lists, side-effect terms by severity, related links and whether they are stored.

Plain ``sqlite3`` so it runs inside Datasette's own connection thread (``execute_fn``).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

#: Subsection kinds whose side-effect terms are shown as chips (the store's severities).
CHIP_KINDS = ("common", "serious")


def load_record(conn: sqlite3.Connection, url: str) -> dict[str, Any] | None:
    """The page at ``url`` ready for the record template, or None if it is not stored.

    Args:
        conn: a connection to a medscrape database.
        url: the page's URL (its primary key).

    Returns:
        ``{"url", "title", "drug", "condition", "sections", "side_effects", "related"}``, each
        section with ``blocks`` and ``subsections`` (each with ``blocks`` and ``chips``).
    """
    conn.row_factory = sqlite3.Row
    page = conn.execute(
        "select p.url, p.title, d.name as drug, c.name as condition, c.icd10cm "
        "from pages p join drugs d on d.slug = p.drug_slug "
        "join conditions c on c.slug = p.condition_slug where p.url = ?",
        [url],
    ).fetchone()
    if page is None:
        return None
    chips = _side_effects(conn, url)
    return {
        **dict(page),
        "sections": _sections(conn, url, chips),
        "side_effects": chips,
        "related": _related(conn, url),
    }


def text_blocks(text: str, items: list[str]) -> list[dict[str, Any]]:
    """A block's text as paragraphs and lists: a paragraph whose lines are all list items is a
    list (the store keeps ``text`` in reading order with each item on its own line)."""
    known = set(items)
    blocks: list[dict[str, Any]] = []
    for paragraph in (p.strip() for p in text.split("\n\n")):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        if known and all(line in known for line in lines):
            blocks.append({"list": lines})
        else:
            blocks.append({"text": " ".join(lines)})
    return blocks


def _sections(
    conn: sqlite3.Connection, url: str, chips: dict[str, list[str]]
) -> list[dict[str, Any]]:
    subsections: dict[int, list[dict[str, Any]]] = {}
    for row in conn.execute(
        "select section_position, kind, heading, text, items from subsections "
        "where page_url = ? order by section_position, position",
        [url],
    ):
        block = _block(row)
        block["chips"] = chips.get(row["kind"], []) if row["kind"] in CHIP_KINDS else []
        subsections.setdefault(row["section_position"], []).append(block)
    sections = []
    for row in conn.execute(
        "select position, kind, heading, text, items from sections "
        "where page_url = ? order by position",
        [url],
    ):
        section = _block(row)
        section["subsections"] = subsections.get(row["position"], [])
        sections.append(section)
    return sections


def _block(row: sqlite3.Row) -> dict[str, Any]:
    items = json.loads(row["items"] or "[]")
    return {
        "kind": row["kind"],
        "heading": row["heading"],
        "blocks": text_blocks(row["text"] or "", items),
    }


def _side_effects(conn: sqlite3.Connection, url: str) -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {kind: [] for kind in CHIP_KINDS}
    for row in conn.execute(
        "select term, severity from side_effects where page_url = ? order by position", [url]
    ):
        terms.setdefault(row["severity"], []).append(row["term"])
    return terms


def _related(conn: sqlite3.Connection, url: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "select r.title, r.to_url, exists(select 1 from pages p where p.url = r.to_url) "
        "as stored from related_articles r where r.from_url = ? order by r.position",
        [url],
    )
    return [{"title": r["title"], "url": r["to_url"], "stored": bool(r["stored"])} for r in rows]
