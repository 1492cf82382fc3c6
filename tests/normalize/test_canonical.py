"""The normalization stage over parsed pages: canonical names and codes, clean text kept in its
own block, side-effect terms, and the names queued for review."""

from __future__ import annotations

import re

import pytest

from pipeline.canonical import UnknownTerm, canonicalize
from pipeline.normalize import normalize_heading
from pipeline.parse import parse_page
from pipeline.vocabulary import default_vocabulary
from schemas import Page
from tests.parse.fixtures import Fixture, fixtures

PAGES = fixtures("page")
VOCAB = default_vocabulary()
_WORD = re.compile(r"\w+")


def parsed(fixture: Fixture) -> Page:
    meta = fixture.meta
    return parse_page(fixture.html, meta["url"], content_type=meta.get("content_type"))


@pytest.fixture(scope="module")
def reference() -> Page:
    [fixture] = [f for f in PAGES if f.name == "meds-reference"]
    return canonicalize(parsed(fixture), VOCAB).page


def test_the_reference_page_names_its_concepts(reference: Page) -> None:
    drug, condition = reference.drug, reference.condition
    assert (drug.name, drug.slug, drug.form, drug.drugbank_id, drug.match) == (
        "Tacrolimus",
        "tacrolimus",
        "oral and injection",
        "DB00864",
        "exact",
    )
    assert "Prograf" in drug.brands
    assert (condition.name, condition.icd10cm, condition.mesh_id, condition.name_raw) == (
        "Lupus",
        "M32",
        "D008180",
        None,
    )
    assert reference.normalizer_version and "+vocab." in reference.normalizer_version


def test_the_reference_related_list_is_canonical(reference: Page) -> None:
    by_title = {r.title: r for r in reference.related}
    crohns = by_title["Tacrolimus for Crohn' Disease"]  # the title stays as the page wrote it
    assert (crohns.condition, crohns.condition_slug, crohns.drug_slug) == (
        "Crohn's Disease",
        "crohns-disease",
        "tacrolimus",
    )
    assert by_title["Tacrolimus for Covid-"].condition == "COVID-19"
    assert by_title["Tacrolimus for High Blood Pressure"].condition_slug == "hypertension"
    assert len({r.condition_slug for r in reference.related}) == 49


def test_the_reference_side_effects(reference: Page) -> None:
    terms = [(s.severity, s.term) for s in reference.side_effects]
    common = [t for severity, t in terms if severity == "common"]
    serious = [t for severity, t in terms if severity == "serious"]
    assert common[:3] == ["headache", "diarrhea", "stomach cramps"]
    assert {"pneumonia", "tuberculosis"} <= set(serious)
    assert all(s.raw for s in reference.side_effects)


def test_text_is_normalized_in_its_own_block(reference: Page) -> None:
    what_is = reference.sections[0]
    assert what_is.text.startswith("Tacrolimus is a powerful immunosuppressive medication")
    assert "system's response" in what_is.text  # the page's curly apostrophe, made ASCII
    side_effects = reference.sections[3]
    common = side_effects.subsections[0]
    assert (common.kind, common.heading) == ("common", "Common Side Effects")
    assert common.text.startswith("The most common side effects of tacrolimus for lupus include")
    assert side_effects.text.startswith("When taking tacrolimus to manage lupus symptoms")


@pytest.mark.parametrize("fixture", PAGES, ids=lambda f: f.name)
def test_every_block_keeps_its_place_and_only_loses_boilerplate(fixture: Fixture) -> None:
    raw = parsed(fixture)
    done = canonicalize(raw, VOCAB).page
    assert len(done.sections) == len(raw.sections)
    for before, after in zip(raw.sections, done.sections, strict=True):
        assert after.kind == before.kind
        assert after.heading == normalize_heading(before.heading)
        assert after.heading_raw == (before.heading if after.heading != before.heading else None)
        assert len(after.subsections) == len(before.subsections)
        blocks = zip([before, *before.subsections], [after, *after.subsections], strict=True)
        for was, now in blocks:
            assert set(_WORD.findall(now.text.lower())) <= set(
                _WORD.findall(normalize_heading(was.text).lower() + " " + was.text.lower())
            )


@pytest.mark.parametrize("fixture", PAGES, ids=lambda f: f.name)
def test_names_resolve_or_are_queued(fixture: Fixture) -> None:
    raw = parsed(fixture)
    done = canonicalize(raw, VOCAB)
    page = done.page
    for seen, concept, kind in (
        (raw.drug, page.drug, "drug"),
        (raw.condition, page.condition, "condition"),
    ):
        assert concept.match is not None
        assert concept.slug
        if concept.match == "unknown":
            assert concept.name == normalize_heading(seen.name)
            assert any(u.kind == kind and u.term == concept.name for u in done.unknown)
        assert concept.name_raw in (None, seen.name)
    slugs = {(c.kind, c.slug) for c in done.concepts}
    assert ("drug", page.drug.slug) in slugs and ("condition", page.condition.slug) in slugs


def test_an_unknown_name_is_kept_as_seen_and_counted() -> None:
    html = (
        "<html><body><main><h1>Tacrolimus for Morphea</h1>"
        "<h2>What is Tacrolimus?</h2><p>Tacrolimus calms the immune system in the skin.</p>"
        "<h2>Side effects</h2><p>Burning where it is applied.</p>"
        "<h2>Related</h2><ul><li><a href='/tacrolimus-morphea-kids'>Tacrolimus for Morphea</a>"
        "</li><li><a href='/tacrolimus-acne'>Tacrolimus for Acne</a></li></ul>"
        "</main></body></html>"
    )
    done = canonicalize(parse_page(html, "https://x.test/tacrolimus-morphea"), VOCAB)
    assert done.page.condition.match == "unknown"
    assert done.page.condition.icd10cm is None
    assert done.unknown == [UnknownTerm("condition", "Morphea", 2)]
