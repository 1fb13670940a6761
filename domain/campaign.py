"""A campaign: a specific, winnable issue pursued toward a goal, with measurable targets."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors.campaigns import (
    CampaignCannotBecome,
    CampaignClosed,
    GoalBelowOne,
    PowerHolderAlreadyTargeted,
    TargetAlreadySet,
)
from domain.errors.corrections import NoSuchTarget
from domain.kinds import Kind
from domain.rules import happened, plausible_day, require_text, upcast_happened_at
from domain.values import CampaignStatus, Evaluation, Target, TargetMetric

# Which status each status can move to, and the event that records the move.
_MOVES: dict[CampaignStatus, set[CampaignStatus]] = {
    CampaignStatus.ACTIVE: {
        CampaignStatus.PAUSED,
        CampaignStatus.WON,
        CampaignStatus.LOST,
        CampaignStatus.CLOSED,
    },
    CampaignStatus.PAUSED: {CampaignStatus.ACTIVE, CampaignStatus.CLOSED},
    CampaignStatus.WON: {CampaignStatus.CLOSED},
    CampaignStatus.LOST: {CampaignStatus.CLOSED},
    CampaignStatus.CLOSED: set(),
}


class Campaign(Aggregate):
    KIND = Kind("campaign", "/campaigns")

    class Launched(Aggregate.Created):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("name", "goal", "issue")

        network_id: UUID
        name: str
        goal: str
        issue: str
        listening_campaign_id: UUID | None
        happened_at: datetime
        recorded_by: UUID

    class TargetSet(Aggregate.Event):
        target: Target
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    class TargetWithdrawn(Aggregate.Event):
        """A target no longer stands (set by mistake, or given up), and why."""

        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        metric: str
        reason: str
        happened_at: datetime
        recorded_by: UUID

    class TargetRevised(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        target: Target
        reason: str
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    class PowerHolderTargeted(Aggregate.Event):
        power_holder_id: UUID
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    class StatusEvent(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        reason: str
        happened_at: datetime
        recorded_by: UUID

    class Paused(StatusEvent):
        pass

    class Resumed(StatusEvent):
        pass

    class Won(StatusEvent):
        pass

    class Lost(StatusEvent):
        pass

    class Closed(StatusEvent):
        pass

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
    def launch(
        cls,
        *,
        network_id: UUID,
        name: str,
        goal: str,
        issue: str,
        listening_campaign_id: UUID | None,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> Campaign:
        return cls(
            network_id=network_id,
            name=require_text(name, "name"),
            goal=require_text(goal, "goal"),
            issue=require_text(issue, "issue"),
            listening_campaign_id=listening_campaign_id,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Launched)
    def __init__(
        self,
        network_id: UUID,
        name: str,
        goal: str,
        issue: str,
        listening_campaign_id: UUID | None,
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.network_id = network_id
        self.name = name
        self.goal = goal
        self.issue = issue
        self.listening_campaign_id = listening_campaign_id
        self.launched_at = happened_at
        self.status = CampaignStatus.ACTIVE
        self.targets: dict[TargetMetric, Target] = {}
        self.power_holder_ids: list[UUID] = []
        self.evaluations: list[Evaluation] = []

    def require_open(self) -> None:
        if self.status == CampaignStatus.CLOSED:
            raise CampaignClosed(self.id)

    def set_target(
        self,
        *,
        metric: TargetMetric,
        goal: int,
        due: date | None,
        reason: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        """Sets a target for a metric; setting one that exists is a revision and needs a reason."""
        self.require_open()
        if goal < 1:
            raise GoalBelowOne(goal)
        target = Target(metric=metric, goal=goal, due=plausible_day(due, "due"))
        when = happened(happened_at, now)
        if metric not in self.targets:
            self._target_set(target=target, happened_at=when, recorded_by=recorded_by)
            return
        if self.targets[metric] == target:
            raise TargetAlreadySet(self.id, metric)
        self._target_revised(
            target=target,
            reason=require_text(reason, "reason"),
            happened_at=when,
            recorded_by=recorded_by,
        )

    @event(TargetSet)
    def _target_set(self, target: Target, happened_at: datetime, recorded_by: UUID) -> None:
        self.targets[TargetMetric(target.metric)] = target

    @event(TargetRevised)
    def _target_revised(
        self, target: Target, reason: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.targets[TargetMetric(target.metric)] = target

    def withdraw_target(
        self,
        *,
        metric: TargetMetric,
        reason: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        self.require_open()
        if metric not in self.targets:
            raise NoSuchTarget(self.id, metric)
        self._target_withdrawn(
            metric=metric.value,
            reason=require_text(reason, "reason"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(TargetWithdrawn)
    def _target_withdrawn(
        self, metric: str, reason: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        del self.targets[TargetMetric(metric)]

    def target_power_holder(
        self,
        *,
        power_holder_id: UUID,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        self.require_open()
        if power_holder_id in self.power_holder_ids:
            raise PowerHolderAlreadyTargeted(self.id, power_holder_id)
        self._power_holder_targeted(
            power_holder_id=power_holder_id,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(PowerHolderTargeted)
    def _power_holder_targeted(
        self, power_holder_id: UUID, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.power_holder_ids.append(power_holder_id)

    def move_to(
        self,
        *,
        status: CampaignStatus,
        reason: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        if status not in _MOVES[self.status]:
            raise CampaignCannotBecome(self.id, self.status, status)
        mover = {
            CampaignStatus.PAUSED: self._paused,
            CampaignStatus.ACTIVE: self._resumed,
            CampaignStatus.WON: self._won,
            CampaignStatus.LOST: self._lost,
            CampaignStatus.CLOSED: self._closed,
        }[status]
        mover(
            reason=reason.strip(),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Paused)
    def _paused(self, reason: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.status = CampaignStatus.PAUSED

    @event(Resumed)
    def _resumed(self, reason: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.status = CampaignStatus.ACTIVE

    @event(Won)
    def _won(self, reason: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.status = CampaignStatus.WON

    @event(Lost)
    def _lost(self, reason: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.status = CampaignStatus.LOST

    @event(Closed)
    def _closed(self, reason: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.status = CampaignStatus.CLOSED

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
