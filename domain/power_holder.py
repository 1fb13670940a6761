"""A power-holder: someone with power over the issue, and each assessment of them.

Power-holders are named in their public role (an official, a director), so their
name and role are not treated as a member's personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors.corrections import AssessmentAlreadyRetracted, NoSuchAssessment
from domain.errors.power import InfluenceOutOfRange
from domain.kinds import Kind
from domain.rules import clean_tags, happened, require_text, upcast_happened_at
from domain.values import Stance


@dataclass(frozen=True)
class Assessment:
    number: int
    stance: Stance
    influence: int
    interests: list[str]
    notes: str
    assessed_by: UUID
    happened_at: datetime


class PowerHolder(Aggregate):
    KIND = Kind("power-holder", "/power-holders")

    class Identified(Aggregate.Created):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("name", "role", "institution")

        network_id: UUID
        name: str
        role: str
        institution: str
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    class Assessed(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("interests[]", "notes")

        number: int
        stance: str
        influence: int
        interests: list[str]
        notes: str
        assessed_by: UUID
        happened_at: datetime
        recorded_by: UUID

    class AssessmentRetracted(Aggregate.Event):
        """An assessment recorded was wrong (of someone else, or mistaken) and no longer
        counts: where they stand is the last assessment that still does."""

        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        number: int
        reason: str
        happened_at: datetime
        recorded_by: UUID

    @classmethod
    def identify(
        cls,
        *,
        network_id: UUID,
        name: str,
        role: str,
        institution: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> PowerHolder:
        return cls(
            network_id=network_id,
            name=require_text(name, "name"),
            role=require_text(role, "role"),
            institution=require_text(institution, "institution"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Identified)
    def __init__(
        self,
        network_id: UUID,
        name: str,
        role: str,
        institution: str,
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.network_id = network_id
        self.name = name
        self.role = role
        self.institution = institution
        self.assessments: list[Assessment] = []
        self.retracted: set[int] = set()

    def assess(
        self,
        *,
        stance: Stance,
        influence: int,
        interests: list[str],
        notes: str,
        assessed_by: UUID,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> int:
        if not 1 <= influence <= 5:
            raise InfluenceOutOfRange(influence)
        number = len(self.assessments) + 1
        self._assessed(
            number=number,
            stance=stance.value,
            influence=influence,
            interests=clean_tags(interests, "interests"),
            notes=notes.strip(),
            assessed_by=assessed_by,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )
        return number

    @property
    def latest(self) -> Assessment | None:
        """The assessment that happened last (of two at the same moment, the one recorded
        last), whatever order they were recorded in: where they stand now."""
        return max(
            (a for a in self.assessments if a.number not in self.retracted),
            key=lambda a: (a.happened_at, a.number),
            default=None,
        )

    def retract_assessment(
        self,
        *,
        number: int,
        reason: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        if not 1 <= number <= len(self.assessments):
            raise NoSuchAssessment(self.id, number)
        if number in self.retracted:
            raise AssessmentAlreadyRetracted(self.id, number)
        self._assessment_retracted(
            number=number,
            reason=require_text(reason, "reason"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(AssessmentRetracted)
    def _assessment_retracted(
        self, number: int, reason: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.retracted.add(number)

    @event(Assessed)
    def _assessed(
        self,
        number: int,
        stance: str,
        influence: int,
        interests: list[str],
        notes: str,
        assessed_by: UUID,
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.assessments.append(
            Assessment(
                number, Stance(stance), influence, list(interests), notes, assessed_by, happened_at
            )
        )
