"""Text → BeautifulSoup tree, built once and without the parts no stage ever reads.

BeautifulSoup's lxml builder turns every lxml parse event into Python objects, and that is most of
a page's parse time. Three kinds of event make objects nobody reads, so this builder drops them
as they arrive instead of building them and dropping them later:

- the insides of elements that are never content (scripts, styles, SVG drawings, iframes,
  embedded media; see ``patterns.UNREAD_TAGS``), except JSON-LD scripts, which the metadata reads;
- comments and processing instructions;
- whitespace-only text where HTML's rendering ignores it: inside structural elements (lists,
  tables, the head) and between block elements. Most of a page's text nodes are that
  indentation, and the walk would only strip them again; whitespace between inline elements
  ("<b>a</b> <i>b</i>") and inside ``<pre>`` is kept;
- XML namespace bookkeeping, which an HTML parse never has (lxml's HTML parser reports no
  namespaces; the builder's general path is kept for the case it ever does).

The tree is otherwise the one ``BeautifulSoup(text, "lxml")`` builds, so the walk and every
``find_all`` see the page as before.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import AttributeDict, NavigableString

from pipeline.parse import patterns

_JSONLD = "application/ld+json"
_MAX_NOSCRIPT_PIECES = 200
#: Label texts kept: at most this many, this long ("Tacrolimus (oral and injection)").
_MAX_LABELS, _MAX_LABEL = 200, 80
#: Elements whose text children browsers never render (only their elements' text counts).
_STRUCTURAL = frozenset(
    {"html", "head", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "colgroup"}
    | {"select", "optgroup"}
)
#: Block-level elements: whitespace at their start, or right after one, is indentation.
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog"}
    | {"div", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3"}
    | {"h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p"}
    | {"section", "summary", "table", "td", "th", "tr", "ul"}
)


#: What a declarative shadow root's <template> is built as (a custom element's name).
SHADOW_ROOT = "shadow-root"


class _ContentTreeBuilder(LXMLTreeBuilder):
    """An lxml HTML builder that skips unread subtrees, comments and namespace work."""

    active_namespace_prefixes: list[dict[str, str]]  # set by the base class (unannotated there)

    def initialize_soup(self, soup: BeautifulSoup) -> None:
        super().initialize_soup(soup)
        self._skipping = 0  # depth inside an unread element; 0 when building
        self._in_noscript = False
        self._in_style = False
        self.styles: list[str] = []  # the page's own style sheets (<style>), for bold classes
        self.noscript: list[str] = []  # what <noscript> shows (consent walls)
        self.labels: list[str] = []  # short texts with a parenthesis: "Name (form)" labels
        self._label_pending = False  # the text being gathered has a parenthesis
        # The text of the line being read across inline tags ("Mira<span>begron (tab</span>
        # lets)"), kept as a label too when it has a parenthesis.
        self._line: list[str] = []
        self._line_paren = False
        self.main: Tag | None = None  # the first <main> (or role=main) and its text's length
        self.main_chars = 0  # (spaces aside, as the walk counts it)
        self._main_depth = 0  # depth inside that element; 0 outside
        self._plain_soup = soup.parse_only is None and not soup.element_classes
        # What Tag.__init__ sets alike on every tag of this soup (see _new_tag).
        self._tag_fields: dict[str, Any] = {
            "parser_class": soup.__class__,
            "namespace": None,
            "prefix": None,
            "sourceline": None,
            "sourcepos": None,
            "attribute_value_list_class": self.attribute_value_list_class,
            "known_xml": self.is_xml,
            "hidden": False,
            "cdata_list_attributes": self.cdata_list_attributes,
            "preserve_whitespace_tags": self.preserve_whitespace_tags,
        }
        self._fast_tags = self._plain_soup and _fast_tags_agree(self, soup)
        self._fast_strings = self._plain_soup and _fast_strings_agree()

    def start(self, tag: Any, attrib: Any, nsmap: Any = None) -> None:
        if self._skipping:
            self._skipping += 1
            return
        if tag == "template" and ("shadowrootmode" in attrib or "shadowroot" in attrib):
            # A declarative shadow root is rendered where it stands (Lit's server-side output),
            # unlike an inert <template>: built as a box of its own, for the walk to read.
            tag, attrib = SHADOW_ROOT, {}
        elif tag in patterns.UNREAD_TAGS and not (
            tag == "script" and attrib.get("type") == _JSONLD
        ):
            self._skipping = 1
            self._in_noscript = tag == "noscript"  # (shown to readers without scripts)
            self._in_style = tag == "style"
            return
        if self._main_depth:
            self._main_depth += 1
        if nsmap or len(self.nsmaps) > 1:
            super().start(tag, attrib, nsmap or {})
            return
        assert self.soup is not None
        if self._label_pending:
            self._take_label(self.soup)
        if tag in _BLOCKS and self._line:
            self._end_line()
        if tag in _DEFINITION_PARTS:
            _close_open_definition(self.soup)
        elif tag in _CLOSES_A_PARAGRAPH:
            _close_open_paragraph(self.soup)
        # lxml gives a fresh dict, or one shared empty mapping; the Tag copies what it is given.
        attrs = attrib if type(attrib) is dict else dict(attrib) if attrib else {}
        self._open(self.soup, tag, attrs)
        if self.main is None and (tag == "main" or attrs.get("role") == "main"):
            self.main, self._main_depth = self.soup.currentTag, 1

    def end(self, tag: Any) -> None:
        if self._skipping:
            self._skipping -= 1
            return
        if self._main_depth:
            self._main_depth -= 1
        if len(self.nsmaps) > 1:
            super().end(tag)
            return
        soup = self.soup
        assert soup is not None
        if self._label_pending:
            self._take_label(soup)
        if tag in _BLOCKS and self._line:
            self._end_line()
        if soup.current_data:  # (endData's own test, without the call for every end tag)
            self._end_data(soup)
        current = soup.currentTag
        if current is not None and (
            current.name == tag or (tag == "template" and current.name == SHADOW_ROOT)
        ):
            soup.popTag()  # lxml's events nest: what ends is what is open (no search needed)
        else:
            soup.handle_endtag(tag, None)

    def _open(self, soup: BeautifulSoup, name: str, attrs: dict[str, str]) -> None:
        """What ``soup.handle_starttag(name, None, None, attrs, namespaces=…)`` does, without
        its per-call set-up (a typing cast, the parse_only filter, the element-class lookup):
        make_soup's soup has neither a filter nor custom element classes."""
        if not self._plain_soup:
            soup.handle_starttag(
                name, None, None, attrs, namespaces=self.active_namespace_prefixes[-1]
            )
            return
        if soup.current_data:
            self._end_data(soup)
        previous = soup._most_recent_element
        if self._fast_tags:
            tag = self._new_tag(name, attrs, soup.currentTag, previous)
        else:
            tag = Tag(
                soup,
                self,
                name,
                None,
                None,
                attrs,
                soup.currentTag,
                previous,
                namespaces=self.active_namespace_prefixes[-1],
            )
        if previous is not None:
            previous.next_element = tag
        soup._most_recent_element = tag
        soup.pushTag(tag)

    def _new_tag(self, name: str, attrs: dict[str, str], parent: Tag | None, previous: Any) -> Tag:
        """The Tag that ``Tag(soup, self, name, None, None, attrs, parent, previous,
        namespaces=…)`` makes, its fields set directly: Tag.__init__ weighs every argument for
        cases this builder never has (no builder, XML, multi-valued attributes, line numbers),
        and it ran for every element of every page. ``_fast_tags_agree`` checks the two agree
        on this bs4 before this is used."""
        tag = Tag.__new__(Tag)
        fields = tag.__dict__
        fields.update(self._tag_fields)
        fields["name"] = name
        fields["_namespaces"] = self.active_namespace_prefixes[-1] or {}
        fields["attrs"] = self.attribute_dict_class(attrs)  # (lxml's values are all strings)
        fields["contents"] = []
        # PageElement.setup(parent, previous):
        fields["parent"] = parent
        fields["previous_element"] = previous
        if previous is not None:
            previous.next_element = tag
        fields["next_element"] = fields["next_sibling"] = None
        sibling = parent.contents[-1] if parent is not None and parent.contents else None
        fields["previous_sibling"] = sibling
        if sibling is not None:
            sibling.next_sibling = tag
        empty = self.empty_element_tags
        fields["can_be_empty_element"] = empty is None or name in empty
        containers = self.string_containers
        fields["interesting_string_types"] = (
            {containers[name]} if name in containers else Tag.MAIN_CONTENT_STRING_TYPES
        )
        if name == "meta":  # (the only tag HTMLTreeBuilder.set_up_substitutions changes)
            self.set_up_substitutions(tag)
        return tag

    def _end_data(self, soup: BeautifulSoup) -> None:
        """What ``soup.endData()`` does with the text gathered, for make_soup's plain soup:
        the string made and linked in place, without the per-call look-ups of endData,
        string_container, NavigableString.__new__ and object_was_parsed (a text node for
        every run of text of every page). ``_fast_strings_agree`` checks the two agree."""
        if not self._fast_strings:
            soup.endData()
            return
        pieces = soup.current_data
        text = pieces[0] if len(pieces) == 1 else "".join(pieces)
        soup.current_data = []
        if not soup.preserve_whitespace_tag_stack and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        stack = soup.string_container_stack
        kind = NavigableString
        if stack:
            kind = self.string_containers.get(stack[-1].name, kind)
        string = str.__new__(kind, text)
        parent = soup.currentTag
        assert parent is not None  # (the soup object itself at the top)
        previous = soup._most_recent_element
        fix = parent.next_element is not None
        fields = string.__dict__
        fields["hidden"] = False
        # PageElement.setup(parent, previous):
        fields["parent"] = parent
        fields["previous_element"] = previous
        if previous is not None:
            previous.next_element = string
        fields["next_element"] = fields["next_sibling"] = None
        contents = parent.contents
        sibling = contents[-1] if contents else None
        fields["previous_sibling"] = sibling
        if sibling is not None:
            sibling.next_sibling = string
        soup._most_recent_element = string
        contents.append(string)
        if fix:
            soup._linkage_fixer(parent)

    def data(self, data: Any) -> None:
        if self._skipping:
            if self._in_noscript and len(self.noscript) < _MAX_NOSCRIPT_PIECES:
                self.noscript.append(data)
            elif self._in_style and len(self.styles) < _MAX_NOSCRIPT_PIECES:
                self.styles.append(data)
            return
        soup = self.soup
        assert soup is not None
        if self._main_depth and soup.currentTag is not None and soup.currentTag.name != "script":
            self.main_chars += len("".join(data.split()))
        if not soup.current_data and data.isspace() and _layout_whitespace(soup):
            return
        if "(" in data:
            self._label_pending = self._line_paren = True
        self._line.append(data)
        soup.handle_data(data)

    def _take_label(self, soup: BeautifulSoup) -> None:
        """Keep the text just gathered (pieces lxml split at a comment or an entity joined) if
        it is short and has a parenthesis."""
        self._label_pending = False
        text = "".join(soup.current_data)
        if len(text) <= _MAX_LABEL and len(self.labels) < _MAX_LABELS:
            self.labels.append(text)

    def _end_line(self) -> None:
        """A block starts or ends: the line read across inline tags is a label if it was
        split by them and is short with a parenthesis."""
        if self._line_paren and len(self._line) > 1:
            text = "".join(self._line)
            if len(text) <= _MAX_LABEL and len(self.labels) < _MAX_LABELS:
                self.labels.append(text)
        self._line.clear()
        self._line_paren = False

    def comment(self, text: Any) -> None:
        """Comments are never content."""

    def pi(self, target: str, data: str) -> None:
        """Nor are processing instructions (an XHTML page's ``<?xml-stylesheet?>``)."""


_DEFINITION_PARTS = frozenset({"dd", "dt"})
#: Tags _fast_tags_agree builds both ways: plain, a string container, an empty element, a
#: whitespace-keeping one, and a <meta> whose charset is substituted.
_PROBES: tuple[tuple[str, dict[str, str]], ...] = (
    ("div", {"class": "a b", "id": "x"}),
    ("script", {"type": _JSONLD}),
    ("br", {}),
    ("pre", {}),
    ("meta", {"charset": "utf-8"}),
    ("meta", {"http-equiv": "Content-Type", "content": "text/html; charset=utf-8"}),
)
#: Whether _new_tag agreed with Tag.__init__ (None: not checked yet in this process).
_FAST_TAGS_AGREE: bool | None = None


def _fast_tags_agree(builder: _ContentTreeBuilder, soup: BeautifulSoup) -> bool:
    """Whether ``_new_tag`` makes the same tags as ``Tag.__init__`` on the installed bs4 (the
    same fields with equal values): checked once per process, and if a bs4 release sets
    something new, or differently, the builder keeps calling Tag()."""
    global _FAST_TAGS_AGREE
    if _FAST_TAGS_AGREE is None and not builder.cdata_list_attributes:
        namespaces = builder.active_namespace_prefixes[-1]
        _FAST_TAGS_AGREE = all(
            vars(builder._new_tag(name, dict(attrs), None, None))
            == vars(
                Tag(soup, builder, name, None, None, dict(attrs), None, None, namespaces=namespaces)
            )
            for name, attrs in _PROBES
        )
    return bool(_FAST_TAGS_AGREE) and not builder.cdata_list_attributes


_ASCII_SPACES = BeautifulSoup.ASCII_SPACES
#: A page _fast_strings_agree builds both ways: text beside inline tags, whitespace between
#: them (one with a newline), <pre>, an entity, ruby text and a JSON-LD script (string
#: containers), and a parent that already has children (which bs4 relinks).
_STRING_PROBE = (
    '<html><head><title>T</title><script type="application/ld+json">{"a": 1}</script></head>'
    "<body><p>a <b>b</b> <i>c</i>\n <em>d</em>e&amp;f<br>g</p><pre>  x\n </pre>"
    "<ul><li>one<li>two</ul><ruby>x<rt>y</rt></ruby> tail</body></html>"
)
#: Whether _end_data agreed with endData (None: not checked yet in this process).
_FAST_STRINGS_AGREE: bool | None = None


def _fast_strings_agree() -> bool:
    """Whether ``_end_data`` builds the same tree as ``endData`` on the installed bs4 (every
    node's class, text and links to its neighbours): checked once per process by building a
    probe page both ways."""
    global _FAST_STRINGS_AGREE
    if _FAST_STRINGS_AGREE is None:
        _FAST_STRINGS_AGREE = False  # (the probe soups ask too: the first is built by endData)
        slow = _tree_shape(make_soup(_STRING_PROBE))
        _FAST_STRINGS_AGREE = True
        _FAST_STRINGS_AGREE = _tree_shape(make_soup(_STRING_PROBE)) == slow
    return _FAST_STRINGS_AGREE


def _tree_shape(soup: BeautifulSoup) -> list[tuple[Any, ...]]:
    """Each node in document order: its class, name or text, its fields' names, and where its
    links point (as positions in that order)."""
    nodes = [soup, *soup.descendants]
    at = {id(node): index for index, node in enumerate(nodes)}

    def where(node: Any) -> int | None:
        return None if node is None else at.get(id(node), -1)

    return [
        (
            type(node),
            node.name if isinstance(node, Tag) else str(node),
            sorted(vars(node)),
            where(node.parent),
            where(node.previous_element),
            where(node.next_element),
            where(node.previous_sibling),
            where(node.next_sibling),
        )
        for node in nodes
    ]


def _close_open_definition(soup: BeautifulSoup) -> None:
    """A <dd> or <dt> ends the open one, as in HTML5 (libxml2 nests "<dd>x<dd>y" instead). Its
    end event then finds it closed already, and the builder's fallback ignores it."""
    current = soup.currentTag
    if current is not None and current.name in _DEFINITION_PARTS:
        soup.endData()
        soup.popTag()


def _close_open_paragraph(soup: BeautifulSoup) -> None:
    """An HTML5 block (<section>, <aside>, <figure> …) ends the open <p>, as in HTML5 (libxml2
    knows only HTML 4's blocks, and nests "<p>x<section>…" in the paragraph). Its end event
    then finds it closed already, and the builder's fallback ignores it."""
    current = soup.currentTag
    if current is not None and current.name == "p":
        soup.endData()
        soup.popTag()


#: The HTML5 elements that close an open <p> which libxml2 leaves open.
_CLOSES_A_PARAGRAPH = frozenset(
    {"section", "article", "aside", "nav", "header", "footer", "main", "figure", "details"}
    | {"figcaption", "hgroup", "search", "dialog"}
)


def _layout_whitespace(soup: BeautifulSoup) -> bool:
    """Whether whitespace arriving now (with no text pending) is indentation, not a space:
    it is inside a structural element, starts a block, or follows a block."""
    if soup.preserve_whitespace_tag_stack:
        return False
    parent = soup.currentTag
    assert parent is not None  # (the soup object itself at the top)
    name = parent.name
    if name in _STRUCTURAL:
        return True
    contents = parent.contents
    if not contents:
        return name in _BLOCKS
    last = contents[-1]
    return isinstance(last, Tag) and last.name in _BLOCKS


def noscript_text(soup: BeautifulSoup) -> str:
    """The text of the page's <noscript> elements, which the tree leaves out."""
    builder = soup.builder
    return " ".join(builder.noscript) if isinstance(builder, _ContentTreeBuilder) else ""


def main_text(soup: BeautifulSoup) -> tuple[Tag | None, int]:
    """The page's first <main> (or role=main) and how many characters of text, spaces aside,
    it holds, counted as the tree was built (None, 0 for a tree built otherwise)."""
    builder = soup.builder
    if isinstance(builder, _ContentTreeBuilder):
        return builder.main, builder.main_chars
    return None, 0


def bold_classes(soup: BeautifulSoup) -> frozenset[str]:
    """Classes the page's own style sheets make bold (".c7{font-weight:700}", ".T2 { font-weight:
    bold; }"): how exported documents (Google Docs, LibreOffice, Word) mark a bold line."""
    builder = soup.builder
    if isinstance(builder, _ContentTreeBuilder):
        styles = builder.styles
    else:  # (a tree built otherwise keeps its <style> elements)
        styles = [style.get_text() for style in soup.find_all("style")]
    if not styles:
        return frozenset()
    sheet = "".join(styles)[:_MAX_STYLE]
    return frozenset(match[1] for match in _BOLD_RULE.finditer(sheet))


_MAX_STYLE = 500_000
#: A rule for one class (alone, or inside another: ".page .title"; not "p.c7" or ".a, .b") that
#: sets a bold weight.
_BOLD_RULE = re.compile(
    r"(?:^|[};])\s*(?:[^{},;]*?\s)?\.([A-Za-z_][\w-]*)\s*\{[^{}]*?font-weight\s*:\s*"
    r"(?:bold|bolder|[6-9]00)\b"
)


def label_texts(soup: BeautifulSoup) -> list[str]:
    """Short texts with a parenthesis anywhere in the tree, chrome too, gathered as it was
    built: where a "Name (form)" label may stand outside the content (a pill in the header)."""
    builder = soup.builder
    return builder.labels if isinstance(builder, _ContentTreeBuilder) else []


def make_soup(text: str) -> BeautifulSoup:
    """The page's tree, from already decoded text. Class values stay strings: splitting every
    class attribute into a list would cost ~7% of the parse, and ``attr_words`` splits the few
    it reads. Attributes go in a plain dict: the lxml builder's default (``XMLAttributeDict``)
    turns numbers and None into strings in a Python ``__setitem__`` per attribute, and lxml's
    HTML parser only ever gives strings."""
    builder = _ContentTreeBuilder(multi_valued_attributes=None, attribute_dict_class=AttributeDict)
    return BeautifulSoup(text, builder=builder)
