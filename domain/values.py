"""Value objects and vocabularies shared by the aggregates.

Enumerations are `StrEnum`s so that they are stored as plain words; the aggregates
turn stored words back into members when they apply an event.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Transcoding


class Channel(StrEnum):
    """How a one-to-one took place."""

    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"


class LadderStage(StrEnum):
    """The leadership ladder, from first contact to organiser."""

    CONTACT = "contact"
    PARTICIPANT = "participant"
    VOLUNTEER = "volunteer"
    LEADER = "leader"
    ORGANISER = "organiser"


class ConsentScope(StrEnum):
    """What a person can consent to."""

    KEEP_NOTES = "keep_notes"
    BE_CONTACTED = "be_contacted"


class CampaignStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    WON = "won"
    LOST = "lost"
    CLOSED = "closed"


class TargetMetric(StrEnum):
    """What a campaign can set a measurable target for."""

    ONE_TO_ONES = "one_to_ones"
    LISTENING_PARTICIPANTS = "listening_participants"
    ACTIONS_HELD = "actions_held"
    TURNOUT = "turnout"
    COMMITMENTS_WON = "commitments_won"
    PEOPLE_REACHED = "people_reached"


class ActionKind(StrEnum):
    DELEGATION = "delegation"
    ASSEMBLY = "assembly"
    PUBLIC_MEETING = "public_meeting"
    VIGIL = "vigil"
    PETITION = "petition"
    MEDIA = "media"
    OTHER = "other"


class Stance(StrEnum):
    """Where a power-holder stands on the issue."""

    ALLY = "ally"
    LEANING_ALLY = "leaning_ally"
    NEUTRAL = "neutral"
    LEANING_OPPONENT = "leaning_opponent"
    OPPONENT = "opponent"
    UNKNOWN = "unknown"


class Answer(StrEnum):
    """A power-holder's answer to an ask."""

    YES = "yes"
    NO = "no"
    LATER = "later"


class CommitmentStatus(StrEnum):
    OPEN = "open"
    KEPT = "kept"
    PARTLY_KEPT = "partly_kept"
    BROKEN = "broken"


class MeetingPurpose(StrEnum):
    RESEARCH = "research"
    NEGOTIATION = "negotiation"
    ACCOUNTABILITY = "accountability"


class DecisionKind(StrEnum):
    ISSUE_CUT = "issue_cut"
    TARGET = "target"
    TACTIC = "tactic"
    RESPONSE_TO_OFFER = "response_to_offer"
    OTHER = "other"


class DecisionRule(StrEnum):
    """How the group decides: consensus needs every position on the outcome,
    majority needs more positions for the outcome than for any other option."""

    CONSENSUS = "consensus"
    MAJORITY = "majority"


class DecisionStatus(StrEnum):
    OPEN = "open"
    REACHED = "reached"
    SUPERSEDED = "superseded"


class EvidenceKind(StrEnum):
    """What a decision can cite as evidence."""

    ONE_TO_ONE = "one_to_one"
    LISTENING_SESSION = "listening_session"
    POWER_HOLDER_ASSESSMENT = "power_holder_assessment"
    POWER_HOLDER_MEETING = "power_holder_meeting"
    ACTION = "action"
    GATHERING = "gathering"


class GatheringKind(StrEnum):
    COMMUNITY_OF_PRACTICE = "community_of_practice"
    TRAINING = "training"
    SKILL_SHARE = "skill_share"
    MEETING = "meeting"


@dataclass(frozen=True)
class Theme:
    """A theme heard in listening, with how many times it came up."""

    name: str
    mentions: int


@dataclass(frozen=True)
class FollowUp:
    """Something the two people agreed to do after a one-to-one."""

    number: int
    what: str
    due: date | None = None


@dataclass(frozen=True)
class Target:
    metric: TargetMetric
    goal: int
    due: date | None = None


@dataclass(frozen=True)
class Ask:
    """An ask put to a power-holder, and the answer given."""

    number: int
    text: str
    answer: Answer


@dataclass(frozen=True)
class Evaluation:
    """The reflection after an action, a meeting or a campaign."""

    what_worked: str
    what_did_not: str
    learned: str
    how_people_felt: str = ""


#: The typed text of an event carrying an `Evaluation` (see `domain.store.text`).
EVALUATION_TEXT = tuple(
    f"evaluation.{field}" for field in ("what_worked", "what_did_not", "learned", "how_people_felt")
)


@dataclass(frozen=True)
class EvidenceRef:
    """A reference to something on record: an aggregate id, and for things
    recorded inside another (a listening session, an assessment) their number."""

    kind: EvidenceKind
    id: UUID
    item: int | None = None


class DataclassAsDict(Transcoding):
    """Stores a frozen value-object dataclass as a dict of its fields."""

    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = cls.__name__
        hints = typing.get_type_hints(cls)
        self._coerce: dict[str, Any] = {}
        # The transcoder finds a transcoding by the object's exact type: its fields are
        # `cls`'s, read once (`dataclasses.fields` on every encode was 2% of a command).
        self._names = tuple(field.name for field in dataclasses.fields(cls))
        for field in dataclasses.fields(cls):
            hint = hints[field.name]
            if isinstance(hint, type) and issubclass(hint, StrEnum):
                self._coerce[field.name] = hint
            elif hint in (date, date | None):
                self._coerce[field.name] = _to_date

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: _plain(getattr(obj, name)) for name in self._names}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(
            **{k: (self._coerce[k](v) if k in self._coerce else v) for k, v in data.items()}
        )


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _to_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


VALUE_OBJECTS: tuple[type[Any], ...] = (Theme, FollowUp, Target, Ask, Evaluation, EvidenceRef)


class TimeAsISO(Transcoding):
    type = time
    name = "time_iso"

    def encode(self, obj: time) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> time:
        return time.fromisoformat(data)
