"""``medscrape serve``: Datasette over the demo database, checked through its JSON API with real
HTTP requests on loopback, against the same database read back with sqlite-utils."""

from __future__ import annotations

import json
import shlex
import socket
import subprocess
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from sqlite_utils import Database

from pipeline.publish.metadata import build_metadata
from pipeline.publish.queries import CANNED_QUERIES
from schemas import DrugConditionCell, Page, PageSummary, Section, SideEffect
from tests.publish.conftest import MEDSCRAPE, Served

TACROLIMUS_LUPUS = "tacrolimus-oral-and-injection-lupus"


def get(served: Served, path: str, **params: Any) -> Any:
    """GET ``path`` (under the database unless it starts with ``/``) and decode its JSON."""
    base = path if path.startswith("/") else f"/{served.name}/{path}"
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    with urllib.request.urlopen(f"{served.url}{base}{query}", timeout=30) as response:
        return json.load(response)


def get_html(served: Served, path: str) -> str:
    with urllib.request.urlopen(f"{served.url}{path}", timeout=30) as response:
        return str(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def db(served: Served) -> Database:
    return Database(served.db)


def page_url(db: Database, slug: str) -> str:
    return str(db.execute("select url from pages where url like ?", [f"%/{slug}"]).fetchone()[0])


def test_it_listens_on_loopback_only(served: Served) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    assert (
        "--host"
        not in subprocess.run(
            [MEDSCRAPE, "serve", "--help"], capture_output=True, text=True, check=True
        ).stdout
    )


def test_metadata_describes_tables_and_columns_from_the_models(served: Served) -> None:
    metadata = get(served, "/-/metadata.json")
    tables = metadata["databases"][served.name]["tables"]
    assert tables["sections"]["columns"]["kind"] == Section.model_fields["kind"].description
    assert tables["side_effects"]["columns"]["term"] == SideEffect.model_fields["term"].description
    assert tables["pages"]["columns"]["title"] == Page.model_fields["title"].description
    assert tables["pages"]["description"].startswith("One drug-for-condition page")
    assert metadata["title"] and metadata["license"] and metadata["source"]


@pytest.mark.parametrize(
    "table",
    [
        "pages",
        "sections",
        "subsections",
        "side_effects",
        "related_articles",
        "drugs",
        "conditions",
        "page_summary",
        "drug_condition_matrix",
    ],
)
def test_every_column_of_the_record_tables_and_views_is_described(
    served: Served, db: Database, table: str
) -> None:
    tables = get(served, "/-/metadata.json")["databases"][served.name]["tables"]
    assert list(tables[table]["columns"]) == list(db[table].columns_dict)
    assert all(text.strip() for text in tables[table]["columns"].values())


def test_full_text_search_on_sections_finds_what_fts_finds(served: Served, db: Database) -> None:
    rows = get(served, "sections.json", _search="calcineurin", _shape="array", _size="max")
    expected = db.execute(
        "select count(*) from sections_fts where sections_fts match 'calcineurin'"
    ).fetchone()[0]
    assert len(rows) == expected > 0
    assert all("calcineur" in (r["heading"] + r["text"]).lower() for r in rows)


def test_facets_count_section_kinds_and_severities(served: Served, db: Database) -> None:
    sections = get(served, "sections.json", _size=0)["facet_results"]["kind"]["results"]
    assert {f["value"]: f["count"] for f in sections} == dict(
        Counter(r["kind"] for r in db["sections"].rows)
    )
    effects = get(served, "side_effects.json", _size=0)["facet_results"]["severity"]["results"]
    assert {f["value"]: f["count"] for f in effects} == dict(
        Counter(r["severity"] for r in db["side_effects"].rows)
    )


def test_facets_on_drug_and_condition(served: Served, db: Database) -> None:
    facets = get(served, "page_summary.json", _size=0)["facet_results"]
    drugs = {f["value"]: f["count"] for f in facets["drug"]["results"]}
    assert drugs["Tacrolimus"] == sum(
        1 for r in db["page_summary"].rows if r["drug"] == "Tacrolimus"
    )
    assert set(facets) == {"drug", "condition"}


def test_next_pagination_walks_every_page_once(served: Served, db: Database) -> None:
    seen: list[str] = []
    answer = get(served, "pages.json", _size=7, _col="title")
    while True:
        seen += [row[0] for row in answer["rows"]]
        if not answer["next"]:
            break
        answer = get(served, "pages.json", _size=7, _col="title", _next=answer["next"])
    assert sorted(seen) == sorted(r["url"] for r in db["pages"].rows)
    assert len(seen) == len(set(seen)) > 7


def test_page_summary_has_a_row_a_page_with_the_five_sections(served: Served, db: Database) -> None:
    url = page_url(db, TACROLIMUS_LUPUS)
    rows = get(served, "page_summary.json", url=url, _shape="array")
    assert len(rows) == 1
    row = rows[0]
    for section in db["sections"].rows_where("page_url = ?", [url]):
        assert row[section["kind"]] == section["text"]


@pytest.mark.parametrize(
    ("view", "model"),
    [("page_summary", PageSummary), ("drug_condition_matrix", DrugConditionCell)],
)
def test_view_rows_match_their_published_json_schema(
    served: Served, db: Database, view: str, model: type[BaseModel]
) -> None:
    assert list(db[view].columns_dict) == list(model.model_fields)
    rows = get(served, f"{view}.json", _shape="array", _size="max")
    assert len(rows) == db[view].count > 0
    for row in rows:
        model.model_validate(row)
    printed = subprocess.run(
        [MEDSCRAPE, "schema", view], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(printed) == model.model_json_schema()


def test_canned_query_search_pages(served: Served, db: Database) -> None:
    rows = get(served, "search_pages.json", q="calcineurin", _shape="array")
    expected = {
        r[0]
        for r in db.execute(
            "select s.page_url from sections_fts join sections s on s.rowid = sections_fts.rowid "
            "where sections_fts match 'calcineurin'"
        )
    }
    assert {r["record"] for r in rows} == expected
    assert "Tacrolimus for Lupus" in {r["title"] for r in rows}


def test_canned_query_side_effects_of_a_drug_for_a_condition(served: Served, db: Database) -> None:
    rows = get(
        served,
        "side_effects_of_drug_for_condition.json",
        drug="tacrolimus",
        condition="lupus",
        _shape="array",
    )
    url = page_url(db, TACROLIMUS_LUPUS)
    stored = {
        (r["term"], r["severity"]) for r in db["side_effects"].rows_where("page_url = ?", [url])
    }
    assert {(r["term"], r["severity"]) for r in rows} == stored != set()
    assert [r["severity"] for r in rows] == sorted(r["severity"] for r in rows)


def test_canned_query_drugs_listing_a_side_effect_as_common(served: Served, db: Database) -> None:
    term = db.execute(
        "select term from side_effects where severity = 'common' "
        "group by term order by count(*) desc limit 1"
    ).fetchone()[0]
    rows = get(served, "drugs_with_common_side_effect.json", term=term.upper(), _shape="array")
    expected: Counter[str] = Counter()
    pages = {p["url"]: p["drug_slug"] for p in db["pages"].rows}
    for effect in db["side_effects"].rows_where("term = ? and severity = 'common'", [term]):
        expected[pages[effect["page_url"]]] += 1
    assert {r["drug_slug"]: r["pages"] for r in rows} == dict(expected)


def test_canned_query_what_changed_since_a_run(served: Served, db: Database) -> None:
    everything = get(served, "changes_since_run.json", run_id=0, _shape="array", _size="max")
    assert {r["change"] for r in everything} == {"added"}
    assert {r["record"] for r in everything} == {p["url"] for p in db["pages"].rows}
    last_run = db.execute("select max(id) from crawl_runs").fetchone()[0]
    assert get(served, "changes_since_run.json", run_id=last_run, _shape="array") == []


def test_canned_query_pages_per_condition(served: Served, db: Database) -> None:
    rows = get(served, "pages_per_condition.json", _shape="array", _size="max")
    counts = Counter(p["condition_slug"] for p in db["pages"].rows)
    assert {r["condition_slug"]: r["pages"] for r in rows if r["pages"]} == dict(counts)
    assert [r["pages"] for r in rows] == sorted((r["pages"] for r in rows), reverse=True)


def test_canned_query_rejects_by_reason(served: Served, db: Database) -> None:
    rows = get(served, "rejects_by_reason.json", _shape="array")
    expected = Counter(r["reason"] for r in db["rejects"].rows)
    assert {r["reason"]: r["rejects"] for r in rows} == dict(expected)
    assert expected, "the sample site has bad pages on purpose"


def test_every_canned_query_is_served(served: Served) -> None:
    queries = get(served, "/-/metadata.json")["databases"][served.name]["queries"]
    assert set(queries) == set(CANNED_QUERIES)


def test_the_record_page_shows_sections_in_order_and_side_effects_as_chips(
    served: Served, db: Database
) -> None:
    url = page_url(db, TACROLIMUS_LUPUS)
    html = get_html(served, f"/{served.name}/pages/{_tilde(url)}")
    sections = list(db["sections"].rows_where("page_url = ?", [url], order_by="position"))
    offsets = [html.index(f"{section['heading']}</h3>") for section in sections]
    assert offsets == sorted(offsets)
    assert len(offsets) == 5
    effects = list(db["side_effects"].rows_where("page_url = ?", [url]))
    assert effects
    for effect in effects:
        assert f'chip-{effect["severity"]}">{effect["term"]}</li>' in html


def test_the_record_page_links_related_articles_to_their_own_records(
    served: Served, db: Database
) -> None:
    url = db.execute(
        "select from_url from related_articles r join pages p on p.url = r.to_url "
        "group by from_url order by count(*) desc limit 1"
    ).fetchone()[0]
    html = get_html(served, f"/{served.name}/pages/{_tilde(url)}")
    stored = {p["url"] for p in db["pages"].rows}
    for link in db["related_articles"].rows_where("from_url = ?", [url]):
        if link["to_url"] in stored:
            path = f"/{served.name}/pages/{_tilde(link['to_url'])}"
            assert f'href="{path}">{link["title"]}</a>' in html
            assert link["title"] in get_html(served, path)
        else:
            assert f'{link["title"]} (<a href="{link["to_url"]}">not stored</a>)' in html


def _tilde(value: str) -> str:
    from datasette.utils import tilde_encode

    return str(tilde_encode(value))


def test_demo_ends_by_printing_the_serve_command(demo_db: Path) -> None:
    last = (demo_db.parent / "demo.out").read_text().rstrip().splitlines()[-1]
    prompt, executable, *args = shlex.split(last)
    assert prompt == "$"
    assert Path(executable).resolve() == Path(MEDSCRAPE).resolve()
    assert args == ["serve", str(demo_db)]


def test_write_metadata_saves_what_serve_uses(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "metadata.yml"
    subprocess.run([MEDSCRAPE, "serve", str(demo_db), "--write-metadata", str(out)], check=True)
    assert yaml.safe_load(out.read_text()) == build_metadata(demo_db.stem)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "absent.db", "no database at"),
        (lambda tmp: tmp, "is a directory"),
        (lambda tmp: _write(tmp / "junk.db", b"not a database at all" * 100), "junk.db"),
    ],
)
def test_bad_input_is_one_line_and_a_non_zero_exit(tmp_path: Path, make: Any, message: str) -> None:
    done = subprocess.run(
        [MEDSCRAPE, "serve", str(make(tmp_path)), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_a_taken_port_is_one_line_and_a_non_zero_exit(demo_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [MEDSCRAPE, "serve", str(demo_db), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"medscrape: error: cannot serve on 127.0.0.1:{port} (Address already in use); try --port 0"
    )


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
