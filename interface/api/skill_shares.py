"""Skill-shares: a member teaching others a skill. Organisers record them; organisers and
leaders read them, and the skills a network's members have taught each other."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from domain.network import Network
from domain.skill_share import SkillShare, SkillShares
from interface.api.access import LEAD, ORG, may
from interface.api.common import (
    AppDep,
    Command,
    CommandContext,
    Ctx,
    HappenedAt,
    Line,
    Name,
    Notes,
    NumberOnly,
    RecordedOut,
)
from interface.api.errors import READ, WRITE
from interface.api.reading import Limit, Offset, Page, page, read_view
from interface.api.routing import WorkerThreadRoute
from projections.skill_shares import SkillShares as SkillSharesView

router = APIRouter(prefix="/skill-shares", tags=["skill-shares"], route_class=WorkerThreadRoute)
networks = APIRouter(prefix="/networks", tags=["skill-shares"], route_class=WorkerThreadRoute)


class HoldSkillShare(Command):
    network_id: UUID
    community: Name | None = Field(
        default=None, description="Which of the network's communities it was held in."
    )
    skill: Line = Field(examples=["Running a one-to-one"])
    happened_at: HappenedAt = None
    # The bounds on the number itself, so that the API document shows them (on the optional
    # field they would be checked but not documented).
    duration_minutes: Annotated[int, Field(ge=1, le=1_440), NumberOnly] | None = Field(
        default=None, examples=[90]
    )
    taught_by: UUID = Field(description="The person who taught.")
    learner_ids: list[UUID] = Field(
        min_length=1, max_length=1_000, description="Each person who learned."
    )
    reflections: Notes = Field(default="", description="What the group said, without names.")


class SkillShareOut(BaseModel):
    id: UUID
    version: int
    network_id: UUID
    community: str | None
    skill: str
    happened_at: datetime
    duration_minutes: int | None
    taught_by: UUID
    learner_ids: list[UUID]
    reflections: str

    @classmethod
    def of(cls, s: SkillShare) -> SkillShareOut:
        return cls(
            id=s.id,
            version=s.version,
            network_id=s.network_id,
            community=s.community,
            skill=s.skill,
            happened_at=s.happened_at,
            duration_minutes=s.duration_minutes,
            taught_by=s.taught_by,
            learner_ids=s.learner_ids,
            reflections=s.reflections,
        )


class ListedOut(BaseModel):
    id: UUID
    community: str | None
    skill: str
    happened_at: datetime
    taught_by: UUID
    learners: int


class SkillTaughtOut(BaseModel):
    skill: str
    times: int = Field(description="How many skill-shares taught it.")
    learners: int = Field(description="How many learned it, over all of them.")
    last_taught_at: datetime


class NetworkSkillSharesOut(Page):
    network_id: UUID
    skill_shares: list[ListedOut] = Field(description="The most recently held first.")
    skills_taught: list[SkillTaughtOut] = Field(description="The most often taught first.")


def hold(body: HoldSkillShare, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        SkillShares(ctx.app).hold(
            network_id=body.network_id,
            community=body.community,
            skill=body.skill,
            happened_at=body.happened_at,
            duration_minutes=body.duration_minutes,
            taught_by=body.taught_by,
            learner_ids=body.learner_ids,
            reflections=body.reflections,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("", status_code=201, responses=WRITE)
@may(ORG)
def hold_skill_share(body: HoldSkillShare, ctx: Ctx) -> RecordedOut:
    """Record a skill-share: who taught which skill to whom, when, where, and what the group
    reflected."""
    return hold(body, ctx)


@router.get("/{id}", responses=READ)
@may(ORG, LEAD)
def get_skill_share(id: UUID, app: AppDep) -> SkillShareOut:
    """A skill-share as recorded."""
    return SkillShareOut.of(app.get(SkillShare, id))


def of_network(
    request: Request, id: UUID, limit: int = 50, offset: int = 0
) -> NetworkSkillSharesOut:
    """The query, as the API and the network's page both read it."""
    view, freshness = read_view(request, SkillSharesView)
    listed = view.of_network(id, limit=limit + 1, offset=offset)
    return NetworkSkillSharesOut(
        network_id=id,
        skill_shares=[
            ListedOut(
                id=s.skill_share_id,
                community=s.community,
                skill=s.skill,
                happened_at=s.happened_at,
                taught_by=s.taught_by,
                learners=s.learners,
            )
            for s in listed[:limit]
        ],
        skills_taught=[
            SkillTaughtOut(
                skill=t.skill, times=t.times, learners=t.learners, last_taught_at=t.last_taught_at
            )
            for t in view.skills_taught(id)
        ],
        **page(freshness, limit, offset, len(listed)),
    )


@networks.get("/{id}/skill-shares", responses=READ)
@may(ORG, LEAD)
def network_skill_shares(
    id: UUID, app: AppDep, request: Request, limit: Limit = 50, offset: Offset = 0
) -> NetworkSkillSharesOut:
    """A network's skill-shares, and the skills its members have taught each other."""
    app.read(Network, id)  # a 404 for a network not on record
    return of_network(request, id, limit, offset)
