"""The peer-support network: its focus, goals, guidelines, committee and communities."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors.network import (
    AlreadyOnCommittee,
    CommunitiesNotSpanned,
    CommunityAlreadySpanned,
    NotOnCommittee,
)
from domain.kinds import Kind
from domain.rules import check_time_zone, clean_tags, happened, require_text, upcast_happened_at

#: The zone a network counts its weeks in until it says otherwise (and that of networks
#: founded before networks had one).
DEFAULT_TIME_ZONE = "UTC"


class Network(Aggregate):
    KIND = Kind("network", "/networks")

    class Founded(Aggregate.Created):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("name", "focus", "goals[]")

        name: str
        focus: str
        goals: list[str]
        communities: list[str]
        happened_at: datetime
        recorded_by: UUID
        #: The IANA zone its weeks are counted in (Monday 00:00 there).
        time_zone: str
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            # Networks founded before they had a zone counted their weeks in UTC.
            state["time_zone"] = DEFAULT_TIME_ZONE

    class TimeZoneSet(Aggregate.Event):
        """The network counts its weeks in another zone from now on (all of them, the
        weeks before too: a week is the network's week, whenever it was recorded)."""

        time_zone: str
        happened_at: datetime
        recorded_by: UUID

    class GuidelinesAdopted(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("text",)

        version: int
        text: str
        happened_at: datetime
        recorded_by: UUID

    class CommitteeMemberJoined(Aggregate.Event):
        person_id: UUID
        happened_at: datetime
        recorded_by: UUID

    class CommitteeMemberSteppedDown(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        person_id: UUID
        reason: str
        happened_at: datetime
        recorded_by: UUID

    class CommunityAdded(Aggregate.Event):
        community: str
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    @classmethod
    def found(
        cls,
        *,
        name: str,
        focus: str,
        goals: list[str],
        communities: list[str],
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
        time_zone: str = DEFAULT_TIME_ZONE,
    ) -> Network:
        return cls(
            name=require_text(name, "name"),
            focus=require_text(focus, "focus"),
            goals=clean_tags(goals, "goals"),
            communities=clean_tags(communities, "communities"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
            time_zone=check_time_zone(time_zone),
        )

    @event(Founded)
    def __init__(
        self,
        name: str,
        focus: str,
        goals: list[str],
        communities: list[str],
        happened_at: datetime,
        recorded_by: UUID,
        time_zone: str,
    ) -> None:
        self.name = name
        self.focus = focus
        self.goals = list(goals)
        self.communities = list(communities)
        self.founded_at = happened_at
        self.guidelines: list[tuple[int, str, datetime]] = []
        self.committee: list[UUID] = []
        self.time_zone = time_zone

    def spans(self, community: str) -> bool:
        return community.casefold() in (c.casefold() for c in self.communities)

    def canonical_communities(
        self, communities: list[str], field: str = "communities"
    ) -> list[str]:
        """The given communities in the network's own spelling, or `CommunitiesNotSpanned`
        naming those it does not span (so 'lisbon ' is recorded as 'Lisbon' and counts do
        not split)."""
        names = clean_tags(communities, field)
        known = {c.casefold(): c for c in self.communities}
        unknown = [c for c in names if c.casefold() not in known]
        if unknown:
            raise CommunitiesNotSpanned(self.id, unknown, field)
        return [known[c.casefold()] for c in names]

    def set_time_zone(
        self, *, time_zone: str, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        """Counts the network's weeks in another zone. Setting the zone it already has
        records nothing: the network is where it was asked to be (a retry, or a form sent
        again unchanged, is not an error to its user)."""
        time_zone = check_time_zone(time_zone)
        when = happened(happened_at, now)
        if time_zone == self.time_zone:
            return
        self._time_zone_set(time_zone=time_zone, happened_at=when, recorded_by=recorded_by)

    @event(TimeZoneSet)
    def _time_zone_set(self, time_zone: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.time_zone = time_zone

    def adopt_guidelines(
        self, *, text: str, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> int:
        version = len(self.guidelines) + 1
        self._guidelines_adopted(
            version=version,
            text=require_text(text, "text"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )
        return version

    @event(GuidelinesAdopted)
    def _guidelines_adopted(
        self, version: int, text: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.guidelines.append((version, text, happened_at))

    def welcome_to_committee(
        self, *, person_id: UUID, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        if person_id in self.committee:
            raise AlreadyOnCommittee(self.id, person_id)
        self._committee_member_joined(
            person_id=person_id,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(CommitteeMemberJoined)
    def _committee_member_joined(
        self, person_id: UUID, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.committee.append(person_id)

    def step_down_from_committee(
        self,
        *,
        person_id: UUID,
        reason: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        if person_id not in self.committee:
            raise NotOnCommittee(self.id, person_id)
        self._committee_member_stepped_down(
            person_id=person_id,
            reason=reason.strip(),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(CommitteeMemberSteppedDown)
    def _committee_member_stepped_down(
        self, person_id: UUID, reason: str, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.committee.remove(person_id)

    def add_community(
        self, *, community: str, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        community = require_text(community, "community")
        if self.spans(community):
            raise CommunityAlreadySpanned(self.id)
        self._community_added(
            community=community, happened_at=happened(happened_at, now), recorded_by=recorded_by
        )

    @event(CommunityAdded)
    def _community_added(self, community: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.communities.append(community)
