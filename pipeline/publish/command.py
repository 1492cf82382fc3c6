"""``medscrape serve``: the click command (errors become one line through the CLI's main)."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.publish.serve import DEFAULT_PORT, HOST, PortUnavailable, metadata_yaml, serve


@click.command("serve")
@click.argument(
    "db", type=click.Path(dir_okay=False, path_type=Path), default=Path("output/medscrape.db")
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help=f"Port on {HOST} (0: any free port).",
)
@click.option(
    "--write-metadata",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the Datasette metadata (YAML) to this file and exit (for datasette publish).",
)
def serve_command(db: Path, port: int, write_metadata: Path | None) -> None:
    """Browse and query DB with Datasette on 127.0.0.1: full-text search, facets, canned
    queries, a readable page for each record and a JSON API.

    Table and column descriptions come from the record models. Stop it with Ctrl-C.
    """
    from pipeline.files import BadFile, existing_database
    from pipeline.store import StoreError

    try:
        existing_database(db)
    except BadFile as error:
        raise click.BadParameter(str(error), param_hint="DB") from None
    if write_metadata is not None:
        try:
            write_metadata.write_text(metadata_yaml(db), encoding="utf-8")
        except OSError as error:
            raise click.UsageError(f"cannot write {write_metadata}: {error.strerror}") from None
        click.echo(f"wrote {write_metadata}", err=True)
        return
    try:
        serve(db, port)
    except (StoreError, PortUnavailable) as error:
        raise click.UsageError(str(error)) from None
