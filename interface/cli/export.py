"""`groundwork export`: backing the event log up to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interface.cli.backup import counter, sqlite_only
from interface.cli.common import Database, add_group, fail, open_groundwork, settings_for


def register(cli: typer.Typer) -> None:
    add_group(cli, "export", "Back up: write the event log to a file.", {"events": export_events})


def export_events(
    file: Annotated[Path, typer.Argument(help="The JSON Lines file to write.")],
    database: Database = None,
) -> None:
    """Write the whole log as JSON Lines (one stored event a line; encrypted fields stay
    encrypted) and a manifest beside it (FILE.manifest.json: the count, the chain's head and
    the file's SHA-256). Back the key store up too: the personal data needs it."""
    from domain.store.backup import BackupRefused
    from domain.store.backup import export_events as export

    settings = settings_for(database)
    sqlite_only(settings, "export events")
    open_groundwork(settings).close()  # readable, and its chain complete
    try:
        manifest = export(settings.database, file, counter("Exported"))
    except BackupRefused as refused:
        raise fail(f"\n{refused}") from None
    typer.echo("", err=True)
    typer.echo(
        f"Exported {manifest.events:,} events to {file} (manifest {file}.manifest.json; chain "
        f"head {manifest.last_position}:{manifest.head}). Keep the key store "
        f"{settings.key_store_path()} with it: the personal data in the log needs its keys."
    )
