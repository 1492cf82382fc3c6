"""parse_page under atheris (libFuzzer, coverage-guided), seeded with the saved pages.

Any exception but the parser's rejection (with a known reason) is a crash, and libFuzzer's
``-timeout`` (seconds, per input) reports a hang; either stops the run and leaves the input in
``crash-*`` / ``timeout-*`` files. Bound the run with libFuzzer's own flags:

    pip install atheris   # not a dependency of medscrape: a wheel for CPython 3.11 on x86-64 Linux
    python benchmarks/fuzz_atheris.py -max_total_time=300 -timeout=20 [-runs=N] [CORPUS_DIR…]

A corpus folder that is empty or missing is seeded with the saved pages
(tests/parse/fixtures/*/input.html); without one, a temporary folder is. The parser's modules
are instrumented for coverage (bs4 and lxml are not: the parser's own branches are what the
fuzzer should steer by).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import get_args

import atheris

ROOT = Path(__file__).resolve().parents[1]
URL = "https://example.test/metformin-for-type-2-diabetes"

with atheris.instrument_imports(include=["pipeline"]):
    from pipeline.parse import PageRejected, RejectReason, parse_page

KNOWN = frozenset(get_args(RejectReason))
OUTCOMES: Counter[str] = Counter()


def one_input(data: bytes) -> None:
    try:
        parse_page(data, URL)
    except PageRejected as rejected:
        if rejected.reason not in KNOWN:
            raise AssertionError(f"unknown reject reason {rejected.reason!r}") from rejected
        OUTCOMES[rejected.reason] += 1
    else:
        OUTCOMES["page"] += 1


def seed(corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    if not any(corpus.iterdir()):
        for page in sorted((ROOT / "tests/parse/fixtures").glob("*/input.html")):
            shutil.copy(page, corpus / page.parent.name)


def main() -> None:
    argv = list(sys.argv)
    folders = [Path(arg) for arg in argv[1:] if not arg.startswith("-")]
    if not folders:
        folders = [Path(tempfile.mkdtemp(prefix="medscrape-fuzz-"))]
        argv.append(str(folders[0]))
    seed(folders[0])
    atheris.Setup(argv, one_input)
    try:
        atheris.Fuzz()
    finally:
        print(f"outcomes: {dict(OUTCOMES.most_common())}", file=sys.stderr)


if __name__ == "__main__":
    main()
