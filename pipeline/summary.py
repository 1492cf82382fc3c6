"""What a database holds, for people: counts, reasons and example queries, printed with rich."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlite_utils import Database

#: Example queries the demo runs with the real sqlite-utils command, as a user would.
EXAMPLES: tuple[tuple[str, list[str]], ...] = (
    (
        "Sections by kind",
        ["query", "{db}", "select kind, count(*) as sections from sections group by kind"],
    ),
    (
        "Full-text search (FTS5, porter) for 'calcineurin'",
        [
            "search",
            "{db}",
            "sections",
            "calcineurin",
            "-c",
            "page_url",
            "-c",
            "heading",
            "--limit",
            "3",
        ],
    ),
    (
        "Drugs that list hair loss or headache as a common side effect",
        [
            "query",
            "{db}",
            "select s.term, count(distinct d.slug) as drugs from side_effects s "
            "join pages p on p.url = s.page_url join drugs d on d.slug = p.drug_slug "
            "where s.severity = :severity and s.term in (:a, :b) group by s.term",
            *("-p", "severity", "common", "-p", "a", "hair loss", "-p", "b", "headache"),
        ],
    ),
    (
        "Conditions with their ICD-10-CM codes",
        [
            "query",
            "{db}",
            "select c.name, c.icd10cm, count(*) as pages from pages p "
            "join conditions c on c.slug = p.condition_slug "
            "group by c.slug order by pages desc limit 5",
        ],
    ),
    (
        "Drugs with the most pages",
        [
            "query",
            "{db}",
            "select d.name as drug, count(*) as pages from pages p "
            "join drugs d on d.slug = p.drug_slug "
            "group by d.name order by pages desc, drug limit 5",
        ],
    ),
)


def _table(rows: list[tuple[object, ...]], *headers: str) -> Table:
    table = Table(show_edge=False, box=None, header_style="bold")
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*(str(v) for v in row))
    return table


def print_summary(db_path: Path, seconds: float, console: Console | None = None) -> None:
    """Pages stored, rejects by reason, fetch errors, sections by kind, and the time taken."""
    console = console or Console()
    db = Database(db_path)
    pages = db["pages"].count
    run = db.execute(
        "select id, pages_stored, pages_unchanged, pages_rejected, fetch_errors, "
        "pages_not_modified, status, breaches "
        "from crawl_runs order by id desc limit 1"
    ).fetchone()
    console.print(f"[bold]{pages}[/] pages in [bold]{db_path}[/]; crawl took {seconds:.1f} s")
    if run:
        console.print(
            f"run {run[0]}: {run[1]} pages written (new or changed), {run[2]} unchanged, "
            f"{run[5]} not modified (HTTP 304 or sitemap date), {run[3]} rejected, "
            f"{run[4]} fetch errors; status {run[6]} (`medscrape report {run[0]}`)"
        )
        for breach in json.loads(run[7] or "[]"):
            console.print(f"  breach: {breach}", markup=False)
    rejects = db.execute(
        "select reason, count(*) from rejects group by reason order by 2 desc"
    ).fetchall()
    errors = db.execute(
        "select coalesce(status, 'no response'), count(*) from fetch_errors "
        "where run_id = (select max(id) from crawl_runs) group by 1 order by 2 desc"
    ).fetchall()
    kinds = db.execute("select kind, count(*) from sections group by kind order by kind").fetchall()
    unknown = db.execute(
        "select kind, term, pages from unknown_terms order by pages desc, term limit 5"
    ).fetchall()
    for title, rows, headers in (
        ("Rejected, kept with their HTML in `rejects`:", rejects, ("reason", "pages")),
        (
            "Names the vocabulary does not know (`medscrape vocab unknown`):",
            unknown,
            ("kind", "term", "pages"),
        ),
        ("Not fetched in this run, in `fetch_errors`:", errors, ("status", "URLs")),
        ("Sections by kind:", kinds, ("kind", "sections")),
    ):
        console.print(f"\n{title}", markup=False)
        console.print(_table(rows, *headers))


def print_examples(db_path: Path, console: Console | None = None) -> None:
    """Run the example queries with the sqlite-utils command and show command and output."""
    console = console or Console()
    command = str(Path(sys.executable).with_name("sqlite-utils"))
    for title, args in EXAMPLES:
        argv = [a.format(db=db_path) for a in args] + ["--table"]
        console.print(f"\n[bold]{title}[/]")
        console.print(f"$ sqlite-utils {shlex.join(argv)}", soft_wrap=True, markup=False)
        done = subprocess.run([command, *argv], capture_output=True, text=True, check=False)
        output = done.stdout.rstrip() or done.stderr.strip()
        console.print(output, markup=False, highlight=False, soft_wrap=True)
