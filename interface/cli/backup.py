"""What `groundwork export events` and `groundwork import events` share."""

from __future__ import annotations

from collections.abc import Callable

import typer

from interface.cli.common import fail
from interface.settings import Settings


def sqlite_only(settings: Settings, command: str) -> None:
    """Refuses a command that works on the SQLite files, for a PostgreSQL database."""
    if settings.database_url is not None:
        raise fail(
            f"`groundwork {command}` works on the SQLite event store; back PostgreSQL up with "
            "its own tools (pg_dump of the database, keys included)."
        )


def counter(label: str) -> Callable[[int], None]:
    """Shows on stderr, on one line, how many events a long command has been through."""

    def show(done: int) -> None:
        typer.echo(f"\r{label}: {done:,} events", nl=False, err=True)

    return show
