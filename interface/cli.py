"""The `groundwork` command line."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer
from pydantic import ValidationError

from interface.settings import Settings

if TYPE_CHECKING:
    from domain.application import Groundwork

cli = typer.Typer(
    help="Groundwork: an event-sourced tracker for community organising.",
    no_args_is_help=True,
    add_completion=False,
)


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    database: Annotated[Path | None, typer.Option(help="SQLite file of the event store.")] = None,
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
    import uvicorn

    from interface.api.app import create_app, following_process, record_sample_if_empty
    from interface.serving import uvicorn_options

    overrides = {
        k: v
        for k, v in {
            "host": host,
            "port": port,
            "database": database,
            "sample_data": sample_data,
            "workers": workers,
            "follow": follow,
        }.items()
        if v is not None
    }
    settings = load_settings(**overrides)
    open_groundwork(settings).close()  # a store it cannot read is reported before serving
    typer.echo(
        f"Groundwork on http://{settings.host}:{settings.port} "
        f"(database {settings.store_name()}; API docs at /docs; {settings.workers} worker"
        f"{'s' if settings.workers != 1 else ''})"
    )
    if settings.workers == 1:
        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_level="info",
            **uvicorn_options(settings),
        )
        return
    # Several workers: each builds its app from the environment. The sample is recorded
    # once, here, and one follower here serves them all.
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


@cli.command()
def migrate(
    database: Annotated[Path | None, typer.Option(help="SQLite file of the event store.")] = None,
) -> None:
    """Create every table Groundwork needs: the event store's, the key store's, the views'
    and the webhook positions'. Safe to run again, and from two processes at once (servers
    also create what is missing when they start); a view whose layout changed is emptied,
    for its follower to rebuild from the log."""
    from interface.webhooks import Deliveries
    from projections.follower import open_views

    settings = load_settings(**({"database": database} if database else {}))
    app = open_groundwork(settings)  # the event store's and the key store's tables
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


@cli.command()
def demo(
    database: Annotated[Path | None, typer.Option(help="SQLite file to record into.")] = None,
    force: Annotated[bool, typer.Option(help="Record even if the database is not empty.")] = False,
) -> None:
    """Record the sample network (a fictional international peer-support network)."""
    from interface.sample import is_empty, record_sample_network

    settings = load_settings(**({"database": database} if database else {}))
    app = open_groundwork(settings)
    try:
        if not is_empty(app) and not force:
            typer.echo(
                f"{settings.store_name()} already holds events; nothing recorded "
                "(use --force to record the sample network again).",
                err=True,
            )
            raise typer.Exit(code=1)
        sample = record_sample_network(app)
        typer.echo(
            f"Recorded the sample network in {settings.store_name()} "
            f"({app.recorder.max_notification_id()} events): {sample}."
        )
    finally:
        app.close()


@cli.command()
def verify(
    database: Annotated[Path | None, typer.Option(help="SQLite file of the event store.")] = None,
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
    settings = load_settings(**({"database": database} if database else {}))
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


projections_cli = typer.Typer(
    help="Read models: their status, and rebuilding them from the log.", no_args_is_help=True
)
cli.add_typer(projections_cli, name="projections")


@projections_cli.command("run")
def projections_run(
    database: Annotated[Path | None, typer.Option(help="SQLite file of the event store.")] = None,
) -> None:
    """Keep the views up to date and deliver webhooks, until stopped (Ctrl-C or SIGTERM):
    beside servers started with `--no-follow` (GROUNDWORK_FOLLOW=false)."""
    from interface.api.app import SERVER_BATCH
    from interface.api.following import follow

    settings = load_settings(**({"database": database} if database else {}))
    open_groundwork(settings).close()  # a store it cannot read is reported now
    typer.echo(f"Following {settings.store_name()} for the views and webhooks; Ctrl-C stops.")
    follow(
        settings.event_store_env(),
        server=None,
        batch_size=SERVER_BATCH,
        interval=0.2,
        webhook_retry_seconds=settings.webhook_retry_seconds,
    )


@projections_cli.command("status")
def projections_status(
    database: Annotated[Path | None, typer.Option(help="SQLite file of the event store.")] = None,
) -> None:
    """Each view's position in the log, and how far it lags behind."""
    from projections.follower import Follower, open_views

    settings = load_settings(**({"database": database} if database else {}))
    app = open_groundwork(settings)
    follower = Follower(app, open_views(app))
    try:
        for status in follower.status():
            typer.echo(f"{status.name}: position {status.position}, {status.lag} behind the log")
    finally:
        follower.close()
        app.close()


@projections_cli.command("rebuild")
def projections_rebuild(
    name: Annotated[str | None, typer.Argument(help="The view to rebuild (default: all).")] = None,
    database: Annotated[Path | None, typer.Option(help="SQLite file of the event store.")] = None,
) -> None:
    """Empty views and apply the whole log to them again, from the start."""
    from projections.follower import (
        REBUILD_BATCH,
        REBUILD_CHECKPOINT_PAGES,
        Follower,
        open_views,
    )

    settings = load_settings(**({"database": database} if database else {}))
    app = open_groundwork(settings)
    # Larger batches than the server's: fewer commits, and nobody waits on a rebuild's reads.
    follower = Follower(
        app,
        open_views(app),
        batch_size=REBUILD_BATCH,
        checkpoint_pages=REBUILD_CHECKPOINT_PAGES,
    )
    try:
        names = [v.name for v in follower.views]
        if name is not None and name not in names:
            typer.echo(f"No view named {name!r}; the views are: {', '.join(names)}.", err=True)
            raise typer.Exit(code=2)
        total = app.recorder.max_notification_id() or 0
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
    finally:
        follower.close()
        app.close()
    if settings.database_url is None:
        with closing(sqlite3.connect(settings.views_path())) as db:  # give the log's space back
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if follower.failures:
        raise typer.Exit(code=1)


Database = Annotated[Path | None, typer.Option(help="SQLite file of the event store.")]

people_cli = typer.Typer(help="People: the right to be forgotten.", no_args_is_help=True)
cli.add_typer(people_cli, name="people")


@people_cli.command("forget")
def people_forget(
    person_id: Annotated[str, typer.Argument(metavar="ID", help="The person's id.")],
    database: Database = None,
) -> None:
    """Forget a person at their request: record that they were forgotten and destroy their
    key, so that their name, contact details, notes and what they shared can never be read
    again. Counts, timelines and decisions that refer to them by id stay as they are."""
    from uuid import UUID

    from domain.account import COMMAND_LINE
    from domain.errors import DomainError
    from domain.store.keys import ShreddingIncomplete

    try:
        subject = UUID(person_id)
    except ValueError:
        typer.echo("ID takes a person's id (a UUID).", err=True)
        raise typer.Exit(code=2) from None
    settings = load_settings(**({"database": database} if database else {}))
    app = open_groundwork(settings)
    try:
        recorded = app.forget_person(subject, recorded_by=COMMAND_LINE)
    except DomainError as error:  # not on record, already forgotten: messages name ids only
        typer.echo(error.detail, err=True)
        raise typer.Exit(code=1) from None
    except ShreddingIncomplete as error:
        typer.echo(f"Person {subject}: {error}", err=True)
        raise typer.Exit(code=1) from None
    finally:
        app.close()
    typer.echo(
        f"Person {subject} forgotten (their record at version {recorded.version}); their key "
        f"is destroyed and no copy of it is left in {settings.key_store_name()}."
    )


def _sqlite_only(settings: Settings, command: str) -> None:
    """Refuses a command that works on the SQLite files, for a PostgreSQL database."""
    if settings.database_url is not None:
        raise _fail(
            f"`groundwork {command}` works on the SQLite event store; back PostgreSQL up with "
            "its own tools (pg_dump of the database, keys included)."
        )


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and the command line, or a clear exit naming the bad one."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        for problem in error.errors():
            name = "GROUNDWORK_" + "_".join(str(p) for p in problem["loc"]).upper()
            typer.echo(f"Invalid setting {name}: {problem['msg']}.", err=True)
        raise typer.Exit(code=2) from None


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


keys_cli = typer.Typer(help="Keys: creating them (keep them apart from the database).")
cli.add_typer(keys_cli, name="keys")


@keys_cli.command("cipher")
def keys_cipher() -> None:
    """Print a new random key for GROUNDWORK_CIPHER_KEY (256-bit AES, base64)."""
    from eventsourcing.cryptography import AESCipher

    typer.echo(AESCipher.create_key(32))


accounts_cli = typer.Typer(
    help="Accounts: who may use the API, with which roles.", no_args_is_help=True
)
cli.add_typer(accounts_cli, name="accounts")


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=code)


@accounts_cli.command("add")
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
    from uuid import UUID

    from domain.account import COMMAND_LINE, Role
    from domain.errors import DomainError

    try:
        roles = [Role(r.strip().lower()) for r in role]
    except ValueError:
        raise _fail(f"--role takes {', '.join(Role)}.", 2) from None
    try:
        person_id = UUID(person) if person else None
    except ValueError:
        raise _fail("--person takes a person's id.", 2) from None
    try:
        networks = [UUID(n) for n in network or []]
    except ValueError:
        raise _fail("--network takes a network's id.", 2) from None
    if chapter and len(networks) != 1:
        raise _fail("--chapter narrows the grant on one network: give exactly one --network.", 2)
    app = open_groundwork(load_settings(**({"database": database} if database else {})))
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
        raise _fail(error.detail) from None
    finally:
        app.close()
    typer.echo(f"Created account {issued.recorded.id} ({', '.join(sorted(roles))}).", err=True)
    typer.echo(issued.token)


@accounts_cli.command("token")
def accounts_token(
    name: Annotated[str, typer.Argument(help="The account's sign-in handle.")],
    database: Database = None,
) -> None:
    """Issue a new token for an account (its earlier token stops working) and print it."""
    from domain.account import COMMAND_LINE
    from domain.credentials import account_id, check_name
    from domain.errors import DomainError

    app = open_groundwork(load_settings(**({"database": database} if database else {})))
    try:
        issued = app.issue_token(account_id(check_name(name)), recorded_by=COMMAND_LINE)
    except DomainError as error:
        raise _fail(error.detail) from None
    finally:
        app.close()
    typer.echo(issued.token)


@accounts_cli.command("password")
def accounts_password(
    name: Annotated[str, typer.Argument(help="The account's sign-in handle.")],
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
    app = open_groundwork(load_settings(**({"database": database} if database else {})))
    try:
        app.set_password(account_id(check_name(name)), password=password, recorded_by=COMMAND_LINE)
    except DomainError as error:
        raise _fail(error.detail) from None
    finally:
        app.close()
    typer.echo(f"Password set for account {account_id(check_name(name))}.")


@accounts_cli.command("list")
def accounts_list(database: Database = None) -> None:
    """Every account: id, name, roles, and whether it is disabled."""
    from domain.account import Account

    app = open_groundwork(load_settings(**({"database": database} if database else {})))
    try:
        for account_id in app.account_ids():
            account = app.get(Account, account_id)
            state = " (disabled)" if account.disabled else ""
            typer.echo(f"{account.id} {account.name}: {', '.join(sorted(account.roles))}{state}")
    finally:
        app.close()


@people_cli.command("export")
def people_export(
    person_id: Annotated[str, typer.Argument(metavar="ID", help="The person's id.")],
    database: Database = None,
) -> None:
    """Print everything held about a person as JSON (a subject access request). The views
    are brought up to date first; the export is kept in the access record."""
    import json
    from uuid import UUID

    from domain.access import Access
    from domain.account import COMMAND_LINE
    from domain.errors import DomainError
    from interface.subject_access import subject_access
    from projections.access import AccessLog
    from projections.follower import Follower, open_views
    from projections.records import Records

    try:
        subject = UUID(person_id)
    except ValueError:
        raise _fail("ID takes a person's id (a UUID).", 2) from None
    app = open_groundwork(load_settings(**({"database": database} if database else {})))
    follower = Follower(app, open_views(app))
    try:
        follower.catch_up_all()
        records, _ = follower.view_of(Records)
        access, _ = follower.view_of(AccessLog)
        found = subject_access(app, records, access, subject)
        app.record_read(
            account=COMMAND_LINE, what=Access.EXPORT, record_id=subject, person_id=subject
        )
    except DomainError as error:
        raise _fail(error.detail) from None
    finally:
        follower.close()
        app.close()
    typer.echo(json.dumps(found, indent=2, ensure_ascii=False))


export_cli = typer.Typer(help="Back up: write the event log to a file.", no_args_is_help=True)
import_cli = typer.Typer(
    help="Restore a backed-up log into an empty store, or take people in from another tool.",
    no_args_is_help=True,
)
cli.add_typer(export_cli, name="export")
cli.add_typer(import_cli, name="import")


def _counter(label: str) -> Callable[[int], None]:
    def show(done: int) -> None:
        typer.echo(f"\r{label}: {done:,} events", nl=False, err=True)

    return show


@export_cli.command("events")
def export_events(
    file: Annotated[Path, typer.Argument(help="The JSON Lines file to write.")],
    database: Database = None,
) -> None:
    """Write the whole log as JSON Lines (one stored event a line; encrypted fields stay
    encrypted) and a manifest beside it (FILE.manifest.json: the count, the chain's head and
    the file's SHA-256). Back the key store up too: the personal data needs it."""
    from domain.store.backup import BackupRefused
    from domain.store.backup import export_events as export

    settings = load_settings(**({"database": database} if database else {}))
    _sqlite_only(settings, "export events")
    open_groundwork(settings).close()  # readable, and its chain complete
    try:
        manifest = export(settings.database, file, _counter("Exported"))
    except BackupRefused as refused:
        raise _fail(f"\n{refused}") from None
    typer.echo("", err=True)
    typer.echo(
        f"Exported {manifest.events:,} events to {file} (manifest {file}.manifest.json; chain "
        f"head {manifest.last_position}:{manifest.head}). Keep the key store "
        f"{settings.key_store_path()} with it: the personal data in the log needs its keys."
    )


@import_cli.command("events")
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
    from domain.application import Groundwork
    from domain.store.backup import BackupRefused, check_backup
    from domain.store.backup import import_events as restore
    from domain.store.text import TextMapper, resealing

    settings = load_settings(**({"database": database} if database else {}))
    _sqlite_only(settings, "import events")
    env = settings.event_store_env()

    def create(path: Path) -> None:
        Groundwork(env=env | {"SQLITE_DBNAME": str(path)}).close()

    try:
        if check_only:
            manifest = check_backup(file, _counter("Checked"))
        else:
            sealing = Groundwork(env=env | {"SQLITE_DBNAME": ":memory:"})
            try:
                reseal = resealing(cast(TextMapper, sealing.mapper))
                manifest = restore(
                    file, settings.database, create, _counter("Restored"), reseal=reseal
                )
            finally:
                sealing.close()
    except BackupRefused as refused:
        raise _fail(f"\n{file}: {refused}. Nothing was restored.") from None
    except FileNotFoundError:
        raise _fail(f"{file} does not exist.") from None
    typer.echo("", err=True)
    if check_only:
        typer.echo(f"{file} is intact: {manifest.events:,} events, as its manifest says.")
        return
    typer.echo(f"Restored {manifest.events:,} events into {settings.database}.")
    projections_rebuild(name=None, database=settings.database)


@import_cli.command("osdi-people")
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
        raise _fail("--network takes a network's id (a UUID).", 2) from None
    try:
        where, entries = read_people(file)
    except ImportRefused as refused:
        raise _fail(f"{file}: {refused}. Nothing was recorded.", 2) from None
    app = open_groundwork(load_settings(**({"database": database} if database else {})))
    try:
        checked, problems = check_entries(app, network_id, entries, where)
        if problems:
            for problem in problems:
                typer.echo(f"{file}: {problem}", err=True)
            raise _fail(f"{len(problems)} of {len(entries)} entries refused; nothing was recorded.")
        for entry in checked:
            if not entry.known:
                entry.record(app, network_id, COMMAND_LINE)
    except NotFound as error:
        raise _fail(error.detail) from None
    except DomainError as error:  # a rule that changed between the check and the write
        raise _fail(f"{error.detail} Import again to record the rest.") from None
    finally:
        app.close()
    known = sum(1 for e in checked if e.known)
    typer.echo(
        f"Recorded {len(checked) - known} people in network {network_id}"
        + (f" ({known} imported before, skipped)." if known else ".")
    )


views_cli = typer.Typer(help="Views as files: lists for spreadsheets.", no_args_is_help=True)
cli.add_typer(views_cli, name="views")


@views_cli.command("export")
def views_export(
    name: Annotated[
        str, typer.Argument(help="people, timeline, progress, power-map or commitments.")
    ],
    of: Annotated[
        str,
        typer.Option("--of", help="The network's id (a campaign's, for a timeline or progress)."),
    ],
    csv: Annotated[bool, typer.Option("--csv", help="As CSV (the only format yet).")] = True,
    out: Annotated[Path | None, typer.Option(help="The file to write (default: stdout).")] = None,
    database: Database = None,
) -> None:
    """Write one list view as CSV, with a stable column order and headers in plain words.
    The views are brought up to date first."""
    import sys
    from uuid import UUID

    from domain.errors import DomainError
    from interface.exports import EXPORTS, check_subject, csv_lines
    from projections.follower import Follower, open_views

    export = EXPORTS.get(name)
    if export is None:
        raise _fail(f"There is no list called {name!r}: {', '.join(EXPORTS)}.", 2)
    try:
        id_ = UUID(of)
    except ValueError:
        raise _fail(f"--of takes the id of a {export.of}.", 2) from None
    app = open_groundwork(load_settings(**({"database": database} if database else {})))
    follower = Follower(app, open_views(app))
    target = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        check_subject(app, export, id_)
        follower.catch_up_all()
        for text in csv_lines(export, export.rows(app, lambda cls: follower.view_of(cls)[0], id_)):
            target.write(text)
    except DomainError as error:
        raise _fail(error.detail) from None
    finally:
        if out:
            target.close()
        follower.close()
        app.close()


def main() -> None:
    from interface.private_files import keep_private

    keep_private()
    cli()
