"""The pydantic models are the one schema source; the checked-in JSON Schema follows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from schemas import Page

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "page.schema.json"

VALID = {
    "url": "https://meds.is/en/conditions/tacrolimus-oral-and-injection-lupus",
    "title": "Tacrolimus for Lupus",
    "content_hash": "0" * 64,
    "parser_version": "1",
    "drug": {
        "name": "Tacrolimus",
        "form": "oral and injection",
        "slug": "tacrolimus-oral-and-injection",
    },
    "condition": {"name": "Lupus", "slug": "lupus"},
    "sections": [
        {
            "kind": "side_effects",
            "heading": "Side effects",
            "text": "x",
            "subsections": [{"kind": "common", "heading": "Common", "text": "y"}],
        }
    ],
}


def test_checked_in_json_schema_is_current() -> None:
    stale = "schemas/page.schema.json is stale: run `medscrape schema > schemas/page.schema.json`"
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == Page.model_json_schema(), stale


def test_a_valid_record_validates() -> None:
    assert Page.model_validate(VALID).sections[0].subsections[0].kind == "common"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("url",), "/en/conditions/x"),
        (("drug", "slug"), "Not A Slug"),
        (("content_hash",), "abc"),
        (("sections",), []),
        (("sections", 0, "kind"), "dosage"),
        (
            ("sections", 0, "subsections", 0, "kind"),
            "overview",
        ),  # a reviews kind under side_effects
        (("title",), ""),
        (("surprise",), 1),
    ],
)
def test_invalid_records_are_refused(path: tuple[str | int, ...], value: object) -> None:
    record = json.loads(json.dumps(VALID))
    target = record
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError):
        Page.model_validate(record)
