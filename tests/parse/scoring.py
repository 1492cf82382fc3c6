"""Token-F1 scores of a parsed record against its reviewed expectation, per section kind."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

_TOKEN = re.compile(r"\w+")


def token_f1(expected: str, got: str) -> float:
    """F1 of the two texts' word multisets; two empty texts agree perfectly."""
    want, have = Counter(_TOKEN.findall(expected.lower())), Counter(_TOKEN.findall(got.lower()))
    if not want and not have:
        return 1.0
    overlap = sum((want & have).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / sum(have.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _texts_by_kind(record: dict[str, Any]) -> dict[str, str]:
    texts: dict[str, list[str]] = {}
    for section in record["sections"]:
        texts.setdefault(section["kind"], []).append(section["text"])
        for sub in section["subsections"]:
            texts.setdefault(f"{section['kind']}/{sub['kind']}", []).append(sub["text"])
    return {kind: "\n".join(parts) for kind, parts in texts.items()}


def set_f1(expected: set[str], got: set[str]) -> float:
    if not expected and not got:
        return 1.0
    overlap = len(expected & got)
    return 2 * overlap / (len(expected) + len(got))


def score(expected: dict[str, Any], got: dict[str, Any]) -> dict[str, float]:
    """{'what_is': F1, 'side_effects/common': F1, …, 'names': 0|1, 'related': F1}."""
    want, have = _texts_by_kind(expected), _texts_by_kind(got)
    scores = {kind: token_f1(want.get(kind, ""), have.get(kind, "")) for kind in want | have}
    scores["names"] = float(
        (expected["drug"]["name"], expected["condition"]["name"])
        == (got["drug"]["name"], got["condition"]["name"])
    )
    scores["related"] = set_f1(
        {r["url"] for r in expected["related"]}, {r["url"] for r in got["related"]}
    )
    return scores
