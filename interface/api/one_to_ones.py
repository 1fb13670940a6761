"""One-to-ones: the relational meetings at the heart of organising."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.access import Access
from domain.one_to_one import OneToOne
from domain.person import Person
from domain.personal import readable
from domain.values import Channel, ConsentScope
from interface.api.access import LEAD, ORG, CallerDep, may
from interface.api.common import (
    AppDep,
    Command,
    CommandContext,
    Count,
    Ctx,
    Day,
    HappenedAt,
    Line,
    NumberOnly,
    RecordedOut,
    Story,
    Tags,
)
from interface.api.errors import READ, WRITE
from interface.api.routing import WorkerThreadRoute

router = APIRouter(prefix="/one-to-ones", tags=["one-to-ones"], route_class=WorkerThreadRoute)


class FollowUpIn(Command):
    what: Line = Field(examples=["Send the peer-work pay survey"])
    due: Day | None = None


class HoldOneToOne(Command):
    network_id: UUID
    organiser_id: UUID = Field(description="The person who organised the conversation.")
    person_id: UUID = Field(description="The person they met.")
    happened_at: HappenedAt = None
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
    for_another_organiser: bool = Field(
        default=False,
        description="True when a leader records a one-to-one held by another organiser (the "
        "organiser is not the person this account is linked to); the record says so. Without "
        "it, or without the leader role, such a one-to-one is refused (403).",
    )


class MarkFollowUpDone(Command):
    number: Count = Field(ge=1, le=1_000, description="The follow-up's number in the one-to-one.")
    happened_at: HappenedAt = None


class CorrectNotes(Command):
    happened_at: HappenedAt = None
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
    for_another_organiser: bool = Field(
        description="Whether a leader recorded it for the organiser who held it."
    )
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
            for_another_organiser=o.for_another_organiser,
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
@may(ORG)
def hold_one_to_one(
    body: HoldOneToOne,
    ctx: Ctx,
) -> RecordedOut:
    """Record a one-to-one: who met, when and how, what each shared, what was heard and agreed."""
    return hold(body, ctx)


def hold(body: HoldOneToOne, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
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
            for_another_organiser=body.for_another_organiser,
            key=ctx.key,
        )
    )


@router.get("/{id}", responses=READ)
@may(ORG, LEAD)
def get_one_to_one(id: UUID, app: AppDep) -> OneToOneOut:
    """A one-to-one as it stands now (without its private notes)."""
    return OneToOneOut.of(app.get(OneToOne, id))


class PrivateNotesOut(BaseModel):
    one_to_one_id: UUID
    person_id: UUID = Field(description="Whom the notes are about.")
    private_notes: str | None = Field(
        description="The notes as last corrected; null when none were kept, or when the "
        "person has since withdrawn consent to having notes kept (see `withheld`)."
    )
    corrections: int
    withheld: str | None = Field(
        default=None, description="Why notes on record are not shown.", examples=[None]
    )


@router.get("/{id}/private-notes", responses=READ)
@may(ORG)
def read_private_notes(id: UUID, app: AppDep, caller: CallerDep) -> PrivateNotesOut:
    """The private notes of a one-to-one, for the organiser who held it only (the account
    linked to that organiser): to every other account they are not on record (404). Each
    read is kept in the access record. Notes about a person who has withdrawn their consent
    to having notes kept are withheld."""
    one_to_one = app.get(OneToOne, id)
    app.require_notes_owner(one_to_one, caller.account_id)
    notes = readable(one_to_one.private_notes)
    withheld = None
    if one_to_one.private_notes is not None and notes is None:
        withheld = "The person was forgotten: their notes can no longer be read."
    elif notes is not None and not app.read(Person, one_to_one.person_id).has_consented(
        ConsentScope.KEEP_NOTES
    ):
        notes, withheld = None, "The person has withdrawn their consent to having notes kept."
    if notes is not None:
        app.record_read(
            account=caller.account_id,
            what=Access.PRIVATE_NOTES,
            record_id=id,
            person_id=one_to_one.person_id,
        )
    return PrivateNotesOut(
        one_to_one_id=id,
        person_id=one_to_one.person_id,
        private_notes=notes,
        corrections=one_to_one.corrections,
        withheld=withheld,
    )


@router.post("/{id}/follow-ups-done", status_code=201, responses=WRITE)
@may(ORG)
def mark_follow_up_done(
    id: UUID,
    body: MarkFollowUpDone,
    ctx: Ctx,
) -> RecordedOut:
    """Record that an agreed follow-up was done: by the organiser who held the one-to-one,
    or by an account that is also a leader's (403 `FollowUpOfAnotherOrganiser` otherwise)."""
    return RecordedOut.of(
        ctx.app.mark_follow_up_done(
            id, number=body.number, happened_at=body.happened_at, recorded_by=ctx.by, key=ctx.key
        )
    )


@router.post("/{id}/notes-corrections", status_code=201, responses=WRITE)
@may(ORG)
def correct_notes(
    id: UUID,
    body: CorrectNotes,
    ctx: Ctx,
) -> RecordedOut:
    """Record corrected private notes, with the reason; the earlier notes stay on record.
    Only the organiser who held the one-to-one may: to every other account its notes are
    not on record (404)."""
    return RecordedOut.of(
        ctx.app.correct_notes(
            id,
            private_notes=body.private_notes,
            reason=body.reason,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )
