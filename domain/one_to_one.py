"""A one-to-one: two people learning each other's story, interests and what moves them.

It is mutual, not an intake: what each of the two shared is recorded, each as
personal data of the one who shared it. Private notes are about the person met,
and are kept only with that person's consent to having notes kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import NotesNotYours
from domain.errors.people import (
    FollowUpAlreadyDone,
    NoSuchFollowUp,
    NotesNotConsented,
    OneToOneWithOneself,
)
from domain.errors.shared import DurationNotAboveZero
from domain.kinds import Involvement, Kind
from domain.personal import PersonalData
from domain.rules import clean_tags, happened, plausible_day, require_text, upcast_happened_at
from domain.values import Channel, FollowUp


class OneToOne(Aggregate):
    KIND = Kind(
        "one-to-one",
        "/one-to-ones",
        parts={"met": "Met in a one-to-one", "organiser": "Held a one-to-one"},
    )

    class Held(Aggregate.Created):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = (
            "interests[]",
            "concerns[]",
            "leadership_signals[]",
            "follow_ups[].what",
            # Personal data of the organiser and the person met, in which anyone may be named.
            "organiser_shared.value",
            "person_shared.value",
            "private_notes.value",
        )

        network_id: UUID
        organiser_id: UUID
        person_id: UUID
        campaign_id: UUID | None
        listening_campaign_id: UUID | None
        happened_at: datetime
        channel: str
        duration_minutes: int | None
        interests: list[str]
        concerns: list[str]
        organiser_shared: PersonalData | None
        person_shared: PersonalData | None
        leadership_signals: list[str]
        follow_ups: list[FollowUp]
        private_notes: PersonalData | None
        recorded_by: UUID
        #: Recorded by a leader for the organiser who held it, not by that organiser.
        for_another_organiser: bool

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["for_another_organiser"] = False

        def involved(self) -> Iterator[Involvement]:
            yield self.person_id, "met"
            yield self.organiser_id, "organiser"

    class FollowUpDone(Aggregate.Event):
        number: int
        happened_at: datetime
        recorded_by: UUID

    class NotesCorrected(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason", "private_notes.value")

        private_notes: PersonalData
        reason: str
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    @classmethod
    def hold(
        cls,
        *,
        network_id: UUID,
        organiser_id: UUID,
        person_id: UUID,
        campaign_id: UUID | None,
        listening_campaign_id: UUID | None,
        happened_at: datetime | None,
        channel: Channel,
        duration_minutes: int | None,
        interests: list[str],
        concerns: list[str],
        organiser_shared: str | None,
        person_shared: str | None,
        leadership_signals: list[str],
        follow_ups: list[tuple[str, date | None]],
        private_notes: str | None,
        notes_consented: bool,
        now: datetime,
        recorded_by: UUID,
        for_another_organiser: bool = False,
    ) -> OneToOne:
        if organiser_id == person_id:
            raise OneToOneWithOneself(person_id)
        if duration_minutes is not None and duration_minutes <= 0:
            raise DurationNotAboveZero(duration_minutes)
        if private_notes and private_notes.strip() and not notes_consented:
            raise NotesNotConsented(person_id)
        return cls(
            network_id=network_id,
            organiser_id=organiser_id,
            person_id=person_id,
            campaign_id=campaign_id,
            listening_campaign_id=listening_campaign_id,
            happened_at=happened(happened_at, now),
            channel=channel.value,
            duration_minutes=duration_minutes,
            interests=clean_tags(interests, "interests"),
            concerns=clean_tags(concerns, "concerns"),
            organiser_shared=_personal(organiser_id, organiser_shared),
            person_shared=_personal(person_id, person_shared),
            leadership_signals=clean_tags(leadership_signals, "leadership_signals"),
            follow_ups=[
                FollowUp(
                    number=n,
                    what=require_text(what, f"follow_ups[{n - 1}].what"),
                    due=plausible_day(due, f"follow_ups[{n - 1}].due"),
                )
                for n, (what, due) in enumerate(follow_ups, start=1)
            ],
            private_notes=_personal(person_id, private_notes),
            recorded_by=recorded_by,
            for_another_organiser=for_another_organiser,
        )

    @event(Held)
    def __init__(
        self,
        network_id: UUID,
        organiser_id: UUID,
        person_id: UUID,
        campaign_id: UUID | None,
        listening_campaign_id: UUID | None,
        happened_at: datetime,
        channel: str,
        duration_minutes: int | None,
        interests: list[str],
        concerns: list[str],
        organiser_shared: PersonalData | None,
        person_shared: PersonalData | None,
        leadership_signals: list[str],
        follow_ups: list[FollowUp],
        private_notes: PersonalData | None,
        recorded_by: UUID,
        for_another_organiser: bool,
    ) -> None:
        self.network_id = network_id
        self.organiser_id = organiser_id
        self.person_id = person_id
        self.campaign_id = campaign_id
        self.listening_campaign_id = listening_campaign_id
        self.happened_at = happened_at
        self.channel = Channel(channel)
        self.duration_minutes = duration_minutes
        self.interests = list(interests)
        self.concerns = list(concerns)
        self.organiser_shared = organiser_shared
        self.person_shared = person_shared
        self.leadership_signals = list(leadership_signals)
        self.follow_ups = list(follow_ups)
        self.follow_ups_done: dict[int, datetime] = {}
        self.private_notes = private_notes
        self.corrections = 0
        self.recorded_by = recorded_by
        self.for_another_organiser = for_another_organiser

    def mark_follow_up_done(
        self, *, number: int, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        if not any(f.number == number for f in self.follow_ups):
            raise NoSuchFollowUp(self.id, number)
        if number in self.follow_ups_done:
            raise FollowUpAlreadyDone(self.id, number)
        self._follow_up_done(
            number=number, happened_at=happened(happened_at, now), recorded_by=recorded_by
        )

    @event(FollowUpDone)
    def _follow_up_done(self, number: int, happened_at: datetime, recorded_by: UUID) -> None:
        self.follow_ups_done[number] = happened_at

    def require_notes_owner(self, person_id: UUID | None) -> None:
        """Private notes belong to the organiser who held the one-to-one: only the person
        given (the one an account is linked to) if it is that organiser may read or correct
        them; to anyone else they are not on record."""
        if person_id is None or person_id != self.organiser_id:
            raise NotesNotYours(self.id)

    def correct_notes(
        self,
        *,
        private_notes: str,
        reason: str,
        notes_consented: bool,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        if not notes_consented:
            raise NotesNotConsented(self.person_id, notes_optional=False)
        self._notes_corrected(
            private_notes=PersonalData(
                self.person_id, require_text(private_notes, "private_notes")
            ),
            reason=require_text(reason, "reason"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(NotesCorrected)
    def _notes_corrected(
        self, private_notes: PersonalData, reason: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.private_notes = private_notes
        self.corrections += 1
        self.corrected_at = happened_at


def _personal(subject: UUID, text: str | None) -> PersonalData | None:
    return PersonalData(subject, text.strip()) if text and text.strip() else None
