"""Element helpers shared by the walk: heading levels, class/id words, inline text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterator
from functools import lru_cache

from bs4.element import NavigableString, PageElement, Tag

from pipeline.normalize import at_most_words, clean_line
from pipeline.parse import patterns

Link = tuple[str, str]  # (link text, href as written)

#: Entries kept by each cache of answers per class string, name or heading. Sized for a crawl
#: across many sites, not one: the 400 templates of tests/parse/fixtures hold ~14,000 distinct
#: class names, and a cache smaller than that forgets each site's names before its next page.
#: (Keys are cut to 1,000 characters, so a full cache stays within tens of MB.)
CACHE_SIZE = 32768

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
INLINE = frozenset(
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
_DASHES = re.compile(r"[-_]+")
_CLASS_WORD = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")
# Line breaks in the HTML source are spaces; only <br> breaks a line.
# The walk marks <br> with NUL (which HTML text cannot hold), then one translate per block turns
# source newlines into spaces and the marks into the only real line breaks.
BR = "\x00"
LINES = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", BR: "\n"})
# A bracketed citation marker, "[1]" or "[2, 3]": a link to the references, not text.
CITATION = re.compile(r"^\s*\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]\s*$")
#: A footnote's number without brackets ("4", "2,3", "1–3") or its symbol ("†", "**").
_FOOTNOTE_NUMBER = re.compile(r"^\s*(?:\d+(?:\s*[,–-]\s*\d+)*|[*†‡§¶]{1,3})\s*$")


def a_citation(sup: Tag) -> bool:
    """A <sup> that marks a citation: "[4]", or a bare number or dagger linked to a note on the
    page (<sup><a href="#fn-4">4</a></sup>; a bare "2" in "mm²" is no citation)."""
    text = sup.get_text()
    if CITATION.match(text):
        return True
    if not _FOOTNOTE_NUMBER.match(text):
        return False
    link = find_first(sup, _LINKS)
    href = link.get("href") if link is not None else None
    return isinstance(href, str) and href.startswith("#")


_LINKS = frozenset({"a"})


def a_citation_link(link: Tag) -> bool:
    """A bracketed citation linked to the page's references without a <sup> ("stroke<a
    href="#B1">[1]</a>."): a marker, not text."""
    href = link.get("href")
    return isinstance(href, str) and href.startswith("#") and bool(CITATION.match(link.get_text()))


def a_seek_link(link: Tag) -> bool:
    """A link whose text is a time in the recording ("0:41", "01:02:15"), to that moment: a
    transcript's seek control, not its words."""
    return bool(_TIMESTAMP.match(link.get_text())) and isinstance(link.get("href"), str)


_TIMESTAMP = re.compile(r"^\s*\[?(?:\d{1,2}:)?\d{1,2}:\d{2}\]?\s*$")
_NO_WORDS: frozenset[str] = frozenset()


@lru_cache(maxsize=CACHE_SIZE)
def words(value: str) -> frozenset[str]:
    return _per_name(value, _token_words)


def _per_name(text: str, split: Callable[[str], frozenset[str]]) -> frozenset[str]:
    """The union of ``split`` over the whitespace-separated names in ``text``. Class names
    recur across pages far more than whole attribute strings (an id is often unique), so word
    splits are cached per name: a page's new string is mostly names seen before. (The splits
    never cross whitespace, so a string's words are the union of its names'.)"""
    tokens = text.split()
    if len(tokens) == 1:
        return split(tokens[0])
    return frozenset().union(*map(split, tokens))


@lru_cache(maxsize=CACHE_SIZE)
def _token_words(token: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _CLASS_WORD.split(_style_name(token)) if w)


def _style_name(token: str) -> str:
    """A class name without a utility framework's arbitrary value: Tailwind's
    "scroll-m-[calc(var(--toc-top-offset))]" names a margin, not a table of contents."""
    at = token.find("[")
    return token if at < 0 else token[:at]


def attr_text(tag: Tag) -> str:
    """The element's class, id and aria-label values, and a custom element's name, as one
    string ("" when it has none): utility-class sites name their boxes only in aria-label
    ("Share this page").

    Kept on the element once read: the walk asks each element's names several times (carousel
    copy, chrome, breadcrumb, related box, callout), and the parser never changes attributes."""
    memo = tag.__dict__
    text = memo.get(_ATTR_TEXT)
    if text is None:
        text = memo[_ATTR_TEXT] = _attr_text(tag)
    return text


#: The name under which attr_text keeps its answer on the element.
_ATTR_TEXT = "_medscrape_attr_text"


def _attr_text(tag: Tag) -> str:
    attrs = tag.attrs
    # A custom element's name names it as a class would ("<hp-feedback>", "<site-footer>").
    custom = tag.name if "-" in tag.name else None
    if not attrs and custom is None:
        return ""
    classes = attrs.get("class")
    # (A heading's id is its anchor, named for its words: <h2 id="feedback">Patient feedback</h2>.)
    ident = attrs.get("id") if tag.name not in HEADING_TAGS else None
    label = attrs.get("aria-label")
    if classes is None and ident is None and label is None and custom is None:
        return ""
    if classes is not None and not isinstance(classes, str):
        classes = " ".join(classes)
    # (Cut: a hostile megabyte of class names must not fill the caches keyed by these.)
    return _names(
        classes[:_MAX_NAMES] if isinstance(classes, str) else None,
        ident[:_MAX_NAMES] if isinstance(ident, str) else None,
        label[:_MAX_NAMES] if isinstance(label, str) else None,
        custom,
    )


#: Characters of a class, id or aria-label value read; real ones are far shorter.
_MAX_NAMES = 1000


@lru_cache(maxsize=CACHE_SIZE)
def _names(*values: object) -> str:
    """The values that name the element, joined. Not a value whose quote was never closed,
    which swallowed the markup up to the next quote (``<div class="x>…``): its words are the
    page's, not the element's name."""
    return " ".join(
        v for v in values if isinstance(v, str) and v and "<" not in v and ">" not in v
    ).strip()


def attr_words(tag: Tag) -> frozenset[str]:
    """The words of the element's class and id ("ad-slot" → ad, slot; "cookieBanner" too)."""
    text = attr_text(tag)
    return words(text) if text else _NO_WORDS


def chrome_by_attrs(tag: Tag) -> bool:
    text = attr_text(tag)
    if not text:
        return False
    if _side_region(tag):
        return True
    label = tag.get("aria-label")
    if isinstance(label, str) and (
        patterns.TAXONOMY_BOX.match(label) or patterns.SERVICE_HEADING.match(label)
    ):
        return True  # ("Topics"; "How our service works": the site's, not the medicine's)
    verdict = _chrome_attrs(text)
    if verdict is _CHROME and tag.name == "blockquote" and _a_quoted_comment(tag):
        return False
    if verdict is _CHROME and tag.name in INLINE and _printed_text(tag):
        return False
    if verdict is _LINK_CHROME:  # a heading or paragraph classed "anchor" is text, not a link
        return tag.name not in _HOLDS_TEXT and find_first(tag, _HOLDS_TEXT) is None
    if verdict is _BOX_CHROME:  # a "notice" box is chrome; a notice paragraph is a note
        return tag.name != "p"
    if verdict is _LAYER_CHROME:  # a pop-up is chrome; a link laid over a card is its link
        return tag.name != "a"
    return verdict is _CHROME


def _permalink(link: Tag) -> bool:
    """A link to a part of this page whose text is only a mark ("#", "¶", "§", "🔗", nothing):
    a heading's permalink, whatever its class says."""
    href = link.get("href")
    if not (isinstance(href, str) and href.startswith("#")):
        return False
    return not any(c.isalnum() for c in link.get_text())


_LINK_LISTS = frozenset({"nav", "menu"})


def hidden_icon(tag: Tag) -> bool:
    """An inline glyph hidden from screen readers: aria-hidden punctuation or a math sign ("!"
    drawn as a warning box's icon, "›" after a link, an accordion's "+"). An emoji is a picture
    the heading shows, and hidden panels with words are content (accordions hide them)."""
    if tag.get("aria-hidden") != "true" or tag.name not in INLINE:
        return False
    text = tag.get_text()
    return bool(text.strip()) and all(
        ch.isspace() or ch in _SIGNS or unicodedata.category(ch).startswith("P") for ch in text
    )


#: The plus and minus signs an accordion's toggle is drawn with (an arrow after a link's words,
#: "Learn more →", stays: the link's title keeps it).
_SIGNS = frozenset("+−±×")


def _chrome_inline(node: Tag, before: list[str]) -> bool:
    """Chrome inside an element's text, but not a credit that is part of that text, nor a
    link classed by its workflow state ("state-published")."""
    if not chrome_by_attrs(node):
        return False
    return not (credit_in_text(node, before) or (node.name == "a" and _credit_only(node)))


def credit_in_text(tag: Tag, before: list[str]) -> bool:
    """A credit after some text is the text's own: a testimonial's "<br><span class=author>—
    Sam, 41</span>" (chrome only by credit words: "author", "byline", "published"). A byline
    box stands apart, and "By <span class=author>…" makes a byline line, dropped as one."""
    return _credit_only(tag) and any(part.strip(f" {BR}\n\t") for part in before)


def attribution(tag: Tag) -> bool:
    """A credit that signs a quote, "— Tom R., Duluth" (a review card's author line, or a
    "blockquote-footer" in its quote): text."""
    if patterns.ATTRIBUTION.match(_leading_text(tag)) is None:
        # A reviewer's name under the review, classed as its author ("review-author") or as
        # the credit's subtitle ("testimonial-subtitle": "– teacher, 45"): text.
        return (_credit_only(tag) or _a_subtitle(tag)) and (
            _in_a_review(tag) or _after_a_quote(tag)
        )
    return (
        _credit_only(tag)
        or tag.find_parent(_QUOTES) is not None
        or (_a_subtitle(tag) and _in_a_review(tag))
    )


_QUOTES = ["blockquote", "figure", "q"]


def _a_subtitle(tag: Tag) -> bool:
    return _chrome_only_as(tag, _SUBTITLE)


_SUBTITLE = frozenset({"subtitle"})


def dek_by_attrs(tag: Tag) -> bool:
    """Chrome only as a dek ("subtitle", "tagline", "kicker"): under the title, a line that
    sells the page; further down, Bulma's "subtitle is-5" is the style of a subheading."""
    return _chrome_only_as(tag, _DEK_WORDS)


_DEK_WORDS = frozenset({"subtitle", "tagline", "kicker", "strapline"})


def _in_a_review(tag: Tag) -> bool:
    """Inside a box classed as a review or testimonial (a few levels up at most)."""
    return in_a_box_named(tag, _REVIEW_WORDS)


def _after_a_quote(tag: Tag) -> bool:
    """Right after a quote (chrome between aside): a blockquote, or a box classed as one
    ("<p class="quote">")."""
    while tag.parent is not None and only_element(tag.parent) is tag:
        tag = tag.parent  # (a wrapper around the credit alone)
    for before in tag.find_previous_siblings():
        if (
            before.name in patterns.DROP_TAGS
            or chrome_by_attrs(before)
            or not before.get_text().strip()
        ):
            continue  # (an ad slot or an empty spacer between a quote and its credit)
        node: Tag | None = before
        while node is not None:  # (the quote, or a wrapper around it alone)
            if node.name in _QUOTES or not attr_words(node).isdisjoint(_QUOTE_WORDS):
                return True
            node = only_element(node)
        return False
    return False


def only_element(tag: Tag) -> Tag | None:
    """The one element the tag holds, with no text beside it (else None)."""
    inside = [
        n for n in tag.contents if isinstance(n, Tag) or (type(n) is NavigableString and n.strip())
    ]
    return inside[0] if len(inside) == 1 and isinstance(inside[0], Tag) else None


_QUOTE_WORDS = frozenset({"quote", "quotation", "blockquote", "testimonial"})


def in_a_box_named(tag: Tag, names: frozenset[str], levels: int = 3) -> bool:
    """Inside a box whose class or id has one of ``names``, a few levels up at most."""
    box = tag.parent
    for _ in range(levels):
        if box is None:
            return False
        if not attr_words(box).isdisjoint(names):
            return True
        box = box.parent
    return False


_REVIEW_WORDS = frozenset({"review", "reviews", "testimonial", "testimonials"})


def _leading_text(tag: Tag, limit: int = 40) -> str:
    """The start of an element's text, across inline tags ("—<span> Tom R</span>., …"), without
    reading all of a big box (chrome boxes can be whole footers)."""
    text = ""
    for string in tag.strings:
        text += string
        if len(text.strip()) >= limit:
            break
    return text.lstrip()


def _printed_text(tag: Tag) -> bool:
    """Inline text named only for print ("print-url": a printer-friendly page's "(https://…)"),
    not a "Print" tool."""
    return _chrome_only_as(tag, _PRINT) and not patterns.TOOL_LINK.search(tag.get_text())


_PRINT = frozenset({"print"})


def a_copy(tag: Tag) -> bool:
    """A carousel's copy of one of its slides ("slick-cloned", "swiper-slide-duplicate")."""
    return not attr_words(tag).isdisjoint(patterns.CLONE_WORDS)


def _chrome_only_as(tag: Tag, kinds: frozenset[str]) -> bool:
    """Chrome by its own names, and only by words among ``kinds``."""
    found = own_words(tag) & patterns.CHROME_WORDS
    return bool(found) and found <= kinds


def _a_quoted_comment(quote: Tag) -> bool:
    """A quote classed only as a comment ("user-comment"): a reader's words the article
    quotes, not the comment thread."""
    return _chrome_only_as(quote, patterns.COMMENT_WORDS)


def _credit_only(tag: Tag) -> bool:
    return _chrome_only_as(tag, patterns.CREDIT_WORDS) and not _side_region(tag)


def _side_region(tag: Tag) -> bool:
    """A side column named by a whole class or id: ``id="side"``, ``class="col-right"`` (a
    box; ``<h2 id="side">`` is a heading's anchor)."""
    if tag.name not in _COLUMN_TAGS:
        return False
    attrs = tag.attrs
    ident, classes = attrs.get("id"), attrs.get("class")
    if (not ident and not classes) or attrs.get("role") == "tabpanel":
        return False  # (a tab's panel is named for its tab: "side" for "Side effects")
    if classes is not None and not isinstance(classes, str):
        classes = " ".join(classes)
    return _side_named(ident if isinstance(ident, str) else "", classes or "")


@lru_cache(maxsize=CACHE_SIZE)
def _side_named(ident: str, classes: str) -> bool:
    if ident and _dashed(ident) in _SIDE_IDS:
        return True
    return any(_dashed(name) in patterns.SIDE_REGIONS for name in classes.split())


def _dashed(name: str) -> str:
    """A name's words joined by dashes, lower-cased: "rightColumn" → "right-column"."""
    return _DASHES.sub("-", _CAMEL_HUMP.sub("-", name)).lower()


_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")


_COLUMN_TAGS = frozenset({"div", "section", "aside", "td", "nav", "ul", "dl", "table"})
_SIDE_IDS = patterns.SIDE_REGIONS | patterns.SIDE_REGION_IDS
_CHROME, _LINK_CHROME, _BOX_CHROME, _LAYER_CHROME, _NOT_CHROME = (object() for _ in range(5))
_HOLDS_TEXT = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p"})


_SLIDES = frozenset({"slider", "carousel"})
_DISCLOSURES = frozenset({"accordion", "collapse", "collapsible"})
_CHROME_PHRASE = re.compile("|".join(re.escape(p) for p in patterns.CHROME_PHRASES))


@lru_cache(maxsize=CACHE_SIZE)
def _chrome_attrs(text: str) -> object:
    lowered = _DASHES.sub("-", text.lower())  # BEM "article__meta" reads as "article-meta"
    if _CHROME_PHRASE.search(lowered):
        return _CHROME
    found = _own_words(text)
    if not found.isdisjoint(patterns.RELATED_WORDS) and not found.isdisjoint(patterns.NOT_READING):
        return _CHROME  # "related-doctors", "related-products": a promotion, not reading
    chrome = found & patterns.CHROME_WORDS
    if chrome <= _SLIDES and not found.isdisjoint(_DISCLOSURES):
        chrome = _NO_WORDS  # Joomla's "sliders" are an accordion: id="slider-x" class="accordion"
    if chrome:
        if chrome <= patterns.BOX_CHROME_WORDS:
            return _BOX_CHROME
        return _LAYER_CHROME if chrome <= patterns.LAYER_CHROME_WORDS else _CHROME
    return _NOT_CHROME if found.isdisjoint(patterns.LINK_CHROME_WORDS) else _LINK_CHROME


def own_words(tag: Tag) -> frozenset[str]:
    """The words of the element's names that say what it is (see ``_own_words``)."""
    text = attr_text(tag)
    return _own_words(text) if text else _NO_WORDS


@lru_cache(maxsize=CACHE_SIZE)
def _own_words(text: str) -> frozenset[str]:
    """The words that say what an element is: in "anchorWithStickyNavbar" or
    "content-with-sidebar" what follows "with" is its context, not the element; in "no_toc"
    the word after "no" is what it is not."""
    return _per_name(text, _own_token_words)


@lru_cache(maxsize=CACHE_SIZE)
def _own_token_words(token: str) -> frozenset[str]:
    """``_own_words`` of one class name or id (cached per name, as ``_token_words``)."""
    parts = [w.lower() for w in _CLASS_WORD.split(_style_name(token)) if w]
    if "with" in parts:
        parts = parts[: parts.index("with")]
    return frozenset(p for i, p in enumerate(parts) if i == 0 or parts[i - 1] not in _NEGATIONS)


_NEGATIONS = frozenset({"no", "not", "non"})


def tags(tag: Tag) -> Iterator[Tag]:
    """The elements inside ``tag``, in document order. Not ``tag.descendants``: that first walks
    to the subtree's last node, so a caller that stops early (the first nested table) still pays
    for the whole subtree, at every level of 10,000 nested tables (~8 s a page)."""
    stack = list(reversed(tag.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            yield node
            stack.extend(reversed(node.contents))


def find_first(tag: Tag, names: Collection[str]) -> Tag | None:
    """The first element inside ``tag`` named one of ``names``, in document order: what
    ``tag.find(names)`` returns, without the filter objects bs4 builds for every call (most of
    the cost on the small subtrees the walk asks about)."""
    return next((node for node in tags(tag) if node.name in names), None)


def find_named(tag: Tag, names: Collection[str]) -> list[Tag]:
    """Every element inside ``tag`` named one of ``names``, in document order:
    ``tag.find_all(names)`` without bs4's filter objects."""
    return [node for node in tags(tag) if node.name in names]


def heading_level(tag: Tag) -> int | None:
    """The outline level of a heading element, or None if the element is not a heading."""
    level = HEADING_TAGS.get(tag.name)
    if level is not None:
        return level
    if tag.get("role") == "heading":
        raw = tag.get("aria-level")
        try:
            return max(1, min(6, int(raw))) if isinstance(raw, str) else 2
        except ValueError:
            return 2
    if tag.name == "p" and (level := _markdown_level(tag)):
        return level
    if tag.name in _STYLED_HEADINGS:
        # Word's HTML export keeps headings as styled paragraphs: Title, Heading1, MsoHeading2 …
        match = _WORD_HEADING.match(attr_text(tag)) if tag.name == "p" else None
        if match:
            return 1 if match["title"] else min(6, int(match["n"]) + 1)
        return _styled_level(tag)
    return None


def _markdown_level(paragraph: Tag) -> int | None:
    """A Markdown heading left unrendered in a paragraph ("<p>## Side effects</p>"): as many
    levels as hashes."""
    first = next((t for t in paragraph.strings if not t.isspace()), "")
    if not first.lstrip().startswith("#"):
        return None
    match = _MARKDOWN_HEADING.match(" ".join(paragraph.get_text().split()))
    if match is None or not at_most_words(match["text"], patterns.MAX_HEADING_WORDS):
        return None
    return len(match["hashes"])


_MARKDOWN_HEADING = re.compile(r"^\s*(?P<hashes>#{1,6})\s+(?P<text>[^#\n][^\n]*?)\s*#*\s*$")


def _styled_level(tag: Tag) -> int | None:
    """The heading level a CSS kit's class gives a line: Bootstrap's <p class="h2">, or a
    paragraph that holds nothing but <span class="h1"> (a few words, only inline content)."""
    named = _level_classes(tag)
    if not named and tag.name != "span":
        inside = only_element(tag)
        if inside is not None and inside.name == "span":
            named = _level_classes(inside)
    if not named or find_first(tag, _BLOCK_CONTENT) is not None:
        return None
    if not at_most_words(tag.get_text(), patterns.MAX_HEADING_WORDS):
        return None
    # (Styled "h1" lines are the article's top sections: its title is its own <h1>.)
    return max(2, int(min(named)[1]))


def _level_classes(tag: Tag) -> frozenset[str]:
    classes = tag.get("class")  # (a string in the parser's lean soup, a list in bs4's own)
    names = classes.split() if isinstance(classes, str) else classes or ()
    return _LEVEL_CLASSES.intersection(names)


_WORD_HEADING = re.compile(r"^(?:(?P<title>(?:Mso)?Title)|(?:Mso)?Heading(?P<n>[1-6]))(?:\s|$)")
_STYLED_HEADINGS = frozenset({"p", "div", "span"})
_LEVEL_CLASSES = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_CONTENT = frozenset({"p", "div", "ul", "ol", "table", "dl", "section", "blockquote"})


_SPACE = NavigableString(" ")
_CARD_TITLES = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def link_title(link: Tag) -> str:
    """A link's title: its text, or for a card (a link around an image, a title and a teaser)
    the title alone — a heading, else the part classed as a title ("primary-text"); for an
    empty link laid over a card ("stretched-link"), the card's heading."""
    if len(link.contents) > 1 or not isinstance(link.contents[0] if link.contents else None, str):
        heading = find_first(link, _CARD_TITLES) or next(
            (node for node in tags(link) if _titled(node)), None
        )
        if heading is not None:
            return clean_line(inline_text(heading))
    text = clean_line(link.get_text())
    if not text and isinstance(link.parent, Tag):
        heading = find_first(link.parent, _CARD_TITLES)
        if heading is not None:
            return clean_line(inline_text(heading))
    if patterns.CARD_ACTION.match(text):
        # A card's "Read guide" button: the card's title is the link's (its one heading).
        card = _card_of(link)
        if card is not None:
            return clean_line(inline_text(card))
    return text


#: How far up from a card's action link its card may be.
_CARD_DEPTH = 4


def _card_of(link: Tag) -> Tag | None:
    """The one heading of the nearest box around the link that holds a heading."""
    box = link.parent
    for _ in range(_CARD_DEPTH):
        if box is None:
            return None
        headings = [node for node in tags(box) if node.name in _CARD_TITLES]
        if headings:
            return headings[0] if len(headings) == 1 else None
        box = box.parent
    return None


def _titled(tag: Tag) -> bool:
    """A part of a card classed as its title ("card-title", "mdc-list-item__primary-text") or
    made its heading by role ("<div role=heading aria-level=3>")."""
    if tag.get("role") == "heading":
        return True
    found = attr_words(tag)
    return bool(found) and not found.isdisjoint(_TITLE_WORDS)


_TITLE_WORDS = frozenset({"title", "primary", "headline"})


def inline_text(
    tag: Tag,
    links: list[Link] | None = None,
    skip: frozenset[str] = frozenset(),
    keep: frozenset[str] = frozenset(),
    skip_chrome: bool = True,
    box_gap: str = "",
) -> str:
    """An element's text, inline spacing kept, <br> as a line break; `skip` elements left out;
    `box_gap` between inline boxes of their own ("<span class=chip>A</span><span
    class=chip>B</span>" reads "A, B" with ", ")."""
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
        if (
            node is not tag
            and name not in keep  # an accordion's <button> in its heading, whatever its class
            and (
                name in skip
                # (A related region read whole reads the <nav> it lists its links in.)
                or (
                    name in patterns.DROP_TAGS
                    and (skip_chrome or name not in _LINK_LISTS)
                    and not (name == "button" and a_term_in_a_sentence(node))
                )
                or (skip_chrome and _chrome_inline(node, parts))  # "[edit]" links, tooltips
                # (a carousel's copies of its slides: chrome, and skipped even when chrome
                # is read, as for the links of a related carousel)
                or (not skip_chrome and a_copy(node))
                or (name == "a" and (_permalink(node) or a_seek_link(node)))
                or hidden_icon(node)
                or (name == "sup" and a_citation(node))
            )
        ):
            continue
        if name == "br":
            parts.append(BR)
            continue
        if node is not tag and name not in INLINE:
            # A block inside inline content: keep its words apart from those before and after
            # (the tree holds no indentation between blocks to do it).
            parts.append(BR)
            stack.append(_SPACE)
        if box_gap and node is not tag and after_its_box(node):
            parts.append(box_gap)
        if name == "a" and links is not None:
            href = node.get("href")
            if isinstance(href, str) and href.strip():
                links.append((link_title(node), href.strip()))
        stack.extend(reversed(node.contents))
    return "".join(parts).translate(LINES)


def a_term_in_a_sentence(button: Tag) -> bool:
    """A button amid a sentence's words ("levels of <button>serotonin</button> and …", "…
    <button>DMARD</button>."): a glossary term that opens its definition, its word part of
    the sentence."""
    before, after = button.previous_sibling, button.next_sibling
    if not isinstance(before, NavigableString) or not before.strip():
        return False
    if isinstance(after, NavigableString):
        amid = after.strip()[:1].isalnum() or after.strip()[:1] in ".,;:)"
    else:  # the last of a list of terms: "Drug class: Antimalarial, <button>DMARD</button>"
        amid = after is None and before.rstrip().endswith(",")
    return (
        amid
        and at_most_words(button.get_text(), _MAX_TERM_WORDS)
        and not patterns.TRUNCATION_TOGGLE.match(button.get_text().strip())
    )


#: A glossary term in running text has at most this many words.
_MAX_TERM_WORDS = 4


def after_its_box(node: Tag) -> bool:
    """An inline box of its own right after another (blank text between)."""
    before = _past_blanks(node.previous_sibling, forward=False)
    return (
        isinstance(before, Tag)
        and node.name in INLINE
        and box_of_its_own(node)
        and box_of_its_own(before)
    )


def a_chip(tag: Tag) -> bool:
    """A chip or pill, by its class, or one of a row of twin boxes."""
    return not attr_words(tag).isdisjoint(patterns.CHIP_WORDS) or _beside_its_twin(tag)


def chip_after_chip(tag: Tag) -> bool:
    """A chip right after another (blank text between): "<a class=chip>A</a><a
    class=chip>B</a>" reads "A, B"."""
    before = _past_blanks(tag.previous_sibling, forward=False)
    return isinstance(before, Tag) and a_chip(tag) and a_chip(before)


def box_of_its_own(tag: Tag) -> bool:
    """An inline element shown as a box apart: a chip or pill, or an item of a flex or grid
    container (CSS makes those blocks: "<div class=flex><span>A</span><span>B</span></div>" shows
    two values, not "AB")."""
    if a_chip(tag):
        return True
    if not _LABEL_VALUE.isdisjoint(_box_words(tag)):
        return _label_beside_value(tag)
    parent = tag.parent
    classes = parent.get("class") if parent is not None else None
    return isinstance(classes, str) and not patterns.BOX_LAYOUTS.isdisjoint(classes.split())


def _label_beside_value(tag: Tag) -> bool:
    """A label and its value side by side ("<span class=x__label>Drug class</span><span
    class=x__value>antihistamine</span>", a web component's ``slot="label"`` and
    ``slot="value"``): two boxes, not "Drug classantihistamine" (nor "Drug class antihistamine"
    when only a space is between)."""
    for sibling, wanted in ((tag.next_sibling, _VALUE_WORDS), (tag.previous_sibling, _LABEL_WORDS)):
        beside = _past_blanks(sibling, forward=wanted is _VALUE_WORDS)
        if isinstance(beside, Tag) and not wanted.isdisjoint(_box_words(beside)):
            # "Drug class: <value>" with a space between reads as one line already.
            label = tag if wanted is _VALUE_WORDS else beside
            return beside is sibling or not label.get_text().rstrip().endswith(":")
    return False


#: Names of a label and of its value ("glance__k" / "glance__v" too).
_LABEL_WORDS = frozenset({"label", "lbl", "key", "k", "term"})
_VALUE_WORDS = frozenset({"value", "val", "v"})
_LABEL_VALUE = _LABEL_WORDS | _VALUE_WORDS


def named_label_and_value(label: Tag, value: Tag) -> bool:
    """Two boxes whose names (class, id, slot) say "label" and "value"."""
    return not _LABEL_WORDS.isdisjoint(_box_words(label)) and not _VALUE_WORDS.isdisjoint(
        _box_words(value)
    )


def _box_words(tag: Tag) -> frozenset[str]:
    """The words naming an element, its ``slot`` included."""
    slot = tag.get("slot")
    names = attr_words(tag)
    return names | words(slot) if isinstance(slot, str) else names


def _past_blanks(node: PageElement | None, forward: bool) -> PageElement | None:
    while isinstance(node, NavigableString) and not node.strip():
        node = node.next_sibling if forward else node.previous_sibling
    return node


def _beside_its_twin(tag: Tag) -> bool:
    """Right next to an element of its own name, class and text style, with no space on either
    side of the seam: one of a row of boxes ("<span class=value>beta blocker</span><span
    class=value>antihypertensive</span>"). (A rich-text editor's runs differ in text style, or
    meet at a space; a margin is no such difference.)"""
    classes = tag.get("class")
    if not classes:
        return False
    before, after = tag.previous_sibling, tag.next_sibling
    if tag.name not in INLINE:  # (between blocks, spaces are layout: the lean tree drops them)
        before, after = _past_blanks(before, forward=False), _past_blanks(after, forward=True)
    twins = [
        sibling
        for sibling in (before, after)
        if isinstance(sibling, Tag)
        and sibling.name == tag.name
        and _same_component(sibling.get("class"), classes)
        and _text_style(sibling) == _text_style(tag)
    ]
    return bool(twins) and all(_unspaced(box) for box in [tag, twins[0]])


def _text_style(tag: Tag) -> frozenset[str]:
    """The declarations of an inline style that change how text looks (font, colour,
    decoration), spaces removed."""
    style = tag.get("style")
    if not isinstance(style, str):
        return frozenset()
    found = ("".join(d.split()).lower() for d in style.split(";"))
    return frozenset(d for d in found if d.startswith(_TEXT_STYLES))


_TEXT_STYLES = ("font", "color", "text-", "background", "vertical-align")


def _same_component(classes: object, others: object) -> bool:
    """Class lists naming one component, whatever their modifiers ("value value--green" and
    "value value--purple"): the same first class."""
    return (
        isinstance(classes, str)
        and isinstance(others, str)
        and classes.split()[:1] == others.split()[:1]
    )


def _unspaced(box: Tag) -> bool:
    """Text with no space at either end."""
    text = box.get_text()
    return bool(text) and not text[0].isspace() and not text[-1].isspace()
