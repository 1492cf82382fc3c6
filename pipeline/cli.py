"""The ``medscrape`` command. Errors from inside become one line on stderr and a non-zero exit."""

from __future__ import annotations

import contextlib
import difflib
import json
import re
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from pydantic import BaseModel, ValidationError

from pipeline.lock import RunLocked, run_lock
from pipeline.parse import PageRejected, parse_page
from pipeline.recrawl import parse_duration
from pipeline.resume import ResumeError
from pipeline.settings import MEDSCRAPE_PARSE_TIMEOUT
from pipeline.validate import MAIN_KINDS, Rules, rules_from
from schemas import NORMALIZED_FIELDS, DrugConditionCell, Page, PageChange, PageSummary

if TYPE_CHECKING:
    from pipeline.crawl import CrawlResult

#: Exit status for a page that was read but rejected (not a drug-for-condition page).
EXIT_REJECTED = 2
#: Exit status for bad arguments, files or options.
EXIT_USAGE = 2
#: Exit status for a crawl that ended normally but breached a threshold (the run is failed).
EXIT_BREACH = 3
FIXTURES = Path("tests/parse/fixtures")
#: A language tag as pages declare it (``en``, ``en-GB``, ``zh-Hant-TW``).
LANG_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def _fail(message: str, status: int = EXIT_USAGE) -> NoReturn:
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


def _validation_options(command: Callable[..., None]) -> Callable[..., None]:
    """--require-sections and --lang: the per-site validation settings."""
    command = click.option(
        "--lang",
        metavar="TAG",
        help="The site's language (e.g. en): a page declaring another is rejected.",
    )(command)
    return click.option(
        "--require-sections",
        default="",
        metavar="KIND,…",
        help="Section kinds every page must have, e.g. what_is,side_effects (else rejected).",
    )(command)


def _threshold_options(command: Callable[..., None]) -> Callable[..., None]:
    """--min-pages, --max-reject-rate, --max-error-rate, --max-page-drop, --min-coverage."""
    fraction = click.FloatRange(0.0, 1.0)
    options = [
        click.option(
            "--min-coverage",
            multiple=True,
            metavar="KIND=FRACTION",
            help="Smallest fraction of the pages seen having a section KIND, e.g. what_is=0.95 "
            "(repeatable, or comma-separated). Default: off.",
        ),
        click.option(
            "--max-page-drop",
            type=fraction,
            metavar="FRACTION",
            help="Largest fall in pages seen since the previous successful crawl, as a "
            "fraction. Default 0.5.",
        ),
        click.option(
            "--max-error-rate",
            type=fraction,
            metavar="FRACTION",
            help="Largest fetch errors ÷ (pages seen + rejected + fetch errors). Default 0.5.",
        ),
        click.option(
            "--max-reject-rate",
            type=fraction,
            metavar="FRACTION",
            help="Largest rejected ÷ (pages seen + rejected). Default 0.5.",
        ),
        click.option(
            "--min-pages",
            type=click.IntRange(min=0),
            metavar="N",
            help="Fewest pages the run must see (stored or not modified). Default 0: off.",
        ),
    ]
    for option in options:
        command = option(command)
    return command


def _threshold_settings(
    min_pages: int | None,
    max_reject_rate: float | None,
    max_error_rate: float | None,
    max_page_drop: float | None,
    min_coverage: tuple[str, ...],
) -> dict[str, Any]:
    """The threshold options given, as the settings they override."""
    from pipeline.monitor import SETTINGS, parse_coverage

    given: dict[str, Any] = {
        "min_pages": min_pages,
        "max_reject_rate": max_reject_rate,
        "max_error_rate": max_error_rate,
        "max_page_drop": max_page_drop,
    }
    if min_coverage:
        try:
            given["min_coverage"] = parse_coverage(",".join(min_coverage))
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--min-coverage") from None
    return {SETTINGS[name]: value for name, value in given.items() if value is not None}


def _exit_for(result: CrawlResult) -> None:
    """Exit 1 for a crawl that did not end normally, 3 for one that breached a threshold."""
    if result.stats.get("medscrape/status") == "interrupted":
        _fail(f"run {result.run_id} was interrupted; carry it on with --resume", 1)
    if not result.ok:
        _fail(f"the crawl ended with {result.finish_reason!r}", 1)
    if result.breaches:
        _fail(f"run {result.run_id} failed: {'; '.join(result.breaches)}", EXIT_BREACH)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="medscrape")
def cli() -> None:
    """medscrape: crawl drug-for-condition pages into a validated SQLite database."""


@cli.command()
@click.argument("source", metavar="FILE|-")
@click.option("--url", help="The page's URL (relative links resolve against it). Default: file://…")
@click.option("--content-type", help="The HTTP Content-Type header the page came with.")
@click.option("--pretty", is_flag=True, help="Indent the JSON.")
@click.option("--raw", is_flag=True, help="The parser's record, before normalization.")
@_validation_options
def parse(
    source: str,
    url: str | None,
    content_type: str | None,
    pretty: bool,
    raw: bool,
    require_sections: str,
    lang: str | None,
) -> None:
    """Parse, normalize and validate one saved page; print its record as JSON.

    A page that is not a drug-for-condition page, or fails validation, prints one line naming
    the reasons on stderr and exits with status 2. Warnings are in the record's "warnings".
    """
    from pipeline.outcome import parse_outcome

    body = _read_input(source)
    rules = _rules(require_sections, lang)
    if url is None:
        url = Path(source).resolve().as_uri() if source != "-" else "file:///dev/stdin"
    if raw:
        try:
            page = parse_page(body, url, content_type=content_type)
        except PageRejected as rejected:
            _fail(f"rejected: {rejected}", EXIT_REJECTED)
        click.echo(_dump(page.model_dump(mode="json", exclude=NORMALIZED_FIELDS), pretty))
        return
    outcome = parse_outcome(body, url, content_type, rules)
    if outcome.page is None:
        reasons = "; ".join(f"{r.code}: {r.message}" for r in outcome.reasons)
        _fail(f"rejected: {reasons}", EXIT_REJECTED)
    click.echo(_dump(outcome.page.model_dump(mode="json"), pretty))


def _check_vocabulary() -> None:
    """Load the vocabulary once here, so a broken file is one line, not a reject per page."""
    from pipeline.side_effects import vocabulary as side_effect_terms
    from pipeline.vocabulary import VocabularyError, default_vocabulary

    try:
        default_vocabulary()
        side_effect_terms()
    except (VocabularyError, ValueError, OSError) as error:
        raise click.UsageError(f"the vocabulary cannot be used: {error}") from None


def _rules(require_sections: str, lang: str | None) -> Rules:
    if lang is not None and not LANG_TAG.fullmatch(lang):
        raise click.BadParameter(
            f"{lang!r} is not a language tag (e.g. en, en-GB)", param_hint="--lang"
        )
    try:
        rules = rules_from(require_sections.split(","), lang)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--require-sections") from None
    _check_vocabulary()  # every command that takes rules normalizes pages
    return rules


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}", param_hint=option)
        pairs[name] = rest
    return pairs


@cli.command()
@click.argument("spider")
@click.option(
    "-a",
    "spider_args",
    multiple=True,
    metavar="NAME=VALUE",
    help="A spider argument, e.g. -a start_url=https://meds.is/en/conditions/",
)
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="A Scrapy setting.")
@click.option("--db", type=click.Path(dir_okay=False), help="The SQLite database to write.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after this many pages.")
@click.option(
    "--recrawl-after",
    metavar="DURATION",
    help="Do not request stored pages seen less than this long ago (7d, 12h, 30m; 0: off). "
    "Default: the MEDSCRAPE_RECRAWL_AFTER setting.",
)
@click.option("--full", is_flag=True, help="Fetch every page whole: no conditional requests.")
@click.option(
    "--resume",
    is_flag=True,
    help="Resume the latest crawl, which was interrupted: pages it settled are not asked again.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Live progress display (default: when stderr is a terminal).",
)
@_validation_options
@_threshold_options
def crawl(
    spider: str,
    spider_args: tuple[str, ...],
    settings: tuple[str, ...],
    db: str | None,
    max_pages: int | None,
    recrawl_after: str | None,
    full: bool,
    resume: bool,
    progress: bool | None,
    require_sections: str,
    lang: str | None,
    **thresholds: Any,
) -> None:
    """Crawl a site with SPIDER (e.g. meds) into the database, recording the run.

    After the crawl the run is checked against the thresholds (logged at the start); a breach
    marks the run failed and exits 3 with one line naming the threshold, its limit and the
    measured value. A crawl that does not finish normally exits 1; one stopped by Ctrl-C (or
    killed) is recorded as interrupted, and --resume carries it on.
    """
    from pipeline.crawl import CrawlError, preflight, project_settings, run_crawl

    args = _pairs(spider_args, "-a")
    overrides: dict[str, Any] = _pairs(settings, "-s")
    overrides.update(_threshold_settings(**thresholds))
    if max_pages is not None:
        args["max_pages"] = str(max_pages)
    if full:
        args["full"] = "1"
    if recrawl_after is not None:
        overrides["MEDSCRAPE_RECRAWL_AFTER"] = recrawl_after
    try:
        parse_duration(str(overrides.get("MEDSCRAPE_RECRAWL_AFTER", "0")))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--recrawl-after") from None
    if db is not None:
        overrides["MEDSCRAPE_DB"] = db
    rules = _rules(require_sections, lang)
    if rules.required_sections:
        overrides["MEDSCRAPE_REQUIRED_SECTIONS"] = sorted(rules.required_sections)
    if rules.expected_lang:
        overrides["MEDSCRAPE_EXPECTED_LANG"] = rules.expected_lang
    overrides["MEDSCRAPE_PROGRESS"] = sys.stderr.isatty() if progress is None else progress
    target = overrides.get("MEDSCRAPE_DB") or project_settings({}).get("MEDSCRAPE_DB")
    try:
        preflight(spider, args, overrides)  # before the lock: bad input leaves no file behind
        with run_lock(target):
            _resume_from(target, resume, overrides)
            result = run_crawl(spider, args, overrides)
    except (CrawlError, RunLocked, ResumeError) as error:
        raise click.UsageError(str(error)) from None
    _exit_for(result)


def _resume_from(db: str, resume: bool, overrides: dict[str, Any]) -> None:
    """--resume: the run to resume into ``MEDSCRAPE_RESUME_FROM``; a run named in that setting
    is checked. Runs that died without recording their end are marked interrupted first (the
    caller holds the run lock, so none of them is running)."""
    from pipeline.resume import check_run, latest_interrupted, mark_dead_runs, resume_setting
    from pipeline.store import Store, StoreError

    try:
        named = resume_setting(overrides.get("MEDSCRAPE_RESUME_FROM"))
    except ValueError as error:
        raise ResumeError(str(error)) from None
    if not resume and named is None:
        return
    if not Path(db).is_file():
        raise ResumeError(f"nothing to resume: no database at {db}")
    try:
        with Store(db) as store:
            with store.db.atomic():
                mark_dead_runs(store.db)
            if named is None:
                named = latest_interrupted(store.db)
            check_run(store.db, named)
    except StoreError as error:
        raise ResumeError(str(error)) from None
    overrides["MEDSCRAPE_RESUME_FROM"] = named


#: The demo serves the sample site on a fixed port, so its URLs (the pages' keys) are the same
#: from one demo to the next and a second demo finds every page unchanged.
DEMO_PORT = 8642
#: Settings for the loopback sample site only: live sites keep the polite defaults.
DEMO_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "MEDSCRAPE_HONOUR_CRAWL_DELAY": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "LOG_LEVEL": "WARNING",
    # The sample site's own rules: every page has the five main sections, in English.
    "MEDSCRAPE_REQUIRED_SECTIONS": list(MAIN_KINDS),
    "MEDSCRAPE_EXPECTED_LANG": "en",
}


@cli.command()
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("output/medscrape.db"),
    show_default=True,
    help="Database to write.",
)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output/demo-site"),
    show_default=True,
    help="Sample site's files.",
)
@click.option(
    "--pages",
    type=click.IntRange(40, 1500),
    default=420,
    show_default=True,
    help="Drug-for-condition pages to generate.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEMO_PORT,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
def demo(db: Path, site_dir: Path, pages: int, port: int) -> None:
    """Crawl the bundled offline sample site end to end and print what was stored.

    Builds the sample site, serves it on 127.0.0.1, crawls it with the meds spider in this
    process (politeness delays lifted for the loopback site only), then prints a summary and
    example sqlite-utils queries.
    """
    import time

    from pipeline.crawl import CrawlError, check_database, project_settings, run_crawl
    from pipeline.demo.server import serve
    from pipeline.demo.site import ensure_site
    from pipeline.summary import print_examples, print_summary

    _check_vocabulary()
    try:  # before the sample site is built
        check_database(project_settings({"MEDSCRAPE_DB": str(db)}))
    except CrawlError as error:
        raise click.UsageError(str(error)) from None
    manifest = ensure_site(site_dir, pages=pages)
    click.echo(f"Sample site: {manifest.counts['pages']} pages in {site_dir}", err=True)
    try:
        server = serve(site_dir, port=port)
    except OSError as error:
        raise click.UsageError(
            f"cannot serve on 127.0.0.1:{port} ({error.strerror}); try --port 0"
        ) from None
    started = time.monotonic()
    with server:
        settings = {
            **DEMO_SETTINGS,
            "MEDSCRAPE_DB": str(db),
            "MEDSCRAPE_PROGRESS": sys.stderr.isatty(),
        }
        try:
            with run_lock(db):
                result = run_crawl("meds", {"start_url": f"{server.url}/en/conditions/"}, settings)
        except (CrawlError, RunLocked) as error:
            raise click.UsageError(str(error)) from None
    print_summary(db, time.monotonic() - started)
    print_examples(db)
    _exit_for(result)
    click.echo(f"\nBrowse it with Datasette on 127.0.0.1:\n$ {_serve_command(db)}")


def _serve_command(db: Path) -> str:
    """The ``medscrape serve`` command for ``db``, with this install's executable."""
    import shlex

    executable = Path(sys.executable).with_name("medscrape")
    with contextlib.suppress(ValueError):
        executable = executable.relative_to(Path.cwd())
    return shlex.join([str(executable), "serve", str(db)])


@cli.command()
@click.argument(
    "db", type=click.Path(dir_okay=False, path_type=Path), default=Path("output/medscrape.db")
)
@click.option("--workers", type=click.IntRange(1, 64), help="Processes (default: every core).")
@click.option("--rejects", "retry_rejects", is_flag=True, help="Retry the rejected pages instead.")
@click.option(
    "--parse-timeout",
    type=click.FloatRange(min=0),
    default=MEDSCRAPE_PARSE_TIMEOUT,
    show_default=True,
    help="Seconds one page's parse may take (past it: rejected as parse_timeout); 0: no limit.",
)
@_validation_options
def reparse(
    db: Path,
    workers: int | None,
    retry_rejects: bool,
    parse_timeout: float,
    require_sections: str,
    lang: str | None,
) -> None:
    """Parse and normalize every stored page again from its raw HTML, with the current parser
    and vocabulary.

    Pages whose record changed are rewritten; pages now rejected are recorded in rejects. With
    --rejects, the rejected pages are retried and those that pass are stored. Nothing is fetched.
    """
    from pipeline.files import BadFile, existing_database, writable_database
    from pipeline.reparse import reparse as run_reparse
    from pipeline.sqlite import check_ours
    from pipeline.store import Store, StoreError

    rules = _rules(require_sections, lang)
    try:
        check_ours(writable_database(existing_database(db)))
    except BadFile as error:
        raise click.BadParameter(str(error), param_hint="DB") from None
    except StoreError as error:
        raise click.UsageError(str(error)) from None
    try:
        with run_lock(db), Store(db) as store:
            result = run_reparse(
                store, workers, rules=rules, rejects=retry_rejects, parse_timeout=parse_timeout
            )
    except (StoreError, RunLocked) as error:
        raise click.UsageError(str(error)) from None
    saved = result.saved
    click.echo(
        f"run {result.run_id}: {saved.changed} changed, {saved.unchanged} unchanged, "
        f"{saved.new} new, {result.rejected} rejected"
    )


#: The records ``medscrape schema`` describes: the page (what export writes), the change feed's
#: entry and the rows of the publishing views (what the JSON API serves).
SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "page": Page,
    "change": PageChange,
    "page_summary": PageSummary,
    "drug_condition_matrix": DrugConditionCell,
}


@cli.command()
@click.argument("record", type=click.Choice(list(SCHEMA_MODELS)), default="page")
def schema(record: str) -> None:
    """Print the JSON Schema of a record: page (the default; the export's records), change
    (medscrape changes), page_summary or drug_condition_matrix (rows of the served views)."""
    click.echo(_dump(SCHEMA_MODELS[record].model_json_schema(), pretty=True))


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
    record = page.model_dump(
        mode="json",
        exclude={
            **dict.fromkeys(("url", "content_hash", "parser_version"), True),
            **NORMALIZED_FIELDS,
        },
    )
    out = folder / "output.json"
    old = out.read_text(encoding="utf-8") if out.is_file() else ""
    new = _dump(_ordered_like(record, json.loads(old or "null")), pretty=True) + "\n"
    if json.loads(old or "null") == record:
        return 0
    diff = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"{out} (reviewed)", "parser"
    )
    click.echo("".join(diff))
    if write:
        out.write_text(new, encoding="utf-8")
    return 1


def _ordered_like(new: Any, old: Any) -> Any:
    """``new`` with its keys in ``old``'s order where both have them: a diff shows changes only."""
    if isinstance(new, dict) and isinstance(old, dict):
        keys = [k for k in old if k in new] + [k for k in new if k not in old]
        return {k: _ordered_like(new[k], old.get(k)) for k in keys}
    if isinstance(new, list) and isinstance(old, list):
        return [_ordered_like(n, o) for n, o in zip(new, old + [None] * len(new), strict=False)]
    return new


def _register_commands() -> None:
    from pipeline.commands import changes_command, export_command, rejects, report, runs, vocab
    from pipeline.demo.command import serve_demo
    from pipeline.publish.command import serve_command

    cli.add_command(serve_demo)
    cli.add_command(serve_command)
    cli.add_command(vocab)
    cli.add_command(rejects)
    cli.add_command(runs)
    cli.add_command(report)
    cli.add_command(export_command)
    cli.add_command(changes_command)


_register_commands()


def main(argv: list[str] | None = None) -> None:
    """Entry point: click's usage errors and file errors as one line, no traceback. ``argv``:
    the arguments (default: the command line's)."""
    try:
        cli.main(args=argv, standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.exceptions.Abort:
        _fail("aborted", 130)
    except click.ClickException as error:
        _fail(error.format_message().replace("\n", " "), error.exit_code or EXIT_USAGE)
    except BrokenPipeError:
        sys.exit(1)
    except OSError as error:  # a file met after the checks (removed, full disk, permissions)
        where = f"{error.filename}: " if error.filename else ""
        _fail(f"{where}{error.strerror or error}")
    except sqlite3.Error as error:
        _fail(f"database error: {_first_line(error)}")
    except ValidationError as error:
        _fail(f"invalid value: {_first_line(error.errors()[0]['msg'])}")


def _first_line(error: object) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
