"""Rules of power analysis and of meeting power-holders: how an assessment rates
influence, who a meeting is with, its asks and their answers, and the commitments secured."""

from __future__ import annotations

from uuid import UUID

from domain.errors import RuleBroken


class InfluenceOutOfRange(RuleBroken):
    """A power-holder's influence was rated outside 1 (little) to 5 (decisive)."""

    def __init__(self, influence: int) -> None:
        super().__init__(
            f"influence is rated 1 (little) to 5 (decisive), got {influence}.", "influence"
        )
        self.influence = influence


class NoPowerHolderMet(RuleBroken):
    """A power-holder meeting was recorded with no power-holder."""

    def __init__(self) -> None:
        super().__init__(
            "A power-holder meeting is with at least one power-holder.", "power_holder_ids"
        )


class NoAttendeeFromNetwork(RuleBroken):
    """A power-holder meeting was recorded with no one from the network attending."""

    def __init__(self) -> None:
        super().__init__(
            "A power-holder meeting has at least one attendee from the network.", "attendee_ids"
        )


class NoSuchAsk(RuleBroken):
    """An ask was answered that the meeting did not make."""

    def __init__(self, meeting_id: UUID, number: int) -> None:
        super().__init__(f"Meeting {meeting_id} has no ask number {number}.", "number")
        self.meeting_id = meeting_id
        self.number = number


class AskAlreadyAnswered(RuleBroken):
    """An ask answered yes or no was answered again (only a later answer is followed up)."""

    def __init__(self, meeting_id: UUID, number: int, answer: str) -> None:
        super().__init__(
            f"Ask {number} of meeting {meeting_id} was already answered {answer}.", "number"
        )
        self.meeting_id = meeting_id
        self.number = number
        self.answer = answer


class AnswerStillLater(RuleBroken):
    """An ask answered later was followed up with later again, not with yes or no."""

    def __init__(self) -> None:
        super().__init__("A later answer is yes or no.", "answer")


class PowerHolderNotAtMeeting(RuleBroken):
    """A commitment was secured from a power-holder who was not at the meeting."""

    def __init__(self, meeting_id: UUID, power_holder_id: UUID) -> None:
        super().__init__(
            f"Power-holder {power_holder_id} was not at meeting {meeting_id}.", "power_holder_id"
        )
        self.meeting_id = meeting_id
        self.power_holder_id = power_holder_id


class NoSuchCommitment(RuleBroken):
    """An outcome was recorded for a commitment the meeting did not secure."""

    def __init__(self, meeting_id: UUID, number: int) -> None:
        super().__init__(f"Meeting {meeting_id} has no commitment number {number}.", "number")
        self.meeting_id = meeting_id
        self.number = number


class CommitmentAlreadySettled(RuleBroken):
    """An outcome was recorded again for a commitment already kept, partly kept or broken."""

    def __init__(self, meeting_id: UUID, number: int, status: str) -> None:
        super().__init__(
            f"Commitment {number} of meeting {meeting_id} is already {status}.", "number"
        )
        self.meeting_id = meeting_id
        self.number = number
        self.status = status


class CommitmentOutcomeOpen(RuleBroken):
    """A commitment's outcome was recorded as open, not as kept, partly kept or broken."""

    def __init__(self, status: str) -> None:
        super().__init__("A commitment's outcome is kept, partly_kept or broken.", "status")
        self.status = status
