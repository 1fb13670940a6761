"""Power: who holds it, which campaign targets them, how they are assessed over time, and the
meetings held with them (asks and answers, commitments and whether they were kept)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.values import Answer, CommitmentStatus, MeetingPurpose, Stance
from interface.sample.kinds import Evaluated
from interface.sample.recording import Day, Moment, Sample


@dataclass(frozen=True)
class PowerHolder:
    """Someone who holds power over the issue, in their role at an institution."""

    name: str
    full_name: str
    role: str
    institution: str
    identified: Moment

    def record_in(self, sample: Sample) -> None:
        identified = sample.app.identify_power_holder(
            network_id=sample.network,
            name=self.full_name,
            role=self.role,
            institution=self.institution,
            happened_at=sample.at(self.identified),
            recorded_by=sample.by,
        )
        sample.name(self.name, identified.id)


@dataclass(frozen=True)
class Targeted:
    """A power-holder a campaign sets out to move."""

    campaign: str
    power_holder: str
    at: Moment

    def record_in(self, sample: Sample) -> None:
        sample.app.target_power_holder(
            sample.id(self.campaign),
            power_holder_id=sample.id(self.power_holder),
            happened_at=sample.at(self.at),
            recorded_by=sample.by,
        )


@dataclass(frozen=True)
class PowerAssessment:
    """A power-holder's stance, influence and interests, in someone's judgement (numbered
    from 1 per power-holder)."""

    power_holder: str
    stance: Stance
    influence: int
    interests: tuple[str, ...]
    assessed_by: str
    at: Moment
    notes: str = ""

    def record_in(self, sample: Sample) -> None:
        sample.app.assess_power_holder(
            sample.id(self.power_holder),
            stance=self.stance,
            influence=self.influence,
            interests=list(self.interests),
            notes=self.notes,
            assessed_by=sample.id(self.assessed_by),
            happened_at=sample.at(self.at),
            recorded_by=sample.by,
        )


@dataclass(frozen=True)
class Commitment:
    """A commitment a power-holder made in a meeting (numbered from 1 per meeting)."""

    power_holder: str
    text: str
    due: Day


@dataclass(frozen=True)
class CommitmentOutcome:
    """Whether a commitment, by its number, was kept."""

    number: int
    status: CommitmentStatus
    note: str
    at: Moment


@dataclass(frozen=True)
class LaterAnswer:
    """The answer, given after the meeting, to an ask (by its number) answered "later"."""

    number: int
    answer: Answer
    at: Moment


@dataclass(frozen=True)
class PowerHolderMeeting:
    """A meeting with power-holders, and what followed from it, recorded in this order:
    the commitments, their outcomes, the later answers, the evaluation."""

    name: str
    campaign: str | None
    power_holders: tuple[str, ...]
    attendees: tuple[str, ...]
    purpose: MeetingPurpose
    held: Moment
    asks: tuple[tuple[str, Answer], ...]
    summary: str
    commitments: tuple[Commitment, ...] = ()
    outcomes: tuple[CommitmentOutcome, ...] = ()
    later_answers: tuple[LaterAnswer, ...] = ()
    evaluated: Evaluated | None = None

    def record_in(self, sample: Sample) -> None:
        held = sample.app.hold_power_holder_meeting(
            network_id=sample.network,
            campaign_id=sample.id_or_none(self.campaign),
            power_holder_ids=sample.ids_of(self.power_holders),
            attendee_ids=sample.ids_of(self.attendees),
            purpose=self.purpose,
            happened_at=sample.at(self.held),
            asks=list(self.asks),
            summary=self.summary,
            recorded_by=sample.by,
        )
        meeting = sample.name(self.name, held.id)
        self._record_commitments(sample, meeting)
        for answered in self.later_answers:
            sample.app.answer_ask(
                meeting,
                number=answered.number,
                answer=answered.answer,
                happened_at=sample.at(answered.at),
                recorded_by=sample.by,
            )
        if self.evaluated:
            sample.app.evaluate_meeting(
                meeting,
                evaluation=self.evaluated.evaluation,
                happened_at=sample.at(self.evaluated.at),
                recorded_by=sample.by,
            )

    def _record_commitments(self, sample: Sample, meeting: UUID) -> None:
        for commitment in self.commitments:
            sample.app.secure_commitment(
                meeting,
                power_holder_id=sample.id(commitment.power_holder),
                text=commitment.text,
                due=sample.on(commitment.due),
                happened_at=sample.at(self.held),  # secured at the meeting
                recorded_by=sample.by,
            )
        for outcome in self.outcomes:
            sample.app.record_commitment_outcome(
                meeting,
                number=outcome.number,
                status=outcome.status,
                note=outcome.note,
                happened_at=sample.at(outcome.at),
                recorded_by=sample.by,
            )
