"""Commands of the application service.

Which networks an account may act within: granted and revoked by an admin, granted to the
account that founds a network, and, once, every network on record to each account created
before roles were per network (`scope_accounts_to_networks`).
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from domain.account import COMMAND_LINE, Account
from domain.errors import NotFound
from domain.idempotency import RequestKey
from domain.network import Network
from domain.service import KINDS, Recorded, Service


class GrantCommands(Service):
    def grant_networks(
        self,
        account: UUID,
        *,
        network_ids: list[UUID],
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        """Lets the account act within these networks too."""
        for network_id in network_ids:
            self.read(Network, network_id, "network_ids")
        return self._update(
            Account,
            account,
            lambda a: a.grant_networks(network_ids=network_ids, recorded_by=recorded_by),
            key,
        )

    def revoke_network(
        self, account: UUID, *, network_id: UUID, recorded_by: UUID, key: RequestKey | None = None
    ) -> Recorded:
        """The account no longer acts within the network: its records are not found by it."""
        return self._update(
            Account,
            account,
            lambda a: a.revoke_network(network_id=network_id, recorded_by=recorded_by),
            key,
        )

    def scope_accounts_to_networks(self, recorded_by: UUID = COMMAND_LINE) -> int:
        """Makes the roles of each account created before roles were per network grants on
        every network on record, as events; how many accounts were moved on. Safe to run
        again, and from several processes at once (each account is moved on once)."""
        networks = self._created_ids(Network.Founded)
        moved = 0
        for account_id in self._created_ids(Account.Created):
            account = self.get(Account, account_id)
            if not account.scope_to(network_ids=networks, recorded_by=recorded_by):
                continue
            try:
                self.save(account)
            except IntegrityError:  # another process moved it on (or changed it) meanwhile
                continue
            moved += 1
        return moved

    def network_of(self, record_id: UUID) -> tuple[str, UUID] | None:
        """The kind of record an id names and the network it belongs to: None for an id of
        no record, or of a record of no one network (an account, a webhook)."""
        try:
            record = self.read(Aggregate, record_id)
        except NotFound:
            return None
        if isinstance(record, Network):
            return KINDS[Network], record.id
        network_id = getattr(record, "network_id", None)
        if not isinstance(network_id, UUID):
            return None
        return KINDS.get(type(record), "record"), network_id

    def _created_ids(self, created: type[Aggregate.Event]) -> list[UUID]:
        """The ids of every record of a kind a deployment holds few of, oldest first."""
        notifications = self.recorder.select_notifications(
            start=None, limit=1_000_000, topics=[get_topic(created)]
        )
        return [UUID(str(n.originator_id)) for n in notifications]
