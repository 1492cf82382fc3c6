"""The sample site a crawl test module runs against: built once a module, served on 127.0.0.1
(a module that changes it restores it, or leaves it changed only for itself). Import the two
fixtures into a conftest or a test module to use them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.demo import DemoServer, Manifest, build_site, serve


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    root = tmp_path_factory.mktemp("sample") / "site"
    return root, build_site(root)


@pytest.fixture(scope="module")
def server(site: tuple[Path, Manifest]) -> Iterator[DemoServer]:
    with serve(site[0]) as running:
        yield running
