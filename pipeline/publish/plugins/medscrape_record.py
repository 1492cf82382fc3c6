"""Datasette plugin hooks for medscrape: the page record's data for the row template, and
page URLs in ``record`` columns of canned queries shown as links to their records.

Loaded with ``datasette --plugins-dir`` (``medscrape serve`` passes it); the work is in
:mod:`pipeline.publish.record`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

import datasette
from datasette.utils import tilde_decode, tilde_encode
from markupsafe import Markup, escape

from pipeline.publish.record import load_record

#: The table whose rows are page records.
PAGES = "pages"

_Hook = TypeVar("_Hook", bound=Callable[..., Any])


def hookimpl(function: _Hook) -> _Hook:
    """Datasette's hook marker, typed (it marks the function and returns it)."""
    return cast(_Hook, datasette.hookimpl(function))


def record_path(app: Any, database: str, url: str) -> str:
    """The path of a page's record in Datasette (its row page)."""
    return str(app.urls.row(database, PAGES, tilde_encode(url)))


@hookimpl
def extra_template_vars(
    view_name: str, database: str | None, table: str | None, request: Any, datasette: Any
) -> Callable[[], Awaitable[dict[str, Any]]] | None:
    """On a page's row page: ``page_record``, the record for ``templates/row.html``."""
    if view_name != "row" or table != PAGES or database is None or request is None:
        return None

    async def page_record() -> dict[str, Any]:
        url = tilde_decode(request.url_vars["pks"])
        db = datasette.get_database(database)
        record = await db.execute_fn(lambda conn: load_record(conn, url))
        if record is None:
            return {}
        for link in record["related"]:
            link["href"] = record_path(datasette, database, link["url"]) if link["stored"] else ""
        return {"page_record": record}

    return page_record


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Markup | None:
    """A canned query's ``record`` column (a page URL): a link to the page's record, shown
    with the row's title where it has one."""
    if table is not None or column != "record" or not isinstance(value, str):
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    label = row["title"] if "title" in keys and row["title"] else value
    href = record_path(datasette, database, value)
    return Markup('<a class="record-link" href="{}">{}</a>').format(href, escape(label))
