"""What a page says about itself outside its text: <title>, meta tags, lang, JSON-LD."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Tag

from pipeline.normalize import clean_line
from pipeline.parse.patterns import TITLE_SUFFIX

_MAX_JSONLD = 200_000  # characters; a larger blob is not metadata worth parsing
_MAX_NODES = 2_000


@dataclass(slots=True)
class Metadata:
    lang: str | None = None
    titles: list[str] = field(
        default_factory=list
    )  # <title>, og:title, twitter:title, suffixes cut
    drugs: list[str] = field(default_factory=list)  # JSON-LD Drug names
    conditions: list[str] = field(default_factory=list)  # JSON-LD MedicalCondition names
    breadcrumbs: list[str] = field(default_factory=list)  # JSON-LD BreadcrumbList names
    base: str | None = None  # <base href>: what the page's relative links are relative to


def strip_site_suffix(title: str) -> str:
    """'Tacrolimus for Lupus | meds.is' → 'Tacrolimus for Lupus'."""
    return TITLE_SUFFIX.sub("", title).strip()


def _meta_tags(head: Tag) -> dict[str, str]:
    """Every <meta> name/property/http-equiv (lower-cased) → content; the first one wins."""
    found: dict[str, str] = {}
    for tag in head.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("http-equiv")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            found.setdefault(key.lower(), content.strip())
    return found


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.rsplit("/", 1)[-1] for v in values if isinstance(v, str)}


def _read_jsonld(text: str, meta: Metadata) -> None:
    if len(text) > _MAX_JSONLD:
        return
    try:
        data = json.loads(text)
    except ValueError:
        return
    stack: list[Any] = [data]
    seen = 0
    while stack and seen < _MAX_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, list):
            stack.extend(reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        name = node.get("name")
        types = _types(node)
        if isinstance(name, str) and name.strip():
            if types & {"Drug", "MedicalTherapy"}:
                meta.drugs.append(clean_line(name))
            if types & {"MedicalCondition", "MedicalSignOrSymptom", "InfectiousDisease"}:
                meta.conditions.append(clean_line(name))
        if "BreadcrumbList" in types:
            for item in node.get("itemListElement") or []:
                crumb = (
                    item.get("name") or (item.get("item") or {}).get("name")
                    if isinstance(item, dict)
                    else None
                )
                if isinstance(crumb, str):
                    meta.breadcrumbs.append(clean_line(crumb))
            continue
        stack.extend(v for v in node.values() if isinstance(v, dict | list))


def read_metadata(soup: BeautifulSoup, jsonld_in_body: list[str]) -> Metadata:
    """Collect lang, titles and JSON-LD entities from the head (and body JSON-LD scripts)."""
    meta = Metadata()
    html = soup.find("html")
    if isinstance(html, Tag):
        lang = html.get("lang") or html.get("xml:lang")
        if isinstance(lang, str) and lang.strip():
            meta.lang = lang.strip()
    head = soup.head
    base = head.find("base", href=True) if head is not None else None  # the first one counts
    if isinstance(base, Tag) and isinstance(base["href"], str) and base["href"].strip():
        meta.base = base["href"].strip()
    scripts = list(jsonld_in_body)
    if head is not None:
        tags = _meta_tags(head)
        if meta.lang is None:
            locale = tags.get("content-language") or tags.get("og:locale")
            meta.lang = locale.replace("_", "-").split(",")[0].strip() if locale else None
        title = head.find("title")
        candidates = [
            title.get_text() if title is not None else None,
            tags.get("og:title"),
            tags.get("twitter:title"),
        ]
        for raw in candidates:
            if raw and (cleaned := strip_site_suffix(clean_line(raw))):
                meta.titles.append(cleaned)
        scripts += [s.get_text() for s in head.find_all("script", type="application/ld+json")]
    for text in scripts:
        _read_jsonld(text, meta)
    return meta
