"""An action: a planned public moment to move a power-holder."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors.campaigns import (
    ActionAlreadyCancelled,
    ActionAlreadyHeld,
    ActionNotHeldYet,
    ActionWasCancelled,
    ActionWasHeld,
)
from domain.errors.corrections import ActionNotCancelled, NothingToCorrect
from domain.kinds import Kind
from domain.rules import aware, happened, not_negative, require_text, upcast_happened_at
from domain.values import ActionKind, Evaluation


class Action(Aggregate):
    KIND = Kind("action", "/actions")

    class Planned(Aggregate.Created):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("title", "ask")

        network_id: UUID
        campaign_id: UUID
        kind: str
        title: str
        scheduled_for: datetime
        power_holder_id: UUID | None
        ask: str
        turnout_pledged: int
        #: When it was planned (its date is `scheduled_for`).
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    class Held(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("outcome",)

        happened_at: datetime
        turnout: int
        outcome: str
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

    class Cancelled(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        reason: str
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    class TurnoutCorrected(Aggregate.Event):
        """The turnout recorded was wrong: what it was, what it is, and why."""

        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        turnout: int
        was: int
        reason: str
        happened_at: datetime
        recorded_by: UUID

    class Reinstated(Aggregate.Event):
        """A cancelled action is on again (or was cancelled by mistake), and why."""

        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        reason: str
        happened_at: datetime
        recorded_by: UUID

    @classmethod
    def plan(
        cls,
        *,
        network_id: UUID,
        campaign_id: UUID,
        kind: ActionKind,
        title: str,
        scheduled_for: datetime,
        power_holder_id: UUID | None,
        ask: str,
        turnout_pledged: int,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> Action:
        return cls(
            network_id=network_id,
            campaign_id=campaign_id,
            kind=kind.value,
            title=require_text(title, "title"),
            scheduled_for=aware(scheduled_for, "scheduled_for"),
            power_holder_id=power_holder_id,
            ask=require_text(ask, "ask"),
            turnout_pledged=not_negative(turnout_pledged, "turnout_pledged"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Planned)
    def __init__(
        self,
        network_id: UUID,
        campaign_id: UUID,
        kind: str,
        title: str,
        scheduled_for: datetime,
        power_holder_id: UUID | None,
        ask: str,
        turnout_pledged: int,
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.network_id = network_id
        self.campaign_id = campaign_id
        self.kind = ActionKind(kind)
        self.title = title
        self.scheduled_for = scheduled_for
        self.power_holder_id = power_holder_id
        self.ask = ask
        self.turnout_pledged = turnout_pledged
        self.held_at: datetime | None = None
        self.turnout: int | None = None
        self.outcome = ""
        self.evaluations: list[Evaluation] = []
        self.cancelled_because: str | None = None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_because is not None

    def record_held(
        self,
        *,
        happened_at: datetime | None,
        turnout: int,
        outcome: str,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        if self.is_cancelled:
            raise ActionWasCancelled(self.id)
        if self.held_at is not None:
            raise ActionAlreadyHeld(self.id)
        self._held(
            happened_at=happened(happened_at, now),
            turnout=not_negative(turnout, "turnout"),
            outcome=require_text(outcome, "outcome"),
            recorded_by=recorded_by,
        )

    @event(Held)
    def _held(self, happened_at: datetime, turnout: int, outcome: str, recorded_by: UUID) -> None:
        self.held_at = happened_at
        self.turnout = turnout
        self.outcome = outcome

    def evaluate(
        self,
        *,
        evaluation: Evaluation,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        if self.held_at is None:
            raise ActionNotHeldYet(self.id)
        self._evaluated(
            evaluation=evaluation,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Evaluated)
    def _evaluated(self, evaluation: Evaluation, happened_at: datetime, recorded_by: UUID) -> None:
        self.evaluations.append(evaluation)

    def cancel(
        self, *, reason: str, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        if self.is_cancelled:
            raise ActionAlreadyCancelled(self.id)
        if self.held_at is not None:
            raise ActionWasHeld(self.id)
        self._cancelled(
            reason=require_text(reason, "reason"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Cancelled)
    def _cancelled(self, reason: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.cancelled_because = reason

    def correct_turnout(
        self,
        *,
        turnout: int,
        reason: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        if self.turnout is None:
            raise ActionNotHeldYet(self.id)
        if turnout == self.turnout:
            raise NothingToCorrect(f"The turnout of action {self.id} ({turnout})", "turnout")
        self._turnout_corrected(
            turnout=not_negative(turnout, "turnout"),
            was=self.turnout,
            reason=require_text(reason, "reason"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(TurnoutCorrected)
    def _turnout_corrected(
        self, turnout: int, was: int, reason: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.turnout = turnout

    def reinstate(
        self, *, reason: str, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        if not self.is_cancelled:
            raise ActionNotCancelled(self.id)
        self._reinstated(
            reason=require_text(reason, "reason"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Reinstated)
    def _reinstated(self, reason: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.cancelled_because = None
