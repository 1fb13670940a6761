"""A power-holder meeting: research or negotiation, its asks and answers, and the
commitments secured, each later kept, partly kept or broken."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors.corrections import CommitmentStillOpen, NothingToCorrect
from domain.errors.power import (
    AnswerStillLater,
    AskAlreadyAnswered,
    CommitmentAlreadySettled,
    CommitmentOutcomeOpen,
    NoAttendeeFromNetwork,
    NoPowerHolderMet,
    NoSuchAsk,
    NoSuchCommitment,
    PowerHolderNotAtMeeting,
)
from domain.kinds import Involvement, Kind
from domain.rules import happened, plausible_day, require_text, upcast_happened_at
from domain.values import Answer, Ask, CommitmentStatus, Evaluation, MeetingPurpose


@dataclass
class Commitment:
    number: int
    power_holder_id: UUID
    text: str
    due: date | None
    status: CommitmentStatus = CommitmentStatus.OPEN
    note: str = ""


class PowerHolderMeeting(Aggregate):
    KIND = Kind("power-holder meeting", "/power-holder-meetings", parts={"attended": "Attended"})

    class Held(Aggregate.Created):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("asks[].text", "summary")

        network_id: UUID
        campaign_id: UUID | None
        power_holder_ids: list[UUID]
        attendee_ids: list[UUID]
        purpose: str
        happened_at: datetime
        asks: list[Ask]
        summary: str
        recorded_by: UUID

        def involved(self) -> Iterator[Involvement]:
            for attendee in self.attendee_ids:
                yield attendee, "attended"

    class AskAnswered(Aggregate.Event):
        number: int
        answer: str
        happened_at: datetime
        recorded_by: UUID

    class CommitmentSecured(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("text",)

        number: int
        power_holder_id: UUID
        text: str
        due: date | None
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    class CommitmentOutcome(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("note",)

        number: int
        note: str
        happened_at: datetime
        recorded_by: UUID

    class CommitmentKept(CommitmentOutcome):
        pass

    class CommitmentPartlyKept(CommitmentOutcome):
        pass

    class CommitmentBroken(CommitmentOutcome):
        pass

    class CommitmentOutcomeCorrected(Aggregate.Event):
        """The outcome recorded for a commitment was wrong: what it was, what it is (open
        again, when no outcome should have been recorded yet), and why."""

        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("note", "reason")

        number: int
        status: str
        was: str
        note: str
        reason: str
        happened_at: datetime
        recorded_by: UUID

    class Evaluated(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = (
            "evaluation.what_worked",
            "evaluation.what_did_not",
            "evaluation.learned",
            "evaluation.how_people_felt",
        )

        evaluation: Evaluation
        happened_at: datetime
        recorded_by: UUID

    @classmethod
    def hold(
        cls,
        *,
        network_id: UUID,
        campaign_id: UUID | None,
        power_holder_ids: list[UUID],
        attendee_ids: list[UUID],
        purpose: MeetingPurpose,
        happened_at: datetime | None,
        asks: list[tuple[str, Answer]],
        summary: str,
        now: datetime,
        recorded_by: UUID,
    ) -> PowerHolderMeeting:
        if not power_holder_ids:
            raise NoPowerHolderMet()
        if not attendee_ids:
            raise NoAttendeeFromNetwork()
        return cls(
            network_id=network_id,
            campaign_id=campaign_id,
            power_holder_ids=list(dict.fromkeys(power_holder_ids)),
            attendee_ids=list(dict.fromkeys(attendee_ids)),
            purpose=purpose.value,
            happened_at=happened(happened_at, now),
            asks=[
                Ask(number=n, text=require_text(text, f"asks[{n - 1}].text"), answer=answer)
                for n, (text, answer) in enumerate(asks, start=1)
            ],
            summary=summary.strip(),
            recorded_by=recorded_by,
        )

    @event(Held)
    def __init__(
        self,
        network_id: UUID,
        campaign_id: UUID | None,
        power_holder_ids: list[UUID],
        attendee_ids: list[UUID],
        purpose: str,
        happened_at: datetime,
        asks: list[Ask],
        summary: str,
        recorded_by: UUID,
    ) -> None:
        self.network_id = network_id
        self.campaign_id = campaign_id
        self.power_holder_ids = list(power_holder_ids)
        self.attendee_ids = list(attendee_ids)
        self.purpose = MeetingPurpose(purpose)
        self.happened_at = happened_at
        self.asks = {a.number: a for a in asks}
        self.summary = summary
        self.commitments: dict[int, Commitment] = {}
        self.evaluations: list[Evaluation] = []

    def answer_ask(
        self,
        *,
        number: int,
        answer: Answer,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        ask = self.asks.get(number)
        if ask is None:
            raise NoSuchAsk(self.id, number)
        if ask.answer != Answer.LATER:
            raise AskAlreadyAnswered(self.id, number, ask.answer)
        if answer == Answer.LATER:
            raise AnswerStillLater()
        self._ask_answered(
            number=number,
            answer=answer.value,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(AskAnswered)
    def _ask_answered(
        self, number: int, answer: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        ask = self.asks[number]
        self.asks[number] = Ask(number=number, text=ask.text, answer=Answer(answer))

    def secure_commitment(
        self,
        *,
        power_holder_id: UUID,
        text: str,
        due: date | None,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> int:
        if power_holder_id not in self.power_holder_ids:
            raise PowerHolderNotAtMeeting(self.id, power_holder_id)
        number = len(self.commitments) + 1
        self._commitment_secured(
            number=number,
            power_holder_id=power_holder_id,
            text=require_text(text, "text"),
            due=plausible_day(due, "due"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )
        return number

    @event(CommitmentSecured)
    def _commitment_secured(
        self,
        number: int,
        power_holder_id: UUID,
        text: str,
        due: date | None,
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.commitments[number] = Commitment(number, power_holder_id, text, due)

    def record_commitment_outcome(
        self,
        *,
        number: int,
        status: CommitmentStatus,
        note: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        commitment = self.commitments.get(number)
        if commitment is None:
            raise NoSuchCommitment(self.id, number)
        if commitment.status != CommitmentStatus.OPEN:
            raise CommitmentAlreadySettled(self.id, number, commitment.status)
        recorder = {
            CommitmentStatus.KEPT: self._commitment_kept,
            CommitmentStatus.PARTLY_KEPT: self._commitment_partly_kept,
            CommitmentStatus.BROKEN: self._commitment_broken,
        }.get(status)
        if recorder is None:
            raise CommitmentOutcomeOpen(status)
        recorder(
            number=number,
            note=note.strip(),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(CommitmentKept)
    def _commitment_kept(
        self, number: int, note: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self._settle(number, CommitmentStatus.KEPT, note)

    @event(CommitmentPartlyKept)
    def _commitment_partly_kept(
        self, number: int, note: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self._settle(number, CommitmentStatus.PARTLY_KEPT, note)

    @event(CommitmentBroken)
    def _commitment_broken(
        self, number: int, note: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self._settle(number, CommitmentStatus.BROKEN, note)

    def correct_commitment_outcome(
        self,
        *,
        number: int,
        status: CommitmentStatus,
        note: str,
        reason: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        commitment = self.commitments.get(number)
        if commitment is None:
            raise NoSuchCommitment(self.id, number)
        if commitment.status == CommitmentStatus.OPEN:
            raise CommitmentStillOpen(self.id, number)
        if status == commitment.status:
            raise NothingToCorrect(f"Commitment {number} of meeting {self.id} ({status})", "status")
        self._commitment_outcome_corrected(
            number=number,
            status=status.value,
            was=commitment.status.value,
            note=note.strip(),
            reason=require_text(reason, "reason"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(CommitmentOutcomeCorrected)
    def _commitment_outcome_corrected(
        self,
        number: int,
        status: str,
        was: str,
        note: str,
        reason: str,
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self._settle(number, CommitmentStatus(status), note)

    def _settle(self, number: int, status: CommitmentStatus, note: str) -> None:
        self.commitments[number].status = status
        self.commitments[number].note = note

    def evaluate(
        self,
        *,
        evaluation: Evaluation,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        self._evaluated(
            evaluation=evaluation,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Evaluated)
    def _evaluated(self, evaluation: Evaluation, happened_at: datetime, recorded_by: UUID) -> None:
        self.evaluations.append(evaluation)


#: The status each outcome event records, for readers of the log.
OUTCOME_STATUS: dict[type[PowerHolderMeeting.CommitmentOutcome], CommitmentStatus] = {
    PowerHolderMeeting.CommitmentKept: CommitmentStatus.KEPT,
    PowerHolderMeeting.CommitmentPartlyKept: CommitmentStatus.PARTLY_KEPT,
    PowerHolderMeeting.CommitmentBroken: CommitmentStatus.BROKEN,
}
