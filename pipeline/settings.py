"""Scrapy settings for medscrape: polite by default. Each setting is documented in the README."""

from __future__ import annotations

import os

BOT_NAME = "medscrape"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy crawl` checks every setting before it starts, as `medscrape crawl` does.
COMMANDS_MODULE = "pipeline.scrapy_commands"

# Who we are: set MEDSCRAPE_CONTACT (an e-mail or URL) so site owners can reach you.
MEDSCRAPE_CONTACT = os.environ.get("MEDSCRAPE_CONTACT", "contact unset")
USER_AGENT = f"medscrape/0.1 (drug-page research crawler; +{MEDSCRAPE_CONTACT})"

# Politeness.
ROBOTSTXT_OBEY = True
MEDSCRAPE_HONOUR_CRAWL_DELAY = True  # robots.txt Crawl-delay becomes a per-site minimum delay
MEDSCRAPE_MAX_RETRY_AFTER = 600  # seconds: a longer Retry-After (or back-off) is capped at this
# 429/503 in a row from a site: pauses of at least 1, 2, 4… seconds (Retry-After if longer).
MEDSCRAPE_BACKOFF_BASE = 1.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Limits.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
# Sitemaps: bigger ones (the protocol's limit is 50 MB uncompressed) are recorded as bad_sitemap.
MEDSCRAPE_SITEMAP_MAXSIZE = 50 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
COOKIES_ENABLED = False
# A page response yields one item and a few requests: Scrapy's default of 100 concurrent items
# per response starts 100 asyncio tasks for each one (measured: ~30% of the crawler's CPU).
CONCURRENT_ITEMS = 8
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # Before OffsiteMiddleware (50) and robots.txt (100): no request leaves for a refused URL.
    "pipeline.safety.SafetyMiddleware": 40,
    # After RetryMiddleware (550) in process_response order, so it sees 429/503 first.
    "pipeline.politeness.PolitenessMiddleware": 560,
    # Redirects that say why they stop (loop, too many, off-site, refused address).
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "pipeline.safety.SafeRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "pipeline.safety.SafeMetaRefreshMiddleware": 580,
}
ITEM_PIPELINES = {"pipeline.scrapy_pipelines.StorePipeline": 300}

# medscrape's own.
MEDSCRAPE_DB = "output/medscrape.db"
MEDSCRAPE_BATCH_SIZE = 200  # pages written per transaction
MEDSCRAPE_PARSE_WORKERS = os.cpu_count() or 1  # processes parsing pages off the reactor thread
# Seconds one page's parse may take: past it the page is rejected (`parse_timeout`) and its worker
# process killed and replaced. 0: no limit (then a run's first pages are parsed inline). Pages
# parse in ~0.02 s; the slowest hostile page the fuzz tests made took ~3 s.
MEDSCRAPE_PARSE_TIMEOUT = 30.0
# Validation, per site: section kinds a page must have (else it goes to `rejects`), and the
# language the site writes in (a page declaring another is rejected); empty/None: no check.
# Re-crawls: a stored page seen less than this long ago is not requested ("7d", "12h"; "0": every
# page is asked again, conditionally). `medscrape crawl --recrawl-after 7d` sets it per run.
MEDSCRAPE_RECRAWL_AFTER = "0"
# Resuming: the id of the interrupted run to carry on (`medscrape crawl --resume` sets it to the
# latest interrupted crawl); its settled pages are not asked again. None: a normal run.
MEDSCRAPE_RESUME_FROM: int | None = None
# Pages a complete crawl found nowhere (no sitemap lists them, nothing links to them) are marked
# removed, unless they are more than this share of the stored pages (a broken sitemap, rather).
MEDSCRAPE_MAX_UNLISTED_SHARE = 0.5
MEDSCRAPE_REQUIRED_SECTIONS: list[str] = []
MEDSCRAPE_EXPECTED_LANG: str | None = None
# Run monitoring (pipeline/monitor.py): a crawl breaching one is marked failed in crawl_runs and
# `medscrape crawl` exits 3. Pages seen: stored or confirmed unchanged (304) by the run.
MEDSCRAPE_MIN_PAGES = 0  # pages the run must see; 0: off
MEDSCRAPE_MAX_REJECT_RATE = 0.5  # rejected ÷ (pages seen + rejected)
MEDSCRAPE_MAX_ERROR_RATE = 0.5  # fetch errors ÷ (pages seen + rejected + fetch errors)
MEDSCRAPE_MAX_PAGE_DROP = 0.5  # fall in pages seen since the previous successful crawl
# Per section kind, the least fraction of the pages seen having it: {"what_is": 0.95} or
# "what_is=0.95,side_effects=0.9"; empty: off.
MEDSCRAPE_MIN_COVERAGE: dict[str, float] = {}

# Security (pipeline/safety.py): hosts trusted beyond the crawl's start hosts, which may be
# private addresses too ("host1,host2"); resolve host names and refuse non-public addresses.
MEDSCRAPE_ALLOWED_HOSTS: list[str] = []
MEDSCRAPE_RESOLVE_CHECK = True

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

EXTENSIONS = {"pipeline.progress.Progress": 500}
MEDSCRAPE_PROGRESS = False  # `medscrape crawl` turns it on when stderr is a terminal
