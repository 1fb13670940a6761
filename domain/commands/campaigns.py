"""Commands of the application service.

Campaigns: launch, targets, power-holders targeted, status, evaluation.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain.campaign import Campaign
from domain.listening import ListeningCampaign
from domain.network import Network
from domain.power_holder import PowerHolder
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey
from domain.values import (
    CampaignStatus,
    Evaluation,
    TargetMetric,
)


class CampaignCommands(Service):
    def campaign_ids(self, network_id: UUID, limit: int = 1_000) -> list[UUID]:
        """The ids of a network's campaigns, oldest first, read from the log."""
        return self._ids_in_network(Campaign.Launched, Campaign, network_id, limit)

    def launch_campaign(
        self,
        *,
        network_id: UUID,
        name: str,
        goal: str,
        issue: str,
        listening_campaign_id: UUID | None,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> Campaign:
            self.get(Network, network_id, "network_id")
            if listening_campaign_id is not None:
                self._member(
                    network_id, ListeningCampaign, listening_campaign_id, "listening_campaign_id"
                )
            return Campaign.launch(
                network_id=network_id,
                name=name,
                goal=goal,
                issue=issue,
                listening_campaign_id=listening_campaign_id,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def set_target(
        self,
        campaign_id: UUID,
        *,
        metric: TargetMetric,
        goal: int,
        due: date | None,
        reason: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Campaign,
            campaign_id,
            lambda c: c.set_target(
                metric=metric,
                goal=goal,
                due=due,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def target_power_holder(
        self,
        campaign_id: UUID,
        *,
        power_holder_id: UUID,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(campaign: Campaign) -> None:
            self._member(campaign.network_id, PowerHolder, power_holder_id, "power_holder_id")
            campaign.target_power_holder(
                power_holder_id=power_holder_id,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(Campaign, campaign_id, change, key)

    def move_campaign(
        self,
        campaign_id: UUID,
        *,
        status: CampaignStatus,
        reason: str,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Campaign,
            campaign_id,
            lambda c: c.move_to(
                status=status,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def evaluate_campaign(
        self,
        campaign_id: UUID,
        *,
        evaluation: Evaluation,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Campaign,
            campaign_id,
            lambda c: c.evaluate(
                evaluation=evaluation,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )
