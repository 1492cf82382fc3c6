"""The change feed: the pages added, changed or removed since a run or a time.

The store logs every page a run adds, changes (a new content hash), removes or revives in
``page_changes``, and keeps each previous version in ``page_versions`` (see
:mod:`pipeline.store`). The feed compares each logged page's state at the cut with its state
now and gives one :class:`~schemas.PageChange` a page, in its latest state:

- ``removed``: the page is marked removed now;
- ``added``: it was not in the dataset at the cut (first seen after it, or back after being
  removed);
- ``changed``: its content hash differs from the one it had at the cut; the section kinds are
  those that differ between the version it had then (the oldest version kept after the cut)
  and its stored sections now. A page changed and changed back is left out.

The run id and time of an entry are those of the page's latest logged change. The history
starts when a database reaches schema 4: changes made before it were not logged.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple, TextIO

from sqlite_utils import Database

from pipeline.history import SectionChanges, section_changes
from pipeline.sqlite import IN_JSON
from pipeline.store import read_sections
from schemas import ChangeKind, PageChange

Format = Literal["jsonl", "csv", "json"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "json")
#: How a CSV cell joins a list of section kinds.
_CSV_JOIN = ";"

_SELECT_PAGES = f"""
SELECT p.url, p.content_hash, p.removed_at, d.name, p.drug_slug, c.name, p.condition_slug
FROM pages p JOIN drugs d ON d.slug = p.drug_slug JOIN conditions c ON c.slug = p.condition_slug
WHERE p.url {IN_JSON}"""


class HistoryError(Exception):
    """The feed cannot be read from this database; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Since:
    """The cut: changes in runs after ``run_id``, or seen at or after ``time`` (ISO, UTC)."""

    run_id: int | None = None
    time: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition (on ``run_id`` / ``seen_at``) for a change after the cut."""
        if self.run_id is not None:
            return "run_id > ?", [self.run_id]
        return "seen_at >= ?", [self.time]


def parse_since(text: str) -> Since:
    """A run id (digits) or an ISO 8601 date or time (UTC unless it gives an offset).

    Raises ValueError with a message for the user for anything else.
    """
    text = text.strip()
    if text.isdigit():
        return Since(run_id=int(text))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is neither a run id nor an ISO date or time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return Since(time=moment.astimezone(UTC).isoformat(timespec="seconds"))


class _Logged(NamedTuple):
    """One row of ``page_changes``."""

    id: int
    url: str
    run_id: int
    change: str
    seen_at: str


class _Page(NamedTuple):
    """What the feed shows of a page now."""

    url: str
    content_hash: str
    removed_at: str | None
    drug: str
    drug_slug: str
    condition: str
    condition_slug: str


def page_changes(db: Database, since: Since) -> list[PageChange]:
    """One entry a page added, changed or removed after the cut, oldest latest change first."""
    _check(db, since)
    logged = _logged(db, since)
    pages = _pages(db, list(logged))
    kinds = {url: _kind(events, pages[url]) for url, events in logged.items()}
    edits = _edits(db, since, [pages[url] for url, kind in kinds.items() if kind == "changed"])
    entries = []
    for url, events in sorted(logged.items(), key=lambda item: item[1][-1].id):
        if kinds[url] != "changed":
            entries.append(_entry(pages[url], kinds[url], events[-1]))
        elif url in edits:  # else changed back, or only removed and revived
            entries.append(_entry(pages[url], "changed", events[-1], edits[url]))
    return entries


def _check(db: Database, since: Since) -> None:
    tables = set(db.table_names())
    if not {"pages", "crawl_runs"} <= tables:
        raise HistoryError("not a medscrape database")
    if "page_changes" not in tables:
        raise HistoryError("no change history yet: the next crawl or reparse starts it")
    if since.run_id is not None:
        found = db.execute("SELECT 1 FROM crawl_runs WHERE id = ?", [since.run_id]).fetchone()
        if found is None:
            raise HistoryError(f"there is no run {since.run_id}")


def _logged(db: Database, since: Since) -> dict[str, list[_Logged]]:
    """The changes logged after the cut, by page, in order."""
    where, params = since.where()
    sql = f"SELECT id, url, run_id, change, seen_at FROM page_changes WHERE {where} ORDER BY id"
    logged: dict[str, list[_Logged]] = {}
    for row in db.execute(sql, params):
        logged.setdefault(row[1], []).append(_Logged(*row))
    return logged


def _pages(db: Database, urls: list[str]) -> dict[str, _Page]:
    return {row[0]: _Page(*row) for row in db.execute(_SELECT_PAGES, [json.dumps(urls)])}


def _kind(events: list[_Logged], page: _Page) -> ChangeKind:
    """removed, added, or changed (to be checked against the version it had at the cut)."""
    if page.removed_at is not None:
        return "removed"
    if events[0].change in ("added", "revived"):  # not in the dataset at the cut
        return "added"
    return "changed"


def _edits(db: Database, since: Since, pages: list[_Page]) -> dict[str, SectionChanges]:
    """The section changes of each page whose content hash differs from the one it had at the
    cut: from the oldest version kept after the cut (the page as it was then) to the rows now."""
    if not pages:
        return {}
    where, params = since.where()
    sql = (
        f"SELECT url, old_hash, sections FROM page_versions WHERE {where} AND url {IN_JSON} "
        "ORDER BY id"
    )
    at_cut: dict[str, tuple[str, str]] = {}
    for url, old_hash, sections in db.execute(sql, [*params, json.dumps([p.url for p in pages])]):
        at_cut.setdefault(url, (old_hash, sections))
    changed = [p.url for p in pages if p.url in at_cut and at_cut[p.url][0] != p.content_hash]
    now = read_sections(db, changed)
    return {url: section_changes(json.loads(at_cut[url][1]), now.get(url, [])) for url in changed}


_NO_SECTION_CHANGES = SectionChanges([], [], [])


def _entry(
    page: _Page, kind: ChangeKind, latest: _Logged, sections: SectionChanges = _NO_SECTION_CHANGES
) -> PageChange:
    return PageChange.model_validate(
        {
            "url": page.url,
            "change": kind,
            "run_id": latest.run_id,
            "seen_at": latest.seen_at,
            "drug": page.drug,
            "drug_slug": page.drug_slug,
            "condition": page.condition,
            "condition_slug": page.condition_slug,
            "content_hash": page.content_hash,
            "sections_added": sections.added,
            "sections_removed": sections.removed,
            "sections_changed": sections.changed,
        }
    )


def write(entries: Sequence[PageChange], fmt: Format, out: TextIO) -> None:
    """The feed as JSON Lines, CSV with a header, or one JSON array."""
    rows = [entry.model_dump(mode="json") for entry in entries]
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, list(PageChange.model_fields))
        writer.writeheader()
        writer.writerows(_csv_row(row) for row in rows)
    else:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _csv_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _CSV_JOIN.join(v) if isinstance(v, list) else v for k, v in row.items()}


__all__ = ["FORMATS", "Format", "HistoryError", "Since", "page_changes", "parse_since", "write"]
