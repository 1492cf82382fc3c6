"""The page record: one drug-for-condition page split into its sections.

These models are the single schema source: the JSON Schema under ``schemas/`` and (later) the
database tables derive from them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

SectionKind = Literal["what_is", "how_it_works", "benefits", "side_effects", "reviews", "other"]
SubsectionKind = Literal[
    "common", "serious", "managing", "overview", "need_to_know", "what_to_expect", "other"
]

#: Which subsection kinds belong under which section kind; any other pairing is ``other``.
SUBSECTION_KINDS: dict[str, tuple[str, ...]] = {
    "side_effects": ("common", "serious", "managing"),
    "reviews": ("overview", "need_to_know", "what_to_expect"),
}

_ABSOLUTE_URL = re.compile(r"^(https?|file)://\S+$", re.IGNORECASE)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ICD10CM = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
_DRUGBANK = re.compile(r"^DB[0-9]{5}$")
_MESH = re.compile(r"^D[0-9]{6}([0-9]{3})?$")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")

#: How a name was resolved to its concept: ``exact`` (a vocabulary surface form), ``evidence``
#: (repaired by the page's own URL slug), ``fuzzy`` (a conservative near match to a vocabulary
#: key), ``drug_ner`` (the drug-named-entity-recognition dictionary), ``unknown`` (kept as seen).
MatchKind = Literal["exact", "evidence", "fuzzy", "drug_ner", "unknown"]


def _absolute_url(value: str) -> str:
    if not _ABSOLUTE_URL.match(value):
        raise ValueError(f"not an absolute http(s) or file URL: {value!r}")
    return value


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"not a slug (lower-case ASCII words joined by '-'): {value!r}")
    return value


def _sha256(value: str) -> str:
    if not _SHA256.match(value):
        raise ValueError("not a lower-case hex sha256 digest")
    return value


def _pattern(regex: re.Pattern[str], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(f"not {what}: {value!r}")
        return value

    return AfterValidator(check)


AbsoluteUrl = Annotated[str, AfterValidator(_absolute_url)]
Icd10cm = Annotated[str, _pattern(_ICD10CM, "an ICD-10-CM code such as 'M32' or 'U07.1'")]
DrugBankId = Annotated[str, _pattern(_DRUGBANK, "a DrugBank ID such as 'DB00864'")]
MeshId = Annotated[str, _pattern(_MESH, "a MeSH descriptor UI such as 'D008180'")]
Code = Annotated[str, _pattern(_CODE, "a snake_case code")]
Slug = Annotated[str, AfterValidator(_slug)]
Sha256 = Annotated[str, AfterValidator(_sha256)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Base for every record model: unknown fields are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Drug(Record):
    """The drug a page is about. The parser fills name, form and slug as the page shows them;
    normalization replaces name and slug with the canonical concept's and adds the rest."""

    name: NonEmpty = Field(
        description="Drug name: canonical once normalized (e.g. 'Tacrolimus' for 'Prograf')."
    )
    form: str | None = Field(
        default=None,
        description="Dosage form from a 'Name (form)' label, e.g. 'oral and injection'.",
    )
    slug: Slug = Field(
        description="Slug: of name and form as parsed ('tacrolimus-oral-and-injection'); "
        "of the canonical name once normalized ('tacrolimus')."
    )
    name_raw: str | None = Field(
        default=None, description="The name as the page wrote it, where it differs from name."
    )
    drugbank_id: DrugBankId | None = Field(default=None, description="DrugBank ID, e.g. 'DB00864'.")
    brands: list[str] = Field(default_factory=list, description="Brand names of the drug.")
    match: MatchKind | None = Field(
        default=None, description="How the name was resolved to its concept (see MatchKind)."
    )


class Condition(Record):
    """The condition a page is about, as parsed; canonical and coded once normalized."""

    name: NonEmpty = Field(
        description="Condition name: canonical once normalized (e.g. 'Hypertension')."
    )
    slug: Slug = Field(description="Stable slug of the name, e.g. 'lupus'.")
    name_raw: str | None = Field(
        default=None, description="The name as the page wrote it, where it differs from name."
    )
    icd10cm: Icd10cm | None = Field(
        default=None, description="ICD-10-CM code where one is right for the concept, e.g. 'M32'."
    )
    mesh_id: MeshId | None = Field(default=None, description="MeSH descriptor UI, e.g. 'D008180'.")
    match: MatchKind | None = Field(
        default=None, description="How the name was resolved to its concept (see MatchKind)."
    )


class Block(Record):
    """Text shared by sections and subsections."""

    heading: str = Field(
        description="The heading as shown (whitespace collapsed); empty for untitled intro text."
    )
    text: str = Field(
        description=(
            "Full plain text in reading order: blocks separated by a blank line, "
            "each list item on its own line."
        )
    )
    items: list[str] = Field(default_factory=list, description="The block's list items, in order.")
    heading_raw: str | None = Field(
        default=None,
        description="The heading as the page wrote it, where normalization changed it.",
    )


class Subsection(Block):
    """A subsection of a page's section ("Common side effects" under "Side effects")."""

    kind: SubsectionKind = Field(
        description="common/serious/managing under side_effects; overview/need_to_know/"
        "what_to_expect under reviews; anything else 'other'."
    )


class Section(Block):
    """A section of a page: what the drug is, how it works, benefits, side effects, reviews."""

    kind: SectionKind = Field(
        description="What the section is about; unknown headings are 'other'."
    )
    subsections: list[Subsection] = Field(
        default_factory=list,
        description="Subsections in order; their text is not in the section's.",
    )

    @model_validator(mode="after")
    def _subsection_kinds_fit(self) -> Section:
        allowed = SUBSECTION_KINDS.get(self.kind, ())
        for sub in self.subsections:
            if sub.kind != "other" and sub.kind not in allowed:
                raise ValueError(
                    f"subsection kind {sub.kind!r} does not belong under {self.kind!r}"
                )
        return self


class RelatedArticle(Record):
    """A link from a page to a related drug-for-condition page, as the page shows it."""

    title: NonEmpty = Field(description="Link text as shown, e.g. 'Tacrolimus for Acne'.")
    url: AbsoluteUrl = Field(description="Absolute URL of the linked page.")
    drug: str | None = Field(default=None, description="Drug read from the title, if it has one.")
    condition: str | None = Field(
        default=None, description="Condition read from the title, if it has one."
    )
    drug_slug: Slug | None = Field(
        default=None, description="Slug of the drug's concept (set by normalization)."
    )
    condition_slug: Slug | None = Field(
        default=None, description="Slug of the condition's concept (set by normalization)."
    )


Severity = Literal["common", "serious"]


class SideEffect(Record):
    """One side-effect term a page lists, from its common or serious side-effects subsection."""

    term: NonEmpty = Field(description="Normalized term: lower case, singular, e.g. 'headache'.")
    severity: Severity = Field(description="'common' or 'serious': the subsection it came from.")
    raw: NonEmpty = Field(description="The words as the page wrote them, e.g. 'headaches'.")


class Finding(Record):
    """A validation finding: a stable code and a message for people."""

    code: Code = Field(description="Stable rule code, e.g. 'missing_section'.")
    message: NonEmpty = Field(description="What is wrong, in words.")


class Page(Record):
    """One drug-for-condition page, parsed and validated."""

    url: AbsoluteUrl = Field(description="Absolute URL the page was fetched from.")
    title: NonEmpty = Field(description="The page's main title, e.g. 'Tacrolimus for Lupus'.")
    lang: str | None = Field(
        default=None, description="BCP 47 language tag where the page declares one."
    )
    content_hash: Sha256 = Field(
        description="sha256 of the normalized content; unchanged when only markup or chrome change."
    )
    parser_version: NonEmpty = Field(description="Version of the parser that made this record.")
    drug: Drug = Field(description="The drug the page is about.")
    condition: Condition = Field(description="The condition the page is about.")
    sections: list[Section] = Field(
        min_length=1, description="The page's sections in reading order."
    )
    related: list[RelatedArticle] = Field(
        default_factory=list, description="Related-article links in page order."
    )
    active_ingredients: list[str] = Field(
        default_factory=list, description="Active ingredients where the page lists them."
    )
    drug_classes: list[str] = Field(
        default_factory=list, description="Drug classes where the page lists them."
    )
    side_effects: list[SideEffect] = Field(
        default_factory=list,
        description="Side-effect terms from the common and serious subsections (normalization).",
    )
    warnings: list[Finding] = Field(
        default_factory=list, description="Validation warnings: kept, but worth a look."
    )
    normalizer_version: str | None = Field(
        default=None,
        description="Version of the normalization code and vocabulary that made this record.",
    )


#: The fields the normalization stage fills (the parser leaves their defaults), as a
#: ``model_dump(exclude=...)`` spec: the parser's own record is the dump without them.
NORMALIZED_FIELDS: dict[str, Any] = {
    "drug": {"name_raw", "drugbank_id", "brands", "match"},
    "condition": {"name_raw", "icd10cm", "mesh_id", "match"},
    "sections": {"__all__": {"heading_raw": True, "subsections": {"__all__": {"heading_raw"}}}},
    "related": {"__all__": {"drug_slug", "condition_slug"}},
    "side_effects": True,
    "warnings": True,
    "normalizer_version": True,
}
