"""Store throughput: Store.save_pages in batches into a temp-file database with FTS.

Builds N synthetic pages from the reference record (tests/parse/fixtures/meds-reference: 5
sections, 6 subsections, 49 related links, 18 KB of HTML), varying URL, drug and condition, and
times three passes over them on a fresh database per round: all new, the same pages again (all
unchanged), and all changed (new text in every page). Medians over the rounds are quoted; the
new pass also shows its first and last 1,000 pages, since inserts slow as the database grows.
"writer CPU" is pages per CPU-second of the writing thread (hashing, compression and WAL
checkpoints run on other threads): the figure a busy, shared machine disturbs least.

    python benchmarks/store.py [--pages 5000] [--batch 100] [--rounds 3] [--dir TMPDIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import tempfile
import time
from pathlib import Path

from pipeline.parse import PARSER_VERSION, content_hash
from pipeline.settings import MEDSCRAPE_BATCH_SIZE
from pipeline.store import Fetched, Store
from schemas import Page

FIXTURE = Path(__file__).resolve().parent.parent / "tests/parse/fixtures/meds-reference"
#: The target from issue 3: the store alone sustains this many pages per second with FTS on.
TARGET = 2000
#: Pages in the slices the new pass reports first and last.
SLICE = 1000


def synthetic_pages(count: int, *, revision: int = 0) -> list[Fetched]:
    """``count`` distinct pages: drug i % 97, condition i; ``revision`` changes every page."""
    template = (FIXTURE / "output.json").read_text(encoding="utf-8")
    html = (FIXTURE / "input.html").read_text(encoding="utf-8")
    pages = []
    for i in range(count):
        drug, condition = f"Drug{i % 97}", f"Condition{i}"
        record = json.loads(template.replace("Tacrolimus", drug).replace("Lupus", condition))
        record["drug"]["slug"] = f"drug{i % 97}-oral-and-injection"
        record["condition"]["slug"] = f"condition{i}"
        if revision:
            record["sections"][0]["text"] += f" Revised ({revision})."
        record["url"] = f"https://meds.example/en/conditions/drug{i % 97}-condition{i}"
        record["parser_version"] = PARSER_VERSION
        record["content_hash"] = content_hash(record)
        body = html.replace("Tacrolimus", drug).replace("Lupus", condition).encode()
        pages.append(
            Fetched(
                page=Page.model_validate(record),
                html=body,
                http_status=200,
                fetched_at=f"2025-01-0{1 + revision}T00:00:00+00:00",
                content_type="text/html; charset=utf-8",
            )
        )
    return pages


def timed_pass(
    store: Store, run_id: int, pages: list[Fetched], batch: int
) -> tuple[list[float], float]:
    """Wall seconds per batch, and the CPU seconds of this (the writing) thread in all."""
    times = []
    cpu = time.thread_time()
    for i in range(0, len(pages), batch):
        start = time.perf_counter()
        store.save_pages(run_id, pages[i : i + batch])
        times.append(time.perf_counter() - start)
    return times, time.thread_time() - cpu


def rate(pages: int, seconds: float) -> float:
    return pages / seconds if seconds else float("inf")


def one_round(
    pages: list[Fetched], revised: list[Fetched], batch: int, folder: str | None
) -> tuple[dict[str, float], dict[str, int], float]:
    """Pages/s per pass (and the new pass's first/last slices), row counts, size in MB."""
    per_slice = max(1, SLICE // batch)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        with Store(Path(tmp) / "bench.db") as store:
            run_id = store.start_run({"benchmark": True})
            new, new_cpu = timed_pass(store, run_id, pages, batch)
            unchanged, _ = timed_pass(store, run_id, pages, batch)
            changed, changed_cpu = timed_pass(store, run_id, revised, batch)
            counts = store.counts()
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
    rates = {
        "new": rate(len(pages), sum(new)),
        f"new, first {SLICE}": rate(len(new[:per_slice]) * batch, sum(new[:per_slice])),
        f"new, last {SLICE}": rate(len(new[-per_slice:]) * batch, sum(new[-per_slice:])),
        "new, writer CPU": rate(len(pages), new_cpu),
        "unchanged": rate(len(pages), sum(unchanged)),
        "changed": rate(len(revised), sum(changed)),
        "changed, wr. CPU": rate(len(revised), changed_cpu),
    }
    return rates, counts, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument(
        "--batch",
        type=int,
        default=MEDSCRAPE_BATCH_SIZE,
        help="pages a transaction (default: the crawl's MEDSCRAPE_BATCH_SIZE)",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", help="where the temp database goes (default: the system's)")
    args = parser.parse_args()
    pages = synthetic_pages(args.pages)
    revised = synthetic_pages(args.pages, revision=1)
    # The 2 x N Page objects built here would make every garbage collection walk them, where
    # a crawler holds one batch at a time; freezing them keeps the figure about the store.
    gc.collect()
    gc.freeze()
    results: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        rates, counts, size = one_round(pages, revised, args.batch, args.dir)
        for name, value in rates.items():
            results.setdefault(name, []).append(value)
    print(
        f"{args.pages} pages x {args.rounds} rounds, batches of {args.batch}, temp-file db "
        f"(WAL, FTS5 porter on sections and subsections), {size:.0f} MB; "
        f"{counts['sections']} sections, {counts['subsections']} subsections, "
        f"{counts['related_articles']} related rows"
    )
    for name, values in results.items():
        print(
            f"{name:16} {statistics.median(values):9.0f} pages/s  "
            f"(median; range {min(values):.0f}-{max(values):.0f}; target >= {TARGET})"
        )


if __name__ == "__main__":
    main()
