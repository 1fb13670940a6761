"""`groundwork demo`: the sample network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interface.cli.common import open_groundwork, settings_for


def register(cli: typer.Typer) -> None:
    cli.command()(demo)


def demo(
    database: Annotated[Path | None, typer.Option(help="SQLite file to record into.")] = None,
    force: Annotated[bool, typer.Option(help="Record even if the database is not empty.")] = False,
) -> None:
    """Record the sample network (a fictional international peer-support network)."""
    from interface.sample import is_empty, record_sample_network

    settings = settings_for(database)
    app = open_groundwork(settings)
    try:
        if not is_empty(app) and not force:
            typer.echo(
                f"{settings.store_name()} already holds events; nothing recorded "
                "(use --force to record the sample network again).",
                err=True,
            )
            raise typer.Exit(code=1)
        sample = record_sample_network(app)
        typer.echo(
            f"Recorded the sample network in {settings.store_name()} "
            f"({app.recorder.max_notification_id()} events): {sample}."
        )
    finally:
        app.close()
