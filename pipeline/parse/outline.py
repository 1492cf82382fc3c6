"""Headings and text blocks → sections, subsections and the related-articles block."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.parse import patterns
from pipeline.parse.blocks import Block, Heading, Link, TextBlock

_SECTIONS = [(kind, re.compile(p)) for kind, p in patterns.SECTION_PATTERNS]
_SUBSECTIONS = {
    parent: [(kind, re.compile(p)) for kind, p in kinds]
    for parent, kinds in patterns.SUBSECTION_PATTERNS.items()
}
_NUMBERING = re.compile(
    r"^\s*(?:(?:\d{1,2}|[ivx]{1,4}|[a-h])[.):]|\d{1,2}\s|step \d+:?|part \d+:?)\s*"
)
_SPACES = re.compile(r"\s+")
#: Intro text shorter than this (in words) is a byline or a date, not prose.
_MIN_INTRO_WORDS = 12


@dataclass(slots=True)
class Part:
    """A section or subsection being assembled."""

    kind: str
    heading: str
    level: int
    texts: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    subsections: list[Part] = field(default_factory=list)

    def add(self, block: TextBlock) -> None:
        if block.text:
            self.texts.append(block.text)
        self.items.extend(block.items)

    @property
    def text(self) -> str:
        return "\n\n".join(self.texts)


@dataclass(slots=True)
class Outline:
    sections: list[Part]
    related: list[Link]


def _strip_symbols(text: str) -> str:
    """Drop emoji, pictographs and their joiners/selectors: categories S*, Mn, Me, Cf."""
    if text.isascii():
        return text
    return "".join(
        c for c in text if not unicodedata.category(c).startswith(("S", "Mn", "Me", "Cf"))
    )


class HeadingClassifier:
    """Classifies heading wording once the page's drug and condition names are masked."""

    def __init__(self, names: list[tuple[str, str]]) -> None:
        # Longest names first, so "Tacrolimus (oral and injection)" masks before "Tacrolimus".
        names = sorted((n for n in names if n[0].strip()), key=lambda n: -len(n[0]))
        self._masks = [(re.compile(rf"(?<!\w){re.escape(n.lower())}(?!\w)"), t) for n, t in names]

    def normalize(self, heading: str) -> str:
        text = _strip_symbols(heading).lower()
        text = _NUMBERING.sub("", _SPACES.sub(" ", text).strip())
        for pattern, token in self._masks:
            text = pattern.sub(token, text)
        return text.strip(" :–—-")

    @staticmethod
    def section_kind(norm: str) -> str:
        return next((kind for kind, p in _SECTIONS if p.search(norm)), "other")

    @staticmethod
    def subsection_kind(parent: str, norm: str) -> str:
        return next((kind for kind, p in _SUBSECTIONS.get(parent, ()) if p.search(norm)), "other")


def _starts_subsection(current: Part | None, heading: Heading, norm: str, kind: str) -> bool:
    if current is None:
        return False
    if heading.level > current.level:
        return True
    # Same level: an h2 "Common side effects" right after an h2 "Side effects".
    return (
        heading.level == current.level
        and kind in ("other", current.kind)
        and HeadingClassifier.subsection_kind(current.kind, norm) != "other"
    )


def _is_byline(block: TextBlock) -> bool:
    return (
        "\n" not in block.text
        and len(block.text.split()) <= patterns.MAX_BYLINE_WORDS
        and patterns.BYLINE.match(block.text) is not None
    )


def _continues_related(block: TextBlock, kinds: set[bool]) -> bool:
    """A related block is a run of link blocks; after a list of links, only more lists."""
    if not block.links:
        return False
    return not (True in kinds and not block.items)


def build_outline(blocks: list[Block], classifier: HeadingClassifier) -> Outline:
    """Group the blocks after the title into sections; collect the related-articles links."""
    sections: list[Part] = []
    related: list[Link] = []
    intro = Part("other", "", 0)
    target: Part | None = intro
    current: Part | None = None
    related_level: int | None = None
    related_kinds: set[bool] = set()  # whether the related blocks so far were lists
    for block in blocks:
        if isinstance(block, TextBlock):
            if _is_byline(block):
                continue
            if block.related:
                related.extend(block.links)
            elif related_level is not None and _continues_related(block, related_kinds):
                related.extend(block.links)
                related_kinds.add(bool(block.items))
            elif related_level is None and target is not None:
                target.add(block)
            else:
                related_level = None  # the related block ended; what follows belongs nowhere
            continue
        if related_level is not None and block.level > related_level:
            continue  # a heading inside the related block (a card title, a group name)
        related_level = None
        norm = classifier.normalize(block.text)
        kind = classifier.section_kind(norm)
        if kind == "related":
            related_level, target, related_kinds = block.level, None, set()
        elif _starts_subsection(current, block, norm, kind):
            assert current is not None
            sub = Part(classifier.subsection_kind(current.kind, norm), block.text, block.level)
            current.subsections.append(sub)
            target = sub
        else:
            current = target = Part(kind, block.text, block.level)
            sections.append(current)
    if len(intro.text.split()) >= _MIN_INTRO_WORDS:
        sections.insert(0, intro)
    return Outline(sections, related)
