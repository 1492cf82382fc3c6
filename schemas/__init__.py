"""pydantic models: the single source of the record schema."""

from schemas.page import (
    SUBSECTION_KINDS,
    Condition,
    Drug,
    Page,
    RelatedArticle,
    Section,
    SectionKind,
    Subsection,
    SubsectionKind,
)

__all__ = [
    "SUBSECTION_KINDS",
    "Condition",
    "Drug",
    "Page",
    "RelatedArticle",
    "Section",
    "SectionKind",
    "Subsection",
    "SubsectionKind",
]
