"""content_hash follows the content: markup, ads and whitespace leave it alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.parse import parse_page

FIXTURE = Path(__file__).parent / "fixtures" / "meds-reference" / "input.html"
URL = "https://meds.is/en/conditions/tacrolimus-oral-and-injection-lupus"
HTML = FIXTURE.read_text(encoding="utf-8")


def _hash(html: str, url: str = URL) -> str:
    return parse_page(html, url).content_hash


def _with_ad(html: str) -> str:
    ad = '<div class="ad-slot"><p>Buy now! Limited offer on vitamins.</p></div>'
    return html.replace("</h1>", "</h1>" + ad, 1)


def _rewrapped(html: str) -> str:
    return re.sub(r"<h2", '<div class="wrap"><section class="v2"><h2', html).replace(
        "</body>", "</section></div>" * html.count("<h2") + "</body>"
    )


def _respaced(html: str) -> str:
    return re.sub(r">\s*<", ">\n   \n<", html).replace(". ", ".  \n ")


def _restyled(html: str) -> str:
    return re.sub(r'class="[^"]*"', 'class="x"', html)


@pytest.mark.parametrize("change", [_with_ad, _rewrapped, _respaced, _restyled])
def test_markup_changes_keep_the_hash(change: object) -> None:
    assert callable(change)
    changed = change(HTML)
    assert changed != HTML
    assert _hash(changed) == _hash(HTML)


def test_a_content_change_changes_the_hash() -> None:
    changed = HTML.replace("calcineurin", "cyclophilin", 1)
    assert _hash(changed) != _hash(HTML)


def test_the_url_is_not_content() -> None:
    assert _hash(HTML, URL + "?utm_source=x") == _hash(HTML)
