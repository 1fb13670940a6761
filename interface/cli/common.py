"""What the command groups share: the `--database` option, the settings, opening the store,
and failing with a message and an exit code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

from interface.settings import Settings

if TYPE_CHECKING:
    from domain.application import Groundwork

Database = Annotated[Path | None, typer.Option(help="SQLite file of the event store.")]


def add_group(
    cli: typer.Typer,
    name: str,
    help: str,
    commands: dict[str, Callable[..., None]],
    *,
    no_args_is_help: bool = True,
) -> None:
    """Adds `groundwork NAME`, a group of commands, each running the function named for it."""
    group = typer.Typer(help=help, no_args_is_help=no_args_is_help)
    for command, run in commands.items():
        group.command(command)(run)
    cli.add_typer(group, name=name)


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and the command line, or a clear exit naming the bad one."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        for problem in error.errors():
            name = "GROUNDWORK_" + "_".join(str(p) for p in problem["loc"]).upper()
            typer.echo(f"Invalid setting {name}: {problem['msg']}.", err=True)
        raise typer.Exit(code=2) from None


def settings_for(database: Path | None) -> Settings:
    """The settings, with the store a command's `--database` names if it names one."""
    return load_settings(**({"database": database} if database else {}))


def open_groundwork(settings: Settings) -> Groundwork:
    """The application on the configured store, or a clear exit if its records cannot be
    read (encrypted with another key, or encrypted and no key given)."""
    from domain.application import Groundwork
    from domain.store.sqlite import StoreUnreadable, check_readable
    from interface.private_files import tighten

    app = Groundwork(env=settings.event_store_env())
    for folder in tighten(settings):
        typer.echo(f"{folder} may be read by other users of this machine: chmod 700 it.", err=True)
    try:
        check_readable(app)
    except StoreUnreadable as error:
        app.close()
        typer.echo(f"{settings.store_name()}: {error}", err=True)
        raise typer.Exit(code=2) from None
    return app


def fail(message: str, code: int = 1) -> typer.Exit:
    """Says what went wrong on stderr; the exit for the caller to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code=code)
