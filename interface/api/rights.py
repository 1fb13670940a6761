"""People's rights over their data, for admins: a subject access export, and erasure."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from domain.access import Access
from domain.application import Groundwork
from interface.api.access import ADM, Caller, CallerDep, may
from interface.api.common import AppDep, Command, CommandContext, Ctx, RecordedOut
from interface.api.errors import READ, WRITE
from interface.api.reading import read_view
from interface.api.routing import WorkerThreadRoute
from interface.subject_access import subject_access
from projections.access import AccessLog
from projections.records import Records

router = APIRouter(prefix="/people", tags=["people's rights"], route_class=WorkerThreadRoute)


class Erase(Command):
    """No fields: the request is the person's, the admin records it."""


class ExportOut(BaseModel):
    person_id: UUID
    network_id: UUID
    forgotten: bool = Field(description="Whether the person was forgotten at their request.")
    record: list[dict[str, Any]] = Field(
        description="Every event of the person's own record, oldest first."
    )
    took_part_in: list[dict[str, Any]] = Field(
        description="Every record they took part in, with the parts they took and every event "
        "of it. Personal data about anyone else is withheld."
    )
    reads: list[dict[str, Any]] = Field(description="Every read of their personal data.")
    position: int = Field(description="How far along the log the views used were.")
    lag: int = Field(description="Events recorded that the views had not applied yet.")


@router.get("/{id}/export", responses=READ)
@may(ADM)
def export(id: UUID, app: AppDep, caller: CallerDep, request: Request) -> ExportOut:
    """Everything held about one person, as JSON (a subject access request): their record,
    every record they took part in, and who read their personal data. The export is itself
    kept in the access record."""
    return export_of(id, app, caller, request)


def export_of(id: UUID, app: Groundwork, caller: Caller, request: Request) -> ExportOut:
    """The query, as the API and the web pages both read it."""
    records, freshness = read_view(request, Records)
    access, _ = read_view(request, AccessLog)
    found = subject_access(app, records, access, id)
    app.record_read(account=caller.account_id, what=Access.EXPORT, record_id=id, person_id=id)
    return ExportOut(**found, position=freshness.position, lag=freshness.lag)


@router.post("/{id}/erasure", status_code=201, responses=WRITE)
@may(ADM)
def erase(id: UUID, body: Erase, ctx: Ctx) -> RecordedOut:
    """Forget a person at their request: records that they were forgotten and destroys their
    key, so their name, contact details, notes and what they shared can never be read again.
    Counts, timelines and decisions that refer to them by id keep their shape. A second
    request is 409: they are already forgotten."""
    return forget(id, body, ctx)


def forget(id: UUID, body: Erase, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(ctx.app.forget_person(id, recorded_by=ctx.by, key=ctx.key))
