"""Reading who is in the network and each person's relational history: the people and
records views, with names resolved from each person's record when read."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from domain.access import Access
from domain.application import Groundwork
from domain.network import Network
from domain.one_to_one import OneToOne
from domain.person import Person
from domain.values import LadderStage
from interface.api.access import ADM, LEAD, ORG, Caller, CallerDep, may
from interface.api.clocks import Clocks, ClocksDep, cut_of
from interface.api.common import AppDep
from interface.api.errors import READ
from interface.api.reading import (
    Limit,
    Offset,
    Page,
    community_of,
    fields_of,
    in_chapters,
    name_of,
    page,
    read_view,
)
from interface.api.routing import WorkerThreadRoute
from projections.people import People
from projections.records import PARTS, Records
from projections.summaries import ENTRY_KEYS

networks = APIRouter(prefix="/networks", tags=["people"], route_class=WorkerThreadRoute)
people = APIRouter(prefix="/people", tags=["people"], route_class=WorkerThreadRoute)

Kind = Literal[ENTRY_KEYS]  # type: ignore[valid-type]


class ListingOut(BaseModel):
    person_id: UUID
    name: str = Field(description="Personal data, read from the person's record.")
    communities: list[str] = Field(examples=[["Kenya"]])
    languages: list[str] = Field(examples=[["sw", "en"]])
    stage: LadderStage | None = Field(description="Their rung on the leadership ladder.")
    consents: list[str] = Field(examples=[["keep_notes"]])
    registered_at: datetime
    one_to_ones: int = Field(description="One-to-ones they were in, either side.")
    gatherings: int = Field(description="Gatherings they attended or facilitated.")
    last_met_at: datetime | None = Field(description="The last one-to-one or gathering.")


class DirectoryOut(Page):
    network_id: UUID
    people: list[ListingOut]


class HistoryEntryOut(BaseModel):
    roles: list[Literal[PARTS]] = Field(  # type: ignore[valid-type]
        description="The parts the person took in the record this line belongs to.",
        examples=[["met"]],
    )
    record_id: UUID
    position: int = Field(description="The event's position in the log.")
    happened_at: datetime
    recorded_at: datetime
    recorded_by: UUID
    kind: str = Field(examples=["one_to_one"])
    summary: str = Field(examples=["One-to-one held (video, 40 min); interests: fair pay"])
    source: str = Field(examples=["/one-to-ones/3f0c6a1e-0d3b-4a55-9d8a-2b6f3c1d9e10"])
    correction: bool


class FollowUpOut(BaseModel):
    one_to_one_id: UUID
    number: int
    what: str = Field(examples=["Send the peer-work pay survey"])
    side: Literal["met", "organiser"] = Field(
        description="Which side of the one-to-one the person was on."
    )
    due: date | None
    agreed_at: datetime
    done_at: datetime | None


class HistoryOut(Page, Clocks):
    person_id: UUID
    name: str = Field(description="Personal data, read from the person's record.")
    entries: list[HistoryEntryOut] = Field(description="Newest first. Never private notes.")
    follow_ups: list[FollowUpOut] = Field(
        description="What was agreed in their one-to-ones, either side, and whether done."
    )
    parts: dict[str, int] = Field(
        description="In how many records they took each part (every line, not only this "
        "page's): the evidence for their place on the leadership ladder.",
        examples=[{"met": 3, "attended": 5, "taught": 1}],
    )


@networks.get("/{id}/people", responses=READ)
@may(ORG, LEAD, ADM)
def directory(
    id: UUID,
    app: AppDep,
    caller: CallerDep,
    request: Request,
    community: Annotated[str | None, Query(max_length=200)] = None,
    stage: LadderStage | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DirectoryOut:
    """The network's people in the order they were registered, optionally only those of
    one community or at one rung of the leadership ladder. An account acting for some
    chapters (communities) of the network only lists their people."""
    return directory_of(
        id, app, caller, request, community=community, stage=stage, limit=limit, offset=offset
    )


def directory_of(
    id: UUID,
    app: Groundwork,
    caller: Caller,
    request: Request,
    community: str | None = None,
    stage: LadderStage | None = None,
    limit: int = 50,
    offset: int = 0,
) -> DirectoryOut:
    """The query, as the API and the web pages both read it."""
    community = community_of(app.get(Network, id), community)
    view, freshness = read_view(request, People)
    chapters = caller.chapters_in(id)
    found = view.directory(
        id, community=community, stage=stage, chapters=chapters, limit=limit + 1, offset=offset
    )
    listed = found[:limit]
    if chapters is not None:  # as their records have it now: they may have just left
        listed = [p for p in listed if in_chapters(app, p.person_id, chapters)]
    return DirectoryOut(
        network_id=id,
        people=[
            ListingOut(name=name_of(app, p.person_id), **fields_of(p, ListingOut)) for p in listed
        ],
        **page(freshness, limit, offset, len(found)),
    )


@people.get("/{id}/history", responses=READ)
@may(ORG, LEAD)
def history(
    id: UUID,
    app: AppDep,
    caller: CallerDep,
    request: Request,
    clocks: ClocksDep,
    kind: Annotated[list[Kind] | None, Query(description="Only lines of these kinds.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> HistoryOut:
    """A person's relational history: their one-to-ones (never the private notes), the
    gatherings and meetings they attended, their ladder assessments and consents (with
    each one-to-one in which private notes about them were kept, under kind `consent`),
    the decisions they proposed or took a position on, and the follow-ups they agreed to.
    Each read is kept in the access record. As it was on record at `known_at` (alias
    `as_of`), as things stood `on` a moment, or both."""
    return history_of(
        id, app, caller, request, kind=kind, clocks=clocks, limit=limit, offset=offset
    )


def history_of(
    id: UUID,
    app: Groundwork,
    caller: Caller,
    request: Request,
    kind: list[Kind] | None = None,
    clocks: Clocks | None = None,
    limit: int = 50,
    offset: int = 0,
) -> HistoryOut:
    """The query, as the API and the web pages both read it."""
    person = app.read(Person, id)
    app.record_read(account=caller.account_id, what=Access.HISTORY, record_id=id, person_id=id)
    records, freshness = read_view(request, Records)
    entries = records.person_history(
        id, kinds=kind or (), cut=cut_of(app, clocks), limit=limit + 1, offset=offset
    )
    directory_view, _ = read_view(request, People)
    follow_ups = []
    for f in directory_view.follow_ups(id):
        one_to_one = app.read(OneToOne, f.one_to_one_id)
        what = next((u.what for u in one_to_one.follow_ups if u.number == f.number), "")
        follow_ups.append(
            FollowUpOut(
                one_to_one_id=f.one_to_one_id,
                number=f.number,
                what=what,
                side=f.role,
                due=f.due,
                agreed_at=f.agreed_at,
                done_at=f.done_at,
            )
        )
    return HistoryOut(
        person_id=id,
        name=person.name.value,
        entries=[
            HistoryEntryOut(roles=e.roles, **fields_of(e.entry, HistoryEntryOut))
            for e in entries[:limit]
        ],
        follow_ups=follow_ups,
        parts=records.parts_taken(id),
        **(clocks or Clocks()).model_dump(),
        **page(freshness, limit, offset, len(entries)),
    )
