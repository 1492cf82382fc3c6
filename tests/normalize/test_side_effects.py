"""Side-effect terms from "common"/"serious" subsections: extraction, normalization, vocabulary."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.demo.data.conditions import CONDITIONS
from pipeline.demo.data.drugs import DRUGS
from pipeline.demo.data.sentences import PARAGRAPHS
from pipeline.demo.writing import fields
from pipeline.side_effects import (
    MAX_WORDS,
    VOCAB_PATH,
    canonical_term,
    extract_terms,
    load_vocabulary,
    lookup_key,
    vocabulary,
)

FIXTURES = Path(__file__).resolve().parent.parent / "parse" / "fixtures"
REFERENCE_COMMON = (
    "The most common side effects of tacrolimus for lupus include headaches, diarrhea, and "
    "stomach cramps. These side effects are usually mild and temporary, but they can be "
    "uncomfortable and impact daily life. In some cases, tacrolimus can also cause more serious "
    "side effects, such as kidney damage or increased risk of infections."
)
REFERENCE_SERIOUS = (
    "Serious side effects of tacrolimus for lupus are rare but can be life-threatening. These "
    "may include increased risk of infections, such as pneumonia or tuberculosis, as well as "
    "kidney or liver damage. In rare cases, tacrolimus can also cause blood disorders, such as "
    "anemia or low white blood cell count."
)
PAGE_NAMES = ("Tacrolimus (oral and injection)", "Lupus")


def terms(text: str, items: list[str] | None = None, ignore: tuple[str, ...] = ()) -> list[str]:
    return [term for term, _ in extract_terms(text, items or [], ignore=ignore)]


# --------------------------------------------------------------------------------------------
# The reference page
# --------------------------------------------------------------------------------------------


def test_reference_common_paragraph() -> None:
    # The "more serious side effects, such as …" of the common paragraph are not common ones.
    found = extract_terms(REFERENCE_COMMON, ignore=PAGE_NAMES)
    assert found == [
        ("headache", "headaches"),
        ("diarrhea", "diarrhea"),
        ("stomach cramps", "stomach cramps"),
    ]


def test_reference_serious_paragraph() -> None:
    assert terms(REFERENCE_SERIOUS, ignore=PAGE_NAMES) == [
        "infection",
        "pneumonia",
        "tuberculosis",
        "kidney damage",
        "liver damage",
        "blood disorder",
        "anemia",
        "low white blood cell count",
    ]


def test_reference_elided_coordination_keeps_the_whole_span() -> None:
    raw = dict(extract_terms(REFERENCE_SERIOUS, ignore=PAGE_NAMES))
    assert raw["kidney damage"] == "kidney or liver damage"
    assert raw["liver damage"] == "liver damage"
    assert raw["infection"] == "infections"  # "increased risk of" is cut before splitting


def test_reference_file_if_present(shared: Path) -> None:
    lines = (shared / "reference" / "tacrolimus-for-lupus.txt").read_text().splitlines()
    common = lines[lines.index("Common Side Effects") + 1]
    serious = lines[lines.index("Serious Side Effects") + 1]
    assert terms(common, ignore=PAGE_NAMES) == ["headache", "diarrhea", "stomach cramps"]
    assert terms(serious, ignore=PAGE_NAMES)[:3] == ["infection", "pneumonia", "tuberculosis"]


# --------------------------------------------------------------------------------------------
# List items
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Headache", ["headache"]),
        ("Hair loss (alopecia) – usually temporary", ["hair loss"]),
        ("Feeling sick (nausea)", ["nausea"]),
        ("Nausea and vomiting", ["nausea", "vomiting"]),
        ("Nausea, especially in the first few days", ["nausea"]),
        ("Mild stomach upset or diarrhoea", ["upset stomach", "diarrhea"]),
        ("Dizziness when standing up quickly", ["dizziness"]),
        ("Sweating more than usual", ["sweating"]),
        ("Nosebleeds that take longer to stop", ["nosebleed"]),
        ("Tiredness the day after the dose", ["tiredness"]),
        ("Drowsiness the next morning", ["drowsiness"]),
        ("Blurred vision that comes and goes", ["blurred vision"]),
        (
            "Low mood that does not lift, or thoughts of self-harm.",
            ["low mood", "thoughts of self-harm"],
        ),
        (
            "Swollen ankles or sudden weight gain, which can be signs of heart failure.",
            ["ankle swelling", "weight gain", "heart failure"],
        ),
        (
            "yellow skin or the whites of your eyes turning yellow – this can be a sign of "
            "liver problems",
            ["jaundice", "liver problem"],
        ),
        (
            "Signs of an allergic reaction, such as a rash, swelling of the face or difficulty "
            "breathing",
            ["allergic reaction", "rash", "swelling of the face", "difficulty breathing"],
        ),
        (
            "Have a sudden severe headache, confusion or weakness",
            ["headache", "confusion", "weakness"],
        ),
        (
            "You develop a widespread rash, fever and swollen glands",
            ["widespread rash", "fever", "swollen glands"],
        ),
        (
            "Severe stomach pain that spreads to your back, which may be pancreatitis",
            ["stomach pain", "pancreatitis"],
        ),
        (
            "Myopathy and, rarely, rhabdomyolysis, particularly at high doses",
            ["myopathy", "rhabdomyolysis"],
        ),
        ("Raised liver enzymes on blood tests", ["elevated liver enzymes"]),
        ("Passing much less urine than usual", ["reduced urine output"]),
        ("Needing to pass urine more often", ["frequent urination"]),
        ("Higher blood sugar readings if you have diabetes", ["high blood sugar"]),
        ("Painful skin changes called skin necrosis", ["skin necrosis"]),
        (
            "Wheezing or breathlessness, particularly if you have asthma",
            ["wheezing", "shortness of breath"],
        ),
    ],
)
def test_list_items(item: str, expected: list[str]) -> None:
    assert terms("", [item]) == expected


def test_items_found_in_the_text_are_read_once_and_in_text_order() -> None:
    text = "These affect more than 1 in 10 people:\n\nHeadaches\nFeeling sick\nDiarrhoea"
    items = ["Headaches", "Feeling sick", "Diarrhoea", "Dry mouth"]  # the last is not in the text
    assert terms(text, items) == ["headache", "nausea", "diarrhea", "dry mouth"]


def test_list_lines_without_items() -> None:
    text = (
        "Call a doctor straight away if you have:\n"
        "thoughts of harming yourself or ending your life\n"
        "unusual bruising"
    )
    assert terms(text) == ["thoughts of self-harm", "suicidal thoughts", "bruising"]


def test_table_rows_give_their_first_cell() -> None:
    text = (
        "Side effect | How often\nNausea or loss of appetite | Very common\nMouth ulcers | Common"
    )
    assert terms(text) == ["nausea", "loss of appetite", "mouth ulcer"]


# --------------------------------------------------------------------------------------------
# Enumerations in prose
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Common side effects include headache, nausea, and dizziness.",
            ["headache", "nausea", "dizziness"],
        ),
        ("In rare cases, it can cause pancreatitis or hepatitis.", ["pancreatitis", "hepatitis"]),
        (
            "Some people get infections such as shingles or herpes.",
            ["infection", "shingles", "herpes"],
        ),
        (
            "Common side effects: nausea, headache, and dizziness.",
            ["nausea", "headache", "dizziness"],
        ),
        (
            "Less often, it may lead to gout flares or kidney stones.",
            ["gout flare", "kidney stone"],
        ),
        (
            "Many people notice dry mouth and constipation in the first weeks.",
            ["dry mouth", "constipation"],
        ),
        (
            "Tiredness, headache and dizziness are also common.",
            ["tiredness", "headache", "dizziness"],
        ),
        (
            "Depression, mood changes and, rarely, suicidal thoughts have been reported.",
            ["depression", "mood change", "suicidal thoughts"],
        ),
        ("Temporary hair thinning can also happen in the first few months.", ["hair thinning"]),
        (
            "Get urgent help if you have muscle pain, trouble breathing or a very upset stomach.",
            ["muscle pain", "difficulty breathing", "upset stomach"],
        ),
        ("About 3 in 10 people feel sick, especially in the first week.", ["nausea"]),
        (
            "Other rare reactions include pancreatitis, raised pressure inside the skull and "
            "inflammation of the liver.",
            ["pancreatitis", "raised pressure inside the skull", "hepatitis"],
        ),
        (
            "Side effects were mild and included headache (12%), nausea (8%) and fatigue (5%).",
            ["headache", "nausea", "tiredness"],
        ),
        (
            "Common side effects reported with X are altered sense of taste, diarrhea, and "
            "muscle aches.",
            ["taste change", "diarrhea", "muscle pain"],
        ),
        (
            "It may cause dizziness, rashes, measles-like rashes and headaches.",
            ["dizziness", "rash", "measles-like rash", "headache"],
        ),
    ],
)
def test_prose_enumerations(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It can cause kidney or liver damage.", ["kidney damage", "liver damage"]),
        ("It can cause a fast or irregular heartbeat.", ["fast heartbeat", "irregular heartbeat"]),
        ("It can cause dry skin, eyes and nose.", ["dry skin", "dry eyes", "dry nose"]),
        (
            "It can cause swelling of the face, lips or tongue.",
            ["swelling of the face", "swelling of the lips", "swelling of the tongue"],
        ),
        ("It can cause muscle and joint aches.", ["muscle pain", "joint pain"]),
        ("It can cause mood and behavior changes.", ["mood change", "behavior change"]),
        ("It can cause red or very dark urine.", ["red urine", "dark urine"]),
        ("It can cause strange or vivid dreams.", ["strange dream", "vivid dream"]),
        ("It can cause cold hands and feet.", ["cold hands", "cold feet"]),
        (
            "Side effects include feeling shaky, anxious or irritable.",
            ["tremor", "anxiety", "irritability"],
        ),
        (
            "Side effects include difficulty peeing or emptying your bladder.",
            ["difficulty urinating", "difficulty emptying the bladder"],
        ),
        (
            "It can cause bruising or bleeding, including blood in your vomit or poo.",
            ["bruising", "bleeding", "vomiting blood", "blood in the stool"],
        ),
        (
            "It can cause black, tarry stools, or vomit that looks like coffee grounds.",
            ["black stools", "tarry stools", "vomiting"],
        ),
        (
            "It can cause easy bruising, bleeding or very pale skin.",
            ["bruising", "bleeding", "pale skin"],
        ),
    ],
)
def test_elided_coordination(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


# --------------------------------------------------------------------------------------------
# Advice and other sentences that name no side effect
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Talk to your doctor if you experience side effects.",
        "Tell your doctor if any of them bother you or do not go away.",
        "If you have kidney disease, tell your doctor before you start.",
        "If you have any questions, ask your pharmacist.",
        "Take it with food to reduce stomach upset.",
        "These side effects are usually mild and temporary, but they can be uncomfortable and "
        "impact daily life.",
        "Serious side effects are rare and happen in fewer than 1 in 1,000 people.",
        "It does not cause weight gain.",
        "Large studies have not found that it raises the risk of serious mental health problems.",
        "Never stop propranolol suddenly: the heart can react with a fast pulse or chest pain.",
        "Call your doctor or emergency services if you have severe or sudden symptoms.",
        "Seek medical help right away if you notice signs of them.",
        "Stop the tablets and contact your doctor straight away if you notice any of the "
        "following:",
        "It is more likely with severe kidney or liver disease, heavy drinking or dehydration.",
        "Sumatriptan is not suitable for people with heart disease or high blood pressure.",
    ],
)
def test_advice_and_descriptions_yield_nothing(text: str) -> None:
    assert terms(text) == []


def test_advice_items_yield_nothing() -> None:
    items = [
        "Take each dose with food.",
        "Avoid alcohol while you are taking it.",
        "Never stop suddenly.",
    ]
    assert terms("\n".join(items), items) == []


def test_a_less_common_tier_inside_a_subsection_is_skipped() -> None:
    text = (
        "Common ones include nausea. It can also cause more serious side effects, such as seizures."
    )
    assert terms(text) == ["nausea"]


# --------------------------------------------------------------------------------------------
# The page's own names, duplicates, order
# --------------------------------------------------------------------------------------------


def test_ignored_names_are_never_terms() -> None:
    text = "Tacrolimus can cause lupus flares, tremor, tacrolimus or lupus."
    assert terms(text, ignore=PAGE_NAMES) == ["lupus flare", "tremor"]
    assert "lupus" in terms(text)  # without ``ignore`` the name is a term like any other


def test_an_ignored_name_as_the_object_of_a_term_drops_it() -> None:
    text = "Serious reactions to terbinafine cream are rare."
    assert terms(text, ignore=("Terbinafine", "Athlete's Foot")) == []


def test_duplicates_merge_to_the_first_mention() -> None:
    items = ["Headaches", "Feeling sick", "Headache", "Nausea", "Alopecia", "Hair loss"]
    assert extract_terms("", items) == [
        ("headache", "Headaches"),
        ("nausea", "Feeling sick"),
        ("hair loss", "Alopecia"),
    ]


def test_order_of_first_mention_across_paragraphs() -> None:
    text = "It can cause rash or fever.\n\nOther side effects include headache and rash."
    assert terms(text) == ["rash", "fever", "headache"]


# --------------------------------------------------------------------------------------------
# canonical_term
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Headaches", "headache"),
        ("rashes", "rash"),
        ("allergies", "allergy"),
        ("nosebleeds", "nosebleed"),
        ("Upper respiratory infections", "upper respiratory infection"),
        ("blood clots", "blood clot"),
        ("low blood cell counts", "low blood cell count"),
        # Not plurals.
        ("diarrhea", "diarrhea"),
        ("herpes", "herpes"),
        ("measles", "measles"),
        ("diabetes", "diabetes"),
        ("mumps", "mumps"),
        ("analysis", "analysis"),
        ("pancreatitis", "pancreatitis"),
        ("sepsis", "sepsis"),
        ("lupus", "lupus"),
        ("stress", "stress"),
        ("dizziness", "dizziness"),
        ("weakness", "weakness"),
        ("shortness of breath", "shortness of breath"),
        ("loss", "loss"),
        ("hives", "hives"),
        ("gas", "gas"),
        # Naturally plural: declared in the vocabulary, or body parts.
        ("stomach cramp", "stomach cramps"),
        ("Stomach Cramps", "stomach cramps"),
        ("chills", "chills"),
        ("night sweats", "night sweats"),
        ("dry eye", "dry eyes"),
        ("cold hands", "cold hands"),
        ("bleeding gums", "bleeding gums"),
        ("swelling of the lips", "swelling of the lips"),
        # Qualifiers, articles, parentheses, spelling.
        ("a mild headache", "headache"),
        ("Severe allergic reactions", "allergic reaction"),
        ("increased risk of infections", "infection"),
        ("signs of infection", "infection"),
        ("unusual bruising", "bruising"),
        ("very low blood pressure", "low blood pressure"),
        ("headache (usually mild)", "headache"),
        ("Diarrhoea", "diarrhea"),
        ("oedema", "edema"),
        ("anaemia", "anemia"),
        ("behaviour changes", "behavior change"),
        ("low sodium levels", "low sodium"),
        ("swelling of your face", "swelling of the face"),
        # Synonyms merged through the vocabulary.
        ("Alopecia", "hair loss"),
        ("fatigue", "tiredness"),
        ("feeling sick", "nausea"),
        ("a high temperature", "fever"),
        ("inflammation of the pancreas", "pancreatitis"),
        ("tightness in the chest", "chest tightness"),
        ("racing heart", "fast heartbeat"),
        ("Swollen lymph nodes", "swollen glands"),
        ("", ""),
    ],
)
def test_canonical_term(raw: str, expected: str) -> None:
    assert canonical_term(raw) == expected


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("hair loss", "hair thinning"),
        ("low mood", "depression"),
        ("stomach pain", "stomach cramps"),
        ("fast heartbeat", "irregular heartbeat"),
        ("drowsiness", "tiredness"),
        ("shortness of breath", "difficulty breathing"),
    ],
)
def test_distinct_things_are_not_merged(one: str, other: str) -> None:
    assert canonical_term(one) != canonical_term(other)


WORDS = st.sampled_from(
    [
        *("a", "the", "your", "severe", "mild", "headaches", "diarrhoea", "herpes", "signs"),
        *("of", "risk", "increased", "in", "on", "with", "swelling", "face", "lips", ",", "("),
        *(")", "-", ".", "'s", "hives", "aches", "x", "s", "ss", "ies", "more", "less"),
        *("higher", "levels", "readings", "high", "low", "much", "very", "blood", "sugar"),
        *("alopecia", "stomach", "cramps", "whites", "eyes", "kidney", "or", "liver", "damage"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_canonical_term_is_idempotent(raw: str) -> None:
    once = canonical_term(raw)
    assert canonical_term(once) == once


@settings(max_examples=500, deadline=None)
@given(st.lists(WORDS, max_size=8).map(" ".join))
def test_canonical_term_is_idempotent_on_term_like_text(raw: str) -> None:
    once = canonical_term(raw)
    assert canonical_term(once) == once


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(WORDS, st.sampled_from(["include", "such as", "and", "or", ":", "\n"]))).map(
        " ".join
    )
)
def test_extract_terms_returns_unique_canonical_short_terms(text: str) -> None:
    found = extract_terms(text)
    canonical = [term for term, _ in found]
    assert len(canonical) == len(set(canonical))
    assert all(
        canonical_term(term) == term and 1 <= len(term.split()) <= MAX_WORDS for term in canonical
    )


# --------------------------------------------------------------------------------------------
# The vocabulary file
# --------------------------------------------------------------------------------------------


def vocab_rows() -> list[tuple[str, list[str]]]:
    lines = VOCAB_PATH.read_text(encoding="utf-8").splitlines()
    rows = []
    for line in lines[1:]:
        term, aliases = line.split("\t")
        rows.append((term, [a for a in aliases.split("|") if a]))
    return rows


def test_vocabulary_has_its_header() -> None:
    assert VOCAB_PATH.read_text(encoding="utf-8").splitlines()[0] == "term\taliases"


def test_vocabulary_terms_and_aliases_are_unique() -> None:
    rows = vocab_rows()
    spellings = [s.lower() for term, aliases in rows for s in (term, *aliases)]
    assert len(spellings) == len(set(spellings))
    keys = [lookup_key(s) for s in spellings]  # also after singular/plural, spaces and hyphens
    assert len(keys) == len(set(keys))


def test_no_alias_is_another_rows_term() -> None:
    rows = vocab_rows()
    terms_ = {term.lower() for term, _ in rows}
    for term, aliases in rows:
        assert not {a.lower() for a in aliases} & (terms_ - {term.lower()}), term


def test_vocabulary_terms_are_canonical() -> None:
    for term, aliases in vocab_rows():
        assert term == term.lower().strip()
        assert canonical_term(term) == term
        for alias in aliases:
            assert canonical_term(alias) == term, alias


def test_vocabulary_loads_once() -> None:
    assert vocabulary() is vocabulary()


def test_a_spelling_claimed_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "side_effects.tsv"
    path.write_text(
        "term\taliases\nnausea\tfeeling sick\nvomiting\tfeeling sick\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="already claimed"):
        load_vocabulary(path)


def test_a_missing_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "side_effects.tsv"
    path.write_text("nausea\tfeeling sick\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        load_vocabulary(path)


# --------------------------------------------------------------------------------------------
# The sample site and the parser fixtures
# --------------------------------------------------------------------------------------------


def listed_terms(effects: tuple[str, ...], ignore: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for effect in effects:
        found += [t for t in terms("", [effect], ignore) if t not in found]
    return found


@pytest.mark.parametrize("drug", DRUGS, ids=lambda d: f"{d.name}-{d.form}")
def test_sample_site_pages_yield_the_drugs_side_effects(drug: Any) -> None:
    condition = CONDITIONS[0]
    ignore = (drug.name, condition.name)
    values = fields(drug, condition)
    for kind, effects in (("common", drug.common), ("serious", drug.serious)):
        expected = listed_terms(effects, ignore)
        assert all(terms("", [effect], ignore) for effect in effects)  # each one names a term
        for template in PARAGRAPHS[kind]:
            assert terms(template.format_map(values), ignore=ignore) == expected, template


def test_sample_site_tacrolimus() -> None:
    drug = next(d for d in DRUGS if d.name == "Tacrolimus")
    values = fields(drug, next(c for c in CONDITIONS if c.name == "Lupus"))
    common = PARAGRAPHS["common"][0].format_map(values)
    serious = PARAGRAPHS["serious"][0].format_map(values)
    assert terms(common, ignore=PAGE_NAMES) == ["headache", "tremor", "diarrhea"]
    assert terms(serious, ignore=PAGE_NAMES) == ["kidney damage", "infection", "high blood sugar"]


def fixture_subsections() -> Iterator[tuple[str, dict[str, Any], tuple[str, ...]]]:
    for path in sorted(FIXTURES.glob("*/output.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(record, dict):
            continue
        names = tuple(
            record[k]["name"] for k in ("drug", "condition") if isinstance(record.get(k), dict)
        )
        for section in record.get("sections") or []:
            if section.get("kind") != "side_effects":
                continue
            for sub in section.get("subsections") or []:
                if sub.get("kind") in ("common", "serious"):
                    yield path.parent.name, sub, names


def test_fixture_subsections_give_short_noun_phrases() -> None:
    seen = 0
    for name, sub, names in fixture_subsections():
        found = terms(sub.get("text") or "", sub.get("items") or [], names)
        seen += bool(found)
        ignored = {canonical_term(n) for n in names}
        for term in found:
            assert 1 <= len(term.split()) <= MAX_WORDS, (name, term)
            assert term not in ignored, (name, term)
            assert not {"you", "your", "doctor", "if", "can", "may"} & set(term.split()), (
                name,
                term,
            )
    assert seen >= 20
