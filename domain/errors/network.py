"""Rules of the network itself: the communities (chapters) it spans, its organising
committee, and that a record named in a command belongs to the network it is for."""

from __future__ import annotations

from uuid import UUID

from domain.errors import RuleBroken


class CommunitiesNotSpanned(RuleBroken):
    """Communities were named that the network does not span (add them to it first)."""

    def __init__(self, network_id: UUID, communities: list[str], field: str) -> None:
        super().__init__(
            f"Network {network_id} does not span the communities {communities}; "
            "add them to the network first.",
            field,
        )
        self.network_id = network_id
        self.communities = communities


class CommunityAlreadySpanned(RuleBroken):
    """A community was added to a network that already spans it."""

    def __init__(self, network_id: UUID) -> None:
        super().__init__(f"Network {network_id} already spans that community.", "community")
        self.network_id = network_id


class AlreadyOnCommittee(RuleBroken):
    """A person was welcomed to an organising committee they are already on."""

    def __init__(self, network_id: UUID, person_id: UUID) -> None:
        super().__init__(
            f"Person {person_id} is already on the organising committee of network {network_id}.",
            "person_id",
        )
        self.network_id = network_id
        self.person_id = person_id


class NotOnCommittee(RuleBroken):
    """A person stepped down from an organising committee they are not on."""

    def __init__(self, network_id: UUID, person_id: UUID) -> None:
        super().__init__(
            f"Person {person_id} is not on the organising committee of network {network_id}.",
            "person_id",
        )
        self.network_id = network_id
        self.person_id = person_id


class InAnotherNetwork(RuleBroken):
    """A record named in a command belongs to another network than the one it is for."""

    def __init__(self, kind: str, record_id: UUID, network_id: UUID, field: str) -> None:
        super().__init__(
            f"The {kind} {record_id} belongs to another network than {network_id}.", field
        )
        self.kind = kind
        self.record_id = record_id
        self.network_id = network_id
