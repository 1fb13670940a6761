"""`groundwork serve`: the HTTP API and the web app."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from interface.cli.common import Database, load_settings, open_groundwork
from interface.settings import Settings


def register(cli: typer.Typer) -> None:
    cli.command()(serve)


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    database: Database = None,
    sample_data: Annotated[
        bool | None,
        typer.Option(
            "--sample-data/--no-sample-data",
            help="Record the sample network if the database is empty.",
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="API worker processes (default 1).")
    ] = None,
    follow: Annotated[
        bool | None,
        typer.Option(
            "--follow/--no-follow",
            help="Keep the views up to date and deliver webhooks (default); --no-follow when "
            "`groundwork projections run` does it.",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API and the web app (default http://127.0.0.1:8000, docs at /docs)."""
    given = {
        "host": host,
        "port": port,
        "database": database,
        "sample_data": sample_data,
        "workers": workers,
        "follow": follow,
    }
    settings = load_settings(**{k: v for k, v in given.items() if v is not None})
    open_groundwork(settings).close()  # a store it cannot read is reported before serving
    typer.echo(
        f"Groundwork on http://{settings.host}:{settings.port} "
        f"(database {settings.store_name()}; API docs at /docs; {settings.workers} worker"
        f"{'s' if settings.workers != 1 else ''})"
    )
    if settings.workers == 1:
        _serve_in_this_process(settings)
    else:
        _serve_in_workers(settings)


def _serve_in_this_process(settings: Settings) -> None:
    import uvicorn

    from interface.api.app import create_app
    from interface.serving import uvicorn_options

    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="info",
        **uvicorn_options(settings),
    )


def _serve_in_workers(settings: Settings) -> None:
    """Several workers: each builds its app from the environment. The sample is recorded
    once, here, and one follower here serves them all."""
    import uvicorn

    from interface.api.app import following_process, record_sample_if_empty
    from interface.serving import uvicorn_options

    if settings.sample_data:
        app = open_groundwork(settings)
        try:
            record_sample_if_empty(app, settings)
        finally:
            app.close()
    os.environ.update(
        {
            "GROUNDWORK_DATABASE": str(settings.database),
            "GROUNDWORK_KEY_STORE": str(settings.key_store_path()),
            "GROUNDWORK_VIEWS": str(settings.views_path()),
            "GROUNDWORK_SAMPLE_DATA": "false",
            "GROUNDWORK_FOLLOW": "false",
        }
    )
    following = following_process(settings) if settings.follow else None
    if following is not None:
        following.start()
    try:
        uvicorn.run(
            "interface.api.app:from_environment",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            log_level="info",
            **uvicorn_options(settings),
        )
    finally:
        if following is not None:
            following.stop()
