"""The scheduling tests crawl the sample site (tests/sample_site.py)."""

from tests.sample_site import server, site

__all__ = ["server", "site"]
