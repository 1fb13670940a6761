"""Commands of the application service.

Corrections: a fact recorded wrongly is put right by a new fact that says what changed and
why (a turnout, a cancellation, a commitment's outcome, an assessment, a decision's
campaign, a target); nothing recorded is changed.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.action import Action
from domain.campaign import Campaign
from domain.decision import Decision
from domain.meeting import PowerHolderMeeting
from domain.power_holder import PowerHolder
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey
from domain.values import CommitmentStatus, TargetMetric


class CorrectionCommands(Service):
    def correct_turnout(
        self,
        action_id: UUID,
        *,
        turnout: int,
        reason: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Action,
            action_id,
            lambda a: a.correct_turnout(
                turnout=turnout,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def reinstate_action(
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
            lambda a: a.reinstate(
                reason=reason, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    def correct_commitment_outcome(
        self,
        meeting_id: UUID,
        *,
        number: int,
        status: CommitmentStatus,
        note: str,
        reason: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            PowerHolderMeeting,
            meeting_id,
            lambda m: m.correct_commitment_outcome(
                number=number,
                status=status,
                note=note,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def retract_assessment(
        self,
        power_holder_id: UUID,
        *,
        number: int,
        reason: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            PowerHolder,
            power_holder_id,
            lambda h: h.retract_assessment(
                number=number,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def link_decision_to_campaign(
        self,
        decision_id: UUID,
        *,
        campaign_id: UUID,
        reason: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(decision: Decision) -> None:
            self._member(decision.network_id, Campaign, campaign_id, "campaign_id")
            decision.link_campaign(
                campaign_id=campaign_id,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(Decision, decision_id, change, key)

    def withdraw_target(
        self,
        campaign_id: UUID,
        *,
        metric: TargetMetric,
        reason: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Campaign,
            campaign_id,
            lambda c: c.withdraw_target(
                metric=metric,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )
