"""The parser under fuzzing: generated HTML and mutated saved pages end in a valid record or a
known rejection, never an exception, and never a hang (tests/parse/fuzzing.py has the inputs).

``MEDSCRAPE_FUZZ_EXAMPLES`` inputs per test (default 150: the file takes well under a minute
on a shared two-core machine); raise it for a longer run, e.g. ``MEDSCRAPE_FUZZ_EXAMPLES=5000``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings

from tests.parse.fuzzing import check_parse, documents, mutated_pages

EXAMPLES = int(os.environ.get("MEDSCRAPE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # hangs are checked per parse, generously (check_parse)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(documents())
def test_generated_pages_end_in_a_record_or_a_known_rejection(
    page: tuple[bytes | str, str | None],
) -> None:
    check_parse(*page)


@FUZZ
@given(mutated_pages())
def test_mutated_saved_pages_end_in_a_record_or_a_known_rejection(
    page: tuple[bytes, str | None],
) -> None:
    check_parse(*page)
