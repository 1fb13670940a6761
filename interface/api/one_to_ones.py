"""One-to-ones: the relational meetings at the heart of organising."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.one_to_one import OneToOne
from domain.personal import readable
from domain.values import Channel
from interface.api.common import (
    AppDep,
    Command,
    Count,
    Ctx,
    Day,
    Line,
    Moment,
    NumberOnly,
    RecordedOut,
    Story,
    Tags,
)
from interface.api.errors import READ, WRITE

router = APIRouter(prefix="/one-to-ones", tags=["one-to-ones"])


class FollowUpIn(Command):
    what: Line = Field(examples=["Send the peer-work pay survey"])
    due: Day | None = None


class HoldOneToOne(Command):
    network_id: UUID
    organiser_id: UUID = Field(description="The person who organised the conversation.")
    person_id: UUID = Field(description="The person they met.")
    happened_at: Moment
    channel: Channel
    duration_minutes: Annotated[int, Field(ge=1, le=600), NumberOnly] | None = None
    interests: Tags = Field(default_factory=list, examples=[["fair pay for peer work"]])
    concerns: Tags = Field(default_factory=list, examples=[["burnout"]])
    organiser_shared: Story | None = Field(
        default=None,
        description="What the organiser shared of their own story (personal data "
        "of the organiser): a one-to-one is mutual.",
    )
    person_shared: Story | None = Field(
        default=None, description="What the person shared (personal data of the person)."
    )
    leadership_signals: Tags = Field(default_factory=list, examples=[["offered to host"]])
    follow_ups: list[FollowUpIn] = Field(default_factory=list, max_length=50)
    private_notes: Story | None = Field(
        default=None, description="Kept only if the person consented to having notes kept."
    )
    campaign_id: UUID | None = None
    listening_campaign_id: UUID | None = None


class MarkFollowUpDone(Command):
    number: Count = Field(ge=1, le=1_000, description="The follow-up's number in the one-to-one.")
    happened_at: Moment


class CorrectNotes(Command):
    private_notes: Story
    reason: Line = Field(examples=["Misheard the name of the clinic"])


class FollowUpOut(BaseModel):
    number: int
    what: str
    due: date | None
    done_at: datetime | None


class OneToOneOut(BaseModel):
    id: UUID
    version: int
    network_id: UUID
    organiser_id: UUID
    person_id: UUID
    campaign_id: UUID | None
    listening_campaign_id: UUID | None
    happened_at: datetime
    recorded_at: datetime
    recorded_by: UUID
    channel: Channel
    duration_minutes: int | None
    interests: list[str]
    concerns: list[str]
    organiser_shared: str | None
    person_shared: str | None
    leadership_signals: list[str]
    follow_ups: list[FollowUpOut]
    has_private_notes: bool = Field(
        description="Private notes are never returned here; reading them needs an account "
        "allowed to see them."
    )
    corrections: int

    @classmethod
    def of(cls, o: OneToOne) -> OneToOneOut:
        return cls(
            id=o.id,
            version=o.version,
            network_id=o.network_id,
            organiser_id=o.organiser_id,
            person_id=o.person_id,
            campaign_id=o.campaign_id,
            listening_campaign_id=o.listening_campaign_id,
            happened_at=o.happened_at,
            recorded_at=o.created_on,
            recorded_by=o.recorded_by,
            channel=o.channel,
            duration_minutes=o.duration_minutes,
            interests=o.interests,
            concerns=o.concerns,
            organiser_shared=readable(o.organiser_shared),
            person_shared=readable(o.person_shared),
            leadership_signals=o.leadership_signals,
            follow_ups=[
                FollowUpOut(
                    number=f.number, what=f.what, due=f.due, done_at=o.follow_ups_done.get(f.number)
                )
                for f in o.follow_ups
            ],
            has_private_notes=readable(o.private_notes) is not None,
            corrections=o.corrections,
        )


@router.post("", status_code=201, responses=WRITE)
def hold_one_to_one(
    body: HoldOneToOne,
    ctx: Ctx,
) -> RecordedOut:
    """Record a one-to-one: who met, when and how, what each shared, what was heard and agreed."""
    return RecordedOut.of(
        ctx.app.hold_one_to_one(
            network_id=body.network_id,
            organiser_id=body.organiser_id,
            person_id=body.person_id,
            happened_at=body.happened_at,
            channel=body.channel,
            duration_minutes=body.duration_minutes,
            interests=body.interests,
            concerns=body.concerns,
            organiser_shared=body.organiser_shared,
            person_shared=body.person_shared,
            leadership_signals=body.leadership_signals,
            follow_ups=[(f.what, f.due) for f in body.follow_ups],
            private_notes=body.private_notes,
            campaign_id=body.campaign_id,
            listening_campaign_id=body.listening_campaign_id,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.get("/{id}", responses=READ)
def get_one_to_one(id: UUID, app: AppDep) -> OneToOneOut:
    """A one-to-one as it stands now (without its private notes)."""
    return OneToOneOut.of(app.get(OneToOne, id))


@router.post("/{id}/follow-ups-done", status_code=201, responses=WRITE)
def mark_follow_up_done(
    id: UUID,
    body: MarkFollowUpDone,
    ctx: Ctx,
) -> RecordedOut:
    """Record that an agreed follow-up was done."""
    return RecordedOut.of(
        ctx.app.mark_follow_up_done(
            id, number=body.number, happened_at=body.happened_at, recorded_by=ctx.by, key=ctx.key
        )
    )


@router.post("/{id}/notes-corrections", status_code=201, responses=WRITE)
def correct_notes(
    id: UUID,
    body: CorrectNotes,
    ctx: Ctx,
) -> RecordedOut:
    """Record corrected private notes, with the reason; the earlier notes stay on record."""
    return RecordedOut.of(
        ctx.app.correct_notes(
            id,
            private_notes=body.private_notes,
            reason=body.reason,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )
