"""Actions: planned, held with turnout and outcome, evaluated, or cancelled."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.action import Action
from domain.values import ActionKind
from interface.api.access import LEAD, ORG, may
from interface.api.common import (
    AppDep,
    Command,
    CommandContext,
    Count,
    Ctx,
    Evaluate,
    EvaluationOut,
    HappenedAt,
    Line,
    Moment,
    Name,
    RecordedOut,
)
from interface.api.errors import READ, WRITE
from interface.api.routing import WorkerThreadRoute

router = APIRouter(prefix="/actions", tags=["actions"], route_class=WorkerThreadRoute)


class PlanAction(Command):
    happened_at: HappenedAt = None
    campaign_id: UUID
    kind: ActionKind
    title: Name = Field(examples=["Delegation to the county health board"])
    scheduled_for: Moment
    power_holder_id: UUID | None = Field(default=None, description="The target of the action.")
    ask: Line = Field(examples=["Pay peer workers from the county budget from July"])
    turnout_pledged: Count = Field(ge=0, le=10_000_000, examples=[40])


class RecordActionHeld(Command):
    happened_at: HappenedAt = None
    turnout: Count = Field(ge=0, le=10_000_000, examples=[46])
    outcome: Line = Field(examples=["The chair agreed to table our proposal in March"])


class CancelAction(Command):
    happened_at: HappenedAt = None
    reason: Line = Field(examples=["The board meeting was postponed"])


class ActionOut(BaseModel):
    id: UUID
    version: int
    network_id: UUID
    campaign_id: UUID
    kind: ActionKind
    title: str
    scheduled_for: datetime
    power_holder_id: UUID | None
    ask: str
    turnout_pledged: int
    held_at: datetime | None
    turnout: int | None
    outcome: str
    evaluations: list[EvaluationOut]
    cancelled: bool
    cancelled_because: str | None

    @classmethod
    def of(cls, a: Action) -> ActionOut:
        return cls(
            id=a.id,
            version=a.version,
            network_id=a.network_id,
            campaign_id=a.campaign_id,
            kind=a.kind,
            title=a.title,
            scheduled_for=a.scheduled_for,
            power_holder_id=a.power_holder_id,
            ask=a.ask,
            turnout_pledged=a.turnout_pledged,
            held_at=a.held_at,
            turnout=a.turnout,
            outcome=a.outcome,
            evaluations=[EvaluationOut.of(e) for e in a.evaluations],
            cancelled=a.is_cancelled,
            cancelled_because=a.cancelled_because,
        )


@router.post("", status_code=201, responses=WRITE)
@may(ORG)
def plan_action(
    body: PlanAction,
    ctx: Ctx,
) -> RecordedOut:
    """Plan an action: its kind, date, target, ask and the turnout pledged."""
    return plan(body, ctx)


def plan(body: PlanAction, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.plan_action(
            campaign_id=body.campaign_id,
            kind=body.kind,
            title=body.title,
            scheduled_for=body.scheduled_for,
            power_holder_id=body.power_holder_id,
            ask=body.ask,
            turnout_pledged=body.turnout_pledged,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.get("/{id}", responses=READ)
@may(ORG, LEAD)
def get_action(id: UUID, app: AppDep) -> ActionOut:
    """An action as it stands now."""
    return ActionOut.of(app.get(Action, id))


@router.post("/{id}/held", status_code=201, responses=WRITE)
@may(ORG)
def record_action_held(
    id: UUID,
    body: RecordActionHeld,
    ctx: Ctx,
) -> RecordedOut:
    """Record that the action was held: the turnout that came and the outcome."""
    return record_held(id, body, ctx)


def record_held(id: UUID, body: RecordActionHeld, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.record_action_held(
            id,
            happened_at=body.happened_at,
            turnout=body.turnout,
            outcome=body.outcome,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/evaluations", status_code=201, responses=WRITE)
@may(ORG)
def evaluate_action(
    id: UUID,
    body: Evaluate,
    ctx: Ctx,
) -> RecordedOut:
    """Record the evaluation after the action."""
    return evaluate(id, body, ctx)


def evaluate(id: UUID, body: Evaluate, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.evaluate_action(
            id,
            evaluation=body.evaluation(),
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/cancellation", status_code=201, responses=WRITE)
@may(ORG)
def cancel_action(
    id: UUID,
    body: CancelAction,
    ctx: Ctx,
) -> RecordedOut:
    """Record that a planned action was cancelled, and why."""
    return cancel(id, body, ctx)


def cancel(id: UUID, body: CancelAction, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.cancel_action(
            id, reason=body.reason, happened_at=body.happened_at, recorded_by=ctx.by, key=ctx.key
        )
    )
