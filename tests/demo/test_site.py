"""The sample-site generator: deterministic, big enough, and every page what the parser expects."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest

from pipeline.demo import build_site, ensure_site
from pipeline.demo.site import (
    LISTING_PAGE_SIZE,
    MANIFEST_NAME,
    SITEMAPS,
    Manifest,
    PageEntry,
    file_for,
)
from pipeline.demo.templates import BASE_URL
from pipeline.normalize import slugify
from pipeline.parse import PageRejected, parse_page
from schemas import NORMALIZED_FIELDS, Page
from tests.demo.conftest import BuiltSite

REFERENCE = Path(__file__).resolve().parents[1] / "parse" / "fixtures" / "meds-reference"
BASE = "http://127.0.0.1:8000"
FIVE_KINDS = ["what_is", "how_it_works", "benefits", "side_effects", "reviews"]
#: The spider's pattern for drug-for-condition URLs (spiders/meds.py).
PAGE_PATTERN = re.compile(r"^/[a-z]{2}(?:-[a-z]{2})?/conditions/[a-z0-9]+(?:-[a-z0-9]+)+/?$")
SAMPLE = 50


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root``: its bytes and its modification time."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def read(site: BuiltSite, path: str) -> str:
    """A stored page as the server would send it (base URL substituted)."""
    return file_for(site.root, path).read_text(encoding="utf-8").replace(BASE_URL, BASE)


def parse(site: BuiltSite, path: str) -> Page:
    return parse_page(read(site, path), BASE + path)


def sample(manifest: Manifest) -> list[PageEntry]:
    return random.Random(1).sample(manifest.pages, SAMPLE)


# --- determinism, size, speed -------------------------------------------------------------------


def test_same_seed_gives_the_same_bytes(site: BuiltSite, tmp_path: Path) -> None:
    again = build_site(tmp_path / "again")
    assert again == site.manifest
    assert snapshot(tmp_path / "again") == snapshot(site.root)


def test_another_seed_gives_another_site(site: BuiltSite, tmp_path: Path) -> None:
    other = build_site(tmp_path / "other", seed=1)
    assert other.counts == site.manifest.counts
    assert other.good_paths != site.manifest.good_paths
    assert other.reference.path == site.manifest.reference.path


def test_has_at_least_40_drugs_40_conditions_and_400_pages(site: BuiltSite) -> None:
    manifest = site.manifest
    counts = manifest.counts
    assert counts["pages"] == len(manifest.good_paths) == 420
    assert counts["drugs"] >= 40
    assert counts["conditions"] >= 40
    assert len({p.drug_slug for p in manifest.pages}) == counts["drugs"], "every drug has pages"
    assert len({p.condition_slug for p in manifest.pages}) == counts["conditions"]
    names = {c.name for c in manifest.conditions}
    assert {"Crohn's Disease", "COVID-19", "Lupus"} <= names
    assert any(d.form is None for d in manifest.drugs), "some drugs are listed without a form"


def test_builds_420_pages_in_under_2_seconds(tmp_path: Path) -> None:
    started = time.perf_counter()
    build_site(tmp_path / "timed")
    assert time.perf_counter() - started < 2


def test_manifest_is_written_and_loads_back(site: BuiltSite) -> None:
    assert Manifest.load(site.root) == site.manifest
    assert json.loads((site.root / MANIFEST_NAME).read_text())["seed"] == 0


def test_smaller_sites_for_quick_tests(tmp_path: Path) -> None:
    small = build_site(tmp_path / "small", drugs=5, conditions=4, pages=12, seed=3)
    assert small.counts["pages"] == 12
    assert small.reference.path == "/en/conditions/tacrolimus-oral-and-injection-lupus"
    assert all(file_for(tmp_path / "small", p.path).is_file() for p in small.pages)


@pytest.mark.parametrize(
    "sizes",
    [{"drugs": 0}, {"drugs": 999}, {"conditions": 0}, {"pages": 0}, {"drugs": 2, "conditions": 2}],
)
def test_refuses_impossible_sizes(tmp_path: Path, sizes: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="must be between"):
        build_site(tmp_path / "x", **sizes)


def test_never_empties_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        build_site(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_rebuilding_replaces_an_earlier_site(tmp_path: Path) -> None:
    build_site(tmp_path, drugs=3, conditions=3, pages=5)
    stale = tmp_path / "en" / "stale"
    stale.write_text("old")
    manifest = build_site(tmp_path, drugs=4, conditions=3, pages=6)
    assert not stale.exists()
    assert Manifest.load(tmp_path) == manifest


def test_ensure_site_reuses_a_matching_site(tmp_path: Path) -> None:
    first = ensure_site(tmp_path, pages=20)
    marker = tmp_path / "en" / "marker"
    marker.write_text("kept")
    assert ensure_site(tmp_path, pages=20) == first
    assert marker.exists(), "a matching site is not rebuilt"
    assert ensure_site(tmp_path, pages=21).counts["pages"] == 21
    assert not marker.exists()


# --- the good pages -----------------------------------------------------------------------------


def test_paths_and_slugs_follow_the_site_and_the_normalizer(site: BuiltSite) -> None:
    for page in site.manifest.pages:
        assert page.drug_slug == slugify(f"{page.drug} {page.form or ''}")
        assert page.condition_slug == slugify(page.condition)
        assert page.path == f"/en/conditions/{page.drug_slug}-{page.condition_slug}"
        assert PAGE_PATTERN.match(page.path)
        assert page.title == f"{page.drug} for {page.condition}"
        assert file_for(site.root, page.path).is_file()
    slugs = {p.condition: p.condition_slug for p in site.manifest.pages}
    assert slugs["Crohn's Disease"] == "crohns-disease"
    assert slugs["COVID-19"] == "covid-19"


def test_sampled_pages_parse_into_all_five_sections(site: BuiltSite) -> None:
    for entry in sample(site.manifest):
        page = parse(site, entry.path)
        assert [s.kind for s in page.sections] == FIVE_KINDS, entry.path
        side_effects, reviews = page.sections[3], page.sections[4]
        assert [s.kind for s in side_effects.subsections] == ["common", "serious", "managing"]
        assert [s.kind for s in reviews.subsections] == [
            "overview",
            "need_to_know",
            "what_to_expect",
        ]
        assert len(reviews.subsections[1].items) == len(reviews.subsections[2].items) == 3
        assert (page.title, page.drug.name, page.drug.form, page.drug.slug) == (
            entry.title,
            entry.drug,
            entry.form,
            entry.drug_slug,
        )
        assert (page.condition.name, page.condition.slug) == (entry.condition, entry.condition_slug)
        text = " ".join(s.text + " ".join(u.text for u in s.subsections) for s in page.sections)
        assert entry.drug.lower() in text.lower()
        assert entry.condition.lower() in text.lower()


def test_related_links_point_to_other_pages_of_the_site(site: BuiltSite) -> None:
    good = site.manifest.good_paths
    for entry in sample(site.manifest):
        if entry.reference:
            continue
        page = parse(site, entry.path)
        paths = [r.url.removeprefix(BASE) for r in page.related]
        assert paths, entry.path
        assert set(paths) <= good - {entry.path}
        same_drug = [r for r in page.related if r.drug == entry.drug]
        assert same_drug or len([p for p in site.manifest.pages if p.drug == entry.drug]) == 1
        assert all(r.drug and r.condition for r in page.related)


def test_pages_differ_in_their_text(site: BuiltSite) -> None:
    openings = set()
    for entry in sample(site.manifest):
        page = parse(site, entry.path)
        what_is = page.sections[0].text.replace(entry.drug, "X").replace(entry.drug.lower(), "x")
        openings.add(what_is.split(".")[0][:25])
    assert len(openings) >= 3, "several sentence templates per section"


def test_calcineurin_only_on_calcineurin_inhibitor_pages(site: BuiltSite) -> None:
    classes = {d.slug: d.drug_class for d in site.manifest.drugs}
    cni_pages = 0
    for entry in site.manifest.pages:
        is_cni = classes[entry.drug_slug] == "calcineurin inhibitor"
        mentions = "calcineurin" in read(site, entry.path).lower()
        assert mentions == is_cni, entry.path
        cni_pages += is_cni
    assert cni_pages >= 10


def test_the_reference_page_matches_the_reviewed_fixture(site: BuiltSite) -> None:
    expected = json.loads((REFERENCE / "output.json").read_text(encoding="utf-8"))
    reference = site.manifest.reference
    assert reference.path == "/en/conditions/tacrolimus-oral-and-injection-lupus"
    record = parse(site, reference.path).model_dump(mode="json", exclude=NORMALIZED_FIELDS)
    assert record["sections"] == expected["sections"]
    for key in ("title", "lang", "drug", "condition", "active_ingredients", "drug_classes"):
        assert record[key] == expected[key], key
    assert len(record["related"]) == 49
    assert [(r["title"], r["drug"], r["condition"]) for r in record["related"]] == [
        (r["title"], r["drug"], r["condition"]) for r in expected["related"]
    ]
    expected_paths = [r["url"].removeprefix("https://meds.is") for r in expected["related"]]
    assert [r["url"].removeprefix(BASE) for r in record["related"]] == expected_paths


# --- listings -----------------------------------------------------------------------------------


def _hrefs(html: str, css_class: str) -> list[str]:
    """The links of the page's ``ul`` of that class."""
    match = re.search(rf'<ul class="{css_class}">(.*?)</ul>', html, re.DOTALL)
    assert match, css_class
    return re.findall(r'<a href="([^"]+)">', match[1])


def test_the_conditions_listing_links_every_page_50_at_a_time(site: BuiltSite) -> None:
    listings = [p for p in site.manifest.index_pages if p.startswith("/en/conditions/")]
    assert listings[:2] == ["/en/conditions/", "/en/conditions/page/2"]
    linked: list[str] = []
    for number, path in enumerate(listings, start=1):
        html = read(site, path)
        links = _hrefs(html, "condition-list")
        assert len(links) == LISTING_PAGE_SIZE or number == len(listings)
        linked += links
        if number < len(listings):
            assert f'rel="next" href="/en/conditions/page/{number + 1}"' in html
        with pytest.raises(PageRejected) as rejected:
            parse(site, path)
        assert rejected.value.reason == "index_page"
    assert len(linked) == len(set(linked))
    assert site.manifest.good_paths <= set(linked)


def test_each_drug_hub_lists_its_pages(site: BuiltSite) -> None:
    drugs_index = _hrefs(read(site, "/en/drugs/"), "drug-list")
    assert len(drugs_index) == site.manifest.counts["drugs"]
    for hub in drugs_index:
        slug = hub.removeprefix("/en/drugs/")
        own = {p.path for p in site.manifest.pages if p.drug_slug == slug}
        html = read(site, hub)
        assert set(_hrefs(html, "condition-list")) == own
        assert 'id="active-ingredients"' in html
        assert 'id="drug-classes"' in html


# --- bad pages ----------------------------------------------------------------------------------


def test_one_bad_page_of_each_kind(site: BuiltSite) -> None:
    bad = site.manifest.bad
    assert {kind: len(pages) for kind, pages in bad.items()} == {
        "soft_404": 1,
        "off_pattern": 1,
        "broken": 1,
        "missing": 1,
        "disallowed": 1,
    }
    assert bad["soft_404"][0].path == "/en/conditions/zzz-unknown-drug-nowhere"
    assert bad["off_pattern"][0].path == "/en/about-us"
    assert bad["disallowed"][0].path.startswith("/private/")
    assert not site.manifest.bad_paths & site.manifest.good_paths


def test_the_soft_404_and_broken_pages_are_rejected(site: BuiltSite) -> None:
    reasons = {}
    for kind in ("soft_404", "broken", "off_pattern"):
        path = site.manifest.bad[kind][0].path
        with pytest.raises(PageRejected) as rejected:
            parse(site, path)
        reasons[kind] = rejected.value.reason
    assert reasons == {
        "soft_404": "soft_404",
        "broken": "no_sections",
        "off_pattern": "no_sections",
    }


def test_bad_pages_exist_or_not_as_their_status_says(site: BuiltSite) -> None:
    for pages in site.manifest.bad.values():
        for page in pages:
            assert file_for(site.root, page.path).is_file() == (page.status == 200), page.path
    broken = site.manifest.bad["broken"][0].path
    assert PAGE_PATTERN.match(broken)
    assert PAGE_PATTERN.match(site.manifest.bad["missing"][0].path)
    assert not PAGE_PATTERN.match(site.manifest.bad["off_pattern"][0].path)
    assert "</html>" not in read(site, broken)


def test_every_bad_page_is_linked_where_the_manifest_says(site: BuiltSite) -> None:
    import gzip

    for pages in site.manifest.bad.values():
        for page in pages:
            assert page.linked_from, page.kind
            for where in page.linked_from:
                raw = file_for(site.root, where).read_bytes()
                text = (gzip.decompress(raw) if where.endswith(".gz") else raw).decode()
                target = f"<loc>{BASE_URL}{page.path}</loc>" if where in SITEMAPS else page.path
                assert f'"{target}"' in text or target in text, (page.kind, where)


def test_robots_txt_disallows_private_and_names_the_sitemap(site: BuiltSite) -> None:
    lines = (site.root / "robots.txt").read_text().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /private/" in lines
    assert "Crawl-delay: 1" in lines
    assert f"Sitemap: {BASE_URL}/sitemap.xml" in lines
