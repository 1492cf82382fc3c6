"""Stored text is data, never code: a page whose every string is SQL or markup is stored and read
back exactly through parameters, leaves every table in place, and ``medscrape serve`` shows it
escaped (stored HTML and text are never rendered as markup or executed)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from datasette.utils import tilde_encode
from sqlite_utils import Database

from pipeline.store import Fetched, Store
from tests.publish.conftest import serving
from tests.store.conftest import FETCHED_AT, page_from, reference_record

SQL = "Robert'); DROP TABLE pages; --"
MARKUP = '<script>alert("stored")</script><img src=x onerror=alert(1)>'
HOSTILE = f"{SQL} {MARKUP}"
URL = "https://meds.is/en/conditions/tacrolimus-lupus?q=1'%20OR%20'1'='1"


def hostile_record() -> dict[str, Any]:
    record = reference_record()
    record["title"] = f"Tacrolimus for Lupus {HOSTILE}"
    record["sections"][0]["heading"] = HOSTILE
    record["sections"][0]["text"] = f"{HOSTILE}\n\n{MARKUP}"
    record["sections"][0]["items"] = [HOSTILE]
    record["related"][0]["title"] = HOSTILE
    record["active_ingredients"] = [SQL]
    return record


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A database holding the hostile page, and its table names before the page was saved."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    page = page_from(hostile_record(), URL)
    with Store(path) as store:
        before = Database(path).table_names()
        body = f"<html><body>{MARKUP}</body></html>".encode()
        store.save_pages(
            store.start_run({"note": SQL}),
            [Fetched(page=page, html=body, http_status=200, fetched_at=FETCHED_AT)],
        )
        assert store.load_page(URL) == page  # read back exactly
    return path, before


def test_sql_in_every_value_is_stored_as_text_and_no_table_is_touched(
    stored: tuple[Path, list[str]],
) -> None:
    path, before = stored
    db = Database(path)
    assert db.table_names() == before
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db["pages"].get(URL)["title"] == f"Tacrolimus for Lupus {HOSTILE}"
    rows = db["sections"].rows_where("page_url = ?", [URL], order_by="position", limit=1)
    assert [r["heading"] for r in rows] == [HOSTILE]
    assert [r["page_url"] for r in db["sections"].search(json.dumps("DROP TABLE"))] == [URL]


def test_serve_shows_stored_markup_escaped(stored: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, _ = stored
    with serving(path, tmp_path / "serve.log") as served:
        record_page = _get(f"{served.url}/{served.name}/pages/{tilde_encode(URL)}")
        table = json.loads(_get(f"{served.url}/{served.name}/sections.json?_shape=array"))
    assert "<script>alert" not in record_page and "<img src=x" not in record_page
    assert "&lt;script&gt;alert(" in record_page and "&lt;img src=x onerror" in record_page
    assert HOSTILE in [row["heading"] for row in table if row["page_url"] == URL]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))
