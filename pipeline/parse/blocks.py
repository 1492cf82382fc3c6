"""One walk over the soup: page chrome skipped, content flattened into headings and text blocks.

The walk is iterative (an explicit stack), so a page nested 10,000 levels deep costs no recursion.
Inline elements feed a buffer that block-level elements flush, so ``<b>Tac</b>rolimus`` stays
one word and ``<p>a</p><p>b</p>`` stays two paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from typing import cast

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, Tag

from pipeline.normalize import at_most_words, clean_line, clean_text
from pipeline.parse import patterns
from pipeline.parse.chrome import (
    RELATED_HEADING,
    breadcrumbs,
    holds_page_content,
    holds_the_article,
    is_breadcrumb,
    is_related_container,
    related_links_in,
)
from pipeline.parse.dom import (
    BR,
    HEADING_TAGS,
    INLINE,
    LINES,
    Link,
    a_citation,
    a_citation_link,
    a_copy,
    a_seek_link,
    a_term_in_a_sentence,
    attr_text,
    attr_words,
    attribution,
    box_of_its_own,
    chip_after_chip,
    chrome_by_attrs,
    credit_in_text,
    dek_by_attrs,
    find_first,
    find_named,
    heading_level,
    hidden_icon,
    in_a_box_named,
    inline_text,
    link_title,
    named_label_and_value,
    only_element,
    own_words,
    tags,
)
from pipeline.parse.soup import bold_classes, main_text, noscript_text

_BOLD = frozenset({"b", "strong"})
_CONTENT_ROOTS = frozenset({"article", "main"})
_SITE_CHROME_TAGS = frozenset({"header", "footer"})  # outside <article>/<main> only
_TITLE_BOXES = frozenset({"header", "hgroup"})
_MARKDOWN_HASHES = re.compile(r"^#{1,6}\s+|\s+#{1,6}$")
_H1 = frozenset({"h1"})
# A bold-only paragraph longer than this, or ending in a full stop, is emphasis, not a heading.
_MAX_BOLD_HEADING = 120


@dataclass(slots=True)
class Heading:
    level: int
    text: str
    inferred: bool = False  # level inferred from context (summary, bold paragraph)
    related: bool = False  # inside a container marked as related articles
    path: tuple[int, ...] = ()  # the block containers it sits in, outermost first
    # The links of a list right after it that the page styles as a menu (TYPO3's "csc-menu"):
    # chrome, unless the heading turns out to head the related articles.
    menu: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class TextBlock:
    text: str
    items: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    related: bool = False  # inside a container marked as related articles
    path: tuple[int, ...] = ()
    signs: bool = False  # a quote's signature ("— posted by a parent"), not the page's byline


Block = Heading | TextBlock


@dataclass(slots=True)
class Walk:
    blocks: list[Block] = field(default_factory=list)
    breadcrumbs: list[str] = field(default_factory=list)
    chrome_related: list[Link] = field(default_factory=list)  # related links found in chrome
    chrome_related_label: str = ""  # what the chrome region with related links was called
    chrome_text: list[str] = field(default_factory=list)  # text of dropped consent banners
    jsonld: list[str] = field(default_factory=list)  # JSON-LD scripts met in the body
    # Chrome that shows drug facts (a sidebar's facts card), read for its facts and labels only.
    side_blocks: list[Block] = field(default_factory=list)


#: A bold-only heading is short: past this many nodes inside it, the element is not one.
_MAX_BOLD_NODES = 200


def _bold_only(tag: Tag, bold: bool = False) -> bool:
    """<p><strong>Side effects</strong></p>: a paragraph all in bold, short and not a sentence
    (``bold``: the tag itself is bold)."""
    text: list[str] = []
    bold = bold or (bool(tag.attrs) and _bold_by_style(tag))
    stack: list[tuple[PageElement, bool]] = [(c, bold) for c in reversed(tag.contents)]
    budget = _MAX_BOLD_NODES
    while stack:
        node, bold = stack.pop()
        budget -= 1
        if budget < 0:
            return False  # no short heading: and each of 10,000 nested <b>s would walk the rest
        if isinstance(node, NavigableString):
            if type(node) is NavigableString and node.strip():
                if not bold:
                    return False
                text.append(node)
        elif isinstance(node, Tag) and (node.name in INLINE or ":" in node.name):
            # (Word's <o:p> and other namespaced tags are inline.)
            inner = bold or node.name in _BOLD or (bool(node.attrs) and _bold_by_style(node))
            stack.extend((c, inner) for c in reversed(node.contents))
        elif isinstance(node, Tag) and node.name != "br" and node.contents:
            return False
    heading = clean_line("".join(text))
    return 0 < len(heading) <= _MAX_BOLD_HEADING and not heading.endswith(".")


class _Walker:
    def __init__(self, keep_chrome: bool = False) -> None:
        self.out = Walk()
        self.keep_chrome = keep_chrome  # reading chrome itself (its facts): nothing is dropped
        self.title = ""  # the document's <title>, lower-cased
        self.parts: list[str] = []
        self.links: list[Link] = []
        self.level = 1  # level of the last real heading, for inferred levels
        self.sections_begun = False  # a real heading below the title was met
        self.in_content = 0  # depth inside <article>/<main>
        self.in_related = 0  # depth inside a container marked as related
        self.path: list[int] = []  # ids of the open block containers
        self.in_layout_table = 0
        self.in_callout = 0  # depth inside callout boxes
        self.in_signature = 0  # depth inside a quote's <footer>
        self.in_title_box = 0  # depth inside a <header>/<hgroup> that holds an h1
        self.in_structural_dl = 0
        self.bold_level: int | None = None  # the level of the page's first bold-only heading
        self.tabs: dict[str, str] = {}  # tab id or controlled panel id → tab label
        self.unnamed_tabs: list[str] = []  # labels of the last tablist's tabs naming no panel
        self.box_titles: dict[int, tuple[str, int]] = {}  # table → its first title's class, level
        self.bold_led: dict[int, int] = {}  # a bold-led list (see _bold_leads) → its items' level
        self.panels: set[str] = set()  # ids of the panels disclosure buttons open
        self.labelled: dict[int, str] = {}  # id() of a CSS-only tab's panel → its tab's label
        self.main: Tag | None = None  # the page's <main> (or role=main), once met
        self.in_main = False  # inside it now
        self.main_chars = -1  # the length of its text, counted when first asked
        self.built_main: tuple[Tag | None, int] = (None, 0)  # as the soup's builder counted it
        self.containers = 0

    # -- output ---------------------------------------------------------------------------------
    def flush(self) -> None:
        text = clean_text("".join(self.parts).translate(LINES)) if self.parts else ""
        if text or self.links:  # a card link wrapping only a heading still counts as a link
            self.emit(TextBlock(text, links=self.links))
        self.parts, self.links = [], []

    def emit(self, block: Block) -> None:
        if isinstance(block, TextBlock):
            block.related = block.related or self.in_related > 0
            block.signs = self.in_signature > 0
        block.path = tuple(self.path)
        blocks = self.out.blocks
        if isinstance(block, TextBlock) and _text_of_link_before(block, blocks):
            link_block = blocks.pop()  # <a><div>Sleep</div></a>: one block, with its link
            assert isinstance(link_block, TextBlock)
            block.links = link_block.links
        blocks.append(block)

    def heading(self, level: int, text: str, inferred: bool) -> None:
        self.flush()
        text = _MARKDOWN_HASHES.sub("", clean_line(text))  # ("## Side effects", unrendered)
        if not text or patterns.TOC_LABEL.match(text):
            return  # ("Contents" titles the table of contents, or the tabs, under it)
        if (
            self.in_callout
            or (self.in_title_box and level > 1 and not inferred)
            or not at_most_words(text, patterns.MAX_HEADING_WORDS)
            or patterns.DATE_ONLY.match(text)
            # a bold "Drug class:" or "Medicine:" over its value
            or (
                inferred
                and (_FACT_LABEL.match(text.rstrip(": ")) or patterns.FIELD_LABEL.match(text))
            )
        ):
            # A callout's "Important", a sentence or a date styled as a heading: text, not outline.
            self.emit(TextBlock(text))
            return
        self.emit(Heading(level, text, inferred, related=self.in_related > 0))
        if not inferred:
            self.level = level
            self.sections_begun = self.sections_begun or level > 1

    def disclosure_level(self) -> int:
        """A disclosure's header heads a part of the section it stands in: a level below its
        heading, or the heading's own level once the box that held the heading and its text
        has closed (a "Sources" toggle after the FAQ's <div class=section>)."""
        blocks = self.out.blocks
        for at in range(len(blocks) - 1, -1, -1):
            block = blocks[at]
            if isinstance(block, Heading) and not block.inferred:
                if block.level < 2 or block.level != self.level:
                    break  # (the title's header box says nothing of sections; a closed
                    # disclosure panel has put the level back already)
                box = block.path
                closed = tuple(self.path[: len(box)]) != box
                held_text = any(b.path[: len(box)] == box for b in blocks[at + 1 :])
                return self.level if box and closed and held_text else self.level + 1
        return self.level + 1

    def box_title_level(self, th: Tag) -> int:
        """The level of a title row in a layout table: the table's first title's class one
        below where the table stands, any other class a level below that."""
        table = th.find_parent("table")
        key = id(table)
        names = str(th.get("class") or "")
        if key not in self.box_titles:
            self.box_titles[key] = (names, self.level + 1)
        first, level = self.box_titles[key]
        return level if names == first else level + 1

    def at_line_start(self) -> bool:
        """Whether nothing but whitespace was read since the last line break or block."""
        for part in reversed(self.parts):
            if part == BR:
                return True
            if part.strip():
                return False
        return True

    # -- element handlers -----------------------------------------------------------------------
    def add_list(self, tag: Tag) -> None:
        self.flush()
        items: list[str] = []
        links: list[Link] = []
        for li in _list_items(tag):
            # (A bullet the exporter typed into each item, "<li><span>•</span>Headache", is
            # the list's marker, not the item's text.)
            text = patterns.LIST_MARK.sub("", clean_line(inline_text(li, links, skip=_LISTS)))
            text = _label_and_value(li) or text
            if text:
                items.append(text)
        if (items or links) and not _table_of_contents(items, links):
            # (A list classed as related reading, "op-related-articles", is the related block.)
            related = bool(links) and bool(tag.attrs) and is_related_container(tag)
            self.emit(TextBlock("\n".join(items), items=items, links=links, related=related))

    def add_dl(self, tag: Tag) -> None:
        self.flush()
        lines: list[str] = []
        links: list[Link] = []
        term: str | None = None
        for child in find_named(tag, _DEFINITION_PARTS):
            text = clean_line(inline_text(child, links))
            if child.name == "dt":
                if term is not None:
                    lines.append(term)
                term = text.rstrip(":").rstrip()
            elif term is not None:
                lines.append(f"{term}: {text}" if term else text)
                term = None
            elif lines:
                lines[-1] = f"{lines[-1]}; {text}"
            else:
                lines.append(text)
        if term:
            lines.append(term)
        lines = [line for line in lines if line]
        if lines:
            self.emit(TextBlock("\n".join(lines), items=lines, links=links))

    def add_table(self, tag: Tag) -> None:
        self.flush()
        rows: list[str] = []
        links: list[Link] = []
        for tr in find_named(tag, _ROWS):
            found = find_named(tr, _CELLS)
            cells = [clean_text(inline_text(c, links, box_gap=", ")) for c in found]
            filled = [c for c in cells if c]
            if len(filled) == 1:  # a box of lines ("Active ingredient: x<br>Drug class: y")
                rows.extend(line for line in filled[0].split("\n") if line)
            elif _side_by_side_pairs(found) and len(filled) == len(cells):
                # "Medicine | X" and "Active ingredient | y" side by side: a line each
                pairs = zip(cells[::2], cells[1::2], strict=True)
                rows.extend(f"{clean_line(k)} | {clean_line(v)}" for k, v in pairs)
            elif filled:
                rows.append(" | ".join(clean_line(c) for c in filled))
        if rows:
            self.emit(TextBlock("\n".join(rows), links=links))

    def leave_layout_table(self) -> None:
        self.in_layout_table -= 1

    def leave_structural_dl(self) -> None:
        self.in_structural_dl -= 1

    def read_tabs(self, tablist: Tag) -> None:
        unnamed: list[str] = []
        for tab in tablist.find_all(role="tab"):
            label = _control_label(tab)
            keys = [k for k in (tab.get("id"), tab.get("aria-controls")) if isinstance(k, str)]
            for key in keys:
                if label:
                    self.tabs[key] = label
            if label and not keys:
                unnamed.append(label)
        # Tabs that name no panel (Docusaurus's) label the panels without a name in turn.
        self.unnamed_tabs = unnamed

    def tab_label(self, panel: Tag) -> str:
        for key in (panel.get("aria-labelledby"), panel.get("id")):
            if isinstance(key, str) and key in self.tabs:
                return self.tabs[key]
        label = panel.get("aria-label")
        if isinstance(label, str):
            return label.strip()
        if self.unnamed_tabs and not panel.get("aria-labelledby") and not panel.get("id"):
            return self.unnamed_tabs.pop(0)
        return ""

    def drop_chrome(self, tag: Tag) -> None:
        """Skip chrome, keeping what it says about the page: related links and breadcrumbs."""
        crumbs = breadcrumbs(tag)
        if crumbs is not None:
            self.out.breadcrumbs = crumbs
            return
        if _link_listing(tag) or "tab" in attr_text(tag).lower():
            # (tabs styled as a nav, or in a "tab-navigation" header, still label their panels)
            for tablist in tags(tag):
                if tablist.get("role") == "tablist":
                    self.read_tabs(tablist)
        if self.in_related and _link_listing(tag) and tag.name not in _SITE_CHROME_TAGS:
            # A list styled as a nav inside the related box holds its links.
            links: list[Link] = []
            inline_text(tag, links, skip_chrome=False)
            if links:
                self.flush()
                self.emit(TextBlock("", links=links))
                return
        # The site's footer links the site ("Useful links": privacy, FOI), not related reading.
        links, label = ([], "") if self._site_footer(tag) else related_links_in(tag)
        if links:
            self.out.chrome_related.extend(links)
            self.out.chrome_related_label = self.out.chrome_related_label or label
            if _link_listing(tag):  # (a carousel right under "You may also like" is its list)
                self._menu_after_heading(tag)
        elif _link_listing(tag) and self._menu_after_heading(tag):
            return
        box = tag.name in ("div", "section", "aside", "dialog") or tag.get("role") == "dialog"
        if box or tag.name == "p":  # (a "subtitle" paragraph of "Drug class:" lines too)
            text = tag.get_text(" ", strip=True)
            if box:
                self.out.chrome_text.append(text[:2000])
            if not self.keep_chrome and patterns.FACT_MENTION.search("".join(text.split())):
                self.out.side_blocks.extend(walk(tag, keep_chrome=True).blocks)

    def _site_footer(self, tag: Tag) -> bool:
        return (tag.name == "footer" and not self.in_content) or tag.get("role") == "contentinfo"

    def _menu_after_heading(self, tag: Tag) -> bool:
        """A listing styled as chrome right after a heading (a "csc-menu" list, a blog grid in
        a "pagination_container"): its links are kept on the heading, in case it is the
        related-articles heading."""
        blocks = self.out.blocks
        if any(part.strip() for part in self.parts) or not blocks:
            return False
        last = blocks[-1]
        if _see_all(last) and len(blocks) > 1:  # "Related posts · See all" header row
            last = blocks[-2]
        if not isinstance(last, Heading):
            return False
        inline_text(tag, last.menu, skip_chrome=False)
        return True


#: A form with more words than this is a page wrapped in a form, not a search or login box.
_MAX_FORM_WORDS = 150


def _control_label(control: Tag) -> str:
    """A tab's or disclosure button's label: its text without chrome (an ad slot in it), or, if
    that leaves nothing, all of it (its label is its own, whatever its classes:
    "fl-accordion-button-label", Vuetify's "v-btn__content")."""
    return clean_line(inline_text(control)) or clean_line(inline_text(control, skip_chrome=False))


def _wraps_the_page(form: Tag) -> bool:
    return holds_page_content(form) or len(form.get_text(" ").split()) > _MAX_FORM_WORDS


def common_prefix(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """The containers two blocks' paths share, outermost first."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _chrome_control(button: Tag) -> bool:
    """A control named as chrome by more than being a control ("btn", "button")."""
    return not (attr_words(button) & patterns.CHROME_WORDS) <= patterns.CONTROL_WORDS


def _text_of_link_before(block: TextBlock, blocks: list[Block]) -> bool:
    """The block is the text of a link around it, which the walk emitted just before it as an
    empty block (a link around block content)."""
    if block.links or not blocks:
        return False
    last = blocks[-1]
    return (
        isinstance(last, TextBlock)
        and not last.text
        and len(last.links) == 1
        and last.links[0][0] == block.text
    )


def _signs_a_quote(tag: Tag) -> bool:
    """A short <footer> or <cite> inside a <blockquote> is the quote's signature ("Ruth, 47"),
    whatever its class ("blockquote-footer")."""
    if tag.name in ("footer", "cite"):
        signs = tag.find_parent("blockquote") is not None or _in_a_quote_box(tag)
    else:  # a testimonial card's footer box holding its <cite> ("testimonial__footer")
        signs = (
            "footer" in attr_words(tag)
            and _in_a_quote_box(tag)
            and find_first(tag, _CITE) is not None
        )
    return signs and at_most_words(tag.get_text(), _MAX_SIGNATURE_WORDS)


def _in_a_quote_box(tag: Tag) -> bool:
    """Inside a box named for a quote or testimonial, a few levels up at most."""
    return in_a_box_named(tag, _QUOTE_WORDS)


_CITE = frozenset({"cite"})


_MAX_SIGNATURE_WORDS = 12


def _see_all(block: Block) -> bool:
    """A block that is only "See all …" links."""
    if not isinstance(block, TextBlock) or not block.links:
        return False
    return all(patterns.MORE_LINK.match(text) for text, _ in block.links) and all(
        patterns.MORE_LINK.match(line) for line in block.text.split("\n")
    )


def _link_listing(tag: Tag) -> bool:
    """A list or nav, or a box whose only chrome words say it lists links (menu, pagination,
    carousel): chrome that may hold an article's related links."""
    if tag.name in ("ul", "ol", "nav"):
        return True
    chrome = attr_words(tag) & patterns.CHROME_WORDS
    return bool(chrome) and chrome <= patterns.LISTING_CHROME_WORDS


_LISTS = frozenset({"ul", "ol", "dl"})
_DEFINITION_PARTS = frozenset({"dt", "dd"})
_ROWS, _CELLS, _BREAKS = frozenset({"tr"}), frozenset({"td", "th"}), frozenset({"br"})
_TITLE, _BODY = frozenset({"title"}), frozenset({"body"})
_FACT_LABEL = re.compile("|".join(patterns.FACT_LABELS.values()), re.IGNORECASE)
# Containers whose inferred headings (summary, tab label, row header) head only what they hold.
_OUTLINE_SCOPES = frozenset({"details", "article", "tr", "dd"})
# <h3><button aria-expanded>Side effects</button></h3>: an accordion's header keeps its words.
_HEADING_CONTROLS = frozenset({"button"})


def _holds_its_panels(tablist: Tag) -> bool:
    """A tab list that holds what its tabs control: an accordion, read in place."""
    for tab in tablist.find_all(role="tab"):
        controls = tab.get("aria-controls")
        if isinstance(controls, str) and tablist.find(id=controls.split()[0]) is not None:
            return True
    return False


def _the_main(tag: Tag) -> bool:
    """The <main> landmark is the page's content, whatever its classes say (Enfold's
    "av-blog-meta-author-disabled")."""
    return tag.name == "main" or tag.get("role") == "main"


def _holds_tab_panels(tag: Tag) -> bool:
    """A box of tabs and their panels is the page's layout, whatever its class says (Avada's
    "nav-not-justified" tabs box)."""
    found: set[str] = set()
    for node in tags(tag):
        role = node.get("role")
        if role == "tab" or role == "tabpanel":
            found.add(role)
            if len(found) == 2:
                return True
    return False


def _a_carousel_of_quotes(tag: Tag) -> bool:
    """A carousel or slider of quotes (reviews shown a slide at a time) is the page's text;
    one of links or products is chrome."""
    return tag.name not in ("ul", "ol", "nav") and _link_listing(tag) and _holds_quotes(tag)


def _holds_quotes(tag: Tag) -> bool:
    """Quotes inside: a <blockquote>, <q> or <cite>, a box named for a quote or testimonial
    ("lp-quote", "elementor-testimonial"), or a paragraph opening with a quotation mark."""
    if find_first(tag, _QUOTE_TAGS) is not None:
        return True
    return any(
        not attr_words(node).isdisjoint(_QUOTE_WORDS)
        or (node.name == "p" and node.get_text().lstrip()[:1] in _OPENING_QUOTES)
        for node in tags(tag)
    )


_QUOTE_TAGS = frozenset({"blockquote", "q", "cite"})
_OPENING_QUOTES = frozenset('“„«"')
_QUOTE_WORDS = frozenset({"quote", "quotes", "testimonial", "testimonials"})


def _list_items(tag: Tag) -> list[Tag]:
    """The list's items in reading order, nested lists' items right after their parent item;
    not a carousel's copies of its slides, nor an ad placed among the items."""
    items: list[Tag] = []
    stack: list[Tag] = [tag]
    while stack:
        node = stack.pop()
        if a_copy(node) or (node is not tag and node.attrs and _an_ad(node)):
            continue
        if node.name == "li":
            items.append(node)
        children = [c for c in node.children if isinstance(c, Tag)]
        stack.extend(reversed(children))
    return items


def _an_ad(tag: Tag) -> bool:
    """Marked as an ad by its class or id ("sponsored", "ad-slot") or by an attribute of its own."""
    return not attr_words(tag).isdisjoint(patterns.AD_WORDS) or _ad_attributes(tag)


def _ad_attributes(tag: Tag) -> bool:
    """An attribute of its own says ad: a Facebook Instant Article's bare ``sponsored``, an ad
    slot's "data-ad-zone", an affiliate product box's "data-affiliate-network"."""
    for name in tag.attrs:  # (a loop, not any(): it runs for nearly every element)
        if name in _AD_ATTRIBUTES or (
            name[:5] == "data-" and name.startswith(_AD_ATTRIBUTE_PREFIXES)
        ):
            return True
    return False


_AD_ATTRIBUTES = frozenset({"sponsored", "data-sponsored", "data-ad"})
_AD_ATTRIBUTE_PREFIXES = ("data-ad-", "data-affiliate")


def _a_record_of_the_page(dl: Tag) -> bool:
    """A definition list whose two or more terms all name the page's own metadata."""
    terms = [clean_line(inline_text(dt)) for dt in find_named(dl, _TERMS)]
    return len(terms) > 1 and all(patterns.META_TERM.match(term) for term in terms)


_TERMS = frozenset({"dt"})


def _alone_in_its_row(cell: Tag) -> bool:
    """A cell with no other cell in its row (a header cell so: the title row of what follows)."""
    return cell.parent is not None and all(
        other is cell or not isinstance(other, Tag) or other.name not in ("td", "th")
        for other in cell.parent.children
    )


def _heads_a_row(th: Tag) -> bool:
    """A row header (a th with a td after it), not a column header of a header row."""
    return th.find_next_sibling("td") is not None


def _label_value_rows(table: Tag) -> bool:
    """Every row a short label beside a short value, and nothing but text in the cells.
    (One walk of the table, stopping at the first sign of layout: a layout table holds the
    whole page.)"""
    rows: list[Tag] = []
    for node in tags(table):
        if node.name in _LAYOUT_INSIDE:
            return False
        if node.name == "tr":
            rows.append(node)
            if len(rows) > _MAX_FACT_ROWS:
                return False
    if not rows:
        return False
    for row in rows:
        cells = [c for c in row.contents if isinstance(c, Tag) and c.name in ("td", "th")]
        if len(cells) != 2 and not _side_by_side_pairs(cells):
            return False
        for label, value in zip(cells[::2], cells[1::2], strict=True):
            if not at_most_words(label.get_text(" "), _MAX_LABEL_WORDS) or not at_most_words(
                value.get_text(" "), _MAX_VALUE_WORDS
            ):
                return False
    return True


def _side_by_side_pairs(cells: list[Tag]) -> bool:
    """A row of label/value pairs side by side: th, td, th, td (a facts strip two pairs wide)."""
    return (
        len(cells) >= 4
        and len(cells) % 2 == 0
        and all(c.name == ("th" if i % 2 == 0 else "td") for i, c in enumerate(cells))
    )


#: A facts table has at most this many rows.
_MAX_FACT_ROWS = 20


#: A facts table's label has at most this many words.
_MAX_LABEL_WORDS = 4


def _structural(dl: Tag) -> bool:
    """A dl whose definitions hold lists, headings, several paragraphs or a paragraph of prose
    is the page's outline; one short value in a <p> (a Sphinx field list) is a facts row."""
    if any(_a_disclosure(node) for node in tags(dl) if node.name == "button"):
        return True  # an FAQ accordion: its terms open their answers
    for dd in _definitions(dl):
        paragraphs = 0
        for node in tags(dd):
            if node.name in _LAYOUT_INSIDE:
                return True
            paragraphs += node.name in _PARAGRAPHS and _own_text(node)
        if paragraphs > 1 or (paragraphs and len(dd.get_text().split()) > _MAX_VALUE_WORDS):
            return True
    return False


def _a_disclosure(button: Tag) -> bool:
    """A control that shows or hides a panel; not one that pops up a list to pick from (a
    condition picker's aria-haspopup="listbox")."""
    if button.get("aria-haspopup") in _PICKERS:
        return False
    return button.has_attr("aria-expanded") or button.has_attr("aria-controls")


_PICKERS = frozenset({"listbox", "menu", "true", "tree", "grid"})


def _definitions(dl: Tag) -> list[Tag]:
    """A dl's <dd>s, and those of the <div>s HTML lets group a term with its definition."""
    found = []
    for child in dl.children:
        if isinstance(child, Tag):
            if child.name == "dd":
                found.append(child)
            elif child.name == "div":
                found.extend(child.find_all("dd", recursive=False))
    return found


def _own_text(block: Tag) -> bool:
    """Whether text stands in the element itself (a wrapper of one <p>, or an empty spacer
    paragraph, is no paragraph of its own)."""
    return any(type(c) is NavigableString and c.strip() for c in block.contents) or any(
        isinstance(c, Tag) and c.name in INLINE and c.get_text().strip() for c in block.contents
    )


#: A definition of at most this many words, even in a <p>, is a value, not prose.
_MAX_VALUE_WORDS = 12


def _is_layout_table(tag: Tag) -> bool:
    """A table used to lay out the page, not to tabulate: it holds headings, lists, nested
    tables, or cells of several paragraphs. (Word's export puts one <p> in every data cell.)"""
    if _label_value_rows(tag):
        return False  # a facts table, whatever its role says (SharePoint marks every table so)
    if tag.get("role") in ("presentation", "none"):
        return True
    # (A box: a title row over a cell of paragraphs, every row a single cell.)
    titled = paragraphs = False
    single = True
    for node in tags(tag):
        if node.name in _LAYOUT_INSIDE:
            return True
        if node.name in ("td", "th"):
            count = _paragraphs(node)
            if count > 1 or _paragraph_break(node):
                return True
            paragraphs = paragraphs or count == 1
            if single:  # (once a row holds two cells, no box: no more rows to look along)
                single = _alone_in_its_row(node)
                titled = titled or (node.name == "th" and single)
    return titled and paragraphs and single


_LAYOUT_INSIDE = frozenset({"table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"})
_PARAGRAPHS = frozenset({"p", "div"})


def _paragraphs(cell: Tag) -> int:
    return sum(1 for child in cell.children if isinstance(child, Tag) and child.name in _PARAGRAPHS)


def _paragraph_break(cell: Tag) -> bool:
    """Two <br>s in a row in the cell: paragraphs laid out with line breaks."""
    for br in find_named(cell, _BREAKS):
        following = br.next_sibling
        while isinstance(following, NavigableString) and not following.strip():
            following = following.next_sibling
        if isinstance(following, Tag) and following.name == "br":
            return True
    return False


#: The classes the page's style sheets make bold, while a walk reads the page.
_BOLD_CLASSES: ContextVar[frozenset[str]] = ContextVar("bold_classes", default=frozenset())
#: An inline style's bold weight: "font-weight:bold", "font-weight: 700".
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.IGNORECASE)


def _styled_bold(tag: Tag) -> bool:
    """Bold by its style rather than its tag: an inline "font-weight:bold" (e-mail, Evernote) or
    a class the page's style sheet makes bold (Google Docs' ".c7{font-weight:700}")."""
    style = tag.get("style")
    if isinstance(style, str) and _BOLD_STYLE.search(style):
        return True
    bold = _BOLD_CLASSES.get()
    names = tag.get("class")
    return bool(bold) and isinstance(names, str) and not bold.isdisjoint(names.split())


def _bold_by_style(tag: Tag) -> bool:
    """Bold by its style, and a line's whole text: an exporter's "<p><span class=c7>Common side
    effects</span></p>", a forum's "<br><span style="font-weight:bold">Side effects</span><br>".
    (Styles make chips and pills bold too, two to a line.)"""
    return (
        _styled_bold(tag)
        and (tag.name not in INLINE or _alone_on_its_line(tag))
        and not box_of_its_own(tag)
    )


def _alone_on_its_line(tag: Tag) -> bool:
    """Nothing but a line break, a block or its parent's edge on either side of it."""
    for forward in (True, False):
        beside = _next_significant(tag, forward)
        if beside is not None and not (
            isinstance(beside, Tag) and (beside.name == "br" or beside.name not in INLINE)
        ):
            return False
    return True


#: Inline elements that style a line (bold, or a font/span around bold): a line in bold alone.
_LINE_STYLES = frozenset({"b", "strong", "font", "span", "u"})


def _bold_run(tag: Tag) -> list[Tag]:
    """The tag and the bold elements right after it, one run of bold split in pieces (Word and
    editors split runs: "<b>Common</b><b> side effects</b>"); empty if the tag is not bold."""
    if not _bold_only(tag, bold=tag.name in _BOLD):
        return []
    run = [tag]
    while (
        isinstance(after := run[-1].next_sibling, Tag)
        and after.name in _LINE_STYLES
        and _bold_only(after, bold=after.name in _BOLD)
    ):
        run.append(after)
    return run


def _bold_line(run: list[Tag]) -> bool:
    """A run of inline elements, all bold, that is a line of its own: after it comes a blank
    line (two <br>s), a block, or the end of a block ("<b>Side effects</b><br><br>Text")."""
    if not run:
        return False
    tag, last = run[0], run[-1]
    following = _next_significant(last)
    if following is None:
        return _ends_its_line(last.parent)
    if not isinstance(following, Tag):
        return False  # the line goes on in plain text
    if following.name != "br":
        return following.name not in INLINE
    after = _next_significant(following)
    if isinstance(after, Tag) and (after.name == "br" or after.name not in INLINE):
        return True
    # A bold line that opens a paragraph labels the lines under it ("<br><br><b>Common</b><br>
    # headache<br>nausea"), though only one <br> follows it.
    return _opens_a_paragraph(tag)


def _ends_its_line(parent: Tag | None) -> bool:
    """Whether the end of ``parent``, where an inline element ends, ends a line: a block ends
    there, or an inline wrapper ends right before a block ("<span>…<b>Know</b></span><ul>")."""
    while parent is not None and parent.name in INLINE:
        after = _next_significant(parent)
        if isinstance(after, Tag) and after.name == "br":
            # (a line break, then a block or a blank line: "<span><b>X</b></span><br><blockquote>")
            after = _next_significant(after)
            return after is None or (
                isinstance(after, Tag) and (after.name not in INLINE or after.name == "br")
            )
        if after is not None:
            return isinstance(after, Tag) and after.name not in INLINE
        parent = parent.parent
    return parent is not None


def _opens_a_paragraph(tag: Tag) -> bool:
    """Nothing but a paragraph break (two <br>s) or its block's start comes before it."""
    before = _next_significant(tag, forward=False)
    if before is None:
        # The block's first line heads it only if bold lines head later paragraphs too ("<b>Common
        # </b><br>…<br><br><b>Serious</b><br>…", or "<p><b>Serious</b><br>…</p>" beside it): a
        # lone "<b>Note</b><br>…" is a label.
        return _a_later_bold_paragraph(tag) or _a_neighbour_opens_alike(tag)
    if isinstance(before, Tag) and before.name not in INLINE:
        return True  # right after a block or a rule (<hr>): a line of its own
    if not (isinstance(before, Tag) and before.name == "br"):
        return False
    earlier = _next_significant(before, forward=False)
    return isinstance(earlier, Tag) and earlier.name == "br"


def _a_later_bold_paragraph(tag: Tag) -> bool:
    sibling = tag.next_sibling
    while sibling is not None:
        if (
            isinstance(sibling, Tag)
            and sibling.name in _LINE_STYLES
            and _opens_a_paragraph(sibling)
            and _bold_only(sibling, bold=sibling.name in _BOLD)
        ):
            return True
        sibling = sibling.next_sibling
    return False


def _a_neighbour_opens_alike(tag: Tag) -> bool:
    """The block before or after the tag's own (a paragraph it opens) opens with a bold line
    of its own too: "<p><b>Overview</b><br>…</p><p><b>What to expect</b><br>…</p>"."""
    block = tag.parent
    while (
        block is not None
        and block.name in _WRAPPERS
        and block.parent is not None
        and only_element(block.parent) is block
    ):
        block = block.parent  # (a span around the paragraph's whole text)
    if block is None or block.name in INLINE:
        return False
    anchor = block
    while anchor.parent is not None and only_element(anchor.parent) is anchor:
        anchor = anchor.parent  # (a div around the paragraph alone)
    for forward in (True, False):
        other = _next_significant(anchor, forward)
        while isinstance(other, Tag) and not other.get_text().strip():
            other = _next_significant(other, forward)  # (an empty spacer: "<p>&nbsp;</p>")
        while isinstance(other, Tag) and other.name != block.name and other.name not in INLINE:
            other = only_element(other)
        if not isinstance(other, Tag) or other.name != block.name:
            continue
        first = _first_content(other)
        while isinstance(first, Tag) and first.name in _WRAPPERS and not _bold_only(first):
            first = _first_content(first)
        if (
            isinstance(first, Tag)
            and first.name in _LINE_STYLES
            and _bold_only(first, bold=first.name in _BOLD)
            and isinstance(after := _next_significant(first), Tag)
            and after.name == "br"
        ):
            return True
    return False


_WRAPPERS = frozenset({"span", "font"})


def _first_content(tag: Tag) -> PageElement | None:
    """The first child that is an element or text other than spaces."""
    first: PageElement | None = tag.contents[0] if tag.contents else None
    if isinstance(first, NavigableString) and not first.strip():
        first = _next_significant(first)
    return first


def _bold_leads(listing: Tag) -> list[tuple[Tag, list[Tag]]]:
    """A list laid out as the page's outline: each of its two or more items opens with a bold
    line over blocks ("<li><strong>Side effects</strong><p>…</p><ul>…</ul></li>"), which heads
    the rest of its item. Each item with its bold run (empty: not such a list)."""
    leads: list[tuple[Tag, list[Tag]]] = []
    for item in listing.children:
        if not isinstance(item, Tag):
            if type(item) is NavigableString and item.strip():
                return []
            continue
        if item.name != "li":
            return []
        first = item.contents[0] if item.contents else None
        if type(first) is NavigableString and not first.strip():
            first = _next_significant(first)
        run = _bold_run(first) if isinstance(first, Tag) and first.name in _BOLD else []
        after = _next_significant(run[-1]) if run else None
        if not (isinstance(after, Tag) and after.name not in INLINE and after.name != "br"):
            return []
        leads.append((item, run))
    return leads if len(leads) > 1 else []


def _read_bold_led_items(
    w: _Walker,
    listing: Tag,
    leads: list[tuple[Tag, list[Tag]]],
    stack: list[PageElement | Callable[[], None]],
) -> None:
    """Walk a bold-led list (see ``_bold_leads``) as headings, each over the rest of its item,
    all one level below where the list stands (a nested one's a level below its item's)."""
    w.flush()
    outer = next((w.bold_led[id(p)] for p in listing.parents if id(p) in w.bold_led), w.level)
    level = w.bold_led[id(listing)] = outer + 1
    stack.append(_exit_block(w, listing))
    for item, run in reversed(leads):
        # (by identity: bs4's == compares markup, and an item may repeat its bold run)
        end = next(at for at, node in enumerate(item.contents) if node is run[-1])
        stack.extend(reversed(item.contents[end + 1 :]))
        text = "".join(inline_text(piece) for piece in run)
        stack.append(partial(w.heading, level, text, True))


def _next_significant(node: PageElement, forward: bool = True) -> PageElement | None:
    """The next (or previous) sibling that is an element or text other than spaces (None:
    none is)."""
    sibling = node.next_sibling if forward else node.previous_sibling
    while sibling is not None:
        if isinstance(sibling, Tag):
            # (An empty inline element, an e-mail's "<a name=se></a>" anchor, shows nothing.)
            if sibling.contents or sibling.name not in _EMPTY_INLINE:
                return sibling
        elif type(sibling) is NavigableString and sibling.strip():
            return sibling
        sibling = sibling.next_sibling if forward else sibling.previous_sibling
    return None


_EMPTY_INLINE = frozenset({"a", "span"})


def _credit_in_text(w: _Walker, tag: Tag) -> bool:
    return (tag.name in INLINE and credit_in_text(tag, w.parts)) or attribution(tag)


def _dispatch(w: _Walker, tag: Tag, stack: list[PageElement | Callable[[], None]]) -> None:
    name = tag.name
    # Hidden elements are not skipped: accordions and tabs hide their panels (hidden,
    # aria-hidden, display:none) until clicked, and the text in them is the page's content.
    role = tag.get("role")
    if role == "button" and name in HEADING_TAGS:
        role = None  # a heading made the control of its accordion panel is still its heading
    if name == "button" and a_term_in_a_sentence(tag):
        stack.extend(reversed(tag.contents))  # a glossary term's word is the sentence's
        return
    if (
        role == "tablist"
        and not holds_the_article(tag, w.title)  # (unclosed tags can nest a page in it)
        and tag.find(role="tabpanel") is None  # (Bootstrap 3's accordion holds them)
        and not _holds_its_panels(tag)  # (so does Enfold's toggle, panels without a role)
    ):
        w.read_tabs(tag)  # the labels head their panels, which come later
        return
    if w.labelled and id(tag) in w.labelled:
        w.heading(w.level + 1, w.labelled.pop(id(tag)), inferred=True)
    elif name == "div" and _radio_tab_labels(w, tag):
        return
    if role == "tabpanel":
        label = w.tab_label(tag)
        if label:
            w.heading(w.level + 1, label, inferred=True)
    elif (
        (name == "button" or role in ("button", "tab"))
        and _a_disclosure(tag)
        and not _chrome_control(tag)  # a "Share" or "Menu" toggle is no disclosure's header
        and not patterns.TRUNCATION_TOGGLE.match(_control_label(tag))  # "Read more" shows the rest
    ):
        w.heading(w.disclosure_level(), _control_label(tag), inferred=True)
        controls = tag.get("aria-controls")
        if isinstance(controls, str):
            w.panels.update(controls.split())
        return
    if a_copy(tag):
        return
    if name in patterns.DROP_TAGS and not (
        (name == "form" and _wraps_the_page(tag)) or (name == "button" and _is_a_card(tag))
    ):
        # (ASP.NET WebForms and Lotus Domino wrap the whole page in one <form>: that is layout.)
        if name == "script" and tag.get("type") == "application/ld+json":
            w.out.jsonld.append(tag.get_text())
        elif name == "nav" or name == "dialog":
            w.drop_chrome(tag)
        return
    chrome = (
        (isinstance(role, str) and role in patterns.DROP_ROLES and not _a_warning_in_text(w, tag))
        # A sidebar, or a box beside the article (a promo "callout"): not its text; an aside
        # classed as a note or warning is an admonition in it.
        or (name == "aside" and attr_words(tag).isdisjoint(patterns.ADMONITION_WORDS))
        or (name in _SITE_CHROME_TAGS and not w.in_content)
        # A brand site's Important Safety Information after the article's <main> has closed:
        # the regulatory text every page repeats (inside <main> it is the page's own section).
        or (w.main is not None and not w.in_main and "isi" in attr_words(tag))
        # A figure's caption is the figure's: a review card's "Sam, 41" is no byline box,
        # whatever its class ("ReviewCard_author").
        or (name != "figcaption" and chrome_by_attrs(tag) and not _credit_in_text(w, tag))
        or (
            tag.attrs
            and (
                is_breadcrumb(tag)
                or hidden_icon(tag)
                or tag.has_attr("popover")
                or _ad_attributes(tag)
                or _a_story_embed(tag)
            )
        )
    ) and not (
        _signs_a_quote(tag)
        or _the_main(tag)
        or _a_section_dek(w, tag)
        or _a_card_link(tag)
        or _a_related_heading(tag)
    )
    if (
        chrome
        and (not w.keep_chrome or not attr_words(tag).isdisjoint(patterns.AD_WORDS))
        and (
            role in ("navigation", "search")
            or _a_consent_box_after_main(w, tag)
            # A consent dialog has its own h1; one that holds the article is broken markup's.
            or (role == "dialog" and not holds_the_article(tag, w.title))
            or not (
                holds_page_content(tag, titles=w.main is None or w.in_main)
                or _holds_all_of_main(w, tag)
                or _a_carousel_of_quotes(tag)
                or _holds_tab_panels(tag)
            )
        )
    ):
        w.drop_chrome(tag)
        return
    if tag.attrs and _a_disclosure_header(tag):
        # (Confluence's "expand-control": a disclosure by its names alone, no ARIA.)
        w.heading(w.level + 1, inline_text(tag), inferred=True)
        return
    level = heading_level(tag)
    if level is not None:
        # Its links count too: a card's title link is often the only link to the article.
        text = inline_text(tag, w.links, keep=_HEADING_CONTROLS)
        if not text.strip() and _a_link_to_itself(tag):
            # Its whole text a link to itself, classed like chrome (markdown-it's "header-anchor").
            text = inline_text(tag, keep=_HEADING_CONTROLS, skip_chrome=False)
        # (A heading drawn as an image says its words in the image's alt text.)
        w.heading(level, text if text.strip() else _image_words(tag), inferred=False)
        return
    if name == "th" and w.in_layout_table and _alone_in_its_row(tag):
        # A box's title bar in a layout table ("<tr><th class=boxhead>Side effects</th></tr>"),
        # its subheads, classed otherwise, a level below.
        w.heading(w.box_title_level(tag), inline_text(tag), inferred=True)
        return
    if name == "summary" or (name == "th" and w.in_layout_table and _heads_a_row(tag)):
        # <summary> heads its <details>; a row header in a layout table heads its row's cell.
        w.heading(w.level + 1, inline_text(tag), inferred=True)
        return
    if (name == "p" and _bold_only(tag)) or (
        name == "div" and tag.attrs and _bold_by_style(tag) and _bold_only(tag, bold=True)
    ):
        # A page that uses bold paragraphs as headings uses them at one level throughout.
        # (A div's own text in bold by its style is one too: "<div style="font-weight:bold">".)
        if w.bold_level is None:
            w.bold_level = w.level + 1
        w.heading(w.bold_level, inline_text(tag), inferred=True)
        return
    if name in ("ul", "ol") and (leads := _bold_leads(tag)):
        _read_bold_led_items(w, tag, leads, stack)
        return
    if name in ("ul", "ol") and not _holds_structure(tag):
        w.add_list(tag)
        return
    if name == "dl" and _a_record_of_the_page(tag):
        return  # ("Content current as of: … · Health Topic(s): Opioids": the CMS's own record)
    if name == "dl" and not _structural(tag):
        w.add_dl(tag)
        return
    if name == "dt" and w.in_structural_dl:
        # A question heading its answer (a disclosure's button in it keeps its words).
        w.heading(w.level + 1, inline_text(tag, keep=_HEADING_CONTROLS), inferred=True)
        return
    if name == "dl":  # a definition list laid out as the page: its terms head its parts
        w.in_structural_dl += 1
        stack.append(w.leave_structural_dl)
    if name == "table":
        if not _is_layout_table(tag):
            w.add_table(tag)
            return
        w.in_layout_table += 1
        stack.append(w.leave_layout_table)
    if name == "br":
        w.parts.append(BR)
        return
    if (
        (name == "sup" and a_citation(tag))
        or (name == "a" and (a_citation_link(tag) or a_seek_link(tag)))
        or (
            name == "label" and tag.has_attr("for")  # a form control's label
        )
    ):
        return
    if name in _LINE_STYLES and w.at_line_start() and _bold_line(run := _bold_run(tag)):
        # Text laid out with <br>s: a bold line of its own is a heading, like a bold paragraph.
        if w.bold_level is None:
            w.bold_level = w.level + 1
        w.heading(w.bold_level, "".join(inline_text(piece) for piece in run), inferred=True)
        for piece in run[1:]:  # (the run's other pieces are next on the stack)
            if stack and stack[-1] is piece:
                stack.pop()
        return
    if name in INLINE and (name == "a" or not box_of_its_own(tag)):
        # (A chip or pill is a box of its own: "<span class=chip>A</span><span class=chip>B</span>"
        # shows two values, not "AB".)
        if name == "a":
            if tag.attrs and chip_after_chip(tag):  # chips that are links: "A, B", not "AB"
                w.parts.append(", ")
            href = tag.get("href")
            if isinstance(href, str) and href.strip():
                w.links.append((link_title(tag), href.strip()))
        stack.extend(reversed(tag.contents))
        return
    # A block container: what came before it is one block, what it holds another.
    w.flush()
    if "-" in name and isinstance(href := tag.get("href"), str) and href.strip():
        # A custom element that is a link (Ionic's <ion-item href>), like an <a> around blocks.
        w.links.append((link_title(tag), href.strip()))
    stack.append(_exit_block(w, tag))
    stack.extend(reversed(tag.contents))


def _radio_tab_labels(w: _Walker, box: Tag) -> bool:
    """CSS-only tabs (MkDocs Material's "tabbed-set"): a row of <label>s for radio buttons, then
    a box of as many panels, in order. Each label heads its panel (the row itself is read)."""
    labels: list[Tag] = []
    for child in box.children:
        if isinstance(child, Tag):
            if child.name != "label" or not child.has_attr("for"):
                return False  # (most boxes: the first element tells)
            labels.append(child)
    if len(labels) < 2:
        return False
    container = box.parent
    radios = {
        node.get("id")
        for node in (container.find_all("input", recursive=False) if container else [])
        if node.get("type") == "radio"
    }
    if not {label.get("for") for label in labels} <= radios:
        return False
    after = _next_significant(box)
    panels = [c for c in after.children if isinstance(c, Tag)] if isinstance(after, Tag) else []
    if len(panels) != len(labels):
        return False
    for label, panel in zip(labels, panels, strict=True):
        w.labelled[id(panel)] = clean_line(label.get_text())
    return True


def _label_and_value(item: Tag) -> str | None:
    """A list item of a fact label and its value in two boxes laid side by side, nothing
    between ("<li><span>Drug class</span><span>SSRI</span></li>"): "Drug class: SSRI". Any
    label counts whose boxes are classed so ("facts__label", "facts__value")."""
    children = _significant(item.contents)
    while len(children) == 1 and isinstance(children[0], Tag) and children[0].name in INLINE:
        children = _significant(children[0].contents)  # (a wrapper span around both)
    if len(children) != 2 or not all(isinstance(c, Tag) and c.name in INLINE for c in children):
        return None
    first, second = cast(list[Tag], children)
    label, value = clean_line(first.get_text()), clean_line(second.get_text())
    if not value or not (
        _FACT_LABEL.fullmatch(label.rstrip(": ")) or named_label_and_value(first, second)
    ):
        return None
    return f"{label.rstrip(': ')}: {value}"


def _a_consent_box_after_main(w: _Walker, tag: Tag) -> bool:
    """A cookie box met after the page's <main> began (so not around it) is chrome, though it
    holds a "main" of its own (jQuery Mobile gives every page and popup one)."""
    return (
        w.main is not None
        and not attr_words(tag).isdisjoint(_CONSENT_WORDS)
        and patterns.CONSENT_TEXT.search(tag.get_text()) is not None
    )


_CONSENT_WORDS = frozenset({"cookie", "cookies", "consent", "gdpr"})


def _a_link_to_itself(heading: Tag) -> bool:
    """The heading holds a link to a part of this page (its own anchor)."""
    link = heading.find("a", href=True)
    return isinstance(link, Tag) and str(link["href"]).startswith("#")


def _image_words(tag: Tag) -> str:
    image = find_first(tag, _IMAGES)
    alt = image.get("alt") if image is not None else None
    return alt if isinstance(alt, str) else ""


_IMAGES = frozenset({"img"})


def _a_disclosure_header(tag: Tag) -> bool:
    """The clickable header of a disclosure named so by its classes alone ("expand-control",
    "toggle-title"): a few words over the panel that follows it."""
    if tag.name not in _DISCLOSURE_HEADER_TAGS:
        return False
    names = own_words(tag)
    if names.isdisjoint(_DISCLOSURE_WORDS) or names.isdisjoint(_HEADER_WORDS):
        return False
    if find_first(tag, _BLOCK_INSIDE) is not None or not isinstance(_next_significant(tag), Tag):
        return False
    return at_most_words(tag.get_text(), patterns.MAX_HEADING_WORDS)


_DISCLOSURE_HEADER_TAGS = frozenset({"div", "span", "p", "a", "dt"})
_DISCLOSURE_WORDS = frozenset({"expand", "toggle", "collapsible", "accordion", "collapse"})
_HEADER_WORDS = frozenset({"control", "title", "header", "heading", "trigger", "label", "handle"})
_BLOCK_INSIDE = frozenset(HEADING_TAGS) | {"p", "ul", "ol", "table", "div", "button"}


def _a_story_embed(tag: Tag) -> bool:
    """A box marked as related that offers one story and no heading ("Related Story" over one
    link, between two sections): a news story's "Read more: …" line, not related reading."""
    if tag.name not in _EMBED_BOXES or not is_related_container(tag):
        return False
    hrefs = set()
    for node in tags(tag):
        if node.name in HEADING_TAGS or node.get("role") == "heading":
            return False  # (a related block with its heading, however few its links)
        if node.name == "a" and node.get("href"):
            hrefs.add(node.get("href"))
    return len(hrefs) == 1


_EMBED_BOXES = frozenset({"div", "aside", "section", "figure"})
_CARD_ACTION_BOXES = patterns.CONTROL_WORDS | {"footer"}


def _a_card_link(tag: Tag) -> bool:
    """A link around a card's heading, classed as a control only by its UI kit ("MuiButtonBase
    MuiCardActionArea"), or a card's action ("Read guide", alone in a box of "card-actions"):
    the card's link, not a button."""
    chrome = own_words(tag) & patterns.CHROME_WORDS
    if tag.name != "a":
        # (A card's footer that holds only its "Read guide" button: USWDS's "usa-card__footer".)
        if not chrome <= _CARD_ACTION_BOXES:
            return False
        link = only_element(tag)
        return link is not None and link.name == "a" and _a_card_action(link)
    if not chrome <= patterns.CONTROL_WORDS:
        return False
    if not tag.get("href"):
        return False
    return find_first(tag, HEADING_TAGS) is not None or _a_card_action(tag)


def _a_card_action(link: Tag) -> bool:
    """A card's action link, titled by the card's heading."""
    text = clean_line(link.get_text())
    return (
        bool(link.get("href"))
        and patterns.CARD_ACTION.match(text) is not None
        and link_title(link) != text
    )


def _a_related_heading(tag: Tag) -> bool:
    """A heading that names related reading ("See also"), whatever its class says (a video
    site's "rail-title"): the label of the links after it."""
    if tag.name not in HEADING_TAGS:
        return False
    return bool(RELATED_HEADING.search(" ".join(tag.get_text().split()).lower()))


def _a_warning_in_text(w: _Walker, tag: Tag) -> bool:
    """A role=alert box once the article's sections began (Bootstrap's or MUI's "Alert":
    "Important: call 999 if …"), with or without a <main> around them, or in a tab's panel,
    is a warning in the text; a site's alert bar stands before them."""
    return (
        tag.get("role") == "alert"
        and (w.sections_begun or tag.find_parent(attrs={"role": "tabpanel"}) is not None)
        and not patterns.CONSENT_TEXT.search(tag.get_text())
    )


def _significant(nodes: list[PageElement]) -> list[PageElement]:
    """The nodes that show something: elements, and text other than spaces."""
    return [n for n in nodes if isinstance(n, Tag) or (type(n) is NavigableString and n.strip())]


def _a_section_dek(w: _Walker, tag: Tag) -> bool:
    """A box classed as a dek ("subtitle") inside the article, past its first section: a
    subheading in the site's style (Bulma's <h3 class="subtitle is-5">) or a section's lead
    line (Site123's "module-subtitle"), not the title's dek."""
    return w.sections_begun and dek_by_attrs(tag)


def _holds_structure(listing: Tag) -> bool:
    """A list whose items hold headings, disclosures or tabs is the page's layout (Notion's
    toggle headings, Foundation's accordion sit in a <ul>), not a list of items."""
    return any(
        node.name in _STRUCTURE or node.get("role") in _STRUCTURE_ROLES for node in tags(listing)
    )


_STRUCTURE = frozenset(HEADING_TAGS) | {"details"}
_STRUCTURE_ROLES = frozenset({"heading", "tab", "tabpanel"})


_HEADING_ROLES = frozenset({"heading", "tab"})


def _holds_an_outline(box: Tag) -> bool:
    """Two headings or more inside (tabs head their panels): a section and its parts, not a
    callout's little title."""
    found = 0
    for node in tags(box):
        if node.name in HEADING_TAGS or node.get("role") in _HEADING_ROLES:
            found += 1
            if found > 1:
                return True
    return False


def _holds_all_of_main(w: _Walker, tag: Tag) -> bool:
    """A box that holds (nearly) all the text of the page's <main> is its layout, whatever its
    class says (Liferay wraps the article in "portlet" boxes, which elsewhere are sidebars)."""
    if w.main is None or not w.in_main:
        return False
    if w.main_chars < 0:
        built, chars = w.built_main
        w.main_chars = chars if built is w.main else _text_chars(w.main)
    need = _MAIN_SHARE * w.main_chars
    return w.main_chars > 0 and _text_chars(tag, stop_at=need) >= need


def _text_chars(tag: Tag, stop_at: float = float("inf")) -> int:
    """How many characters of text, spaces aside, the element shows (not its scripts); the
    count stops once it reaches ``stop_at``."""
    count = 0
    stack: list[PageElement] = [tag]
    while stack and count < stop_at:
        node = stack.pop()
        if type(node) is NavigableString:
            count += len("".join(node.split()))
        elif isinstance(node, Tag) and node.name not in patterns.UNREAD_TAGS:
            stack.extend(node.contents)
    return count


#: A box with this share of <main>'s text is the main's layout.
_MAIN_SHARE = 0.8


def _table_of_contents(items: list[str], links: list[Link]) -> bool:
    """A list of links to the page's own parts ("#side-effects"), each item only its link: a
    table of contents, whatever its classes say."""
    return (
        len(items) >= 2
        and len(links) == len(items)
        and all(href.startswith("#") and len(href) > 1 for _, href in links)
        and [clean_line(text) for text, _ in links] == items
    )


def _is_a_card(button: Tag) -> bool:
    """A button that holds paragraphs is a card that flips or opens (a flashcard), not a
    control: its paragraphs are the page's."""
    return button.find("p") is not None


def _exit_block(w: _Walker, tag: Tag) -> Callable[[], None]:
    """Enter a block container; return what to do when the walk leaves it."""
    level = w.level
    content = tag.name in _CONTENT_ROOTS
    is_main = w.main is None and (tag.name == "main" or tag.get("role") == "main")
    if is_main:
        w.main, w.in_main = tag, True
    names = attr_words(tag)
    related = bool(names) and is_related_container(tag)
    # ARIA's "note" is a box of parenthetic content: its little heading is text, like a callout's.
    # (A <details> styled as an alert is a disclosure: its summary heads it; an <article> or
    # <main> classed "note", a blog's post, is the page.)
    callout = (
        not content
        and (
            tag.get("role") in ("note", "alert")
            or (tag.name != "details" and not names.isdisjoint(patterns.CALLOUT_WORDS))
        )
        and not _holds_an_outline(tag)  # a card with a "border-warning" holding a section
        and not _holds_all_of_main(w, tag)  # Evernote's "note-content": the note itself
    )
    # A disclosure's panel scopes the headings in it, like <details>: the next header of the
    # accordion stands where this one did.
    restores_level = (
        tag.name in _OUTLINE_SCOPES
        or tag.get("role") in ("tabpanel", "region")
        or tag.get("id") in w.panels
    )
    w.in_content += content
    w.in_related += related
    w.in_callout += callout
    signature = tag.name == "footer" and _signs_a_quote(tag)
    w.in_signature += signature
    # The article's own header holds its h1 and the lines that go with it: a subtitle or a
    # kicker drawn as h2/h3 there (a Facebook Instant Article's) is no section.
    title_box = tag.name in _TITLE_BOXES and find_first(tag, _H1) is not None
    w.in_title_box += title_box
    w.containers += 1
    w.path.append(w.containers)

    def leave() -> None:
        w.flush()
        w.path.pop()
        if is_main:
            w.in_main = False
        w.in_content -= content
        w.in_related -= related
        w.in_callout -= callout
        w.in_signature -= signature
        w.in_title_box -= title_box
        if restores_level:
            w.level = level  # a <summary> or tab label inside heads this container only

    return leave


def walk(soup: BeautifulSoup | Tag, keep_chrome: bool = False) -> Walk:
    """Flatten a page's content into headings and text blocks, in reading order
    (``keep_chrome``: every block of ``soup``'s children, chrome too)."""
    w = _Walker(keep_chrome)
    if isinstance(soup, BeautifulSoup):
        w.out.chrome_text.append(noscript_text(soup)[:2000])  # shown without JavaScript
        w.built_main = main_text(soup)
    # (find_first: soup.title and soup.body are find() calls, dearer than the search itself)
    title = find_first(soup, _TITLE) if isinstance(soup, BeautifulSoup) else None
    w.title = clean_line(title.get_text()).lower() if title is not None else ""
    root = find_first(soup, _BODY) or soup
    bold = _BOLD_CLASSES.set(bold_classes(soup) if isinstance(soup, BeautifulSoup) else frozenset())
    try:
        _walk_from(w, root)
    finally:
        _BOLD_CLASSES.reset(bold)
    return w.out


def _walk_from(w: _Walker, root: BeautifulSoup | Tag) -> None:
    stack: list[PageElement | Callable[[], None]] = list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:
                w.parts.append(node)
        elif isinstance(node, Tag):
            _dispatch(w, node, stack)
        elif not isinstance(node, PageElement):
            node()
    w.flush()
