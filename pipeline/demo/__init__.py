"""The offline sample site: a generator of meds.is-like static pages and a local server for them.

manifest = build_site(root)            # deterministic: same arguments, same bytes
with serve(root) as server:            # http://127.0.0.1:<free port>
    ...                                # crawl server.url; check against manifest
"""

from pipeline.demo.server import DemoServer, serve
from pipeline.demo.site import BadPage, Manifest, PageEntry, build_site, ensure_site

__all__ = ["BadPage", "DemoServer", "Manifest", "PageEntry", "build_site", "ensure_site", "serve"]
