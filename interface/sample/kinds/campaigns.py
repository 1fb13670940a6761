"""Campaigns: the launch, the targets set, and each move between active and paused."""

from __future__ import annotations

from dataclasses import dataclass

from domain.values import CampaignStatus, TargetMetric
from interface.sample.recording import Day, Moment, Sample


@dataclass(frozen=True)
class Campaign:
    """A campaign on an issue, launched from a listening campaign."""

    name: str
    title: str
    goal: str
    issue: str
    listening: str | None
    launched: Moment

    def record_in(self, sample: Sample) -> None:
        launched = sample.app.launch_campaign(
            network_id=sample.network,
            name=self.title,
            goal=self.goal,
            issue=self.issue,
            listening_campaign_id=sample.id_or_none(self.listening),
            happened_at=sample.at(self.launched),
            recorded_by=sample.by,
        )
        sample.name(self.name, launched.id)


@dataclass(frozen=True)
class Target:
    """A campaign's goal for one measure, set or set again (with a reason)."""

    campaign: str
    metric: TargetMetric
    goal: int
    due: Day | None
    at: Moment
    reason: str = ""

    def record_in(self, sample: Sample) -> None:
        sample.app.set_target(
            sample.id(self.campaign),
            metric=self.metric,
            goal=self.goal,
            due=sample.on(self.due),
            reason=self.reason,
            happened_at=sample.at(self.at),
            recorded_by=sample.by,
        )


@dataclass(frozen=True)
class CampaignMoved:
    """A campaign moved to another status, and why."""

    campaign: str
    status: CampaignStatus
    reason: str
    at: Moment

    def record_in(self, sample: Sample) -> None:
        sample.app.move_campaign(
            sample.id(self.campaign),
            status=self.status,
            reason=self.reason,
            happened_at=sample.at(self.at),
            recorded_by=sample.by,
        )
