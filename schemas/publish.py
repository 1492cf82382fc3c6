"""The rows of the publishing views, as downstream sites read them from the JSON API.

``page_summary`` and ``drug_condition_matrix`` (migration 9) return these fields; the served
metadata describes their columns from these descriptions, and ``medscrape schema`` prints their
JSON Schema.
"""

from __future__ import annotations

from pydantic import Field

from schemas.page import AbsoluteUrl, Icd10cm, NonEmpty, Record, Slug

_SECTION_TEXT = "Text of the page's {} section (two of one kind: joined by a blank line); null "
_SECTION_TEXT += "if it has none. Subsection text is not included."


class PageSummary(Record):
    """One row per page with its five main sections as columns (view ``page_summary``)."""

    url: AbsoluteUrl = Field(description="Absolute URL the page was fetched from (the key).")
    title: NonEmpty = Field(description="The page's main title, e.g. 'Tacrolimus for Lupus'.")
    drug: NonEmpty = Field(description="The drug's canonical name.")
    drug_slug: Slug = Field(description="Slug of the drug's concept.")
    condition: NonEmpty = Field(description="The condition's canonical name.")
    condition_slug: Slug = Field(description="Slug of the condition's concept.")
    icd10cm: Icd10cm | None = Field(description="The condition's ICD-10-CM code, where known.")
    what_is: str | None = Field(description=_SECTION_TEXT.format("what_is"))
    how_it_works: str | None = Field(description=_SECTION_TEXT.format("how_it_works"))
    benefits: str | None = Field(description=_SECTION_TEXT.format("benefits"))
    side_effects: str | None = Field(description=_SECTION_TEXT.format("side_effects"))
    reviews: str | None = Field(description=_SECTION_TEXT.format("reviews"))
    other_sections: int | None = Field(description="How many sections of kind 'other' it has.")
    common_side_effects: str | None = Field(
        description="Common side-effect terms, comma-separated, in page order."
    )
    serious_side_effects: str | None = Field(
        description="Serious side-effect terms, comma-separated, in page order."
    )
    related_articles: int = Field(ge=0, description="How many related-article links it shows.")
    fetched_at: str = Field(description="When it was last fetched or answered 304 (ISO 8601).")
    updated_at: str = Field(description="When its stored record last changed (ISO 8601).")
    removed_at: str | None = Field(description="When it was marked removed; null if current.")


class DrugConditionCell(Record):
    """One drug x condition pair with a current page (view ``drug_condition_matrix``)."""

    drug: NonEmpty = Field(description="The drug's canonical name.")
    drug_slug: Slug = Field(description="Slug of the drug's concept.")
    condition: NonEmpty = Field(description="The condition's canonical name.")
    condition_slug: Slug = Field(description="Slug of the condition's concept.")
    icd10cm: Icd10cm | None = Field(description="The condition's ICD-10-CM code, where known.")
    pages: int = Field(ge=1, description="How many current pages the pair has.")
    page_url: AbsoluteUrl = Field(description="The pair's page (the first URL if several).")
    title: NonEmpty = Field(description="That page's title.")
    common_side_effects: int = Field(
        ge=0, description="Common side-effect terms on the pair's pages."
    )
    serious_side_effects: int = Field(
        ge=0, description="Serious side-effect terms on the pair's pages."
    )
