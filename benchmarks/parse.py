"""Parse throughput: parse_page against a bare BeautifulSoup(html, "lxml") of the same bytes,
and the normalization stage (canonical names, codes, side effects, validation) against parse_page.

All run in this process over the same corpus (the saved pages under tests/parse/fixtures, or the
folder given), interleaved round by round so machine noise hits each alike; medians are quoted.

    python benchmarks/parse.py [--rounds 7] [--dir tests/parse/fixtures]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import resource
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from pipeline.outcome import parse_outcome
from pipeline.parse import PageRejected, parse_page

#: The target from issue 2: parse_page costs at most this many bare soup parses.
TARGET_RATIO = 1.5
#: The target from issue 4: normalization and vocabulary lookups add at most 25% to parse_page.
TARGET_NORMALIZE = 1.25


def load_corpus(root: Path) -> list[tuple[bytes, str, str | None]]:
    pages = []
    for folder in sorted(p for p in root.iterdir() if (p / "meta.json").is_file()):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("expect", "page") == "page":
            body = (folder / "input.html").read_bytes()
            pages.append((body, meta["url"], meta.get("content_type")))
    return pages


def with_a_baseline(
    corpus: list[tuple[bytes, str, str | None]],
) -> tuple[list[tuple[bytes, str, str | None]], int]:
    """The pages the bare soup parse really parses, and how many it builds no tree from (on
    this machine, bs4 4.x with lxml returns an empty soup for some pages whose <meta
    http-equiv> names a charset; parse_page decodes first and reads them whole)."""
    kept = [page for page in corpus if BeautifulSoup(page[0], "lxml").find() is not None]
    return kept, len(corpus) - len(kept)


def bare_soup(body: bytes, url: str, content_type: str | None) -> None:
    BeautifulSoup(body, "lxml")


def full_parse(body: bytes, url: str, content_type: str | None) -> None:
    with contextlib.suppress(PageRejected):
        parse_page(body, url, content_type=content_type)


def all_stages(body: bytes, url: str, content_type: str | None) -> None:
    parse_outcome(body, url, content_type)  # parse, normalize, validate: the crawl's worker job


def timed_round(
    fns: list[Callable[[bytes, str, str | None], None]],
    corpus: list[tuple[bytes, str, str | None]],
    repeat: int,
) -> list[float]:
    """Seconds each function took over the corpus, page by page in turn: a noisy neighbour
    slows all of them alike instead of whichever happened to be running.

    Soup trees are cyclic, so the garbage collector frees them, whenever it next runs: inside
    whichever function is timed then. Each call's garbage is collected right after it, outside
    the clock, so no function pays for another's trees (the collector's own cost is left out
    of every figure alike)."""
    totals = [0.0] * len(fns)
    clock = time.perf_counter
    gc.disable()
    try:
        for _ in range(repeat):
            for page in corpus:
                for i, fn in enumerate(fns):
                    start = clock()
                    fn(*page)
                    totals[i] += clock() - start
                    gc.collect()
    finally:
        gc.enable()
    return totals


def main() -> None:
    warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # the baseline reads XHTML too
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the corpus per round")
    parser.add_argument("--dir", type=Path, default=Path("tests/parse/fixtures"))
    args = parser.parse_args()
    corpus, empty = with_a_baseline(load_corpus(args.dir))
    megabytes = sum(len(p[0]) for p in corpus) / 1e6
    pages = len(corpus) * args.repeat
    timed_round([all_stages], corpus, 1)  # warm caches and imports (the drug dictionary too)
    # What is loaded now (the dictionaries) lives for the whole run: out of the collector's
    # sight, or every per-call collection walks ~300 MB of it and a run takes minutes.
    gc.freeze()
    soup_times, full_times, stage_times, ratios, added = [], [], [], [], []
    for _ in range(args.rounds):
        gc.collect()
        soup, full, stages = timed_round([bare_soup, full_parse, all_stages], corpus, args.repeat)
        soup_times.append(soup)
        full_times.append(full)
        stage_times.append(stages)
        ratios.append(full / soup)
        added.append(stages / full)
    soup_s, full_s = statistics.median(soup_times), statistics.median(full_times)
    stages_s = statistics.median(stage_times)
    ratio, normalize = statistics.median(ratios), statistics.median(added)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"corpus: {len(corpus)} pages, {megabytes * 1000 / len(corpus):.1f} KB average, "
        f"{args.rounds} rounds x {args.repeat} passes"
    )
    print(
        f"bare BeautifulSoup(html, 'lxml'): {pages / soup_s:7.1f} pages/s "
        f"{megabytes * args.repeat / soup_s:6.2f} MB/s"
    )
    print(
        f"parse_page (full)               : {pages / full_s:7.1f} pages/s "
        f"{megabytes * args.repeat / full_s:6.2f} MB/s"
    )
    print(
        f"ratio parse_page / bare soup    : {ratio:.2f}x (median of per-round ratios; "
        f"range {min(ratios):.2f}-{max(ratios):.2f}; target <= {TARGET_RATIO}x)"
    )
    print(
        f"parse + normalize + validate     : {pages / stages_s:7.1f} pages/s "
        f"{megabytes * args.repeat / stages_s:6.2f} MB/s"
    )
    print(
        f"ratio all stages / parse_page    : {normalize:.2f}x (median; range "
        f"{min(added):.2f}-{max(added):.2f}; target <= {TARGET_NORMALIZE}x)"
    )
    print(f"peak RSS                        : {peak_mb:.0f} MB")
    if empty:
        print(
            f"left out: {empty} pages from which the bare BeautifulSoup(bytes, 'lxml') builds no "
            "tree at all (each declares its charset in a <meta http-equiv>): timing an empty "
            "parse is no baseline"
        )


if __name__ == "__main__":
    main()
