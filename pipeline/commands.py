"""The commands that read the database: ``medscrape vocab unknown|add``, ``rejects``, ``runs``,
``report``, ``export`` and ``changes``."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, cast, get_args

import click
from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from sqlite_utils import Database

from pipeline.migrations import LATEST
from pipeline.normalize import normalize_heading, slugify
from pipeline.vocabulary import (
    COLUMNS,
    FILES,
    Concept,
    Kind,
    Vocabulary,
    VocabularyError,
    concept_from_row,
    key,
    read_rows,
    vocab_dir,
    write_rows,
)

DEFAULT_DB = Path("output/medscrape.db")
_DB = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="The database to read.",
)


#: Schema versions: the review tables (unknown terms, reject reasons) came with 2.
_REVIEW_SCHEMA = 2


def _open(db: Path, *, minimum: int = LATEST) -> Database:
    """The database opened read-only, or a one-line error: missing, not SQLite, not medscrape's,
    or older than schema ``minimum`` (a read command never migrates: it says so instead)."""
    from pipeline.files import BadFile, existing_database
    from pipeline.sqlite import StoreError, open_read_only

    try:
        return open_read_only(existing_database(db), minimum=minimum)
    except BadFile as error:
        raise click.BadParameter(str(error), param_hint="--db") from None
    except StoreError as error:
        raise click.UsageError(str(error)) from None


def _show(
    rows: Sequence[dict[str, Any]], as_json: bool, empty: str, *, compact: bool = False
) -> None:
    """JSON, a table on a terminal (``compact``: without a frame), or tab-separated lines with
    a header for scripts."""
    if as_json:
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(empty)
        return
    if not sys.stdout.isatty():
        click.echo("\t".join(rows[0]))
        for row in rows:
            click.echo("\t".join("" if v is None else str(v) for v in row.values()))
        return
    table = RichTable(*rows[0].keys(), box=None if compact else box.HEAVY_HEAD)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    Console().print(table)


# --- vocab ---------------------------------------------------------------------------------


@click.group()
def vocab() -> None:
    """Review the drug and condition vocabulary (pipeline/vocab/*.tsv)."""


@vocab.command()
@_DB
@click.option("--kind", type=click.Choice(get_args(Kind)), help="Only drugs or conditions.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def unknown(db: Path, kind: str | None, limit: int, as_json: bool) -> None:
    """List the names awaiting review: seen on pages, unknown to the vocabulary.

    Most-seen first. Add one with `medscrape vocab add`, then `medscrape reparse`.
    """
    database = _open(db, minimum=_REVIEW_SCHEMA)
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    rows = database.execute(
        "SELECT kind, term, pages, count, first_seen FROM unknown_terms "
        f"{where} ORDER BY pages DESC, count DESC, term LIMIT ?",
        [*params, limit],
    ).fetchall()
    columns = ("kind", "term", "pages", "count", "first_seen")
    _show([dict(zip(columns, row, strict=True)) for row in rows], as_json, "No unknown terms.")


@vocab.command()
@click.argument("kind", type=click.Choice(get_args(Kind)))
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="Another surface form (repeatable).")
@click.option("--brand", "brands", multiple=True, help="A brand name of a drug (repeatable).")
@click.option("--icd10cm", help="ICD-10-CM code of a condition, e.g. M32.")
@click.option("--mesh-id", help="MeSH descriptor UI of a condition, e.g. D008180.")
@click.option("--drugbank-id", help="DrugBank ID of a drug, e.g. DB00864.")
@click.option("--note", default="", help="Why: the evidence for the codes, the reviewer.")
def add(
    kind: str,
    name: str,
    aliases: tuple[str, ...],
    brands: tuple[str, ...],
    icd10cm: str | None,
    mesh_id: str | None,
    drugbank_id: str | None,
    note: str,
) -> None:
    """Add a concept NAME (or aliases to an existing one) to the vocabulary file of KIND.

    Codes are checked (ICD-10-CM against simple-icd-10-cm); a surface form that already names
    another concept is refused. Run `medscrape reparse` afterwards to re-normalize stored pages.
    """
    concept_kind = cast(Kind, kind)
    _check_codes(concept_kind, icd10cm, mesh_id, drugbank_id, brands)
    path = vocab_dir() / FILES[concept_kind]
    try:
        rows = read_rows(path, concept_kind)
    except (OSError, VocabularyError) as error:
        raise click.UsageError(str(error)) from None
    name = normalize_heading(name)
    row = _find_row(rows, name)
    if row is None:
        row = dict.fromkeys(COLUMNS[concept_kind], "")
        row.update(name=name, slug=slugify(name))
        rows.append(row)
    _merge(row, "aliases", aliases)
    _merge(row, "brands", brands)
    for column, value in (("icd10cm", icd10cm), ("mesh_id", mesh_id), ("drugbank_id", drugbank_id)):
        if value:
            row[column] = value.strip()
    if note:
        row["note"] = note.replace("\t", " ").strip()
    try:
        Vocabulary(_concepts(concept_kind, rows, path))  # every surface form still unique
    except VocabularyError as error:
        raise click.UsageError(str(error)) from None
    try:
        write_rows(path, concept_kind, rows)
    except (OSError, VocabularyError) as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"{kind} {row['name']!r} saved in {path}; run `medscrape reparse` to apply it.")


def _check_codes(
    kind: Kind,
    icd10cm: str | None,
    mesh_id: str | None,
    drugbank_id: str | None,
    brands: Sequence[str],
) -> None:
    from pydantic import TypeAdapter, ValidationError

    from schemas.page import DrugBankId, Icd10cm, MeshId

    wrong_kind = (icd10cm or mesh_id) if kind == "drug" else (drugbank_id or brands)
    if wrong_kind:
        raise click.BadParameter(f"{wrong_kind!r} does not apply to a {kind}")
    checks: list[tuple[str | None, Any, str]] = [
        (icd10cm, Icd10cm, "--icd10cm"),
        (mesh_id, MeshId, "--mesh-id"),
        (drugbank_id, DrugBankId, "--drugbank-id"),
    ]
    for value, kind_of, option in checks:
        if value:
            try:
                TypeAdapter(kind_of).validate_python(value.strip())
            except ValidationError as error:
                message = error.errors()[0]["msg"].removeprefix("Value error, ")
                raise click.BadParameter(message, param_hint=option) from None
    if icd10cm:
        import simple_icd_10_cm as icd

        if not icd.is_valid_item(icd10cm.strip()):
            raise click.BadParameter(
                f"{icd10cm!r} is not an ICD-10-CM code", param_hint="--icd10cm"
            )


def _find_row(rows: list[dict[str, str]], name: str) -> dict[str, str] | None:
    wanted = key(name)
    return next((row for row in rows if key(row["name"]) == wanted), None)


def _merge(row: dict[str, str], column: str, values: Sequence[str]) -> None:
    if not values:
        return
    present = [v for v in row.get(column, "").split("|") if v.strip()]
    keys = {key(v) for v in present}
    for value in values:
        value = normalize_heading(value)
        if value and key(value) not in keys:
            present.append(value)
            keys.add(key(value))
    row[column] = "|".join(present)


def _concepts(kind: Kind, rows: list[dict[str, str]], path: Path) -> list[Concept]:
    return [concept_from_row(kind, row, path) for row in rows]


# --- rejects -------------------------------------------------------------------------------


@click.command()
@_DB
@click.option("--reason", help="Only rejects with this reason code, e.g. title_url_mismatch.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def rejects(db: Path, reason: str | None, limit: int, as_json: bool) -> None:
    """List rejected pages with every reason; retry them with `medscrape reparse --rejects`."""
    database = _open(db, minimum=_REVIEW_SCHEMA)
    where, params = ("", [])
    if reason:
        where = "WHERE reason = ? OR EXISTS (SELECT 1 FROM json_each(reasons) WHERE "
        where += "json_extract(value, '$.code') = ?)"
        params = [reason, reason]
    rows = database.execute(
        "SELECT url, reason, reasons, detail, seen_at FROM rejects "
        f"{where} ORDER BY seen_at DESC, url LIMIT ?",
        [*params, limit],
    ).fetchall()
    out = []
    for url, first, reasons, detail, seen_at in rows:
        found = json.loads(reasons) if reasons else [{"code": first, "message": detail or first}]
        out.append(
            {
                "url": url,
                "reasons": found if as_json else "; ".join(r["code"] for r in found),
                "message": found[0]["message"],
                "seen_at": seen_at,
            }
        )
    _show(out, as_json, "No rejects." if not reason else f"No rejects with reason {reason!r}.")


# --- runs and report ------------------------------------------------------------------------

#: What `medscrape runs` shows of each run: header -> column (``--json``: every column).
_RUN_COLUMNS = {
    "id": "id",
    "started": "started_at",
    "kind": "kind",
    "status": "status",
    "seconds": "duration_s",
    "seen": "pages_seen",
    "new": "pages_new",
    "changed": "pages_changed",
    "removed": "pages_removed",
    "rejected": "pages_rejected",
    "errors": "fetch_errors",
    "breaches": "breaches",
}


def _runs_db(db: Path) -> Database:
    """The database, or a one-line error: missing, not SQLite, or without ``crawl_runs``."""
    from pipeline.report import ReportError, check_runs_table

    database = _open(db, minimum=1)
    try:
        check_runs_table(database, str(db))
    except ReportError as error:
        raise click.UsageError(str(error)) from None
    return database


@click.command()
@_DB
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: every column of each run.")
def runs(db: Path, limit: int, as_json: bool) -> None:
    """List the most recent runs (crawls and reparses): status, duration, counts, breaches.

    A run is ok, failed (it breached a threshold or did not finish normally), or blank while
    it runs. Columns: pages seen (stored or not modified), new, changed, removed, rejected,
    fetch errors, and how many thresholds it breached. `medscrape report RUN` tells one run
    in full.
    """
    from pipeline.report import recent_runs

    found = recent_runs(_runs_db(db), limit)
    if not as_json:
        found = [_run_line(run) for run in found]
    _show(found, as_json, "No runs yet.", compact=True)


def _run_line(run: dict[str, Any]) -> dict[str, Any]:
    """A run as a table row: the start to the minute, seconds rounded, breaches counted."""
    from pipeline.report import minute

    line = {header: run.get(column) for header, column in _RUN_COLUMNS.items()}
    if line["started"]:
        line["started"] = minute(str(line["started"]))
    if line["seconds"] is not None:
        line["seconds"] = f"{line['seconds']:.1f}"
    breaches = line["breaches"]
    line["breaches"] = len(breaches) if isinstance(breaches, list) else breaches
    return line


@click.command()
@click.argument("run", metavar="RUN")
@_DB
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="html: a self-contained page with a chart of the pages each crawl saw.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
def report(run: str, db: Path, fmt: str, out: Path | None) -> None:
    """Report on one run: RUN is its id (see `medscrape runs`) or `latest`.

    Status, arguments, code revision, duration and pages/s, every count, HTTP status counts,
    section coverage, and each threshold with its limit, the measured value and the result.
    """
    from pipeline.report import (
        ReportError,
        crawl_history,
        find_run,
        html_report,
        run_report,
        text_report,
    )

    database = _runs_db(db)
    try:
        found = run_report(find_run(database, run, str(db)))
    except ReportError as error:
        raise click.UsageError(str(error)) from None
    if fmt == "json":
        text = json.dumps(found, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        text = html_report(found, crawl_history(database))
    else:
        text = text_report(found) + "\n"
    _write(text, out)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
        return
    # Written beside it and renamed over it: a failed write leaves no half a report.
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)
    except OSError as error:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise click.UsageError(f"cannot write {out}: {error.strerror}") from None
    click.echo(f"report written to {out}")


# --- export --------------------------------------------------------------------------------


@click.command(name="export")
@_DB
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "json", "markdown"]),
    default="jsonl",
    show_default=True,
    help="jsonl/csv: one file; json/markdown: one file per page.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write into (created if missing).",
)
def export_command(db: Path, fmt: str, out: Path) -> None:
    """Write the current dataset (pages not removed) as files."""
    from pipeline.export import export
    from pipeline.store import Store, StoreError

    _open(db).close()
    try:
        with Store(db, read_only=True) as store:
            count = export(store, fmt, out)  # type: ignore[arg-type]
    except StoreError as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:
        where = error.filename or out
        raise click.UsageError(f"cannot write {where}: {error.strerror or error}") from None
    click.echo(f"{count} pages written to {out} ({fmt})")


# --- changes -------------------------------------------------------------------------------


@click.command(name="changes")
@_DB
@click.option(
    "--since",
    required=True,
    metavar="RUN|DATE",
    help="A run id (changes in the runs after it) or an ISO date or time, UTC unless it has an "
    "offset (changes from then on).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "json"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines, CSV with a header, or one JSON array.",
)
def changes_command(db: Path, since: str, fmt: str) -> None:
    """Print the pages added, changed or removed since a run or a time: the feed downstream
    sites pull. One entry a page, in its latest state; changed pages name the section kinds
    added, removed and changed."""
    from pipeline.changes import HistoryError, page_changes, parse_since, write

    try:
        cut = parse_since(since)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--since") from None
    database = _open(db, minimum=1)
    try:
        entries = page_changes(database, cut)
    except (HistoryError, sqlite3.DatabaseError) as error:
        raise click.UsageError(f"{db}: {error}") from None
    finally:
        database.close()
    write(entries, fmt, sys.stdout)  # type: ignore[arg-type]


__all__ = ["changes_command", "export_command", "rejects", "report", "runs", "vocab"]
