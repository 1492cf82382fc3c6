"""Scheduling: the README's cron line, run as cron runs it, crawls and records the run; the
systemd units are valid and run the same command; the package works from a zipped egg, as
Scrapyd runs it (and under a real Scrapyd where one is installed)."""

from __future__ import annotations

import configparser
import datetime as dt
import importlib.util
import json
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from pipeline.demo import DemoServer, Manifest
from pipeline.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
UNITS = ROOT / "deploy" / "systemd"
SERVICE = UNITS / "medscrape-crawl.service"
TIMER = UNITS / "medscrape-crawl.timer"
#: What scrapyd-deploy reads to build the egg: the project file, the packages and scrapy.cfg.
PROJECT_FILES = ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md")
PACKAGES = ("pipeline", "schemas", "spiders")

#: What the README tells the user to replace in the cron line, and what the test puts there.
CHECKOUT = "/path/to/medscrape"
START_URL = "https://meds.is/en/conditions/"
DB = "output/medscrape.db"
LOGS = "output/logs"
#: The sample site on 127.0.0.1 needs no politeness delays (with the live-site defaults a crawl
#: of it takes minutes): settings at the end of the line, where the README puts extra ones.
LOOPBACK = (
    " -s AUTOTHROTTLE_ENABLED=False -s DOWNLOAD_DELAY=0"
    " -s CONCURRENT_REQUESTS_PER_DOMAIN=16 -s MEDSCRAPE_HONOUR_CRAWL_DELAY=False"
)
_CRON_FIELD = re.compile(r"^[\d*/,-]+$")
_LOG_NAME = re.compile(r"^crawl-(\d{4}-\d{2}-\d{2})\.log$")


# --- the README's cron example ----------------------------------------------------------


def cron_example() -> tuple[dict[str, str], list[str], str]:
    """(environment lines, the five schedule fields, the command) of the crontab in the README
    block marked ``<!-- cron-example -->``."""
    text = README.read_text(encoding="utf-8")
    after = text[text.index("<!-- cron-example -->") :]
    block = re.search(r"```[^\n]*\n(.*?)```", after, re.S)
    assert block is not None, "no code block after <!-- cron-example -->"
    env: dict[str, str] = {}
    jobs: list[tuple[list[str], str]] = []
    for line in block.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, value = line.partition("=")
        if re.fullmatch(r"[A-Z_][A-Z0-9_]*", name.strip()):
            env[name.strip()] = value.strip()
            continue
        fields = line.split(maxsplit=5)
        jobs.append((fields[:5], fields[5]))
    assert len(jobs) == 1, f"one crontab job expected, found {len(jobs)}"
    schedule, command = jobs[0]
    return env, schedule, command


def localized(command: str, checkout: Path, start_url: str, db: Path, logs: Path) -> str:
    """The command with the README's placeholders replaced, as it tells the user to."""
    for placeholder in (CHECKOUT, START_URL, DB, LOGS):
        assert placeholder in command, f"{placeholder!r} is not in the cron line"
    return (
        command.replace(CHECKOUT, str(checkout))
        .replace(START_URL, start_url)
        .replace(DB, str(db))
        .replace(LOGS, str(logs))
    )


def cron_environment(home: Path, lines: dict[str, str]) -> dict[str, str]:
    """What cron gives a job: a bare PATH, the shell, the home folder, the crontab's variables."""
    return {"PATH": "/usr/bin:/bin", "SHELL": "/bin/sh", "HOME": str(home), **lines}


def runs(db: Path) -> list[dict[str, Any]]:
    return list(sqlite_utils.Database(db)["crawl_runs"].rows_where(order_by="id"))


@dataclass(frozen=True)
class Scheduled:
    """The cron command's first run: the process, where it wrote, and how it was run."""

    first: subprocess.CompletedProcess[str]
    db: Path
    logs: Path
    env: dict[str, str]
    line: str  # the localized command, without the loopback settings


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory: pytest.TempPathFactory, server: DemoServer) -> Scheduled:
    """The README's cron command, localized, run once with ``bash -c`` in cron's environment."""
    home = tmp_path_factory.mktemp("cron-home")
    env_lines, _, command = cron_example()
    db, logs = home / "data" / "medscrape.db", home / "logs"
    line = localized(command, ROOT, f"{server.url}/en/conditions/", db, logs)
    env = cron_environment(home, env_lines)
    done = subprocess.run(
        ["bash", "-c", line + LOOPBACK],
        capture_output=True,
        text=True,
        cwd=home,
        env=env,
        timeout=300,
    )
    return Scheduled(done, db, logs, env, line)


def test_the_cron_line_is_a_daily_crontab_entry_with_the_contact_set() -> None:
    env, schedule, command = cron_example()
    assert all(_CRON_FIELD.match(field) for field in schedule), schedule
    assert schedule[2:] == ["*", "*", "*"], "every day"
    assert env.get("MEDSCRAPE_CONTACT"), "the User-Agent needs a contact"
    assert ".venv/bin/medscrape crawl " in command
    assert "%" not in command.replace(r"\%", ""), "a bare % ends a cron command"


def test_the_cron_command_crawls_and_records_an_ok_run(
    scheduled: Scheduled,
    site: tuple[Path, Manifest],
) -> None:
    done, db = scheduled.first, scheduled.db
    assert done.returncode == 0, done.stderr[-2000:]
    assert (done.stdout, done.stderr) == ("", ""), "everything goes to the log"
    run = runs(db)[0]  # the cron line's run (a test below adds a second)
    assert (run["kind"], run["status"], run["finish_reason"]) == ("crawl", "ok", "finished")
    good = len(site[1].pages)
    assert run["pages_new"] == run["pages_seen"] == good
    assert sqlite_utils.Database(db)["pages"].count == good


def test_the_cron_command_logs_to_a_dated_file_in_the_logs_folder(
    scheduled: Scheduled,
) -> None:
    logs = scheduled.logs
    [log] = sorted(logs.iterdir())
    found = _LOG_NAME.match(log.name)
    assert found is not None, log.name
    day = dt.date.fromisoformat(found.group(1))
    assert abs((day - dt.date.today()).days) <= 1
    text = log.read_text(encoding="utf-8")
    assert "thresholds: {" in text
    assert "Spider closed (finished)" in text


def test_a_breach_under_cron_exits_3_and_the_reason_is_appended_to_the_log(
    scheduled: Scheduled,
) -> None:
    """A second run (with /bin/sh, as cron runs it) appends to the log; the exit status is
    medscrape crawl's."""
    assert scheduled.first.returncode == 0, scheduled.first.stderr[-2000:]
    logs = scheduled.logs
    before = {log.name: log.read_text(encoding="utf-8") for log in logs.iterdir()}
    done = subprocess.run(
        ["/bin/sh", "-c", scheduled.line + LOOPBACK + " --min-pages 1000000"],
        capture_output=True,
        text=True,
        cwd=scheduled.env["HOME"],
        env=scheduled.env,
        timeout=300,
    )
    assert done.returncode == 3, done.stderr[-2000:]
    assert runs(scheduled.db)[-1]["status"] == "failed"
    after = {log.name: log.read_text(encoding="utf-8") for log in logs.iterdir()}
    for name, text in before.items():
        assert after[name].startswith(text), "the log is appended to, never rewritten"
    last = max(after.items())[1].rstrip("\n").splitlines()[-1]
    breach = r"medscrape: error: run \d+ failed: pages \d+ .*--min-pages 1000000"
    assert re.match(breach, last), last


# --- systemd --------------------------------------------------------------------------------


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser


def systemd_unescaped(text: str) -> str:
    """A unit's command line as the shell gets it: ``%%`` is ``%`` and ``$$`` is ``$``."""
    return text.replace("%%", "%").replace("$$", "$")


def test_the_systemd_units_pass_systemd_analyze_verify() -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    done = subprocess.run(
        ["systemd-analyze", "verify", str(SERVICE), str(TIMER)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr


def test_the_service_runs_the_cron_command_at_the_cron_time() -> None:
    _, schedule, command = cron_example()
    service, timer = unit(SERVICE), unit(TIMER)
    prefix = f"cd {CHECKOUT} && "
    assert command.startswith(prefix)
    assert service["Service"]["WorkingDirectory"] == CHECKOUT
    exec_start = service["Service"]["ExecStart"]
    for sign in "%$":  # systemd expands a lone one itself: the shell must get it escaped
        assert sign not in exec_start.replace(sign * 2, ""), f"a lone {sign} in ExecStart"
    shell, flag, script = shlex.split(exec_start)
    assert (shell, flag) == ("/bin/sh", "-c")
    assert systemd_unescaped(script) == command.removeprefix(prefix).replace(r"\%", "%")
    minute, hour = int(schedule[0]), int(schedule[1])
    assert timer["Timer"]["OnCalendar"] == f"*-*-* {hour:02d}:{minute:02d}:00"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


# --- a zipped egg, as Scrapyd runs it -------------------------------------------------------


def zipped_package(folder: Path) -> Path:
    """medscrape's packages and their data in one zip, as ``bdist_egg`` lays them out."""
    archive = folder / "medscrape.egg"
    with zipfile.ZipFile(archive, "w") as egg:
        for package in PACKAGES:
            for path in sorted((ROOT / package).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    egg.write(path, path.relative_to(ROOT).as_posix())
    return archive


_FROM_ZIP = """
import json, sys
sys.path.insert(0, sys.argv[1])
import pipeline.vocabulary as vocabulary
from pipeline.side_effects import vocabulary as side_effects
loaded = vocabulary.Vocabulary.load()
print(json.dumps({
    "module": vocabulary.__file__,
    "folder": str(vocabulary.vocab_dir()),
    "concepts": {kind: len(found) for kind, found in loaded.concepts.items()},
    "version": loaded.version,
    "prograf": loaded.resolve("drug", "Prograf").name,
    "side_effects": bool(side_effects()),
}))
"""


def test_the_vocabulary_loads_from_a_zipped_egg_and_its_copy_goes_at_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MEDSCRAPE_VOCAB_DIR", raising=False)
    egg = zipped_package(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", _FROM_ZIP, str(egg)],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # not the checkout: its folders must not be found instead
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout)
    assert seen["module"].startswith(str(egg)), "imported from the zip"
    shipped = Vocabulary.load()
    assert seen["concepts"] == {kind: len(found) for kind, found in shipped.concepts.items()}
    assert seen["version"] == shipped.version, "the same bytes as pipeline/vocab"
    assert seen["prograf"] == shipped.resolve("drug", "Prograf").name
    assert seen["side_effects"]
    assert not seen["folder"].startswith(str(egg))
    assert not Path(seen["folder"]).exists(), "the temporary copy is removed at exit"


# --- a real Scrapyd, where one is installed ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return dict(json.load(response))


def _post(url: str, form: list[tuple[str, str]]) -> dict[str, Any]:
    body = urllib.parse.urlencode(form).encode()
    with urllib.request.urlopen(url, body, timeout=60) as response:
        return dict(json.load(response))


def scrapyd_deploy(checkout: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``scrapyd-deploy ARGS`` run in a copy of the checkout (it builds in place)."""
    return subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", *args],
        capture_output=True,
        text=True,
        cwd=checkout,
        timeout=300,
    )


def project_copy(folder: Path) -> Path:
    """The files an egg is built from, copied from the checkout (which stays untouched)."""
    folder.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, folder / name)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return folder


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    """A Scrapyd on 127.0.0.1 in a temporary folder; its base URL."""
    port = _free_port()
    (tmp_path / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = {tmp_path}/eggs\nlogs_dir = {tmp_path}/logs\n"
        f"dbs_dir = {tmp_path}/dbs\nitems_dir =\nmax_proc = 1\n",
        encoding="utf-8",
    )
    log = (tmp_path / "scrapyd.out").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"], cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                _get(f"{url}/daemonstatus.json")
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "scrapyd.out").read_text()
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wait_finished(url: str, job: str, seconds: float = 240) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        listed = _get(f"{url}/listjobs.json?project=medscrape")
        for entry in listed["finished"]:
            if entry["id"] == job:
                return dict(entry)
        time.sleep(0.5)
    raise AssertionError(f"job {job} did not finish in {seconds} s")


@pytest.mark.skipif(
    importlib.util.find_spec("scrapyd") is None
    or importlib.util.find_spec("scrapyd_client") is None,
    reason="scrapyd and scrapyd-client are not installed (not dependencies of medscrape: "
    "pip install scrapyd scrapyd-client 'setuptools>=77,<81' to run this test)",
)
def test_scrapyd_deploy_builds_an_egg_that_scrapyd_runs_into_a_run_row(
    tmp_path: Path, scrapyd: str, server: DemoServer, site: tuple[Path, Manifest]
) -> None:
    checkout = project_copy(tmp_path / "checkout")  # build/ and *.egg-info land there
    with (checkout / "scrapy.cfg").open("a", encoding="utf-8") as config:
        config.write(f"\n[deploy:test]\nurl = {scrapyd}/\nproject = medscrape\n")
    egg = tmp_path / "medscrape.egg"
    built = scrapyd_deploy(checkout, "--build-egg", str(egg))
    assert built.returncode == 0, built.stderr[-2000:]
    with zipfile.ZipFile(egg) as archive:
        assert "pipeline/vocab/drugs.tsv" in archive.namelist()
        assert "settings = pipeline.settings" in archive.read("EGG-INFO/entry_points.txt").decode()
    deployed = scrapyd_deploy(checkout, "test", "--version", "1", "--egg", str(egg))
    answer = deployed.stdout + deployed.stderr
    assert deployed.returncode == 0, answer[-2000:]
    assert '"spiders": 1' in answer and '"status": "ok"' in answer, answer[-2000:]
    db = tmp_path / "medscrape.db"
    form = [
        ("project", "medscrape"),
        ("spider", "meds"),
        ("start_url", f"{server.url}/en/conditions/"),
        ("setting", f"MEDSCRAPE_DB={db}"),
        *(("setting", pair) for pair in LOOPBACK.split()[1::2]),
    ]
    scheduled = _post(f"{scrapyd}/schedule.json", form)  # what the README's curl line sends
    assert scheduled["status"] == "ok", scheduled
    _wait_finished(scrapyd, scheduled["jobid"])
    [run] = runs(db)
    assert (run["status"], run["finish_reason"]) == ("ok", "finished")
    assert run["pages_new"] == len(site[1].pages)
