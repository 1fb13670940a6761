"""Commands of the application service.

Which networks an account may act within: granted and revoked by an admin, granted to the
account that founds a network, and, once, every network on record to each account created
before roles were per network (`scope_accounts_to_networks`); within a network, which of its
chapters (communities), when not all; and the network and chapters each record belongs to
(`scope_of`), which is what a request is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from domain.account import COMMAND_LINE, Account
from domain.errors import NotFound
from domain.kinds import words_of
from domain.network import Network
from domain.one_to_one import OneToOne
from domain.person import Person
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey


@dataclass(frozen=True)
class Scope:
    """What a record belongs to: its kind (for errors), its network, and the chapters
    (communities) it belongs to within it; None: to the whole network, every chapter."""

    kind: str
    network_id: UUID
    chapters: frozenset[str] | None = None
    #: The people whose own it is, whatever chapters they are in: a person is their own,
    #: and a one-to-one is the organiser's who held it (its notes belong to who heard them).
    own: frozenset[UUID] = frozenset()


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

    def grant_chapters(
        self,
        account: UUID,
        *,
        network_id: UUID,
        communities: list[str],
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        """Within the network, the account acts for these chapters' people (as well as those
        of chapters granted before), no longer for the whole network's."""
        network = self.read(Network, network_id, "network_id")
        named = network.canonical_communities(communities)
        return self._update(
            Account,
            account,
            lambda a: a.grant_chapters(
                network_id=network_id, communities=named, recorded_by=recorded_by
            ),
            key,
        )

    def revoke_chapters(
        self,
        account: UUID,
        *,
        network_id: UUID,
        communities: list[str] | None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        """The account no longer acts for these chapters' people; naming none (None), it acts
        within the whole network again."""
        network = self.read(Network, network_id, "network_id")
        named = None if communities is None else network.canonical_communities(communities)
        return self._update(
            Account,
            account,
            lambda a: a.revoke_chapters(
                network_id=network_id, communities=named, recorded_by=recorded_by
            ),
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

    def scope_of(self, record_id: UUID) -> Scope | None:
        """The kind of record an id names, the network it belongs to and its chapters: None
        for an id of no record, or of a record of no one network (an account, a webhook).

        A person belongs to the chapters they are in now (none: to the network only, seen
        by those who act within all of it); a one-to-one to those of the person met; every
        other record (a campaign, an action, a decision, a gathering) to the whole network,
        which each of its chapters works within."""
        try:
            record = self.read(Aggregate, record_id)
        except NotFound:
            return None
        if isinstance(record, Network):
            return Scope(words_of(Network), record.id)
        network_id = getattr(record, "network_id", None)
        if not isinstance(network_id, UUID):
            return None
        kind = words_of(type(record))
        if isinstance(record, OneToOne):
            held_by = record.organiser_id
            met = self.read(Person, record.person_id)
            return Scope(kind, network_id, frozenset(met.communities), frozenset({held_by}))
        if isinstance(record, Person):
            return Scope(kind, network_id, frozenset(record.communities), frozenset({record.id}))
        return Scope(kind, network_id)

    def _created_ids(self, created: type[Aggregate.Event]) -> list[UUID]:
        """The ids of every record of a kind a deployment holds few of, oldest first."""
        notifications = self.recorder.select_notifications(
            start=None, limit=1_000_000, topics=[get_topic(created)]
        )
        return [UUID(str(n.originator_id)) for n in notifications]
