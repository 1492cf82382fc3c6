"""What is page chrome: wrappers that are really layout, related links hidden in sidebars."""

from __future__ import annotations

import re
from itertools import chain

from bs4 import Tag

from pipeline.normalize import clean_line
from pipeline.parse import patterns
from pipeline.parse.dom import (
    HEADING_TAGS,
    Link,
    attr_words,
    heading_level,
    inline_text,
    own_words,
    tags,
    words,
)

# An h1 that is a short link is the site's logo, not the page's title.
_MAX_LOGO = 40
# A container with this many paragraphs of this many characters holds an article, not chrome.
_ARTICLE_PARAGRAPH, _ARTICLE_PARAGRAPHS = 200, 3
# … or paragraphs of this many characters in all (an article of shorter paragraphs).
_ARTICLE_CHARACTERS = 1200


def is_related_container(tag: Tag) -> bool:
    found = attr_words(tag)
    return not found.isdisjoint(patterns.RELATED_WORDS) and found.isdisjoint(patterns.NOT_READING)


def holds_page_content(tag: Tag, titles: bool = True) -> bool:
    """A wrapper that holds the title or the article is layout, whatever its class says
    (``titles``: whether an h1 may be the page's title: not once its <main> was read)."""
    # A layout word ("content-with-sidebar") may wrap the article: widgets hold blurbs, an
    # article holds paragraphs. (Not <article>: WordPress wraps every comment in one.)
    layout = not attr_words(tag).isdisjoint(patterns.LAYOUT_WORDS)
    paragraphs = characters = 0
    for node in chain((tag,), tags(tag)):  # (the title h1 itself: "<h1 class=published>")
        name = node.name
        if name == "main" or node.get("role") == "main":
            return True
        if titles and name == "h1" and not _is_logo(node):
            return True
        if layout and name == "p":
            length = len(node.get_text())
            paragraphs += length >= _ARTICLE_PARAGRAPH
            characters += length
            if paragraphs >= _ARTICLE_PARAGRAPHS or characters >= _ARTICLE_CHARACTERS:
                return True
    return False


def holds_the_article(tag: Tag, title: str) -> bool:
    """A box that holds the page's article: its <main> or <article>, or an h1 that the
    document's <title> repeats (a consent dialog's own "Welcome to …" h1 is not the page's)."""
    for node in tags(tag):
        if node.name in ("main", "article"):
            return True
        if node.name == "h1" and title:
            text = clean_line(inline_text(node)).lower()
            if text and text in title:
                return True
    return False


def _is_logo(h1: Tag) -> bool:
    """A short h1 that is a link away (the site's name linking home); a heading's own
    permalink ("¶", "#") does not make it one."""
    link = h1.find("a")
    if not isinstance(link, Tag) or len(h1.get_text(strip=True)) > _MAX_LOGO:
        return False
    href = link.get("href")
    return not (isinstance(href, str) and href.startswith("#"))


def harvest_related(tag: Tag, out: list[Link]) -> None:
    """Related-article links inside a container the walk skips (a sidebar widget, say).
    (A heading's own inside is not searched for more headings: 10,000 nested <b>s would each
    read the rest.)"""
    stack = [c for c in reversed(tag.contents) if isinstance(c, Tag)]
    while stack:
        heading = stack.pop()
        if heading.name not in _HARVEST_HEADINGS:
            stack.extend(c for c in reversed(heading.contents) if isinstance(c, Tag))
            continue
        text = clean_line(inline_text(heading)).lower().rstrip(":")
        if text and len(text) <= 60 and RELATED_HEADING.search(text):
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
#: The wording of a related-reading heading (compiled once: a page's own names fill the re cache).
RELATED_HEADING = re.compile(dict(patterns.SECTION_PATTERNS)["related"])
# An aria-label names a region, and "More from <site>" is not related reading: stricter wording.
_RELATED_LABEL = re.compile(r"\brelated\b|see also|you (?:may|might) also")


def related_links_in(tag: Tag) -> tuple[list[Link], str]:
    """Related-article links in chrome: all of a region labelled or classed as related, else
    those under a related heading inside it (a sidebar's "You may also like" widget); and the
    region's label or first heading, which may say what the links are."""
    links: list[Link] = []
    label = str(tag.get("aria-label", "")).lower()
    if is_related_container(tag) or _labelled_related(label):
        # Inside a related region "nav"-ish link classes are its own, not chrome within it.
        inline_text(tag, links, skip_chrome=False)
        heading = tag.find(list(HEADING_TAGS))
        if heading is not None:
            label = label or clean_line(inline_text(heading))
    else:
        harvest_related(tag, links)
    return links, label


def _labelled_related(label: str) -> bool:
    """An aria-label naming related reading ("Related articles"), not "Related services"."""
    return bool(_RELATED_LABEL.search(label)) and words(label).isdisjoint(patterns.NOT_READING)


def _crumb_pieces(trail: Tag) -> list[Tag]:
    """A trail without list items: its outermost links and spans, in order ("Home", "›",
    "Lupus", "Tacrolimus"); a span inside a crumb is part of it."""
    pieces: list[Tag] = []
    stack = list(reversed(trail.contents))
    while stack:
        node = stack.pop()
        if not isinstance(node, Tag):
            continue
        if node.name in _CRUMB_TAGS:
            pieces.append(node)
        else:
            stack.extend(reversed(node.contents))
    return pieces


_CRUMB_TAGS = frozenset({"a", "span", "strong", "b", "em"})


def is_breadcrumb(tag: Tag) -> bool:
    """A breadcrumb trail, by class or id ("breadcrumb", "crumbs"), aria-label, or schema.org
    microdata (``itemtype=".../BreadcrumbList"``)."""
    if not own_words(tag).isdisjoint(_CRUMB_WORDS):  # (not a title "with-breadcrumbs")
        return True
    label, kind = tag.get("aria-label"), tag.get("itemtype")
    return (isinstance(label, str) and "breadcrumb" in label.lower()) or (
        isinstance(kind, str) and kind.rstrip("/").endswith("BreadcrumbList")
    )


_CRUMB_WORDS = frozenset({"breadcrumb", "breadcrumbs", "crumb", "crumbs"})


def breadcrumbs(tag: Tag) -> list[str] | None:
    """The crumbs of a breadcrumb trail, or None if it is not one."""
    if not is_breadcrumb(tag):
        return None
    pieces = tag.find_all("li") or _crumb_pieces(tag)
    crumbs = [clean_line(inline_text(piece)) for piece in pieces]
    # (Separators between crumbs, "›" or "/", are pieces with no word in them.)
    return list(dict.fromkeys(c for c in crumbs if any(ch.isalnum() for ch in c)))
