"""One-to-ones: the conversation, a follow-up done after it, and a correction to its notes."""

from __future__ import annotations

from dataclasses import dataclass

from domain.values import Channel
from interface.sample.recording import Moment, Sample


@dataclass(frozen=True)
class OneToOne:
    """A one-to-one an organiser held with a person, part of a listening campaign or of a
    campaign. Its follow-ups are numbered from 1 and have no due date."""

    name: str
    organiser: str
    person: str
    held: Moment
    channel: Channel
    duration_minutes: int
    interests: tuple[str, ...]
    concerns: tuple[str, ...]
    follow_ups: tuple[str, ...]
    organiser_shared: str | None = None
    person_shared: str | None = None
    leadership_signals: tuple[str, ...] = ()
    private_notes: str | None = None
    listening: str | None = None
    campaign: str | None = None

    def record_in(self, sample: Sample) -> None:
        held = sample.app.hold_one_to_one(
            network_id=sample.network,
            organiser_id=sample.id(self.organiser),
            person_id=sample.id(self.person),
            happened_at=sample.at(self.held),
            channel=self.channel,
            duration_minutes=self.duration_minutes,
            interests=list(self.interests),
            concerns=list(self.concerns),
            organiser_shared=self.organiser_shared,
            person_shared=self.person_shared,
            leadership_signals=list(self.leadership_signals),
            follow_ups=[(what, None) for what in self.follow_ups],
            private_notes=self.private_notes,
            campaign_id=sample.id_or_none(self.campaign),
            listening_campaign_id=sample.id_or_none(self.listening),
            recorded_by=sample.by,
        )
        sample.name(self.name, held.id)


@dataclass(frozen=True)
class FollowUpDone:
    """A follow-up agreed in a one-to-one, by its number, done."""

    one_to_one: str
    number: int
    at: Moment

    def record_in(self, sample: Sample) -> None:
        sample.app.mark_follow_up_done(
            sample.id(self.one_to_one),
            number=self.number,
            happened_at=sample.at(self.at),
            recorded_by=sample.by,
        )


@dataclass(frozen=True)
class NotesCorrected:
    """A one-to-one's private notes, corrected, and why."""

    one_to_one: str
    private_notes: str
    reason: str
    at: Moment

    def record_in(self, sample: Sample) -> None:
        sample.app.correct_notes(
            sample.id(self.one_to_one),
            private_notes=self.private_notes,
            reason=self.reason,
            happened_at=sample.at(self.at),
            recorded_by=sample.by,
        )
