"""Commands of the application service.

Actions: planned, held, evaluated, cancelled.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.action import Action
from domain.campaign import Campaign
from domain.errors.campaigns import CampaignNotActive
from domain.power_holder import PowerHolder
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey
from domain.values import (
    ActionKind,
    CampaignStatus,
    Evaluation,
)


class ActionCommands(Service):
    def plan_action(
        self,
        *,
        campaign_id: UUID,
        kind: ActionKind,
        title: str,
        scheduled_for: datetime,
        power_holder_id: UUID | None,
        ask: str,
        turnout_pledged: int,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> Action:
            campaign = self.get(Campaign, campaign_id, "campaign_id")
            if campaign.status != CampaignStatus.ACTIVE:
                raise CampaignNotActive(campaign_id, campaign.status)
            if power_holder_id is not None:
                self._member(campaign.network_id, PowerHolder, power_holder_id, "power_holder_id")
            return Action.plan(
                network_id=campaign.network_id,
                campaign_id=campaign_id,
                kind=kind,
                title=title,
                scheduled_for=scheduled_for,
                power_holder_id=power_holder_id,
                ask=ask,
                turnout_pledged=turnout_pledged,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def record_action_held(
        self,
        action_id: UUID,
        *,
        happened_at: datetime | None = None,
        turnout: int,
        outcome: str,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Action,
            action_id,
            lambda a: a.record_held(
                happened_at=happened_at,
                turnout=turnout,
                outcome=outcome,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def evaluate_action(
        self,
        action_id: UUID,
        *,
        evaluation: Evaluation,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Action,
            action_id,
            lambda a: a.evaluate(
                evaluation=evaluation,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def cancel_action(
        self,
        action_id: UUID,
        *,
        reason: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Action,
            action_id,
            lambda a: a.cancel(
                reason=reason, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )
