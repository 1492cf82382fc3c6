"""The parser under a longer fuzzing run than the tests': what came out, how fast, what broke.

Runs the inputs of tests/parse/test_fuzz.py (hypothesis-generated pages and mutated saved
pages, from tests/parse/fuzzing.py) through parse_page and prints: inputs tried, outcomes by
reason, median and max parse time, crashes (any exception but the parser's rejection) and hangs
(a parse over the tests' hang limit). Crashing inputs, and drug pages whose mutation got them
rejected as a cookie wall (the reason a malformed page should never get), are saved under
--out to be replayed with `medscrape parse FILE --url URL`.

    python benchmarks/fuzz.py [--examples 2000] [--out output/fuzz]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' input generators

from tests.parse.fuzzing import HANG_S, URL, Sample, documents, mutated_pages, parse_once


@dataclass
class Tally:
    out: Path
    outcomes: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    suspicious: list[str] = field(default_factory=list)

    def record(self, sample: Sample) -> None:
        try:
            parsed = parse_once(sample)
        except Exception:
            self.outcomes["CRASH"] += 1
            self.crashes.append(self._save(sample, "crash", traceback.format_exc(limit=-3)))
            return
        self.outcomes[parsed.outcome] += 1
        self.seconds.append(parsed.seconds)
        if parsed.seconds >= HANG_S:
            self.hangs.append(self._save(sample, "hang", f"{parsed.seconds:.1f} s"))
        if parsed.outcome == "cookie_wall" and "+:" in sample.label:
            self.suspicious.append(self._save(sample, "cookie_wall", ""))

    def _save(self, sample: Sample, kind: str, note: str) -> str:
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / f"{kind}-{len(list(self.out.glob(f'{kind}-*.html'))):04d}.html"
        body = sample.body if isinstance(sample.body, bytes) else sample.body.encode("utf-8")
        path.write_bytes(body)
        return f"{path} ({sample.label}; content type {sample.content_type!r}) {note}".strip()


def run(strategy: st.SearchStrategy[Sample], examples: int, tally: Tally) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # no shrinking: every input counts once
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def one(sample: Sample) -> None:
        tally.record(sample)

    one()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="inputs of each kind")
    parser.add_argument("--out", type=Path, default=Path("output/fuzz"))
    args = parser.parse_args()
    for name, strategy in (("generated", documents()), ("mutated", mutated_pages())):
        tally = Tally(args.out)
        run(strategy, args.examples, tally)
        report(name, tally)


def report(name: str, tally: Tally) -> None:
    tried = sum(tally.outcomes.values())
    times = sorted(tally.seconds) or [0.0]
    print(f"{name}: {tried} inputs tried")
    for outcome, n in tally.outcomes.most_common():
        print(f"  {outcome:20} {n:6}")
    print(
        f"  parse time: median {statistics.median(times) * 1000:.1f} ms, "
        f"max {times[-1] * 1000:.0f} ms"
    )
    print(f"  crashes: {len(tally.crashes)}, hangs (>= {HANG_S:g} s): {len(tally.hangs)}")
    for line in tally.crashes + tally.hangs:
        print(f"    {line}")
    if tally.suspicious:
        print(
            f"  drug pages mutated into a cookie_wall reject: {len(tally.suspicious)} (url {URL})"
        )
        for line in tally.suspicious[:10]:
            print(f"    {line}")


if __name__ == "__main__":
    main()
