"""`groundwork projections`: the read models' status, following the log, rebuilding them."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import TYPE_CHECKING, Annotated

import typer

from interface.cli.common import Database, add_group, open_groundwork, settings_for

if TYPE_CHECKING:
    from projections.follower import Follower


def register(cli: typer.Typer) -> None:
    add_group(
        cli,
        "projections",
        "Read models: their status, and rebuilding them from the log.",
        {"run": projections_run, "status": projections_status, "rebuild": projections_rebuild},
    )


def projections_run(database: Database = None) -> None:
    """Keep the views up to date and deliver webhooks, until stopped (Ctrl-C or SIGTERM):
    beside servers started with `--no-follow` (GROUNDWORK_FOLLOW=false)."""
    from interface.api.app import SERVER_BATCH
    from interface.api.following import follow

    settings = settings_for(database)
    open_groundwork(settings).close()  # a store it cannot read is reported now
    typer.echo(f"Following {settings.store_name()} for the views and webhooks; Ctrl-C stops.")
    follow(
        settings.event_store_env(),
        server=None,
        batch_size=SERVER_BATCH,
        interval=0.2,
        webhook_retry_seconds=settings.webhook_retry_seconds,
    )


def projections_status(database: Database = None) -> None:
    """Each view's position in the log, and how far it lags behind."""
    from projections.follower import Follower, open_views

    app = open_groundwork(settings_for(database))
    follower = Follower(app, open_views(app))
    try:
        for status in follower.status():
            typer.echo(f"{status.name}: position {status.position}, {status.lag} behind the log")
    finally:
        follower.close()
        app.close()


def projections_rebuild(
    name: Annotated[str | None, typer.Argument(help="The view to rebuild (default: all).")] = None,
    database: Database = None,
) -> None:
    """Empty views and apply the whole log to them again, from the start."""
    from projections.follower import (
        REBUILD_BATCH,
        REBUILD_CHECKPOINT_PAGES,
        Follower,
        open_views,
    )

    settings = settings_for(database)
    app = open_groundwork(settings)
    # Larger batches than the server's: fewer commits, and nobody waits on a rebuild's reads.
    follower = Follower(
        app,
        open_views(app, bulk=True),
        batch_size=REBUILD_BATCH,
        checkpoint_pages=REBUILD_CHECKPOINT_PAGES,
    )
    try:
        names = [v.name for v in follower.views]
        if name is not None and name not in names:
            typer.echo(f"No view named {name!r}; the views are: {', '.join(names)}.", err=True)
            raise typer.Exit(code=2)
        _rebuild(follower, name, total=app.recorder.max_notification_id() or 0)
    finally:
        follower.close()
        app.close()
    if settings.database_url is None:
        with closing(sqlite3.connect(settings.views_path())) as db:  # give the log's space back
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if follower.failures:
        raise typer.Exit(code=1)


def _rebuild(follower: Follower, name: str | None, total: int) -> None:
    """Empties the view named (or every view) and applies the log to it up to `total`."""
    chosen = [v for v in follower.views if name is None or v.name == name]
    for view in chosen:
        view.reset()
    follower.forget_failures([v.name for v in chosen])  # a server's follower tries again
    follower.views = chosen  # the log is read and decoded once for all of them
    label = f"Rebuilding {name or 'every view'}"
    with typer.progressbar(length=total, label=label) as bar:
        # A server following the same views, or a lock, can make a round stop early.
        while any(v.position() < total and v.name not in follower.failures for v in chosen):
            follower.catch_up_all(progress=bar.update)
    for view in chosen:
        if view.name in follower.failures:
            typer.echo(f"{view.name}: stopped: {follower.failures[view.name]}", err=True)
        else:
            typer.echo(f"{view.name}: rebuilt up to position {view.position()}")
