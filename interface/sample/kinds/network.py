"""The network itself: its founding, its guidelines and its organising committee."""

from __future__ import annotations

from dataclasses import dataclass

from interface.sample.recording import NETWORK, Moment, Sample


@dataclass(frozen=True)
class Network:
    """The sample's one network (its local name is `NETWORK`), the communities it spans
    from the start and those added after, and the zone it counts its weeks in."""

    name: str
    focus: str
    goals: tuple[str, ...]
    communities: tuple[str, ...]
    founded: Moment
    time_zone: str
    communities_added: tuple[str, ...] = ()
    #: When the communities added after the founding were added.
    added: Moment | None = None

    def record_in(self, sample: Sample) -> None:
        founded = sample.app.found_network(
            name=self.name,
            focus=self.focus,
            goals=list(self.goals),
            communities=list(self.communities),
            happened_at=sample.at(self.founded),
            recorded_by=sample.by,
            time_zone=self.time_zone,
        )
        network = sample.name(NETWORK, founded.id)
        for community in self.communities_added:
            sample.app.add_community(
                network,
                community=community,
                happened_at=sample.at(self.added or self.founded),
                recorded_by=sample.by,
            )


@dataclass(frozen=True)
class Guidelines:
    """A version of the network's community guidelines."""

    text: str
    adopted: Moment

    def record_in(self, sample: Sample) -> None:
        sample.app.adopt_guidelines(
            sample.network,
            text=self.text,
            happened_at=sample.at(self.adopted),
            recorded_by=sample.by,
        )


@dataclass(frozen=True)
class JoinsCommittee:
    """A person welcomed to the organising committee."""

    person: str
    at: Moment

    def record_in(self, sample: Sample) -> None:
        sample.app.welcome_to_committee(
            sample.network,
            person_id=sample.id(self.person),
            happened_at=sample.at(self.at),
            recorded_by=sample.by,
        )


@dataclass(frozen=True)
class LeavesCommittee:
    """A person stepping down from the organising committee."""

    person: str
    reason: str
    at: Moment

    def record_in(self, sample: Sample) -> None:
        sample.app.step_down_from_committee(
            sample.network,
            person_id=sample.id(self.person),
            reason=self.reason,
            happened_at=sample.at(self.at),
            recorded_by=sample.by,
        )
