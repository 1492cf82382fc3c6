"""The reference page (Tacrolimus for Lupus on meds.is), asserted section by section."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.parse import parse_page
from schemas import Page

FIXTURE = Path(__file__).parent / "fixtures" / "meds-reference"
URL = "https://meds.is/en/conditions/tacrolimus-oral-and-injection-lupus"


@pytest.fixture(scope="module")
def page() -> Page:
    return parse_page((FIXTURE / "input.html").read_bytes(), URL)


def test_names_the_drug_its_form_and_the_condition(page: Page) -> None:
    assert (page.drug.name, page.drug.form, page.drug.slug) == (
        "Tacrolimus",
        "oral and injection",
        "tacrolimus-oral-and-injection",
    )
    assert (page.condition.name, page.condition.slug) == ("Lupus", "lupus")
    assert page.title == "Tacrolimus for Lupus"
    assert page.lang == "en"


def test_has_the_five_sections_in_order(page: Page) -> None:
    assert [s.kind for s in page.sections] == [
        "what_is",
        "how_it_works",
        "benefits",
        "side_effects",
        "reviews",
    ]


def test_section_text_is_the_page_text(page: Page) -> None:
    how = page.sections[1]
    assert how.heading == "How Does Tacrolimus Work?"
    assert "binds to a specific protein called calcineurin" in how.text
    assert how.subsections == []


def test_side_effects_keep_their_intro_and_three_subsections(page: Page) -> None:
    side = page.sections[3]
    assert side.text.startswith("When taking tacrolimus to manage lupus symptoms")
    assert "Common Side Effects" not in side.text
    assert [(s.kind, s.heading) for s in side.subsections] == [
        ("common", "Common Side Effects"),
        ("serious", "Serious Side Effects"),
        ("managing", "Managing Side Effects"),
    ]
    assert "pneumonia or tuberculosis" in side.subsections[1].text


def test_reviews_have_overview_and_two_lists(page: Page) -> None:
    reviews = page.sections[4]
    assert [s.kind for s in reviews.subsections] == ["overview", "need_to_know", "what_to_expect"]
    need = reviews.subsections[1]
    assert len(need.items) == 3
    assert need.text == "\n".join(need.items)
    assert need.items[0].startswith("Tacrolimus works by suppressing the immune system")


def test_has_49_related_articles_with_their_drug_and_condition(page: Page) -> None:
    assert len(page.related) == 49
    first = page.related[0]
    assert (first.title, first.drug, first.condition) == (
        "Tacrolimus for Acne",
        "Tacrolimus",
        "Acne",
    )
    assert first.url == "https://meds.is/en/conditions/tacrolimus-oral-and-injection-acne"
    damaged = {r.condition for r in page.related} & {"Crohn' Disease", "Covid-"}
    assert damaged == {"Crohn' Disease", "Covid-"}, "raw names are kept; repair is normalization's"


def test_chrome_never_reaches_the_text(page: Page) -> None:
    text = " ".join(s.text + " ".join(u.text for u in s.subsections) for s in page.sections)
    for chrome in ("cookie", "Accept", "©", "function(", "{"):
        assert chrome not in text
