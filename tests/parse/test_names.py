"""Title phrasings → (drug, condition)."""

from __future__ import annotations

import pytest

from pipeline.parse.names import split_title


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
        ("Hospital opens new cardiology wing", None),
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
