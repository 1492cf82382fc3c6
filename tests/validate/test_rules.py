"""Validation rules: each finding has its stable code; errors reject, warnings are kept."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.parse import parse_page
from pipeline.validate import MAX_SECTION_CHARS, Rules, rules_from, validate
from schemas import Page, RelatedArticle, Section

URL = "https://example.test/guides/tacrolimus-lupus"
PROSE = "Tacrolimus calms an overactive immune system and can help some people with lupus."
HTML = f"""<html lang="en"><body><main><h1>Tacrolimus for Lupus</h1>
<h2>What is Tacrolimus?</h2><p>{PROSE}</p>
<h2>How does it work?</h2><p>{PROSE}</p>
<h2>Benefits</h2><p>{PROSE}</p>
<h2>Side effects</h2><p>{PROSE}</p>
<h2>Reviews</h2><p>{PROSE}</p>
</main></body></html>"""


def page(url: str = URL, **update: Any) -> Page:
    return parse_page(HTML, url).model_copy(update=update)


def codes(found: list[Any]) -> list[str]:
    return [f.code for f in found]


def test_a_complete_page_has_no_findings() -> None:
    found = validate(page(), Rules(frozenset({"what_is", "side_effects"}), "en"))
    assert (found.errors, found.warnings) == ([], [])


def test_a_required_section_missing_is_an_error_an_optional_one_a_warning() -> None:
    sections = [s for s in page().sections if s.kind not in ("reviews", "benefits")]
    found = validate(page(sections=sections), Rules(frozenset({"reviews"})))
    assert codes(found.errors) == ["missing_required_section"]
    assert "reviews" in found.errors[0].message
    assert codes(found.warnings) == ["missing_section"]
    assert "benefits" in found.warnings[0].message


def test_empty_short_and_long_sections() -> None:
    sections = page().sections
    empty = Section(kind="other", heading="Dosage", text="")
    short = Section(kind="other", heading="Storage", text="Keep cool.")
    long = Section(kind="other", heading="Everything", text="word " * (MAX_SECTION_CHARS // 4))
    found = validate(page(sections=[*sections, empty, short, long]))
    assert codes(found.warnings) == ["section_empty", "section_too_short"]
    assert codes(found.errors) == ["section_too_long"]


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("https://example.test/guides/tacrolimus-lupus", False),
        ("https://example.test/drugs/tacrolimus/lupus/", False),
        ("https://example.test/guides/lupus-treatments", False),  # names the condition
        ("https://example.test/guides/metformin-diabetes", True),
        ("https://example.test/article/48213", False),  # an id: nothing to check
        ("file:///tmp/page.html", False),
    ],
)
def test_the_url_must_name_the_drug_or_the_condition(url: str, error: bool) -> None:
    found = validate(page(url))
    assert ("title_url_mismatch" in codes(found.errors)) is error


def test_a_brand_in_the_url_names_the_drug() -> None:
    drug = page().drug.model_copy(update={"brands": ["Prograf"]})
    found = validate(page("https://example.test/prograf-for-lupus", drug=drug))
    assert found.errors == []


def test_drug_and_condition_must_differ() -> None:
    condition = page().condition.model_copy(update={"name": "Tacrolimus", "slug": "tacrolimus"})
    assert "drug_is_condition" in codes(validate(page(condition=condition)).errors)


def test_off_site_related_links_are_a_warning() -> None:
    related = [
        RelatedArticle(title="Tacrolimus for Acne", url="https://www.example.test/tacrolimus-acne"),
        RelatedArticle(title="Buy now", url="https://ads.test/x"),
    ]
    found = validate(page(related=related))
    assert codes(found.warnings) == ["related_off_site"]
    assert "https://ads.test/x" in found.warnings[0].message


@pytest.mark.parametrize(
    ("lang", "expected", "error"),
    [
        ("en", "en", False),
        ("en-GB", "en", False),
        ("en_US", "en", False),
        ("EN", "en-US", False),
        ("en-US", "en-US", False),
        ("de", "en", True),
    ],
)
def test_the_language_must_be_the_sites(lang: str, expected: str, error: bool) -> None:
    found = validate(page(lang=lang), Rules(expected_lang=expected))
    assert ("lang_unexpected" in codes(found.errors)) is error
    assert validate(page(lang=None), Rules(expected_lang="en")).errors == []


def test_unknown_and_fuzzy_names_are_warnings() -> None:
    drug = page().drug.model_copy(update={"match": "unknown"})
    condition = page().condition.model_copy(update={"match": "fuzzy", "name_raw": "Lupsu"})
    found = validate(page(drug=drug, condition=condition))
    assert codes(found.warnings) == ["drug_unknown", "fuzzy_match"]
    assert "'Lupsu'" in found.warnings[1].message


def test_rules_from_settings_refuse_an_unknown_kind() -> None:
    assert rules_from(["what_is", " side_effects ", ""], "en") == Rules(
        frozenset({"what_is", "side_effects"}), "en"
    )
    with pytest.raises(ValueError, match="dosage"):
        rules_from(["dosage"], None)


def test_names_with_digits_and_short_words_match_the_url() -> None:
    drug = page().drug.model_copy(update={"name": "Vitamin C", "slug": "vitamin-c"})
    condition = page().condition.model_copy(update={"name": "COVID-19", "slug": "covid-19"})
    url = "https://example.test/guides/vitamin-c-covid-19"
    assert validate(page(url, drug=drug, condition=condition)).errors == []
