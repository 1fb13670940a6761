"""Decisions: the question and options, the evidence cited, each position and the outcome."""

from __future__ import annotations

from dataclasses import dataclass

from domain.values import DecisionKind, DecisionRule, EvidenceKind, EvidenceRef
from interface.sample.recording import Moment, Sample


@dataclass(frozen=True)
class Evidence:
    """A record a decision cites, by its local name, and for a thing recorded inside it
    (a listening session, an assessment) its number."""

    kind: EvidenceKind
    record: str
    item: int | None = None

    def ref(self, sample: Sample) -> EvidenceRef:
        return EvidenceRef(self.kind, sample.id(self.record), self.item)


@dataclass(frozen=True)
class Position:
    """A participant's position on a decision, and why."""

    participant: str
    option: str
    reason: str
    at: Moment


@dataclass(frozen=True)
class Decision:
    """A decision proposed, the positions taken on it, and the outcome reached."""

    name: str
    campaign: str | None
    kind: DecisionKind
    question: str
    options: tuple[str, ...]
    rule: DecisionRule
    evidence: tuple[Evidence, ...]
    proposed_by: str
    proposed: Moment
    positions: tuple[Position, ...]
    outcome: str
    rationale: str
    reached: Moment

    def record_in(self, sample: Sample) -> None:
        proposed = sample.app.propose_decision(
            network_id=sample.network,
            campaign_id=sample.id_or_none(self.campaign),
            kind=self.kind,
            question=self.question,
            options=list(self.options),
            rule=self.rule,
            evidence=[each.ref(sample) for each in self.evidence],
            proposed_by=sample.id(self.proposed_by),
            happened_at=sample.at(self.proposed),
            recorded_by=sample.by,
        )
        decision = sample.name(self.name, proposed.id)
        for position in self.positions:
            sample.app.take_position(
                decision,
                participant_id=sample.id(position.participant),
                option=position.option,
                reason=position.reason,
                happened_at=sample.at(position.at),
                recorded_by=sample.by,
            )
        sample.app.reach_decision(
            decision,
            outcome=self.outcome,
            rationale=self.rationale,
            happened_at=sample.at(self.reached),
            recorded_by=sample.by,
        )
