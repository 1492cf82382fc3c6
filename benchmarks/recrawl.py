"""A first crawl against an unchanged re-crawl of the same sample sites: time, requests, bytes.

Both crawls run as `medscrape crawl` would (a real Scrapy process, the full pipeline, the same
database), one after the other in this script's run, against sample sites served on 127.0.0.1.
The re-crawl's figures are quoted as a share of the first crawl's.

    python benchmarks/recrawl.py [--pages 2000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from pipeline.demo import build_site, serve

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
    stats = result.stats
    return {
        "wall": time.perf_counter() - started,
        "requests": stats.get("downloader/request_count", 0),
        "bytes": stats.get("downloader/response_bytes", 0),
        "status_200": stats.get("downloader/response_status_count/200", 0),
        "status_304": stats.get("downloader/response_status_count/304", 0),
        "finish_reason": result.finish_reason,
    }


def crawl(start_url: str, db: Path) -> dict[str, Any]:
    spec = {"start_url": start_url, "settings": {"MEDSCRAPE_DB": str(db)}}
    done = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    sites = -(-args.pages // PAGES_PER_SITE)
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        root = Path(tmp)
        servers = []
        for number in range(sites):
            pages = min(PAGES_PER_SITE, args.pages - number * PAGES_PER_SITE)
            build_site(root / f"site{number}", drugs=44, conditions=44, pages=pages, seed=number)
            servers.append(stack.enter_context(serve(root / f"site{number}")))
        start_url = ",".join(f"{s.url}/en/conditions/" for s in servers)
        db = root / "medscrape.db"
        first = crawl(start_url, db)
        again = crawl(start_url, db)
    print(f"{args.pages} pages over {sites} sample site(s) on 127.0.0.1, one database")
    for name, run in (("first crawl", first), ("unchanged re-crawl", again)):
        print(
            f"  {name:<19} {run['wall']:6.1f} s  {run['requests']:6} requests "
            f"({run['status_200']} x 200, {run['status_304']} x 304)  "
            f"{run['bytes'] / 1e6:7.2f} MB received  [{run['finish_reason']}]"
        )
    time_share = again["wall"] / first["wall"]
    byte_share = again["bytes"] / first["bytes"]
    print(f"  re-crawl time : {time_share:6.1%} of the first (target <= {TARGET_TIME:.0%})")
    print(f"  re-crawl bytes: {byte_share:6.1%} of the first (target <= {TARGET_BYTES:.0%})")


if __name__ == "__main__":
    main()
