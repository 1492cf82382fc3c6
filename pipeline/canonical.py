"""The normalization stage: a parsed page → its canonical record.

Pure, like the parser: (page, vocabulary) → (record, unknown terms). It

- normalizes every string (:mod:`pipeline.normalize`), keeping a heading's original where it
  changed (``heading_raw``) and removing sentences repeated as boilerplate across blocks;
- resolves the drug, the condition and each related article's drug and condition to canonical
  concepts (:mod:`pipeline.vocabulary`), with the page's and the link's URL slugs as evidence,
  keeping the name as seen in ``name_raw`` where it differs;
- extracts side-effect terms from the common and serious subsections
  (:mod:`pipeline.side_effects`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, TypeVar
from urllib.parse import urlsplit

from pipeline.normalize import (
    drop_repeated_sentences,
    normalize_heading,
    normalize_item,
    normalize_lines,
)
from pipeline.side_effects import extract_terms
from pipeline.vocabulary import Concept, Kind, Resolution, Vocabulary
from schemas import Condition, Drug, Page, RelatedArticle, Section, SideEffect, Subsection

#: Bumped when this stage's output changes for the same input; with the vocabulary's digest it
#: makes ``normalizer_version``, so that re-normalizing after a vocabulary edit rewrites pages.
NORMALIZER_VERSION = "1.0.0"

B = TypeVar("B", Section, Subsection)


class UnknownTerm(NamedTuple):
    """A name the vocabulary could not resolve, queued for review."""

    kind: Kind
    term: str
    occurrences: int = 1  # times the page names it (as its own drug or condition, or a link's)


class Canonical(NamedTuple):
    page: Page
    #: Names the vocabulary could not resolve (once each, in page order).
    unknown: list[UnknownTerm]
    #: Every drug and condition concept the page names, its related links' included.
    concepts: list[Concept]


class _Seen:
    """The concepts and unknown names met while resolving one page's names."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.unknown: dict[tuple[Kind, str], int] = {}
        self.concepts: dict[tuple[str, str], Concept] = {}

    def resolve(self, kind: Kind, name: str, evidence: Sequence[str]) -> Resolution:
        resolution = self.vocab.resolve(kind, name, evidence)
        if not resolution.known:
            term = (kind, resolution.name)
            self.unknown[term] = self.unknown.get(term, 0) + 1
        self.concepts.setdefault((kind, resolution.slug), resolution.as_concept(kind))
        return resolution


def canonicalize(page: Page, vocab: Vocabulary) -> Canonical:
    """The canonical record of a parsed page, and the names the vocabulary does not know."""
    seen = _Seen(vocab)
    evidence = _slug_evidence(page.url)
    drug = _drug(page.drug, seen.resolve("drug", page.drug.name, evidence))
    condition = _condition(page.condition, seen.resolve("condition", page.condition.name, evidence))
    sections = _sections(page.sections)
    related = [_related(link, seen) for link in page.related]
    ignore = _names(drug, condition)
    record = page.model_copy(
        update={
            "title": normalize_heading(page.title),
            "drug": drug,
            "condition": condition,
            "sections": sections,
            "related": related,
            "active_ingredients": _items(page.active_ingredients),
            "drug_classes": _items(page.drug_classes),
            "side_effects": _side_effects(sections, ignore),
            "normalizer_version": f"{NORMALIZER_VERSION}+vocab.{vocab.version}",
        }
    )
    unknown = [UnknownTerm(kind, term, n) for (kind, term), n in seen.unknown.items()]
    return Canonical(record, unknown, list(seen.concepts.values()))


# --- names ---------------------------------------------------------------------------------


def _slug_evidence(url: str) -> list[str]:
    """The URL path's segments: the words a site chose for the page's slug."""
    return [segment for segment in urlsplit(url).path.split("/") if segment]


def _raw(seen: str, resolution: Resolution) -> str | None:
    return seen if seen != resolution.name else None


def _drug(drug: Drug, resolution: Resolution) -> Drug:
    concept = resolution.concept
    return drug.model_copy(
        update={
            "name": resolution.name,
            "slug": resolution.slug,
            "name_raw": _raw(drug.name, resolution),
            "drugbank_id": resolution.drugbank_id,
            "brands": list(concept.brands) if concept else [],
            "match": resolution.match,
        }
    )


def _condition(condition: Condition, resolution: Resolution) -> Condition:
    concept = resolution.concept
    return condition.model_copy(
        update={
            "name": resolution.name,
            "slug": resolution.slug,
            "name_raw": _raw(condition.name, resolution),
            "icd10cm": concept.icd10cm if concept else None,
            "mesh_id": concept.mesh_id if concept else None,
            "match": resolution.match,
        }
    )


def _related(link: RelatedArticle, seen: _Seen) -> RelatedArticle:
    evidence = _slug_evidence(link.url)
    update: dict[str, object] = {"title": normalize_heading(link.title)}
    if link.drug is not None:
        drug = seen.resolve("drug", link.drug, evidence)
        update.update(drug=drug.name, drug_slug=drug.slug)
    if link.condition is not None:
        condition = seen.resolve("condition", link.condition, evidence)
        update.update(condition=condition.name, condition_slug=condition.slug)
    return link.model_copy(update=update)


def _names(drug: Drug, condition: Condition) -> list[str]:
    names = [drug.name, condition.name, *drug.brands]
    return [n for n in (*names, drug.name_raw, condition.name_raw) if n]


# --- text ----------------------------------------------------------------------------------


def _items(items: Sequence[str]) -> list[str]:
    return [item for item in map(normalize_item, items) if item]


def _sections(sections: Sequence[Section]) -> list[Section]:
    """Every heading, text and item normalized; boilerplate repeated across blocks removed."""
    blocks: list[Section | Subsection] = []
    for section in sections:
        blocks.append(section)
        blocks.extend(section.subsections)
    texts = drop_repeated_sentences([normalize_lines(block.text) for block in blocks])
    done = iter(texts)
    out = []
    for section in sections:
        text = next(done)  # the section's own text comes before its subsections'
        subsections = [_block(sub, next(done)) for sub in section.subsections]
        out.append(_block(section, text, subsections))
    return out


def _block(block: B, text: str, subsections: list[Subsection] | None = None) -> B:
    heading = normalize_heading(block.heading)
    update: dict[str, object] = {
        "heading": heading,
        "heading_raw": block.heading if heading != block.heading else None,
        "text": text,
        "items": _items(block.items),
    }
    if subsections is not None:
        update["subsections"] = subsections
    return block.model_copy(update=update)


# --- side effects --------------------------------------------------------------------------


def _side_effects(sections: Sequence[Section], ignore: Sequence[str]) -> list[SideEffect]:
    found: list[SideEffect] = []
    seen: set[tuple[str, str]] = set()
    for section in sections:
        if section.kind != "side_effects":
            continue
        for sub in section.subsections:
            if sub.kind not in ("common", "serious"):
                continue
            for term, raw in extract_terms(sub.text, sub.items, ignore=ignore):
                if (term, sub.kind) not in seen:
                    seen.add((term, sub.kind))
                    found.append(SideEffect(term=term, severity=sub.kind, raw=raw))
    return found


__all__ = ["NORMALIZER_VERSION", "Canonical", "UnknownTerm", "canonicalize"]
