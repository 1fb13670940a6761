"""What an account may do, and where: its roles, and the networks and chapters it acts within.

Kept apart from `domain.account` so that the account's module holds its events and the
rules that record them; what its state answers about its reach is read here. `Reach` is
a plain mixin, not an aggregate: the account's events and their topics stay in
`domain.account`.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID


class Role(StrEnum):
    """What an account may do (see `interface.api.access` for each endpoint's roles)."""

    ORGANISER = "organiser"  #: records and reads the organising work
    LEADER = "leader"  #: reads every campaign view and progress, records decisions
    AUDITOR = "auditor"  #: reads the log's verification, decision audits, the access record
    ADMIN = "admin"  #: manages accounts, erases people, exports a person's record


#: The roles that act on every network of the deployment, whatever networks were granted:
#: admins manage the deployment's accounts and answer any person's request about their data;
#: auditors check the deployment's one log and its access record. Every other role acts only
#: within the networks granted to its account (`Account.networks`).
DEPLOYMENT_WIDE = frozenset({Role.ADMIN, Role.AUDITOR})


class Reach:
    """Where an account acts, read from its state (set by `domain.account.Account`)."""

    roles: set[Role]
    networks: set[UUID]
    chapters: dict[UUID, set[str]]

    @property
    def everywhere(self) -> bool:
        """Whether the account acts on every network, by its roles."""
        return bool(self.roles & DEPLOYMENT_WIDE)

    def may_act_in(self, network_id: UUID) -> bool:
        return self.everywhere or network_id in self.networks

    def chapters_in(self, network_id: UUID) -> frozenset[str] | None:
        """The chapters of a network the account acts within; None: all of them (or none,
        when it does not act within the network: see `may_act_in`)."""
        if self.everywhere or network_id not in self.chapters:
            return None
        return frozenset(self.chapters[network_id])

    def may_act_for(self, network_id: UUID, communities: list[str]) -> bool:
        """Whether the account may record people in (or memberships of) these communities of
        a network: any, acting within the whole network; else some, all of its chapters."""
        chapters = self.chapters_in(network_id)
        if chapters is None:
            return True
        return bool(communities) and all(c in chapters for c in communities)
