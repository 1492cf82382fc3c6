"""The offline sample site: a deterministic generator of a meds.is-like site as static files.

``build_site(root)`` writes drug-for-condition pages in the reference page's template, the
conditions listing and drug hubs, a sitemap index (one plain and one gzip sitemap), robots.txt,
and a few bad pages a crawler must cope with. The same arguments always give the same bytes.
Absolute URLs hold :data:`BASE_URL`; :mod:`pipeline.demo.server` substitutes the real one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import json
import os
import random
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args
from xml.sax.saxutils import escape as xml_escape

from pipeline.demo import plan, render, templates
from pipeline.demo.data.conditions import CONDITIONS
from pipeline.demo.data.drugs import DRUGS
from pipeline.demo.data.reference import LASTMOD as REFERENCE_LASTMOD
from pipeline.demo.data.reference import PATH as REFERENCE_PATH
from pipeline.demo.data.reference import REFERENCE
from pipeline.demo.model import Condition, Drug, Link
from pipeline.demo.templates import BASE_URL
from pipeline.demo.writing import title, write_article

#: Bumped whenever the generator's output changes, so ``ensure_site`` rebuilds old sites.
GENERATOR_VERSION = "2"
MANIFEST_NAME = ".manifest.json"
LISTING_PAGE_SIZE = 50
CONDITIONS_PATH = "/en/conditions/"
SITEMAP_INDEX = "/sitemap.xml"
SITEMAPS = ("/sitemap-pages-1.xml", "/sitemap-pages-2.xml.gz")
SOFT_404_PATH = "/en/conditions/zzz-unknown-drug-nowhere"
OFF_PATTERN_PATH = "/en/about-us"
#: Pages' lastmod dates fall in the 730 days from this one.
_FIRST_DATE = dt.date(2023, 7, 1)
_DATE_SPAN_DAYS = 730
_GARBAGE = "\ufffd#%&*+=~^|0123456789ABCDEFabcdef"
_GARBAGE_LENGTH = 400

_SIZES = ("pages", "drugs", "conditions")

BadKind = Literal["soft_404", "off_pattern", "broken", "missing", "disallowed"]
BAD_KINDS: tuple[BadKind, ...] = get_args(BadKind)


@dataclass(frozen=True, slots=True)
class PageEntry:
    """A good drug-for-condition page: where it is and what the parser should find on it."""

    path: str
    title: str
    drug: str
    form: str | None
    drug_slug: str
    condition: str
    condition_slug: str
    lastmod: str
    reference: bool = False


@dataclass(frozen=True, slots=True)
class BadPage:
    """A page a crawler must not store: what is wrong, its status and where it is linked."""

    kind: BadKind
    path: str
    status: int  # what the server answers: 200 or 404
    linked_from: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class DrugEntry:
    name: str
    form: str | None
    slug: str
    drug_class: str


@dataclass(frozen=True, slots=True)
class ConditionEntry:
    name: str
    slug: str


@dataclass(slots=True)
class Manifest:
    """What a site holds, for checking what a crawl found. Paths are root-relative."""

    seed: int
    pages: list[PageEntry]
    bad: dict[BadKind, list[BadPage]]
    drugs: list[DrugEntry]
    conditions: list[ConditionEntry]
    index_pages: list[str]
    sitemaps: list[str] = field(default_factory=lambda: [SITEMAP_INDEX, *SITEMAPS])
    generator: str = GENERATOR_VERSION

    @property
    def counts(self) -> dict[str, int]:
        """Pages, drugs (by slug), conditions, index pages, and bad pages by kind."""
        return {
            "pages": len(self.pages),
            "drugs": len(self.drugs),
            "conditions": len(self.conditions),
            "index_pages": len(self.index_pages),
            **{kind: len(self.bad.get(kind, [])) for kind in BAD_KINDS},
        }

    @property
    def good_paths(self) -> set[str]:
        return {p.path for p in self.pages}

    @property
    def bad_paths(self) -> set[str]:
        return {b.path for pages in self.bad.values() for b in pages}

    @property
    def reference(self) -> PageEntry:
        return next(p for p in self.pages if p.reference)

    def page(self, path: str) -> PageEntry | None:
        """The good page at ``path``, if there is one."""
        return next((p for p in self.pages if p.path == path), None)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, blob: str) -> Manifest:
        data: dict[str, Any] = json.loads(blob)
        return cls(
            seed=data["seed"],
            pages=[PageEntry(**p) for p in data["pages"]],
            bad={
                kind: [BadPage(**{**b, "linked_from": tuple(b["linked_from"])}) for b in pages]
                for kind, pages in data["bad"].items()
            },
            drugs=[DrugEntry(**d) for d in data["drugs"]],
            conditions=[ConditionEntry(**c) for c in data["conditions"]],
            index_pages=data["index_pages"],
            sitemaps=data["sitemaps"],
            generator=data["generator"],
        )

    @classmethod
    def load(cls, root: Path) -> Manifest:
        """The manifest ``build_site`` wrote into ``root``."""
        return cls.from_json((root / MANIFEST_NAME).read_text(encoding="utf-8"))


@dataclass(slots=True)
class _Site:
    """Files to write (path → text or bytes, with a date) while the site is assembled."""

    files: dict[str, tuple[str | bytes, str]] = field(default_factory=dict)

    def add(self, path: str, content: str | bytes, date: str) -> None:
        self.files[path] = (content, date)


def build_site(
    root: Path, *, drugs: int = 40, conditions: int = 40, pages: int = 420, seed: int = 0
) -> Manifest:
    """Write the sample site into ``root`` and return its manifest.

    Args:
        root: the site's folder; created if missing. A folder holding an earlier site is
            emptied first; any other non-empty folder is refused.
        drugs: how many rows of the drug table to use (Tacrolimus is the first).
        conditions: how many rows of the condition table to use (Lupus is the first).
        pages: good drug-for-condition pages, the reference page included.
        seed: seeds every choice; the same arguments give the same bytes.

    Raises:
        ValueError: the numbers are out of range.
        FileExistsError: ``root`` holds files that are not a sample site.
    """
    drug_rows, condition_rows = _tables(drugs, conditions, pages)
    rng = random.Random(seed)
    ordered = plan.candidates(drug_rows, condition_rows, rng)
    reserved = (drug_rows[0], condition_rows[0])
    pairs = plan.choose_pairs(ordered, pages, reserved)
    taken = {page_path(*p) for p in pairs}
    spare = [p for p in ordered if page_path(*p) not in taken]
    entries = _page_entries(pairs, rng)
    site = _Site()
    _add_articles(site, pairs, entries, seed)
    bad, extra_links = _add_bad_pages(site, spare[:3], rng)
    index_pages = _add_listings(site, entries, extra_links, bad, drug_rows)
    _add_sitemaps(site, entries, bad)
    _add_fixed_files(site, len(entries))
    manifest = Manifest(
        seed=seed,
        pages=sorted(entries.values(), key=lambda e: e.path),
        bad={kind: [b for b in bad if b.kind == kind] for kind in BAD_KINDS},
        drugs=[DrugEntry(d.name, d.form, d.slug, d.drug_class) for d in drug_rows],
        conditions=[ConditionEntry(c.name, c.slug) for c in condition_rows],
        index_pages=index_pages,
    )
    _write(root, site, manifest)
    return manifest


def ensure_site(
    root: Path, *, drugs: int = 40, conditions: int = 40, pages: int = 420, seed: int = 0
) -> Manifest:
    """The site in ``root``, built unless one with the same arguments is already there."""
    try:
        manifest = Manifest.load(root)
    except (OSError, ValueError, KeyError, TypeError):
        manifest = None
    if manifest is not None:
        counts = manifest.counts
        found = (manifest.generator, manifest.seed, *(counts[k] for k in _SIZES))
        if found == (GENERATOR_VERSION, seed, pages, drugs, conditions):
            return manifest
    return build_site(root, drugs=drugs, conditions=conditions, pages=pages, seed=seed)


def url_for(base: str, path: str) -> str:
    """The absolute URL of a root-relative ``path`` on a server at ``base``."""
    return base.rstrip("/") + path


# --- tables and pairs ---------------------------------------------------------------------------


def _tables(drugs: int, conditions: int, pages: int) -> tuple[list[Drug], list[Condition]]:
    if not 1 <= drugs <= len(DRUGS):
        raise ValueError(f"drugs must be between 1 and {len(DRUGS)}, not {drugs}")
    if not 1 <= conditions <= len(CONDITIONS):
        raise ValueError(f"conditions must be between 1 and {len(CONDITIONS)}, not {conditions}")
    most = drugs * conditions - 3  # three pairs stay free for the broken, missing, private pages
    if not 1 <= pages <= most:
        raise ValueError(f"pages must be between 1 and {most} for these tables, not {pages}")
    return list(DRUGS[:drugs]), list(CONDITIONS[:conditions])


def page_path(drug: Drug, condition: Condition) -> str:
    """'/en/conditions/tacrolimus-oral-and-injection-lupus'."""
    return f"{CONDITIONS_PATH}{drug.slug}-{condition.slug}"


def _lastmod(rng: random.Random) -> str:
    return (_FIRST_DATE + dt.timedelta(days=rng.randrange(_DATE_SPAN_DAYS))).isoformat()


def _page_entries(pairs: Sequence[plan.Pair], rng: random.Random) -> dict[str, PageEntry]:
    entries: dict[str, PageEntry] = {}
    for drug, condition in pairs:
        path = page_path(drug, condition)
        is_reference = path == REFERENCE_PATH
        entries[path] = PageEntry(
            path=path,
            title=title(drug, condition),
            drug=drug.name,
            form=drug.form,
            drug_slug=drug.slug,
            condition=condition.name,
            condition_slug=condition.slug,
            lastmod=REFERENCE_LASTMOD if is_reference else _lastmod(rng),
            reference=is_reference,
        )
    return entries


# --- pages ----------------------------------------------------------------------------------------


def _add_articles(
    site: _Site, pairs: Sequence[plan.Pair], entries: dict[str, PageEntry], seed: int
) -> None:
    by_drug: dict[str, list[str]] = {}
    by_condition: dict[str, list[str]] = {}
    for path, entry in entries.items():
        by_drug.setdefault(entry.drug_slug, []).append(path)
        by_condition.setdefault(entry.condition_slug, []).append(path)
    for drug, condition in pairs:
        path = page_path(drug, condition)
        entry = entries[path]
        if entry.reference:
            article = REFERENCE
        else:
            rng = random.Random(f"{seed}:{path}")
            chosen = plan.related_paths(path, by_drug[drug.slug], by_condition[condition.slug], rng)
            related = tuple(Link(entries[p].title, p) for p in chosen)
            article = write_article(drug, condition, related, rng)
        site.add(path, render.render_article(article, path), entry.lastmod)


def _add_bad_pages(
    site: _Site, spare: Sequence[plan.Pair], rng: random.Random
) -> tuple[list[BadPage], list[Link]]:
    """The soft 404, off-pattern, broken, missing and disallowed pages; their listing links."""
    (b_drug, b_cond), (m_drug, m_cond), (p_drug, p_cond) = spare
    broken_path = page_path(b_drug, b_cond)
    missing_path = page_path(m_drug, m_cond)
    private_path = f"/private/drafts/{p_drug.slug}-{p_cond.slug}"
    date = _lastmod(rng)
    site.add(SOFT_404_PATH, render.soft_404_page(SOFT_404_PATH), date)
    site.add(OFF_PATTERN_PATH, render.about_page(), date)
    stub = write_article(b_drug, b_cond, (), rng)
    garbage = "".join(rng.choice(_GARBAGE) for _ in range(_GARBAGE_LENGTH)) + "<di"
    site.add(broken_path, render.broken_page(stub, broken_path, garbage), date)
    draft = write_article(p_drug, p_cond, (), rng)
    site.add(private_path, render.render_article(draft, private_path), date)
    sitemap_1, sitemap_2 = SITEMAPS
    bad = [
        BadPage("soft_404", SOFT_404_PATH, 200, (sitemap_1,), "'Page not found' with status 200"),
        BadPage(
            "off_pattern",
            OFF_PATTERN_PATH,
            200,
            ("/en/", sitemap_1),
            "an ordinary page; every page's header and footer link it too",
        ),
        BadPage("broken", broken_path, 200, (sitemap_2,), "cut off after the header: garbage"),
        BadPage("missing", missing_path, 404, (), "linked, but there is no such page"),
        BadPage("disallowed", private_path, 200, (sitemap_2,), "robots.txt disallows /private/"),
    ]
    links = [
        Link("Unknown Drug for Nowhere", SOFT_404_PATH),
        Link(title(b_drug, b_cond), broken_path),
        Link(title(m_drug, m_cond), missing_path),
        Link(title(p_drug, p_cond), private_path),
    ]
    return bad, links


def _add_listings(
    site: _Site,
    entries: dict[str, PageEntry],
    extra: Sequence[Link],
    bad: list[BadPage],
    drugs: Sequence[Drug],
) -> list[str]:
    """Conditions A–Z (paginated), drugs A–Z and one hub per drug; returns their paths."""
    date = max(e.lastmod for e in entries.values())
    links = [Link(e.title, e.path) for e in entries.values()] + list(extra)
    links.sort(key=lambda link: (link.title.casefold(), link.path))
    chunks = [links[i : i + LISTING_PAGE_SIZE] for i in range(0, len(links), LISTING_PAGE_SIZE)]
    paths = [CONDITIONS_PATH] + [f"{CONDITIONS_PATH}page/{n}" for n in range(2, len(chunks) + 1)]
    listed_on: dict[str, str] = {}
    for number, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
        site.add(path, render.listing_page(chunk, number, paths, len(links)), date)
        listed_on.update((link.path, path) for link in chunk)
    for i, page in enumerate(bad):  # record where the listing links the bad pages
        if page.path in listed_on:
            linked_from = (listed_on[page.path], *page.linked_from)
            bad[i] = BadPage(page.kind, page.path, page.status, linked_from, page.note)
    hubs = _add_drug_hubs(site, entries, drugs, date)
    return [*paths, "/en/drugs/", *hubs]


def _add_drug_hubs(
    site: _Site, entries: dict[str, PageEntry], drugs: Sequence[Drug], date: str
) -> list[str]:
    hubs = []
    for drug in drugs:
        own = sorted(
            (Link(e.title, e.path) for e in entries.values() if e.drug_slug == drug.slug),
            key=lambda link: link.title.casefold(),
        )
        ingredients = [name.strip() for name in drug.name.split(" and ")]
        html = render.drug_page(drug.label, drug.slug, ingredients, drug.drug_class, own)
        hubs.append(f"/en/drugs/{drug.slug}")
        site.add(hubs[-1], html, date)
    index = sorted((Link(d.label, f"/en/drugs/{d.slug}") for d in drugs), key=lambda x: x.title)
    site.add("/en/drugs/", render.drugs_index(index), date)
    return hubs


# --- sitemaps, robots.txt and fixed files -------------------------------------------------------


def _urlset(rows: Iterable[tuple[str, str]]) -> str:
    urls = "".join(
        f"  <url>\n    <loc>{BASE_URL}{xml_escape(path)}</loc>\n"
        f"    <lastmod>{lastmod}</lastmod>\n  </url>\n"
        for path, lastmod in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    )


def _sitemap_index(rows: Iterable[tuple[str, str]]) -> str:
    maps = "".join(
        f"  <sitemap>\n    <loc>{BASE_URL}{path}</loc>\n    <lastmod>{lastmod}</lastmod>\n"
        "  </sitemap>\n"
        for path, lastmod in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{maps}</sitemapindex>\n"
    )


def _add_sitemaps(site: _Site, entries: dict[str, PageEntry], bad: list[BadPage]) -> None:
    """Good pages split over two sitemaps (the second gzip-compressed), bad ones as linked."""
    good = sorted((e.path, e.lastmod) for e in entries.values())
    half = (len(good) + 1) // 2
    groups = [good[:half], good[half:]]
    for page in bad:
        for number, sitemap in enumerate(SITEMAPS):
            if sitemap in page.linked_from:
                groups[number].append((page.path, site.files[page.path][1]))
    newest = []
    for sitemap, rows in zip(SITEMAPS, groups, strict=True):
        date = max((lastmod for _, lastmod in rows), default=REFERENCE_LASTMOD)
        xml = _urlset(rows)
        content = gzip.compress(xml.encode(), mtime=0) if sitemap.endswith(".gz") else xml
        site.add(sitemap, content, date)
        newest.append((sitemap, date))
    site.add(SITEMAP_INDEX, _sitemap_index(newest), max(date for _, date in newest))


def robots_txt() -> str:
    """robots.txt: /private/ is off limits, one second between requests, the sitemap index."""
    return (
        "User-agent: *\n"
        "Disallow: /private/\n"
        "Crawl-delay: 1\n"
        "\n"
        f"Sitemap: {BASE_URL}{SITEMAP_INDEX}\n"
    )


def _add_fixed_files(site: _Site, pages: int) -> None:
    date = max(date for _, date in site.files.values())
    site.add("/robots.txt", robots_txt(), date)
    site.add("/", render.home_page(pages), date)
    site.add("/en/", render.home_page(pages), date)
    site.add("/static/css/main.css", templates.STYLE, date)
    site.add("/static/js/main.js", templates.SCRIPT, date)
    site.add("/static/img/logo.svg", templates.LOGO_SVG, date)
    site.add("/static/favicon.svg", templates.FAVICON_SVG, date)


# --- writing ------------------------------------------------------------------------------------


def file_for(root: Path, path: str) -> Path:
    """Where the file for URL ``path`` lives: a path ending in '/' is its folder's index.html."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return root / relative


def _timestamp(date: str) -> int:
    return calendar.timegm(dt.date.fromisoformat(date).timetuple())


def _prepare(root: Path) -> None:
    if root.exists() and any(root.iterdir()):
        if not (root / MANIFEST_NAME).is_file():
            raise FileExistsError(f"{root} is not empty and holds no sample site; not touching it")
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    root.mkdir(parents=True, exist_ok=True)


def _write(root: Path, site: _Site, manifest: Manifest) -> None:
    _prepare(root)
    for path, (content, date) in sorted(site.files.items()):
        target = file_for(root, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
        stamp = _timestamp(date)
        os.utime(target, (stamp, stamp))
    newest = max(_timestamp(date) for _, date in site.files.values())
    (root / MANIFEST_NAME).write_text(manifest.to_json(), encoding="utf-8")
    os.utime(root / MANIFEST_NAME, (newest, newest))
