"""The `groundwork` command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interface.settings import Settings

cli = typer.Typer(
    help="Groundwork: an event-sourced tracker for community organising.",
    no_args_is_help=True,
    add_completion=False,
)


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    database: Annotated[Path | None, typer.Option(help="SQLite file of the event store.")] = None,
    sample_data: Annotated[
        bool | None,
        typer.Option(
            "--sample-data/--no-sample-data",
            help="Record the sample network if the database is empty.",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (default http://127.0.0.1:8000, docs at /docs)."""
    import uvicorn

    from interface.api.app import create_app

    overrides = {
        k: v
        for k, v in {
            "host": host,
            "port": port,
            "database": database,
            "sample_data": sample_data,
        }.items()
        if v is not None
    }
    settings = Settings(**overrides)  # type: ignore[arg-type]
    typer.echo(
        f"Groundwork on http://{settings.host}:{settings.port} "
        f"(database {settings.database}; API docs at /docs)"
    )
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


@cli.command()
def demo(
    database: Annotated[Path | None, typer.Option(help="SQLite file to record into.")] = None,
    force: Annotated[bool, typer.Option(help="Record even if the database is not empty.")] = False,
) -> None:
    """Record the sample network (a fictional international peer-support network)."""
    from domain.application import Groundwork
    from interface.sample import is_empty, record_sample_network

    settings = Settings(**({"database": database} if database else {}))  # type: ignore[arg-type]
    app = Groundwork(env=settings.event_store_env())
    try:
        if not is_empty(app) and not force:
            typer.echo(
                f"{settings.database} already holds events; nothing recorded "
                "(use --force to record the sample network again).",
                err=True,
            )
            raise typer.Exit(code=1)
        network_id = record_sample_network(app)
        typer.echo(
            f"Recorded the sample network {network_id} "
            f"({app.recorder.max_notification_id()} events) in {settings.database}."
        )
    finally:
        app.close()


def main() -> None:
    cli()
