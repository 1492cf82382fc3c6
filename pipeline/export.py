"""Exports of the current dataset: JSON Lines, CSV, one JSON or Markdown file per page.

Every record is rebuilt from the store's rows (:meth:`Store.load_page`), so an export is the
same record a crawl stored. Pages marked removed are left out. File names come from the page's
drug and condition slugs (``tacrolimus--lupus.json``), never from its URL, so no name can leave
the output folder; two pages with the same pair get a short hash of their URL appended.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from hashlib import sha256
from pathlib import Path
from typing import Literal

from pipeline.store import Store
from schemas import Page, Section

Format = Literal["jsonl", "csv", "json", "markdown"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "json", "markdown")
#: The section kinds that get their own CSV column (the rest go under "other").
_CSV_KINDS = ("what_is", "how_it_works", "benefits", "side_effects", "reviews", "other")


def current_pages(store: Store) -> Iterator[Page]:
    """Every page not marked removed, in URL order."""
    urls = store.db.execute("SELECT url FROM pages WHERE removed_at IS NULL ORDER BY url")
    for (url,) in urls.fetchall():
        page = store.load_page(url)
        if page is not None:
            yield page


def export(store: Store, fmt: Format, out: Path) -> int:
    """Write the dataset into ``out`` (created if missing); return how many pages."""
    out.mkdir(parents=True, exist_ok=True)
    pages = current_pages(store)
    if fmt == "jsonl":
        return _jsonl(pages, out / "pages.jsonl")
    if fmt == "csv":
        return _csv(pages, out / "pages.csv")
    render: Callable[[Page], str] = _json_text if fmt == "json" else markdown
    suffix = ".json" if fmt == "json" else ".md"
    taken: set[str] = set()
    count = 0
    for page in pages:
        name = file_name(page, taken)
        (out / f"{name}{suffix}").write_text(render(page), encoding="utf-8")
        count += 1
    return count


def file_name(page: Page, taken: set[str]) -> str:
    """``drug--condition`` from the slugs (only ``[a-z0-9-]``), unique among ``taken``."""
    name = f"{page.drug.slug}--{page.condition.slug}"
    if name in taken:
        name = f"{name}--{sha256(page.url.encode()).hexdigest()[:8]}"
    taken.add(name)
    return name


def _json_text(page: Page) -> str:
    return json.dumps(page.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def _jsonl(pages: Iterator[Page], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as file:
        for page in pages:
            file.write(json.dumps(page.model_dump(mode="json"), ensure_ascii=False) + "\n")
            count += 1
    return count


def _csv(pages: Iterator[Page], path: Path) -> int:
    columns = [
        "url",
        "title",
        "drug",
        "drug_slug",
        "drugbank_id",
        "condition",
        "condition_slug",
        "icd10cm",
        *_CSV_KINDS,
        "common_side_effects",
        "serious_side_effects",
    ]
    count = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, columns)
        writer.writeheader()
        for page in pages:
            row = {
                "url": page.url,
                "title": page.title,
                "drug": page.drug.name,
                "drug_slug": page.drug.slug,
                "drugbank_id": page.drug.drugbank_id or "",
                "condition": page.condition.name,
                "condition_slug": page.condition.slug,
                "icd10cm": page.condition.icd10cm or "",
            }
            for kind in _CSV_KINDS:
                row[kind] = "\n\n".join(_full_text(s) for s in page.sections if s.kind == kind)
            for severity in ("common", "serious"):
                terms = [e.term for e in page.side_effects if e.severity == severity]
                row[f"{severity}_side_effects"] = "; ".join(terms)
            writer.writerow(row)
            count += 1
    return count


def _full_text(section: Section) -> str:
    parts = [section.text] if section.text else []
    parts += [f"{sub.heading}\n{sub.text}".strip() for sub in section.subsections]
    return "\n\n".join(parts)


def markdown(page: Page) -> str:
    """A page as Markdown: its title, sections and subsections, side effects and related links."""
    lines = [f"# {page.title}", "", f"Source: <{page.url}>", ""]
    facts = [f"- Drug: {page.drug.name}" + (f" ({page.drug.form})" if page.drug.form else "")]
    if page.drug.drugbank_id:
        facts.append(f"- DrugBank: {page.drug.drugbank_id}")
    facts.append(f"- Condition: {page.condition.name}")
    if page.condition.icd10cm:
        facts.append(f"- ICD-10-CM: {page.condition.icd10cm}")
    lines += [*facts, ""]
    for section in page.sections:
        lines += [f"## {section.heading or 'Introduction'}", ""]
        if section.text:
            lines += [section.text, ""]
        for sub in section.subsections:
            lines += [f"### {sub.heading}", ""]
            if sub.text:
                lines += [sub.text, ""]
    for severity in ("common", "serious"):
        terms = [e.term for e in page.side_effects if e.severity == severity]
        if terms:
            lines += [f"**{severity.capitalize()} side effects:** {', '.join(terms)}", ""]
    if page.related:
        lines += ["## Related articles", ""]
        lines += [f"- [{link.title}]({link.url})" for link in page.related]
        lines.append("")
    return "\n".join(lines)


__all__ = ["FORMATS", "Format", "current_pages", "export", "file_name", "markdown"]
