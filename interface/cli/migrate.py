"""`groundwork migrate`: every table Groundwork needs."""

from __future__ import annotations

import typer

from interface.cli.common import Database, open_groundwork, settings_for


def register(cli: typer.Typer) -> None:
    cli.command()(migrate)


def migrate(database: Database = None) -> None:
    """Create every table Groundwork needs: the event store's, the key store's, the views'
    and the webhook positions'. Safe to run again, and from two processes at once (servers
    also create what is missing when they start); a view whose layout changed is emptied,
    for its follower to rebuild from the log."""
    from interface.webhooks import Deliveries
    from projections.follower import open_views

    app = open_groundwork(settings_for(database))  # the event store's and the key store's tables
    try:
        views = open_views(app)
        Deliveries(app).close()  # its positions' table
        moved = app.scope_accounts_to_networks()  # servers also do it when they start
        if moved:
            typer.echo(f"Roles are per network now: {moved} accounts granted every network.")
        typer.echo(
            f"Ready: the event store, the key store, {len(views)} views and the webhook "
            f"positions ({app.recorder.max_notification_id() or 0} events on record)."
        )
    finally:
        app.close()
