"""The full fault mix: every fault kind the sample-site server offers, at once, seeded.

:func:`full_mix` is a :class:`~pipeline.demo.faults.FaultPlan` breaking a share of the site's
paths by a seeded rate over every kind, with the kinds the rate left out pinned to pages it left
alone, so that each kind occurs whatever the seed. The site-level kinds go to robots.txt and the
three sitemaps (rotated by the seed), which robots.txt lists all of (:func:`robots_listing_all`),
so each sitemap is asked for whatever happens to the index. The conditions index a crawl starts
from is served malformed, which keeps its links: a crawl of the mix still discovers the site.

The tests (``tests/spiders/test_fault_mix.py``) and ``benchmarks/faults.py`` crawl it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from pipeline.demo import DemoServer, serve
from pipeline.demo.faults import DISALLOWED_PREFIXES, HOP, LOOP, FaultKind, FaultPlan, Target
from pipeline.demo.server import Hit
from pipeline.demo.site import Manifest, robots_txt
from pipeline.demo.templates import BASE_URL

#: The share of paths the seeded rate breaks.
MIX_RATE = 0.25
START = "/en/conditions/"
SITEMAPS = ("/sitemap.xml", "/sitemap-pages-1.xml", "/sitemap-pages-2.xml.gz")
SITEMAP_KINDS = (FaultKind.SITEMAP_BOMB, FaultKind.SITEMAP_MALFORMED, FaultKind.SITEMAP_HUGE)
#: Sizes and times for a mix that runs in seconds: a crawl given DOWNLOAD_TIMEOUT below
#: ``slow_seconds``; bodies still far past the project's DOWNLOAD_MAXSIZE (10 MiB).
QUICK = {"retry_after": 1, "slow_seconds": 4.0}
#: Settings a crawl of the QUICK mix runs with: no politeness delays (the site is on
#: 127.0.0.1; live sites keep the defaults), the slow fault's body after the timeout, and the
#: huge sitemap (50 MiB) cut off at 1 MB.
CRAWL_SETTINGS: dict[str, object] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "MEDSCRAPE_HONOUR_CRAWL_DELAY": False,
    "LOG_LEVEL": "WARNING",
    "DOWNLOAD_TIMEOUT": 2,
    "MEDSCRAPE_SITEMAP_MAXSIZE": 1_000_000,
}


def full_mix(
    manifest: Manifest, seed: int, rate: float = MIX_RATE, **options: int | float
) -> FaultPlan:
    """Every fault kind on the sample site of ``manifest``, picked by ``seed``."""
    plan = FaultPlan.random(rate, seed, None, **options)
    pinned: dict[str, FaultKind] = {"/robots.txt": FaultKind.ROBOTS_DISALLOW}
    shift = seed % len(SITEMAPS)
    for number, path in enumerate(SITEMAPS):
        pinned[path] = SITEMAP_KINDS[(number + shift) % len(SITEMAP_KINDS)]
    pinned[START] = FaultKind.MALFORMED
    # Good pages robots.txt allows: linked from the index and each other, so crawled.
    pages = sorted(p for p in manifest.good_paths if not p.startswith(DISALLOWED_PREFIXES))
    placed = {plan.fault_for(path) for path in pages} - {None}
    spare = [p for p in pages if plan.fault_for(p) is None and p not in pinned]
    random.Random(seed).shuffle(spare)
    missing = [k for k in FaultKind if Target.PAGE in k.targets and k not in placed]
    if len(missing) > len(spare):
        raise ValueError(f"{len(pages)} pages are too few for every fault kind")
    pinned.update(zip(spare, missing, strict=False))
    return plan.with_faults(pinned)


@contextmanager
def serving_mix(root: Path, plan: FaultPlan) -> Iterator[DemoServer]:
    """The sample site in ``root`` served under ``plan``, its robots.txt listing every sitemap."""
    with serve(root, faults=plan) as server:
        server.replace("/robots.txt", robots_listing_all())
        yield server


def asked_urls(server: DemoServer, hits: Iterable[Hit]) -> set[str]:
    """The URLs the site was asked for, bar the hops of its redirect chains and loops."""
    urls = set()
    for hit in hits:
        query = parse_qs(urlsplit(hit.path).query)
        if HOP not in query and LOOP not in query:
            urls.add(server.url_for(hit.path))
    return urls


def robots_listing_all() -> str:
    """The sample site's robots.txt, listing every sitemap rather than the index alone."""
    lines = "".join(f"Sitemap: {BASE_URL}{path}\n" for path in SITEMAPS[1:])
    return robots_txt() + lines
