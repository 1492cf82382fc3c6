"""The ``medscrape`` command. Errors from inside become one line on stderr and a non-zero exit."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path
from typing import Any

import click

from pipeline.parse import PageRejected, parse_page
from schemas import Page

#: Exit status for a page that was read but rejected (not a drug-for-condition page).
EXIT_REJECTED = 2
#: Exit status for bad arguments, files or options.
EXIT_USAGE = 2
FIXTURES = Path("tests/parse/fixtures")


def _fail(message: str, status: int = EXIT_USAGE) -> None:
    click.echo(f"medscrape: error: {message}", err=True)
    sys.exit(status)


def _read_input(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    if path.is_dir():
        raise click.BadParameter(f"{source} is a directory, not a file", param_hint="FILE")
    try:
        return path.read_bytes()
    except OSError as error:
        raise click.BadParameter(
            f"cannot read {source}: {error.strerror}", param_hint="FILE"
        ) from error


def _dump(data: Any, pretty: bool) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2 if pretty else None)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="medscrape")
def cli() -> None:
    """medscrape: crawl drug-for-condition pages into a validated SQLite database."""


@cli.command()
@click.argument("source", metavar="FILE|-")
@click.option("--url", help="The page's URL (relative links resolve against it). Default: file://…")
@click.option("--content-type", help="The HTTP Content-Type header the page came with.")
@click.option("--pretty", is_flag=True, help="Indent the JSON.")
def parse(source: str, url: str | None, content_type: str | None, pretty: bool) -> None:
    """Parse one saved page and print its record as JSON.

    A page that is not a drug-for-condition page prints one line naming the reason on stderr and
    exits with status 2.
    """
    body = _read_input(source)
    if url is None:
        url = Path(source).resolve().as_uri() if source != "-" else "file:///dev/stdin"
    try:
        page = parse_page(body, url, content_type=content_type)
    except PageRejected as rejected:
        _fail(f"rejected: {rejected}", EXIT_REJECTED)
    click.echo(_dump(page.model_dump(mode="json"), pretty))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the page record."""
    click.echo(_dump(Page.model_json_schema(), pretty=True))


@cli.group()
def fixture() -> None:
    """Work with the parser's saved-page fixtures (tests/parse/fixtures)."""


@fixture.command()
@click.argument("names", nargs=-1)
@click.option("--write", is_flag=True, help="Rewrite output.json after showing the diff.")
@click.option(
    "--dir",
    "root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=FIXTURES,
    show_default=True,
    help="The fixtures folder.",
)
def rerun(names: tuple[str, ...], write: bool, root: Path) -> None:
    """Re-parse fixtures and show how the record differs from the reviewed output.json.

    Nothing is written without --write; review the diff first.
    """
    folders = (
        [root / n for n in names] if names else sorted(p for p in root.iterdir() if p.is_dir())
    )
    changed = 0
    for folder in folders:
        changed += _rerun_one(folder, write)
    click.echo(f"{len(folders)} fixtures, {changed} differ{' (written)' if write else ''}")


def _rerun_one(folder: Path, write: bool) -> int:
    meta_path = folder / "meta.json"
    if not meta_path.is_file():
        raise click.BadParameter(f"{folder} has no meta.json", param_hint="NAMES")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("expect", "page") != "page":
        return 0
    try:
        page = parse_page(
            (folder / "input.html").read_bytes(), meta["url"], content_type=meta.get("content_type")
        )
    except PageRejected as rejected:
        click.echo(f"{folder.name}: rejected: {rejected}")
        return 1
    record = page.model_dump(mode="json", exclude={"url", "content_hash", "parser_version"})
    new = _dump(record, pretty=True) + "\n"
    out = folder / "output.json"
    old = out.read_text(encoding="utf-8") if out.is_file() else ""
    if json.loads(old or "null") == record:
        return 0
    diff = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"{out} (reviewed)", "parser"
    )
    click.echo("".join(diff))
    if write:
        out.write_text(new, encoding="utf-8")
    return 1


def main() -> None:
    """Entry point: click's usage errors and file errors as one line, no traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.exceptions.Abort:
        _fail("aborted", 130)
    except click.ClickException as error:
        _fail(error.format_message().replace("\n", " "), error.exit_code or EXIT_USAGE)
    except BrokenPipeError:
        sys.exit(1)
