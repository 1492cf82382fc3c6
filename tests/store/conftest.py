"""Fixtures for the store: databases, the reference page and fetched-page builders."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from pipeline.parse import PARSER_VERSION, content_hash
from pipeline.store import Fetched, Store
from schemas import Page

FIXTURE = Path(__file__).resolve().parent.parent / "parse" / "fixtures" / "meds-reference"
URL = "https://meds.is/en/conditions/tacrolimus-oral-and-injection-lupus"
FETCHED_AT = "2025-01-01T00:00:00+00:00"

MakePage = Callable[..., Page]
MakeFetched = Callable[..., Fetched]


def reference_record() -> dict[str, Any]:
    """The reviewed record of the reference page (its output.json), without url or hash."""
    return dict(json.loads((FIXTURE / "output.json").read_text(encoding="utf-8")))


def page_from(record: dict[str, Any], url: str = URL) -> Page:
    """A Page from a record dict: url, parser version and content hash filled in."""
    record = {**copy.deepcopy(record), "url": url, "parser_version": PARSER_VERSION}
    record.pop("content_hash", None)
    record["content_hash"] = content_hash(record)
    return Page.model_validate(record)


@pytest.fixture
def fresh_db() -> Iterator[Database]:
    """An empty in-memory database."""
    db = Database(memory=True)
    yield db
    db.close()


@pytest.fixture
def store(fresh_db: Database) -> Store:
    """A store over an in-memory database."""
    return Store(db=fresh_db)


@pytest.fixture
def file_store(tmp_path: Path) -> Iterator[Store]:
    """A store in a temp file (WAL mode, background checkpoints)."""
    with Store(tmp_path / "nested" / "medscrape.db") as opened:
        yield opened


@pytest.fixture
def html() -> bytes:
    return (FIXTURE / "input.html").read_bytes()


@pytest.fixture
def make_page() -> MakePage:
    """``make_page(url=..., edit=fn)``: the reference page, optionally edited (fn(record))."""

    def make(url: str = URL, edit: Callable[[dict[str, Any]], None] | None = None) -> Page:
        record = reference_record()
        if edit is not None:
            edit(record)
        return page_from(record, url)

    return make


@pytest.fixture
def fetched(make_page: MakePage, html: bytes) -> MakeFetched:
    """``fetched(page=None, html=..., fetched_at=..., status=200)``: a Fetched for save_pages."""

    def make(
        page: Page | None = None,
        *,
        body: bytes = html,
        fetched_at: str = FETCHED_AT,
        status: int = 200,
    ) -> Fetched:
        return Fetched(
            page=page or make_page(),
            html=body,
            http_status=status,
            fetched_at=fetched_at,
            content_type="text/html; charset=utf-8",
        )

    return make
