"""Loading saved-page fixtures and comparing a record with its reviewed expectation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas import NORMALIZED_FIELDS

FIXTURES = Path(__file__).parent / "fixtures"
#: Fields the expectation does not hold: the URL comes from meta.json, the rest is derived.
DERIVED = ("url", "content_hash", "parser_version")


@dataclass(frozen=True)
class Fixture:
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def meta(self) -> dict[str, Any]:
        return json.loads((self.path / "meta.json").read_text(encoding="utf-8"))

    @property
    def html(self) -> bytes:
        return (self.path / "input.html").read_bytes()

    @property
    def expected(self) -> dict[str, Any]:
        return json.loads((self.path / "output.json").read_text(encoding="utf-8"))

    def parse(self) -> dict[str, Any]:
        from pipeline.parse import parse_page

        meta = self.meta
        page = parse_page(self.html, meta["url"], content_type=meta.get("content_type"))
        record = page.model_dump(mode="json", exclude=NORMALIZED_FIELDS)
        for key in DERIVED:
            record.pop(key)
        return record


def fixtures(expect: str) -> list[Fixture]:
    found = [Fixture(p) for p in sorted(FIXTURES.iterdir()) if (p / "meta.json").is_file()]
    return [f for f in found if f.meta.get("expect", "page") == expect]
