"""``medscrape serve``: Datasette over a medscrape database, on 127.0.0.1 only.

The metadata is built from the models (:mod:`pipeline.publish.metadata`) and written to a
temporary YAML file for the server's lifetime; the record template and plugin ship beside this
module. The database is opened through the store first, so its migrations (the publishing
views among them) are applied before it is served.
"""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path
from typing import Any

import yaml

from pipeline.publish.metadata import build_metadata
from pipeline.store import Store

#: Datasette listens here only: a published copy is made with ``datasette publish`` instead.
HOST = "127.0.0.1"
DEFAULT_PORT = 8001
HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
PLUGINS = HERE / "plugins"


def database_name(db: Path) -> str:
    """The name Datasette serves a database file under: its file name without the suffix."""
    return db.stem


def metadata_yaml(db: Path) -> str:
    """The Datasette metadata for ``db`` as YAML (what ``--write-metadata`` saves)."""
    return str(yaml.safe_dump(build_metadata(database_name(db)), sort_keys=False, width=100))


def prepare_database(db: Path) -> None:
    """Apply the store's migrations (views included); raises StoreError on a bad database."""
    with Store(db):
        pass


def datasette_args(db: Path, metadata: Path, port: int) -> list[str]:
    """The ``datasette serve`` arguments: loopback host, metadata, template and plugins."""
    return [
        "serve",
        str(db),
        "--host",
        HOST,
        "--port",
        str(port),
        "--metadata",
        str(metadata),
        "--template-dir",
        str(TEMPLATES),
        "--plugins-dir",
        str(PLUGINS),
        "--setting",
        "facet_time_limit_ms",
        "1000",
    ]


class PortUnavailable(Exception):
    """The port cannot be listened on (taken, or not allowed)."""


def check_port(port: int) -> None:
    """Raise PortUnavailable if ``HOST:port`` cannot be bound now (0 always can), so a taken
    port is one line, not the server's start-up log and its error."""
    if port == 0:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server will: a port left in TIME_WAIT by a server just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as error:
            raise PortUnavailable(
                f"cannot serve on {HOST}:{port} ({error.strerror}); try --port 0"
            ) from None


def serve(db: Path, port: int = DEFAULT_PORT) -> None:
    """Serve ``db`` with Datasette on 127.0.0.1 until interrupted.

    Args:
        db: a medscrape database file (migrated first).
        port: the port (0: any free port; Datasette prints the one it took).

    Raises:
        PortUnavailable: the port is taken.
        StoreError: the database cannot be opened or migrated.
    """
    from datasette.cli import cli as datasette_cli

    check_port(port)
    prepare_database(db)
    with tempfile.TemporaryDirectory(prefix="medscrape-serve-") as folder:
        metadata = Path(folder) / "metadata.yml"
        metadata.write_text(metadata_yaml(db), encoding="utf-8")
        args: list[Any] = datasette_args(db, metadata, port)
        datasette_cli.main(args=args, prog_name="datasette", standalone_mode=True)
