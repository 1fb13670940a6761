"""Actions: planned against a power-holder, then held and evaluated, or cancelled."""

from __future__ import annotations

from dataclasses import dataclass

from domain.values import ActionKind
from interface.sample.kinds import Evaluated
from interface.sample.recording import Moment, Sample


@dataclass(frozen=True)
class Held:
    """How an action went: when, how many came, what came of it."""

    at: Moment
    turnout: int
    outcome: str


@dataclass(frozen=True)
class Action:
    """An action of a campaign, planned; then held (and evaluated), cancelled, or neither
    yet."""

    name: str
    campaign: str
    kind: ActionKind
    title: str
    scheduled_for: Moment
    power_holder: str | None
    ask: str
    turnout_pledged: int
    held: Held | None = None
    evaluated: Evaluated | None = None
    cancelled: str | None = None  # why
    #: When it was planned, and (if it was) cancelled.
    planned: Moment | None = None
    cancelled_at: Moment | None = None

    def record_in(self, sample: Sample) -> None:
        planned = sample.app.plan_action(
            campaign_id=sample.id(self.campaign),
            kind=self.kind,
            title=self.title,
            scheduled_for=sample.at(self.scheduled_for),
            power_holder_id=sample.id_or_none(self.power_holder),
            ask=self.ask,
            turnout_pledged=self.turnout_pledged,
            happened_at=sample.at(self.planned) if self.planned else None,
            recorded_by=sample.by,
        )
        action = sample.name(self.name, planned.id)
        if self.held:
            sample.app.record_action_held(
                action,
                happened_at=sample.at(self.held.at),
                turnout=self.held.turnout,
                outcome=self.held.outcome,
                recorded_by=sample.by,
            )
        if self.evaluated:
            sample.app.evaluate_action(
                action,
                evaluation=self.evaluated.evaluation,
                happened_at=sample.at(self.evaluated.at),
                recorded_by=sample.by,
            )
        if self.cancelled:
            sample.app.cancel_action(
                action,
                reason=self.cancelled,
                happened_at=sample.at(self.cancelled_at) if self.cancelled_at else None,
                recorded_by=sample.by,
            )
