"""`groundwork verify`: the log's hash chain."""

from __future__ import annotations

from typing import Annotated

import typer

from interface.cli.common import Database, settings_for


def register(cli: typer.Typer) -> None:
    cli.command()(verify)


def verify(
    database: Database = None,
    noted: Annotated[
        str | None,
        typer.Option(
            help="A head printed by an earlier check, POSITION:HASH: also check that the "
            "chain still passes through it."
        ),
    ] = None,
) -> None:
    """Walk the log and check that no event was changed, removed or reordered."""
    from domain.application import Groundwork
    from domain.store.chain import verify_recorded as verify_chain

    head: tuple[int, str] | None = None
    if noted is not None:
        position, _, digest = noted.partition(":")
        if not position.isdigit() or len(digest) != 64:
            typer.echo("--noted takes POSITION:HASH, as `groundwork verify` prints it.", err=True)
            raise typer.Exit(code=2)
        head = (int(position), digest.lower())
    settings = settings_for(database)
    app = Groundwork(env=settings.event_store_env())  # no key needed: hashes cover ciphertext
    try:
        result = verify_chain(app.recorder, head)
    finally:
        app.close()
    if result.intact:
        typer.echo(
            f"The log is intact: {result.events} events; head {result.head_position}:{result.head}."
        )
        return
    typer.echo(
        f"The log was altered at position {result.position}: {result.problem}. "
        f"The {result.events} events before it are intact (head {result.head}).",
        err=True,
    )
    raise typer.Exit(code=1)
