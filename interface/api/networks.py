"""The network: founding, guidelines, committee and communities."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.network import DEFAULT_TIME_ZONE, Network
from interface.api.access import EVERYONE, LEAD, CallerDep, may
from interface.api.common import (
    AppDep,
    Command,
    Ctx,
    HappenedAt,
    Line,
    Name,
    RecordedOut,
    Remark,
    Story,
    Tags,
)
from interface.api.errors import READ, UNAVAILABLE, WRITE
from interface.api.routing import WorkerThreadRoute

router = APIRouter(prefix="/networks", tags=["network"], route_class=WorkerThreadRoute)


#: What a network's time zone is, for the OpenAPI text.
ZONE = (
    "The IANA time zone the network counts its weeks in: each starts on Monday at midnight "
    "there. UTC unless given."
)


class FoundNetwork(Command):
    name: Name = Field(examples=["Peers Across Borders"])
    focus: Line = Field(examples=["Peer support in mental health and substance use"])
    goals: Tags = Field(default_factory=list, examples=[["Peer work is paid fairly"]])
    communities: Tags = Field(
        default_factory=list,
        description="Countries or chapters spanned.",
        examples=[["Portugal", "Kenya", "Canada"]],
    )
    happened_at: HappenedAt = None
    time_zone: Name = Field(
        default=DEFAULT_TIME_ZONE,
        description=ZONE,
        examples=["Africa/Nairobi"],
    )


class SetTimeZone(Command):
    time_zone: Name = Field(description=ZONE, examples=["Europe/Berlin"])
    happened_at: HappenedAt = None


class AdoptGuidelines(Command):
    text: Story = Field(examples=["We meet as equals. What is shared here stays here."])
    happened_at: HappenedAt = None


class WelcomeToCommittee(Command):
    person_id: UUID
    happened_at: HappenedAt = None


class StepDownFromCommittee(Command):
    person_id: UUID
    reason: Remark = ""
    happened_at: HappenedAt = None


class AddCommunity(Command):
    happened_at: HappenedAt = None
    community: Name = Field(examples=["Brazil"])


class GuidelinesOut(BaseModel):
    version: int
    text: str
    adopted_at: datetime


class NetworkOut(BaseModel):
    id: UUID
    version: int
    name: str
    focus: str
    goals: list[str]
    communities: list[str]
    founded_at: datetime
    guidelines: list[GuidelinesOut] = Field(description="Every version adopted, oldest first.")
    committee: list[UUID]
    time_zone: str = Field(
        description="The IANA time zone the network counts its weeks in (Monday 00:00 there).",
        examples=["Africa/Nairobi"],
    )

    @classmethod
    def of(cls, n: Network) -> NetworkOut:
        return cls(
            id=n.id,
            version=n.version,
            name=n.name,
            focus=n.focus,
            goals=n.goals,
            communities=n.communities,
            founded_at=n.founded_at,
            guidelines=[
                GuidelinesOut(version=v, text=t, adopted_at=at) for v, t, at in n.guidelines
            ],
            committee=n.committee,
            time_zone=n.time_zone,
        )


@router.post("", status_code=201, responses=WRITE)
@may(LEAD)
def found_network(
    body: FoundNetwork,
    ctx: Ctx,
) -> RecordedOut:
    """Record that a network was founded, with its focus, goals and communities."""
    return RecordedOut.of(
        ctx.app.found_network(
            name=body.name,
            focus=body.focus,
            goals=body.goals,
            communities=body.communities,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            time_zone=body.time_zone,
            key=ctx.key,
        )
    )


class NetworkSummary(BaseModel):
    id: UUID
    name: str
    communities: list[str]
    founded_at: datetime


@router.get("", responses=UNAVAILABLE)
@may(*EVERYONE)
def list_networks(app: AppDep, caller: CallerDep) -> list[NetworkSummary]:
    """The networks on record (up to 100) that the caller acts within, oldest first: where
    to start exploring."""
    return [
        NetworkSummary(id=n.id, name=n.name, communities=n.communities, founded_at=n.founded_at)
        for n in (app.get(Network, i) for i in app.network_ids() if caller.may_see(i))
    ]


@router.get("/{id}", responses=READ)
@may(*EVERYONE)
def get_network(id: UUID, app: AppDep) -> NetworkOut:
    """The network as it stands now."""
    return NetworkOut.of(app.get(Network, id))


@router.post("/{id}/time-zone", status_code=201, responses=WRITE)
@may(LEAD)
def set_time_zone(id: UUID, body: SetTimeZone, ctx: Ctx) -> RecordedOut:
    """Record that the network counts its weeks in another time zone, from Monday at
    midnight there: every weekly series is counted again in it, the weeks before too. The
    zone the network already has records nothing (the version stays as it was)."""
    return RecordedOut.of(
        ctx.app.set_time_zone(
            id,
            time_zone=body.time_zone,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/guidelines", status_code=201, responses=WRITE)
@may(LEAD)
def adopt_guidelines(
    id: UUID,
    body: AdoptGuidelines,
    ctx: Ctx,
) -> RecordedOut:
    """Record a new version of the community guidelines; earlier versions are kept."""
    return RecordedOut.of(
        ctx.app.adopt_guidelines(
            id, text=body.text, happened_at=body.happened_at, recorded_by=ctx.by, key=ctx.key
        )
    )


@router.post("/{id}/committee", status_code=201, responses=WRITE)
@may(LEAD)
def welcome_to_committee(
    id: UUID,
    body: WelcomeToCommittee,
    ctx: Ctx,
) -> RecordedOut:
    """Record that a person joined the organising committee."""
    return RecordedOut.of(
        ctx.app.welcome_to_committee(
            id,
            person_id=body.person_id,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/committee/step-downs", status_code=201, responses=WRITE)
@may(LEAD)
def step_down_from_committee(
    id: UUID,
    body: StepDownFromCommittee,
    ctx: Ctx,
) -> RecordedOut:
    """Record that a person stepped down from the organising committee."""
    return RecordedOut.of(
        ctx.app.step_down_from_committee(
            id,
            person_id=body.person_id,
            reason=body.reason,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/communities", status_code=201, responses=WRITE)
@may(LEAD)
def add_community(
    id: UUID,
    body: AddCommunity,
    ctx: Ctx,
) -> RecordedOut:
    """Record that the network now spans another community or chapter."""
    return RecordedOut.of(
        ctx.app.add_community(
            id,
            community=body.community,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )
