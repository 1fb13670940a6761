"""Commands of the application service.

Listening campaigns and their sessions.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.listening import ListeningCampaign
from domain.network import Network
from domain.person import Person
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey
from domain.values import Theme


class ListeningCommands(Service):
    def listening_campaign_ids(self, network_id: UUID, limit: int = 1_000) -> list[UUID]:
        """The ids of a network's listening campaigns, oldest first, read from the log."""
        return self._ids_in_network(
            ListeningCampaign.Launched, ListeningCampaign, network_id, limit
        )

    def launch_listening_campaign(
        self,
        *,
        network_id: UUID,
        question: str,
        communities: list[str],
        target_conversations: int,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> ListeningCampaign:
            network = self.get(Network, network_id, "network_id")
            return ListeningCampaign.launch(
                network_id=network_id,
                question=question,
                communities=network.canonical_communities(communities),
                target_conversations=target_conversations,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def hold_listening_session(
        self,
        listening_campaign_id: UUID,
        *,
        host_id: UUID,
        community: str,
        happened_at: datetime | None = None,
        participants: int,
        themes: list[Theme],
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(listening: ListeningCampaign) -> int:
            self._member(listening.network_id, Person, host_id, "host_id")
            return listening.hold_session(
                host_id=host_id,
                community=community,
                happened_at=happened_at,
                participants=participants,
                themes=themes,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(ListeningCampaign, listening_campaign_id, change, key)

    def close_listening_campaign(
        self,
        listening_campaign_id: UUID,
        *,
        summary: str,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            ListeningCampaign,
            listening_campaign_id,
            lambda lc: lc.close(
                summary=summary, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )
