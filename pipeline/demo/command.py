"""``medscrape serve-demo``: build the sample site if needed and serve it on 127.0.0.1."""

from __future__ import annotations

import contextlib
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import click

from pipeline.demo.server import serve
from pipeline.demo.site import SITEMAP_INDEX, ensure_site


@click.command("serve-demo")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the site's files go (kept and reused). Default: a temporary folder.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port on 127.0.0.1; 0 picks a free one.",
)
@click.option(
    "--pages",
    type=click.IntRange(1),
    default=420,
    show_default=True,
    help="Drug-for-condition pages to generate.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the generator.")
def serve_demo(directory: Path | None, port: int, pages: int, seed: int) -> None:
    """Serve the offline sample site (a meds.is-like site) on 127.0.0.1 until Ctrl-C.

    Prints the site's base URL on stdout once it is serving; the rest goes to stderr.
    """
    with contextlib.ExitStack() as stack:
        if directory is None:
            temporary = stack.enter_context(tempfile.TemporaryDirectory(prefix="medscrape-demo-"))
            directory = Path(temporary)
        try:
            manifest = ensure_site(directory, pages=pages, seed=seed)
        except (ValueError, FileExistsError) as error:
            raise click.UsageError(str(error)) from error
        try:
            server = stack.enter_context(serve(directory, port=port))
        except OSError as error:
            raise click.ClickException(f"cannot serve on 127.0.0.1:{port}: {error}") from error
        stop = stack.enter_context(_stop_on_sigterm())
        counts = manifest.counts
        click.echo(
            f"serving {counts['pages']} pages ({counts['drugs']} drugs, "
            f"{counts['conditions']} conditions) from {directory}\n"
            f"  start: {server.url}/en/conditions/   sitemap: {server.url}{SITEMAP_INDEX}\n"
            "  press Ctrl-C to stop",
            err=True,
        )
        click.echo(server.url)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
        click.echo("stopped", err=True)


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[threading.Event]:
    """An event that SIGTERM sets (Ctrl-C raises KeyboardInterrupt as usual)."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        yield stop
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    serve_demo()
