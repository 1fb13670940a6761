"""`groundwork import`: restoring a backed-up log, or taking people in from another tool.
(The module is not called `import`: that is a keyword.)"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from interface.cli.backup import counter, sqlite_only
from interface.cli.common import Database, add_group, fail, open_groundwork, settings_for
from interface.cli.projections import projections_rebuild

if TYPE_CHECKING:
    from domain.store.backup import Manifest


def register(cli: typer.Typer) -> None:
    add_group(
        cli,
        "import",
        "Restore a backed-up log into an empty store, or take people in from another tool.",
        {"events": import_events, "osdi-people": import_osdi_people},
    )


def import_events(
    file: Annotated[Path, typer.Argument(help="A file written by `groundwork export events`.")],
    database: Database = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="Only check the file; restore nothing.")
    ] = False,
) -> None:
    """Restore a backed-up log into an empty store, checking every line first: a truncated,
    reordered, changed or foreign file is refused with the line and the reason, and nothing
    is restored. Typed text that an older Groundwork recorded in clear is sealed on the way
    in (the key store named for the new store must hold the old one's keys). The views are
    then rebuilt from it."""
    from domain.store.backup import BackupRefused, check_backup

    settings = settings_for(database)
    sqlite_only(settings, "import events")
    env = settings.event_store_env()
    try:
        if check_only:
            manifest = check_backup(file, counter("Checked"))
        else:
            manifest = _restore(file, settings.database, env)
    except BackupRefused as refused:
        raise fail(f"\n{file}: {refused}. Nothing was restored.") from None
    except FileNotFoundError:
        raise fail(f"{file} does not exist.") from None
    typer.echo("", err=True)
    if check_only:
        typer.echo(f"{file} is intact: {manifest.events:,} events, as its manifest says.")
        return
    typer.echo(f"Restored {manifest.events:,} events into {settings.database}.")
    projections_rebuild(name=None, database=settings.database)


def _restore(file: Path, database: Path, env: dict[str, str]) -> Manifest:
    """Restores the file into the empty store at `database`, sealing clear typed text with
    the keys of the key store `env` names."""
    from domain.application import Groundwork
    from domain.store.backup import import_events as restore
    from domain.store.text import TextMapper, resealing

    def create(path: Path) -> None:
        Groundwork(env=env | {"SQLITE_DBNAME": str(path)}).close()

    sealing = Groundwork(env=env | {"SQLITE_DBNAME": ":memory:"})
    try:
        reseal = resealing(cast(TextMapper, sealing.mapper))
        return restore(file, database, create, counter("Restored"), reseal=reseal)
    finally:
        sealing.close()


def import_osdi_people(
    file: Annotated[
        Path,
        typer.Argument(
            help="An OSDI people collection (HAL JSON, as GET /networks/{id}/osdi/people or "
            "Action Network exports it), or a JSON list of OSDI people."
        ),
    ],
    network: Annotated[str, typer.Option(help="The id of the network to register them in.")],
    database: Database = None,
) -> None:
    """Register each person of an OSDI people collection in a network (name, contact
    details, languages, communities: see the README's OSDI section). Every entry is checked
    first: if any is refused (its place in the file and why), nothing is recorded. A person
    whose first identifier was imported into this network before is skipped, so that the
    same file can be imported again (after an interruption, say) without doubles."""
    from uuid import UUID

    from domain.account import COMMAND_LINE
    from domain.errors import DomainError, NotFound
    from interface.osdi_import import ImportRefused, check_entries, read_people

    try:
        network_id = UUID(network)
    except ValueError:
        raise fail("--network takes a network's id (a UUID).", 2) from None
    try:
        where, entries = read_people(file)
    except ImportRefused as refused:
        raise fail(f"{file}: {refused}. Nothing was recorded.", 2) from None
    app = open_groundwork(settings_for(database))
    try:
        checked, problems = check_entries(app, network_id, entries, where)
        if problems:
            for problem in problems:
                typer.echo(f"{file}: {problem}", err=True)
            raise fail(f"{len(problems)} of {len(entries)} entries refused; nothing was recorded.")
        for entry in checked:
            if not entry.known:
                entry.record(app, network_id, COMMAND_LINE)
    except NotFound as error:
        raise fail(error.detail) from None
    except DomainError as error:  # a rule that changed between the check and the write
        raise fail(f"{error.detail} Import again to record the rest.") from None
    finally:
        app.close()
    known = sum(1 for e in checked if e.known)
    typer.echo(
        f"Recorded {len(checked) - known} people in network {network_id}"
        + (f" ({known} imported before, skipped)." if known else ".")
    )
