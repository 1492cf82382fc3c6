"""Headings and text blocks → sections, subsections and the related-articles block."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import urlsplit

from pipeline.normalize import at_most_words
from pipeline.parse import patterns
from pipeline.parse.blocks import Block, Heading, TextBlock, common_prefix
from pipeline.parse.dom import Link
from pipeline.parse.facts import is_fact_row
from pipeline.parse.names import bare_titles_name, split_title

_SECTIONS = [(kind, re.compile(p)) for kind, p in patterns.SECTION_PATTERNS]
_OTHER_TOPIC = re.compile(patterns.OTHER_TOPICS, re.IGNORECASE)

_SUBSECTIONS = {
    parent: [(kind, re.compile(p)) for kind, p in kinds]
    for parent, kinds in patterns.SUBSECTION_PATTERNS.items()
}
_NUMBERING = re.compile(
    r"^\s*(?:(?:\d{1,2}|[ivx]{1,4}|[a-h])[.):]|\d{1,2}\s"
    r"|(?:step|part|section|chapter) \d+[.:]?)\s*"
)
_SPACES = re.compile(r"\s+")
#: How many words after a related heading are read to tell a link list from prose.
_LINK_SAMPLE_WORDS = 60
#: Intro text shorter than this (in words) is a byline or a date, not prose.
_MIN_INTRO_WORDS = 12


#: A lead-in before page tools ("Have more questions?") has at most this many words.
_MAX_LEAD_IN_WORDS = 5
#: The most words a widget's blurb has under its heading ("Newsletter", "Comments").
_WIDGET_BLURB_WORDS = 20


@dataclass(slots=True)
class Part:
    """A section or subsection being assembled."""

    kind: str
    heading: str
    level: int
    texts: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    subsections: list[Part] = field(default_factory=list)
    norm: str = ""  # the heading as the classifier reads it
    bullets: bool = False  # the last block added was a typed bullet

    def add(self, block: TextBlock) -> None:
        # (Lines of "• item" under <br>s are text: only li and dl lines are items.)
        one_line = not block.items and "\n" not in block.text
        bullet = patterns.BULLET.match(block.text) if one_line else None
        if bullet and not patterns.INLINE_BULLET.search(block.text, bullet.end()):
            # (Not "• A. • B. • C.": bullets typed on source lines one paragraph joins.)
            # A list typed as paragraphs of "· item" (Word's HTML export): one list block.
            item = block.text[bullet.end() :]
            if self.bullets:
                self.texts[-1] += "\n" + item
            else:
                self.texts.append(item)
            self.items.append(item)
            self.bullets = True
            return
        self.bullets = False
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
    #: Section kinds whose headings the patterns recognised (before any were named by position):
    #: the evidence that this is a drug page at all.
    recognised: frozenset[str] = frozenset()
    #: What the related links' bare titles name, by the related heading: "Related conditions"
    #: → "condition", "Other epilepsy medicines" → "drug"; None when it does not say.
    related_names: str | None = None


def _strip_symbols(text: str) -> str:
    """Drop emoji, pictographs and their joiners/selectors: categories S*, Mn, Me, Cf."""
    if text.isascii():
        return text
    return "".join(
        c for c in text if not unicodedata.category(c).startswith(("S", "Mn", "Me", "Cf"))
    )


def _replace_word(text: str, word: str, token: str) -> str:
    """text with every occurrence of word that is no part of a longer word replaced by token
    (a find loop: a regex per page's names would be compiled anew for every page)."""
    parts: list[str] = []
    start = 0
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and _wordy(text[at - 1])) and not (end < len(text) and _wordy(text[end])):
            parts += (text[start:at], token)
            start = end
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)
    return "".join(parts) + text[start:] if parts else text


def _wordy(char: str) -> bool:
    return char.isalnum() or char == "_"


class HeadingClassifier:
    """Classifies heading wording once the page's drug and condition names are masked."""

    def __init__(self, names: list[tuple[str, str]]) -> None:
        # Longest names first, so "Tacrolimus (oral and injection)" masks before "Tacrolimus".
        names = sorted((n for n in names if n[0].strip()), key=lambda n: -len(n[0]))
        self._masks = [(n.lower(), t) for n, t in names]

    def normalize(self, heading: str) -> str:
        text = _strip_symbols(heading).lower()
        text = _NUMBERING.sub("", _SPACES.sub(" ", text).strip())
        for name, token in self._masks:
            text = _replace_word(text, name, token)
        return text.strip(" :–—-")

    # Both kinds are pure functions of the masked heading, and masked headings recur from page
    # to page ("{drug} side effects"): each is worked out once (every pattern is searched in
    # turn for an "other" heading).
    @staticmethod
    @lru_cache(maxsize=4096)
    def section_kind(norm: str) -> str:
        return next((kind for kind, p in _SECTIONS if p.search(norm)), "other")

    @staticmethod
    @lru_cache(maxsize=4096)
    def subsection_kind(parent: str, norm: str) -> str:
        """The kind whose wording comes first in the heading ("Serious side effects:
        augmentation and impulse control" is serious, not managing); ties by priority."""
        found = [
            (match.start(), rank, kind)
            for rank, (kind, p) in enumerate(_SUBSECTIONS.get(parent, ()))
            if (match := p.search(norm))
        ]
        return min(found)[2] if found else "other"


def _starts_subsection(
    current: Part | None, heading: Heading, norm: str, kind: str, taken: Collection[str] = ()
) -> bool:
    if current is None:
        return False
    if heading.level > current.level:
        return True
    if kind in taken and kind != current.kind:
        # "Overview" after "Reviews", on a page that had its what-is section: one of the
        # reviews' parts, all bold lines being one level (``taken``: kinds already seen).
        kind = "other"
    # Same level: an h2 "Common side effects" right after an h2 "Side effects" - unless the
    # section's parts so far sit deeper (then this h2 is the next section).
    return (
        heading.level == current.level
        and kind in ("other", current.kind)
        and HeadingClassifier.subsection_kind(current.kind, norm) != "other"
        and (kind == current.kind or all(sub.level <= heading.level for sub in current.subsections))
    )


def _is_disclaimer(block: TextBlock) -> bool:
    text = block.text
    if block.items or not at_most_words(text, patterns.MAX_DISCLAIMER_WORDS):
        return False  # (a list's item saying "not medical advice" is a point it makes)
    found = patterns.COPYRIGHT.search(text)
    if (
        found is not None
        and (
            found.start() == 0
            # a short line that credits it: "Elsevier Patient Education © 2026 …"
            or at_most_words(text, _MAX_CREDIT_WORDS)
            # a footer's legal lines, the copyright their last sentence ("… Registered with the
            # GPhC. © 2024 MindWell Pharmacy Ltd.")
            or (
                text[: found.start()].rstrip().endswith((".", "|", "·"))
                and at_most_words(text[found.start() :], _MAX_CREDIT_WORDS)
            )
        )
    ):
        return True
    lowered = text.lower()  # (every disclaimer says one of these: a cheap test first)
    if not any(w in lowered for w in _DISCLAIMER_WORDS):
        return False
    found = patterns.DISCLAIMER.search(text)
    # A disclaimer says so at once; a paragraph that ends by saying it is not advice, after two
    # sentences of its own, is the page's ("This is a community wiki … It is not medical advice").
    return found is not None and len(_SENTENCE_BREAK.findall(text, 0, found.start())) < 2


_SENTENCE_BREAK = re.compile(r"[.!?][”\"’)]?\s+(?=[A-Z“\"])")


#: A line naming a copyright holder has at most this many words.
_MAX_CREDIT_WORDS = 12
_DISCLAIMER_WORDS = (
    "advice",
    "evaluated",
    "diagnose",
    "information",
    "medical care",
    "disclosure",
    "commission",
    "compensation",
    "affiliate",
    "distributed under",
    "creative commons",
)


def _is_chrome_line(block: TextBlock) -> bool:
    """A block that is page furniture, not text: a byline, a counter, a disclaimer, tools,
    tags, an ad's label."""
    return (
        patterns.AD_LABEL.match(block.text) is not None
        or patterns.VIDEO_LINE.match(block.text) is not None
        or patterns.LOADING_LINE.match(block.text) is not None
        or patterns.FEED_CREDIT.match(block.text) is not None
        or patterns.FEEDBACK_LINE.match(block.text) is not None
        or patterns.IMAGE_CREDIT.match(block.text) is not None
        or _is_labelled_ad(block)
        or _is_story_promo(block)
        or _is_byline(block)
        or _is_counter(block)
        or _is_member_card(block)
        or _is_sign_off(block)
        or _is_disclaimer(block)
        or _is_toolbar(block)
        or _is_taxonomy(block)
        or _is_jump_line(block)
        or _is_download_line(block)
        or _is_pager(block)
    )


def _is_story_promo(block: TextBlock) -> bool:
    """A paragraph that is one link and nothing else, to a page not titled like a drug page (a
    news site's "Rosacea flare-ups rise in heat waves. Here's what dermatologists recommend."
    between two paragraphs): a promo for another story."""
    if len(block.links) != 1 or block.items or "\n" in block.text:
        return False
    title, href = block.links[0]
    return (
        title == block.text
        and not href.startswith("#")
        and not at_most_words(title, _MAX_LINK_LABEL_WORDS)
        and split_title(title) is None
    )


#: A link of at most this many words alone in a paragraph may be a label ("Back to top").
_MAX_LINK_LABEL_WORDS = 6


def _is_labelled_ad(block: TextBlock) -> bool:
    """A short block of links under its own "Sponsored" line (an e-mail's ad cell)."""
    first, _, rest = block.text.partition("\n")
    return (
        bool(rest and block.links)
        and patterns.AD_LABEL.match(first) is not None
        and at_most_words(rest, _MAX_AD_WORDS)
    )


_MAX_AD_WORDS = 40


def _is_jump_line(block: TextBlock) -> bool:
    """A line of nothing but links to the page's own parts ("1 What is duloxetine?" to
    "#What_is_duloxetine", "Contents [hide]"): a table of contents laid out in boxes, whatever
    its classes."""
    if not block.links or not all(href.startswith("#") for _, href in block.links):
        return False
    rest = _beside_links(block.text, block, " |·•/-–—[]()\n\u00a0").rstrip(":")
    return not rest or rest.isdigit() or bool(patterns.TOC_LABEL.match(rest))


def _is_pager(block: TextBlock) -> bool:
    """Links to the previous and next posts, each under its label ("← Previous", "Next post:"):
    the blog's pager, whatever its classes, not related reading."""
    if not block.links:
        return False
    lines = _beside_links(block.text, block, _SEPARATORS).split("\n")
    labels = [label for line in lines if (label := line.strip(_SEPARATORS))]
    return bool(labels) and all(patterns.PAGER_LABEL.match(line) for line in labels)


def _is_download_line(block: TextBlock) -> bool:
    """A line of nothing but links to documents ("Infliximab booklet (edition 7)" to its PDF):
    a file to download, not the page's text."""
    if not block.links or "\n" in block.text:
        return False
    if not all(_DOCUMENT.search(urlsplit(href).path) for _, href in block.links):
        return False
    return at_most_words(_beside_links(block.text, block, _SEPARATORS), _MAX_FILE_NOTE_WORDS)


_DOCUMENT = re.compile(r"\.(?:pdf|docx?|odt|rtf|epub)$", re.IGNORECASE)
#: Words beside a download's links: its size and format ("PDF, 1.2 MB").
_MAX_FILE_NOTE_WORDS = 4


def _is_taxonomy(block: TextBlock) -> bool:
    """A line of tag links under its label ("Tags: anxiety, beta blockers"): nothing but the
    label, the links and separators."""
    if not block.links:
        return False
    label = patterns.TAXONOMY_LABEL.match(block.text)
    if label is None and not all(patterns.TAXONOMY_PATH.search(href) for _, href in block.links):
        return False
    if label is None and any(split_title(text) for text, _ in block.links):
        return False  # (pages titled like drug pages under "/topic/16535" are no tags)
    return not _beside_links(
        block.text[label.end() :] if label else block.text, block, " ,;|·•/\n\u00a0"
    )


def _is_member_card(block: TextBlock) -> bool:
    """A forum member's card beside a post: lines of nothing but member stats ("Joined: Feb 11,
    2014", "Messages: 9,412"), or one short line holding two or more of them."""
    text = block.text
    if not text or not at_most_words(text, _MAX_CARD_WORDS):
        return False
    lines = [line for line in text.split("\n") if line]
    if all(patterns.MEMBER_STAT.match(line) for line in lines):
        return True
    return len(patterns.MEMBER_STAT.findall(text)) >= 2


_MAX_CARD_WORDS = 30


def _is_sign_off(block: TextBlock) -> bool:
    """A letter's sign-off and the names under it ("Take care of your heart,\nDr Helen Okafor
    and the team"): an e-mail's or newsletter's closing, not its text."""
    first, _, names = block.text.partition("\n")
    return (
        bool(names)
        and patterns.SIGN_OFF.match(first) is not None
        and at_most_words(names, _MAX_SIGNATURE_WORDS)
    )


_MAX_SIGNATURE_WORDS = 12


def _is_counter(block: TextBlock) -> bool:
    """A vote, badge or rating widget: no letters at all ("14", "★★★★☆"), or only counts
    ("312 views 2 comments", "52.8K views · View 2.4K upvotes" whose counts link to who)."""
    if not block.text or not all(
        patterns.COUNTS.match(title) or not any(c.isalpha() for c in title)
        for title, _ in block.links
    ):
        return False  # (a post's "#2" links to itself)
    return (
        not any(c.isalpha() for c in block.text)
        or patterns.COUNTS.match(block.text) is not None
        or patterns.BADGE.match(block.text) is not None
        or patterns.RATE_PROMPT.match(block.text) is not None
        or patterns.RATING_LINE.match(block.text) is not None
    )


def _is_toolbar(block: TextBlock) -> bool:
    """A line of page tools and nothing else ("Printer Friendly Version | E-mail this Article",
    "Have more questions? Submit a request"): every link is a tool, and besides the links
    there is at most a short lead-in asking or announcing them."""
    if not block.links:
        return False
    tools = [
        bool(patterns.TOOL_LINK.search(text) or patterns.MORE_LINK.match(text))
        for text, _ in block.links
    ]
    if not all(tools) and not (any(tools) and _only_links(block)):
        return False  # (a nav row: "Back to top | More health information")
    rest = _beside_links(block.text, block, _SEPARATORS)
    return not rest or (len(rest.split()) <= _MAX_LEAD_IN_WORDS and rest.endswith(("?", ":")))


def _only_links(block: TextBlock) -> bool:
    """Nothing but links between separators, none titled like an article ("X for Y")."""
    if any(split_title(text, reliable_only=False) for text, _ in block.links):
        return False
    return not _beside_links(block.text, block, _SEPARATORS)


def _beside_links(text: str, block: TextBlock, separators: str) -> str:
    """The text without the block's link texts (each once) and the separators around them."""
    for title, _ in block.links:
        text = text.replace(title, " ", 1)
    return text.strip(separators)


_SEPARATORS = " |·•/-\n\u00a0"


def _is_byline(block: TextBlock) -> bool:
    """A block that only credits or dates the page, line by line ("By X", "Updated May 2025")."""
    if not at_most_words(block.text, patterns.MAX_BYLINE_WORDS):
        # (A long line of parts, each a credit or a date: "Article contributed by Pharmacists,
        # Department of … · Last updated on 22 May 2026 · 6 min read".)
        parts = _PART_SEPARATOR.split(block.text)
        return (
            "\n" not in block.text
            and len(parts) > 1
            and all(at_most_words(p, patterns.MAX_BYLINE_WORDS) and _credits(p) for p in parts)
        )
    return all(
        _credits(line)
        or patterns.DATE_ONLY.match(line)
        or _credits(patterns.DATE_PREFIX.sub("", line, count=1))
        or _credit_parts(line)
        # (what is left of "Reviewed by X · June 2, 2026" once the walk dropped the credit)
        for line in (part.lstrip(_LEFT_OVER_SEPARATORS) for part in block.text.split("\n"))
    )


_LEFT_OVER_SEPARATORS = "·|•–— "


_PART_SEPARATOR = re.compile(r"\s+[·|•]\s+")


def _credit_parts(line: str) -> bool:
    """A line of parts that credit or date the page ("Clinical team · Reviewed by Dr. A ·
    8 January 2026"): a credit or a date among them, the others a few words each."""
    parts = _PART_SEPARATOR.split(line)
    if len(parts) < 2:
        return False
    dated = [p for p in parts if _credits(p) or patterns.DATE_ONLY.match(p)]
    return bool(dated) and all(p in dated or at_most_words(p, 4) for p in parts)


def _credits(line: str) -> bool:
    return patterns.BYLINE.match(line) is not None or patterns.DATELINE.search(line) is not None


class _Related:
    """Where a related-articles block ends.

    In its own container (a <section> or <div> that holds the heading and the list but not the
    page title), everything up to the container's end is related. A heading that sits loose in
    the article's container has no such scope: then the block is the run of link blocks after
    it, and after a list of links only more lists.
    """

    def __init__(self, heading: Heading, title_path: tuple[int, ...]) -> None:
        self.level = heading.level
        self.heading_path = heading.path
        self.title_path = title_path
        self.scope: tuple[int, ...] | None = None
        self.saw_list = False
        self.saw_titles = False  # a link titled like an article, not only "See all"
        self.teaser = False  # a card title was just passed: the block after it is its teaser

    def takes(self, block: TextBlock) -> bool:
        if self.scope is None:
            self.scope = self._own_container(block) or ()
        if self.scope:
            inside = block.path[: len(self.scope)] == self.scope
            if inside or self.saw_titles:
                self.saw_titles |= inside and _titles(block)
                return inside
            # The heading's container was only its header row ("Related posts · See all", a
            # heading and its permalink): the related block is the block's container, or, if
            # that holds the article, the run of links that follows, as for a loose heading.
            self.scope = self._own_container(block) or ()
            if self.scope:
                self.saw_titles = _titles(block)
                return True
        teaser, self.teaser = self.teaser, False
        if not block.links:
            return teaser
        if self.saw_list and not block.items:
            return False
        self.saw_list |= bool(block.items)
        # A card's title line (one link, nothing else) may have its teaser under it.
        self.teaser = len(block.links) == 1 and block.text == block.links[0][0] != ""
        return True

    def _own_container(self, block: TextBlock) -> tuple[int, ...] | None:
        """The container the heading shares with ``block``, if it does not hold the title."""
        shared = common_prefix(self.heading_path, block.path)
        if shared and self.title_path[: len(shared)] != shared:
            return shared
        return None


def _titles(block: TextBlock) -> bool:
    """Links titled like articles: words, not "See all", not a heading's own "#anchor"."""
    return any(
        any(c.isalpha() for c in text)
        and not patterns.MORE_LINK.match(text)
        and not href.startswith("#")
        for text, href in block.links
    )


def build_outline(
    blocks: list[Block],
    classifier: HeadingClassifier,
    title_path: tuple[int, ...] = (),
    not_intro: Collection[int] = (),
) -> Outline:
    """Group the blocks after the title into sections; collect the related-articles links.

    A facts box before the first heading is no intro: its "Label: value" rows, and the blocks
    in ``not_intro`` (id() of a label's own block and its values'); under a heading they are
    its text."""
    blocks = _paragraphs(blocks, not_intro)
    chrome_lines = {
        id(b) for b in blocks if isinstance(b, TextBlock) and not b.signs and _is_chrome_line(b)
    }
    sections: list[Part] = []
    related: list[Link] = []
    intro = Part("other", "", 0)
    intro_paths: list[tuple[int, ...]] = []  # where each of the intro's texts stands
    target: Part | None = intro
    current: Part | None = None
    in_related: _Related | None = None
    related_names: str | None = None
    first_heading: tuple[int, ...] | None = None  # where the first heading after the title is
    for at, block in enumerate(blocks):
        if isinstance(block, TextBlock) and in_related is None:
            label = _related_label(block, blocks, at, classifier, chrome_lines, current)
            block = label or block
        if isinstance(block, TextBlock):
            if id(block) in chrome_lines:
                continue
            if in_related is not None:
                if in_related.takes(block) or block.related:
                    related.extend(block.links)
                else:
                    in_related = None  # the related block ended; what follows belongs nowhere
            elif _a_labelled_link_list(block, classifier):
                related.extend(block.links)
            elif block.links and patterns.RELATED_LEAD.match(block.text):
                # "Related: A · B · C" lists related reading; a news story's one "Read more:
                # <another story>" line is a promo.
                if len(block.links) > 1:
                    related.extend(block.links)
            elif block.related:
                related.extend(block.links)
            elif target is intro and (
                id(block) in not_intro
                or is_fact_row(block)
                or patterns.PRICE_LINE.match(block.text)  # a price card's, above the article
            ):
                continue
            elif target is not None:
                before = len(target.texts)
                target.add(block)
                if target is intro and len(intro.texts) > before:
                    intro_paths.append(block.path)
            continue
        if first_heading is None:
            first_heading = block.path
        if in_related is not None and (block.level > in_related.level or _card_title(blocks, at)):
            in_related.teaser = True  # a card title inside the related block: a teaser may follow
            continue  # (or a group name)
        in_related = None
        norm = classifier.normalize(block.text)
        kind = "related" if block.related else classifier.section_kind(norm)
        if kind == "related" and not (
            block.related
            or block.menu
            or _introduces_links(blocks, at + 1, block.level, chrome_lines)
        ):
            kind = "other"  # "Other treatments" followed by prose is a section, not a link list
        if kind == "related":
            related.extend(block.menu)
            in_related, target = _Related(block, title_path), None
            related_names = related_names or bare_titles_name(norm)
        elif _starts_subsection(current, block, norm, kind, {p.kind for p in sections}):
            assert current is not None
            kind = classifier.subsection_kind(current.kind, norm)
            sub = Part(kind, block.text, block.level, norm=norm)
            current.subsections.append(sub)
            target = sub
        else:
            current = target = Part(kind, block.text, block.level, norm=norm)
            sections.append(current)
    sections = [s for s in sections if not _is_widget(s)]
    for section in sections:
        section.subsections = [s for s in section.subsections if not _is_widget(s)]
    recognised = frozenset(s.kind for s in sections) - {"other"}
    for section in fill_by_order(sections, patterns.SECTION_ORDER):
        for part in section.subsections:  # named by place now: read its subheadings again
            part.kind = classifier.subsection_kind(section.kind, part.norm)
    for section in sections:
        order = patterns.SUBSECTION_ORDER.get(section.kind, ())
        # ("Latest reviews" under reviews is more reviews, not what to expect; "Keeping side
        # effects down" may well be managing them.)
        skip = _more_reviews if section.kind == "reviews" else None
        fill_by_order(section.subsections, order, skip)
    _drop_tagline(intro, intro_paths, title_path)
    _drop_lone_dek(intro, intro_paths, title_path, first_heading)
    if len(intro.text.split()) >= _MIN_INTRO_WORDS:
        sections.insert(0, intro)
    return Outline(sections, related, recognised, related_names)


def _paragraphs(blocks: list[Block], keep: Collection[int]) -> list[Block]:
    """Text laid out with <br>s comes as one block of paragraphs ("a<br><br>b"): each
    paragraph is read as a block of its own (a facts box, a leaflet's reference line), the
    same text in the end, each link with the paragraph that shows it. Not blocks with items,
    nor those in ``keep``."""
    out: list[Block] = []
    for block in blocks:
        if (
            isinstance(block, TextBlock)
            and "\n\n" in block.text
            and not block.items
            and id(block) not in keep
        ):
            out.extend(_split_paragraphs(block))
        else:
            out.append(block)
    return out


def _split_paragraphs(block: TextBlock) -> list[TextBlock]:
    paragraphs = [p for p in block.text.split("\n\n") if p]
    if not block.links:
        return [replace(block, text=p) for p in paragraphs]
    links: list[list[Link]] = [[] for _ in paragraphs]
    at = 0  # links come in reading order: each is in this paragraph or a later one
    for link in block.links:
        found = next((i for i in range(at, len(paragraphs)) if link[0] in paragraphs[i]), None)
        if found is not None:
            at = found
        links[at].append(link)
    return [replace(block, text=p, links=ls) for p, ls in zip(paragraphs, links, strict=True)]


def _drop_tagline(intro: Part, paths: list[tuple[int, ...]], title_path: tuple[int, ...]) -> None:
    """A short line under the title, before the intro's prose, that is no sentence ("Cutting
    down, staying stopped") is the page's tagline, not its intro: a subtitle alone is dropped
    with the short intro; before prose it is dropped on its own. So is a short paragraph in
    the title's own box (a header or hero holding the h1 and its dek) when the prose after it
    stands outside that box. (Before a list it labels the list: "Key takeaways".)"""
    if len(intro.texts) < 2 or intro.texts[1].split("\n")[0] in intro.items:
        return
    first = intro.texts[0]
    if "\n" in first or first in intro.items:
        return
    tagline = at_most_words(first, _MAX_TAGLINE_WORDS) and not first.rstrip(_CLOSERS).endswith(
        _SENTENCE_ENDS
    )
    boxed = _in_title_box(paths, title_path) if len(paths) == len(intro.texts) else 0
    if boxed and all(at_most_words(t, _MAX_DEK_WORDS) for t in intro.texts[:boxed]):
        del intro.texts[:boxed]  # a hero's dek, pills and fine print
    elif tagline:
        del intro.texts[0]


def _drop_lone_dek(
    intro: Part,
    paths: list[tuple[int, ...]],
    title_path: tuple[int, ...],
    first_heading: tuple[int, ...] | None,
) -> None:
    """One short sentence alone in the title's box (a hero's "A daily tablet that protects the
    hair you have"), the sections outside it: the page's dek, not its intro. (An intro that is
    a real paragraph, 25 words or more, stays.)"""
    if len(intro.texts) != 1 or len(paths) != 1 or not title_path or first_heading is None:
        return
    text = intro.texts[0]
    if "\n" in text or not at_most_words(text, _MAX_LONE_DEK_WORDS) or _SENTENCE_BREAK.search(text):
        return
    box = len(common_prefix(paths[0], title_path))
    if box > len(common_prefix(first_heading, title_path)):
        intro.texts.clear()


#: A lone dek is one sentence of at most this many words.
_MAX_LONE_DEK_WORDS = 20


def _in_title_box(paths: list[tuple[int, ...]], title_path: tuple[int, ...]) -> int:
    """How many of the intro's first texts share a box with the title that the text after
    them does not (0: none do)."""
    if len(paths) < 2 or not title_path:
        return 0
    box = len(common_prefix(paths[0], title_path))
    for at, path in enumerate(paths[1:], start=1):
        if len(common_prefix(path, title_path)) < box:
            return at
    return 0


#: A tagline is a short phrase; a sentence ends in one of these.
_MAX_TAGLINE_WORDS = 25
#: A dek (a headline's summary, one or two sentences) has at most this many words.
_MAX_DEK_WORDS = 40
_SENTENCE_ENDS = (".", "!", "?", ":", ";", "…")
#: Closing quotes and brackets after a sentence's end ('… it helped.”').
_CLOSERS = " \"'”’»)]"


def fill_by_order(
    parts: list[Part],
    order: tuple[str, ...],
    skip: Callable[[Part], bool] | None = None,
) -> list[Part]:
    """Name an unrecognised heading by where it stands, when only one missing kind fits there.

    Drug pages keep their parts in one order (what it is, how it works, benefits, side effects,
    reviews). A heading worded in a way no pattern knows, standing exactly where the one kind
    the page lacks belongs, is that kind - unless it names another topic (dosage, storage …),
    or ``skip`` says so, or it would be reviews after the page's last known part without a
    reviewer's words (a trailing "Eye exams" is a topic of its own).
    """
    rank = {kind: i for i, kind in enumerate(order)}
    missing = [k for k in order if k not in {p.kind for p in parts}]
    named: list[Part] = []
    for at, part in enumerate(parts):
        if (
            part.kind != "other"
            or not part.heading
            or _OTHER_TOPIC.search(part.heading)
            or (skip is not None and skip(part))
        ):
            continue
        before = [rank[p.kind] for p in parts[:at] if p.kind in rank]
        after = [rank[p.kind] for p in parts[at + 1 :] if p.kind in rank]
        fits = [
            k
            for k in missing
            if all(b < rank[k] for b in before) and all(rank[k] < a for a in after)
        ]
        if fits == ["reviews"] and not after and not _REVIEWERS_WORDS.search(part.text):
            continue
        if len(fits) == 1:
            part.kind = fits[0]
            missing.remove(fits[0])
            named.append(part)
    return named


def _more_reviews(part: Part) -> bool:
    return _REVIEWS_HEADING.search(part.norm) is not None


_REVIEWS_HEADING = re.compile(r"\breviews?\b|\bratings?\b|\btestimonials?\b")
#: What reviews say and show: quoted words, the first person, a rating.
_REVIEWERS_WORDS = re.compile(
    r"[“”\"«»]|\b(?:I|I['’](?:m|ve|d)|my|me)\b|\b\d(?:\.\d)?\s*(?:/|out of)\s*(?:5|10)\b|\bstars?\b"
)


def _a_labelled_link_list(block: TextBlock, classifier: HeadingClassifier) -> bool:
    """A block whose first line says "Related topics" and whose other lines are each a link (a
    boxed table of an old site: the label's bar, then the links under it)."""
    label, _, rest = block.text.partition("\n")
    if len(block.links) < 2 or not rest or not at_most_words(label, _MAX_LABEL_WORDS):
        return False
    titles = {text for text, _ in block.links}
    if not all(line in titles for line in rest.split("\n") if line):
        return False
    return classifier.section_kind(classifier.normalize(label)) == "related"


def _related_label(
    block: TextBlock,
    blocks: list[Block],
    at: int,
    classifier: HeadingClassifier,
    chrome_lines: Collection[int],
    current: Part | None,
) -> Heading | None:
    """A line of its own that says "Related posts" over a list of links (Hexo's
    <div class="popular-posts-header">): the related block's heading, though no heading tag."""
    if block.links or "\n" in block.text or not at_most_words(block.text, _MAX_LABEL_WORDS):
        return None
    if classifier.section_kind(classifier.normalize(block.text)) != "related":
        return None
    level = current.level if current is not None else 2
    if not _introduces_links(blocks, at + 1, level, chrome_lines):
        return None
    return Heading(level, block.text, inferred=True, related=block.related, path=block.path)


#: A related block's label has at most this many words ("Related posts", "You may also like").
_MAX_LABEL_WORDS = 6


def _introduces_links(
    blocks: list[Block], start: int, level: int, chrome_lines: Collection[int]
) -> bool:
    """Whether the text after a heading is mostly links (a related list), not prose."""
    link_words = words = links = cards = 0
    titles: list[str] = []
    for at in range(start, len(blocks)):
        block = blocks[at]
        if isinstance(block, Heading):
            card = _card_title(blocks, at)
            if block.level <= level and not card:
                break
            cards += card
            continue  # a card title inside the list
        if id(block) in chrome_lines:
            continue  # (the outline drops it too)
        words += len(block.text.split())
        link_words += sum(len(text.split()) for text, _ in block.links)
        links += len(block.links)
        titles.extend(text for text, _ in block.links)
        if words >= _LINK_SAMPLE_WORDS:
            break
    # Cards carry teasers, so a quarter of the words in at least two links is a list of links;
    # so are two cards titled by their links, or links titled like drug pages, whatever their
    # teasers and bylines.
    return links >= 2 and (
        4 * link_words >= words or cards >= 2 or sum(map(_titled_like_a_page, titles)) >= 2
    )


def _titled_like_a_page(text: str) -> bool:
    return split_title(text) is not None


#: Blocks before a card's title that may hold the link around the card.
_CARD_REACH = 3


def _card_title(blocks: list[Block], at: int) -> bool:
    """A heading that is a link's title (a card's, at any level): the walk hands a heading's
    link to the block after it, and a link around a card to the block before its title."""
    heading = blocks[at]
    near = [blocks[at + 1]] if at + 1 < len(blocks) else []
    for i in range(at - 1, max(at - 1 - _CARD_REACH, -1), -1):  # (a tag line may come between)
        if isinstance(blocks[i], Heading):
            break
        near.append(blocks[i])
    return any(
        isinstance(block, TextBlock) and any(text == heading.text for text, _ in block.links)
        for block in near
    )


def _a_file_list(section: Part) -> bool:
    """A wiki's "Attachments" box: every line names a file ("leaflet-v4.pdf (application/pdf)")."""
    lines = [line for text in section.texts for line in text.split("\n") if line.strip()]
    return bool(lines) and not section.subsections and all(map(patterns.FILE_LINE.match, lines))


def _is_widget(section: Part) -> bool:
    """A 'Was this page helpful?' or 'Newsletter' heading whose form was chrome: nothing of it
    is content but, at most, a one-line blurb ("Get our monthly round-up by e-mail.")."""
    empty = not (section.text or section.items or section.subsections)
    if empty and patterns.FORM_HEADING.match(section.heading):
        return True  # ("Write your own review" is a form's, whatever kind its words say)
    if patterns.SERVICE_HEADING.match(section.heading) and all(
        not part.items and at_most_words(part.text, _WIDGET_BLURB_WORDS)
        for part in section.subsections
    ):
        return True  # (its steps say how the site works, whatever kind "works" says; plan cards)
    if section.kind == "other" and (
        empty  # a form's heading, say
        or patterns.THREAD_HEADING.match(section.heading)
        or patterns.SHOP_HEADING.match(section.heading)
        or _a_file_list(section)
    ):
        return True
    if section.kind != "other" or section.items or section.subsections:
        return False
    if sum(len(text.split()) for text in section.texts) > _WIDGET_BLURB_WORDS:
        return False
    return bool(patterns.CHROME_HEADING.match(section.heading))
