"""Commands of the application service.

Gathering series and gatherings.
"""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import UUID

from domain.gathering import Gathering, GatheringSeries
from domain.network import Network
from domain.person import Person
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey
from domain.values import GatheringKind


class GatheringCommands(Service):
    def gathering_series_ids(self, network_id: UUID, limit: int = 1_000) -> list[UUID]:
        """The ids of a network's gathering series, oldest first, read from the log."""
        return self._ids_in_network(GatheringSeries.Established, GatheringSeries, network_id, limit)

    def establish_gathering_series(
        self,
        *,
        network_id: UUID,
        name: str,
        kind: GatheringKind,
        rrule: str,
        starts_on: date,
        local_time: time,
        duration_minutes: int,
        time_zone: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> GatheringSeries:
            self.get(Network, network_id, "network_id")
            return GatheringSeries.establish(
                network_id=network_id,
                name=name,
                kind=kind,
                rrule=rrule,
                starts_on=starts_on,
                local_time=local_time,
                duration_minutes=duration_minutes,
                time_zone=time_zone,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def hold_gathering(
        self,
        *,
        network_id: UUID,
        series_id: UUID | None,
        kind: GatheringKind,
        topic: str,
        happened_at: datetime | None = None,
        facilitator_id: UUID | None,
        attendee_ids: list[UUID],
        reflections: str,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> Gathering:
            self.get(Network, network_id, "network_id")
            if series_id is not None:
                self._member(network_id, GatheringSeries, series_id, "series_id")
            if facilitator_id is not None:
                self._member(network_id, Person, facilitator_id, "facilitator_id")
            self._members(network_id, Person, attendee_ids, "attendee_ids")
            return Gathering.hold(
                network_id=network_id,
                series_id=series_id,
                kind=kind,
                topic=topic,
                happened_at=happened_at,
                facilitator_id=facilitator_id,
                attendee_ids=attendee_ids,
                reflections=reflections,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)
