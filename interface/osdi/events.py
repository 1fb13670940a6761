"""Gatherings and actions as OSDI events, and who came to a gathering as its attendances,
as sent (the mapping is in `interface.osdi`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.action import Action
from domain.gathering import Gathering
from interface.osdi.hal import ORIGIN, Collection, Link, PageLinks, absent, identifier


class EventLinks(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    self_: Link = Field(alias="self")
    attendances: Link | None = Field(
        default=None,
        alias="osdi:attendances",
        exclude_if=absent,
        description="A gathering's: who came. An action's turnout is a count only.",
    )


class OsdiEvent(BaseModel):
    """A gathering or an action (OSDI `osdi:event`)."""

    model_config = ConfigDict(populate_by_name=True)

    identifiers: list[str] = Field(examples=[["groundwork:3f0c6a1e-0d3b-4a55-9d8a-2b6f3c1d9e10"]])
    origin_system: str = Field(examples=[ORIGIN])
    created_date: datetime
    modified_date: datetime
    name: str = Field(examples=["Delegation to the county health board"])
    title: str = Field(examples=["Delegation to the county health board"])
    description: str | None = Field(description="An action's ask.")
    start_date: datetime = Field(description="When it was held, or is planned for.")
    end_date: datetime | None = Field(
        description="For a gathering of a series, its start and the series' length."
    )
    status: Literal["confirmed", "cancelled"]
    type: Literal["open"]
    total_accepted: int = Field(
        description="Who came: a gathering's attendees and facilitator, an action's turnout; "
        "for an action not held yet, the turnout pledged."
    )
    kind: Literal["gathering", "action"] = Field(alias="groundwork:kind")
    held: bool = Field(alias="groundwork:held")
    links: EventLinks = Field(alias="_links")


class EventsLinks(PageLinks):
    events: list[Link] = Field(alias="osdi:events")


class EmbeddedEvents(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    events: list[OsdiEvent] = Field(alias="osdi:events")


class OsdiEvents(Collection[EventsLinks, EmbeddedEvents]):
    """A page of a network's gatherings and actions (OSDI events collection)."""


class AttendanceLinks(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    person: Link = Field(alias="osdi:person")
    event: Link = Field(alias="osdi:event")


class OsdiAttendance(BaseModel):
    """Someone who came to a gathering (OSDI `osdi:attendance`)."""

    model_config = ConfigDict(populate_by_name=True)

    identifiers: list[str] = Field(examples=[["groundwork:3f0c…/9a1b…"]])
    origin_system: str = Field(examples=[ORIGIN])
    created_date: datetime
    modified_date: datetime
    status: Literal["accepted"]
    attended: bool
    links: AttendanceLinks = Field(alias="_links")


class EmbeddedAttendances(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    attendances: list[OsdiAttendance] = Field(alias="osdi:attendances")


class OsdiAttendances(Collection[PageLinks, EmbeddedAttendances]):
    """A page of who came to a gathering. Forgotten people are left out."""


def came_to(gathering: Gathering) -> list[UUID]:
    """Who came to a gathering: its attendees, then its facilitator if not among them."""
    came = list(gathering.attendee_ids)
    if gathering.facilitator_id is not None and gathering.facilitator_id not in came:
        came.append(gathering.facilitator_id)
    return came


def event_out(record: Gathering | Action, base: str, length: timedelta | None = None) -> OsdiEvent:
    """A gathering or an action in OSDI's shape (`length`: how long a gathering of a series
    lasts, for its end)."""
    href = f"{base}/osdi/events/{record.id}"
    if isinstance(record, Gathering):
        title, description, kind = record.topic, None, "gathering"
        starts, held, cancelled, accepted = record.happened_at, True, False, len(came_to(record))
    else:
        title, description, kind = record.title, record.ask, "action"
        starts, cancelled = record.held_at or record.scheduled_for, record.is_cancelled
        held = record.held_at is not None
        accepted = record.turnout if record.turnout is not None else record.turnout_pledged
    return OsdiEvent(
        identifiers=[identifier(record.id)],
        origin_system=ORIGIN,
        created_date=record.created_on,
        modified_date=record.modified_on,
        name=title,
        title=title,
        description=description,
        start_date=starts,
        end_date=starts + length if length else None,
        status="cancelled" if cancelled else "confirmed",
        type="open",
        total_accepted=accepted,
        kind=kind,
        held=held,
        links=EventLinks(
            self_=Link(href=href),
            attendances=Link(href=f"{href}/attendances") if kind == "gathering" else None,
        ),
    )
