"""Corrections: a fact recorded wrongly is put right by a new fact saying what changed and
why. The turnout of an action, a cancellation, a commitment's outcome, an assessment of a
power-holder, the campaign a decision is filed under, a campaign's target. Nothing recorded
is changed: the record's history keeps both, and the views count the correction."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from pydantic import Field

from domain.values import CommitmentStatus, TargetMetric
from interface.api.access import LEAD, ORG, may
from interface.api.common import (
    Command,
    CommandContext,
    Count,
    Ctx,
    HappenedAt,
    Line,
    RecordedOut,
    Remark,
)
from interface.api.errors import WRITE
from interface.api.routing import WorkerThreadRoute

actions = APIRouter(prefix="/actions", tags=["actions"], route_class=WorkerThreadRoute)
meetings = APIRouter(
    prefix="/power-holder-meetings", tags=["power-holders"], route_class=WorkerThreadRoute
)
holders = APIRouter(prefix="/power-holders", tags=["power-holders"], route_class=WorkerThreadRoute)
decisions = APIRouter(prefix="/decisions", tags=["decisions"], route_class=WorkerThreadRoute)
campaigns = APIRouter(prefix="/campaigns", tags=["campaigns"], route_class=WorkerThreadRoute)

WHY = Field(description="Why it is corrected: kept with the correction.", examples=["Miscounted"])


class CorrectTurnout(Command):
    turnout: Count = Field(ge=0, le=10_000_000, description="The turnout as it truly was.")
    reason: Line = WHY
    happened_at: HappenedAt = None


class Reinstate(Command):
    reason: Line = Field(examples=["The board rescheduled: the vigil is on again"])
    happened_at: HappenedAt = None


class CorrectOutcome(Command):
    number: Count = Field(ge=1, le=1_000)
    status: CommitmentStatus = Field(
        description="What it truly came to: kept, partly_kept, broken, or open (no outcome"
        " should have been recorded yet)."
    )
    note: Remark = ""
    reason: Line = WHY
    happened_at: HappenedAt = None


class RetractAssessment(Command):
    number: Count = Field(ge=1, le=100_000)
    reason: Line = WHY
    happened_at: HappenedAt = None


class FileUnderCampaign(Command):
    campaign_id: UUID = Field(description="The campaign of the network it belongs to.")
    reason: Line = WHY
    happened_at: HappenedAt = None


class WithdrawTarget(Command):
    metric: TargetMetric
    reason: Line = WHY
    happened_at: HappenedAt = None


@actions.post("/{id}/turnout-corrections", status_code=201, responses=WRITE)
@may(ORG)
def correct_turnout(id: UUID, body: CorrectTurnout, ctx: Ctx) -> RecordedOut:
    """Correct the turnout recorded for an action held: what it truly was, and why. It
    counts in the week the action was held."""
    return turnout(id, body, ctx)


def turnout(id: UUID, body: CorrectTurnout, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.correct_turnout(
            id,
            turnout=body.turnout,
            reason=body.reason,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@actions.post("/{id}/reinstatement", status_code=201, responses=WRITE)
@may(ORG)
def reinstate_action(id: UUID, body: Reinstate, ctx: Ctx) -> RecordedOut:
    """Reinstate a cancelled action: it is on again (or was cancelled by mistake)."""
    return reinstate(id, body, ctx)


def reinstate(id: UUID, body: Reinstate, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.reinstate_action(
            id, reason=body.reason, happened_at=body.happened_at, recorded_by=ctx.by, key=ctx.key
        )
    )


@meetings.post("/{id}/commitment-outcome-corrections", status_code=201, responses=WRITE)
@may(ORG)
def correct_commitment_outcome(id: UUID, body: CorrectOutcome, ctx: Ctx) -> RecordedOut:
    """Correct what a commitment came to (kept, partly kept, broken, or open again): it
    counts when the commitment was settled."""
    return outcome(id, body, ctx)


def outcome(id: UUID, body: CorrectOutcome, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.correct_commitment_outcome(
            id,
            number=body.number,
            status=body.status,
            note=body.note,
            reason=body.reason,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@holders.post("/{id}/assessment-retractions", status_code=201, responses=WRITE)
@may(ORG)
def retract_assessment(id: UUID, body: RetractAssessment, ctx: Ctx) -> RecordedOut:
    """Retract an assessment of a power-holder: it stays on record, marked retracted, and
    no longer says where they stand."""
    return retraction(id, body, ctx)


def retraction(id: UUID, body: RetractAssessment, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.retract_assessment(
            id,
            number=body.number,
            reason=body.reason,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@decisions.post("/{id}/campaign", status_code=201, responses=WRITE)
@may(LEAD)
def file_decision_under_campaign(id: UUID, body: FileUnderCampaign, ctx: Ctx) -> RecordedOut:
    """File a decision under a campaign of its network (one made before its campaign
    existed, or filed under the wrong one): its story is then told in that campaign's."""
    return file_under(id, body, ctx)


def file_under(id: UUID, body: FileUnderCampaign, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.link_decision_to_campaign(
            id,
            campaign_id=body.campaign_id,
            reason=body.reason,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@campaigns.post("/{id}/target-withdrawals", status_code=201, responses=WRITE)
@may(ORG, LEAD)
def withdraw_target(id: UUID, body: WithdrawTarget, ctx: Ctx) -> RecordedOut:
    """Withdraw a campaign's target for a measure: it no longer stands."""
    return withdrawal(id, body, ctx)


def withdrawal(id: UUID, body: WithdrawTarget, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.withdraw_target(
            id,
            metric=body.metric,
            reason=body.reason,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )
