"""Commands of the application service.

Decisions: proposed with evidence, positions, reached, revisited, superseded.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.action import Action
from domain.campaign import Campaign
from domain.decision import Decision
from domain.errors.decisions import (
    EvidenceItemMissing,
    EvidenceItemNotExpected,
    NoSuchEvidenceItem,
    SupersededBySuperseded,
)
from domain.gathering import Gathering
from domain.kinds import words_of
from domain.listening import ListeningCampaign
from domain.meeting import PowerHolderMeeting
from domain.network import Network
from domain.one_to_one import OneToOne
from domain.person import Person
from domain.power_holder import PowerHolder
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey
from domain.values import (
    DecisionKind,
    DecisionRule,
    DecisionStatus,
    EvidenceKind,
    EvidenceRef,
)

#: The kind of record each kind of evidence names.
EVIDENCE: dict[EvidenceKind, type[Aggregate]] = {
    EvidenceKind.ONE_TO_ONE: OneToOne,
    EvidenceKind.LISTENING_SESSION: ListeningCampaign,
    EvidenceKind.POWER_HOLDER_ASSESSMENT: PowerHolder,
    EvidenceKind.POWER_HOLDER_MEETING: PowerHolderMeeting,
    EvidenceKind.ACTION: Action,
    EvidenceKind.GATHERING: Gathering,
}


class DecisionCommands(Service):
    def check_evidence(self, network_id: UUID, evidence: list[EvidenceRef]) -> None:
        """Every reference must name something on record in the same network."""
        for n, ref in enumerate(evidence):
            field = f"evidence[{n}]"
            record = self._member(network_id, EVIDENCE[ref.kind], ref.id, f"{field}.id")
            if isinstance(record, ListeningCampaign):
                numbers = [s.number for s in record.sessions]
            elif isinstance(record, PowerHolder):
                numbers = [a.number for a in record.assessments]
            else:
                if ref.item is not None:
                    raise EvidenceItemNotExpected(ref.kind, f"{field}.item")
                continue
            if ref.item is None:
                what = "session" if isinstance(record, ListeningCampaign) else "assessment"
                raise EvidenceItemMissing(
                    ref.kind, what, words_of(type(record)), ref.id, f"{field}.item"
                )
            if ref.item not in numbers:
                raise NoSuchEvidenceItem(
                    ref.kind, ref.item, words_of(type(record)), ref.id, f"{field}.item"
                )

    def propose_decision(
        self,
        *,
        network_id: UUID,
        campaign_id: UUID | None,
        kind: DecisionKind,
        question: str,
        options: list[str],
        rule: DecisionRule,
        evidence: list[EvidenceRef],
        proposed_by: UUID,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> Decision:
            self.get(Network, network_id, "network_id")
            if campaign_id is not None:
                self._member(network_id, Campaign, campaign_id, "campaign_id")
            self._member(network_id, Person, proposed_by, "proposed_by")
            self.check_evidence(network_id, evidence)
            return Decision.propose(
                network_id=network_id,
                campaign_id=campaign_id,
                kind=kind,
                question=question,
                options=options,
                rule=rule,
                evidence=evidence,
                proposed_by=proposed_by,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def take_position(
        self,
        decision_id: UUID,
        *,
        participant_id: UUID,
        option: str,
        reason: str,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(decision: Decision) -> None:
            self._member(decision.network_id, Person, participant_id, "participant_id")
            decision.take_position(
                participant_id=participant_id,
                option=option,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(Decision, decision_id, change, key)

    def reach_decision(
        self,
        decision_id: UUID,
        *,
        outcome: str,
        rationale: str,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Decision,
            decision_id,
            lambda d: d.reach(
                outcome=outcome,
                rationale=rationale,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def revisit_decision(
        self,
        decision_id: UUID,
        *,
        reason: str,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Decision,
            decision_id,
            lambda d: d.revisit(
                reason=reason, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    def supersede_decision(
        self,
        decision_id: UUID,
        *,
        by_decision_id: UUID,
        reason: str,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(decision: Decision) -> None:
            later = self._member(decision.network_id, Decision, by_decision_id, "by_decision_id")
            if later.status == DecisionStatus.SUPERSEDED:
                raise SupersededBySuperseded(by_decision_id)
            decision.supersede(
                by_decision_id=by_decision_id,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(Decision, decision_id, change, key)
