"""Which drug, which condition: from the title's phrasing, cross-checked with other evidence.

Evidence, strongest first: a title phrasing that says which is which ("X for Y", "Can X help Y?",
"Treating Y with X"); JSON-LD Drug / MedicalCondition; headings that name the drug ("What is X?");
a "Name (form)" label; breadcrumbs; the URL's slug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pipeline.normalize import at_most_words, clean_line, slugify
from pipeline.parse import patterns

_TITLES = [(re.compile(p, re.IGNORECASE), reliable) for p, reliable in patterns.TITLE_PATTERNS]
_FORM_AFTER_NAME = re.compile(patterns.FORM_AFTER_NAME)
_DRUG_HEADINGS = [re.compile(p, re.IGNORECASE) for p in patterns.DRUG_HEADINGS]
_HEADING_NUMBER = re.compile(r"^[\W_]*(?:(?:\d{1,2}|[ivx]{1,4})[.):]?\s+)?(?=\w)", re.IGNORECASE)
_PARENTHESIS = re.compile(r"^(?P<name>.+?)\s*\((?P<form>[^()]{2,60})\)$")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_MAX_NAME_WORDS = 8


_CONDITION_WORDS = re.compile(r"\b(conditions?|diseases?|illness(es)?|disorders?)\b", re.I)
_DRUG_WORDS = re.compile(r"\b(medicines?|medications?|drugs?|treatments?)\b", re.I)


def bare_titles_name(related_heading: str) -> str | None:
    """What the bare titles under a related heading name: "Related conditions" → condition."""
    if _CONDITION_WORDS.search(related_heading):
        return "condition"
    return "drug" if _DRUG_WORDS.search(related_heading) else None


@dataclass(slots=True, frozen=True)
class Names:
    drug: str
    condition: str
    form: str | None = None


def _key(name: str) -> str:
    return slugify(name)


def split_title(title: str, reliable_only: bool = True) -> tuple[str, str] | None:
    """'Tacrolimus for Acne' → ('Tacrolimus', 'Acne'); None when the phrasing says nothing.

    A subtitle ("…: What to Know", "… – Uses and Risks") is tried without, too.
    """
    title = patterns.TITLE_TAG.sub("", title) or title
    title = patterns.TITLE_UNIT.sub("", title, count=1) or title  # "Lecture 14: X for Y"
    pair = _split(title, reliable_only)
    if pair is None:
        short = patterns.SUBTITLE.sub("", title)
        if short and short != title:
            pair = _split(short, reliable_only)
    if pair is None and (prefixed := _PREFIX.match(title)):
        pair = _split(prefixed["rest"], reliable_only)  # Confluence's "Space : Page title"
    if pair is None and (labelled := _LABEL.match(title)):
        pair = _split(labelled["rest"], reliable_only=True)
    return pair


#: A space or section name before the title proper, set apart by a spaced colon.
_PREFIX = re.compile(r"^[^:]{1,60}\s:\s+(?P<rest>.+)$")
#: A short label before the title proper ("Patient education: Sertraline for panic disorder"):
#: only a reliable title after it ("Ibuprofen: uses, dosage and warnings" is no pair).
_LABEL = re.compile(r"^[^:\s]+(?: [^:\s]+){0,2}:\s+(?P<rest>.+)$")


def any_pair(title: str) -> tuple[str, str] | None:
    """The two names a title joins, however unreliably ("X and Y", "Y — X"), in its order."""
    pair = split_title(title, reliable_only=False)
    if pair is None and (dashed := patterns.DASH_PAIR.match(title)):
        pair = clean_line(dashed["first"]), clean_line(dashed["second"])
    return pair


def _split(title: str, reliable_only: bool) -> tuple[str, str] | None:
    for pattern, reliable in _TITLES:
        if reliable_only and not reliable:
            continue
        match = pattern.match(title)
        if match:
            drug = _unmarked(match["drug"])
            drug = patterns.DRUG_DOSE.sub("", _LEADING_ARTICLE.sub("", _lead_off(drug)))
            condition = _unmarked(_TRAILING_ASIDE.sub("", match["condition"]))
            condition = _LEADING_ARTICLE.sub("", _unqualified(condition))
            if (
                _plausible(drug)
                and _plausible(condition)
                and _key(drug) != _key(condition)
                and not _QUESTION_START.match(drug)  # "Why doctors prescribe a pill for acne"
            ):
                return drug, condition
    return None


def _unmarked(name: str) -> str:
    """The name without trademark signs: "Ozempic®" is the drug Ozempic (a title keeps them)."""
    return clean_line(_TRADEMARKS.sub("", name))


_TRADEMARKS = re.compile(r"\s*[®™℠]")
#: A title's aside after the condition: "(Beyond the Basics)", "(SLE)", "(updated 2025)".
_TRAILING_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")


def _lead_off(drug: str) -> str:
    """The drug's name without a listicle's lead-in ("7 Things to Know About Propranolol")."""
    return patterns.TITLE_LEAD.sub("", drug, count=1) or drug


_QUESTION_START = re.compile(r"^(?:why|when|who|whom|which|where|what)\b", re.IGNORECASE)


def _unqualified(condition: str) -> str:
    """The condition without who has it or what is done to it ("the treatment of lupus in
    adults" → "lupus"); a name that is nothing but such words stays as it is."""
    bare = patterns.CONDITION_QUALIFIERS.sub("", condition).strip()
    return bare or condition


def _plausible(name: str) -> bool:
    return bool(name) and at_most_words(name, _MAX_NAME_WORDS) and any(c.isalpha() for c in name)


def drugs_named_by_headings(headings: list[str]) -> set[str]:
    """Slug keys of names that headings like 'What is X?' present as the subject."""
    named: set[str] = set()
    for text in headings:
        text = _HEADING_NUMBER.sub("", text)  # "1. What is dupilumab?", "💊 About X"
        for pattern in _DRUG_HEADINGS:
            match = pattern.match(text)
            if match:
                named.add(_key(_split_form(match["name"])[0]))
    return named


def without_form(name: str) -> str:
    """A drug's name without its "(form)" label: "Levothyroxine (oral)" → "Levothyroxine"."""
    return _split_form(name)[0]


def _split_form(name: str) -> tuple[str, str | None]:
    match = _PARENTHESIS.match(name)
    if match:
        return clean_line(match["name"]), clean_line(match["form"])
    return name, None


def find_form(drug: str, lines: list[str]) -> str | None:
    """The dosage form of a 'Drug (form)' label among short lines of the page."""
    name = drug.lower()
    for line in lines:
        if line[: len(drug)].lower() != name:
            continue
        match = _FORM_AFTER_NAME.fullmatch(line, len(drug))
        if match and not patterns.NOT_A_FORM.search(match["form"]):
            return clean_line(match["form"])
    return None


@dataclass(slots=True)
class Evidence:
    titles: list[str]  # the h1 first, then <title>, og:title …
    jsonld_drugs: list[str]
    jsonld_conditions: list[str]
    heading_drugs: set[str]
    breadcrumbs: list[str]
    url: str
    headings: list[str] = field(default_factory=list)


def _orient(drug: str, condition: str, ev: Evidence) -> tuple[str, str] | None:
    """Swap an unreliable pair when the evidence says the first name is the condition."""
    drug_keys = ev.heading_drugs | {_key(d) for d in ev.jsonld_drugs}
    cond_keys = {_key(c) for c in ev.jsonld_conditions}
    if _key(condition) in drug_keys and _key(drug) in drug_keys:
        return None  # two drugs: a comparison, not a drug for a condition
    if _key(condition) in drug_keys or _key(drug) in cond_keys:
        return condition, drug
    if _key(drug) in drug_keys or _key(condition) in cond_keys:
        return drug, condition
    # A "Name (form)" label names the drug: "Angina – Isosorbide Mononitrate (tablets)".
    formed, other = _PARENTHESIS.match(condition), _PARENTHESIS.match(drug)
    if formed is not None and other is None:
        return condition, drug
    if other is not None and formed is None:
        return drug, condition
    return None


def _from_titles(ev: Evidence) -> tuple[str, str] | None:
    for title in ev.titles:
        pair = split_title(title)
        if pair:
            oriented = _orient(*pair, ev)
            return oriented or pair
    for title in ev.titles:
        pair = split_title(title, reliable_only=False)
        if pair and (oriented := _orient(*pair, ev)):
            return oriented
    for title in ev.titles:
        dashed = patterns.DASH_PAIR.match(title)
        if dashed and (oriented := _orient(dashed["first"], dashed["second"], ev)):
            return oriented
    # "Adalimumab and Psoriasis" with no evidence either way: the drug usually comes first.
    pair = split_title(ev.titles[0], reliable_only=False) if ev.titles else None
    if pair and not _contradicted(*pair, ev):
        return pair
    return None


def _contradicted(drug: str, condition: str, ev: Evidence) -> bool:
    drug_keys = ev.heading_drugs | {_key(d) for d in ev.jsonld_drugs}
    cond_keys = {_key(c) for c in ev.jsonld_conditions}
    return _key(condition) in drug_keys or _key(drug) in cond_keys


def _in_titles(name: str, ev: Evidence) -> str:
    """The name as the title spells it (its case), if the title contains it."""
    for title in ev.titles:
        index = title.lower().find(name.lower())
        if index >= 0:
            return title[index : index + len(name)]
    return name


def _from_jsonld(ev: Evidence) -> tuple[str, str] | None:
    if ev.jsonld_drugs and ev.jsonld_conditions:
        return _in_titles(ev.jsonld_drugs[0], ev), _in_titles(ev.jsonld_conditions[0], ev)
    return None


def _from_labels(lines: list[str]) -> tuple[str, str] | None:
    """A leaflet's details table naming both: "Medicine | Azathioprine (tablets)" and
    "Condition | Autoimmune hepatitis"."""
    found: dict[str, str] = {}
    for line in lines:
        match = _NAME_LABEL.match(line)
        if match:
            key = "drug" if match["drug"] else "condition"
            found.setdefault(key, clean_line(match["value"]))
    if "drug" in found and "condition" in found:
        return found["drug"], found["condition"]
    return None


_NAME_LABEL = re.compile(
    r"^(?:(?P<drug>medicine|medication|drug|drug name|product)|condition|indication|used for)"
    r"\s*[:|]\s*(?P<value>[^:|]{2,80})$",
    re.IGNORECASE,
)


def _from_breadcrumbs(ev: Evidence) -> tuple[str, str] | None:
    crumbs = ev.breadcrumbs[-2:]
    if len(crumbs) != 2 or patterns.CATEGORY_CRUMB.search(crumbs[0]):
        return None  # (a shelf of the site, "Supplements", names neither drug nor condition)
    oriented = _orient(crumbs[0], crumbs[1], ev)
    if (
        oriented is None
        and ev.titles
        and _key(crumbs[1]) == _key(ev.titles[0])
        and not patterns.DRUG_DOSE.search(crumbs[1])
        and _named_elsewhere(crumbs[1], ev)
    ):
        # Home › Cardiology › Pericarditis › Colchicine on a page titled "Colchicine": the page
        # is the drug, filed under its condition. (A shop's "Omeprazole 20 mg capsules – 28
        # pack" under "Heartburn" is a product, not a drug's page.)
        return crumbs[1], crumbs[0]
    return oriented


def _named_elsewhere(title: str, ev: Evidence) -> bool:
    """A page title that names a drug, by the evidence: its headings or JSON-LD name it, or
    the URL does ("Ask Our Pharmacist" over a column's crumbs names no drug)."""
    drug = _key(_split_form(title)[0])
    named = ev.heading_drugs | {_key(d) for d in ev.jsonld_drugs}
    return drug in named or drug in urlsplit(ev.url).path.lower()


def _from_url(ev: Evidence) -> tuple[str, str] | None:
    """A slug 'tacrolimus-lupus' (or 'tacrolimus-for-lupus.html') minus a drug the headings
    name leaves the condition's slug; both are spelled as the page's titles or headings
    spell them."""
    slug = urlsplit(ev.url).path.rstrip("/").rsplit("/", 1)[-1].lower()
    slug = _ID_SUFFIX.sub("", _EXTENSION.sub("", slug))
    for drug_key in sorted(ev.heading_drugs | {_key(d) for d in ev.jsonld_drugs}, key=len):
        if slug.startswith(drug_key + "-"):
            rest = _CONNECTOR.sub("", slug[len(drug_key) + 1 :])
            if patterns.DRUG_DOSE.search(" " + rest.replace("-", " ")):
                return None  # "tacrolimus-1mg-28": a product's strength and pack, no condition
            drug = next((d for d in ev.jsonld_drugs if _key(d) == drug_key), None)
            name = drug or _as_spelled(drug_key.replace("-", " "), ev)
            return _in_titles(name, ev), _as_spelled(rest.replace("-", " "), ev)
    return None


_EXTENSION = re.compile(r"\.(?:html?|php|aspx?|jsp)$")
#: A CMS's page number after the slug ("…-atrial-fibrillation_98410"): no part of a name.
_ID_SUFFIX = re.compile(r"_\d+$")
_CONNECTOR = re.compile(r"^(?:for|and|in|with|to|treating|treatment-of)-")


def _as_spelled(phrase: str, ev: Evidence) -> str:
    """A slug's words as the page's titles or headings spell them ("hay fever" in "Benefits
    for hay fever"), or as the URL writes them when none does."""
    for text in [*ev.titles, *ev.headings]:
        match = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE)
        if match:
            return match.group()
    return phrase


def _without_qualifiers(drug: str, ev: Evidence) -> str:
    """ "Tacrolimus therapy" → "Tacrolimus" when the page's headings or JSON-LD name the drug
    "Tacrolimus" (a "Light therapy" page names no shorter drug, and keeps its name)."""
    named = ev.heading_drugs | {_key(d) for d in ev.jsonld_drugs}
    words = drug.split()
    cut = len(words)
    while cut > 1 and words[cut - 1].lower() in patterns.DRUG_QUALIFIERS:
        cut -= 1
    if cut < len(words) and _key(" ".join(words[:cut])) in named:
        return " ".join(words[:cut])
    return drug


def identify(ev: Evidence, label_lines: list[str]) -> Names | None:
    """Name the page's drug and condition, or None when the page does not say."""
    if ev.titles and patterns.COMPARISON.search(ev.titles[0]):
        return None  # "Ibuprofen vs Naproxen": two drugs compared, no one drug for a condition
    pair = (
        _from_titles(ev)
        or _from_jsonld(ev)
        or _from_labels(label_lines)
        or _from_breadcrumbs(ev)
        or _from_url(ev)
    )
    if pair is None:
        return None
    drug, form = _split_form(_unmarked(_without_qualifiers(pair[0], ev)))
    form = form or find_form(drug, label_lines)
    return Names(drug=drug, condition=_unmarked(pair[1]), form=form)
