"""The record page's reading of stored text: paragraphs, and lists where every line is an item."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.publish.record import text_blocks


@pytest.mark.parametrize(
    ("text", "items", "expected"),
    [
        ("One.\n\nTwo.", [], [{"text": "One."}, {"text": "Two."}]),
        (
            "Intro.\n\nfever\nrash",
            ["fever", "rash"],
            [{"text": "Intro."}, {"list": ["fever", "rash"]}],
        ),
        ("fever\nnot an item", ["fever"], [{"text": "fever not an item"}]),
        ("", [], []),
        ("\n\n  \n\nLast.", [], [{"text": "Last."}]),
    ],
)
def test_text_blocks(text: str, items: list[str], expected: list[dict[str, Any]]) -> None:
    assert text_blocks(text, items) == expected
