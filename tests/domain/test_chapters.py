"""Chapters: a person joins and leaves the network's communities (as events, checked against
the communities the network spans), and an account's grant on a network may be narrowed to
some of them; what such an account records stays within its chapters, and each record
belongs to the chapters `scope_of` says."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest

from domain.account import Account, Role
from domain.application import Groundwork
from domain.commands.grants import Scope
from domain.errors import ChapterNotGranted, PersonForgotten
from domain.errors.accounts import AllChaptersRevoked, ChaptersAlreadyGranted, NetworkNotGranted
from domain.errors.network import CommunitiesNotSpanned
from domain.errors.people import AlreadyInCommunity, NotInCommunity
from domain.errors.shared import NotYetHappened
from domain.person import Person
from domain.values import Channel
from tests.domain.conftest import (
    EARLIER,
    LATER,
    NOW,
    RECORDER,
    SmallNetwork,
    saved_and_read_back,
    settled,
)
from tests.domain.test_person import register

# ---------------------------------------------------------------- the person's events


def test_a_person_joins_a_community_as_well_as_those_they_belong_to() -> None:
    person = settled(register())

    person.join_community(community="Lisbon", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)

    (joined,) = person.collect_events()
    assert isinstance(joined, Person.JoinedCommunity)
    assert (joined.community, joined.happened_at, joined.recorded_by) == (
        "Lisbon",
        EARLIER,
        RECORDER,
    )
    assert person.communities == ["Porto", "Lisbon"]


def test_a_person_leaves_a_community_and_keeps_the_others() -> None:
    person = register()
    person.join_community(community="Lisbon", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)
    settled(person)

    person.leave_community(community="porto", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)

    (left,) = person.collect_events()
    assert isinstance(left, Person.LeftCommunity)
    assert person.communities == ["Lisbon"]


def test_joining_a_community_already_joined_is_refused() -> None:
    person = settled(register())

    with pytest.raises(AlreadyInCommunity) as refused:
        person.join_community(community="PORTO", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)

    assert refused.value.field == "community"
    assert person.collect_events() == []


def test_leaving_a_community_not_joined_is_refused() -> None:
    person = settled(register())

    with pytest.raises(NotInCommunity) as refused:
        person.leave_community(
            community="Lisbon", happened_at=EARLIER, now=NOW, recorded_by=RECORDER
        )

    assert refused.value.field == "community"
    assert person.collect_events() == []


def test_a_membership_cannot_have_happened_in_the_future() -> None:
    with pytest.raises(NotYetHappened):
        register().join_community(
            community="Lisbon", happened_at=LATER, now=NOW, recorded_by=RECORDER
        )


def test_a_forgotten_person_joins_nothing() -> None:
    person = register()
    person.forget(now=NOW, recorded_by=RECORDER)

    with pytest.raises(PersonForgotten):
        person.join_community(
            community="Lisbon", happened_at=EARLIER, now=NOW, recorded_by=RECORDER
        )


def test_memberships_are_read_back_from_the_store(database: Path) -> None:
    person = register()
    person.join_community(community="Lisbon", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)
    person.leave_community(community="Porto", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)

    assert saved_and_read_back(database, person).communities == ["Lisbon"]


# ---------------------------------------------------------------- the commands


def test_a_person_joins_only_a_community_the_network_spans(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    member = small_network.member_id
    with pytest.raises(CommunitiesNotSpanned) as refused:
        app.join_community(member, community="Nairobi", happened_at=EARLIER, recorded_by=RECORDER)
    assert refused.value.field == "community"

    app.join_community(member, community=" lisbon ", happened_at=EARLIER, recorded_by=RECORDER)

    assert app.get(Person, member).communities == ["Porto", "Lisbon"]  # the network's spelling
    with pytest.raises(AlreadyInCommunity):
        app.join_community(member, community="Lisbon", happened_at=EARLIER, recorded_by=RECORDER)


def test_leaving_is_recorded_and_leaving_again_is_refused(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    member = small_network.member_id
    app.leave_community(member, community="Porto", happened_at=EARLIER, recorded_by=RECORDER)

    assert app.get(Person, member).communities == []
    with pytest.raises(NotInCommunity):
        app.leave_community(member, community="Porto", happened_at=EARLIER, recorded_by=RECORDER)


# ---------------------------------------------------------------- grants per chapter


def _organiser(app: Groundwork, net: SmallNetwork, chapters: list[str] | None) -> Account:
    created = app.create_account(
        name="lisboeta",
        roles=[Role.ORGANISER],
        recorded_by=RECORDER,
        networks=[net.network_id],
        chapters=None if chapters is None else {net.network_id: chapters},
    )
    return app.get(Account, created.recorded.id)


def test_an_account_is_created_acting_within_some_chapters_of_a_network(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    account = _organiser(app, small_network, ["lisbon"])

    assert account.chapters_in(small_network.network_id) == {"Lisbon"}
    granted = [e for e in app.events.get(account.id) if isinstance(e, Account.ChaptersGranted)]
    assert [(e.network_id, e.communities) for e in granted] == [
        (small_network.network_id, ["Lisbon"])
    ]


def test_an_account_with_a_network_and_no_chapters_acts_within_all_of_it(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    account = _organiser(app, small_network, None)

    assert account.chapters_in(small_network.network_id) is None
    assert account.may_act_for(small_network.network_id, ["Porto"])


def test_chapters_are_granted_and_revoked_and_revoking_all_is_said_in_so_many_words(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    net = small_network.network_id
    account = _organiser(app, small_network, ["Lisbon"]).id

    app.grant_chapters(account, network_id=net, communities=["Porto"], recorded_by=RECORDER)
    assert app.get(Account, account).chapters_in(net) == {"Lisbon", "Porto"}
    with pytest.raises(ChaptersAlreadyGranted):  # granted already
        app.grant_chapters(account, network_id=net, communities=["Porto"], recorded_by=RECORDER)

    app.revoke_chapters(account, network_id=net, communities=["Porto"], recorded_by=RECORDER)
    assert app.get(Account, account).chapters_in(net) == {"Lisbon"}
    with pytest.raises(AllChaptersRevoked) as widening:  # the last one, named: refused
        app.revoke_chapters(account, network_id=net, communities=["Lisbon"], recorded_by=RECORDER)
    assert widening.value.field == "communities"
    assert app.get(Account, account).chapters_in(net) == {"Lisbon"}

    app.revoke_chapters(account, network_id=net, communities=None, recorded_by=RECORDER)
    assert app.get(Account, account).chapters_in(net) is None  # the whole network again
    revoked = [e for e in app.events.get(account) if isinstance(e, Account.ChaptersRevoked)]
    assert [e.communities for e in revoked] == [["Porto"], ["Lisbon"]]


def test_only_the_networks_communities_of_a_granted_network_are_granted(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    net = small_network.network_id
    account = app.create_account(name="none", roles=[Role.ORGANISER], recorded_by=RECORDER)
    with pytest.raises(NetworkNotGranted) as not_granted:
        app.grant_chapters(
            account.recorded.id, network_id=net, communities=["Lisbon"], recorded_by=RECORDER
        )
    assert not_granted.value.field == "network_id"

    organiser = _organiser(app, small_network, ["Lisbon"]).id
    with pytest.raises(CommunitiesNotSpanned) as unknown:
        app.grant_chapters(organiser, network_id=net, communities=["Nairobi"], recorded_by=RECORDER)
    assert unknown.value.field == "communities"


def test_revoking_the_network_ends_its_chapters_too(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    net = small_network.network_id
    account = _organiser(app, small_network, ["Lisbon"]).id

    app.revoke_network(account, network_id=net, recorded_by=RECORDER)

    assert app.get(Account, account).chapters == {}


def test_admins_and_auditors_act_within_every_chapter_whatever_is_granted(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    net = small_network.network_id
    created = app.create_account(
        name="boss",
        roles=[Role.ADMIN],
        recorded_by=RECORDER,
        networks=[net],
        chapters={net: ["Lisbon"]},
    )

    assert app.get(Account, created.recorded.id).chapters_in(net) is None


def test_an_account_of_some_chapters_records_people_and_memberships_in_them_only(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    net = small_network.network_id
    by = _organiser(app, small_network, ["Lisbon"]).id

    def register_in(*communities: str) -> UUID:
        return app.register_person(
            network_id=net,
            name="New",
            contact=None,
            communities=list(communities),
            languages=[],
            recorded_by=by,
        ).id

    for outside in (["Porto"], ["Lisbon", "Porto"], []):
        with pytest.raises(ChapterNotGranted) as refused:
            register_in(*outside)
        assert refused.value.field == "communities"
    person = register_in("lisbon")
    with pytest.raises(ChapterNotGranted) as joining:
        app.join_community(person, community="Porto", happened_at=EARLIER, recorded_by=by)
    assert joining.value.field == "community"

    app.leave_community(person, community="Lisbon", happened_at=EARLIER, recorded_by=by)
    assert app.get(Person, person).communities == []


# ---------------------------------------------------------------- what records belong to


def test_a_person_belongs_to_their_chapters_a_one_to_one_to_the_person_mets(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    net = small_network
    one_to_one = app.hold_one_to_one(
        network_id=net.network_id,
        organiser_id=net.organiser_id,
        person_id=net.member_id,
        happened_at=EARLIER,
        channel=Channel.VIDEO,
        recorded_by=RECORDER,
    ).id

    member, held_by = frozenset({net.member_id}), frozenset({net.organiser_id})
    assert app.scope_of(net.member_id) == Scope(
        "person", net.network_id, frozenset({"Porto"}), member
    )
    assert app.scope_of(one_to_one) == Scope(
        "one-to-one", net.network_id, frozenset({"Porto"}), held_by
    )
    assert app.scope_of(net.network_id) == Scope("network", net.network_id)

    app.join_community(net.member_id, community="Lisbon", happened_at=NOW, recorded_by=RECORDER)
    app.leave_community(net.member_id, community="Porto", happened_at=NOW, recorded_by=RECORDER)

    assert app.scope_of(one_to_one) == Scope(
        "one-to-one", net.network_id, frozenset({"Lisbon"}), held_by
    )
    assert app.scope_of(UUID(int=7)) is None
