"""The lean tree builder: what it leaves out is never read, so the walk sees the same page."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, TemplateString

from pipeline.normalize import clean_text
from pipeline.parse import PageRejected
from pipeline.parse import soup as soup_module
from pipeline.parse.blocks import Walk, walk
from pipeline.parse.decode import decode_html
from pipeline.parse.page import _XML_DECLARATION
from pipeline.parse.soup import make_soup
from tests.parse.fixtures import FIXTURES
from tests.parse.test_realworld import read, realworld_pages


def _full_soup(text: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml", multi_valued_attributes=None)
    # The one thing the lean builder reads that bs4's tree hides: a declarative shadow root,
    # which it builds as a box of its own where bs4 builds an inert <template> of
    # TemplateStrings. Built the same way here, so the walks compare.
    for template in soup.find_all("template"):
        if "shadowrootmode" in template.attrs or "shadowroot" in template.attrs:
            template.name, template.attrs = soup_module.SHADOW_ROOT, {}
            for string in template.find_all(string=True):
                if type(string) is TemplateString:
                    string.replace_with(NavigableString(str(string)))
    return soup


def _read(walked: Walk) -> dict[str, object]:
    """What the later stages take from a walk, with text as they clean it."""
    return {
        "blocks": [
            (type(b).__name__, getattr(b, "level", None), clean_text(b.text), b.path)
            for b in walked.blocks
        ],
        "breadcrumbs": walked.breadcrumbs,
        "related": [(clean_text(t), u) for t, u in walked.chrome_related],
        "jsonld": [s.strip() for s in walked.jsonld],
    }


def _decoded(body: bytes, content_type: str | None = None) -> str | None:
    """The text parse_page builds its tree from (None for an empty or binary body: no tree)."""
    try:
        return _XML_DECLARATION.sub("", decode_html(body, content_type), count=1)
    except PageRejected:
        return None


def _assert_same_walk(body: bytes, content_type: str | None = None) -> None:
    text = _decoded(body, content_type)
    if text is not None:
        assert _read(walk(make_soup(text))) == _read(walk(_full_soup(text)))


@pytest.mark.parametrize(
    "folder", sorted(p for p in FIXTURES.iterdir() if p.is_dir()), ids=lambda p: p.name
)
def test_every_fixture_walks_the_same_as_with_the_full_tree(folder: Path) -> None:
    _assert_same_walk((folder / "input.html").read_bytes())


def test_every_real_page_walks_the_same_as_with_the_full_tree(shared: Path) -> None:
    for path in realworld_pages(shared):
        _assert_same_walk(read(path))


def test_unread_elements_and_comments_are_left_out_but_json_ld_is_kept() -> None:
    soup = make_soup(
        "<html><head><style>p{}</style><link rel=stylesheet href=a.css>"
        '<script type="application/ld+json">{"@type": "Drug"}</script></head>'
        "<body><script>var x = '<p>not text</p>';</script><!-- a comment -->"
        "<svg><title>icon</title><path d=M0/></svg><p>Kept</p></body></html>"
    )
    names = {tag.name for tag in soup.find_all(True)}
    assert not names & {"style", "link", "svg", "path", "title"}
    assert [s.get_text() for s in soup.find_all("script")] == ['{"@type": "Drug"}']
    assert not soup.find_all(string=lambda s: isinstance(s, Comment))
    assert soup.body is not None and soup.body.get_text() == "Kept"


def test_spaces_between_inline_elements_and_inside_pre_are_kept() -> None:
    soup = make_soup(
        "<div>\n  <p><b>Tacrolimus</b> <i>(oral)</i></p>\n  <pre><b>a</b>\n<b>b</b></pre>\n"
        "  <span>one</span> <span>two</span></div>"
    )
    assert soup.p is not None and soup.p.get_text() == "Tacrolimus (oral)"
    assert soup.pre is not None and soup.pre.get_text() == "a\nb"
    assert soup.div is not None and soup.div.get_text().endswith("one two")


def test_indentation_in_lists_tables_and_between_blocks_is_left_out() -> None:
    soup = make_soup(
        "<body>\n <ul>\n  <li>Nausea</li>\n  <li>Headache</li>\n </ul>\n"
        " <table>\n <tr>\n  <td>Rash</td>\n </tr>\n </table>\n <p>After</p>\n</body>"
    )
    assert soup.body is not None
    assert soup.body.get_text() == "NauseaHeadacheRashAfter"


#: Every seventh saved page (about 70 of every template family): each is built twice.
_SAMPLE = sorted(p for p in FIXTURES.iterdir() if p.is_dir())[::7]


@pytest.mark.parametrize("folder", _SAMPLE, ids=lambda p: p.name)
def test_text_nodes_built_directly_link_up_as_bs4_links_them(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _decoded((folder / "input.html").read_bytes())
    if text is None:
        pytest.skip("no tree is built for an empty or binary page")
    assert soup_module._fast_strings_agree()  # (on this bs4 the builder makes them itself)
    direct = soup_module._tree_shape(make_soup(text))
    monkeypatch.setattr(soup_module, "_FAST_STRINGS_AGREE", False)
    assert direct == soup_module._tree_shape(make_soup(text))


def test_text_nodes_are_left_to_bs4_when_the_two_ways_disagree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As if bs4 stopped collapsing a run of "\n" and spaces to "\n": the probe notices.
    monkeypatch.setattr(soup_module, "_FAST_STRINGS_AGREE", None)
    monkeypatch.setattr(soup_module, "_ASCII_SPACES", " ")
    assert not soup_module._fast_strings_agree()
    assert not make_soup("<p>a</p>").builder._fast_strings
