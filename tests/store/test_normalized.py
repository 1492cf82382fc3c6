"""What normalization adds is stored: concepts with codes, side effects, the review queue,
every reject reason; change detection follows the normalizer's version."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from pipeline.canonical import UnknownTerm
from pipeline.export import export
from pipeline.store import Fetched, NotModified, Reject, Store, Validators
from pipeline.vocabulary import Concept
from schemas import Finding, Page, SideEffect
from tests.store.conftest import URL, MakeFetched, MakePage

LUPUS = Concept("condition", "Lupus", "lupus", icd10cm="M32", mesh_id="D008180")
ACNE = Concept("condition", "Acne", "acne", icd10cm="L70")
TACROLIMUS = Concept("drug", "Tacrolimus", "tacrolimus", drugbank_id="DB00864", brands=("Prograf",))


def canonical(fetched: MakeFetched, make_page: MakePage, version: str = "1.0.0+vocab.a") -> Fetched:
    """The reference page as normalization leaves it (built by hand: this tests the store)."""
    page = make_page()
    drug = page.drug.model_copy(
        update={
            "slug": "tacrolimus",
            "drugbank_id": "DB00864",
            "brands": ["Prograf"],
            "match": "exact",
        }
    )
    condition = page.condition.model_copy(
        update={"icd10cm": "M32", "mesh_id": "D008180", "match": "exact"}
    )
    related = [
        link.model_copy(update={"drug_slug": "tacrolimus", "condition_slug": "acne"})
        for link in page.related[:1]
    ]
    page = page.model_copy(
        update={
            "drug": drug,
            "condition": condition,
            "related": related,
            "side_effects": [
                SideEffect(term="headache", severity="common", raw="headaches"),
                SideEffect(term="pneumonia", severity="serious", raw="pneumonia"),
            ],
            "warnings": [Finding(code="missing_section", message="no benefits section")],
            "normalizer_version": version,
        }
    )
    base = fetched(page)
    return Fetched(
        page,
        base.html,
        base.http_status,
        base.fetched_at,
        base.content_type,
        (UnknownTerm("condition", "Lupsu Nephritis", 2),),
        (TACROLIMUS, LUPUS, ACNE),
    )


def test_concepts_are_stored_with_their_codes(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    store.save_pages(store.start_run({}), [canonical(fetched, make_page)])
    assert store.db.table("drugs").get("tacrolimus") == {
        "slug": "tacrolimus",
        "name": "Tacrolimus",
        "drugbank_id": "DB00864",
        "brands": '["Prograf"]',
    }
    assert store.db.table("conditions").get("acne")["icd10cm"] == "L70"  # a related link's
    row = store.db.table("pages").get(URL)
    assert (row["drug_slug"], row["drug_form"], row["drug_match"]) == (
        "tacrolimus",
        "oral and injection",
        "exact",
    )
    assert json.loads(row["warnings"]) == [
        {"code": "missing_section", "message": "no benefits section"}
    ]


def test_side_effects_are_one_query(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    store.save_pages(store.start_run({}), [canonical(fetched, make_page)])
    rows = store.db.execute(
        "SELECT d.name FROM side_effects s JOIN pages p ON p.url = s.page_url "
        "JOIN drugs d ON d.slug = p.drug_slug WHERE s.term = ? AND s.severity = ?",
        ["headache", "common"],
    ).fetchall()
    assert rows == [("Tacrolimus",)]


def test_the_record_reads_back_whole(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    saved = canonical(fetched, make_page)
    store.save_pages(store.start_run({}), [saved])
    assert store.load_page(URL) == saved.page
    assert store.load_page("https://example.test/nothing") is None


def test_unknown_terms_are_queued_and_keep_their_first_sighting(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    store.save_pages(store.start_run({}), [canonical(fetched, make_page)])
    [first] = store.db.query("SELECT * FROM unknown_terms")
    assert (first["kind"], first["term"], first["pages"], first["count"]) == (
        "condition",
        "Lupsu Nephritis",
        1,
        2,
    )
    # Normalized again (a new vocabulary version): rewritten, still unknown, first seen kept.
    again = canonical(fetched, make_page, version="1.0.0+vocab.b")
    later = Fetched(again.page, again.html, 200, "2030-01-01T00:00:00+00:00", None, again.unknown)
    assert store.save_pages(store.start_run({}), [later]).changed == 1
    [row] = store.db.query("SELECT * FROM unknown_terms")
    assert row["first_seen"] == first["first_seen"]


def test_a_resolved_term_leaves_the_queue(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    store.save_pages(store.start_run({}), [canonical(fetched, make_page)])
    fixed = canonical(fetched, make_page, version="1.0.0+vocab.b")
    fixed = Fetched(fixed.page, fixed.html, 200, fixed.fetched_at, None, (), fixed.concepts)
    store.save_pages(store.start_run({}), [fixed])
    assert store.db.execute("SELECT count(*) FROM unknown_terms").fetchone()[0] == 0


def test_same_content_and_normalizer_is_unchanged_a_new_normalizer_rewrites(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    run = store.start_run({})
    assert store.save_pages(run, [canonical(fetched, make_page)]).new == 1
    assert store.save_pages(run, [canonical(fetched, make_page)]).unchanged == 1
    assert store.save_pages(run, [canonical(fetched, make_page, "1.0.1+vocab.a")]).changed == 1


def test_a_reject_keeps_every_reason(store: Store) -> None:
    reasons = (
        Finding(code="missing_required_section", message="no reviews section"),
        Finding(code="lang_unexpected", message="the page is in 'de'"),
    )
    reject = Reject(URL, reasons[0].code, "both", b"<html>x</html>", 200, reasons)
    store.save_rejects(
        store.start_run({}), [reject, Reject("https://x.test/a", "soft_404", "", b"")]
    )
    rows = {r["url"]: r for r in store.db.query("SELECT url, reason, reasons, html FROM rejects")}
    assert [r["code"] for r in json.loads(rows[URL]["reasons"])] == [
        "missing_required_section",
        "lang_unexpected",
    ]
    assert json.loads(rows["https://x.test/a"]["reasons"]) == [
        {"code": "soft_404", "message": "soft_404"}
    ]
    assert rows["https://x.test/a"]["html"] is None  # nothing fetched: no HTML to keep
    assert [raw.url for raw in store.reject_pages()] == [URL]


def test_unused_concepts_are_pruned(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    store.save_pages(store.start_run({}), [fetched()])  # before normalization: slug with form
    store.save_pages(store.start_run({}), [canonical(fetched, make_page)])
    assert store.db.table("drugs").count == 2
    assert store.prune_concepts() == 1
    assert [r["slug"] for r in store.db.table("drugs").rows] == ["tacrolimus"]


def test_a_made_up_concept_never_overwrites_a_curated_row(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    store.save_pages(store.start_run({}), [canonical(fetched, make_page)])
    other = make_page(url="https://meds.is/en/conditions/tacrolimus-acne")
    other = other.model_copy(
        update={
            "drug": other.drug.model_copy(update={"slug": "tacrolimus"}),
            "condition": other.condition.model_copy(update={"name": "ACNE", "slug": "acne"}),
        }
    )
    guess = Concept("drug", "Tacrolimus", "tacrolimus", curated=False)  # no brands, no id
    odd = Concept("condition", "ACNE", "acne", curated=False)
    base = fetched(other)
    stored = Fetched(other, base.html, 200, base.fetched_at, None, (), (guess, odd))
    store.save_pages(store.start_run({}), [stored])
    assert store.db.table("drugs").get("tacrolimus")["brands"] == '["Prograf"]'
    assert store.db.table("conditions").get("acne")["name"] == "Acne"


def test_a_plain_reparse_keeps_a_reject_from_a_later_fetch(
    store: Store, fetched: MakeFetched
) -> None:
    page = fetched()
    store.save_pages(store.start_run({}), [page])
    store.save_reject(store.start_run({}), URL, "no_sections", "a later fetch", b"<html></html>")
    store.save_pages(store.start_run({}), [page], clear_rejects=False)
    assert store.reject_html(URL) == b"<html></html>"
    assert store.fetch_bookkeeping(rejects=True)[URL] == (200, page.fetched_at)


def test_a_page_not_modified_only_moves_its_fetch_time_and_validators(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    first = fetched()
    store.save_pages(store.start_run({}), [first])
    run = store.start_run({})
    later = "2030-01-01T00:00:00+00:00"
    seen = [
        NotModified(URL, later, Validators(etag='"abc"', sitemap_lastmod="2029-12-31")),
        NotModified("https://example.test/never-stored", later),
    ]
    assert store.touch_not_modified(run, seen) == 1  # only the page the store knows
    row = store.db.table("pages").get(URL)
    assert (row["fetched_at"], row["last_run_id"], row["etag"], row["sitemap_lastmod"]) == (
        later,
        run,
        '"abc"',
        "2029-12-31",
    )
    assert row["updated_at"] == first.fetched_at  # the content did not change
    assert store.load_page(URL) == first.page


def test_a_rewrite_without_validators_keeps_the_stored_ones(
    store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    first = fetched()
    crawled = Fetched(
        first.page, first.html, 200, first.fetched_at, None, validators=Validators('"v1"', "d")
    )
    store.save_pages(store.start_run({}), [crawled])
    reparsed = canonical(fetched, make_page)  # a new normalizer: rewritten, no validators
    assert store.save_pages(store.start_run({}), [reparsed]).changed == 1
    row = store.db.table("pages").get(URL)
    assert (row["etag"], row["last_modified"]) == ('"v1"', "d")


def test_exports_hold_the_stored_records_under_safe_names(
    store: Store, fetched: MakeFetched, make_page: MakePage, tmp_path: Path
) -> None:
    saved = canonical(fetched, make_page)
    twin = saved.page.model_copy(update={"url": "https://meds.is/en/other/tacrolimus-lupus"})
    base = fetched(twin)
    store.save_pages(
        store.start_run({}),
        [saved, Fetched(twin, base.html, 200, base.fetched_at, None, (), saved.concepts)],
    )
    assert export(store, "json", tmp_path / "json") == 2
    names = {p.name for p in (tmp_path / "json").iterdir()}
    assert "tacrolimus--lupus.json" in names  # from the slugs, never from the URL
    [twin_name] = names - {"tacrolimus--lupus.json"}
    assert re.fullmatch(r"tacrolimus--lupus--[0-9a-f]{8}\.json", twin_name)
    records = [Page.model_validate_json(p.read_text()) for p in (tmp_path / "json").iterdir()]
    assert saved.page in records
    assert export(store, "jsonl", tmp_path / "jsonl") == 2
    lines = (tmp_path / "jsonl" / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["url"] for line in lines} == {URL, twin.url}
    assert export(store, "csv", tmp_path / "csv") == 2
    with (tmp_path / "csv" / "pages.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows[0]["icd10cm"] == "M32" and rows[0]["common_side_effects"] == "headache"
    assert rows[0]["what_is"].startswith("Tacrolimus is a powerful")
    assert export(store, "markdown", tmp_path / "md") == 2
    text = (tmp_path / "md" / "tacrolimus--lupus.md").read_text(encoding="utf-8")
    assert text.startswith("# Tacrolimus for Lupus\n")
    assert "### Common Side Effects" in text and "- ICD-10-CM: M32" in text
    store.db.execute("UPDATE pages SET removed_at = 'x' WHERE url = ?", [twin.url])
    assert export(store, "jsonl", tmp_path / "again") == 1  # removed pages are left out
