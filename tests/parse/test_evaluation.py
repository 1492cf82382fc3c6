"""The evaluation gate: every template scores at least the recorded floors.

Raise a floor when the parser improves; never lower one to make a change pass.
"""

from __future__ import annotations

import pytest

from tests.parse.fixtures import Fixture, fixtures
from tests.parse.scoring import score, set_f1, token_f1

#: Token-F1 per section kind and per subsection kind, on every template.
SECTION_FLOOR = 0.95
#: Drug and condition names: all correct.
NAMES_FLOOR = 1.0
#: Related-link F1 (by URL).
RELATED_FLOOR = 0.98


@pytest.mark.parametrize("fixture", fixtures("page"), ids=lambda f: f.name)
def test_template_scores_at_least_the_floors(fixture: Fixture) -> None:
    scores = score(fixture.expected, fixture.parse())
    low = {
        kind: round(value, 3)
        for kind, value in scores.items()
        if value < {"names": NAMES_FLOOR, "related": RELATED_FLOOR}.get(kind, SECTION_FLOOR)
    }
    assert low == {}, f"below the floor: {low}"


@pytest.mark.parametrize(
    ("expected", "got", "f1"),
    [
        ("a b c", "a b c", 1.0),
        ("", "", 1.0),
        ("a b", "", 0.0),
        ("a b c d", "a b", 2 * 1.0 * 0.5 / 1.5),
        ("Side-effects: a, b", "side effects a b", 1.0),
    ],
)
def test_token_f1(expected: str, got: str, f1: float) -> None:
    assert token_f1(expected, got) == pytest.approx(f1)


def test_set_f1() -> None:
    assert set_f1({"a", "b"}, {"a"}) == pytest.approx(2 / 3)
    assert set_f1(set(), set()) == 1.0
