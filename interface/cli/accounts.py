"""`groundwork accounts`: who may use the API, with which roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import typer

from interface.cli.common import Database, add_group, fail, open_groundwork, settings_for

if TYPE_CHECKING:
    from domain.account import Role

Name = Annotated[str, typer.Argument(help="The account's sign-in handle.")]


def register(cli: typer.Typer) -> None:
    add_group(
        cli,
        "accounts",
        "Accounts: who may use the API, with which roles.",
        {
            "add": accounts_add,
            "token": accounts_token,
            "password": accounts_password,
            "list": accounts_list,
        },
    )


def accounts_add(
    name: Annotated[str, typer.Argument(help="A sign-in handle, e.g. amina.")],
    role: Annotated[
        list[str],
        typer.Option(help="organiser, leader, auditor or admin; repeat for several roles."),
    ],
    person: Annotated[
        str | None, typer.Option(help="The id of the person the account belongs to.")
    ] = None,
    network: Annotated[
        list[str] | None,
        typer.Option(
            help="The id of a network the account acts within; repeat for several (admins and "
            "auditors act within every network)."
        ),
    ] = None,
    chapter: Annotated[
        list[str] | None,
        typer.Option(
            help="A community (chapter) of the one network given, within which alone the "
            "account acts; repeat for several. Without it: the whole network."
        ),
    ] = None,
    database: Database = None,
) -> None:
    """Create an account and print its bearer token (shown this once: only its hash is kept)."""
    from domain.account import COMMAND_LINE
    from domain.errors import DomainError

    roles, person_id, networks = _grant(role, person, network or [])
    if chapter and len(networks) != 1:
        raise fail("--chapter narrows the grant on one network: give exactly one --network.", 2)
    app = open_groundwork(settings_for(database))
    try:
        issued = app.create_account(
            name=name,
            roles=roles,
            person_id=person_id,
            recorded_by=COMMAND_LINE,
            networks=networks,
            chapters={networks[0]: chapter} if chapter else None,
        )
    except DomainError as error:
        raise fail(error.detail) from None
    finally:
        app.close()
    typer.echo(f"Created account {issued.recorded.id} ({', '.join(sorted(roles))}).", err=True)
    typer.echo(issued.token)


def _grant(
    role: list[str], person: str | None, network: list[str]
) -> tuple[list[Role], UUID | None, list[UUID]]:
    """The roles, the person and the networks `accounts add` was given, or the exit that
    names the first option it cannot read."""
    from domain.account import Role

    try:
        roles = [Role(r.strip().lower()) for r in role]
    except ValueError:
        raise fail(f"--role takes {', '.join(Role)}.", 2) from None
    try:
        person_id = UUID(person) if person else None
    except ValueError:
        raise fail("--person takes a person's id.", 2) from None
    try:
        networks = [UUID(n) for n in network]
    except ValueError:
        raise fail("--network takes a network's id.", 2) from None
    return roles, person_id, networks


def accounts_token(name: Name, database: Database = None) -> None:
    """Issue a new token for an account (its earlier token stops working) and print it."""
    from domain.account import COMMAND_LINE
    from domain.credentials import account_id, check_name
    from domain.errors import DomainError

    app = open_groundwork(settings_for(database))
    try:
        issued = app.issue_token(account_id(check_name(name)), recorded_by=COMMAND_LINE)
    except DomainError as error:
        raise fail(error.detail) from None
    finally:
        app.close()
    typer.echo(issued.token)


def accounts_password(
    name: Name,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    database: Database = None,
) -> None:
    """Set the password an account signs in to the web app with (asked twice, not shown).
    Its open sessions end."""
    import sys

    from domain.account import COMMAND_LINE
    from domain.credentials import account_id, check_name
    from domain.errors import DomainError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    app = open_groundwork(settings_for(database))
    try:
        app.set_password(account_id(check_name(name)), password=password, recorded_by=COMMAND_LINE)
    except DomainError as error:
        raise fail(error.detail) from None
    finally:
        app.close()
    typer.echo(f"Password set for account {account_id(check_name(name))}.")


def accounts_list(database: Database = None) -> None:
    """Every account: id, name, roles, and whether it is disabled."""
    from domain.account import Account

    app = open_groundwork(settings_for(database))
    try:
        for account_id in app.account_ids():
            account = app.get(Account, account_id)
            state = " (disabled)" if account.disabled else ""
            typer.echo(f"{account.id} {account.name}: {', '.join(sorted(account.roles))}{state}")
    finally:
        app.close()
