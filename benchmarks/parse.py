"""Parse throughput: parse_page against a bare BeautifulSoup(html, "lxml") of the same bytes.

Both run in this process over the same corpus (the saved pages under tests/parse/fixtures, or the
folder given), interleaved round by round so machine noise hits both alike; medians are quoted.

    python benchmarks/parse.py [--rounds 7] [--dir tests/parse/fixtures]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from pipeline.parse import PageRejected, parse_page

#: The target from issue 2: parse_page costs at most this many bare soup parses.
TARGET_RATIO = 1.5


def load_corpus(root: Path) -> list[tuple[bytes, str, str | None]]:
    pages = []
    for folder in sorted(p for p in root.iterdir() if (p / "meta.json").is_file()):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("expect", "page") == "page":
            body = (folder / "input.html").read_bytes()
            pages.append((body, meta["url"], meta.get("content_type")))
    return pages


def bare_soup(body: bytes, url: str, content_type: str | None) -> None:
    BeautifulSoup(body, "lxml")


def full_parse(body: bytes, url: str, content_type: str | None) -> None:
    with contextlib.suppress(PageRejected):
        parse_page(body, url, content_type=content_type)


def timed(
    fn: Callable[[bytes, str, str | None], None],
    corpus: list[tuple[bytes, str, str | None]],
    repeat: int,
) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for page in corpus:
            fn(*page)
    return time.perf_counter() - start


def main() -> None:
    warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # the baseline reads XHTML too
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the corpus per round")
    parser.add_argument("--dir", type=Path, default=Path("tests/parse/fixtures"))
    args = parser.parse_args()
    corpus = load_corpus(args.dir)
    megabytes = sum(len(p[0]) for p in corpus) / 1e6
    pages = len(corpus) * args.repeat
    timed(full_parse, corpus, 1)  # warm caches and imports
    soup_times, full_times, ratios = [], [], []
    for _ in range(args.rounds):
        soup = timed(bare_soup, corpus, args.repeat)
        full = timed(full_parse, corpus, args.repeat)
        soup_times.append(soup)
        full_times.append(full)
        ratios.append(full / soup)
    soup_s, full_s = statistics.median(soup_times), statistics.median(full_times)
    ratio = statistics.median(ratios)
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
    print(f"peak RSS                        : {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
