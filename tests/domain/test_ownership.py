"""A one-to-one and its notes belong to the organiser who held it: an account records one as
that organiser, or as a leader saying it records for another organiser (and the event says
so); only the organiser's own account reads or corrects its private notes. Given accounts
linked to people / when one records or corrects / then what is on record."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.account import Role
from domain.application import Groundwork
from domain.errors import FollowUpOfAnotherOrganiser, ForAnotherOrganiser, NotesNotYours
from domain.one_to_one import OneToOne
from domain.values import ConsentScope
from tests.domain.conftest import EARLIER, RECORDER, SmallNetwork, read_as_version_1
from tests.domain.test_application import hold_one_to_one


def account(app: Groundwork, name: str, *roles: Role, person_id: UUID | None = None) -> UUID:
    return app.create_account(
        name=name, roles=list(roles), person_id=person_id, recorded_by=RECORDER
    ).recorded.id


def events_of(app: Groundwork, id: UUID) -> list[object]:
    return list(app.events.get(id))


def test_an_organiser_records_their_own_one_to_one(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    mine = account(app, "amani", Role.ORGANISER, person_id=small_network.organiser_id)

    recorded = hold_one_to_one(app, small_network, recorded_by=mine)

    held = events_of(app, recorded.id)[0]
    assert isinstance(held, OneToOne.Held)
    assert held.for_another_organiser is False and held.recorded_by == mine


@pytest.mark.parametrize(
    ("roles", "saying_so"),
    [((Role.ORGANISER,), False), ((Role.ORGANISER,), True), ((Role.LEADER,), False)],
    ids=["organiser", "organiser-saying-so", "leader-not-saying-so"],
)
def test_a_one_to_one_for_another_organiser_needs_a_leader_saying_so(
    app: Groundwork, small_network: SmallNetwork, roles: tuple[Role, ...], saying_so: bool
) -> None:
    other = account(app, "bruno", *roles, person_id=small_network.member_id)
    before = app.recorder.max_notification_id()

    with pytest.raises(ForAnotherOrganiser) as raised:
        hold_one_to_one(
            app,
            small_network,
            person_id=small_network.member_id,
            organiser_id=small_network.organiser_id,
            recorded_by=other,
            for_another_organiser=saying_so,
        )

    assert raised.value.field == "organiser_id"
    assert app.recorder.max_notification_id() == before


def test_a_leader_saying_so_records_for_another_organiser_and_the_event_says_so(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    leader = account(app, "chidi", Role.LEADER)

    recorded = hold_one_to_one(app, small_network, recorded_by=leader, for_another_organiser=True)

    held = events_of(app, recorded.id)[0]
    assert isinstance(held, OneToOne.Held)
    assert held.for_another_organiser is True and held.recorded_by == leader


def test_only_the_organiser_who_held_it_corrects_its_notes(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    organiser = account(app, "amani", Role.ORGANISER, person_id=small_network.organiser_id)
    leader = account(app, "chidi", Role.LEADER, Role.ORGANISER, Role.ADMIN)
    app.give_consent(
        small_network.member_id,
        scope=ConsentScope.KEEP_NOTES,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )
    recorded = hold_one_to_one(
        app, small_network, recorded_by=organiser, private_notes="Calls after six."
    )

    with pytest.raises(NotesNotYours) as raised:
        app.correct_notes(
            recorded.id, private_notes="Another's words", reason="typo", recorded_by=leader
        )
    app.correct_notes(
        recorded.id, private_notes="Calls after seven.", reason="typo", recorded_by=organiser
    )

    assert raised.value.field == "id"
    one_to_one = app.get(OneToOne, recorded.id)
    assert one_to_one.corrections == 1
    assert one_to_one.private_notes is not None
    assert one_to_one.private_notes.value == "Calls after seven."


def test_a_follow_up_is_marked_done_by_the_organiser_who_held_it_or_a_leader(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    organiser = account(app, "amani", Role.ORGANISER, person_id=small_network.organiser_id)
    other = account(app, "bruno", Role.ORGANISER, person_id=small_network.member_id)
    leader = account(app, "chidi", Role.ORGANISER, Role.LEADER)
    follow_ups = [("Send the survey", None), ("Call the clinic", None)]
    recorded = hold_one_to_one(app, small_network, recorded_by=organiser, follow_ups=follow_ups)
    before = app.recorder.max_notification_id()

    with pytest.raises(FollowUpOfAnotherOrganiser) as raised:
        app.mark_follow_up_done(recorded.id, number=1, happened_at=EARLIER, recorded_by=other)
    refused_at = app.recorder.max_notification_id()
    app.mark_follow_up_done(recorded.id, number=1, happened_at=EARLIER, recorded_by=organiser)
    app.mark_follow_up_done(recorded.id, number=2, happened_at=EARLIER, recorded_by=leader)

    assert raised.value.field == "id"
    assert refused_at == before
    done = [e for e in events_of(app, recorded.id) if isinstance(e, OneToOne.FollowUpDone)]
    assert [(e.number, e.recorded_by) for e in done] == [(1, organiser), (2, leader)]


@pytest.mark.parametrize("linked", ["member", "nobody"])
def test_notes_are_not_on_record_for_any_other_account(
    app: Groundwork, small_network: SmallNetwork, linked: str
) -> None:
    organiser = account(app, "amani", Role.ORGANISER, person_id=small_network.organiser_id)
    person = small_network.member_id if linked == "member" else None
    other = account(app, "bruno", Role.ORGANISER, Role.LEADER, person_id=person)
    held = app.get(OneToOne, hold_one_to_one(app, small_network, recorded_by=organiser).id)

    with pytest.raises(NotesNotYours):
        app.require_notes_owner(held, other)
    app.require_notes_owner(held, organiser)  # the organiser's own: no error


def test_a_one_to_one_recorded_before_ownership_reads_as_recorded_by_its_organiser(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    held = events_of(app, hold_one_to_one(app, small_network).id)[0]

    read = read_as_version_1(app, held, "for_another_organiser")

    assert isinstance(read, OneToOne.Held)
    assert read.for_another_organiser is False
    assert read.organiser_id == small_network.organiser_id
