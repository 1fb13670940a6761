"""Rules of a decision: its options, the positions taken on it, how its rule (consensus,
majority) is met, revisiting and superseding it, and the evidence it cites."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from domain.errors import RuleBroken


class TooFewOptions(RuleBroken):
    """A decision was proposed with fewer than two different options."""

    def __init__(self) -> None:
        super().__init__("A decision has at least two different options.", "options")


class NoSuchOption(RuleBroken):
    """A position was taken, or an outcome reached, that is not one of the decision's options."""

    def __init__(self, decision_id: UUID, options: list[str], field: str) -> None:
        super().__init__(
            f"Decision {decision_id} has no such option; its options are {options}.", field
        )
        self.decision_id = decision_id


class DecisionAlreadyMade(RuleBroken):
    """A position was taken on, or an outcome reached for, a decision no longer open."""

    def __init__(self, decision_id: UUID, status: str, *, taking_position: bool = False) -> None:
        super().__init__(
            f"Decision {decision_id} is {status}; positions are taken before it is reached."
            if taking_position
            else f"Decision {decision_id} is already {status}."
        )
        self.decision_id = decision_id
        self.status = status


class NoPositionsYet(RuleBroken):
    """A decision was reached before anyone took a position on it."""

    def __init__(self, decision_id: UUID) -> None:
        super().__init__(f"Decision {decision_id} has no positions yet.", "outcome")
        self.decision_id = decision_id


class OutcomeNotCarried(RuleBroken):
    """A decision was reached on an outcome its rule (consensus, majority) does not carry."""

    def __init__(self, decision_id: UUID, rule: str, counts: Mapping[str, int]) -> None:
        why = (
            "not every position is for that outcome"
            if rule == "consensus"
            else "that outcome does not have the most positions"
        )
        super().__init__(
            f"Decision {decision_id} is by {rule}, and {why} ({dict(counts)}).", "outcome"
        )
        self.decision_id = decision_id
        self.rule = rule
        self.counts = dict(counts)


class DecisionNotReached(RuleBroken):
    """A decision not (or no longer) reached was revisited or superseded."""

    def __init__(self, decision_id: UUID, status: str, change: str) -> None:
        super().__init__(
            f"Decision {decision_id} is {status}; only a reached decision is {change}."
        )
        self.decision_id = decision_id
        self.status = status
        self.change = change


class DecisionSupersedesItself(RuleBroken):
    """A decision was said to be superseded by itself."""

    def __init__(self, decision_id: UUID) -> None:
        super().__init__("A decision cannot supersede itself.", "by_decision_id")
        self.decision_id = decision_id


class SupersededBySuperseded(RuleBroken):
    """A decision was said to be superseded by one itself superseded, not the one that stands."""

    def __init__(self, by_decision_id: UUID) -> None:
        super().__init__(
            f"Decision {by_decision_id} is itself superseded; supersede with the decision "
            "that stands.",
            "by_decision_id",
        )
        self.by_decision_id = by_decision_id


class EvidenceItemNotExpected(RuleBroken):
    """Evidence cited a numbered item of a record that has none (a one-to-one, an action)."""

    def __init__(self, kind: str, field: str) -> None:
        super().__init__(f"A {kind} reference has no item number.", field)
        self.kind = kind


class EvidenceItemMissing(RuleBroken):
    """Evidence cited a listening session or an assessment without its number."""

    def __init__(self, kind: str, item: str, record: str, record_id: UUID, field: str) -> None:
        super().__init__(
            f"A {kind} reference needs its item: the {item}'s number in {record} {record_id}.",
            field,
        )
        self.kind = kind
        self.record_id = record_id


class NoSuchEvidenceItem(RuleBroken):
    """Evidence cited a session or an assessment its record does not have."""

    def __init__(self, kind: str, number: int, record: str, record_id: UUID, field: str) -> None:
        super().__init__(f"The {record} {record_id} has no {kind} number {number}.", field)
        self.kind = kind
        self.number = number
        self.record_id = record_id
