"""Every command given bad input: one line on stderr, a non-zero exit, no traceback, and nothing
it was pointed at created, changed or left half-written.

Each case runs in a folder of its own holding the same bad files (a copy of one prepared set):
``crawl``, ``demo`` and ``serve-demo`` as the installed ``medscrape`` console script in a
subprocess, the others through the script's entry point ``main`` in this process. All cases run
once a module, so the matrix stays fast; each is still its own test, checked on its own.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

import pytest
from sqlite_utils import Database

from pipeline.cli import cli, main
from pipeline.migrations import MIGRATIONS, migrate
from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[2]
MEDSCRAPE = Path(sys.executable).with_name("medscrape")
#: Commands run as real processes: they start Scrapy's reactor or a server, which cannot be
#: started twice in one process. The others run through :func:`main` in this one.
OWN_PROCESS = {"crawl", "demo", "serve-demo"}
#: Nothing listens on port 9 (discard): a crawl that got past its checks fails here, locally.
NOWHERE = "http://127.0.0.1:9/en/conditions/"


@dataclass(frozen=True)
class Case:
    """A command line (``{name}`` stands for a prepared file) and the exit status it must give."""

    id: str
    args: tuple[str, ...]
    status: int = 2

    def argv(self, folder: Path) -> list[str]:
        return [_fill(arg, folder) for arg in self.args]


def _fill(arg: str, folder: Path) -> str:
    for name in FILES:
        arg = arg.replace("{" + name + "}", str(folder / name))
    return arg


#: The prepared files every case's folder holds (see :func:`_prepare`).
FILES = (
    "missing.db",  # not there
    "folder",  # a directory
    "binary.bin",  # random bytes, NULs included
    "empty.db",  # 0 bytes
    "notes.txt",  # text, not SQLite
    "other.db",  # SQLite, another application's tables
    "medscrape.db",  # a medscrape database, latest schema, no runs
    "runs.db",  # a medscrape database with run 1
    "old.db",  # a medscrape database of schema 3
    "schema1.db",  # a medscrape database of schema 1, before the review tables
    "readonly.db",  # a medscrape database, mode 0444
    "nowhere",  # a folder that does not exist (for nowhere/x.db)
    "page.html",  # a real drug page
    "vocab",  # a copy of the vocabulary (vocab add writes here, never to the repository)
)

#: Options whose database is read only: every bad database is tried on each.
READERS: dict[str, tuple[str, ...]] = {
    "vocab-unknown": ("vocab", "unknown"),
    "rejects": ("rejects",),
    "runs": ("runs",),
    "report": ("report", "latest"),
    "changes": ("changes", "--since", "1"),
    "export": ("export", "--out", "{folder}/out"),
}
BAD_DATABASES = {
    "missing": "{missing.db}",
    "directory": "{folder}",
    "binary": "{binary.bin}",
    "empty": "{empty.db}",
    "not-sqlite": "{notes.txt}",
    "other-app": "{other.db}",
    "missing-folder": "{nowhere}/x.db",
}


def _reader_cases() -> list[Case]:
    cases = [
        Case(f"{name}-db-{bad}", (*args, "--db", path))
        for name, args in READERS.items()
        for bad, path in BAD_DATABASES.items()
    ]
    # Each reader needs the tables it reads (runs and report read any schema as it is).
    return [
        *cases,
        Case("vocab-unknown-db-old-schema", ("vocab", "unknown", "--db", "{schema1.db}")),
        Case("rejects-db-old-schema", ("rejects", "--db", "{schema1.db}")),
        Case("changes-db-old-schema", ("changes", "--since", "1", "--db", "{old.db}")),
        Case("export-db-old-schema", ("export", "--out", "{folder}/out", "--db", "{old.db}")),
    ]


def _writer_db_cases() -> list[Case]:
    cases = [Case(f"reparse-db-{bad}", ("reparse", path)) for bad, path in BAD_DATABASES.items()]
    cases.append(Case("reparse-db-read-only", ("reparse", "{readonly.db}")))
    crawl = ("crawl", "meds", "-a", f"start_url={NOWHERE}", "--max-pages", "1")
    for bad, path in {**BAD_DATABASES, "read-only": "{readonly.db}"}.items():
        if bad not in ("missing", "missing-folder"):  # a crawl creates its database
            cases.append(Case(f"crawl-db-{bad}", (*crawl, "--db", path)))
    for bad in ("directory", "binary", "not-sqlite", "other-app", "read-only"):
        path = {**BAD_DATABASES, "read-only": "{readonly.db}"}[bad]
        cases.append(Case(f"demo-db-{bad}", ("demo", "--port", "0", "--db", path)))
    return cases


CRAWL = ("crawl", "meds", "--db", "{medscrape.db}", "--max-pages", "1")
CRAWL_TO = (*CRAWL, "-a", f"start_url={NOWHERE}")
#: Without --max-pages, which would stand in for the spider argument max_pages.
CRAWL_ARG = ("crawl", "meds", "--db", "{medscrape.db}", "-a", f"start_url={NOWHERE}")

CASES: list[Case] = [
    Case("unknown-command", ("frobnicate",)),
    Case("unknown-option", ("schema", "--bogus")),
    # parse
    Case("parse-missing-file", ("parse", "{missing.db}")),
    Case("parse-directory", ("parse", "{folder}")),
    Case("parse-binary", ("parse", "{binary.bin}")),
    Case("parse-empty", ("parse", "{empty.db}")),
    Case("parse-bad-url", ("parse", "{page.html}", "--url", "not a url")),
    Case("parse-non-http-url", ("parse", "{page.html}", "--url", "javascript:alert(1)")),
    Case("parse-bad-lang", ("parse", "{page.html}", "--lang", "english!")),
    Case("parse-unknown-section", ("parse", "{page.html}", "--require-sections", "nope")),
    # crawl: checked before Scrapy starts
    Case("crawl-unknown-spider", ("crawl", "nope", "-a", f"start_url={NOWHERE}")),
    Case("crawl-no-start", CRAWL),
    Case("crawl-bad-url", (*CRAWL, "-a", "start_url=not a url")),
    Case("crawl-non-http-url", (*CRAWL, "-a", "start_url=file:///etc/passwd")),
    Case("crawl-bad-sitemap-url", (*CRAWL, "-a", "sitemap_url=ftp://127.0.0.1/s.xml")),
    Case("crawl-unknown-arg", (*CRAWL_TO, "-a", "colour=blue")),
    Case("crawl-arg-not-pair", (*CRAWL_TO, "-a", "start_url")),
    Case("crawl-bad-pattern", (*CRAWL_TO, "-a", "url_pattern=(unclosed")),
    Case("crawl-arg-max-pages-malformed", (*CRAWL_ARG, "-a", "max_pages=many")),
    Case("crawl-arg-max-pages-zero", (*CRAWL_ARG, "-a", "max_pages=0")),
    Case("crawl-unknown-setting", (*CRAWL_TO, "-s", "DOWNLOAD_DELAYS=2")),
    Case("crawl-setting-not-pair", (*CRAWL_TO, "-s", "DOWNLOAD_DELAY")),
    Case("crawl-setting-malformed-float", (*CRAWL_TO, "-s", "DOWNLOAD_DELAY=slow")),
    Case("crawl-setting-negative", (*CRAWL_TO, "-s", "DOWNLOAD_DELAY=-1")),
    Case("crawl-setting-malformed-int", (*CRAWL_TO, "-s", "CONCURRENT_REQUESTS=many")),
    Case("crawl-setting-malformed-bool", (*CRAWL_TO, "-s", "ROBOTSTXT_OBEY=perhaps")),
    Case("crawl-setting-log-level", (*CRAWL_TO, "-s", "LOG_LEVEL=LOUD")),
    Case("crawl-setting-rate", (*CRAWL_TO, "-s", "MEDSCRAPE_MAX_REJECT_RATE=2")),
    Case("crawl-setting-workers", (*CRAWL_TO, "-s", "MEDSCRAPE_PARSE_WORKERS=-2")),
    Case("crawl-setting-recrawl", (*CRAWL_TO, "-s", "MEDSCRAPE_RECRAWL_AFTER=soon")),
    Case("crawl-max-pages-zero", (*CRAWL_TO, "--max-pages", "0")),
    Case("crawl-max-pages-malformed", (*CRAWL_TO, "--max-pages", "ten")),
    Case("crawl-recrawl-after", (*CRAWL_TO, "--recrawl-after", "5x")),
    Case("crawl-recrawl-after-negative", (*CRAWL_TO, "--recrawl-after", "-3d")),
    Case("crawl-reject-rate-range", (*CRAWL_TO, "--max-reject-rate", "1.5")),
    Case("crawl-error-rate-malformed", (*CRAWL_TO, "--max-error-rate", "half")),
    Case("crawl-page-drop-negative", (*CRAWL_TO, "--max-page-drop", "-0.1")),
    Case("crawl-min-pages-negative", (*CRAWL_TO, "--min-pages", "-1")),
    Case("crawl-min-coverage", (*CRAWL_TO, "--min-coverage", "what_is")),
    Case("crawl-min-coverage-kind", (*CRAWL_TO, "--min-coverage", "nope=0.5")),
    Case("crawl-min-coverage-range", (*CRAWL_TO, "--min-coverage", "what_is=2")),
    Case("crawl-bad-lang", (*CRAWL_TO, "--lang", "english!")),
    Case("crawl-unknown-section", (*CRAWL_TO, "--require-sections", "nope")),
    # reparse
    Case("reparse-workers-zero", ("reparse", "{medscrape.db}", "--workers", "0")),
    Case("reparse-workers-malformed", ("reparse", "{medscrape.db}", "--workers", "two")),
    Case("reparse-bad-lang", ("reparse", "{medscrape.db}", "--lang", "english!")),
    Case("reparse-unknown-section", ("reparse", "{medscrape.db}", "--require-sections", "x")),
    # the readers' own options
    Case("vocab-unknown-kind", ("vocab", "unknown", "--db", "{medscrape.db}", "--kind", "pill")),
    Case("vocab-unknown-limit", ("vocab", "unknown", "--db", "{medscrape.db}", "--limit", "0")),
    Case("rejects-limit-zero", ("rejects", "--db", "{medscrape.db}", "--limit", "0")),
    Case("rejects-limit-malformed", ("rejects", "--db", "{medscrape.db}", "--limit", "x")),
    Case("runs-limit-negative", ("runs", "--db", "{medscrape.db}", "--limit", "-1")),
    Case("report-unknown-run", ("report", "99", "--db", "{medscrape.db}")),
    Case("report-no-runs", ("report", "latest", "--db", "{medscrape.db}")),
    Case("report-malformed-run", ("report", "run-seven", "--db", "{medscrape.db}")),
    Case("report-unknown-format", ("report", "1", "--db", "{medscrape.db}", "--format", "pdf")),
    Case("report-out-directory", ("report", "1", "--db", "{runs.db}", "--out", "{folder}")),
    Case("report-out-missing-folder", ("report", "1", "--db", "{runs.db}", "--out", "{nowhere}/r")),
    Case("report-out-under-a-file", ("report", "1", "--db", "{runs.db}", "--out", "{notes.txt}/r")),
    Case(
        "export-unknown-format",
        ("export", "--db", "{medscrape.db}", "--out", "{folder}/o", "--format", "xml"),
    ),
    Case("export-out-is-a-file", ("export", "--db", "{medscrape.db}", "--out", "{notes.txt}")),
    Case("export-out-under-a-file", ("export", "--db", "{medscrape.db}", "--out", "{notes.txt}/o")),
    Case("changes-unknown-run", ("changes", "--db", "{medscrape.db}", "--since", "99")),
    Case("changes-bad-date", ("changes", "--db", "{medscrape.db}", "--since", "2025-13-45")),
    Case(
        "changes-unknown-format",
        ("changes", "--db", "{medscrape.db}", "--since", "1", "--format", "xml"),
    ),
    # vocab add (MEDSCRAPE_VOCAB_DIR points at the case's own copy)
    Case("vocab-add-unknown-kind", ("vocab", "add", "pill", "Aspirin")),
    Case("vocab-add-bad-icd10cm", ("vocab", "add", "condition", "Morphea", "--icd10cm", "ZZZ")),
    Case("vocab-add-bad-mesh-id", ("vocab", "add", "condition", "Morphea", "--mesh-id", "42")),
    Case("vocab-add-bad-drugbank", ("vocab", "add", "drug", "Aspirin", "--drugbank-id", "DB1")),
    Case("vocab-add-wrong-kind-code", ("vocab", "add", "drug", "Aspirin", "--icd10cm", "M32")),
    Case("vocab-add-empty-name", ("vocab", "add", "drug", "  ")),
    # serve (Datasette): the database and options checked before anything is served
    *[
        Case(f"serve-db-{bad}", ("serve", path, "--port", "0"))
        for bad, path in BAD_DATABASES.items()
    ],
    Case("serve-port-range", ("serve", "{medscrape.db}", "--port", "70000")),
    Case("serve-port-malformed", ("serve", "{medscrape.db}", "--port", "http")),
    # serve-demo and demo: options checked before anything is served
    Case("serve-demo-port-range", ("serve-demo", "--port", "70000")),
    Case("serve-demo-port-malformed", ("serve-demo", "--port", "http")),
    Case("serve-demo-pages-zero", ("serve-demo", "--pages", "0")),
    Case("serve-demo-dir-is-a-file", ("serve-demo", "--dir", "{notes.txt}")),
    Case("serve-demo-seed-malformed", ("serve-demo", "--seed", "x")),
    Case("demo-port-range", ("demo", "--port", "-1")),
    Case("demo-pages-range", ("demo", "--port", "0", "--pages", "5")),
    Case("demo-site-dir-is-a-file", ("demo", "--port", "0", "--site-dir", "{notes.txt}")),
    # fixture rerun
    Case("fixture-unknown-name", ("fixture", "rerun", "no-such-fixture")),
    Case("fixture-dir-missing", ("fixture", "rerun", "--dir", "{nowhere}")),
    Case("fixture-dir-is-a-file", ("fixture", "rerun", "--dir", "{notes.txt}")),
    *_reader_cases(),
    *_writer_db_cases(),
]


def _prepare(folder: Path) -> None:
    folder.mkdir()
    (folder / "folder").mkdir()
    (folder / "binary.bin").write_bytes(random.Random(6).randbytes(4096) + b"\0\xff\xfe")
    (folder / "empty.db").write_bytes(b"")
    (folder / "notes.txt").write_text("not a database\n", encoding="utf-8")
    other = Database(folder / "other.db")
    other["contacts"].insert({"name": "Ada", "phone": "555"})
    other.close()
    Store(folder / "medscrape.db").close()
    with Store(folder / "runs.db") as store:
        store.start_run({"start_url": NOWHERE})
    for name, version in (("old.db", 3), ("schema1.db", 1)):
        old = Database(folder / name)
        migrate(old, MIGRATIONS[:version])
        old.close()
    shutil.copy(folder / "medscrape.db", folder / "readonly.db")
    (folder / "readonly.db").chmod(0o444)
    reference = ROOT / "tests" / "parse" / "fixtures" / "meds-reference" / "input.html"
    shutil.copy(reference, folder / "page.html")
    shutil.copytree(ROOT / "pipeline" / "vocab", folder / "vocab")


def _snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file and folder under ``folder``: its mtime and content hash. SQLite's shared-memory
    index (``-shm``) and an empty ``-wal`` are left out: a read-only connection to a WAL database
    creates them and they hold no data."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.name.endswith("-shm") or (path.name.endswith("-wal") and not path.stat().st_size):
            continue
        data = sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        found[str(path.relative_to(folder))] = (path.stat().st_mtime_ns, data)
    return found


@dataclass(frozen=True)
class Outcome:
    status: int
    stdout: str
    stderr: str
    before: dict[str, tuple[int, str]]
    after: dict[str, tuple[int, str]]


def _environment(folder: Path) -> dict[str, str]:
    return {
        "MEDSCRAPE_VOCAB_DIR": str(folder / "vocab"),
        "MEDSCRAPE_CONTACT": "tests@medscrape.invalid",
    }


def _run(case: Case, folder: Path) -> Outcome:
    """The case through the installed console script, in a process of its own."""
    before = _snapshot(folder)
    done = subprocess.run(
        [str(MEDSCRAPE), *case.argv(folder)],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=120,
        env={**os.environ, **_environment(folder)},
        stdin=subprocess.DEVNULL,
    )
    return Outcome(done.returncode, done.stdout, done.stderr, before, _snapshot(folder))


def _run_here(case: Case, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    """The case through the console script's own entry point, :func:`main`, in this process:
    the same code as :func:`_run` without a Python start-up per case. An exception escaping
    ``main`` is what a user would see as a traceback, so it is recorded as one."""
    before = _snapshot(folder)
    out, err = io.StringIO(), io.StringIO()
    with monkeypatch.context() as patch:
        patch.chdir(folder)
        for name, value in _environment(folder).items():
            patch.setenv(name, value)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main(case.argv(folder))
                status = 0
            except SystemExit as done:
                status = done.code if isinstance(done.code, int) else int(done.code is not None)
            except Exception:
                err.write(traceback.format_exc())
                status = 1
    return Outcome(status, out.getvalue(), err.getvalue(), before, _snapshot(folder))


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every case run once, each in its own copy of the prepared files: the commands that start
    Scrapy or a server in real processes, two at a time, the rest meanwhile through ``main``
    here (one process start each would cost most of the matrix's time)."""
    base = tmp_path_factory.mktemp("bad-input")
    _prepare(base / "template")
    folders = {}
    for case in CASES:
        folders[case.id] = base / case.id
        shutil.copytree(base / "template", folders[case.id], symlinks=True)
    found: dict[str, Outcome] = {}
    with ThreadPoolExecutor(max_workers=2) as pool, pytest.MonkeyPatch.context() as patch:
        apart = [case for case in CASES if case.args[0] in OWN_PROCESS]
        futures = {case.id: pool.submit(_run, case, folders[case.id]) for case in apart}
        for case in CASES:
            if case.args[0] not in OWN_PROCESS:
                found[case.id] = _run_here(case, folders[case.id], patch)
        found.update({name: future.result() for name, future in futures.items()})
    return found


def test_every_command_is_in_the_matrix() -> None:
    """A new command gets its bad-input cases."""
    assert set(cli.commands) - {case.args[0] for case in CASES} == set()


def test_case_ids_are_unique() -> None:
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_bad_input_is_one_line_and_a_non_zero_exit(
    case: Case, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[case.id]
    lines = outcome.stderr.splitlines()
    assert "Traceback" not in outcome.stderr
    assert len(lines) == 1, outcome.stderr[-2000:]
    assert lines[0].startswith("medscrape: error: "), lines[0]
    assert outcome.status == case.status, lines[0]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_bad_input_creates_changes_and_leaves_nothing(
    case: Case, outcomes: dict[str, Outcome]
) -> None:
    """No database is created, migrated or touched, no output or lock file is left behind."""
    outcome = outcomes[case.id]
    assert outcome.after == outcome.before


@pytest.mark.parametrize("name", sorted(READERS))
def test_a_reader_reads_a_read_only_database_and_leaves_it_alone(name: str, tmp_path: Path) -> None:
    _prepare(tmp_path / "files")
    outcome = _run(Case(name, (*READERS[name], "--db", "{readonly.db}")), tmp_path / "files")
    changed = {
        path: when
        for path, when in outcome.after.items()
        if outcome.before.get(path) != when and not path.startswith("folder")
    }
    assert changed == {}
    if name in ("report", "changes"):  # no runs yet: said in one line
        assert outcome.status == 2 and len(outcome.stderr.splitlines()) == 1
    else:
        assert outcome.status == 0, outcome.stderr


def test_a_reader_refuses_an_older_schema_without_migrating_it(tmp_path: Path) -> None:
    _prepare(tmp_path / "files")
    old = tmp_path / "files" / "old.db"
    before = old.read_bytes()
    outcome = _run(
        Case("export", ("export", "--db", "{old.db}", "--out", "out")), tmp_path / "files"
    )
    assert outcome.status == 2
    assert "schema" in outcome.stderr and "reparse" in outcome.stderr
    assert old.read_bytes() == before
    assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == 3
    assert not (tmp_path / "files" / "out").exists()


def test_crawl_preflight_accepts_good_input_and_creates_nothing(tmp_path: Path) -> None:
    """The checks are not stricter than the crawl: the spellings the tests and README use pass."""
    from pipeline.crawl import preflight

    db = tmp_path / "new" / "x.db"
    settings = {
        "MEDSCRAPE_DB": str(db),
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
        "LOG_LEVEL": "warning",
        "MEDSCRAPE_PARSE_WORKERS": "0",
        "MEDSCRAPE_MAX_ERROR_RATE": 0.25,
        "MEDSCRAPE_RECRAWL_AFTER": "7d",
    }
    args = {"start_url": NOWHERE, "max_pages": "3", "full": "1", "url_pattern": "^/en/.+$"}
    preflight("meds", args, settings)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "settings", "message"),
    [
        ({"colour": "blue"}, {}, "unknown spider argument 'colour' (known: start_url,"),
        (
            {},
            {"DOWNLOAD_DELAYS": "2"},
            "unknown setting 'DOWNLOAD_DELAYS' (did you mean DOWNLOAD_DELAY?)",
        ),
        ({}, {"RETRY_TIMES": "2.5"}, "setting RETRY_TIMES takes a whole number, not '2.5'"),
        ({}, {"DOWNLOAD_TIMEOUT": "-5"}, "setting DOWNLOAD_TIMEOUT cannot be negative"),
    ],
)
def test_crawl_preflight_names_the_bad_input(
    args: dict[str, str], settings: dict[str, str], message: str, tmp_path: Path
) -> None:
    from pipeline.crawl import CrawlError, preflight

    with pytest.raises(CrawlError) as error:
        preflight(
            "meds",
            {"start_url": NOWHERE, **args},
            {"MEDSCRAPE_DB": str(tmp_path / "x.db"), **settings},
        )
    assert str(error.value).startswith(message)
    assert list(tmp_path.iterdir()) == []
