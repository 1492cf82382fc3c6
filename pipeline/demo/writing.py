"""Text of the generated pages: a drug, a condition and a seeded choice of sentence templates."""

from __future__ import annotations

import random

from pipeline.demo.data.sentences import HEADINGS, ITEMS, PARAGRAPHS, ROUTES
from pipeline.demo.model import Article, Condition, Drug, Link, Section, Subsection

#: List items per review list.
ITEMS_PER_LIST = 3
#: Acronym initials read with a vowel sound: "an SSRI", "an NSAID", "an ACE inhibitor".
_VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")


def with_article(phrase: str) -> str:
    """'calcineurin inhibitor' → 'a calcineurin inhibitor'; 'SSRI' → 'an SSRI'."""
    word = phrase.split()[0]
    acronym = word.isupper() and len(word) > 1
    vowel = word[0] in _VOWEL_SOUND_LETTERS if acronym else word[0].lower() in "aeiou"
    return f"{'an' if vowel else 'a'} {phrase}"


def join_words(words: tuple[str, ...], last: str = "and") -> str:
    """('a', 'b', 'c') → 'a, b, and c'."""
    if len(words) <= 2:
        return f" {last} ".join(words)
    return f"{', '.join(words[:-1])}, {last} {words[-1]}"


def fields(drug: Drug, condition: Condition) -> dict[str, str]:
    """The values the sentence templates fill in."""
    return {
        "Drug": drug.name,
        "drug": drug.name.lower(),
        "Condition": condition.name,
        "condition": condition.in_text,
        "drug_class": drug.drug_class,
        "a_class": with_article(drug.drug_class),
        "mechanism": drug.mechanism,
        "route": ROUTES[drug.form],
        "description": condition.description,
        "symptoms": join_words(condition.symptoms),
        "symptom": condition.symptoms[0],
        "common": join_words(drug.common),
        "serious": join_words(drug.serious, "or"),
    }


def title(drug: Drug, condition: Condition) -> str:
    """A page's h1 and link text: 'Tacrolimus for Lupus'."""
    return f"{drug.name} for {condition.name}"


def write_article(
    drug: Drug, condition: Condition, related: tuple[Link, ...], rng: random.Random
) -> Article:
    """One page's content; ``rng`` picks the sentence templates."""
    values = fields(drug, condition)

    def heading(key: str) -> str:
        return HEADINGS[key].format_map(values)

    def paragraph(key: str) -> tuple[str, ...]:
        return (rng.choice(PARAGRAPHS[key]).format_map(values),)

    def items(key: str) -> tuple[str, ...]:
        pool = ITEMS[key]
        picked = sorted(rng.sample(range(len(pool)), ITEMS_PER_LIST))
        return tuple(pool[i].format_map(values) for i in picked)

    side_effects = Section(
        heading("side_effects"),
        paragraph("side_effects"),
        tuple(Subsection(heading(k), paragraph(k)) for k in ("common", "serious", "managing")),
    )
    reviews = Section(
        heading("reviews"),
        subsections=(
            Subsection(heading("overview"), paragraph("overview")),
            Subsection(heading("need_to_know"), items=items("need_to_know")),
            Subsection(heading("what_to_expect"), items=items("what_to_expect")),
        ),
    )
    return Article(
        title=title(drug, condition),
        drug_name=drug.name,
        drug_label=drug.label,
        drug_slug=drug.slug,
        condition_name=condition.name,
        sections=(
            *(Section(heading(k), paragraph(k)) for k in ("what_is", "how_it_works", "benefits")),
            side_effects,
            reviews,
        ),
        related=related,
    )
