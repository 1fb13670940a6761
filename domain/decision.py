"""A decision the group makes: an issue cut, a target, a tactic, a response to an offer.

It cites the evidence on record, collects each participant's position and reason,
and is reached by its rule. Reached decisions are later revisited or superseded,
never edited.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors.corrections import NothingToCorrect
from domain.errors.decisions import (
    DecisionAlreadyMade,
    DecisionNotReached,
    DecisionSupersedesItself,
    NoPositionsYet,
    NoSuchOption,
    OutcomeNotCarried,
    TooFewOptions,
)
from domain.kinds import Involvement, Kind
from domain.rules import clean_tags, happened, require_text
from domain.values import DecisionKind, DecisionRule, DecisionStatus, EvidenceRef


@dataclass(frozen=True)
class Position:
    participant_id: UUID
    option: str
    reason: str
    happened_at: datetime


class Decision(Aggregate):
    KIND = Kind(
        "decision",
        "/decisions",
        parts={"proposed": "Proposed a decision", "participant": "Took a position"},
    )

    class Proposed(Aggregate.Created):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("question", "options[]")

        network_id: UUID
        campaign_id: UUID | None
        kind: str
        question: str
        options: list[str]
        rule: str
        evidence: list[EvidenceRef]
        proposed_by: UUID
        happened_at: datetime
        recorded_by: UUID

        def involved(self) -> Iterator[Involvement]:
            yield self.proposed_by, "proposed"

    class PositionTaken(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("option", "reason")

        participant_id: UUID
        option: str
        reason: str
        happened_at: datetime
        recorded_by: UUID

        def involved(self) -> Iterator[Involvement]:
            yield self.participant_id, "participant"

    class Reached(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("outcome", "rationale")

        outcome: str
        rationale: str
        happened_at: datetime
        recorded_by: UUID

    class Revisited(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        reason: str
        happened_at: datetime
        recorded_by: UUID

    class Superseded(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        by_decision_id: UUID
        reason: str
        happened_at: datetime
        recorded_by: UUID

    class CampaignLinked(Aggregate.Event):
        """The decision belongs to a campaign it was not recorded under (one made before
        its campaign existed, or filed under the wrong one): which, what it was, and why."""

        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        campaign_id: UUID
        was: UUID | None
        reason: str
        happened_at: datetime
        recorded_by: UUID

    @classmethod
    def propose(
        cls,
        *,
        network_id: UUID,
        campaign_id: UUID | None,
        kind: DecisionKind,
        question: str,
        options: list[str],
        rule: DecisionRule,
        evidence: list[EvidenceRef],
        proposed_by: UUID,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> Decision:
        cleaned = clean_tags(options, "options")
        if len(cleaned) < 2 or len(cleaned) != len(options):
            raise TooFewOptions()
        return cls(
            network_id=network_id,
            campaign_id=campaign_id,
            kind=kind.value,
            question=require_text(question, "question"),
            options=cleaned,
            rule=rule.value,
            evidence=list(dict.fromkeys(evidence)),
            proposed_by=proposed_by,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Proposed)
    def __init__(
        self,
        network_id: UUID,
        campaign_id: UUID | None,
        kind: str,
        question: str,
        options: list[str],
        rule: str,
        evidence: list[EvidenceRef],
        proposed_by: UUID,
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.network_id = network_id
        self.campaign_id = campaign_id
        self.kind = DecisionKind(kind)
        self.question = question
        self.options = list(options)
        self.rule = DecisionRule(rule)
        self.evidence = list(evidence)
        self.proposed_by = proposed_by
        self.proposed_at = happened_at
        self.positions: dict[UUID, Position] = {}
        self.status = DecisionStatus.OPEN
        self.outcome: str | None = None
        self.rationale = ""
        self.reached_at: datetime | None = None
        self.superseded_by: UUID | None = None

    def _option(self, option: str, field: str) -> str:
        for known in self.options:
            if known.casefold() == option.strip().casefold():
                return known
        raise NoSuchOption(self.id, self.options, field)

    def take_position(
        self,
        *,
        participant_id: UUID,
        option: str,
        reason: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        if self.status != DecisionStatus.OPEN:
            raise DecisionAlreadyMade(self.id, self.status, taking_position=True)
        self._position_taken(
            participant_id=participant_id,
            option=self._option(option, "option"),
            reason=reason.strip(),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(PositionTaken)
    def _position_taken(
        self,
        participant_id: UUID,
        option: str,
        reason: str,
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.positions[participant_id] = Position(participant_id, option, reason, happened_at)

    def reach(
        self,
        *,
        outcome: str,
        rationale: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        if self.status != DecisionStatus.OPEN:
            raise DecisionAlreadyMade(self.id, self.status)
        outcome = self._option(outcome, "outcome")
        self._check_rule(outcome)
        self._reached(
            outcome=outcome,
            rationale=require_text(rationale, "rationale"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    def _check_rule(self, outcome: str) -> None:
        counts = Counter(p.option for p in self.positions.values())
        if not counts:
            raise NoPositionsYet(self.id)
        if self.rule == DecisionRule.CONSENSUS and set(counts) != {outcome}:
            raise OutcomeNotCarried(self.id, self.rule, counts)
        if self.rule == DecisionRule.MAJORITY:
            rivals = [n for option, n in counts.items() if option != outcome]
            if counts[outcome] <= max(rivals, default=0):
                raise OutcomeNotCarried(self.id, self.rule, counts)

    @event(Reached)
    def _reached(
        self, outcome: str, rationale: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.status = DecisionStatus.REACHED
        self.outcome = outcome
        self.rationale = rationale
        self.reached_at = happened_at

    def revisit(
        self, *, reason: str, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        """Reopens a reached decision: earlier positions stand until participants take new ones."""
        if self.status != DecisionStatus.REACHED:
            raise DecisionNotReached(self.id, self.status, "revisited")
        self._revisited(
            reason=require_text(reason, "reason"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Revisited)
    def _revisited(self, reason: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.status = DecisionStatus.OPEN
        self.outcome = None
        self.rationale = ""
        self.reached_at = None

    def supersede(
        self,
        *,
        by_decision_id: UUID,
        reason: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        if self.status != DecisionStatus.REACHED:
            raise DecisionNotReached(self.id, self.status, "superseded")
        if by_decision_id == self.id:
            raise DecisionSupersedesItself(self.id)
        self._superseded(
            by_decision_id=by_decision_id,
            reason=require_text(reason, "reason"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Superseded)
    def _superseded(
        self, by_decision_id: UUID, reason: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.status = DecisionStatus.SUPERSEDED
        self.superseded_by = by_decision_id

    def link_campaign(
        self,
        *,
        campaign_id: UUID,
        reason: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        """Files the decision under a campaign (of its network: the caller checks)."""
        if campaign_id == self.campaign_id:
            raise NothingToCorrect(
                f"Decision {self.id} is under campaign {campaign_id}", "campaign_id"
            )
        self._campaign_linked(
            campaign_id=campaign_id,
            was=self.campaign_id,
            reason=require_text(reason, "reason"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(CampaignLinked)
    def _campaign_linked(
        self,
        campaign_id: UUID,
        was: UUID | None,
        reason: str,
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.campaign_id = campaign_id
