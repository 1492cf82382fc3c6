"""Crawl throughput, memory and re-parse speed against the offline sample site on 127.0.0.1.

Builds the sample site scaled to N pages (one drug x condition table gives at most
44 x 44 - 3 = 1,933 pages, so larger N is split over several sites with different seeds, each
served on its own 127.0.0.1 port and all given to the spider as start URLs), then crawls it three
ways, each in its own subprocess so time, CPU and peak RSS are per crawl:

* bare:  the meds spider's discovery, each page answered with a one-key dict; no item pipeline;
* naive: the same, plus BeautifulSoup(response.body, "lxml") inline on the reactor thread;
* full:  the real meds spider and item pipeline (process-pool parse, validate, SQLite store).

Then a full crawl of a 1,000-page site (peak RSS against the N-page crawl), and
pipeline.reparse.reparse on the full crawl's database with 1 worker and with every core.
All crawls use the same loopback settings (no delays, 32 concurrent requests, robots.txt
obeyed). With --rounds > 1 the figures are medians (ratios: medians of per-round ratios).
Nothing here asserts: a missed target is printed as MISSED. The full crawl's child wraps
StorePipeline.flush with a timer (to report store time); nothing else is patched.

    python benchmarks/crawl.py [--pages 5000] [--rounds 1] [--small 1000]

Only light modules are imported at the top: the parse pool's spawned workers import this file.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: The same settings for every crawl: the loopback site needs no politeness delays.
LOOPBACK_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "MEDSCRAPE_HONOUR_CRAWL_DELAY": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "LOG_LEVEL": "WARNING",
    "ROBOTSTXT_OBEY": True,
    "MEDSCRAPE_PROGRESS": False,
}
#: The sample site's tables: every drug and every condition, for the most pages per site.
DRUGS, CONDITIONS = 44, 44
KINDS = ("bare", "naive", "full")
#: Targets from the issue.
TARGET_FULL_VS_NAIVE = 1.0
TARGET_RSS_GROWTH = 0.20
TARGET_REPARSE_SPEEDUP = 1.7


# --- the child processes ------------------------------------------------------------------------


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def child_crawl(spec: dict[str, Any]) -> dict[str, Any]:
    """One crawl in this process; returns its figures (printed as JSON for the parent)."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from pipeline.crawl import project_settings
    from pipeline.scrapy_pipelines import StorePipeline
    from spiders.meds import MedsSpider

    kind = spec["kind"]
    overrides = dict(LOOPBACK_SETTINGS)
    if kind == "full":
        overrides["MEDSCRAPE_DB"] = spec["db"]
        spider_cls: type[MedsSpider] = MedsSpider
    else:
        from bench_spiders import BareSpider, NaiveSpider

        overrides["ITEM_PIPELINES"] = {}
        spider_cls = BareSpider if kind == "bare" else NaiveSpider

    # Measurement only: how long the pipeline's store writes take and how big they are.
    flushes: list[tuple[int, float]] = []
    original_flush = StorePipeline.flush

    def timed_flush(self: StorePipeline) -> None:
        buffered = len(self.pages)
        start = time.perf_counter()
        original_flush(self)
        if buffered:
            flushes.append((buffered, time.perf_counter() - start))

    StorePipeline.flush = timed_flush  # type: ignore[method-assign]

    marks: dict[str, float] = {}

    def opened(spider: Any) -> None:
        marks["open"] = time.perf_counter()
        marks["open_thread_cpu"] = time.thread_time()
        marks["open_cpu"] = _cpu(resource.getrusage(resource.RUSAGE_SELF))

    def idle(spider: Any) -> None:
        marks["idle"] = time.perf_counter()  # the last one: nothing left to fetch or process

    def stopped() -> None:
        marks["stop"] = time.perf_counter()
        marks["stop_thread_cpu"] = time.thread_time()  # the reactor runs on this thread

    process = CrawlerProcess(project_settings(overrides))
    crawler = process.create_crawler(spider_cls)
    for handler, signal in (
        (opened, signals.spider_opened),
        (idle, signals.spider_idle),
        (stopped, signals.engine_stopped),
    ):
        crawler.signals.connect(handler, signal=signal)
    process.crawl(crawler, start_url=spec["start_url"])
    process.start()

    stats = crawler.stats.get_stats() if crawler.stats else {}
    me = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    if kind == "full":
        keys = ("pages_stored", "pages_unchanged", "pages_rejected")
        pages = sum(int(stats.get(f"medscrape/{k}", 0)) for k in keys)
    else:
        pages = int(stats.get("bench/pages", 0))
    wall = marks["stop"] - marks["open"]
    return {
        "kind": kind,
        "finish_reason": stats.get("finish_reason"),
        "pages": pages,
        "stored": int(stats.get("medscrape/pages_stored", 0)),
        "rejected": int(stats.get("medscrape/pages_rejected", 0)),
        "responses": int(stats.get("response_received_count", 0)),
        "mb_downloaded": stats.get("downloader/response_bytes", 0) / 1e6,
        "wall": wall,
        "close": marks["stop"] - marks.get("idle", marks["stop"]),
        "reactor_cpu": marks["stop_thread_cpu"] - marks["open_thread_cpu"],
        "process_cpu": _cpu(me) - marks["open_cpu"],
        "workers_cpu": _cpu(workers),
        "rss_mb": me.ru_maxrss / 1024,
        "workers_rss_mb": workers.ru_maxrss / 1024,
        "flushes": flushes,
    }


def child_reparse(spec: dict[str, Any]) -> dict[str, Any]:
    from pipeline.reparse import reparse
    from pipeline.store import Store

    with Store(spec["db"]) as store:
        start = time.perf_counter()
        result = reparse(store, workers=spec["workers"])
        seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "workers": spec["workers"],
        "pages": result.saved.total + result.rejected,
        "seconds": seconds,
        "main_cpu": _cpu(usage),
        "workers_cpu": _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)),
    }


def run_child(spec: dict[str, Any]) -> dict[str, Any]:
    """Run a child of this script; adds the parent's (the servers') CPU seconds meanwhile."""
    before = _cpu(resource.getrusage(resource.RUSAGE_SELF))
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"child {spec} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["server_cpu"] = _cpu(resource.getrusage(resource.RUSAGE_SELF)) - before
    figures["log_lines"] = len(done.stderr.splitlines())
    return figures


# --- the sample sites ---------------------------------------------------------------------------


def site_sizes(pages: int) -> list[int]:
    """Pages per site: as few sites as the tables allow, sizes as even as possible."""
    most = DRUGS * CONDITIONS - 3
    count = math.ceil(pages / most)
    return [pages // count + (1 if i < pages % count else 0) for i in range(count)]


@contextmanager
def sample_sites(pages: int, workdir: Path) -> Iterator[tuple[str, int, list[int]]]:
    """Build and serve the sites; yields (start_url, pages the spider should fetch, sizes)."""
    from pipeline.demo.server import serve
    from pipeline.demo.site import build_site

    sizes = site_sizes(pages)
    with ExitStack() as stack:
        urls, expected = [], 0
        for seed, size in enumerate(sizes):
            root = workdir / f"site-{pages}-{seed}"
            manifest = build_site(root, drugs=DRUGS, conditions=CONDITIONS, pages=size, seed=seed)
            # Page-pattern URLs that answer 200: the good pages, the soft 404, the broken page.
            expected += manifest.counts["pages"] + 2
            server = stack.enter_context(serve(root))
            urls.append(f"{server.url}/en/conditions/")
        yield ",".join(urls), expected, sizes


# --- the parent ---------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def crawl_line(name: str, runs: list[dict[str, Any]], expected: int) -> str:
    pages = int(median([r["pages"] for r in runs]))
    wall = median([r["wall"] for r in runs])
    rate = median([r["pages"] / r["wall"] for r in runs])
    short = "" if pages >= expected else f"  (SHORT: expected {expected})"
    reasons = {r.get("finish_reason") for r in runs if r.get("finish_reason") != "finished"}
    if reasons:
        short += f"  (finish reason {', '.join(sorted(map(str, reasons)))})"
    return (
        f"  {name:6} {pages:6d} pages {wall:7.1f} s {rate:7.1f} pages/s "
        f"peak RSS {median([r['rss_mb'] for r in runs]):6.0f} MB{short}"
    )


def cpu_line(name: str, runs: list[dict[str, Any]]) -> str:
    wall = median([r["wall"] for r in runs])
    reactor = median([r["reactor_cpu"] for r in runs])
    process = median([r["process_cpu"] for r in runs])
    workers = median([r["workers_cpu"] for r in runs])
    server = median([r["server_cpu"] for r in runs])
    return (
        f"  {name:6} reactor thread {reactor:6.1f} s ({reactor / wall:4.0%} of wall), "
        f"crawler process {process:6.1f} s, parse workers {workers:6.1f} s, "
        f"server {server:5.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="drug pages to crawl (N)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat everything; medians")
    parser.add_argument("--small", type=int, default=1000, help="pages of the RSS baseline")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        figures = child_reparse(spec) if spec["kind"] == "reparse" else child_crawl(spec)
        print(json.dumps(figures))
        return
    if args.pages < 10 or args.rounds < 1:
        parser.error("--pages must be at least 10 and --rounds at least 1")
    small = args.small if args.small < args.pages else max(1, args.pages // 5)
    cores = os.cpu_count() or 1
    began = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="medscrape-bench-") as tmp:
        work = Path(tmp)
        crawls: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
        smalls: list[dict[str, Any]] = []
        reparses: dict[int, list[dict[str, Any]]] = {1: [], cores: []}
        full_db = work / "full-0.db"

        built = time.perf_counter()
        with sample_sites(args.pages, work) as (start_url, expected, sizes):
            build_s = time.perf_counter() - built
            print(
                f"site: {args.pages} pages over {len(sizes)} sample site(s) of {sizes} pages "
                f"(tables {DRUGS} drugs x {CONDITIONS} conditions), built in {build_s:.1f} s; "
                f"{expected} page-pattern URLs answer 200",
                flush=True,
            )
            for round_no in range(args.rounds):
                order = KINDS[round_no % 3 :] + KINDS[: round_no % 3]  # spread drift over kinds
                for kind in order:
                    db = work / f"full-{round_no}.db"
                    spec = {"kind": kind, "start_url": start_url, "db": str(db)}
                    figures = run_child(spec)
                    crawls[kind].append(figures)
                    print(
                        f"  round {round_no + 1} {kind:5}: {figures['pages']} pages in "
                        f"{figures['wall']:.1f} s, peak RSS {figures['rss_mb']:.0f} MB",
                        flush=True,
                    )

        with sample_sites(small, work) as (small_url, small_expected, _):
            for round_no in range(args.rounds):
                db = work / f"small-{round_no}.db"
                figures = run_child({"kind": "full", "start_url": small_url, "db": str(db)})
                smalls.append(figures)
                print(
                    f"  round {round_no + 1} full at {small}: {figures['pages']} pages in "
                    f"{figures['wall']:.1f} s, peak RSS {figures['rss_mb']:.0f} MB",
                    flush=True,
                )

        import sqlite3

        for round_no in range(args.rounds):
            counts = (1, cores) if round_no % 2 == 0 else (cores, 1)
            for workers in counts:
                copy = work / f"reparse-{round_no}-{workers}.db"
                with sqlite3.connect(full_db) as src, sqlite3.connect(copy) as dst:
                    src.backup(dst)
                figures = run_child({"kind": "reparse", "db": str(copy), "workers": workers})
                reparses[workers].append(figures)
                copy.unlink()
                print(
                    f"  round {round_no + 1} reparse, {workers} worker(s): {figures['pages']} "
                    f"pages in {figures['seconds']:.1f} s",
                    flush=True,
                )

    report(args.pages, small, expected, small_expected, cores, crawls, smalls, reparses)
    print(f"\ntotal benchmark time {time.perf_counter() - began:.0f} s")


def report(
    pages: int,
    small: int,
    expected: int,
    small_expected: int,
    cores: int,
    crawls: dict[str, list[dict[str, Any]]],
    smalls: list[dict[str, Any]],
    reparses: dict[int, list[dict[str, Any]]],
) -> None:
    rounds = len(crawls["full"])
    print(f"\n== crawl of {pages} pages, {rounds} round(s), {cores} cores ==")
    for kind in KINDS:
        print(crawl_line(kind, crawls[kind], expected))

    def per_round(a: str, b: str) -> list[float]:
        return [
            (x["pages"] / x["wall"]) / (y["pages"] / y["wall"])
            for x, y in zip(crawls[a], crawls[b], strict=True)
        ]

    full_vs_naive = median(per_round("full", "naive"))
    bare_vs_naive = median(per_round("bare", "naive"))
    print(f"  speed full / naive: {full_vs_naive:.2f}x   bare / naive: {bare_vs_naive:.2f}x")

    print("\n== where the time goes (CPU seconds during the crawl; medians) ==")
    for kind in KINDS:
        print(cpu_line(kind, crawls[kind]))
    full = crawls["full"]
    flush_counts = [len(r["flushes"]) for r in full]
    biggest = [max((n for n, _ in r["flushes"]), default=0) for r in full]
    flush_s = [sum(s for _, s in r["flushes"]) for r in full]
    print(
        f"  full: {median(flush_counts):.0f} store flush(es), largest {median(biggest):.0f} "
        f"pages, {median(flush_s):.1f} s writing; "
        f"{median([r['close'] for r in full]):.1f} s from the last idle to engine stop; "
        f"parse-worker peak RSS {median([r['workers_rss_mb'] for r in full]):.0f} MB; "
        f"{median([r['stored'] for r in full]):.0f} stored, "
        f"{median([r['rejected'] for r in full]):.0f} rejected"
    )

    rss_small = median([r["rss_mb"] for r in smalls])
    rss_big = median([r["rss_mb"] for r in full])
    growth = rss_big / rss_small - 1
    print("\n== peak RSS of the full crawl (crawler process; medians) ==")
    print(crawl_line(f"{small}", smalls, small_expected))
    print(crawl_line(f"{pages}", full, expected))
    print(f"  {pages} vs {small} pages: {rss_big:.0f} / {rss_small:.0f} MB = {growth:+.0%}")

    one = reparses[1]
    many = reparses[cores]
    rate_one = median([r["pages"] / r["seconds"] for r in one])
    rate_many = median([r["pages"] / r["seconds"] for r in many])
    speedup = median(
        [
            (m["pages"] / m["seconds"]) / (o["pages"] / o["seconds"])
            for o, m in zip(one, many, strict=True)
        ]
    )
    print(f"\n== reparse of the full crawl's database ({int(one[0]['pages'])} pages) ==")
    for name, runs, rate in (("1 worker", one, rate_one), (f"{cores} workers", many, rate_many)):
        print(
            f"  {name:10} {median([r['seconds'] for r in runs]):6.1f} s {rate:7.1f} pages/s "
            f"(main process {median([r['main_cpu'] for r in runs]):.1f} s CPU, workers "
            f"{median([r['workers_cpu'] for r in runs]):.1f} s CPU)"
        )
    print(f"  speedup: {speedup:.2f}x")

    rate = {k: median([r["pages"] / r["wall"] for r in crawls[k]]) for k in KINDS}
    rows = [
        (f"bare crawl, pages/s ({pages} pages)", f"{rate['bare']:.1f}", "", ""),
        ("naive crawl (inline soup), pages/s", f"{rate['naive']:.1f}", "", ""),
        ("full crawl (pool+store), pages/s", f"{rate['full']:.1f}", "", ""),
        (
            "full / naive",
            f"{full_vs_naive:.3f}x",
            f">= {TARGET_FULL_VS_NAIVE:.1f}x",
            verdict(full_vs_naive >= TARGET_FULL_VS_NAIVE),
        ),
        ("bare / naive", f"{bare_vs_naive:.2f}x", "", ""),
        (
            f"peak RSS full, {small} -> {pages} pages",
            f"{rss_small:.0f} -> {rss_big:.0f} MB ({growth:+.0%})",
            f"within {TARGET_RSS_GROWTH:.0%}",
            verdict(abs(growth) <= TARGET_RSS_GROWTH),
        ),
        ("reparse 1 worker, pages/s", f"{rate_one:.1f}", "", ""),
        (f"reparse {cores} workers, pages/s", f"{rate_many:.1f}", "", ""),
        (
            f"reparse speedup ({cores} vs 1 worker)",
            f"{speedup:.3f}x",
            f">= {TARGET_REPARSE_SPEEDUP}x on 2 cores",
            verdict(speedup >= TARGET_REPARSE_SPEEDUP)
            + ("" if cores == 2 else f" ({cores} cores here)"),
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print(f"\n== summary ({rounds} round(s); medians, ratios are medians of per-round ratios) ==")
    for row in rows:
        print(f"  {row[0]:{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:{widths[2]}}  {row[3]}")


if __name__ == "__main__":
    main()
