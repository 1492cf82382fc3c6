"""Saved pages: each field of the record equals the reviewed output.json; negatives are rejected."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.parse import PageRejected
from tests.parse.fixtures import Fixture, fixtures

PAGES = fixtures("page")
REJECTS = fixtures("reject")
FIELDS = ("title", "lang", "drug", "condition", "active_ingredients", "drug_classes", "related")

_records: dict[str, dict[str, Any]] = {}


def record(fixture: Fixture) -> dict[str, Any]:
    if fixture.name not in _records:
        _records[fixture.name] = fixture.parse()
    return _records[fixture.name]


def test_the_corpus_is_varied() -> None:
    assert len(PAGES) >= 12, "at least 12 structurally different templates"
    assert len({f.meta["template"] for f in PAGES}) == len(PAGES)
    assert {f.meta["reason"] for f in REJECTS} >= {"soft_404", "index_page", "no_sections"}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("fixture", PAGES, ids=lambda f: f.name)
def test_field_matches_reviewed_output(fixture: Fixture, field: str) -> None:
    assert record(fixture)[field] == fixture.expected[field]


@pytest.mark.parametrize("fixture", PAGES, ids=lambda f: f.name)
def test_section_outline_matches(fixture: Fixture) -> None:
    def outline(rec: dict[str, Any]) -> list[tuple[str, str, list[tuple[str, str]]]]:
        return [
            (s["kind"], s["heading"], [(u["kind"], u["heading"]) for u in s["subsections"]])
            for s in rec["sections"]
        ]

    assert outline(record(fixture)) == outline(fixture.expected)


@pytest.mark.parametrize("fixture", PAGES, ids=lambda f: f.name)
def test_section_texts_match(fixture: Fixture) -> None:
    assert record(fixture)["sections"] == fixture.expected["sections"]


@pytest.mark.parametrize("fixture", REJECTS, ids=lambda f: f.name)
def test_non_drug_page_is_rejected_with_its_reason(fixture: Fixture) -> None:
    with pytest.raises(PageRejected) as rejected:
        fixture.parse()
    assert rejected.value.reason == fixture.meta["reason"]
