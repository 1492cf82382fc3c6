"""Datasette metadata for the published database, derived from the pydantic models.

Table and column descriptions come from the models' docstrings and ``Field(description=…)``
(:data:`pipeline.migrations.MODEL_TABLES` says which model each table derives from); only keys
and bookkeeping columns, which no record model holds, are described here.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

from pydantic import BaseModel
from sqlite_utils import Database

from pipeline.migrations import MODEL_TABLES, PAGE_CONCEPT_COLUMNS, migrate
from pipeline.publish.queries import CANNED_QUERIES
from schemas import Condition, Drug, DrugConditionCell, PageSummary

TITLE = "medscrape: drugs for conditions"
DESCRIPTION = (
    "Drug-for-condition health pages split into their sections (what the drug is, how it works, "
    "benefits, side effects, reviews), validated and normalized: canonical drug and condition "
    "names with DrugBank IDs and ICD-10-CM codes, side-effect terms, related-article links."
)
SOURCE = "medscrape crawls of drug-for-condition pages (each record keeps its URL)"

LICENSE = "Apache-2.0 (the code); the pages' text belongs to the sites it was crawled from"
LICENSE_URL = "https://www.apache.org/licenses/LICENSE-2.0"

#: Tables that no record model describes.
TABLE_DESCRIPTIONS: dict[str, str] = {
    "crawl_runs": "One row per crawl or reparse run: counts, status and the thresholds checked.",
    "rejects": "URLs that did not become a record: the first reason, every reason, the run.",
    "fetch_errors": "URLs a run could not fetch: HTTP status or exception, attempts.",
    "raw_html": "Each stored page's raw HTML (zlib), so the database can be re-parsed offline.",
    "unknown_term_pages": "Names the vocabulary does not know, per page that shows them.",
    "page_versions": "The previous version of every page whose content hash changed.",
    "page_changes": "Pages each run added, changed, removed or revived.",
    "unknown_terms": "Names the vocabulary does not know: kind, first seen, pages, count.",
}

#: Keys and bookkeeping columns (no model field holds them), by column name in any table.
KEY_COLUMNS: dict[str, str] = {
    "page_url": "URL of the page this row belongs to (a link to its record in pages).",
    "from_url": "URL of the page that shows the link.",
    "position": "0-based position on the page, in reading order.",
    "section_position": "Position of the section this subsection belongs to.",
    "drug_slug": "Slug of the drug's concept (a link to drugs).",
    "condition_slug": "Slug of the condition's concept (a link to conditions).",
    "html_hash": "sha256 of the raw HTML as fetched.",
    "http_status": "HTTP status of the last fetch.",
    "fetched_at": "When the page was last fetched or answered 304 (ISO 8601, UTC).",
    "first_seen_at": "When the page was first stored (ISO 8601, UTC).",
    "updated_at": "When the stored record last changed (ISO 8601, UTC).",
    "last_run_id": "The last run that fetched the page.",
    "removed_at": "When the page was marked removed (gone twice, or from the sitemaps).",
    "fetched_url": "The URL the page was fetched at (url is that URL without a trailing slash).",
    "etag": "The HTTP ETag of the last full fetch, for conditional re-crawls.",
    "last_modified": "The HTTP Last-Modified of the last full fetch.",
    "sitemap_lastmod": "The sitemap's lastmod for the page when it was last fetched.",
}

#: The views of migration 9 and the models of their rows.
VIEW_MODELS: dict[str, type[BaseModel]] = {
    "page_summary": PageSummary,
    "drug_condition_matrix": DrugConditionCell,
}

#: Facets shown on each table's page: drug, condition, section kind and severity.
FACETS: dict[str, list[str]] = {
    "pages": ["drug_slug", "condition_slug"],
    "sections": ["kind"],
    "subsections": ["kind"],
    "side_effects": ["severity", "term"],
    "page_summary": ["drug", "condition"],
    "drug_condition_matrix": ["drug", "condition"],
    "rejects": ["reason"],
    "page_changes": ["change", "run_id"],
}

#: The column Datasette shows for a row linked by a foreign key.
LABEL_COLUMNS = {"pages": "title", "drugs": "name", "conditions": "name"}

#: Tables plain readers do not need; hidden from the index (still reachable by URL).
HIDDEN = ("raw_html",)


def build_metadata(database: str) -> dict[str, Any]:
    """The Datasette metadata for a medscrape database served under the name ``database``.

    Args:
        database: the name Datasette gives the database (its file name without ``.db``).

    Returns:
        A dict in Datasette's ``metadata.json`` / ``metadata.yml`` form.
    """
    tables = {name: _table(name) for name in _described_tables()}
    return {
        "title": TITLE,
        "description_html": _home_html(database),
        "source": SOURCE,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "databases": {
            database: {
                "description": DESCRIPTION,
                "tables": tables,
                "queries": CANNED_QUERIES,
            }
        },
    }


def _described_tables() -> list[str]:
    return [*MODEL_TABLES, *VIEW_MODELS, *TABLE_DESCRIPTIONS]


def _table(name: str) -> dict[str, Any]:
    table: dict[str, Any] = {
        "description": TABLE_DESCRIPTIONS.get(name) or _model_description(name),
        "columns": column_descriptions(name),
    }
    if name in FACETS:
        table["facets"] = FACETS[name]
    if name in LABEL_COLUMNS:
        table["label_column"] = LABEL_COLUMNS[name]
    if name in HIDDEN:
        table["hidden"] = True
    return table


def _model_description(table: str) -> str:
    model = VIEW_MODELS[table] if table in VIEW_MODELS else MODEL_TABLES[table][0]
    return inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].replace("\n", " ")


@functools.cache
def schema_columns() -> dict[str, list[str]]:
    """Each table's and view's columns, in order, as the store's migrations create them."""
    db = Database(memory=True)
    try:
        migrate(db)
        names = [*db.table_names(), *db.view_names()]
        return {name: list(db[name].columns_dict) for name in names}
    finally:
        db.close()


def column_descriptions(table: str) -> dict[str, str]:
    """The described columns of ``table``, in its column order: from the model fields, keys
    and bookkeeping."""
    found = _descriptions(table)
    return {c: found[c] for c in schema_columns().get(table, []) if c in found}


def _descriptions(table: str) -> dict[str, str]:
    described: dict[str, str] = {}
    if table in MODEL_TABLES:
        model, exclude, rename = MODEL_TABLES[table]
        described.update(_field_descriptions(model, exclude, rename))
    if table == "pages":
        described.update(_page_concept_descriptions())
    if table in VIEW_MODELS:
        described.update(_field_descriptions(VIEW_MODELS[table], frozenset(), {}))
    for column, text in KEY_COLUMNS.items():
        described.setdefault(column, text)
    return described


def _field_descriptions(
    model: type[BaseModel], exclude: frozenset[str], rename: dict[str, str]
) -> dict[str, str]:
    return {
        rename.get(name, name): field.description
        for name, field in model.model_fields.items()
        if name not in exclude and field.description
    }


def _page_concept_descriptions() -> dict[str, str]:
    models: dict[str, type[BaseModel]] = {"drug": Drug, "condition": Condition}
    described = {}
    for column, (field, attribute) in PAGE_CONCEPT_COLUMNS.items():
        text = models[field].model_fields[attribute].description or ""
        described[column] = f"The page's {field}: {text[:1].lower()}{text[1:]}"
    return described


def _home_html(database: str) -> str:
    """The index page's description: what the data is and a search box over the sections."""
    return (
        f"<p>{DESCRIPTION}</p>"
        f'<form class="medscrape-search" action="/{database}/search_pages" method="get">'
        '<label for="medscrape-q">Search the pages</label> '
        '<input type="search" id="medscrape-q" name="q" placeholder="e.g. calcineurin"> '
        '<input type="submit" value="Search">'
        "</form>"
    )
