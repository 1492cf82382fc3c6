"""Change history: which section kinds differ between two versions of a page.

Both versions are lists of sections in the Section model's JSON form (``kind``, ``heading``,
``text``, ``items``, ``heading_raw``, ``subsections``): what ``Section.model_dump(mode="json")``
gives, what :func:`pipeline.store.read_sections` rebuilds from the rows, and what
``page_versions.sections`` keeps. Sections are compared kind by kind, subsections included; a
kind's sections are compared in page order, so moving a whole kind elsewhere changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, get_args

from schemas import SectionKind

SectionDump = Mapping[str, Any]

#: Kinds are listed in the model's order (what_is first, other last).
_ORDER = {kind: position for position, kind in enumerate(get_args(SectionKind))}


class SectionChanges(NamedTuple):
    """Section kinds the new version added, removed, or has with other content."""

    added: list[str]
    removed: list[str]
    changed: list[str]


def section_changes(before: Sequence[SectionDump], after: Sequence[SectionDump]) -> SectionChanges:
    """The section kinds that differ from ``before`` to ``after``."""
    old, new = _by_kind(before), _by_kind(after)
    return SectionChanges(
        added=_ordered(new.keys() - old.keys()),
        removed=_ordered(old.keys() - new.keys()),
        changed=_ordered(kind for kind in old.keys() & new.keys() if old[kind] != new[kind]),
    )


def _by_kind(sections: Sequence[SectionDump]) -> dict[str, list[SectionDump]]:
    grouped: dict[str, list[SectionDump]] = {}
    for section in sections:
        grouped.setdefault(section["kind"], []).append(section)
    return grouped


def _ordered(kinds: Iterable[str]) -> list[str]:
    return sorted(kinds, key=lambda kind: _ORDER.get(kind, len(_ORDER)))
