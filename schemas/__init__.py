"""pydantic models: the single source of the record schema."""

from schemas.changes import ChangeKind, PageChange
from schemas.page import (
    NORMALIZED_FIELDS,
    SUBSECTION_KINDS,
    Condition,
    Drug,
    Finding,
    MatchKind,
    Page,
    RelatedArticle,
    Section,
    SectionKind,
    Severity,
    SideEffect,
    Subsection,
    SubsectionKind,
)
from schemas.publish import DrugConditionCell, PageSummary

__all__ = [
    "NORMALIZED_FIELDS",
    "SUBSECTION_KINDS",
    "ChangeKind",
    "Condition",
    "Drug",
    "DrugConditionCell",
    "Finding",
    "MatchKind",
    "Page",
    "PageChange",
    "PageSummary",
    "RelatedArticle",
    "Section",
    "SectionKind",
    "Severity",
    "SideEffect",
    "Subsection",
    "SubsectionKind",
]
