"""Decisions: proposed with the evidence they cite, positions taken, reached by their rule."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.decision import Decision
from domain.values import DecisionKind, DecisionRule, DecisionStatus, EvidenceKind, EvidenceRef
from interface.api.access import AUD, LEAD, ORG, may
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
    Story,
)
from interface.api.errors import READ, WRITE
from interface.api.routing import WorkerThreadRoute

router = APIRouter(prefix="/decisions", tags=["decisions"], route_class=WorkerThreadRoute)


class EvidenceIn(Command):
    kind: EvidenceKind
    id: UUID = Field(
        description="The record cited (for a listening session, its listening "
        "campaign; for an assessment, its power-holder)."
    )
    item: Annotated[int, Field(ge=1, le=100_000), NumberOnly] | None = Field(
        default=None, description="The session's or assessment's number in that record."
    )


class ProposeDecision(Command):
    network_id: UUID
    campaign_id: UUID | None = None
    kind: DecisionKind
    question: Line = Field(examples=["Which issue do we cut from the listening?"])
    options: list[Name] = Field(
        min_length=2, max_length=20, examples=[["Fair pay for peer work", "Training budgets"]]
    )
    rule: DecisionRule
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=100)
    proposed_by: UUID
    happened_at: HappenedAt = None


class TakePosition(Command):
    participant_id: UUID
    option: Name
    reason: Notes = ""
    happened_at: HappenedAt = None


class ReachDecision(Command):
    outcome: Name = Field(description="One of the decision's options.")
    rationale: Story
    happened_at: HappenedAt = None


class RevisitDecision(Command):
    reason: Line
    happened_at: HappenedAt = None


class SupersedeDecision(Command):
    by_decision_id: UUID
    reason: Line
    happened_at: HappenedAt = None


class EvidenceOut(BaseModel):
    kind: EvidenceKind
    id: UUID
    item: int | None


class PositionOut(BaseModel):
    participant_id: UUID
    option: str
    reason: str
    taken_at: datetime


class DecisionOut(BaseModel):
    id: UUID
    version: int
    network_id: UUID
    campaign_id: UUID | None
    kind: DecisionKind
    question: str
    options: list[str]
    rule: DecisionRule
    evidence: list[EvidenceOut]
    proposed_by: UUID
    proposed_at: datetime
    positions: list[PositionOut]
    status: DecisionStatus
    outcome: str | None
    rationale: str
    reached_at: datetime | None
    superseded_by: UUID | None

    @classmethod
    def of(cls, d: Decision) -> DecisionOut:
        return cls(
            id=d.id,
            version=d.version,
            network_id=d.network_id,
            campaign_id=d.campaign_id,
            kind=d.kind,
            question=d.question,
            options=d.options,
            rule=d.rule,
            evidence=[EvidenceOut(kind=e.kind, id=e.id, item=e.item) for e in d.evidence],
            proposed_by=d.proposed_by,
            proposed_at=d.proposed_at,
            positions=[
                PositionOut(
                    participant_id=p.participant_id,
                    option=p.option,
                    reason=p.reason,
                    taken_at=p.happened_at,
                )
                for p in d.positions.values()
            ],
            status=d.status,
            outcome=d.outcome,
            rationale=d.rationale,
            reached_at=d.reached_at,
            superseded_by=d.superseded_by,
        )


@router.post("", status_code=201, responses=WRITE)
@may(LEAD)
def propose_decision(
    body: ProposeDecision,
    ctx: Ctx,
) -> RecordedOut:
    """Propose a decision: its question, options, rule and the evidence on record it cites."""
    return propose(body, ctx)


def propose(body: ProposeDecision, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.propose_decision(
            network_id=body.network_id,
            campaign_id=body.campaign_id,
            kind=body.kind,
            question=body.question,
            options=body.options,
            rule=body.rule,
            evidence=[EvidenceRef(kind=e.kind, id=e.id, item=e.item) for e in body.evidence],
            proposed_by=body.proposed_by,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.get("/{id}", responses=READ)
@may(ORG, LEAD, AUD)
def get_decision(id: UUID, app: AppDep) -> DecisionOut:
    """A decision as it stands now."""
    return DecisionOut.of(app.get(Decision, id))


@router.post("/{id}/positions", status_code=201, responses=WRITE)
@may(LEAD)
def take_position(
    id: UUID,
    body: TakePosition,
    ctx: Ctx,
) -> RecordedOut:
    """Record a participant's position on an open decision, and their reason."""
    return record_position(id, body, ctx)


def record_position(id: UUID, body: TakePosition, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.take_position(
            id,
            participant_id=body.participant_id,
            option=body.option,
            reason=body.reason,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/outcome", status_code=201, responses=WRITE)
@may(LEAD)
def reach_decision(
    id: UUID,
    body: ReachDecision,
    ctx: Ctx,
) -> RecordedOut:
    """Record that the decision was reached, by its rule, with the outcome and rationale."""
    return reach(id, body, ctx)


def reach(id: UUID, body: ReachDecision, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.reach_decision(
            id,
            outcome=body.outcome,
            rationale=body.rationale,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/revisits", status_code=201, responses=WRITE)
@may(LEAD)
def revisit_decision(
    id: UUID,
    body: RevisitDecision,
    ctx: Ctx,
) -> RecordedOut:
    """Reopen a reached decision, with the reason."""
    return RecordedOut.of(
        ctx.app.revisit_decision(
            id, reason=body.reason, happened_at=body.happened_at, recorded_by=ctx.by, key=ctx.key
        )
    )


@router.post("/{id}/supersession", status_code=201, responses=WRITE)
@may(LEAD)
def supersede_decision(
    id: UUID,
    body: SupersedeDecision,
    ctx: Ctx,
) -> RecordedOut:
    """Record that a later decision superseded this one."""
    return RecordedOut.of(
        ctx.app.supersede_decision(
            id,
            by_decision_id=body.by_decision_id,
            reason=body.reason,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )
