"""A one-to-one: who met, how, what each shared, follow-ups and private notes."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domain.errors.people import (
    FollowUpAlreadyDone,
    NoSuchFollowUp,
    NotesNotConsented,
    OneToOneWithOneself,
)
from domain.errors.shared import DurationNotAboveZero, EmptyText, NotYetHappened
from domain.one_to_one import OneToOne
from domain.personal import PersonalData
from domain.values import Channel, FollowUp
from tests.domain.conftest import (
    EARLIER,
    LATER,
    NOW,
    RECORDER,
    assert_same_state,
    saved_and_read_back,
    settled,
)

NETWORK = UUID("00000000-0000-4000-8000-0000000000e1")
ORGANISER = UUID("00000000-0000-4000-8000-0000000000a1")
PERSON = UUID("00000000-0000-4000-8000-0000000000b1")


def hold(**changes: Any) -> OneToOne:
    arguments: dict[str, Any] = {
        "network_id": NETWORK,
        "organiser_id": ORGANISER,
        "person_id": PERSON,
        "campaign_id": None,
        "listening_campaign_id": None,
        "happened_at": EARLIER,
        "channel": Channel.VIDEO,
        "duration_minutes": 40,
        "interests": ["peer roles"],
        "concerns": ["waiting lists"],
        "organiser_shared": "My own story of recovery",
        "person_shared": "What moves me is my brother",
        "leadership_signals": ["brought a friend"],
        "follow_ups": [("Send the guidelines", date(2025, 3, 20)), ("Call again", None)],
        "private_notes": None,
        "notes_consented": False,
        "now": NOW,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return OneToOne.hold(**arguments)


def with_follow_up_done(number: int) -> OneToOne:
    one_to_one = hold()
    one_to_one.mark_follow_up_done(
        number=number, happened_at=EARLIER, now=NOW, recorded_by=RECORDER
    )
    return one_to_one


# ---------------------------------------------------------------- holding


def test_a_one_to_one_is_held_with_what_each_of_the_two_shared_as_their_own_data() -> None:
    one_to_one = hold()

    (held,) = one_to_one.collect_events()
    assert isinstance(held, OneToOne.Held)
    assert (held.organiser_id, held.person_id) == (ORGANISER, PERSON)
    assert held.channel == "video"
    assert held.happened_at == EARLIER
    assert held.duration_minutes == 40
    assert held.organiser_shared == PersonalData(ORGANISER, "My own story of recovery")
    assert held.person_shared == PersonalData(PERSON, "What moves me is my brother")
    assert held.private_notes is None


def test_follow_ups_agreed_are_numbered_from_one() -> None:
    one_to_one = hold()

    (held,) = one_to_one.collect_events()
    assert isinstance(held, OneToOne.Held)
    assert held.follow_ups == [
        FollowUp(number=1, what="Send the guidelines", due=date(2025, 3, 20)),
        FollowUp(number=2, what="Call again", due=None),
    ]


def test_a_one_to_one_is_between_two_different_people() -> None:
    with pytest.raises(OneToOneWithOneself) as raised:
        hold(person_id=ORGANISER)
    assert raised.value.field == "person_id"


@pytest.mark.parametrize("minutes", [0, -30])
def test_a_one_to_one_lasts_more_than_zero_minutes(minutes: int) -> None:
    with pytest.raises(DurationNotAboveZero) as raised:
        hold(duration_minutes=minutes)
    assert raised.value.field == "duration_minutes"


def test_a_one_to_one_cannot_be_held_in_the_future() -> None:
    with pytest.raises(NotYetHappened) as raised:
        hold(happened_at=LATER)
    assert raised.value.field == "happened_at"


def test_a_follow_up_must_say_what_is_to_be_done() -> None:
    with pytest.raises(EmptyText) as raised:
        hold(follow_ups=[("Send the guidelines", None), (" ", None)])
    assert raised.value.field == "follow_ups[1].what"


# ---------------------------------------------------------------- private notes


def test_private_notes_are_refused_without_the_persons_consent_to_keep_notes() -> None:
    with pytest.raises(NotesNotConsented) as raised:
        hold(private_notes="Struggling this month", notes_consented=False)
    assert raised.value.field == "private_notes"


def test_private_notes_are_kept_as_the_persons_data_with_their_consent() -> None:
    one_to_one = hold(private_notes=" Struggling this month ", notes_consented=True)

    (held,) = one_to_one.collect_events()
    assert isinstance(held, OneToOne.Held)
    assert held.private_notes == PersonalData(PERSON, "Struggling this month")


def test_blank_private_notes_need_no_consent_and_are_recorded_as_none() -> None:
    one_to_one = hold(private_notes="   ", notes_consented=False)

    (held,) = one_to_one.collect_events()
    assert isinstance(held, OneToOne.Held)
    assert held.private_notes is None


def test_notes_corrected_are_recorded_with_the_reason_for_the_correction() -> None:
    one_to_one = settled(hold(private_notes="Struggling", notes_consented=True))

    one_to_one.correct_notes(
        happened_at=None,
        now=NOW,
        private_notes="Doing better than last month",
        reason="Misheard",
        notes_consented=True,
        recorded_by=RECORDER,
    )

    (corrected,) = one_to_one.collect_events()
    assert isinstance(corrected, OneToOne.NotesCorrected)
    assert corrected.private_notes == PersonalData(PERSON, "Doing better than last month")
    assert corrected.reason == "Misheard"
    assert one_to_one.corrections == 1


def test_a_notes_correction_needs_a_reason() -> None:
    one_to_one = settled(hold(private_notes="Struggling", notes_consented=True))

    with pytest.raises(EmptyText) as raised:
        one_to_one.correct_notes(
            happened_at=None,
            now=NOW,
            private_notes="Doing better",
            reason=" ",
            notes_consented=True,
            recorded_by=RECORDER,
        )

    assert raised.value.field == "reason"
    assert one_to_one.collect_events() == []


def test_notes_cannot_be_corrected_without_the_persons_consent() -> None:
    one_to_one = settled(hold())

    with pytest.raises(NotesNotConsented) as raised:
        one_to_one.correct_notes(
            happened_at=None,
            now=NOW,
            private_notes="Doing better",
            reason="Misheard",
            notes_consented=False,
            recorded_by=RECORDER,
        )

    assert raised.value.field == "private_notes"
    assert one_to_one.collect_events() == []


def test_notes_cannot_be_corrected_to_nothing() -> None:
    one_to_one = settled(hold(private_notes="Struggling", notes_consented=True))

    with pytest.raises(EmptyText) as raised:
        one_to_one.correct_notes(
            happened_at=None,
            now=NOW,
            private_notes="",
            reason="Misheard",
            notes_consented=True,
            recorded_by=RECORDER,
        )

    assert raised.value.field == "private_notes"
    assert one_to_one.collect_events() == []


# ---------------------------------------------------------------- follow-ups


def test_a_follow_up_is_marked_done() -> None:
    one_to_one = settled(hold())

    one_to_one.mark_follow_up_done(number=2, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    (done,) = one_to_one.collect_events()
    assert isinstance(done, OneToOne.FollowUpDone)
    assert (done.number, done.happened_at) == (2, NOW)


def test_a_follow_up_cannot_be_done_twice() -> None:
    one_to_one = settled(with_follow_up_done(1))

    with pytest.raises(FollowUpAlreadyDone) as raised:
        one_to_one.mark_follow_up_done(number=1, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    assert raised.value.field == "number"
    assert one_to_one.collect_events() == []


def test_a_follow_up_that_was_not_agreed_cannot_be_done() -> None:
    one_to_one = settled(hold())

    with pytest.raises(NoSuchFollowUp) as raised:
        one_to_one.mark_follow_up_done(number=3, happened_at=NOW, now=NOW, recorded_by=RECORDER)
    assert raised.value.number == 3

    assert raised.value.field == "number"
    assert one_to_one.collect_events() == []


def test_a_follow_up_cannot_be_done_in_the_future() -> None:
    one_to_one = settled(hold())

    with pytest.raises(NotYetHappened):
        one_to_one.mark_follow_up_done(number=1, happened_at=LATER, now=NOW, recorded_by=RECORDER)

    assert one_to_one.collect_events() == []


# ---------------------------------------------------------------- replay


def test_a_one_to_one_reads_back_from_the_event_store_as_it_was(tmp_path: Path) -> None:
    one_to_one = hold(private_notes="Struggling", notes_consented=True)
    one_to_one.mark_follow_up_done(number=1, happened_at=EARLIER, now=NOW, recorded_by=RECORDER)
    one_to_one.correct_notes(
        happened_at=None,
        now=NOW,
        private_notes="Doing better",
        reason="Misheard",
        notes_consented=True,
        recorded_by=RECORDER,
    )

    read_back = saved_and_read_back(tmp_path / "events.sqlite", one_to_one)

    assert_same_state(one_to_one, read_back)
    assert read_back.channel is Channel.VIDEO
    assert read_back.follow_ups[0] == FollowUp(1, "Send the guidelines", date(2025, 3, 20))
    assert type(read_back.follow_ups[0].due) is date
    assert read_back.private_notes == PersonalData(PERSON, "Doing better")
    assert isinstance(read_back.happened_at, datetime)
