"""Commands of the application service.

Power-holders, their assessments, and the meetings held with them.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain.campaign import Campaign
from domain.meeting import PowerHolderMeeting
from domain.network import Network
from domain.person import Person
from domain.power_holder import PowerHolder
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey
from domain.values import (
    Answer,
    CommitmentStatus,
    Evaluation,
    MeetingPurpose,
    Stance,
)


class PowerCommands(Service):
    def identify_power_holder(
        self,
        *,
        network_id: UUID,
        name: str,
        role: str,
        institution: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> PowerHolder:
            self.get(Network, network_id, "network_id")
            return PowerHolder.identify(
                network_id=network_id,
                name=name,
                role=role,
                institution=institution,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def assess_power_holder(
        self,
        power_holder_id: UUID,
        *,
        stance: Stance,
        influence: int,
        interests: list[str],
        notes: str,
        assessed_by: UUID,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(holder: PowerHolder) -> int:
            self._member(holder.network_id, Person, assessed_by, "assessed_by")
            return holder.assess(
                stance=stance,
                influence=influence,
                interests=interests,
                notes=notes,
                assessed_by=assessed_by,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(PowerHolder, power_holder_id, change, key)

    def hold_power_holder_meeting(
        self,
        *,
        network_id: UUID,
        campaign_id: UUID | None,
        power_holder_ids: list[UUID],
        attendee_ids: list[UUID],
        purpose: MeetingPurpose,
        happened_at: datetime | None = None,
        asks: list[tuple[str, Answer]],
        summary: str,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> PowerHolderMeeting:
            self.get(Network, network_id, "network_id")
            if campaign_id is not None:
                self._member(network_id, Campaign, campaign_id, "campaign_id")
            self._members(network_id, PowerHolder, power_holder_ids, "power_holder_ids")
            self._members(network_id, Person, attendee_ids, "attendee_ids")
            return PowerHolderMeeting.hold(
                network_id=network_id,
                campaign_id=campaign_id,
                power_holder_ids=power_holder_ids,
                attendee_ids=attendee_ids,
                purpose=purpose,
                happened_at=happened_at,
                asks=asks,
                summary=summary,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def answer_ask(
        self,
        meeting_id: UUID,
        *,
        number: int,
        answer: Answer,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(meeting: PowerHolderMeeting) -> int:
            meeting.answer_ask(
                number=number,
                answer=answer,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )
            return number

        return self._update(PowerHolderMeeting, meeting_id, change, key)

    def secure_commitment(
        self,
        meeting_id: UUID,
        *,
        power_holder_id: UUID,
        text: str,
        due: date | None,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            PowerHolderMeeting,
            meeting_id,
            lambda m: m.secure_commitment(
                power_holder_id=power_holder_id,
                text=text,
                due=due,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def record_commitment_outcome(
        self,
        meeting_id: UUID,
        *,
        number: int,
        status: CommitmentStatus,
        note: str,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(meeting: PowerHolderMeeting) -> int:
            meeting.record_commitment_outcome(
                number=number,
                status=status,
                note=note,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )
            return number

        return self._update(PowerHolderMeeting, meeting_id, change, key)

    def evaluate_meeting(
        self,
        meeting_id: UUID,
        *,
        evaluation: Evaluation,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            PowerHolderMeeting,
            meeting_id,
            lambda m: m.evaluate(
                evaluation=evaluation,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )
