"""Properties over generated input: normalization is idempotent; the parser only ever rejects."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.normalize import clean_line, clean_text, fix_mojibake, slugify
from pipeline.parse import PageRejected, parse_page

TAGS = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "ul",
    "li",
    "b",
    "table",
    "tr",
    "td",
    "details",
    "summary",
    "section",
    "br",
    "dl",
    "dt",
    "dd",
    "nav",
    "aside",
    "script",
    "a",
]


@given(st.text())
def test_clean_line_is_idempotent(text: str) -> None:
    once = clean_line(text)
    assert clean_line(once) == once
    assert "\n" not in once


@given(st.text())
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.text())
def test_slugify_is_idempotent_and_a_slug(text: str) -> None:
    slug = slugify(text)
    assert slugify(slug) == slug
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)


@given(st.text())
def test_mojibake_repair_is_idempotent(text: str) -> None:
    once = fix_mojibake(text)
    assert fix_mojibake(once) == once


@st.composite
def html_soup(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
                st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
                st.sampled_from(
                    ["What is X?", "Side effects", "Reviews", "X for Y", "How does X work?"]
                ),
                st.text(max_size=30),
            ),
            max_size=60,
        )
    )
    return "".join(parts)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(st.binary(max_size=2000), html_soup().map(str.encode), html_soup()))
def test_parser_raises_nothing_but_its_rejection(body: bytes | str) -> None:
    try:
        page = parse_page(body, "https://example.test/x-for-y")
    except PageRejected as rejected:
        assert rejected.reason
    else:
        assert page.sections


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("itâ€™s", "it’s"),
        ("cafÃ©", "café"),
        ("MÃ©niÃ¨reâ€™s disease", "Ménière’s disease"),
        ("Sjã¶gren", "Sjã¶gren"),  # not a mojibake pattern: left alone
        ("it’s café", "it’s café"),
    ],
)
def test_mojibake_is_repaired(damaged: str, repaired: str) -> None:
    assert fix_mojibake(damaged) == repaired
