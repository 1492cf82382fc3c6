"""The change feed's entry: one page added, changed or removed since a run or a time.

``medscrape changes`` prints these (JSON Lines, CSV or one JSON array); downstream sites pull them
to follow the dataset without exporting it whole.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.page import AbsoluteUrl, NonEmpty, Record, SectionKind, Sha256, Slug

#: ``added``: new since the cut (or back after being removed); ``changed``: its content hash
#: differs from the one it had at the cut; ``removed``: gone (404/410 twice in a row).
ChangeKind = Literal["added", "changed", "removed"]


class PageChange(Record):
    """A page whose state differs from what it was at the cut, in its latest state."""

    url: AbsoluteUrl = Field(description="The page's URL (the key downstream).")
    change: ChangeKind = Field(description="added, changed or removed since the cut.")
    run_id: int = Field(ge=1, description="The run that saw the page's latest change.")
    seen_at: str = Field(description="When the store saw that change (ISO 8601, UTC).")
    drug: NonEmpty = Field(description="The drug's canonical name.")
    drug_slug: Slug = Field(description="The drug's slug.")
    condition: NonEmpty = Field(description="The condition's canonical name.")
    condition_slug: Slug = Field(description="The condition's slug.")
    content_hash: Sha256 = Field(description="The stored content hash (of the latest version).")
    sections_added: list[SectionKind] = Field(
        default_factory=list, description="For changed: section kinds the page did not have."
    )
    sections_removed: list[SectionKind] = Field(
        default_factory=list, description="For changed: section kinds the page no longer has."
    )
    sections_changed: list[SectionKind] = Field(
        default_factory=list, description="For changed: section kinds whose content differs."
    )
