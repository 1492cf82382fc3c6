"""Change history on a real SQLite file: page_versions keeps the previous version of a page
whose content hash moved, page_changes logs what each run added, changed, removed, revived."""

from __future__ import annotations

import json
from typing import Any

from pipeline.history import SectionChanges, section_changes
from pipeline.store import FetchError, NotModified, SaveResult, Store, read_sections
from schemas import Page, Section
from tests.store.conftest import URL, MakeFetched, MakePage

OTHER = f"{URL}-other"


def logged(store: Store) -> list[tuple[str, int, str]]:
    """The change log as (url, run, change), in order."""
    rows = store.db.execute("SELECT url, run_id, change FROM page_changes ORDER BY id")
    return [tuple(row) for row in rows.fetchall()]


def versions(store: Store) -> list[dict[str, Any]]:
    return list(store.db.query("SELECT * FROM page_versions ORDER BY id"))


def reworded(record: dict[str, Any]) -> None:
    """A new how_it_works text, no reviews section, and a new (other) dosage section."""
    record["sections"][1]["text"] += " Newer studies say more."
    record["sections"] = [s for s in record["sections"] if s["kind"] != "reviews"]
    record["sections"].append({"kind": "other", "heading": "Dosage", "text": "As prescribed."})


def gone_twice(store: Store, url: str) -> None:
    """Two runs in which the page answers 404: it is marked removed."""
    for _ in range(2):
        store.save_fetch_errors(store.start_run({}), [FetchError(url, 404, "HTTP 404")])


def test_a_new_page_is_logged_as_added_and_is_no_version(
    file_store: Store, fetched: MakeFetched
) -> None:
    run = file_store.start_run({})
    page = fetched()
    file_store.save_pages(run, [page])
    assert logged(file_store) == [(URL, run, "added")]
    row = file_store.db.table("page_changes").get(1)
    assert row["content_hash"] == page.page.content_hash
    assert versions(file_store) == []


def test_an_unchanged_page_writes_no_history(file_store: Store, fetched: MakeFetched) -> None:
    file_store.save_pages(file_store.start_run({}), [fetched()])
    run = file_store.start_run({})
    before = file_store.db.conn.total_changes
    assert file_store.save_pages(run, [fetched()]) == SaveResult(unchanged=1)
    assert file_store.touch_not_modified(run, [NotModified(URL, "2030-01-01T00:00:00+00:00")]) == 1
    assert file_store.db.conn.total_changes - before == 2, "the two touches of the pages row"
    assert len(logged(file_store)) == 1
    assert versions(file_store) == []


def test_a_changed_page_keeps_its_previous_version(
    file_store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    first, second = file_store.start_run({}), file_store.start_run({})
    old = fetched()
    new = fetched(make_page(edit=reworded))
    file_store.save_pages(first, [old])
    assert file_store.save_pages(second, [new]) == SaveResult(changed=1)

    [version] = versions(file_store)
    assert (version["url"], version["run_id"]) == (URL, second)
    assert (version["old_hash"], version["new_hash"]) == (
        old.page.content_hash,
        new.page.content_hash,
    )
    assert json.loads(version["sections_added"]) == ["other"]
    assert json.loads(version["sections_removed"]) == ["reviews"]
    assert json.loads(version["sections_changed"]) == ["how_it_works"]
    assert version["title"] == old.page.title
    previous = [Section.model_validate(s) for s in json.loads(version["sections"])]
    assert previous == old.page.sections, "the previous sections, whole"
    assert file_store.load_page(URL) == new.page, "the current record is the new one"
    assert logged(file_store) == [(URL, first, "added"), (URL, second, "changed")]


def test_every_change_of_content_is_one_more_version(
    file_store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    def subsection(record: dict[str, Any]) -> None:
        record["sections"][3]["subsections"][0]["text"] += " And dizziness."

    pages = [fetched(), fetched(make_page(edit=subsection)), fetched()]
    for page in pages:
        file_store.save_pages(file_store.start_run({}), [page])
    found = versions(file_store)
    assert [json.loads(v["sections_changed"]) for v in found] == [["side_effects"]] * 2
    assert [v["old_hash"] for v in found] == [p.page.content_hash for p in pages[:2]]
    assert [change for _, _, change in logged(file_store)] == ["added", "changed", "changed"]


def test_a_new_normalizer_alone_is_no_version(
    file_store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    page = make_page()
    file_store.save_pages(file_store.start_run({}), [fetched(page)])
    renormalized = page.model_copy(update={"normalizer_version": "2.0.0"})
    assert file_store.save_pages(file_store.start_run({}), [fetched(renormalized)]).changed == 1
    assert versions(file_store) == []
    assert [change for _, _, change in logged(file_store)] == ["added"]


def test_removed_and_revived_pages_are_logged(
    file_store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    file_store.save_pages(file_store.start_run({}), [fetched(), fetched(make_page(url=OTHER))])
    gone_twice(file_store, URL)
    gone_twice(file_store, OTHER)
    removed = file_store.db.execute("SELECT count(*) FROM pages WHERE removed_at IS NOT NULL")
    assert removed.fetchone()[0] == 2
    back = file_store.start_run({})
    file_store.save_pages(back, [fetched()])  # fetched whole, unchanged
    file_store.touch_not_modified(back, [NotModified(OTHER, "2030-01-01T00:00:00+00:00")])
    changes = [(url, change) for url, _, change in logged(file_store)]
    assert changes == [
        (URL, "added"),
        (OTHER, "added"),
        (URL, "removed"),
        (OTHER, "removed"),
        (URL, "revived"),
        (OTHER, "revived"),
    ]
    assert [run for _, run, change in logged(file_store) if change == "revived"] == [back, back]
    assert versions(file_store) == []


def test_a_removed_page_back_with_new_content_is_revived_then_changed(
    file_store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    file_store.save_pages(file_store.start_run({}), [fetched()])
    gone_twice(file_store, URL)
    file_store.save_pages(file_store.start_run({}), [fetched(make_page(edit=reworded))])
    assert [c for _, _, c in logged(file_store)] == ["added", "removed", "revived", "changed"]
    assert len(versions(file_store)) == 1


def test_history_rows_are_kept_by_the_foreign_keys(
    file_store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    file_store.save_pages(file_store.start_run({}), [fetched()])
    file_store.save_pages(file_store.start_run({}), [fetched(make_page(edit=reworded))])
    assert file_store.db.execute("PRAGMA foreign_key_check").fetchall() == []


# --- which section kinds changed -----------------------------------------------------------


def dumps(page: Page) -> list[dict[str, Any]]:
    return [section.model_dump(mode="json") for section in page.sections]


def test_section_changes_name_added_removed_and_changed_kinds(make_page: MakePage) -> None:
    old, new = make_page(), make_page(edit=reworded)
    assert section_changes(dumps(old), dumps(new)) == SectionChanges(
        added=["other"], removed=["reviews"], changed=["how_it_works"]
    )
    assert section_changes(dumps(new), dumps(old)) == SectionChanges(
        added=["reviews"], removed=["other"], changed=["how_it_works"]
    )
    assert section_changes(dumps(old), dumps(old)) == SectionChanges([], [], [])


def test_section_changes_see_subsections_and_repeated_kinds(make_page: MakePage) -> None:
    def more_other(record: dict[str, Any]) -> None:
        record["sections"].append({"kind": "other", "heading": "Dosage", "text": "As needed."})
        record["sections"].append({"kind": "other", "heading": "Storage", "text": "Cool."})

    def heading(record: dict[str, Any]) -> None:
        more_other(record)
        record["sections"][4]["subsections"][1]["heading"] = "Things to know"

    two_others, renamed = make_page(edit=more_other), make_page(edit=heading)
    assert section_changes(dumps(two_others), dumps(renamed)).changed == ["reviews"]
    one_other = dumps(two_others)[:-1]
    assert section_changes(one_other, dumps(two_others)).changed == ["other"]
    moved = dumps(two_others)
    moved.insert(0, moved.pop(1))  # how_it_works first: the order of kinds is not content
    assert section_changes(dumps(two_others), moved) == SectionChanges([], [], [])


def test_read_sections_is_what_the_model_dumps(
    file_store: Store, fetched: MakeFetched, make_page: MakePage
) -> None:
    pages = [make_page(), make_page(url=OTHER, edit=reworded)]
    file_store.save_pages(file_store.start_run({}), [fetched(page) for page in pages])
    found = read_sections(file_store.db, [OTHER, URL, f"{URL}-never-stored"])
    assert found == {page.url: dumps(page) for page in pages}
