"""Corrections: a fact recorded wrongly is put right by a new fact saying what changed and
why; each of these says why a correction cannot be made."""

from __future__ import annotations

from uuid import UUID

from domain.errors import RuleBroken


class NothingToCorrect(RuleBroken):
    """A correction that would change nothing: the same turnout, the same outcome, the
    campaign a decision already belongs to."""

    def __init__(self, what: str, field: str) -> None:
        super().__init__(f"{what} is already so: there is nothing to correct.", field)


class ActionNotCancelled(RuleBroken):
    """An action was reinstated that was never cancelled (or was reinstated already)."""

    def __init__(self, action_id: UUID) -> None:
        super().__init__(f"Action {action_id} is not cancelled: there is nothing to reinstate.")
        self.action_id = action_id


class CommitmentStillOpen(RuleBroken):
    """The outcome of a commitment was corrected that has no outcome on record yet."""

    def __init__(self, meeting_id: UUID, number: int) -> None:
        super().__init__(
            f"Commitment {number} of meeting {meeting_id} has no outcome yet: record one"
            " rather than correct it.",
            "number",
        )
        self.meeting_id = meeting_id
        self.number = number


class NoSuchAssessment(RuleBroken):
    """An assessment was retracted that the power-holder does not have."""

    def __init__(self, power_holder_id: UUID, number: int) -> None:
        super().__init__(f"Power-holder {power_holder_id} has no assessment {number}.", "number")
        self.power_holder_id = power_holder_id
        self.number = number


class AssessmentAlreadyRetracted(RuleBroken):
    """An assessment was retracted twice."""

    def __init__(self, power_holder_id: UUID, number: int) -> None:
        super().__init__(
            f"Assessment {number} of power-holder {power_holder_id} is already retracted.",
            "number",
        )
        self.power_holder_id = power_holder_id
        self.number = number


class NoSuchTarget(RuleBroken):
    """A target was withdrawn that the campaign does not have."""

    def __init__(self, campaign_id: UUID, metric: str) -> None:
        super().__init__(f"Campaign {campaign_id} has no target for {metric}.", "metric")
        self.campaign_id = campaign_id
        self.metric = metric
