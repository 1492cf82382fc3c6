"""A first crawl against an unchanged re-crawl of the same sample sites: time, requests, bytes.

Both crawls run as `medscrape crawl` would (a real Scrapy process, the full pipeline, the same
database), one after the other in this script's run, against sample sites served on 127.0.0.1.
The re-crawl's figures are quoted as a share of the first crawl's.

The floor is what the re-crawl cannot go below without skipping requests: a bare Scrapy process
(no spider logic, no item pipeline, no database) that sends the very requests the re-crawl sent,
the conditional ones with the same validators so the site answers the same statuses, and throws
the answers away. Each round is a fresh database: first crawl, re-crawl, floor; the figures are
medians over the rounds.

    python benchmarks/recrawl.py [--pages 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import scrapy
from sqlite_utils import Database

from pipeline.demo import DemoServer, build_site, serve

#: Targets from issue 5: an unchanged re-crawl takes at most these shares of the first crawl.
TARGET_TIME = 0.20
TARGET_BYTES = 0.05
#: One sample site holds at most this many pages (its drug x condition tables).
PAGES_PER_SITE = 1000
#: The loopback sites need no politeness delays; live sites keep the defaults.
LOOPBACK = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "MEDSCRAPE_HONOUR_CRAWL_DELAY": False,
    "LOG_LEVEL": "WARNING",
}


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """In a fresh process: one crawl; its wall time and Scrapy's downloader stats."""
    from pipeline.crawl import run_crawl

    started = time.perf_counter()
    result = run_crawl("meds", {"start_url": spec["start_url"]}, {**LOOPBACK, **spec["settings"]})
    return _figures(time.perf_counter() - started, result.stats, result.finish_reason)


class Replay(scrapy.Spider):
    """The floor: send the given requests, keep nothing."""

    name = "replay"

    def __init__(self, requests: list[tuple[str, dict[str, str]]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.planned = requests

    async def start(self) -> Any:
        for url, headers in self.planned:
            yield scrapy.Request(url, self.discard, headers=headers, dont_filter=True)

    def discard(self, response: scrapy.http.Response) -> None:
        return None


def floor_child(spec: dict[str, Any]) -> dict[str, Any]:
    """In a fresh process: the re-crawl's requests from a bare spider, answers discarded."""
    from scrapy.crawler import CrawlerProcess

    from pipeline.crawl import project_settings

    bare = {
        **LOOPBACK,
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {},
        "ROBOTSTXT_OBEY": False,  # robots.txt is among the requests, as often as the re-crawl's
        "REDIRECT_ENABLED": False,  # so are the redirects' targets
        "RETRY_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True,
        # The replay has no start URL whose host the safety middleware would trust.
        "MEDSCRAPE_ALLOWED_HOSTS": "127.0.0.1",
    }
    started = time.perf_counter()
    process = CrawlerProcess(project_settings(bare))
    crawler = process.create_crawler(Replay)
    process.crawl(crawler, requests=[tuple(r) for r in spec["requests"]])
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return _figures(time.perf_counter() - started, stats, str(stats.get("finish_reason")))


def _figures(wall: float, stats: dict[str, Any], reason: str) -> dict[str, Any]:
    return {
        "wall": wall,
        "requests": stats.get("downloader/request_count", 0),
        "bytes": stats.get("downloader/response_bytes", 0),
        "status_200": stats.get("downloader/response_status_count/200", 0),
        "status_304": stats.get("downloader/response_status_count/304", 0),
        "finish_reason": reason,
    }


def in_child(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(  # the spec on stdin: the floor's requests outgrow an argument list
        [sys.executable, __file__, f"--{kind}"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def crawl(start_url: str, db: Path) -> dict[str, Any]:
    return in_child("child", {"start_url": start_url, "settings": {"MEDSCRAPE_DB": str(db)}})


def replayed(servers: list[DemoServer], db: Path) -> list[tuple[str, dict[str, str]]]:
    """The requests the servers answered since their hits were cleared, each with the ETag the
    database holds for it where it was answered 304 (pages and listings alike)."""
    store = Database(db)
    etags = {
        url: etag
        for table in ("pages", "listings")
        for url, etag in store.execute(f"SELECT url, etag FROM {table}").fetchall()
    }
    requests = []
    for server in servers:
        for hit in server.hits:
            url = server.url_for(hit.path)
            conditional = hit.status == 304 and etags.get(url)
            requests.append((url, {"If-None-Match": etags[url]} if conditional else {}))
    return requests


def one_round(servers: list[DemoServer], db: Path) -> dict[str, dict[str, Any]]:
    """A fresh database: the first crawl, the unchanged re-crawl, then the re-crawl's floor."""
    start_url = ",".join(f"{s.url}/en/conditions/" for s in servers)
    first = crawl(start_url, db)
    for server in servers:
        server.clear_hits()
    again = crawl(start_url, db)
    floor = in_child("floor", {"requests": replayed(servers, db)})
    return {"first crawl": first, "unchanged re-crawl": again, "floor": floor}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child or args.floor:
        spec = json.loads(sys.stdin.read())
        print(json.dumps(child(spec) if args.child else floor_child(spec)))
        return
    sites = -(-args.pages // PAGES_PER_SITE)
    rounds = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        root = Path(tmp)
        servers = []
        for number in range(sites):
            pages = min(PAGES_PER_SITE, args.pages - number * PAGES_PER_SITE)
            build_site(root / f"site{number}", drugs=44, conditions=44, pages=pages, seed=number)
            servers.append(stack.enter_context(serve(root / f"site{number}")))
        for number in range(args.rounds):
            rounds.append(one_round(servers, root / f"round{number}.db"))
    report(args.pages, sites, rounds)


def report(pages: int, sites: int, rounds: list[dict[str, dict[str, Any]]]) -> None:
    print(
        f"{pages} pages over {sites} sample site(s) on 127.0.0.1; medians of {len(rounds)} rounds"
    )
    for name in rounds[0]:
        runs = [r[name] for r in rounds]
        print(
            f"  {name:<19} {_median(runs, 'wall'):6.2f} s  {_median(runs, 'requests'):6.0f} "
            f"requests ({_median(runs, 'status_200'):.0f} x 200, "
            f"{_median(runs, 'status_304'):.0f} x 304)  "
            f"{_median(runs, 'bytes') / 1e6:7.2f} MB received  "
            f"[{', '.join(sorted({r['finish_reason'] for r in runs}))}]"
        )
    time_share = statistics.median(_share(r, "unchanged re-crawl", "wall") for r in rounds)
    byte_share = statistics.median(_share(r, "unchanged re-crawl", "bytes") for r in rounds)
    floor_share = statistics.median(_share(r, "floor", "wall") for r in rounds)
    over_floor = statistics.median(
        r["unchanged re-crawl"]["wall"] / r["floor"]["wall"] for r in rounds
    )
    shares = ", ".join(f"{_share(r, 'unchanged re-crawl', 'wall'):.1%}" for r in rounds)
    print(
        f"  re-crawl time : {time_share:6.1%} of the first (target <= {TARGET_TIME:.0%}; {shares})"
    )
    print(f"  re-crawl bytes: {byte_share:6.1%} of the first (target <= {TARGET_BYTES:.0%})")
    print(f"  floor time    : {floor_share:6.1%} of the first; re-crawl / floor {over_floor:.2f}x")


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(run[key] for run in runs))


def _share(round_: dict[str, dict[str, Any]], name: str, key: str) -> float:
    return float(round_[name][key] / round_["first crawl"][key])


if __name__ == "__main__":
    main()
