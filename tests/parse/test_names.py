"""Title phrasings → (drug, condition)."""

from __future__ import annotations

import pytest

from pipeline.parse import parse_page
from pipeline.parse.names import find_form, split_title

URL = "https://example.test/guides/page-1"


@pytest.mark.parametrize(
    ("title", "pair"),
    [
        ("Tacrolimus for Lupus", ("Tacrolimus", "Lupus")),
        ("Tacrolimus for Crohn' Disease", ("Tacrolimus", "Crohn' Disease")),
        ("Tacrolimus for Covid-", ("Tacrolimus", "Covid-")),
        ("Can Metformin Help With PCOS?", ("Metformin", "PCOS")),
        ("Is Ibuprofen Effective Against Migraine?", ("Ibuprofen", "Migraine")),
        ("Does tacrolimus work for lupus?", ("tacrolimus", "lupus")),
        (
            "Treating Rheumatoid Arthritis with Methotrexate",
            ("Methotrexate", "Rheumatoid Arthritis"),
        ),
        (
            "Using Insulin Glargine to Treat Type 1 Diabetes",
            ("Insulin Glargine", "Type 1 Diabetes"),
        ),
        ("Tacrolimus: a treatment option for lupus", ("Tacrolimus", "lupus")),
        ("Lupus medication: Tacrolimus", ("Tacrolimus", "Lupus")),
        ("Lupus treatment with tacrolimus", ("tacrolimus", "Lupus")),
        ("Hypothyroidism: Taking Levothyroxine", ("Levothyroxine", "Hypothyroidism")),
        ("How Tacrolimus helps Lupus", ("Tacrolimus", "Lupus")),
        ("Should I take tacrolimus for my lupus?", ("tacrolimus", "lupus")),
        ("Tacrolimus if you have lupus", ("Tacrolimus", "lupus")),
        ("Tacrolimus for the treatment of lupus nephritis", ("Tacrolimus", "lupus nephritis")),
        ("Tacrolimus for treating lupus", ("Tacrolimus", "lupus")),
        ("Tacrolimus for people with lupus", ("Tacrolimus", "lupus")),
        ("Tacrolimus 1 mg capsules for lupus", ("Tacrolimus", "lupus")),
        ("Tacrolimus for Lupus - Uses, Side Effects, Reviews", ("Tacrolimus", "Lupus")),
        ("Ibuprofen for Fever in Children", ("Ibuprofen", "Fever in Children")),  # who: kept
        (
            "What is it like to take propranolol for performance anxiety?",
            ("propranolol", "performance anxiety"),
        ),
        ("My experience with sertraline for OCD", ("sertraline", "OCD")),
        ("Has anyone tried mirtazapine for insomnia?", ("mirtazapine", "insomnia")),
        ("Lecture 14: Levetiracetam for Epilepsy", ("Levetiracetam", "Epilepsy")),
        ("Chapter IV – Tacrolimus for Lupus", ("Tacrolimus", "Lupus")),
        (
            "Patient education: Sertraline for panic disorder (Beyond the Basics)",
            ("Sertraline", "panic disorder"),
        ),
        ("Ozempic® for Type 2 Diabetes", ("Ozempic", "Type 2 Diabetes")),
        (
            "Hydroxychloroquine for Systemic Lupus Erythematosus (SLE)",
            ("Hydroxychloroquine", "Systemic Lupus Erythematosus"),
        ),
        ("Hospital opens new cardiology wing", None),
        ("What is it like to live with lupus?", None),
        ("Ibuprofen: uses, dosage and warnings", None),
        ("Lisinopril and High Blood Pressure", None),  # order unknown without other evidence
    ],
)
def test_reliable_title_phrasings(title: str, pair: tuple[str, str] | None) -> None:
    assert split_title(title) == pair


def test_and_phrasing_is_split_when_asked_for_unreliable_ones() -> None:
    assert split_title("Lisinopril and High Blood Pressure", reliable_only=False) == (
        "Lisinopril",
        "High Blood Pressure",
    )


def test_a_usage_word_after_the_drug_goes_only_when_the_page_names_the_drug_without_it() -> None:
    page = "<h2>What is tacrolimus?</h2><p>It calms the immune system.</p><h2>Side effects</h2>"
    named = parse_page(f"<h1>Tacrolimus therapy for lupus</h1>{page}<p>Tremor.</p>", URL)
    assert (named.drug.name, named.condition.name) == ("Tacrolimus", "lupus")
    light = "<h2>What is light therapy?</h2><p>Bright light each morning.</p><h2>Side effects</h2>"
    kept = parse_page(f"<h1>Light therapy for lupus</h1>{light}<p>Eye strain.</p>", URL)
    assert kept.drug.name == "Light therapy"


@pytest.mark.parametrize(
    ("title", "pair"),
    [
        (
            "Rheumatoid arthritis: treatment with sulfasalazine",
            ("sulfasalazine", "Rheumatoid arthritis"),
        ),
        ("Essential tremor: can propranolol help?", ("propranolol", "Essential tremor")),
        ("Can Propranolol Help Prevent Migraine?", ("Propranolol", "Migraine")),
    ],
)
def test_condition_first_phrasings(title: str, pair: tuple[str, str]) -> None:
    assert split_title(title) == pair


@pytest.mark.parametrize(
    ("lines", "form"),
    [
        (["Tacrolimus (oral and injection)"], "oral and injection"),
        (["TACROLIMUS  (capsules)"], "capsules"),  # any case, any space before the parenthesis
        (["Tacrolimus ointment (topical)", "Tacrolimus"], None),  # another name, no form
        (["Tacrolimus (a)", "Tacrolimus (tablets) daily"], None),  # too short; not the whole line
        (["Tacrolimus (tablets (XL))"], None),  # nested parentheses are no form
    ],
)
def test_the_form_is_read_from_a_name_and_form_label(lines: list[str], form: str | None) -> None:
    assert find_form("Tacrolimus", lines) == form
