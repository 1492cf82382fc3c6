"""Pages a hostile web serves: a charset header that lies, duplicates under a canonical link,
and pages that break the parser. Each ends in one clean outcome, never an exception."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import pipeline.outcome
from pipeline.demo import build_site
from pipeline.demo.fault_bodies import malformed
from pipeline.demo.site import file_for
from pipeline.outcome import duplicate_of, parse_outcome
from pipeline.parse.decode import decode_html, header_charset_to_trust
from tests.parse.scoring import token_f1

TEXT = "Ágnes Ýr, Ménière — 5 µg"  # Á (C3 81) and Ý (C3 9D): bytes cp1252 leaves undefined


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (TEXT.encode(), "text/html; charset=ISO-8859-1", "text/html"),
        (TEXT.encode(), "text/html; charset=windows-1252", "text/html"),
        (TEXT.encode(), "text/html; charset=us-ascii", "text/html"),
        # Trusted: the header fits the bytes, or names a multi-byte charset.
        (TEXT.encode("latin-1", "replace"), "text/html; charset=ISO-8859-1", None),
        (b"plain ascii", "text/html; charset=ISO-8859-1", None),
        (TEXT.encode(), "text/html; charset=utf-8", None),
        (TEXT.encode("utf-16"), "text/html; charset=utf-16", None),
    ],
)
def test_a_single_byte_header_charset_over_utf8_is_not_trusted(
    body: bytes, content_type: str, expected: str | None
) -> None:
    assert header_charset_to_trust(body, content_type) == (expected or content_type)


@pytest.mark.parametrize("charset", ["ISO-8859-1", "latin1", "cp1252", "ascii"])
def test_utf8_under_a_latin1_header_decodes_without_mojibake(charset: str) -> None:
    body = f"<html><body><p>{TEXT}</p></body></html>".encode()
    assert TEXT in decode_html(body, f"text/html; charset={charset}")


def test_a_meta_charset_decides_when_the_header_is_not_trusted() -> None:
    body = f'<html><head><meta charset="utf-8"></head><body>{TEXT}</body></html>'.encode()
    assert TEXT in decode_html(body, "text/html; charset=ISO-8859-1")


def test_real_latin1_under_a_latin1_header_stays_latin1() -> None:
    body = "<html><body><p>Ménière, café</p></body></html>".encode("latin-1")
    assert "Ménière, café" in decode_html(body, "text/html; charset=ISO-8859-1")


def _canonical(href: str) -> bytes:
    return f'<html><head><link rel="canonical" href="{href}"></head><body></body></html>'.encode()


@pytest.mark.parametrize(
    ("href", "url", "main"),
    [
        ("/en/conditions/a-b", "http://h/en/conditions/a-b-print", "http://h/en/conditions/a-b"),
        (
            "http://h/en/conditions/a-b",
            "http://h/en/conditions/a-b?x=1",
            "http://h/en/conditions/a-b",
        ),
        ("http://h/en/conditions/a-b", "http://h/en/conditions/a-b", None),  # itself
        ("http://h/en/conditions/a-b/", "http://h/en/conditions/a-b", None),  # a slash apart
        ("https://meds.is/en/conditions/a-b", "http://h/en/conditions/c-d", None),  # a mirror
    ],
)
def test_a_canonical_link_to_another_page_of_the_host_makes_a_duplicate(
    href: str, url: str, main: str | None
) -> None:
    assert duplicate_of(_canonical(href), url) == main


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hostile") / "site"
    path = build_site(root, drugs=5, conditions=5, pages=6).pages[0].path
    return root, path


def _good(sample: tuple[Path, str], base: str) -> bytes:
    root, path = sample
    return file_for(root, path).read_bytes().replace(b"@@BASE_URL@@", base.encode())


def test_a_duplicate_page_is_rejected_as_duplicate_of_its_canonical_url(
    sample: tuple[Path, str],
) -> None:
    path = sample[1]
    outcome = parse_outcome(_good(sample, "http://h"), f"http://h{path}-print", "text/html")
    assert (outcome.page, outcome.reason, outcome.detail) == (
        None,
        "duplicate_of",
        f"http://h{path}",
    )
    assert parse_outcome(_good(sample, "http://h"), f"http://h{path}", "text/html").page


def test_any_exception_inside_parsing_is_a_parser_error_with_its_traceback(
    sample: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def overflow(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(pipeline.outcome, "canonicalize", overflow)
    path = sample[1]
    outcome = parse_outcome(_good(sample, "http://h"), f"http://h{path}", "text/html")
    assert outcome.page is None and outcome.reason == "parser_error"
    assert "Traceback" in outcome.detail and "RecursionError" in outcome.detail
    assert outcome.reject(f"http://h{path}", b"<html>", 200).reason == "parser_error"


def test_ten_thousand_nested_divs_end_in_a_clean_outcome_quickly(
    sample: tuple[Path, str],
) -> None:
    good = _good(sample, "http://h")
    deep = good.replace(b"</h2>", b"</h2>" + b"<div>" * 10_000 + b"x" + b"</div>" * 10_000, 1)
    started = time.monotonic()
    outcome = parse_outcome(deep, f"http://h{sample[1]}", "text/html")
    assert time.monotonic() - started < 10
    assert outcome.page is not None or outcome.reason  # stored or rejected, never raised


def test_a_page_with_unclosed_blocks_and_a_runaway_attribute_keeps_its_sections(
    sample: tuple[Path, str],
) -> None:
    """Unclosed </div>s nest the article inside the cookie dialog and the tab bar, and an
    unterminated class="… swallows markup: the page was rejected as a cookie wall. A browser
    still shows the article; so does the parser."""
    url = f"http://h{sample[1]}"
    clean = parse_outcome(_good(sample, "http://h"), url, "text/html").page
    broken = parse_outcome(malformed(_good(sample, "http://h")), url, "text/html").page
    assert clean is not None and broken is not None
    assert [s.kind for s in broken.sections] == [s.kind for s in clean.sections]
    for got, want in zip(broken.sections, clean.sections, strict=True):
        assert token_f1(want.text, got.text) == 1.0
    assert (broken.drug, broken.condition) == (clean.drug, clean.condition)


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div class="cookie-banner" role="dialog"><p>We use cookies.</p>',
        '<div role="tablist"><a role="tab" href="#a">Overview</a>',
    ],
    ids=["dialog", "tablist"],
)
def test_chrome_that_swallowed_the_page_is_layout(wrapper: str) -> None:
    article = (
        "<h1>Tacrolimus for Lupus</h1><h2>What is Tacrolimus?</h2><p>Tacrolimus calms the "
        "immune system.</p><h2>Side effects</h2><p>Tremor and headaches.</p>"
    )
    html = f"<html><body>{wrapper}<main>{article}</main></div></body></html>"
    outcome = parse_outcome(html.encode(), "https://x.test/tacrolimus-lupus", "text/html")
    assert outcome.page is not None, outcome.reason
    assert [s.kind for s in outcome.page.sections] == ["what_is", "side_effects"]


def test_a_class_whose_quote_never_closed_names_nothing() -> None:
    """``class="note>`` runs on to the next quote: the markup it swallowed ("… social media") is no
    class of the element, which holds the rest of the article."""
    html = (
        "<html><body><main><h1>Tacrolimus for Lupus</h1><h2>What is Tacrolimus?</h2><p>It "
        'calms the immune system.</p><div class="note>\n<p>Post it on social media</p><p class="x">'
        "<h2>Side effects</h2><p>Tremor and headaches.</p></div></main></body></html>"
    )
    outcome = parse_outcome(html.encode(), "https://x.test/tacrolimus-lupus", "text/html")
    assert outcome.page is not None, outcome.reason
    assert [s.kind for s in outcome.page.sections] == ["what_is", "side_effects"]


def test_a_page_cut_short_after_its_title_is_no_cookie_wall() -> None:
    """A truncated body keeps the consent banner and the title's h1 but few words: its article
    had begun, so it is rejected as without sections, not as a consent wall."""
    banner = (
        '<div class="cookie-banner"><p>We use cookies and similar technologies to improve your '
        "experience, measure traffic and personalise content and advertising. By clicking accept "
        "you consent to the storing of cookies on your device by us and our partners; you can "
        "manage or withdraw your consent at any time in the cookie settings.</p>"
        "<button>Accept all cookies</button><button>Manage settings</button></div>"
    )
    cut = f"<html><body>{banner}<main><h1>Ramipril for Heart Failure</h1><p>Ramipril is a"
    outcome = parse_outcome(cut.encode(), "https://x.test/ramipril-heart-failure", "text/html")
    assert outcome.reason == "no_sections"
    wall = f"<html><body>{banner}<div id='app'></div></body></html>"
    assert parse_outcome(wall.encode(), "https://x.test/a", "text/html").reason == "cookie_wall"
