"""Real third-party pages (news and health articles): every one is rejected cleanly."""

from __future__ import annotations

import gzip
from pathlib import Path

from pipeline.parse import PageRejected, parse_page


def realworld_pages(shared: Path) -> list[Path]:
    root = shared / "realworld"
    return sorted(p for p in root.rglob("*") if p.name.endswith((".html", ".html.gz")))


def read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def test_every_real_page_is_rejected_with_a_reason(shared: Path) -> None:
    pages = realworld_pages(shared)
    assert len(pages) >= 190
    accepted, reasons = [], {}
    for path in pages:
        try:
            parse_page(read(path), f"https://realworld.test/{path.name}")
        except PageRejected as rejected:
            reasons[rejected.reason] = reasons.get(rejected.reason, 0) + 1
            assert str(rejected).strip() and "\n" not in str(rejected)
        else:
            accepted.append(path.name)
    assert accepted == [], f"accepted as drug-for-condition pages: {accepted}"
    assert sum(reasons.values()) == len(pages)
