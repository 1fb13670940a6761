"""Power analysis: power-holders and their assessments, and the meetings held with them."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.meeting import PowerHolderMeeting
from domain.power_holder import PowerHolder
from domain.values import Answer, CommitmentStatus, MeetingPurpose, Stance
from interface.api.access import LEAD, ORG, may
from interface.api.common import (
    AppDep,
    Command,
    CommandContext,
    Count,
    Ctx,
    Day,
    Evaluate,
    EvaluationOut,
    HappenedAt,
    Line,
    Name,
    Notes,
    RecordedOut,
    Remark,
    Tags,
)
from interface.api.errors import READ, WRITE
from interface.api.routing import WorkerThreadRoute

holders = APIRouter(prefix="/power-holders", tags=["power-holders"], route_class=WorkerThreadRoute)
meetings = APIRouter(
    prefix="/power-holder-meetings", tags=["power-holders"], route_class=WorkerThreadRoute
)


class IdentifyPowerHolder(Command):
    happened_at: HappenedAt = None
    network_id: UUID
    name: Name = Field(examples=["Dr. J. Otieno"])
    role: Name = Field(examples=["County Executive for Health"])
    institution: Name = Field(examples=["Mombasa County"])


class AssessPowerHolder(Command):
    stance: Stance
    influence: Count = Field(ge=1, le=5, description="1 (little) to 5 (decisive).")
    interests: Tags = Field(default_factory=list, examples=[["re-election", "budget"]])
    notes: Notes = ""
    assessed_by: UUID
    happened_at: HappenedAt = None


class AskIn(Command):
    text: Line = Field(examples=["Will you table peer-worker pay at the March board?"])
    answer: Answer


class HoldMeeting(Command):
    network_id: UUID
    campaign_id: UUID | None = None
    power_holder_ids: list[UUID] = Field(min_length=1, max_length=50)
    attendee_ids: list[UUID] = Field(
        min_length=1, max_length=500, description="People from the network who attended."
    )
    purpose: MeetingPurpose
    happened_at: HappenedAt = None
    asks: list[AskIn] = Field(default_factory=list, max_length=50)
    summary: Notes = ""


class AnswerAsk(Command):
    number: Count = Field(ge=1, le=1_000)
    answer: Answer
    happened_at: HappenedAt = None


class SecureCommitment(Command):
    happened_at: HappenedAt = None
    power_holder_id: UUID
    text: Line = Field(examples=["Table the proposal at the March board meeting"])
    due: Day | None = None


class RecordCommitmentOutcome(Command):
    number: Count = Field(ge=1, le=1_000)
    status: CommitmentStatus = Field(description="kept, partly_kept or broken.")
    note: Remark = ""
    happened_at: HappenedAt = None


class AssessmentOut(BaseModel):
    number: int
    stance: Stance
    influence: int
    interests: list[str]
    notes: str
    assessed_by: UUID
    assessed_at: datetime
    retracted: bool = False


class PowerHolderOut(BaseModel):
    id: UUID
    version: int
    network_id: UUID
    name: str
    role: str
    institution: str
    assessments: list[AssessmentOut] = Field(
        description="Every assessment, in the order they happened (the last is where they"
        " stand now), whatever order they were recorded in."
    )

    @classmethod
    def of(cls, h: PowerHolder) -> PowerHolderOut:
        return cls(
            id=h.id,
            version=h.version,
            network_id=h.network_id,
            name=h.name,
            role=h.role,
            institution=h.institution,
            assessments=[
                AssessmentOut(
                    number=a.number,
                    stance=a.stance,
                    influence=a.influence,
                    interests=a.interests,
                    notes=a.notes,
                    assessed_by=a.assessed_by,
                    assessed_at=a.happened_at,
                    retracted=a.number in h.retracted,
                )
                for a in sorted(h.assessments, key=lambda a: (a.happened_at, a.number))
            ],
        )


class AskOut(BaseModel):
    number: int
    text: str
    answer: Answer


class CommitmentOut(BaseModel):
    number: int
    power_holder_id: UUID
    text: str
    due: date | None
    status: CommitmentStatus
    note: str


class MeetingOut(BaseModel):
    id: UUID
    version: int
    network_id: UUID
    campaign_id: UUID | None
    power_holder_ids: list[UUID]
    attendee_ids: list[UUID]
    purpose: MeetingPurpose
    happened_at: datetime
    asks: list[AskOut]
    summary: str
    commitments: list[CommitmentOut]
    evaluations: list[EvaluationOut]

    @classmethod
    def of(cls, m: PowerHolderMeeting) -> MeetingOut:
        return cls(
            id=m.id,
            version=m.version,
            network_id=m.network_id,
            campaign_id=m.campaign_id,
            power_holder_ids=m.power_holder_ids,
            attendee_ids=m.attendee_ids,
            purpose=m.purpose,
            happened_at=m.happened_at,
            asks=[AskOut(number=a.number, text=a.text, answer=a.answer) for a in m.asks.values()],
            summary=m.summary,
            commitments=[
                CommitmentOut(
                    number=c.number,
                    power_holder_id=c.power_holder_id,
                    text=c.text,
                    due=c.due,
                    status=c.status,
                    note=c.note,
                )
                for c in m.commitments.values()
            ],
            evaluations=[EvaluationOut.of(e) for e in m.evaluations],
        )


@holders.post("", status_code=201, responses=WRITE)
@may(ORG)
def identify_power_holder(
    body: IdentifyPowerHolder,
    ctx: Ctx,
) -> RecordedOut:
    """Record a power-holder: their name, role and institution."""
    return identify(body, ctx)


def identify(body: IdentifyPowerHolder, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.identify_power_holder(
            network_id=body.network_id,
            name=body.name,
            role=body.role,
            institution=body.institution,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@holders.get("/{id}", responses=READ)
@may(ORG, LEAD)
def get_power_holder(id: UUID, app: AppDep) -> PowerHolderOut:
    """A power-holder with every assessment of them."""
    return PowerHolderOut.of(app.get(PowerHolder, id))


@holders.post("/{id}/assessments", status_code=201, responses=WRITE)
@may(ORG)
def assess_power_holder(
    id: UUID,
    body: AssessPowerHolder,
    ctx: Ctx,
) -> RecordedOut:
    """Record an assessment of a power-holder: stance, influence and interests."""
    return assess(id, body, ctx)


def assess(id: UUID, body: AssessPowerHolder, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.assess_power_holder(
            id,
            stance=body.stance,
            influence=body.influence,
            interests=body.interests,
            notes=body.notes,
            assessed_by=body.assessed_by,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@meetings.post("", status_code=201, responses=WRITE)
@may(ORG)
def hold_power_holder_meeting(
    body: HoldMeeting,
    ctx: Ctx,
) -> RecordedOut:
    """Record a meeting with power-holders: who came, each ask and its answer."""
    return hold_meeting(body, ctx)


def hold_meeting(body: HoldMeeting, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.hold_power_holder_meeting(
            network_id=body.network_id,
            campaign_id=body.campaign_id,
            power_holder_ids=body.power_holder_ids,
            attendee_ids=body.attendee_ids,
            purpose=body.purpose,
            happened_at=body.happened_at,
            asks=[(a.text, a.answer) for a in body.asks],
            summary=body.summary,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@meetings.get("/{id}", responses=READ)
@may(ORG, LEAD)
def get_power_holder_meeting(id: UUID, app: AppDep) -> MeetingOut:
    """A power-holder meeting with its asks, answers and commitments."""
    return MeetingOut.of(app.get(PowerHolderMeeting, id))


@meetings.post("/{id}/answers", status_code=201, responses=WRITE)
@may(ORG)
def answer_ask(
    id: UUID,
    body: AnswerAsk,
    ctx: Ctx,
) -> RecordedOut:
    """Record the answer to an ask that was answered 'later'."""
    return record_answer(id, body, ctx)


def record_answer(id: UUID, body: AnswerAsk, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.answer_ask(
            id,
            number=body.number,
            answer=body.answer,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@meetings.post("/{id}/commitments", status_code=201, responses=WRITE)
@may(ORG)
def secure_commitment(
    id: UUID,
    body: SecureCommitment,
    ctx: Ctx,
) -> RecordedOut:
    """Record a commitment a power-holder made at the meeting, with its due date."""
    return record_commitment(id, body, ctx)


def record_commitment(id: UUID, body: SecureCommitment, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.secure_commitment(
            id,
            power_holder_id=body.power_holder_id,
            text=body.text,
            due=body.due,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@meetings.post("/{id}/commitment-outcomes", status_code=201, responses=WRITE)
@may(ORG)
def record_commitment_outcome(
    id: UUID,
    body: RecordCommitmentOutcome,
    ctx: Ctx,
) -> RecordedOut:
    """Record that a commitment was kept, partly kept or broken."""
    return record_outcome(id, body, ctx)


def record_outcome(id: UUID, body: RecordCommitmentOutcome, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.record_commitment_outcome(
            id,
            number=body.number,
            status=body.status,
            note=body.note,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@meetings.post("/{id}/evaluations", status_code=201, responses=WRITE)
@may(ORG)
def evaluate_meeting(
    id: UUID,
    body: Evaluate,
    ctx: Ctx,
) -> RecordedOut:
    """Record the evaluation after the meeting."""
    return evaluate(id, body, ctx)


def evaluate(id: UUID, body: Evaluate, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.evaluate_meeting(
            id,
            evaluation=body.evaluation(),
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )
