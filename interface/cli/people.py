"""`groundwork people`: a person's right to be forgotten, and to see what is held."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

from interface.cli.common import Database, add_group, fail, open_groundwork, settings_for

PersonId = Annotated[str, typer.Argument(metavar="ID", help="The person's id.")]


def register(cli: typer.Typer) -> None:
    add_group(
        cli,
        "people",
        "People: the right to be forgotten.",
        {"forget": people_forget, "export": people_export},
    )


def people_forget(person_id: PersonId, database: Database = None) -> None:
    """Forget a person at their request: record that they were forgotten and destroy their
    key, so that their name, contact details, notes and what they shared can never be read
    again. Counts, timelines and decisions that refer to them by id stay as they are."""
    from domain.account import COMMAND_LINE
    from domain.errors import DomainError
    from domain.store.keys import ShreddingIncomplete

    subject = _person(person_id)
    settings = settings_for(database)
    app = open_groundwork(settings)
    try:
        recorded = app.forget_person(subject, recorded_by=COMMAND_LINE)
    except DomainError as error:  # not on record, already forgotten: messages name ids only
        raise fail(error.detail) from None
    except ShreddingIncomplete as error:
        raise fail(f"Person {subject}: {error}") from None
    finally:
        app.close()
    typer.echo(
        f"Person {subject} forgotten (their record at version {recorded.version}); their key "
        f"is destroyed and no copy of it is left in {settings.key_store_name()}."
    )


def people_export(person_id: PersonId, database: Database = None) -> None:
    """Print everything held about a person as JSON (a subject access request). The views
    are brought up to date first; the export is kept in the access record."""
    import json

    from domain.access import Access
    from domain.account import COMMAND_LINE
    from domain.errors import DomainError
    from interface.subject_access import subject_access
    from projections.access import AccessLog
    from projections.follower import Follower, open_views
    from projections.records import Records

    subject = _person(person_id)
    app = open_groundwork(settings_for(database))
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
        raise fail(error.detail) from None
    finally:
        follower.close()
        app.close()
    typer.echo(json.dumps(found, indent=2, ensure_ascii=False))


def _person(person_id: str) -> UUID:
    try:
        return UUID(person_id)
    except ValueError:
        raise fail("ID takes a person's id (a UUID).", 2) from None
