"""The network: founding, guidelines, committee and communities."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from domain.errors.network import (
    AlreadyOnCommittee,
    CommunitiesNotSpanned,
    CommunityAlreadySpanned,
    NotOnCommittee,
)
from domain.errors.shared import (
    EmptyEntry,
    EmptyText,
    NoTimeZoneOffset,
    NotYetHappened,
)
from domain.network import Network
from tests.domain.conftest import (
    EARLIER,
    LATER,
    NOW,
    RECORDER,
    assert_same_state,
    saved_and_read_back,
    settled,
)

ANA = UUID("00000000-0000-4000-8000-0000000000a1")


def found(
    *,
    name: str = "Peer Support Portugal",
    communities: list[str] | None = None,
    goals: list[str] | None = None,
    happened_at: datetime = EARLIER,
    time_zone: str | None = None,
) -> Network:
    zone = {} if time_zone is None else {"time_zone": time_zone}
    return Network.found(
        **zone,
        name=name,
        focus="Peer support in mental health",
        goals=["peer roles in every hospital"] if goals is None else goals,
        communities=["Lisbon", "Porto"] if communities is None else communities,
        happened_at=happened_at,
        now=NOW,
        recorded_by=RECORDER,
    )


def with_committee_member(person_id: UUID = ANA) -> Network:
    network = found()
    network.welcome_to_committee(
        person_id=person_id, happened_at=EARLIER, now=NOW, recorded_by=RECORDER
    )
    return network


# ---------------------------------------------------------------- founding


def test_a_network_is_founded_with_its_focus_goals_and_communities() -> None:
    network = found()

    (founded,) = network.collect_events()
    assert isinstance(founded, Network.Founded)
    assert founded.name == "Peer Support Portugal"
    assert founded.focus == "Peer support in mental health"
    assert founded.goals == ["peer roles in every hospital"]
    assert founded.communities == ["Lisbon", "Porto"]
    assert founded.happened_at == EARLIER
    assert founded.recorded_by == RECORDER


def test_communities_are_trimmed_and_named_once_whatever_their_case() -> None:
    network = found(communities=[" Lisbon ", "lisbon", "Porto"])

    (founded,) = network.collect_events()
    assert isinstance(founded, Network.Founded)
    assert founded.communities == ["Lisbon", "Porto"]


def test_a_network_cannot_be_founded_without_a_name() -> None:
    with pytest.raises(EmptyText) as raised:
        found(name="   ")
    assert raised.value.field == "name"


def test_a_network_cannot_list_an_empty_community() -> None:
    with pytest.raises(EmptyEntry) as raised:
        found(communities=["Lisbon", " "])
    assert raised.value.field == "communities"


def test_a_network_cannot_be_founded_in_the_future() -> None:
    with pytest.raises(NotYetHappened) as raised:
        found(happened_at=LATER)
    assert raised.value.field == "happened_at"


def test_a_founding_moment_without_a_time_zone_is_refused() -> None:
    with pytest.raises(NoTimeZoneOffset) as raised:
        found(happened_at=EARLIER.replace(tzinfo=None))
    assert raised.value.field == "happened_at"


# ---------------------------------------------------------------- guidelines


def test_guidelines_are_adopted_as_version_one() -> None:
    network = settled(found())

    version = network.adopt_guidelines(
        text="We listen before we act.", happened_at=EARLIER, now=NOW, recorded_by=RECORDER
    )

    (adopted,) = network.collect_events()
    assert isinstance(adopted, Network.GuidelinesAdopted)
    assert (adopted.version, adopted.text) == (1, "We listen before we act.")
    assert version == 1


def test_guidelines_adopted_again_are_the_next_version() -> None:
    network = found()
    network.adopt_guidelines(text="v1", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)
    settled(network)

    network.adopt_guidelines(text="v2", happened_at=NOW, now=NOW, recorded_by=RECORDER)

    (adopted,) = network.collect_events()
    assert isinstance(adopted, Network.GuidelinesAdopted)
    assert (adopted.version, adopted.text, adopted.happened_at) == (2, "v2", NOW)


def test_empty_guidelines_are_refused() -> None:
    network = settled(found())

    with pytest.raises(EmptyText) as raised:
        network.adopt_guidelines(text="", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)

    assert raised.value.field == "text"
    assert network.collect_events() == []


def test_guidelines_cannot_be_adopted_in_the_future() -> None:
    network = settled(found())

    with pytest.raises(NotYetHappened) as raised:
        network.adopt_guidelines(text="v1", happened_at=LATER, now=NOW, recorded_by=RECORDER)

    assert raised.value.field == "happened_at"
    assert network.collect_events() == []


# ---------------------------------------------------------------- committee


def test_a_person_joins_the_organising_committee() -> None:
    network = settled(found())

    network.welcome_to_committee(person_id=ANA, happened_at=EARLIER, now=NOW, recorded_by=RECORDER)

    (joined,) = network.collect_events()
    assert isinstance(joined, Network.CommitteeMemberJoined)
    assert (joined.person_id, joined.happened_at) == (ANA, EARLIER)


def test_a_committee_member_cannot_join_the_committee_again() -> None:
    network = settled(with_committee_member(ANA))

    with pytest.raises(AlreadyOnCommittee) as raised:
        network.welcome_to_committee(person_id=ANA, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    assert raised.value.field == "person_id"
    assert network.collect_events() == []


def test_joining_the_committee_cannot_be_dated_in_the_future() -> None:
    network = settled(found())

    with pytest.raises(NotYetHappened):
        network.welcome_to_committee(
            person_id=ANA, happened_at=LATER, now=NOW, recorded_by=RECORDER
        )

    assert network.collect_events() == []


def test_a_committee_member_steps_down_with_their_reason() -> None:
    network = settled(with_committee_member(ANA))

    network.step_down_from_committee(
        person_id=ANA, reason="  Time for others  ", happened_at=NOW, now=NOW, recorded_by=RECORDER
    )

    (stepped_down,) = network.collect_events()
    assert isinstance(stepped_down, Network.CommitteeMemberSteppedDown)
    assert (stepped_down.person_id, stepped_down.reason) == (ANA, "Time for others")
    assert network.committee == []


def test_someone_not_on_the_committee_cannot_step_down_from_it() -> None:
    network = settled(with_committee_member(ANA))

    with pytest.raises(NotOnCommittee) as raised:
        network.step_down_from_committee(
            person_id=uuid4(), reason="", happened_at=NOW, now=NOW, recorded_by=RECORDER
        )

    assert raised.value.field == "person_id"
    assert network.collect_events() == []


def test_stepping_down_cannot_be_dated_in_the_future() -> None:
    network = settled(with_committee_member(ANA))

    with pytest.raises(NotYetHappened):
        network.step_down_from_committee(
            person_id=ANA, reason="", happened_at=LATER, now=NOW, recorded_by=RECORDER
        )

    assert network.collect_events() == []


def test_someone_who_stepped_down_can_join_the_committee_again() -> None:
    network = with_committee_member(ANA)
    network.step_down_from_committee(
        person_id=ANA, reason="break", happened_at=EARLIER, now=NOW, recorded_by=RECORDER
    )
    settled(network)

    network.welcome_to_committee(person_id=ANA, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    (joined,) = network.collect_events()
    assert isinstance(joined, Network.CommitteeMemberJoined)
    assert network.committee == [ANA]


# ---------------------------------------------------------------- communities


def test_a_community_is_added_to_the_network() -> None:
    network = settled(found())

    network.add_community(happened_at=None, now=NOW, community=" Coimbra ", recorded_by=RECORDER)

    (added,) = network.collect_events()
    assert isinstance(added, Network.CommunityAdded)
    assert added.community == "Coimbra"
    assert network.spans("coimbra")


def test_a_community_the_network_already_spans_is_refused_whatever_its_case() -> None:
    network = settled(found())

    with pytest.raises(CommunityAlreadySpanned) as raised:
        network.add_community(happened_at=None, now=NOW, community="LISBON", recorded_by=RECORDER)

    assert raised.value.field == "community"
    assert network.collect_events() == []


def test_a_blank_community_is_refused() -> None:
    network = settled(found())

    with pytest.raises(EmptyText) as raised:
        network.add_community(happened_at=None, now=NOW, community=" ", recorded_by=RECORDER)

    assert raised.value.field == "community"
    assert network.collect_events() == []


def test_communities_are_given_in_the_networks_own_spelling() -> None:
    network = settled(found())

    assert network.canonical_communities([" porto ", "LISBON"]) == ["Porto", "Lisbon"]


def test_communities_the_network_does_not_span_are_named_in_the_refusal() -> None:
    network = settled(found())

    with pytest.raises(CommunitiesNotSpanned) as raised:
        network.canonical_communities(["porto", "Faro"])
    assert raised.value.communities == ["Faro"]

    assert raised.value.field == "communities"
    assert network.collect_events() == []


# ---------------------------------------------------------------- replay


def test_a_network_reads_back_from_the_event_store_as_it_was(tmp_path: Path) -> None:
    network = with_committee_member(ANA)
    network.adopt_guidelines(
        text="We listen.", happened_at=EARLIER + timedelta(hours=1), now=NOW, recorded_by=RECORDER
    )
    network.add_community(happened_at=None, now=NOW, community="Coimbra", recorded_by=RECORDER)
    network.set_time_zone(
        time_zone="Europe/Lisbon", happened_at=EARLIER, now=NOW, recorded_by=RECORDER
    )

    read_back = saved_and_read_back(tmp_path / "events.sqlite", network)

    assert_same_state(network, read_back)
    assert read_back.time_zone == "Europe/Lisbon"
    assert read_back.guidelines == [(1, "We listen.", EARLIER + timedelta(hours=1))]
    assert read_back.committee == [ANA]
