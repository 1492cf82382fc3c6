"""The sample site under the full fault mix, crawled once per seed: what happened to every URL.

Each seed serves the sample site with every fault kind its server offers (a seeded quarter of
the paths, and the kinds that missed pinned to pages left alone: pipeline/demo/fault_mix.py)
and crawls it as `medscrape crawl` would (a real Scrapy process, the full pipeline, a fresh
database). The table says, per seed: the fault kinds the server injected, the requests made,
the URLs in each outcome (stored / rejected / fetch errors / skipped), the URLs lost (found by
the crawl or asked of the site, yet in no outcome; must be 0), the URLs counted in two
outcomes (must be 0) and the wall time; then the reasons within each outcome, over all seeds.

    python benchmarks/faults.py [--seeds 5] [--pages 60]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from pipeline.demo import Manifest, build_site
from pipeline.demo.accounting import OUTCOMES, account
from pipeline.demo.fault_mix import (
    CRAWL_SETTINGS,
    MIX_RATE,
    QUICK,
    asked_urls,
    full_mix,
    serving_mix,
)
from pipeline.demo.faults import FaultKind
from spiders.meds import DEFAULT_PAGE_PATTERN

ROOT = Path(__file__).resolve().parents[1]
LABELS = {
    "stored": "stored",
    "rejected": "rejected",
    "fetch_error": "fetch errors",
    "skipped": "skipped",
}


def crawl(root: Path, manifest: Manifest, seed: int, db: Path) -> dict[str, Any]:
    """One seed: serve the mix, crawl it in a `medscrape crawl` process, account for it."""
    plan = full_mix(manifest, seed, **QUICK)
    with serving_mix(root, plan) as server:
        argv = [sys.executable, "-c", "from pipeline.cli import main; main()", "crawl", "meds"]
        argv += ["--db", str(db), "--no-progress", "-a", f"start_url={server.url}/en/conditions/"]
        argv += [arg for name, value in CRAWL_SETTINGS.items() for arg in ("-s", f"{name}={value}")]
        started = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=600)
        wall = time.perf_counter() - started
        hits = server.hits
    run_id = int(Database(db).execute("SELECT max(id) FROM crawl_runs").fetchone()[0])
    books = account(Database(db), run_id, DEFAULT_PAGE_PATTERN)
    lost = books.lost() | books.unaccounted(asked_urls(server, hits))
    doubled = len(books.doubled()) + sum(
        abs(books.counted()[o] - books.recorded()[o]) for o in OUTCOMES
    )
    return {
        "seed": seed,
        "kinds": len({hit.fault for hit in hits} - {None}),
        "requests": books.run["requests"],
        "hits": len(hits),
        "outcomes": books.recorded(),
        "reasons": {outcome: dict(books.reasons[outcome]) for outcome in OUTCOMES},
        "lost": len(lost),
        "doubled": doubled,
        "exit": done.returncode,
        "status": books.run["status"],
        "wall": wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds 1 to N (default 5)")
    parser.add_argument("--pages", type=int, default=60, help="good pages on the site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        manifest = build_site(root, drugs=12, conditions=12, pages=args.pages)
        seeds = range(1, args.seeds + 1)
        runs = [crawl(root, manifest, seed, Path(tmp) / f"seed{seed}.db") for seed in seeds]
    report(args.pages, runs)


def report(pages: int, runs: list[dict[str, Any]]) -> None:
    kinds = len(FaultKind)
    print(
        f"Full fault mix: the sample site ({pages} good pages) on 127.0.0.1, {MIX_RATE:.0%} of "
        f"paths faulted by the seed plus every kind that missed, {kinds} kinds; one "
        "`medscrape crawl` a seed\n"
    )
    head = ["seed", "kinds injected", "requests", *LABELS.values(), "lost", "doubled", "exit"]
    print("| " + " | ".join([*head, "wall"]) + " |")
    print("|" + "---|" * (len(head) + 1))
    for run in runs:
        cells = [run["seed"], f"{run['kinds']}/{kinds}", run["requests"]]
        cells += [run["outcomes"][outcome] for outcome in OUTCOMES]
        cells += [run["lost"], run["doubled"], f"{run['exit']} ({run['status']})"]
        print("| " + " | ".join(str(c) for c in cells) + f" | {run['wall']:.1f} s |")
    totals = [sum(run["outcomes"][o] for run in runs) for o in OUTCOMES]
    lost, doubled = sum(r["lost"] for r in runs), sum(r["doubled"] for r in runs)
    requests = sum(r["requests"] for r in runs)
    wall = sum(r["wall"] for r in runs)
    cells = ["all", "", requests, *totals, lost, doubled, ""]
    print("| " + " | ".join(str(c) for c in cells) + f" | {wall:.1f} s |")
    print("\nURLs by reason, all seeds:")
    for outcome in OUTCOMES[1:]:  # a stored page has no reason
        reasons: Counter[str] = Counter()
        for run in runs:
            reasons.update(run["reasons"][outcome])
        listed = ", ".join(f"{reason} {n}" for reason, n in reasons.most_common())
        print(f"  {LABELS[outcome]}: {listed or 'none'}")
    answered = all(run["requests"] == run["hits"] for run in runs)
    print(f"\nEvery request made was one the site answered (none off 127.0.0.1): {answered}")


if __name__ == "__main__":
    main()
