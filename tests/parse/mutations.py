"""Content-preserving page transformations, for metamorphic (invariance) tests of the parser.

Each mutation is a pure function ``(html: str, rng: random.Random) -> str``: the same text and
seed give the same result, and the result shows a reader the same content as the input. A page
changes this way all the time without its content changing (a CMS upgrade adds wrappers, a minifier
strips whitespace, a consent tool adds a banner), so a parser that generalises gives the same
record for both.

Tree mutations read the page with lxml's HTML parser (libxml2, the parser the pipeline's own
BeautifulSoup builder uses, so both see the same tree) and serialise it back; ``identity`` is
that round trip alone. Text mutations (upper-case tags, character references) rewrite the text
outside tags, comments, scripts and styles, without a round trip.

Random class names and ids are hashes over an alphabet that spells no word (``c-x9f3q``), so
they can never read as chrome ("ad", "nav"), layout or content.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from html.entities import codepoint2name

import lxml.html
from lxml import etree

Mutation = Callable[[str, random.Random], str]

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
#: Letters that, with digits, spell no English word or chrome/content class word.
_HASH_ALPHABET = "0123456789fjkqvxz"
#: HTML's block elements: whitespace between two of them, or at a block's edge, is not text.
BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div"}
    | {"dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3"}
    | {"h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "section"}
    | {"summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "caption"}
)
#: Elements whose insides a mutation leaves exactly as they are.
_VERBATIM = frozenset({"pre", "textarea", "script", "style", "svg", "template", "noscript"})
#: Containers that take any flow content (a script, a wrapper div) among their children.
_FLOW = frozenset(
    {"body", "div", "section", "article", "main", "aside", "header", "footer", "li", "td"}
    | {"th", "dd", "blockquote", "figure", "form"}
)
#: Containers of a page's sections, where an ad server puts its slots (not inside a list item,
#: a definition or a table cell).
_BETWEEN = frozenset({"body", "div", "section", "article", "main", "aside"})
#: Blocks a wrapper div may go around without changing what they are.
_WRAPPABLE = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"})
#: … and blocks wrap_blocks also wraps.
_WRAPPED = _WRAPPABLE | {"dl", "blockquote", "details"}
#: Raw or ignorable regions of HTML text, then tags; what is between them is text.
_REGIONS = re.compile(
    r"<!--.*?-->|<(script|style|textarea|xmp|plaintext|svg)\b[^>]*>.*?</\1\s*>|<[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_TAG_NAME = re.compile(r"^<(/?)([a-zA-Z][a-zA-Z0-9]*)")


# ---- helpers -------------------------------------------------------------------------------


def token(rng: random.Random, length: int = 5) -> str:
    """A meaningless hash like ``x9f3q`` (starts with a letter, holds a digit)."""
    rest = "".join(rng.choice(_HASH_ALPHABET) for _ in range(length - 2))
    return rng.choice("fjkqvxz") + rng.choice("0123456789") + rest


def parse(html: str) -> lxml.html.HtmlElement:
    """The page's tree (lxml refuses text with an XML declaration; the parser drops it too)."""
    return lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))


def serialise(doc: lxml.html.HtmlElement) -> str:
    doctype = doc.getroottree().docinfo.doctype
    text: str = lxml.html.tostring(doc, encoding="unicode", doctype=doctype or None)
    return text


def body_of(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    found = doc.find("body")
    return found if found is not None else doc


def _is_element(node: object) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def elements(root: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """Elements under ``root`` in document order, not entering verbatim ones."""
    stack = list(reversed(root))
    while stack:
        node = stack.pop()
        if not _is_element(node):
            continue
        yield node
        if node.tag not in _VERBATIM:
            stack.extend(reversed(node))


def _tree_mutation(change: Callable[[lxml.html.HtmlElement, random.Random], None]) -> Mutation:
    def mutate(html: str, rng: random.Random) -> str:
        doc = parse(html)
        change(doc, rng)
        return serialise(doc)

    mutate.__doc__ = change.__doc__
    mutate.__name__ = change.__name__
    return mutate


def _insert_after(node: lxml.html.HtmlElement, new: lxml.html.HtmlElement) -> None:
    """Put ``new`` right after ``node``'s end tag, before the text that followed it."""
    new.tail = node.tail
    node.tail = None
    node.addnext(new)


def _fragment(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html)


# ---- the mutations -------------------------------------------------------------------------


def identity(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Nothing but the round trip: parse the page and serialise the tree back."""


def wrap_divs(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Wrap all of the body's (or the main/article element's) content in 1-5 nested ``<div>``s
    with hash class names, as a CMS theme change does."""
    body = body_of(doc)
    candidates = [body] + [
        e for e in elements(body) if e.tag in ("main", "article") or e.get("role") == "main"
    ]
    container = rng.choice(candidates)
    for _ in range(rng.randint(1, 5)):
        div = lxml.html.Element("div")
        div.set("class", f"c-{token(rng)}")
        div.text, container.text = container.text, None
        for child in list(container):
            div.append(child)  # (lxml moves an element's tail with it)
        container.append(div)


def wrap_blocks(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Wrap about a third of the paragraphs, headings, lists and tables that sit directly in a
    flow container in a ``<div>`` of their own with a hash class (``<div class="c-x9f3q"><h2>``)."""
    for node in list(elements(body_of(doc))):
        parent = node.getparent()
        if node.tag not in _WRAPPED or parent is None or parent.tag not in _FLOW:
            continue
        if rng.random() >= 1 / 3:
            continue
        div = lxml.html.Element("div")
        div.set("class", f"c-{token(rng)}")
        node.addprevious(div)
        tail, node.tail = node.tail, None
        div.append(node)
        div.tail = tail


def _block_whitespace(doc: lxml.html.HtmlElement, make: Callable[[int], str]) -> None:
    """Set every whitespace-only gap between blocks (or a block's edge and a block) to
    ``make(depth)``; text and whitespace next to inline content are left alone."""

    def visit(node: lxml.html.HtmlElement, depth: int) -> None:
        if node.tag in _VERBATIM:
            return
        children = list(node)
        block = node.tag in BLOCKS
        if children and block and _is_block(children[0]) and _blank(node.text):
            node.text = make(depth + 1)
        for i, child in enumerate(children):
            following = children[i + 1] if i + 1 < len(children) else None
            if _is_block(child) and _blank(child.tail):
                if following is None and block:
                    child.tail = make(depth)
                elif following is not None and _is_block(following):
                    child.tail = make(depth + 1)
            if _is_element(child):
                visit(child, depth + 1)

    visit(body_of(doc), 0)


def _is_block(node: object) -> bool:
    return _is_element(node) and node.tag in BLOCKS  # type: ignore[attr-defined]


def _blank(text: str | None) -> bool:
    return text is None or text.isspace() or text == ""


def reindent(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Pretty-print: a newline and an indent (spaces or a tab) between block elements."""
    unit = rng.choice(["  ", "    ", "\t", " "])
    newline = rng.choice(["\n", "\r\n"])
    _block_whitespace(doc, lambda depth: newline + unit * depth)


def minify(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Minify: no whitespace at all between block elements."""
    _block_whitespace(doc, lambda depth: "")


def attribute_noise(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Add framework noise to about half of the body's elements: ``data-*`` attributes,
    ``margin:0`` added to the ``style``, and a hash ``id`` where the element has none (never a
    class, role, aria-* or hidden)."""
    for node in elements(body_of(doc)):
        if rng.random() >= 0.5:
            continue
        choice = rng.randrange(4)
        if choice == 0:
            node.set(f"data-v-{token(rng, 6)}", "")
        elif choice == 1:
            node.set(rng.choice(["data-testid", "data-block", "data-reactid"]), token(rng))
        elif choice == 2:  # (added to a style already there: "font-weight:bold" is meaning)
            node.set("style", ";".join(filter(None, [node.get("style"), "margin:0"])))
        elif node.get("id") is None:
            node.set("id", f"{token(rng)}-{rng.randrange(100)}")


def shuffle_attributes(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Write every element's attributes in a random order."""
    for node in [doc, *elements(doc)]:
        items = list(node.attrib.items())
        if len(items) < 2:
            continue
        rng.shuffle(items)
        node.attrib.clear()
        for key, value in items:
            node.set(key, value)


_SYNONYMS = {"b": "strong", "strong": "b", "i": "em", "em": "i"}


def tag_synonyms(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Swap the synonyms ``b``↔``strong`` and ``i``↔``em`` throughout the body."""
    for node in elements(body_of(doc)):
        if node.tag in _SYNONYMS:
            node.tag = _SYNONYMS[node.tag]


_SVG = (
    '<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="16"'
    ' height="16"><path d="M12 2 L22 22 L2 22 Z"></path></svg>'
)


def svg_icons(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """An inline ``<svg>`` icon at the start or end of about half the headings and list items."""
    for node in list(elements(body_of(doc))):
        if node.tag not in ("h1", "h2", "h3", "h4", "h5", "h6", "li") or rng.random() >= 0.5:
            continue
        icon = _fragment(_SVG)
        if rng.random() < 0.5:
            icon.tail, node.text = node.text, None
            node.insert(0, icon)
        else:
            node.append(icon)


def comments(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """HTML comments: build markers between elements, and React's ``<!-- -->`` splitting text
    nodes (inside words too), which renders exactly as the unsplit text."""
    for node in list(elements(body_of(doc))):
        roll = rng.random()
        if roll < 0.15:
            node.addprevious(etree.Comment(f" {token(rng)} "))
        elif roll < 0.4 and node.text and len(node.text) > 1:
            cut = rng.randrange(1, len(node.text))
            marker = etree.Comment(" ")
            marker.tail, node.text = node.text[cut:], node.text[:cut]
            node.insert(0, marker)
        elif roll < 0.55 and node.tail and len(node.tail) > 1 and node.getparent() is not None:
            cut = rng.randrange(1, len(node.tail))
            marker = etree.Comment(" ")
            marker.tail, node.tail = node.tail[cut:], node.tail[:cut]
            node.addnext(marker)


def empty_scripts(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Empty ``<script>`` / ``<style>`` elements (and an external script) among the children
    of flow containers, as tag managers and CSS-in-JS add them."""
    makers = [
        lambda: lxml.html.Element("script"),
        lambda: lxml.html.Element("style"),
        lambda: lxml.html.Element("script", src=f"/static/{token(rng)}.js", defer="defer"),
    ]
    for node in list(elements(body_of(doc))):
        parent = node.getparent()
        if parent is None or parent.tag not in _FLOW or rng.random() >= 0.25:
            continue
        extra = rng.choice(makers)()
        if rng.random() < 0.5:
            node.addprevious(extra)  # (text before ``node`` stays before it)
        else:
            _insert_after(node, extra)


def cookie_banner(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """A consent banner at the start or the end of the body: a sentence, Accept and Reject."""
    sentence = rng.choice(
        [
            "We use cookies to improve your experience and to measure traffic.",
            "This site uses cookies. You can accept or reject non-essential cookies.",
        ]
    )
    banner = _fragment(
        f'<div class="{rng.choice(["cookie-banner", "cookie-consent"])}"><p>{sentence}</p>'
        '<button type="button">Accept</button> <button type="button">Reject</button></div>'
    )
    body = body_of(doc)
    if rng.random() < 0.5:
        body.insert(0, banner)
    else:
        body.append(banner)  # (consent tools often add theirs at the end)


_SITE_LINKS = [
    ("/", "Home"),
    ("/drugs/", "Drugs A–Z"),
    ("/conditions/", "Conditions"),
    ("/news/", "News"),
    ("/about/", "About us"),
    ("/contact/", "Contact"),
]


def site_nav(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """A site header at the start of the body: the site's name and a ``<nav>`` of site links."""
    links = rng.sample(_SITE_LINKS, rng.randint(3, len(_SITE_LINKS)))
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    header = _fragment(
        f'<header><a href="/">Example Health</a><nav><ul>{items}</ul></nav></header>'
    )
    body_of(doc).insert(0, header)


def site_footer(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """A ``<footer>`` at the end of the body: policy links and a copyright line."""
    links = [("/privacy/", "Privacy policy"), ("/terms/", "Terms of use"), *_SITE_LINKS[4:]]
    rng.shuffle(links)
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    year = rng.randint(2015, 2026)
    footer = _fragment(
        f"<footer><ul>{items}</ul><p>© {year} Example Health Ltd. All rights reserved.</p></footer>"
    )
    body_of(doc).append(footer)


def share_bar(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """A share bar (Facebook and X links) right after the first ``h1``."""
    h1 = _first_h1(doc)
    if h1 is None:
        return
    label = rng.choice(["", "<span>Share:</span> "])
    bar = _fragment(
        f'<div class="{rng.choice(["share", "share-bar"])}">{label}'
        '<a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.test">'
        "Facebook</a> "
        '<a href="https://x.com/intent/post?url=https%3A%2F%2Fexample.test">X</a></div>'
    )
    _insert_after(h1, bar)


def ad_slots(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Ad slots between the article's blocks (after about a fifth of its paragraphs and
    lists): ``<div class="ad-slot">`` with an "Advertisement" label, as ad servers leave them."""
    for node in list(elements(body_of(doc))):
        parent = node.getparent()
        if node.tag not in ("p", "ul", "ol") or parent is None or parent.tag not in _BETWEEN:
            continue
        if rng.random() >= 0.2:
            continue
        slot = _fragment(
            f'<div class="{rng.choice(["ad-slot", "advert", "ad-container"])}" '
            f'id="{rng.choice(["div-gpt-ad", "ad"])}-{token(rng)}">'
            '<span class="ad-label">Advertisement</span></div>'
        )
        _insert_after(node, slot)


def text_whitespace(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Every run of ASCII whitespace inside the body's text rewritten as another non-empty run
    (a space, a newline and an indent, a tab): HTML collapses them all to one space. Not in
    ``<pre>``; non-breaking spaces are left alone."""
    runs = ["  ", "\n", "\n    ", "\t", " \n  "]

    def respace(text: str | None) -> str | None:
        if not text:
            return text
        return _ASCII_SPACE.sub(lambda m: rng.choice(runs), text)

    for node in elements(body_of(doc)):
        parent = node.getparent()
        node.text = respace(node.text) if node.tag not in _VERBATIM else node.text
        if parent is not None and parent.tag not in _VERBATIM:
            node.tail = respace(node.tail)


_ASCII_SPACE = re.compile(r"[ \t\n\r]+")


def inline_spans(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """The whole text of about half the headings, paragraphs and list items wrapped in a
    ``<span>`` with a hash class (``<h2><span class="c-x9f3q">Side effects</span></h2>``)."""
    for node in list(elements(body_of(doc))):
        if node.tag not in _WRAPPABLE | {"li", "dt", "dd", "summary"} or rng.random() >= 0.5:
            continue
        if node.tag in ("ul", "ol", "table") or any(
            c.tag in BLOCKS for c in node if _is_element(c)
        ):
            continue
        span = lxml.html.Element("span")
        span.set("class", f"c-{token(rng)}")
        span.text, node.text = node.text, None
        for child in list(node):
            span.append(child)
        node.append(span)


def spacers(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """Empty spacers between blocks: ``<p>&nbsp;</p>`` (Word, WYSIWYG editors) and empty
    ``<div>``s with a hash class (layout clearers)."""
    for node in list(elements(body_of(doc))):
        parent = node.getparent()
        if node.tag not in _WRAPPABLE or parent is None or parent.tag not in _FLOW:
            continue
        if rng.random() >= 0.25:
            continue
        spacer = (
            _fragment("<p>\u00a0</p>")
            if rng.random() < 0.5
            else _fragment(f'<div class="c-{token(rng)}"></div>')
        )
        _insert_after(node, spacer)


def shuffle_head(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """The ``<head>``'s elements in a random order, ``<meta charset>`` kept first (readers never
    see the head's order)."""
    head = doc.find("head")
    if head is None:
        return
    children = [c for c in head if _is_element(c)]
    for child in children:
        head.remove(child)  # (whitespace tails go with them; the head's is not text)
    first = [c for c in children if c.tag == "meta" and c.get("charset")]
    rest = [c for c in children if c not in first]
    rng.shuffle(rest)
    for child in first + rest:
        child.tail = "\n"
        head.append(child)


def heading_permalinks(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """A permalink to itself at the end or the start of about half the ``h2``-``h6`` headings
    (``¶``, ``#`` or ``§``, as Sphinx, MkDocs and Hugo write them; here with a hash class, not
    "headerlink"): a heading's own permalink is not text, whatever its class."""
    for node in list(elements(body_of(doc))):
        if node.tag not in ("h2", "h3", "h4", "h5", "h6") or rng.random() >= 0.5:
            continue
        if node.find(".//a") is not None or not _in_article(node):
            continue  # (it has its link already, or it is a menu's or a card's heading)
        anchor = node.get("id") or f"{token(rng)}"
        node.set("id", anchor)
        link = lxml.html.Element("a", href=f"#{anchor}")
        link.set("class", f"c-{token(rng)}")
        link.text = rng.choice(["¶", "#", "§"])
        if rng.random() < 0.5:
            node.append(link)
        else:  # (before the text, as markdown-it-anchor and Hugo can put it)
            link.tail, node.text = node.text, None
            node.insert(0, link)


def explicit_tbody(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """The ``<tbody>`` a browser infers, written out: a table's direct rows go into one."""
    for table in list(elements(body_of(doc))):
        if table.tag != "table":
            continue
        rows = [c for c in table if _is_element(c) and c.tag == "tr"]
        if not rows:
            continue
        tbody = lxml.html.Element("tbody")
        rows[0].addprevious(tbody)
        for row in rows:
            tbody.append(row)


def split_spans(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """A random piece of about a third of the text in headings, paragraphs, list items and
    breadcrumb links wrapped in a ``<span>`` with a hash class, inside words too
    (``Tac<span class="c-x9f3q">rolim</span>us``): inline tags add no spaces."""
    for node in list(elements(body_of(doc))):
        if node.tag not in _WRAPPABLE | {"li", "a", "dt", "dd", "td"} or rng.random() >= 1 / 3:
            continue
        text = node.text
        if not text or len(text.strip()) < 2:
            continue
        start = rng.randrange(0, len(text) - 1)
        end = rng.randrange(start + 1, len(text))
        span = lxml.html.Element("span")
        span.set("class", f"c-{token(rng)}")
        node.text, span.text, span.tail = text[:start], text[start:end], text[end:]
        node.insert(0, span)


def _first_h1(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    h1 = next((e for e in elements(body_of(doc)) if e.tag == "h1"), None)
    return h1 if h1 is not None and h1.getparent() is not None else None


def byline(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """A byline right after the first ``h1``: author, medical reviewer and a date."""
    h1 = _first_h1(doc)
    if h1 is None:
        return
    day = rng.randint(1, 28)
    line = _fragment(
        f'<div class="{rng.choice(["byline", "article-meta", "post-meta"])}">'
        f'<span class="author">By Jane Doe</span> · Medically reviewed by Dr. Sam Lee · '
        f'<time datetime="2024-03-{day:02d}">{day} March 2024</time></div>'
    )
    _insert_after(h1, line)


def toc(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """A table of contents of the page's ``h2``s after the first ``h1`` (a ``<nav class="toc">``
    of ``#id`` links, "On this page"), as documentation themes and WordPress plugins add."""
    h1 = _first_h1(doc)
    if h1 is None:
        return
    entries = []
    for node in elements(body_of(doc)):
        if node.tag == "h2" and node.text_content().strip():
            anchor = node.get("id") or token(rng)
            node.set("id", anchor)
            entries.append((anchor, " ".join(node.text_content().split())))
    if not entries:
        return
    name = rng.choice(["toc", "table-of-contents"])
    box = _fragment(f'<nav class="{name}"><p>On this page</p><ul></ul></nav>')
    items = box.find("ul")
    for anchor, text in entries:
        item = etree.SubElement(items, "li")
        link = etree.SubElement(item, "a", href=f"#{anchor}")
        link.text = text
    _insert_after(h1, box)


def newsletter_box(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """A newsletter sign-up box (heading, blurb, form) before a random ``h2`` of the article
    (not one inside a nav, aside, header or footer: no site puts the box in its menus)."""
    h2s = [e for e in elements(body_of(doc)) if e.tag == "h2" and _in_article(e)]
    if not h2s:
        return
    box = _fragment(
        f'<div class="{rng.choice(["newsletter", "newsletter-signup"])}"><h3>Newsletter</h3>'
        "<p>Get our health news in your inbox every week.</p>"
        '<form action="/subscribe"><input type="email" name="email">'
        '<button type="submit">Subscribe</button></form></div>'
    )
    rng.choice(h2s).addprevious(box)


def _in_article(node: lxml.html.HtmlElement) -> bool:
    """Whether ``node`` has a parent and no nav/aside/header/footer around it, nor a link (a
    card's heading: no site puts a form inside a link)."""
    if node.getparent() is None:
        return False
    return not any(a.tag in ("nav", "aside", "header", "footer", "a") for a in node.iterancestors())


def helpful_vote(doc: lxml.html.HtmlElement, rng: random.Random) -> None:
    """A "Was this page helpful?" vote at the end of the main/article element (or the body)."""
    body = body_of(doc)
    holders = [e for e in elements(body) if e.tag in ("main", "article")] or [body]
    box = _fragment(
        f'<div class="{rng.choice(["feedback", "helpful"])}"><p>Was this page helpful?</p>'
        '<button type="button">Yes</button> <button type="button">No</button></div>'
    )
    holders[0].append(box)


# ---- text mutations (no round trip) --------------------------------------------------------


def _rewrite(html: str, text: Callable[[str], str], tag: Callable[[str], str]) -> str:
    """``html`` with ``text`` applied to the text between tags and ``tag`` to each plain tag;
    comments and raw-text elements (scripts, styles) are copied as they are."""
    out: list[str] = []
    at = 0
    for match in _REGIONS.finditer(html):
        out.append(text(html[at : match.start()]))
        piece = match.group(0)
        out.append(piece if match.group(1) or piece.startswith("<!") else tag(piece))
        at = match.end()
    out.append(text(html[at:]))
    return "".join(out)


def _same(piece: str) -> str:
    return piece


def upper_case_tags(html: str, rng: random.Random) -> str:
    """Tag names in upper case (``<P>``, ``</H2>``), as old sites and Word exports write them."""
    return _rewrite(
        html, _same, lambda t: _TAG_NAME.sub(lambda m: f"<{m[1]}{m[2].upper()}", t, count=1)
    )


def numeric_references(html: str, rng: random.Random) -> str:
    """Every non-ASCII character of the text written as a decimal or hex character reference."""

    def refer(text: str) -> str:
        return "".join(
            c if c.isascii() else (f"&#{ord(c)};" if rng.random() < 0.5 else f"&#x{ord(c):X};")
            for c in text
        )

    return _rewrite(html, refer, _same)


def named_entities(html: str, rng: random.Random) -> str:
    """Text characters that have an HTML 4 entity name written as that entity (``&eacute;``,
    ``&rsquo;``, ``&nbsp;``, ``&quot;``)."""

    def name(text: str) -> str:
        return "".join(
            f"&{codepoint2name[ord(c)]};"
            if ord(c) in codepoint2name and c not in "&<>" and (ord(c) > 127 or c == '"')
            else c
            for c in text
        )

    return _rewrite(html, name, _same)


#: Optional end tags (HTML's "an li element's end tag may be omitted if …"), each with what may
#: follow it (after whitespace) for the omission to be allowed.
_OPTIONAL_END = re.compile(
    r"</li>(?=\s*(?:<li\b|</[uo]l>))"
    r"|</d[td]>(?=\s*(?:<d[td]\b|</dl>))"
    r"|</t[dh]>(?=\s*(?:<t[dh]\b|</tr>))"
    r"|</tr>(?=\s*(?:<tr\b|</tbody>|</table>))"
    r"|</p>(?=\s*(?:<(?:p|div|ul|ol|dl|h[1-6]|table|section|blockquote|hr|header|footer|nav"
    r"|article|aside|details|figure|main|form)\b|</(?:div|section|article|body|td|li|dd|main"
    r"|blockquote|aside|header|footer|details)>))"
)


def omit_end_tags(html: str, rng: random.Random) -> str:
    """The page re-serialised without the end tags HTML lets an author omit (``</li>`` before
    the next ``<li>``, ``</p>`` before a block, ``</td>``, ``</tr>``, ``</dd>``)."""
    text = serialise(parse(html))
    pre = re.compile(r"<(pre|script|style|textarea)\b.*?</\1>", re.DOTALL)
    out, at = [], 0
    for match in pre.finditer(text):
        out += [_OPTIONAL_END.sub("", text[at : match.start()]), match.group(0)]
        at = match.end()
    return "".join([*out, _OPTIONAL_END.sub("", text[at:])])


MUTATIONS: dict[str, Mutation] = {
    "identity": _tree_mutation(identity),
    "wrap_divs": _tree_mutation(wrap_divs),
    "wrap_blocks": _tree_mutation(wrap_blocks),
    "reindent": _tree_mutation(reindent),
    "minify": _tree_mutation(minify),
    "attribute_noise": _tree_mutation(attribute_noise),
    "shuffle_attributes": _tree_mutation(shuffle_attributes),
    "tag_synonyms": _tree_mutation(tag_synonyms),
    "upper_case_tags": upper_case_tags,
    "numeric_references": numeric_references,
    "named_entities": named_entities,
    "comments": _tree_mutation(comments),
    "empty_scripts": _tree_mutation(empty_scripts),
    "svg_icons": _tree_mutation(svg_icons),
    "cookie_banner": _tree_mutation(cookie_banner),
    "site_nav": _tree_mutation(site_nav),
    "site_footer": _tree_mutation(site_footer),
    "share_bar": _tree_mutation(share_bar),
    "ad_slots": _tree_mutation(ad_slots),
    "text_whitespace": _tree_mutation(text_whitespace),
    "inline_spans": _tree_mutation(inline_spans),
    "spacers": _tree_mutation(spacers),
    "shuffle_head": _tree_mutation(shuffle_head),
    "heading_permalinks": _tree_mutation(heading_permalinks),
    "explicit_tbody": _tree_mutation(explicit_tbody),
    "omit_end_tags": omit_end_tags,
    "split_spans": _tree_mutation(split_spans),
    "byline": _tree_mutation(byline),
    "toc": _tree_mutation(toc),
    "newsletter_box": _tree_mutation(newsletter_box),
    "helpful_vote": _tree_mutation(helpful_vote),
}
#: Mutations whose result does not depend on the seed: one seed is enough.
DETERMINISTIC = frozenset(
    {"identity", "minify", "tag_synonyms", "upper_case_tags", "explicit_tbody", "omit_end_tags"}
    | {"named_entities"}
)
