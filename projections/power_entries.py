"""What the power map answers (`projections.power`): a power-holder with their assessments,
meetings, asks and commitments, and the scorecard of what became of the commitments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID


@dataclass(frozen=True)
class AssessmentEntry:
    number: int
    stance: str
    influence: int
    interests: list[str]
    happened_at: datetime
    recorded_at: datetime
    retracted: bool = False


@dataclass(frozen=True)
class AskEntry:
    number: int
    text: str
    answer: str  # the latest answer on record


@dataclass(frozen=True)
class MeetingEntry:
    meeting_id: UUID
    campaign_id: UUID | None
    purpose: str
    happened_at: datetime
    asks: list[AskEntry]


@dataclass(frozen=True)
class CommitmentEntry:
    meeting_id: UUID
    number: int
    text: str
    due: date | None
    status: str  # open, kept, partly_kept, broken
    overdue: bool
    note: str
    secured_at: datetime


@dataclass(frozen=True)
class Scorecard:
    open: int
    kept: int
    partly_kept: int
    broken: int
    overdue: int


@dataclass(frozen=True)
class PowerHolderMap:
    power_holder_id: UUID
    network_id: UUID
    name: str
    role: str
    institution: str
    stance: str  # the latest assessment's, or "unknown" before any
    influence: int | None
    assessments: list[AssessmentEntry]  # oldest first: how stance and influence changed
    meetings: list[MeetingEntry]
    asks: int
    asks_answered_yes: int
    commitments: list[CommitmentEntry]
    scorecard: Scorecard
