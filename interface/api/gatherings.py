"""Gatherings: recurring series such as a monthly community of practice, and each gathering."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field, StringConstraints

from domain.gathering import Gathering, GatheringSeries
from domain.values import GatheringKind
from interface.api.access import LEAD, ORG, may
from interface.api.common import (
    AppDep,
    Command,
    CommandContext,
    Count,
    Ctx,
    Day,
    HappenedAt,
    Line,
    Name,
    Notes,
    RecordedOut,
)
from interface.api.errors import READ, WRITE
from interface.api.routing import WorkerThreadRoute

#: A wall-clock time in the series' own time zone, without an offset: "18:00".
WallClock = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]

series_router = APIRouter(
    prefix="/gathering-series", tags=["gatherings"], route_class=WorkerThreadRoute
)
router = APIRouter(prefix="/gatherings", tags=["gatherings"], route_class=WorkerThreadRoute)


class EstablishSeries(Command):
    happened_at: HappenedAt = None
    network_id: UUID
    name: Name = Field(examples=["Monthly community of practice"])
    kind: GatheringKind
    rrule: Line = Field(
        description="An RFC 5545 recurrence rule.", examples=["FREQ=MONTHLY;BYDAY=+4WE"]
    )
    starts_on: Day
    local_time: WallClock = Field(
        description="The time it starts, in its own time zone.", examples=["18:00"]
    )
    duration_minutes: Count = Field(ge=1, le=1_440, examples=[90])
    time_zone: Name = Field(examples=["Europe/Lisbon"])


class HoldGathering(Command):
    network_id: UUID
    series_id: UUID | None = None
    kind: GatheringKind
    topic: Line = Field(examples=["Holding space after a loss in the group"])
    happened_at: HappenedAt = None
    facilitator_id: UUID | None = None
    attendee_ids: list[UUID] = Field(default_factory=list, max_length=1_000)
    reflections: Notes = Field(default="", description="The group's reflections, without names.")


class SeriesOut(BaseModel):
    id: UUID
    version: int
    network_id: UUID
    name: str
    kind: GatheringKind
    rrule: str
    starts_on: Day
    local_time: WallClock
    duration_minutes: int
    time_zone: str

    @classmethod
    def of(cls, s: GatheringSeries) -> SeriesOut:
        return cls(
            id=s.id,
            version=s.version,
            network_id=s.network_id,
            name=s.name,
            kind=s.kind,
            rrule=s.rrule,
            starts_on=s.starts_on,
            local_time=s.local_time.strftime("%H:%M"),
            duration_minutes=s.duration_minutes,
            time_zone=s.time_zone,
        )


class GatheringOut(BaseModel):
    id: UUID
    version: int
    network_id: UUID
    series_id: UUID | None
    kind: GatheringKind
    topic: str
    happened_at: datetime
    facilitator_id: UUID | None
    attendee_ids: list[UUID]
    reflections: str

    @classmethod
    def of(cls, g: Gathering) -> GatheringOut:
        return cls(
            id=g.id,
            version=g.version,
            network_id=g.network_id,
            series_id=g.series_id,
            kind=g.kind,
            topic=g.topic,
            happened_at=g.happened_at,
            facilitator_id=g.facilitator_id,
            attendee_ids=g.attendee_ids,
            reflections=g.reflections,
        )


@series_router.post("", status_code=201, responses=WRITE)
@may(ORG)
def establish_gathering_series(
    body: EstablishSeries,
    ctx: Ctx,
) -> RecordedOut:
    """Establish a recurring gathering, e.g. on the 4th Wednesday of every month at 18:00."""
    return establish_series(body, ctx)


def establish_series(body: EstablishSeries, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.establish_gathering_series(
            network_id=body.network_id,
            name=body.name,
            kind=body.kind,
            rrule=body.rrule,
            starts_on=body.starts_on,
            local_time=time.fromisoformat(body.local_time),
            duration_minutes=body.duration_minutes,
            time_zone=body.time_zone,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@series_router.get("/{id}", responses=READ)
@may(ORG, LEAD)
def get_gathering_series(id: UUID, app: AppDep) -> SeriesOut:
    """A gathering series and its rhythm."""
    return SeriesOut.of(app.get(GatheringSeries, id))


@router.post("", status_code=201, responses=WRITE)
@may(ORG)
def hold_gathering(
    body: HoldGathering,
    ctx: Ctx,
) -> RecordedOut:
    """Record a gathering held: its topic, who came and the group's reflections."""
    return hold(body, ctx)


def hold(body: HoldGathering, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.hold_gathering(
            network_id=body.network_id,
            series_id=body.series_id,
            kind=body.kind,
            topic=body.topic,
            happened_at=body.happened_at,
            facilitator_id=body.facilitator_id,
            attendee_ids=body.attendee_ids,
            reflections=body.reflections,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.get("/{id}", responses=READ)
@may(ORG, LEAD)
def get_gathering(id: UUID, app: AppDep) -> GatheringOut:
    """A gathering as recorded."""
    return GatheringOut.of(app.get(Gathering, id))
