"""Commands of the application service.

The network: founding, guidelines, committee and communities.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.account import COMMAND_LINE, Account
from domain.errors import NotFound
from domain.network import DEFAULT_TIME_ZONE, Network
from domain.person import Person
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey


class NetworkCommands(Service):
    def network_ids(self, limit: int = 100) -> list[UUID]:
        """The ids of the networks on record, oldest first, read from the log.

        (The few networks a deployment holds are found by their founding events; lists
        of everything else are read models, built by the projections.)
        """
        founded = self.recorder.select_notifications(
            start=None, limit=limit, topics=[get_topic(Network.Founded)]
        )
        return [UUID(str(n.originator_id)) for n in founded]

    def found_network(
        self,
        *,
        name: str,
        focus: str,
        goals: list[str],
        communities: list[str],
        happened_at: datetime | None = None,
        recorded_by: UUID,
        time_zone: str = DEFAULT_TIME_ZONE,
        key: RequestKey | None = None,
    ) -> Recorded:
        """A new network; the account that founds it acts within it (in the same write).
        Its weeks are counted in `time_zone` (an IANA name), UTC unless given."""

        def decide() -> tuple[list[Aggregate], Recorded]:
            network = Network.found(
                name=name,
                focus=focus,
                goals=goals,
                communities=communities,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
                time_zone=time_zone,
            )
            founded: list[Aggregate] = [network]
            founder = self._founder(recorded_by)
            if founder is not None:
                founder.grant_networks(network_ids=[network.id], recorded_by=recorded_by)
                founded.append(founder)
            return founded, Recorded(network.id, network.version)

        return self._execute(decide, key)

    def _founder(self, recorded_by: UUID) -> Account | None:
        """The account founding a network, if it was an account (not the command line)."""
        if recorded_by == COMMAND_LINE:
            return None
        try:
            return self.get(Account, recorded_by)
        except NotFound:
            return None

    def set_time_zone(
        self,
        network_id: UUID,
        *,
        time_zone: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        """The network counts its weeks in another zone (an IANA name) from now on, those
        before too; the zone it already has records nothing."""
        now = self.clock()
        return self._update(
            Network,
            network_id,
            lambda n: n.set_time_zone(
                time_zone=time_zone,
                happened_at=happened_at or now,
                now=now,
                recorded_by=recorded_by,
            ),
            key,
        )

    def adopt_guidelines(
        self,
        network_id: UUID,
        *,
        text: str,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Network,
            network_id,
            lambda n: n.adopt_guidelines(
                text=text, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    def welcome_to_committee(
        self,
        network_id: UUID,
        *,
        person_id: UUID,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(network: Network) -> None:
            self._member(network_id, Person, person_id, "person_id")
            network.welcome_to_committee(
                person_id=person_id,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(Network, network_id, change, key)

    def step_down_from_committee(
        self,
        network_id: UUID,
        *,
        person_id: UUID,
        reason: str,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Network,
            network_id,
            lambda n: n.step_down_from_committee(
                person_id=person_id,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def add_community(
        self,
        network_id: UUID,
        *,
        community: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Network,
            network_id,
            lambda n: n.add_community(
                community=community,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )
