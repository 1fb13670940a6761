"""Campaigns: goal and issue, measurable targets, power-holders targeted, status, evaluation."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.campaign import Campaign
from domain.values import CampaignStatus, TargetMetric
from interface.api.access import LEAD, ORG, may
from interface.api.common import (
    AppDep,
    Command,
    Count,
    Ctx,
    Day,
    Evaluate,
    EvaluationOut,
    HappenedAt,
    Line,
    Name,
    RecordedOut,
    Remark,
)
from interface.api.errors import READ, WRITE
from interface.api.routing import WorkerThreadRoute

router = APIRouter(prefix="/campaigns", tags=["campaigns"], route_class=WorkerThreadRoute)


class LaunchCampaign(Command):
    network_id: UUID
    name: Name = Field(examples=["Pay peer workers fairly"])
    goal: Line = Field(examples=["Every regional health board pays peer workers a living wage"])
    issue: Line = Field(examples=["Peer supporters in Mombasa are paid in vouchers"])
    listening_campaign_id: UUID | None = Field(
        default=None, description="The listening campaign the issue came from, if any."
    )
    happened_at: HappenedAt = None


class SetTarget(Command):
    happened_at: HappenedAt = None
    metric: TargetMetric
    goal: Count = Field(ge=1, le=10_000_000, examples=[60])
    due: Day | None = None
    reason: Remark = Field(
        default="", description="Why, when revising a target already set (required then)."
    )


class TargetPowerHolder(Command):
    happened_at: HappenedAt = None
    power_holder_id: UUID


class MoveCampaign(Command):
    status: CampaignStatus = Field(description="active (to resume), paused, won, lost or closed.")
    reason: Remark = ""
    happened_at: HappenedAt = None


class TargetOut(BaseModel):
    metric: TargetMetric
    goal: int
    due: date | None


class CampaignOut(BaseModel):
    id: UUID
    version: int
    network_id: UUID
    name: str
    goal: str
    issue: str
    listening_campaign_id: UUID | None
    launched_at: datetime
    status: CampaignStatus
    targets: list[TargetOut]
    power_holder_ids: list[UUID]
    evaluations: list[EvaluationOut]

    @classmethod
    def of(cls, c: Campaign) -> CampaignOut:
        return cls(
            id=c.id,
            version=c.version,
            network_id=c.network_id,
            name=c.name,
            goal=c.goal,
            issue=c.issue,
            listening_campaign_id=c.listening_campaign_id,
            launched_at=c.launched_at,
            status=c.status,
            targets=[
                TargetOut(metric=t.metric, goal=t.goal, due=t.due) for t in c.targets.values()
            ],
            power_holder_ids=c.power_holder_ids,
            evaluations=[EvaluationOut.of(e) for e in c.evaluations],
        )


@router.post("", status_code=201, responses=WRITE)
@may(ORG, LEAD)
def launch_campaign(
    body: LaunchCampaign,
    ctx: Ctx,
) -> RecordedOut:
    """Launch a campaign with its goal and issue, optionally from a listening campaign."""
    return RecordedOut.of(
        ctx.app.launch_campaign(
            network_id=body.network_id,
            name=body.name,
            goal=body.goal,
            issue=body.issue,
            listening_campaign_id=body.listening_campaign_id,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.get("/{id}", responses=READ)
@may(ORG, LEAD)
def get_campaign(id: UUID, app: AppDep) -> CampaignOut:
    """A campaign as it stands now."""
    return CampaignOut.of(app.get(Campaign, id))


@router.post("/{id}/targets", status_code=201, responses=WRITE)
@may(ORG, LEAD)
def set_target(
    id: UUID,
    body: SetTarget,
    ctx: Ctx,
) -> RecordedOut:
    """Set a measurable target, or revise one already set (with a reason)."""
    return RecordedOut.of(
        ctx.app.set_target(
            id,
            metric=body.metric,
            goal=body.goal,
            due=body.due,
            reason=body.reason,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/power-holders", status_code=201, responses=WRITE)
@may(ORG, LEAD)
def target_power_holder(
    id: UUID,
    body: TargetPowerHolder,
    ctx: Ctx,
) -> RecordedOut:
    """Record that the campaign targets a power-holder."""
    return RecordedOut.of(
        ctx.app.target_power_holder(
            id,
            power_holder_id=body.power_holder_id,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/status", status_code=201, responses=WRITE)
@may(ORG, LEAD)
def move_campaign(
    id: UUID,
    body: MoveCampaign,
    ctx: Ctx,
) -> RecordedOut:
    """Record that the campaign was paused, resumed, won, lost or closed."""
    return RecordedOut.of(
        ctx.app.move_campaign(
            id,
            status=body.status,
            reason=body.reason,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/evaluations", status_code=201, responses=WRITE)
@may(ORG, LEAD)
def evaluate_campaign(
    id: UUID,
    body: Evaluate,
    ctx: Ctx,
) -> RecordedOut:
    """Record an evaluation of the campaign."""
    return RecordedOut.of(
        ctx.app.evaluate_campaign(
            id,
            evaluation=body.evaluation(),
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )
