"""Validation rules over a canonical record: each finding has a stable code and a message.

:func:`validate` returns the errors (the page goes to ``rejects`` with every reason) and the
warnings (kept on the page's ``warnings``). Which sections a site must have and which language
it writes in are per-site settings (:class:`Rules`); the thresholds are named constants.

| code | severity | when |
|---|---|---|
| ``missing_required_section`` | error | a section kind the site requires is absent |
| ``missing_section`` | warning | one of the five main kinds is absent (not required) |
| ``section_empty`` | warning | a section has no text, items or subsections |
| ``section_too_short`` | warning | a section's text is under :data:`MIN_SECTION_CHARS` |
| ``section_too_long`` | error | a section's text is over :data:`MAX_SECTION_CHARS` (a mis-split) |
| ``title_url_mismatch`` | error | the URL's slug names neither the drug nor the condition |
| ``drug_is_condition`` | error | drug and condition are the same concept |
| ``related_off_site`` | warning | related links that leave the page's site |
| ``lang_unexpected`` | error | the page declares a language other than the site's |
| ``drug_unknown`` / ``condition_unknown`` | warning | the vocabulary does not know the name |
| ``fuzzy_match`` | warning | a name was resolved by a near spelling |
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import get_args
from urllib.parse import urlsplit

from pipeline.normalize import slugify
from schemas import Finding, Page, SectionKind

#: The five kinds a drug-for-condition page is expected to have.
MAIN_KINDS: tuple[SectionKind, ...] = (
    "what_is",
    "how_it_works",
    "benefits",
    "side_effects",
    "reviews",
)
#: A section whose own text is shorter than this (and that has no items or subsections).
MIN_SECTION_CHARS = 40
#: A section longer than this has swallowed more than one topic, or the whole page.
MAX_SECTION_CHARS = 40_000
_SLUG_WORD = re.compile(r"[a-z]{3,}")


@dataclass(frozen=True, slots=True)
class Rules:
    """Per-site validation settings."""

    required_sections: frozenset[str] = field(default_factory=frozenset)
    expected_lang: str | None = None  # a primary language subtag, e.g. "en"


def rules_from(required: Iterable[str], lang: str | None) -> Rules:
    """Rules from settings or options; an unknown section kind is an error."""
    kinds = frozenset(k.strip() for k in required if k.strip())
    unknown = kinds - set(get_args(SectionKind))
    if unknown:
        raise ValueError(
            f"unknown section kind(s): {', '.join(sorted(unknown))} "
            f"(known: {', '.join(get_args(SectionKind))})"
        )
    return Rules(kinds, lang or None)


@dataclass(slots=True)
class Findings:
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    def error(self, code: str, message: str) -> None:
        self.errors.append(Finding(code=code, message=message))

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(Finding(code=code, message=message))


def validate(page: Page, rules: Rules = Rules()) -> Findings:
    """Every finding of every rule on a canonical record."""
    found = Findings()
    _sections(page, rules, found)
    _url_names(page, found)
    _distinct(page, found)
    _related_on_site(page, found)
    _lang(page, rules, found)
    _names(page, found)
    return found


def _sections(page: Page, rules: Rules, found: Findings) -> None:
    present = {section.kind for section in page.sections}
    for kind in sorted(rules.required_sections - present):
        found.error("missing_required_section", f"no {kind} section, which this site requires")
    for kind in MAIN_KINDS:
        if kind not in present and kind not in rules.required_sections:
            found.warn("missing_section", f"no {kind} section")
    for section in page.sections:
        name = repr(section.heading or "(intro)")
        size = len(section.text)
        if size > MAX_SECTION_CHARS:
            found.error(
                "section_too_long",
                f"section {name} has {size} characters (over {MAX_SECTION_CHARS})",
            )
        elif not section.text and not section.items and not section.subsections:
            found.warn("section_empty", f"section {name} has no text")
        elif size < MIN_SECTION_CHARS and not section.items and not section.subsections:
            found.warn("section_too_short", f"section {name} has only {size} characters")


def _named_in(slug: str, names: Iterable[str | None]) -> bool:
    padded = f"-{slug}-"
    return any(s and f"-{s}-" in padded for s in (slugify(n) for n in names if n))


def _url_names(page: Page, found: Findings) -> None:
    """A URL that spells out words must name the drug or the condition (any of their names)."""
    if urlsplit(page.url).scheme not in ("http", "https"):
        return
    path = urlsplit(page.url).path
    if len(_SLUG_WORD.findall(path.lower())) < 2:  # an id, a bare path: nothing to check
        return
    slug = slugify(path)  # digits and short words kept: "vitamin-c-covid-19"
    drug, condition = page.drug, page.condition
    if _named_in(slug, [drug.name, drug.name_raw, *drug.brands]):
        return
    if _named_in(slug, [condition.name, condition.name_raw]):
        return
    found.error(
        "title_url_mismatch",
        f"the URL names neither the drug {drug.name!r} nor the condition {condition.name!r}",
    )


def _distinct(page: Page, found: Findings) -> None:
    if page.drug.slug == page.condition.slug:
        found.error("drug_is_condition", f"drug and condition are both {page.drug.name!r}")


def _site(host: str | None) -> str:
    """The host without 'www.': links between www.x and x stay on-site."""
    host = (host or "").lower()
    return host.removeprefix("www.")


def _related_on_site(page: Page, found: Findings) -> None:
    site = _site(urlsplit(page.url).hostname)
    away = [link.url for link in page.related if _site(urlsplit(link.url).hostname) != site]
    if away:
        found.warn(
            "related_off_site",
            f"{len(away)} related links leave {site or 'the site'}, e.g. {away[0]}",
        )


def _lang(page: Page, rules: Rules, found: Findings) -> None:
    if rules.expected_lang is None or page.lang is None:
        return
    if _primary(page.lang) != _primary(rules.expected_lang):
        found.error(
            "lang_unexpected", f"the page is in {page.lang!r}, the site in {rules.expected_lang!r}"
        )


def _primary(tag: str) -> str:
    """A language tag's primary subtag: "en" of "en-US", "en_GB" or "EN"."""
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()


def _names(page: Page, found: Findings) -> None:
    for kind, concept in (("drug", page.drug), ("condition", page.condition)):
        if concept.match == "unknown":
            found.warn(
                f"{kind}_unknown", f"the vocabulary does not know the {kind} {concept.name!r}"
            )
        elif concept.match == "fuzzy":
            found.warn(
                "fuzzy_match",
                f"{kind} {concept.name_raw!r} read as {concept.name!r} (near spelling)",
            )


__all__ = ["MAIN_KINDS", "Findings", "Rules", "rules_from", "validate"]
