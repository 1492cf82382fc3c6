"""Text normalization: tables of (raw, expected), and idempotence on arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize import (
    drop_repeated_sentences,
    normalize_heading,
    normalize_item,
    normalize_lines,
    normalize_punctuation,
    normalize_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("it’s", "it's"),
        ("‘quoted’ and “double”", "'quoted' and \"double\""),
        ("„German“ «French»", '"German" "French"'),
        ("non‑breaking‐hyphen", "non-breaking-hyphen"),
        ("minus −5", "minus -5"),
        ("pages 3‒4", "pages 3–4"),
        ("2–3 times", "2–3 times"),
        ("a break — here", "a break — here"),
        ("a bar ― here", "a bar — here"),
        ("typed--dash", "typed — dash"),
        ("typed -- dash", "typed — dash"),
        ("a -- ", "a -- "),  # not between words: left alone
        ("plain ASCII text", "plain ASCII text"),
    ],
)
def test_punctuation_is_made_consistent(raw: str, expected: str) -> None:
    assert normalize_punctuation(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("It worked.It helped.", "It worked. It helped."),
        ("Take it daily.Do not stop.", "Take it daily. Do not stop."),
        ("e.g.Tacrolimus", "e.g.Tacrolimus"),  # an abbreviation, not a sentence end
        ("the U.S.Food agency", "the U.S.Food agency"),
        ("Node.js is", "Node.js is"),
        ("Cafe\u0301 au lait", "Café au lait"),  # NFC
        ("soft\u00adhyphen zero\u200bwidth", "softhyphen zerowidth"),
        ("a\u00a0b   c", "a b c"),
        ("line one\n\n\n\nline two", "line one\n\nline two"),
        ("itâ€™s", "it's"),  # mojibake repaired, then its apostrophe made ASCII
        ("  spaced  \n  out  ", "spaced\nout"),
        ("Take it daily\xa0-- or as told", "Take it daily — or as told"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("• Headache", "Headache"),
        ("- Nausea", "Nausea"),
        ("* Dizziness", "Dizziness"),
        ("1. Rash", "Rash"),
        ("12) Fever", "Fever"),
        ("a) Fatigue", "Fatigue"),
        ("(b) Cough", "Cough"),
        ("✓ Fewer flares", "Fewer flares"),
        ("→ See your doctor", "See your doctor"),
        ("– Tremor", "Tremor"),
        ("• • Double", "Double"),
        ("5 mg twice a day", "5 mg twice a day"),  # a number is not a marker without . or )
        ("A rash may appear", "A rash may appear"),
        ("-", "-"),  # nothing left: kept
        ("C. difficile diarrhea", "C. difficile diarrhea"),  # an initial, not a marker
        ("E. coli infection", "E. coli infection"),
        ("> 140/90 mmHg on two readings", "> 140/90 mmHg on two readings"),
    ],
)
def test_list_markers_are_stripped_from_items(raw: str, expected: str) -> None:
    assert normalize_item(raw) == expected


def test_markers_are_stripped_from_every_line_of_a_text() -> None:
    assert normalize_lines("Intro.\n\n• One\n• Two\n1. Three") == "Intro.\n\nOne\nTwo\nThree"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  What is  Tacrolimus? ", "What is Tacrolimus?"),
        ("Crohn’s Disease", "Crohn's Disease"),
        ("Side effects – common", "Side effects – common"),
    ],
)
def test_normalize_heading(raw: str, expected: str) -> None:
    assert normalize_heading(raw) == expected


BOILERPLATE = "This article is for information only and is not medical advice."


def test_a_sentence_repeated_in_three_blocks_is_removed_from_all() -> None:
    blocks = [
        f"Tacrolimus calms the immune system. {BOILERPLATE}",
        f"It binds calcineurin.\n\n{BOILERPLATE}",
        f"{BOILERPLATE} Reviews are mixed.",
        "Nothing repeated here at all, which is fine.",
    ]
    assert drop_repeated_sentences(blocks) == [
        "Tacrolimus calms the immune system.",
        "It binds calcineurin.",
        "Reviews are mixed.",
        "Nothing repeated here at all, which is fine.",
    ]


def test_sentences_repeated_twice_or_short_are_kept() -> None:
    twice = [f"A. {BOILERPLATE}", f"B. {BOILERPLATE}", "C."]
    assert drop_repeated_sentences(twice) == twice
    short = ["Talk to your doctor.", "Talk to your doctor.", "Talk to your doctor."]
    assert drop_repeated_sentences(short) == short


@given(st.text())
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text())
def test_normalize_item_is_idempotent(text: str) -> None:
    once = normalize_item(text)
    assert normalize_item(once) == once


@given(st.text())
def test_normalize_lines_is_idempotent(text: str) -> None:
    once = normalize_lines(text)
    assert normalize_lines(once) == once


SENTENCES = st.sampled_from(
    [BOILERPLATE, "Ask your pharmacist about every other medicine you take.", "Short one.", "\n"]
)


@given(st.lists(st.lists(SENTENCES, max_size=5).map(" ".join), max_size=6))
def test_drop_repeated_sentences_is_idempotent(texts: list[str]) -> None:
    once = drop_repeated_sentences(texts)
    assert drop_repeated_sentences(once) == once
