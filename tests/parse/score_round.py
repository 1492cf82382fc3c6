"""Score a folder of saved pages (a blind round) against the evaluation gate's floors.

    .venv/bin/python -m tests.parse.score_round tests/parse/blind/round-11

Prints one line per page: ``pass``, the scores below the floors, or how the page was
rejected (and whether that was expected). Exits 1 if any page falls short.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.parse import PageRejected
from tests.parse.fixtures import Fixture
from tests.parse.scoring import score
from tests.parse.test_evaluation import NAMES_FLOOR, RELATED_FLOOR, SECTION_FLOOR


def verdict(fixture: Fixture) -> tuple[bool, str]:
    """(passed, what happened) for one saved page."""
    meta = fixture.meta
    try:
        record = fixture.parse()
    except PageRejected as error:
        if meta.get("expect") == "reject":
            ok = error.reason == meta.get("reason")
            return ok, f"rejected {error.reason} (expected {meta.get('reason')})"
        return False, f"wrongly rejected {error.reason}: {error}"
    if meta.get("expect") == "reject":
        return False, f"accepted, expected reject {meta.get('reason')}"
    scores = score(fixture.expected, record)
    floors = {"names": NAMES_FLOOR, "related": RELATED_FLOOR}
    low = {k: round(v, 3) for k, v in scores.items() if v < floors.get(k, SECTION_FLOOR)}
    if low:
        return False, f"below the floors: {low}"
    return True, f"pass (min {min(scores.values()):.3f})"


def main(folder: str) -> int:
    pages = [Fixture(p) for p in sorted(Path(folder).iterdir()) if (p / "meta.json").is_file()]
    failed = 0
    for fixture in pages:
        passed, what = verdict(fixture)
        failed += not passed
        print(f"{fixture.name:40} {what}")
    print(f"{len(pages) - failed} of {len(pages)} pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
