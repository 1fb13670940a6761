"""The `groundwork` command line: one module per command group, each registering its own
commands on the top-level app. A new group is a new module, imported here and named in
`GROUPS` (a test fails if a module with a `register` is left out)."""

from __future__ import annotations

from typing import Protocol

import typer

from interface.cli import (
    accounts,
    demo,
    export,
    imports,
    keys,
    migrate,
    people,
    projections,
    serve,
    verify,
    views,
)


class Group(Protocol):
    """A module of commands: it adds them, or a group of them, to the top-level app."""

    def register(self, cli: typer.Typer) -> None: ...


# In the order `groundwork --help` lists them (commands first, then groups of commands).
GROUPS: tuple[Group, ...] = (
    serve,
    migrate,
    demo,
    verify,
    projections,
    people,
    keys,
    accounts,
    export,
    imports,
    views,
)


def create_cli() -> typer.Typer:
    """The `groundwork` app, every group's commands registered on it."""
    cli = typer.Typer(
        help="Groundwork: an event-sourced tracker for community organising.",
        no_args_is_help=True,
        add_completion=False,
    )
    for group in GROUPS:
        group.register(cli)
    return cli


def main() -> None:
    from interface.private_files import keep_private

    keep_private()
    create_cli()()
