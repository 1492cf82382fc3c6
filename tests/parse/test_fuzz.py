"""The parser under fuzzing: generated HTML and mutated saved pages end in a valid record or a
known rejection, never an exception, and never a hang (tests/parse/fuzzing.py has the inputs).

``MEDSCRAPE_FUZZ_EXAMPLES`` inputs per hypothesis test, ten times as many for atheris (default
100: the file takes under a minute on a busy shared two-core machine); raise it for a longer
run, e.g. ``MEDSCRAPE_FUZZ_EXAMPLES=5000``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from pipeline.outcome import parse_outcome
from pipeline.parse import parse_page
from tests.parse.fixtures import FIXTURES, Fixture
from tests.parse.fuzzing import Sample, check_parse, documents, mutated_pages

EXAMPLES = int(os.environ.get("MEDSCRAPE_FUZZ_EXAMPLES", "100"))
#: libFuzzer's runs are cheap (small mutations of the saved pages, ~15 ms each).
ATHERIS_RUNS = 10 * EXAMPLES
HARNESS = Path(__file__).resolve().parents[2] / "benchmarks" / "fuzz_atheris.py"
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # hangs are checked per parse, generously (check_parse)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(documents())
def test_generated_pages_end_in_a_record_or_a_known_rejection(page: Sample) -> None:
    check_parse(page)


@FUZZ
@given(mutated_pages())
def test_mutated_saved_pages_end_in_a_record_or_a_known_rejection(page: Sample) -> None:
    check_parse(page)


def test_a_short_atheris_run_finds_no_crash_and_no_hang(tmp_path: Path) -> None:
    """Coverage-guided: ATHERIS_RUNS inputs mutated from the saved pages by libFuzzer
    (``make fuzz`` runs it for minutes). atheris has wheels for x86-64 Linux only: elsewhere
    this skips, except in CI (CI=1), where it fails."""
    if importlib.util.find_spec("atheris") is None:
        message = "atheris is not installed (wheels only for CPython 3.11-3.13, x86-64 Linux)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    run = [
        sys.executable,
        str(HARNESS),
        f"-runs={ATHERIS_RUNS}",
        "-timeout=20",
        "-max_total_time=60",
    ]
    done = subprocess.run(
        [*run, str(tmp_path / "corpus")], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # (libFuzzer tests the limit between rounds of mutations: it may stop a few runs past it,
    # "Done 1037 runs" once the seed pages filled 765 of the 1,000)
    finished = re.search(r"^Done (\d+) runs", done.stderr, re.MULTILINE)
    assert finished is not None and int(finished[1]) >= ATHERIS_RUNS, done.stderr[-3000:]
    assert not list(tmp_path.glob("crash-*")) and not list(tmp_path.glob("timeout-*"))


# Found by fuzzing: urllib raises ValueError on an unclosed IPv6 bracket ("http://[host/").
AMP = Fixture(FIXTURES / "mobile-amp-lite")
BRACKET = b"https://m.quitwell.[test/meds/varenicline-vaping"


def test_a_related_link_urllib_cannot_parse_is_left_out() -> None:
    body = AMP.html.replace(b"https://m.quitwell.test/meds/varenicline-vaping", BRACKET)
    assert BRACKET in body
    page = parse_page(body, AMP.meta["url"], content_type=AMP.meta["content_type"])
    assert page.related and all("[" not in link.url for link in page.related)


def test_a_canonical_link_urllib_cannot_parse_is_ignored() -> None:
    body = AMP.html.replace(b"<head>", b'<head><link rel="canonical" href="http://[x/a">', 1)
    outcome = parse_outcome(body, AMP.meta["url"], AMP.meta["content_type"])
    assert outcome.page is not None, outcome.detail  # before: ValueError out of parse_outcome
