"""``medscrape serve-demo``: build the sample site if needed and serve it on 127.0.0.1."""

from __future__ import annotations

import contextlib
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import click

from pipeline.demo.faults import FaultKind, FaultPlan, parse_assignment, parse_kinds
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
@click.option(
    "--faults",
    "rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of paths that fail (0-1), picked by --fault-seed.",
)
@click.option(
    "--fault-seed", type=int, default=0, show_default=True, help="Seed of the fault picks."
)
@click.option(
    "--fault-kinds",
    "kinds",
    default=None,
    metavar="KIND,KIND",
    help="Fault kinds --faults chooses from (default: all): "
    + ", ".join(k.value for k in FaultKind),
)
@click.option(
    "--fault",
    "assignments",
    multiple=True,
    metavar="PATH=KIND",
    help="Inject KIND at PATH (repeatable), e.g. /robots.txt=robots-disallow.",
)
def serve_demo(
    directory: Path | None,
    port: int,
    pages: int,
    seed: int,
    rate: float,
    fault_seed: int,
    kinds: str | None,
    assignments: tuple[str, ...],
) -> None:
    """Serve the offline sample site (a meds.is-like site) on 127.0.0.1 until Ctrl-C.

    Prints the site's base URL on stdout once it is serving; the rest goes to stderr. With
    --faults or --fault it breaks paths on purpose (see pipeline/demo/faults.py); by default
    nothing is broken.
    """
    plan = _fault_plan(rate, fault_seed, kinds, assignments)
    with contextlib.ExitStack() as stack:
        if directory is None:
            temporary = stack.enter_context(tempfile.TemporaryDirectory(prefix="medscrape-demo-"))
            directory = Path(temporary)
        try:
            manifest = ensure_site(directory, pages=pages, seed=seed)
        except (ValueError, FileExistsError) as error:
            raise click.UsageError(str(error)) from error
        try:
            server = stack.enter_context(serve(directory, port=port, faults=plan))
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
        if plan is not None:
            click.echo(
                f"  faults: {rate:.0%} of paths (seed {fault_seed}, {len(plan.kinds)} kinds), "
                f"{len(plan.faults)} by path",
                err=True,
            )
        click.echo(server.url)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
        click.echo("stopped", err=True)


def _fault_plan(
    rate: float, seed: int, kinds: str | None, assignments: tuple[str, ...]
) -> FaultPlan | None:
    """The plan the fault options describe, or None for none; bad values are usage errors."""
    try:
        chosen = parse_kinds(kinds) if kinds is not None else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--fault-kinds") from None
    try:
        faults = dict(parse_assignment(text) for text in assignments)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--fault") from None
    plan = FaultPlan.random(rate, seed, chosen).with_faults(faults)
    return plan if plan.active else None


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
