"""parse_page: one drug-for-condition page (HTML + URL) → one validated Page record."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from pydantic import ValidationError

from pipeline.normalize import at_most_words, clean_line, slugify
from pipeline.parse import patterns
from pipeline.parse.blocks import Block, Heading, TextBlock, Walk, walk
from pipeline.parse.decode import decode_html
from pipeline.parse.dom import Link, find_first, link_title
from pipeline.parse.errors import PageRejected
from pipeline.parse.facts import Facts, read_facts
from pipeline.parse.metadata import Metadata, read_metadata
from pipeline.parse.names import (
    Evidence,
    Names,
    any_pair,
    bare_titles_name,
    drugs_named_by_headings,
    find_form,
    identify,
    split_title,
    without_form,
)
from pipeline.parse.outline import HeadingClassifier, Outline, Part, build_outline
from pipeline.parse.soup import label_texts, make_soup
from schemas import Page

PARSER_VERSION = "1.10.0"
# XHTML is parsed as HTML, as browsers do: its XML declaration (already used to pick the charset)
# goes, or BeautifulSoup warns that an HTML parser is reading XML.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_LATE_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[\w]+)*)", re.I)
_HEAD_CHARS = 20_000

#: A page needs headings of at least this many distinct known section kinds to be a drug page.
MIN_KNOWN_KINDS = 2
#: A "drug page" with more unknown sections than this is a feed of teasers that happen to
#: match a few section words (a news front page), not an article.
_MAX_OTHER_SECTIONS = 20
#: A label line is at most this long ("Tacrolimus (oral and injection)").
_MAX_LABEL = 80
#: Index pages: this many links titled like drug-for-condition pages, and no article.
_MIN_INDEX_LINKS = 5
#: A cookie wall: a consent notice with little else, its words outnumbering the page's own
#: several times over (a short page that merely has a cookie banner is not one).
_MAX_WALL_WORDS = 50
#: A listing page has at most this many words of text of its own besides its links.
_MAX_LISTING_WORDS = 150
_WALL_DOMINANCE = 2
#: A consent notice read as the page itself has at most this many words.
_MAX_NOTICE_WORDS = 200


def parse_page(html: bytes | str, url: str, *, content_type: str | None = None) -> Page:
    """Parse one page into a validated record.

    Args:
        html: the body as fetched (bytes, charset sniffed) or already decoded text.
        url: the page's absolute URL; relative links resolve against it.
        content_type: the HTTP Content-Type header, if known (charset, non-HTML types).

    Returns:
        The validated Page.

    Raises:
        PageRejected: the page is not a drug-for-condition page; ``reason`` says which kind.
    """
    text = _XML_DECLARATION.sub("", decode_html(html, content_type), count=1)
    soup = _the_noframes_page(text, make_soup(text))
    page = walk(soup)
    meta = read_metadata(soup, page.jsonld)
    if meta.lang is None and (late := _LATE_HTML_LANG.search(text, 0, _HEAD_CHARS)):
        # Text before <html> (a leaked PHP warning) makes the parser open its own root and drop
        # the attributes of the real one, which browsers merge into the root.
        meta.lang = late[1]
    title_at = _title_index(page, meta)
    title = page.blocks[title_at].text if title_at is not None else next(iter(meta.titles), "")
    if title and patterns.SOFT_404.search(title):
        raise PageRejected("soft_404", f"the page's title says it is missing: {title!r}")
    body = page.blocks[title_at + 1 :] if title_at is not None else page.blocks
    if title:
        body = _without_replies(body, title)
    names = _identify(page, meta, title, url)
    if names is not None and names.form is None:
        names = _form_from_chrome(names, soup)
    title_path = page.blocks[title_at].path if title_at is not None else ()
    facts = read_facts(page.blocks + page.side_blocks)
    not_intro = facts.rows | _label_blocks(page, names)
    outline = build_outline(body, _classifier(names), title_path, not_intro=not_intro)
    _check_is_drug_page(outline, page, names, soup, meta)
    assert names is not None
    return _validate(_record(url, title, meta, page, names, outline, facts))


def _without_replies(body: list[Block], title: str) -> list[Block]:
    """The body without a post subject that repeats the topic's title (it starts no section),
    and without replies: a "Re: <title>" heading and what it heads, up to a heading as high."""
    kept: list[Block] = []
    reply_level: int | None = None  # inside a reply headed at this level
    title = title.lower()
    for block in body:
        if isinstance(block, Heading):
            if reply_level is not None and block.level <= reply_level:
                reply_level = None
            text = block.text.lower()
            if text == title:
                continue
            if _REPLY.sub("", text, count=1) == title:
                reply_level = block.level
                continue
        if reply_level is None:
            kept.append(block)
    return kept


#: A reply's subject: "Re: <topic>", "RE: <topic>", "Re[2]: <topic>".
_REPLY = re.compile(r"^re(?:\[\d+\])?:\s*", re.IGNORECASE)


def _the_noframes_page(text: str, soup: BeautifulSoup) -> BeautifulSoup:
    """A frameset page's content is its <noframes> body, which the HTML parser keeps as raw
    text: that body, read under the page's own head (its title and metadata)."""
    if find_first(soup, _BODY) is not None or (frames := find_first(soup, _NOFRAMES)) is None:
        return soup
    at = text.lower().find("<frameset")
    return make_soup(text[:at] + frames.get_text()) if at >= 0 else soup


_BODY, _NOFRAMES = frozenset({"body"}), frozenset({"noframes"})


def _label_blocks(page: Walk, names: Names | None) -> set[int]:
    """id() of blocks that are only the drug's "Name (form)" label (a pill above the title):
    a label, not an intro."""
    if names is None or not names.form:
        return set()
    label = f"{names.drug} ({names.form})".lower()
    found = set()
    for i, block in enumerate(page.blocks):
        if isinstance(block, TextBlock) and block.text.lower() == label:
            found.add(id(block))
            before = page.blocks[i - 1] if i else None
            if isinstance(before, TextBlock) and _is_field_label(before.text):
                found.add(id(before))  # its label above it ("Medicine")
    return found


def _is_field_label(text: str) -> bool:
    """A label over a value box: a word or two, no sentence ("Medicine", "Your medicine")."""
    return "\n" not in text and at_most_words(text, 2) and text[-1:].isalpha()


def _title_index(page: Walk, meta: Metadata) -> int | None:
    """The block that is the page's title: the h1 phrased like one, else the first h1."""
    h1s = [i for i, b in enumerate(page.blocks) if isinstance(b, Heading) and b.level == 1]
    lowered = [t.lower() for t in meta.titles]
    for i in h1s:  # "X for Y" first: a site-name h1 is in the <title> too ("… [Site Wiki]")
        if split_title(page.blocks[i].text, reliable_only=False):
            return i
    for i, block in enumerate(page.blocks):  # a forum's site-name h1 over the topic's h2
        if isinstance(block, Heading) and block.text.lower() in lowered and split_title(block.text):
            return i
    for i in h1s:
        if any(page.blocks[i].text.lower() in t for t in lowered):
            return i
    if h1s:
        return h1s[0]
    for i, block in enumerate(page.blocks):  # no h1: a heading or a line repeating the <title>
        if block.text.lower() in lowered:
            return i
    return None


_LABEL_VALUE = re.compile(r" \| |: ")


def _label_lines(page: Walk, meta: Metadata) -> list[str]:
    """Short lines that may be a 'Drug (form)' label; a table row's or a 'Label: value' line's
    value counts on its own ("Medicine | Terbinafine (1% cream)")."""
    lines = list(meta.titles)
    for block in page.blocks + page.side_blocks:
        if isinstance(block, Heading):
            lines.append(block.text)
            continue
        for line in block.text.split("\n"):
            if len(line) <= _MAX_LABEL:
                lines.append(line)
                value = _LABEL_VALUE.split(line)[-1]
                if value != line:
                    lines.append(value)
    return lines


def _identify(page: Walk, meta: Metadata, title: str, url: str) -> Names | None:
    headings = [b.text for b in page.blocks if isinstance(b, Heading)]
    crumbs = page.breadcrumbs or meta.breadcrumbs
    evidence = Evidence(
        # The breadcrumb's last crumb names the page too ("… › Levothyroxine for
        # Hypothyroidism" under a generic "Patient Education" h1).
        titles=[t for t in [title, *meta.titles, *crumbs[-1:]] if t],
        jsonld_drugs=meta.drugs,
        jsonld_conditions=meta.conditions,
        heading_drugs=drugs_named_by_headings(headings),
        breadcrumbs=crumbs,
        url=url,
        headings=headings,
    )
    return identify(evidence, _label_lines(page, meta))


def _form_from_chrome(names: Names, soup: BeautifulSoup) -> Names:
    """The drug's "Name (form)" label where the walk skipped it: a pill in the page's header,
    a label in a side box (short texts of their own, as in the content)."""
    form = find_form(names.drug, [clean_line(text) for text in label_texts(soup)])
    return replace(names, form=form) if form else names


def _classifier(names: Names | None) -> HeadingClassifier:
    if names is None:
        return HeadingClassifier([])
    masks = [(names.drug, "{drug}"), (names.condition, "{condition}")]
    if names.form:
        masks.append((f"{names.drug} ({names.form})", "{drug}"))
    return HeadingClassifier(masks)


def _check_is_drug_page(
    outline: Outline, page: Walk, names: Names | None, soup: BeautifulSoup, meta: Metadata
) -> None:
    known = set(outline.recognised)
    others = sum(1 for s in outline.sections if s.kind == "other")
    if len(known) < MIN_KNOWN_KINDS or others > _MAX_OTHER_SECTIONS:
        raise _why_not_an_article(page, known, soup, meta)
    if names is None:
        raise PageRejected(
            "no_drug_condition", "the page has drug-page sections but names no drug and condition"
        )


def _why_not_an_article(
    page: Walk, known: set[str], soup: BeautifulSoup, meta: Metadata
) -> PageRejected:
    # The heading apologised in its own words, or the lines under it do ("Sorry, we couldn't
    # find that page"), or the document's title says "Page not found".
    said = [b.text for b in page.blocks if isinstance(b, Heading)]
    said += [b.text for b in page.blocks if isinstance(b, TextBlock) and b.text][:_FIRST_LINES]
    missing = next((t for t in meta.titles + said if patterns.SOFT_404.search(t)), None)
    if missing is not None:
        return PageRejected("soft_404", f"the page says it is missing: {missing[:80]!r}")
    texts = [b for b in page.blocks if isinstance(b, TextBlock)]
    links = [text for b in texts for text, _ in b.links]
    headings = [b.text for b in page.blocks if isinstance(b, Heading)]
    titled = sum(1 for text in links + headings if split_title(text))
    words = sum(len(b.text.split()) for b in texts)
    link_words = sum(len(text.split()) for text in links)
    if titled >= _MIN_INDEX_LINKS or (
        len(links) >= 2 * _MIN_INDEX_LINKS and 2 * link_words > words
    ):
        return PageRejected("index_page", f"a listing of {len(links)} links with no article")
    if _a_table_of_links(texts, words):
        return PageRejected("index_page", "a list or table of linked entries, no article")
    # A page cut short after its title or first section is short too, but its article began.
    began = known or any(
        b.level == 1 and split_title(b.text) for b in page.blocks if isinstance(b, Heading)
    )
    if (
        not began  # (a thin guide's sidebar of "Trending guides" makes it no listing)
        and words < _MAX_LISTING_WORDS
        and (listed := _titled_links(soup)) >= _MIN_INDEX_LINKS
    ):
        # The listing's cards were chrome to the walk (a news CMS's "PagePromo" modules).
        return PageRejected("index_page", f"a listing of {listed} drug-page links, no article")
    # (The dropped boxes that speak of consent: not a donation form the walk dropped beside it.)
    consent_words = _consent_words(page.chrome_text)
    if not began and words < _MAX_WALL_WORDS and consent_words > _WALL_DOMINANCE * words:
        return PageRejected("cookie_wall", "only a consent notice, no article")
    own = [b.text for b in texts]
    if not began and words < _MAX_NOTICE_WORDS and _WALL_DOMINANCE * _notice_words(own) > words:
        # The consent dialog holds the page's only h1 ("Before you continue to …"), so the walk
        # kept it as the page: its own text is the notice.
        return PageRejected("cookie_wall", "the page is a consent notice, no article")
    found = ", ".join(sorted(known)) or "none"
    return PageRejected(
        "no_sections",
        f"fewer than {MIN_KNOWN_KINDS} drug-page sections (found: {found}); not a drug page",
    )


def _consent_words(texts: list[str]) -> int:
    """Words of the texts that speak of cookies, consent or privacy."""
    return sum(len(text.split()) for text in texts if patterns.CONSENT_TEXT.search(text))


def _notice_words(texts: list[str]) -> int:
    """``_consent_words`` of a page's own texts, none unless one speaks of cookies or consent
    (an e-mail form's "See our privacy policy" is no consent notice)."""
    if not any(patterns.CONSENT_TOPIC.search(text) for text in texts):
        return 0
    return _consent_words(texts)


#: Text blocks read for a missing page's apology, from the top.
_FIRST_LINES = 3


def _a_table_of_links(texts: list[TextBlock], words: int) -> bool:
    """One list or table whose rows open with a link ("Doxycycline | Oracea | 7.0 | 189
    reviews"), at least half of the page's words: a listing of pages (a condition's
    medications), not an article with a list of links in it."""
    for block in texts:
        titles = {text for text, _ in block.links if text}
        if len(titles) < _MIN_TABLE_ENTRIES:
            continue
        entries = sum(
            1 for line in block.text.split("\n") if any(line.startswith(t) for t in titles)
        )
        if entries >= _MIN_TABLE_ENTRIES and 2 * len(block.text.split()) >= words:
            return True
    return False


#: Rows that open with a link in one list or table that make it a listing of pages.
_MIN_TABLE_ENTRIES = 8


def _titled_links(soup: BeautifulSoup) -> int:
    """How many pages the whole document links to by titles like drug pages' ("X for Y")."""
    hrefs = {
        str(link.get("href"))
        for link in soup.find_all("a", href=True)
        if split_title(link_title(link))
    }
    return len(hrefs)


def _without_icon(title: str) -> str:
    """A link's title without the icon drawn before it ("📄Methotrexate for …", Notion's page
    links): emoji and pictographs, with their joiners and selectors."""
    at = 0
    while at < len(title) and (
        title[at].isspace() or unicodedata.category(title[at]) in _ICON_CATEGORIES
    ):
        at += 1
    return title[at:]


_ICON_CATEGORIES = frozenset({"So", "Sk", "Mn", "Me", "Cf"})


def _related(
    url: str, base: str, links: list[Link], names: Names, bare: str | None = None
) -> list[dict[str, Any]]:
    """Related links, resolved against ``base`` (the page's URL or its ``<base href>``) and
    de-duplicated; a bare title ("Heart failure") names what the related heading said the
    links are (``bare``: "condition" or "drug")."""
    seen: set[str] = {url.split("#")[0]}
    out: list[dict[str, Any]] = []
    for raw, href in links:
        absolute = _web_url(base, href)
        if absolute is None or absolute in seen:
            continue
        text = _without_icon(raw)
        if (
            sum(c.isalpha() for c in text) < 2  # an image link, a vote count, an A–Z letter
            or patterns.MORE_LINK.match(text)
            or patterns.TOOL_LINK.search(text)
        ):
            continue  # an image link, a vote count, "View all", "Printer-friendly": no title
        seen.add(absolute)
        pair = split_title(text) or _split_like_page(text, names)
        out.append(
            {
                "title": text,
                "url": absolute,
                "drug": pair and without_form(pair[0]),
                "condition": pair and pair[1],
            }
        )
    _orient_like_siblings(out, names)
    for entry in out:
        if bare is not None and entry["drug"] is None and entry["condition"] is None:
            # (After the siblings: "Cephalexin and Kidney Infections" beside "Fosfomycin and
            # Bladder Infections" reads like it, whatever the heading says of bare titles.)
            entry["condition" if bare == "condition" else "drug"] = entry["title"]
    return out


def _orient_like_siblings(related: list[dict[str, Any]], names: Names) -> None:
    """ "Deferasirox and Iron Overload" names no name of this page, but beside "Crizanlizumab
    and Sickle Cell Disease" (drug first, by the shared condition) it reads the same way."""
    unread = [r for r in related if r["drug"] is None and r["condition"] is None]
    if not unread:
        return
    orders = set()
    for entry in related:
        if entry["drug"] is None:
            continue
        oriented = _split_like_page(entry["title"], names)
        if oriented is not None:
            orders.add(oriented == any_pair(entry["title"]))
    if len(orders) != 1:
        return
    drug_first = orders.pop()
    for entry in unread:
        pair = any_pair(entry["title"])
        if pair is not None:
            entry["drug"], entry["condition"] = pair if drug_first else (pair[1], pair[0])


def _web_url(url: str, href: str) -> str | None:
    """``href`` made absolute, without its fragment, if it is an http(s) URL; None for other
    schemes and for hrefs urllib cannot parse ("http://[host/": an unclosed IPv6 bracket)."""
    try:
        absolute = urljoin(url, href).split("#")[0]
        scheme = urlsplit(absolute).scheme
    except ValueError:
        return None
    return absolute if scheme in ("http", "https") else None


def _split_like_page(title: str, names: Names) -> tuple[str, str] | None:
    """'Amlodipine and High Blood Pressure' on the Lisinopril page: the shared name orients it
    (at whichever "and" or "with" it stands: "Rhinosinusitis with Nasal Polyps and Dupilumab")."""
    pair = any_pair(title)
    if pair is None:
        return None
    drug, condition = slugify(names.drug), slugify(names.condition)
    short = patterns.SUBTITLE.sub("", title) or title  # (not "…: What to Know")
    for joint in _JOINTS.finditer(short):
        first, second = short[: joint.start()].strip(), short[joint.end() :].strip()
        if slugify(first) in (drug, condition) or slugify(second) in (drug, condition):
            pair = (first, second)
            break
    first, second = slugify(pair[0]), slugify(pair[1])
    if first == drug or second == condition:
        return pair
    if first == condition or second == drug:
        return pair[1], pair[0]
    return None


_JOINTS = re.compile(r"\s+(?:and|&|with|in)\s+", re.IGNORECASE)


def _part(part: Part, *, with_subsections: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": part.kind,
        "heading": part.heading,
        "text": part.text,
        "items": part.items,
    }
    if with_subsections:
        out["subsections"] = [_part(s, with_subsections=False) for s in part.subsections]
    return out


def _record(
    url: str,
    title: str,
    meta: Metadata,
    page: Walk,
    names: Names,
    outline: Outline,
    facts: Facts,
) -> dict[str, Any]:
    drug_slug = slugify(f"{names.drug} {names.form or ''}")
    record: dict[str, Any] = {
        "url": url,
        "title": title,
        "lang": meta.lang,
        "drug": {"name": names.drug, "form": names.form, "slug": drug_slug},
        "condition": {"name": names.condition, "slug": slugify(names.condition)},
        "sections": [_part(s, with_subsections=True) for s in outline.sections],
        "related": _related(
            url,
            (_web_url(url, meta.base) or url) if meta.base else url,
            outline.related or page.chrome_related,  # (a sidebar's, only if the article has none)
            names,
            outline.related_names or bare_titles_name(page.chrome_related_label),
        ),
        **facts.values,
        "parser_version": PARSER_VERSION,
    }
    record["content_hash"] = content_hash(record)
    return record


#: Fields that are not content: changing them does not change the hash.
_NOT_CONTENT = frozenset({"url", "content_hash", "parser_version"})


def content_hash(record: dict[str, Any]) -> str:
    """sha256 of the record's content in canonical JSON; markup and chrome do not enter it."""
    content = {k: v for k, v in record.items() if k not in _NOT_CONTENT}
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _validate(record: dict[str, Any]) -> Page:
    try:
        return Page.model_validate(record)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PageRejected("invalid_record", f"{where}: {first['msg']}") from error
