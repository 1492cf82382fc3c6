"""One walk over the soup: page chrome skipped, content flattened into headings and text blocks.

The walk is iterative (an explicit stack), so a page nested 10,000 levels deep costs no recursion.
Inline elements feed a buffer that block-level elements flush, so ``<b>Tac</b>rolimus`` stays
one word and ``<p>a</p><p>b</p>`` stays two paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

from pipeline.normalize import clean_line, clean_text
from pipeline.parse import patterns

Link = tuple[str, str]  # (link text, href as written)

_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
        "nobr",
        "img",
        "picture",
        "source",
        "output",
        "meter",
        "progress",
    }
)
_BOLD = frozenset({"b", "strong"})
_CONTENT_ROOTS = frozenset({"article", "main"})
_SITE_CHROME_TAGS = frozenset({"header", "footer", "aside"})
_DASHES = re.compile(r"[-_]+")
_CLASS_WORD = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")
# Line breaks in the HTML source are spaces; only <br> breaks a line.
# The walk marks <br> with NUL (which HTML text cannot hold), then one translate per block turns
# source newlines into spaces and the marks into the only real line breaks.
_BR = "\x00"
_LINES = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", _BR: "\n"})
# An h1 that is a short link is the site's logo, not the page's title.
_MAX_LOGO = 40
# A container with this many paragraphs of this many characters holds an article, not chrome.
_ARTICLE_PARAGRAPH, _ARTICLE_PARAGRAPHS = 200, 3
# A bold-only paragraph longer than this, or ending in a full stop, is emphasis, not a heading.
_MAX_BOLD_HEADING = 120


@dataclass(slots=True)
class Heading:
    level: int
    text: str
    inferred: bool = False  # level inferred from context (summary, bold paragraph)
    path: tuple[int, ...] = ()  # the block containers it sits in, outermost first


@dataclass(slots=True)
class TextBlock:
    text: str
    items: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    related: bool = False  # inside a container marked as related articles
    path: tuple[int, ...] = ()


Block = Heading | TextBlock


@dataclass(slots=True)
class Walk:
    blocks: list[Block] = field(default_factory=list)
    breadcrumbs: list[str] = field(default_factory=list)
    chrome_related: list[Link] = field(default_factory=list)  # related links found in chrome
    chrome_text: list[str] = field(default_factory=list)  # text of dropped consent banners
    jsonld: list[str] = field(default_factory=list)  # JSON-LD scripts met in the body


@lru_cache(maxsize=4096)
def _words(value: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _CLASS_WORD.split(value) if w)


def _attr_text(tag: Tag) -> str:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    ident = tag.get("id") or ""
    return " ".join([*classes, ident if isinstance(ident, str) else ""]).strip()


def _chrome_by_attrs(tag: Tag) -> bool:
    if "class" not in tag.attrs and "id" not in tag.attrs:
        return False
    attrs = _attr_text(tag)
    if not attrs:
        return False
    lowered = _DASHES.sub("-", attrs.lower())  # BEM "article__meta" reads as "article-meta"
    if any(p in lowered for p in patterns.CHROME_PHRASES):
        return True
    return not _words(attrs).isdisjoint(patterns.CHROME_WORDS)


def _is_related_container(tag: Tag) -> bool:
    attrs = _attr_text(tag)
    return bool(attrs) and not _words(attrs).isdisjoint(patterns.RELATED_WORDS)


def _tags(tag: Tag) -> Iterator[Tag]:
    return (node for node in tag.descendants if isinstance(node, Tag))


def _holds_page_content(tag: Tag) -> bool:
    """A wrapper that holds the title or the article is layout, whatever its class says."""
    # A layout word ("content-with-sidebar") may wrap the article: widgets hold blurbs, an
    # article holds paragraphs. (Not <article>: WordPress wraps every comment in one.)
    layout = not _words(_attr_text(tag)).isdisjoint(patterns.LAYOUT_WORDS)
    paragraphs = 0
    for node in _tags(tag):
        name = node.name
        if name == "main" or (name == "h1" and not _is_logo(node)):
            return True
        if layout and name == "p" and len(node.get_text()) >= _ARTICLE_PARAGRAPH:
            paragraphs += 1
            if paragraphs >= _ARTICLE_PARAGRAPHS:
                return True
    return False


def _is_logo(h1: Tag) -> bool:
    return h1.find("a") is not None and len(h1.get_text(strip=True)) <= _MAX_LOGO


def heading_level(tag: Tag) -> int | None:
    """The outline level of a heading element, or None if the element is not a heading."""
    level = _HEADING_TAGS.get(tag.name)
    if level is not None:
        return level
    if tag.get("role") == "heading":
        raw = tag.get("aria-level")
        try:
            return max(1, min(6, int(raw))) if isinstance(raw, str) else 2
        except ValueError:
            return 2
    return None


def _bold_only(tag: Tag) -> bool:
    """<p><strong>Side effects</strong></p>: a paragraph all in bold, short and not a sentence."""
    text: list[str] = []
    stack: list[tuple[PageElement, bool]] = [(c, False) for c in reversed(tag.contents)]
    while stack:
        node, bold = stack.pop()
        if isinstance(node, NavigableString):
            if type(node) is NavigableString and node.strip():
                if not bold:
                    return False
                text.append(node)
        elif isinstance(node, Tag) and node.name in _INLINE:
            inner = bold or node.name in _BOLD
            stack.extend((c, inner) for c in reversed(node.contents))
        elif isinstance(node, Tag) and node.name != "br":
            return False
    heading = clean_line("".join(text))
    return 0 < len(heading) <= _MAX_BOLD_HEADING and not heading.endswith(".")


def inline_text(
    tag: Tag,
    links: list[Link] | None = None,
    skip: frozenset[str] = frozenset(),
    keep: frozenset[str] = frozenset(),
) -> str:
    """An element's text, inline spacing kept, <br> as a line break; `skip` elements left out."""
    parts: list[str] = []
    stack: list[PageElement] = [tag]
    while stack:
        node = stack.pop()
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:
                parts.append(node)
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if node is not tag and (
            name in skip
            or (name in patterns.DROP_TAGS and name not in keep)
            or _chrome_by_attrs(node)  # "[edit]" links in headings, tooltips, share icons
            or (name == "sup" and _CITATION.match(node.get_text()))
        ):
            continue
        if name == "br":
            parts.append(_BR)
            continue
        if node is not tag and name not in _INLINE:
            parts.append(_BR)  # a block inside inline content: keep the words apart
        if name == "a" and links is not None:
            href = node.get("href")
            if isinstance(href, str) and href.strip():
                links.append((clean_line(node.get_text()), href.strip()))
        stack.extend(reversed(node.contents))
    return "".join(parts).translate(_LINES)


class _Walker:
    def __init__(self) -> None:
        self.out = Walk()
        self.parts: list[str] = []
        self.links: list[Link] = []
        self.level = 1  # level of the last real heading, for inferred levels
        self.in_content = 0  # depth inside <article>/<main>
        self.in_related = 0  # depth inside a container marked as related
        self.path: list[int] = []  # ids of the open block containers
        self.in_layout_table = 0
        self.bold_level: int | None = None  # the level of the page's first bold-only heading
        self.tabs: dict[str, str] = {}  # tab id or controlled panel id → tab label
        self.containers = 0

    # -- output ---------------------------------------------------------------------------------
    def flush(self) -> None:
        text = clean_text("".join(self.parts).translate(_LINES)) if self.parts else ""
        if text or self.links:  # a card link wrapping only a heading still counts as a link
            self.emit(TextBlock(text, links=self.links))
        self.parts, self.links = [], []

    def emit(self, block: Block) -> None:
        if isinstance(block, TextBlock) and self.in_related:
            block.related = True
        block.path = tuple(self.path)
        self.out.blocks.append(block)

    def heading(self, level: int, text: str, inferred: bool) -> None:
        self.flush()
        text = clean_line(text)
        if text:
            self.emit(Heading(level, text, inferred))
            if not inferred:
                self.level = level

    # -- element handlers -----------------------------------------------------------------------
    def add_list(self, tag: Tag) -> None:
        self.flush()
        items: list[str] = []
        links: list[Link] = []
        for li in _list_items(tag):
            text = clean_line(inline_text(li, links, skip=_LISTS))
            if text:
                items.append(text)
        if items or links:
            self.emit(TextBlock("\n".join(items), items=items, links=links))

    def add_dl(self, tag: Tag) -> None:
        self.flush()
        lines: list[str] = []
        links: list[Link] = []
        term: str | None = None
        for child in tag.find_all(["dt", "dd"]):
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
        for tr in tag.find_all("tr"):
            cells = [clean_line(inline_text(c, links)) for c in tr.find_all(["td", "th"])]
            row = " | ".join(c for c in cells if c)
            if row:
                rows.append(row)
        if rows:
            self.emit(TextBlock("\n".join(rows), links=links))

    def leave_layout_table(self) -> None:
        self.in_layout_table -= 1

    def read_tabs(self, tablist: Tag) -> None:
        for tab in tablist.find_all(attrs={"role": "tab"}):
            label = clean_line(inline_text(tab))
            for key in (tab.get("id"), tab.get("aria-controls")):
                if isinstance(key, str) and label:
                    self.tabs[key] = label

    def tab_label(self, panel: Tag) -> str:
        for key in (panel.get("aria-labelledby"), panel.get("id")):
            if isinstance(key, str) and key in self.tabs:
                return self.tabs[key]
        label = panel.get("aria-label")
        return label.strip() if isinstance(label, str) else ""

    def drop_chrome(self, tag: Tag) -> None:
        """Skip chrome, keeping what it says about the page: related links and breadcrumbs."""
        if not _words(_attr_text(tag)).isdisjoint({"breadcrumb", "breadcrumbs"}) or (
            str(tag.get("aria-label", "")).lower() == "breadcrumb"
        ):
            crumbs = [clean_line(li.get_text(" ")) for li in tag.find_all(["li", "a"])]
            self.out.breadcrumbs = list(dict.fromkeys(c for c in crumbs if c))
            return
        label = str(tag.get("aria-label", "")).lower()
        if _is_related_container(tag) or _RELATED_LABEL.search(label):
            inline_text(tag, self.out.chrome_related)  # the whole container is the related list
        else:
            _harvest_related(tag, self.out.chrome_related)
        if tag.name in ("div", "section", "aside", "dialog") or tag.get("role") == "dialog":
            self.out.chrome_text.append(tag.get_text(" ", strip=True)[:2000])


_LISTS = frozenset({"ul", "ol", "dl"})
# A bracketed citation marker, "[1]" or "[2, 3]": a link to the references, not text.
_CITATION = re.compile(r"^\s*\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]\s*$")
# Containers whose inferred headings (summary, tab label, row header) head only what they hold.
_OUTLINE_SCOPES = frozenset({"details", "section", "article", "tr"})
# <h3><button aria-expanded>Side effects</button></h3>: an accordion's header keeps its words.
_HEADING_CONTROLS = frozenset({"button"})


def _list_items(tag: Tag) -> list[Tag]:
    """The list's items in reading order, nested lists' items right after their parent item."""
    items: list[Tag] = []
    stack: list[Tag] = [tag]
    while stack:
        node = stack.pop()
        if node.name == "li":
            items.append(node)
        children = [c for c in node.children if isinstance(c, Tag)]
        stack.extend(reversed(children))
    return items


def _is_layout_table(tag: Tag) -> bool:
    if tag.get("role") in ("presentation", "none"):
        return True
    return any(node.name in _LAYOUT_INSIDE for node in _tags(tag))


_LAYOUT_INSIDE = frozenset({"table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "div", "p"})


def _harvest_related(tag: Tag, out: list[Link]) -> None:
    """Related-article links inside a container the walk skips (a sidebar widget, say)."""
    for heading in _tags(tag):
        if heading.name not in _HARVEST_HEADINGS:
            continue
        text = clean_line(heading.get_text()).lower().rstrip(":")
        if text and len(text) <= 60 and re.search(_RELATED_RE, text):
            out.extend(_links_after(heading, tag))
            return


def _links_after(heading: Tag, limit: Tag) -> list[Link]:
    """Links in what follows a heading, climbing out of wrappers until some are found."""
    node: Tag | None = heading
    for _ in range(3):
        if node is None:
            break
        links: list[Link] = []
        for sibling in node.find_next_siblings():
            if not isinstance(sibling, Tag) or heading_level(sibling) is not None:
                break
            inline_text(sibling, links)
        if links or node is limit:
            return links
        node = node.parent
    return []


_HARVEST_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b"})
_RELATED_RE = dict(patterns.SECTION_PATTERNS)["related"]
# An aria-label names a region, and "More from <site>" is not related reading: stricter wording.
_RELATED_LABEL = re.compile(r"\brelated\b|see also|you (?:may|might) also")


def _dispatch(w: _Walker, tag: Tag, stack: list[PageElement | Callable[[], None]]) -> None:
    name = tag.name
    # Hidden elements are not skipped: accordions and tabs hide their panels (hidden,
    # aria-hidden, display:none) until clicked, and the text in them is the page's content.
    role = tag.get("role")
    if role == "tablist":
        w.read_tabs(tag)  # the labels head their panels, which come later
        return
    if role == "tabpanel":
        label = w.tab_label(tag)
        if label:
            w.heading(w.level + 1, label, inferred=True)
    elif name == "button" and (tag.has_attr("aria-expanded") or tag.has_attr("aria-controls")):
        w.heading(w.level + 1, inline_text(tag), inferred=True)  # a disclosure's header
        return
    if name in patterns.DROP_TAGS and not (name == "form" and _holds_page_content(tag)):
        # (ASP.NET WebForms wraps the whole page in one <form>: that one is layout.)
        if name == "script" and tag.get("type") == "application/ld+json":
            w.out.jsonld.append(tag.get_text())
        elif name == "nav" or name == "dialog":
            w.drop_chrome(tag)
        return
    chrome = (
        (isinstance(role, str) and role in patterns.DROP_ROLES)
        or name == "aside"  # a sidebar, or a callout beside the article: not its text
        or (name in _SITE_CHROME_TAGS and not w.in_content)
        or _chrome_by_attrs(tag)
    )
    if chrome and (role in ("navigation", "search", "dialog") or not _holds_page_content(tag)):
        w.drop_chrome(tag)
        return
    level = heading_level(tag)
    if level is not None:
        # Its links count too: a card's title link is often the only link to the article.
        w.heading(level, inline_text(tag, w.links, keep=_HEADING_CONTROLS), inferred=False)
        return
    if name == "summary" or (name == "th" and w.in_layout_table):
        # <summary> heads its <details>; a row header in a layout table heads its row's cell.
        w.heading(w.level + 1, inline_text(tag), inferred=True)
        return
    if name == "p" and _bold_only(tag):
        # A page that uses bold paragraphs as headings uses them at one level throughout.
        if w.bold_level is None:
            w.bold_level = w.level + 1
        w.heading(w.bold_level, inline_text(tag), inferred=True)
        return
    if name in ("ul", "ol"):
        w.add_list(tag)
        return
    if name == "dl":
        w.add_dl(tag)
        return
    if name == "table":
        if not _is_layout_table(tag):
            w.add_table(tag)
            return
        w.in_layout_table += 1
        stack.append(w.leave_layout_table)
    if name == "br":
        w.parts.append(_BR)
        return
    if name == "sup" and _CITATION.match(tag.get_text()):
        return
    if name in _INLINE:
        if name == "a":
            href = tag.get("href")
            if isinstance(href, str) and href.strip():
                w.links.append((clean_line(tag.get_text()), href.strip()))
        stack.extend(reversed(tag.contents))
        return
    # A block container: what came before it is one block, what it holds another.
    w.flush()
    stack.append(_exit_block(w, tag))
    stack.extend(reversed(tag.contents))


def _exit_block(w: _Walker, tag: Tag) -> Callable[[], None]:
    """Enter a block container; return what to do when the walk leaves it."""
    level = w.level
    content = tag.name in _CONTENT_ROOTS
    related = _is_related_container(tag)
    restores_level = tag.name in _OUTLINE_SCOPES or tag.get("role") in ("tabpanel", "region")
    w.in_content += content
    w.in_related += related
    w.containers += 1
    w.path.append(w.containers)

    def leave() -> None:
        w.flush()
        w.path.pop()
        w.in_content -= content
        w.in_related -= related
        if restores_level:
            w.level = level  # a <summary> or tab label inside heads this container only

    return leave


def walk(soup: BeautifulSoup | Tag) -> Walk:
    """Flatten a page's content into headings and text blocks, in reading order."""
    w = _Walker()
    root = soup.body or soup
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
    return w.out
