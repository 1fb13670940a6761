"""Reading the power map: the power map view, now or as of a moment."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from domain.application import Groundwork
from domain.campaign import Campaign
from domain.errors import NotFound, NotOnRecord
from domain.network import Network
from domain.power_holder import PowerHolder
from domain.values import Stance
from interface.api.access import LEAD, ORG, may
from interface.api.clocks import Clocks, ClocksDep, cut_of
from interface.api.common import AppDep
from interface.api.errors import READ
from interface.api.reading import (
    Freshness,
    Limit,
    Offset,
    Page,
    page,
    read_view,
    today,
)
from interface.api.routing import WorkerThreadRoute
from projections.power import PowerMap
from projections.power_entries import PowerHolderMap

networks = APIRouter(prefix="/networks", tags=["power-holders"], route_class=WorkerThreadRoute)
holders = APIRouter(prefix="/power-holders", tags=["power-holders"], route_class=WorkerThreadRoute)


class AssessmentOut(BaseModel):
    number: int
    stance: Stance
    influence: int = Field(ge=1, le=5, description="1 (little) to 5 (decisive).")
    interests: list[str] = Field(examples=[["budget", "re-election"]])
    happened_at: datetime
    recorded_at: datetime
    retracted: bool = Field(
        default=False, description="Retracted since: it no longer says where they stand."
    )


class AskOut(BaseModel):
    number: int
    text: str = Field(examples=["Will the board table pay in March?"])
    answer: str = Field(description="The latest answer on record.", examples=["yes"])


class MeetingOut(BaseModel):
    meeting_id: UUID
    campaign_id: UUID | None
    purpose: str = Field(examples=["negotiation"])
    happened_at: datetime
    asks: list[AskOut]


class CommitmentOut(BaseModel):
    meeting_id: UUID
    number: int
    text: str = Field(examples=["Table peer-worker pay at the March board"])
    due: date | None
    status: str = Field(description="open, kept, partly_kept or broken.", examples=["open"])
    overdue: bool = Field(description="Past due with no outcome on record.")
    note: str
    secured_at: datetime


class ScorecardOut(BaseModel):
    open: int
    kept: int
    partly_kept: int
    broken: int
    overdue: int


class PowerHolderMapOut(BaseModel):
    power_holder_id: UUID
    name: str = Field(examples=["Dr. Halima Mohamed"])
    role: str = Field(examples=["County Executive for Health"])
    institution: str = Field(examples=["Mombasa County"])
    stance: Stance = Field(description="From the latest assessment; unknown before any.")
    influence: int | None
    assessments: list[AssessmentOut] = Field(
        description="Oldest first: how their stance and influence changed."
    )
    meetings: list[MeetingOut]
    asks: int
    asks_answered_yes: int
    commitments: list[CommitmentOut]
    scorecard: ScorecardOut

    @classmethod
    def of(cls, m: PowerHolderMap) -> PowerHolderMapOut:
        return cls(
            power_holder_id=m.power_holder_id,
            name=m.name,
            role=m.role,
            institution=m.institution,
            stance=Stance(m.stance),
            influence=m.influence,
            assessments=[AssessmentOut(**vars(a)) for a in m.assessments],
            meetings=[
                MeetingOut(
                    meeting_id=x.meeting_id,
                    campaign_id=x.campaign_id,
                    purpose=x.purpose,
                    happened_at=x.happened_at,
                    asks=[AskOut(**vars(a)) for a in x.asks],
                )
                for x in m.meetings
            ],
            asks=m.asks,
            asks_answered_yes=m.asks_answered_yes,
            commitments=[CommitmentOut(**vars(k)) for k in m.commitments],
            scorecard=ScorecardOut(**vars(m.scorecard)),
        )


class PowerMapOut(Page, Clocks):
    network_id: UUID
    campaign_id: UUID | None
    as_of: datetime | None = Field(description="The same as `known_at` (its first name).")
    power_holders: list[PowerHolderMapOut]


class OnePowerHolderOut(Freshness, Clocks):
    as_of: datetime | None = Field(description="The same as `known_at` (its first name).")
    power_holder: PowerHolderMapOut


@networks.get("/{id}/power-map", responses=READ)
@may(ORG, LEAD)
def power_map(
    id: UUID,
    app: AppDep,
    request: Request,
    clocks: ClocksDep,
    campaign_id: Annotated[
        UUID | None, Query(description="Only the power-holders this campaign targets.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PowerMapOut:
    """The network's power-holders with their latest stance and influence and how these
    changed, the meetings held with them, the asks and answers, and their commitments
    scorecard (open, kept, partly kept, broken, overdue); as it was on record at `known_at`
    (alias `as_of`), as things stood `on` a moment, or both."""
    return power_map_of(
        id, app, request, campaign_id=campaign_id, clocks=clocks, limit=limit, offset=offset
    )


def power_map_of(
    id: UUID,
    app: Groundwork,
    request: Request,
    campaign_id: UUID | None = None,
    clocks: Clocks | None = None,
    limit: int = 50,
    offset: int = 0,
) -> PowerMapOut:
    """The query, as the API and the web pages both read it."""
    app.get(Network, id)
    if campaign_id is not None and app.read(Campaign, campaign_id).network_id != id:
        raise NotOnRecord(f"Campaign {campaign_id} is not in network {id}.", "query.campaign_id")
    view, freshness = read_view(request, PowerMap)
    cut, when = cut_of(app, clocks), clocks or Clocks()
    found = view.holders(
        id, today=today(), campaign_id=campaign_id, cut=cut, limit=limit + 1, offset=offset
    )
    return PowerMapOut(
        network_id=id,
        campaign_id=campaign_id,
        as_of=when.known_at,
        **when.model_dump(),
        power_holders=[PowerHolderMapOut.of(m) for m in found[:limit]],
        **page(freshness, limit, offset, len(found)),
    )


@holders.get("/{id}/power-map", responses=READ)
@may(ORG, LEAD)
def power_holder_map(
    id: UUID, app: AppDep, request: Request, clocks: ClocksDep
) -> OnePowerHolderOut:
    """One power-holder's place on the map, now or as of a moment (on either clock)."""
    app.read(PowerHolder, id)
    view, freshness = read_view(request, PowerMap)
    found = view.holder(id, today=today(), cut=cut_of(app, clocks))
    if found is None:
        if clocks.now:  # recorded, but the view has not applied it yet
            raise NotFound("power-holder", id)
        field = clocks.known_field if clocks.known_at else "query.on"
        raise NotOnRecord(f"Power-holder {id} was not on record yet at that moment.", field)
    return OnePowerHolderOut(
        as_of=clocks.known_at,
        power_holder=PowerHolderMapOut.of(found),
        **freshness.model_dump(),
        **clocks.model_dump(),
    )
