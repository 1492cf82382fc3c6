"""The medscrape command, run as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "tests" / "parse" / "fixtures" / "meds-reference" / "input.html"
URL = "https://meds.is/en/conditions/tacrolimus-oral-and-injection-lupus"


def medscrape(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import main; main()", *args],
        input=stdin.decode("utf-8", "replace") if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_parse_prints_the_reference_record() -> None:
    done = medscrape("parse", str(REFERENCE), "--url", URL)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    kinds = [s["kind"] for s in record["sections"]]
    assert kinds == ["what_is", "how_it_works", "benefits", "side_effects", "reviews"]
    assert [len(s["subsections"]) for s in record["sections"]] == [0, 0, 0, 3, 3]
    assert len(record["related"]) == 49


def test_parse_prints_the_normalized_record_and_raw_the_parsers() -> None:
    record = json.loads(medscrape("parse", str(REFERENCE), "--url", URL).stdout)
    assert (record["drug"]["slug"], record["drug"]["drugbank_id"]) == ("tacrolimus", "DB00864")
    assert record["condition"]["icd10cm"] == "M32"
    assert {"term": "headache", "severity": "common", "raw": "headaches"} in record["side_effects"]
    raw = json.loads(medscrape("parse", str(REFERENCE), "--url", URL, "--raw").stdout)
    assert raw["drug"] == {
        "name": "Tacrolimus",
        "form": "oral and injection",
        "slug": "tacrolimus-oral-and-injection",
    }
    assert "side_effects" not in raw


def test_a_page_failing_validation_names_every_reason_in_one_line() -> None:
    done = medscrape("parse", str(REFERENCE), "--url", URL, "--lang", "de")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "rejected: lang_unexpected:" in done.stderr
    unknown_kind = medscrape("parse", str(REFERENCE), "--require-sections", "dosage")
    assert unknown_kind.returncode == 2
    assert "unknown section kind(s): dosage" in unknown_kind.stderr


def test_vocab_add_checks_codes_and_clashes(tmp_path: Path) -> None:
    vocab = tmp_path / "vocab"
    shutil.copytree(ROOT / "pipeline" / "vocab", vocab)
    env = {"MEDSCRAPE_VOCAB_DIR": str(vocab)}
    before = (vocab / "conditions.tsv").read_text(encoding="utf-8")
    for args, message in [
        (("--icd10cm", "M3"), "not an ICD-10-CM code such as"),  # the wrong shape
        (("--icd10cm", "Q99.999"), "'Q99.999' is not an ICD-10-CM code"),  # no such code
        (("--alias", "High Blood Pressure"), "names both 'Hypertension' and 'Morphea'"),
        (("--drugbank-id", "DB00864"), "does not apply to a condition"),
        (("--note", 'a "quoted" note'), "holds a tab, a line break or a double quote"),
    ]:
        done = medscrape("vocab", "add", "condition", "Morphea", *args, env=env)
        assert done.returncode == 2, args
        assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert (vocab / "conditions.tsv").read_text(encoding="utf-8") == before
    added = medscrape(
        "vocab",
        "add",
        "condition",
        "Morphea",
        "--alias",
        "Localized Scleroderma",
        "--icd10cm",
        "L94.0",
        "--note",
        "L94.0 Localized scleroderma [morphea]",
        env=env,
    )
    assert added.returncode == 0, added.stderr
    row = next(
        line
        for line in (vocab / "conditions.tsv").read_text(encoding="utf-8").splitlines()
        if line.startswith("Morphea\t")
    )
    assert row.split("\t")[:5] == ["Morphea", "morphea", "L94.0", "", "Localized Scleroderma"]


def test_review_commands_refuse_a_missing_or_broken_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    for command in (("vocab", "unknown"), ("rejects",), ("export", "--out", str(tmp_path / "x"))):
        for db, message in ((tmp_path / "none.db", "no database at"), (junk, "junk.db")):
            done = medscrape(*command, "--db", str(db))
            assert done.returncode == 2
            assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_a_broken_vocabulary_is_one_line_before_any_page(tmp_path: Path) -> None:
    vocab = tmp_path / "vocab"
    shutil.copytree(ROOT / "pipeline" / "vocab", vocab)
    (vocab / "drugs.tsv").write_text("name\tslug\n", encoding="utf-8")
    done = medscrape("parse", str(REFERENCE), env={"MEDSCRAPE_VOCAB_DIR": str(vocab)})
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "the vocabulary cannot be used" in done.stderr


def test_parse_reads_stdin_and_defaults_to_a_file_url() -> None:
    done = medscrape("parse", str(REFERENCE), "--pretty")
    assert json.loads(done.stdout)["url"] == REFERENCE.as_uri()
    piped = medscrape("parse", "-", "--url", URL, stdin=REFERENCE.read_bytes())
    assert json.loads(piped.stdout)["drug"]["name"] == "Tacrolimus"


def test_rejected_page_is_one_line_and_exit_2(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text("<html><body><h1>Council approves new bus lanes</h1><p>Text.</p></body></html>")
    done = medscrape("parse", str(page))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "rejected: no_sections" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("parse", "/no/such/file.html"), "cannot read /no/such/file.html"),
        (("parse", "/"), "is a directory"),
        (("parse",), "Missing argument"),
        (("nonsense",), "No such command"),
        (("parse", "x", "--bogus"), "No such option"),
        (("fixture", "rerun", "no-such-fixture"), "has no meta.json"),
    ],
)
def test_bad_arguments_are_one_line_without_traceback(args: tuple[str, ...], message: str) -> None:
    done = medscrape(*args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


def test_binary_input_is_rejected_in_one_line(tmp_path: Path) -> None:
    image = tmp_path / "image.html"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    done = medscrape("parse", str(image))
    assert done.returncode == 2 and "rejected: binary" in done.stderr


def test_schema_prints_the_json_schema() -> None:
    done = medscrape("schema")
    assert json.loads(done.stdout)["title"] == "Page"


def test_fixture_rerun_shows_a_diff_and_writes_only_when_asked(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    folder.mkdir()
    (folder / "input.html").write_bytes(REFERENCE.read_bytes())
    (folder / "meta.json").write_text(json.dumps({"url": URL, "template": "t", "expect": "page"}))
    expected = json.loads((REFERENCE.parent / "output.json").read_text(encoding="utf-8"))
    expected["title"] = "Something else"
    (folder / "output.json").write_text(json.dumps(expected, indent=2))
    before = (folder / "output.json").read_text()
    shown = medscrape("fixture", "rerun", "--dir", str(tmp_path))
    assert '-  "title": "Something else"' in shown.stdout and "1 differ" in shown.stdout
    assert (folder / "output.json").read_text() == before
    medscrape("fixture", "rerun", "--dir", str(tmp_path), "--write")
    assert json.loads((folder / "output.json").read_text())["title"] == "Tacrolimus for Lupus"


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found += _commands(command, prefix + name + " ")
    return found


@pytest.mark.parametrize(("name", "command"), _commands(cli), ids=lambda v: str(v))
def test_every_command_has_help(name: str, command: click.Command) -> None:
    assert command.help and command.help.strip(), f"{name} has no help text"
