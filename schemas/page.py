"""The page record: one drug-for-condition page split into its sections.

These models are the single schema source: the JSON Schema under ``schemas/`` and (later) the
database tables derive from them.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

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


AbsoluteUrl = Annotated[str, AfterValidator(_absolute_url)]
Slug = Annotated[str, AfterValidator(_slug)]
Sha256 = Annotated[str, AfterValidator(_sha256)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Base for every record model: unknown fields are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Drug(Record):
    name: NonEmpty = Field(description="Drug name as the page names it, e.g. 'Tacrolimus'.")
    form: str | None = Field(
        default=None,
        description="Dosage form from a 'Name (form)' label, e.g. 'oral and injection'.",
    )
    slug: Slug = Field(
        description="Stable slug of name and form, e.g. 'tacrolimus-oral-and-injection'."
    )


class Condition(Record):
    name: NonEmpty = Field(description="Condition name as the page names it, e.g. 'Lupus'.")
    slug: Slug = Field(description="Stable slug of the name, e.g. 'lupus'.")


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


class Subsection(Block):
    kind: SubsectionKind = Field(
        description="common/serious/managing under side_effects; overview/need_to_know/"
        "what_to_expect under reviews; anything else 'other'."
    )


class Section(Block):
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
    title: NonEmpty = Field(description="Link text as shown, e.g. 'Tacrolimus for Acne'.")
    url: AbsoluteUrl = Field(description="Absolute URL of the linked page.")
    drug: str | None = Field(default=None, description="Drug read from the title, if it has one.")
    condition: str | None = Field(
        default=None, description="Condition read from the title, if it has one."
    )


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
    drug: Drug
    condition: Condition
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
