"""Private notes are kept in the same consistency boundary as the consent that allows them.

A command that keeps notes about a person also records `Person.NotesKept` on that person's
record, in the same atomic write; so a consent withdrawn (or a forgetting) recorded by
another application between the command's check and its write makes one of the two writes
fail on the store's unique (id, version), and the command, decided again on fresh state,
refuses the notes. Two applications on one SQLite file stand for two processes; the only
seam is the first application's `save`, which lets the other record something first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.utils import get_topic

from domain.application import Groundwork
from domain.errors import PersonForgotten
from domain.errors.people import NotesNotConsented
from domain.one_to_one import OneToOne
from domain.person import Person
from domain.service import Recorded
from domain.values import Channel, ConsentScope
from tests.domain.conftest import EARLIER, NOW, RECORDER, SmallNetwork

NOTES = "Tired but determined; calls after six"
#: Threads of one process keeping notes about one person at once, and how many each keeps.
THREADS, EACH = 6, 4


def topics_on_record(app: Groundwork, after: int = 0) -> list[tuple[UUID, str]]:
    """(record, event topic) of every event recorded after a position, in log order."""
    return [
        (n.originator_id, n.topic)
        for n in app.recorder.select_notifications(after, 1_000, inclusive_of_start=False)
    ]


def position(app: Groundwork) -> int:
    return app.recorder.max_notification_id() or 0


def hold(app: Groundwork, net: SmallNetwork, **changes: Any) -> Recorded:
    arguments: dict[str, Any] = {
        "network_id": net.network_id,
        "organiser_id": net.organiser_id,
        "person_id": net.member_id,
        "happened_at": EARLIER,
        "channel": Channel.VIDEO,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return app.hold_one_to_one(**arguments)


def consent(app: Groundwork, person_id: UUID) -> None:
    app.give_consent(
        person_id, scope=ConsentScope.KEEP_NOTES, happened_at=EARLIER, recorded_by=RECORDER
    )


def withdraw(app: Groundwork, person_id: UUID) -> None:
    app.withdraw_consent(
        person_id, scope=ConsentScope.KEEP_NOTES, happened_at=NOW, recorded_by=RECORDER
    )


def before_its_next_save(
    app: Groundwork, monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], object]
) -> list[list[str]]:
    """The seam: the application's next save first lets `meanwhile` record something (through
    another application, as another process would), after the command has checked its rules
    and before its write; later saves go ahead untouched. Returns, for each save attempted,
    the kinds of record it wrote."""
    save = app.save
    attempts: list[list[str]] = []

    def save_after_someone_else(*objs: Any, **kwargs: Any) -> Any:
        attempts.append([type(o).__name__ for o in objs])
        if len(attempts) == 1:
            meanwhile()
        return save(*objs, **kwargs)

    monkeypatch.setattr(app, "save", save_after_someone_else)
    return attempts


# ---------------------------------------------------------------- the race


def test_notes_are_refused_when_consent_is_withdrawn_between_the_check_and_the_save(
    app: Groundwork,
    small_network: SmallNetwork,
    make_app: Callable[[], Groundwork],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    member = small_network.member_id
    consent(app, member)
    other = make_app()
    attempts = before_its_next_save(app, monkeypatch, lambda: withdraw(other, member))
    before = position(app)

    with pytest.raises(NotesNotConsented) as raised:
        hold(app, small_network, private_notes=NOTES)
    assert raised.value.person_id == member

    assert raised.value.field == "private_notes"
    assert attempts == [["OneToOne", "Person"]]  # checked with consent; then decided again
    assert topics_on_record(app, before) == [(member, get_topic(Person.ConsentWithdrawn))]
    person = other.get(Person, member)
    assert not person.has_consented(ConsentScope.KEEP_NOTES)
    assert person.notes_kept_in == []


def test_a_correction_of_notes_is_refused_when_consent_is_withdrawn_between_the_check_and_the_save(
    app: Groundwork,
    small_network: SmallNetwork,
    make_app: Callable[[], Groundwork],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    member = small_network.member_id
    consent(app, member)
    one_to_one = hold(app, small_network, private_notes=NOTES).id
    other = make_app()
    attempts = before_its_next_save(app, monkeypatch, lambda: withdraw(other, member))
    before = position(app)

    with pytest.raises(NotesNotConsented) as raised:
        app.correct_notes(
            one_to_one, private_notes="Better", reason="Misheard", recorded_by=RECORDER
        )
    assert raised.value.person_id == member

    assert raised.value.field == "private_notes"
    assert attempts == [["OneToOne", "Person"]]
    assert topics_on_record(app, before) == [(member, get_topic(Person.ConsentWithdrawn))]
    corrected = other.get(OneToOne, one_to_one)
    assert (corrected.version, corrected.corrections) == (1, 0)
    assert other.get(Person, member).notes_kept_in == [one_to_one]  # from the first notes only


def test_notes_are_refused_when_the_person_is_forgotten_between_the_check_and_the_save(
    app: Groundwork,
    small_network: SmallNetwork,
    make_app: Callable[[], Groundwork],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    member = small_network.member_id
    consent(app, member)
    other = make_app()

    def forgotten_but_key_not_yet_destroyed() -> None:
        person = other.get(Person, member)
        person.forget(now=NOW, recorded_by=RECORDER)
        other.save(person)  # the key would go next: only the record's version stops the notes

    attempts = before_its_next_save(app, monkeypatch, forgotten_but_key_not_yet_destroyed)
    before = position(app)

    with pytest.raises(PersonForgotten, match=f"Person {member} has been forgotten"):
        hold(app, small_network, private_notes=NOTES)

    assert attempts == [["OneToOne", "Person"]]
    assert topics_on_record(app, before) == [(member, get_topic(Person.Forgotten))]


def test_notes_are_refused_when_the_person_is_forgotten_for_good_between_the_check_and_the_save(
    app: Groundwork,
    small_network: SmallNetwork,
    make_app: Callable[[], Groundwork],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    member = small_network.member_id
    consent(app, member)
    other = make_app()
    before_its_next_save(
        app, monkeypatch, lambda: other.forget_person(member, recorded_by=RECORDER)
    )
    before = position(app)

    with pytest.raises(PersonForgotten, match=f"Person {member} has been forgotten"):
        hold(app, small_network, private_notes=NOTES)

    assert topics_on_record(app, before) == [(member, get_topic(Person.Forgotten))]


def test_notes_about_one_person_kept_at_the_same_moment_are_both_kept_one_after_a_retry(
    app: Groundwork,
    small_network: SmallNetwork,
    make_app: Callable[[], Groundwork],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    member = small_network.member_id
    consent(app, member)
    other = make_app()
    theirs: list[UUID] = []
    attempts = before_its_next_save(
        app,
        monkeypatch,
        lambda: theirs.append(hold(other, small_network, private_notes="Theirs").id),
    )

    ours = hold(app, small_network, private_notes=NOTES).id

    assert attempts == [["OneToOne", "Person"]] * 2  # the first write lost to theirs
    person = other.get(Person, member)
    assert person.notes_kept_in == [*theirs, ours]
    assert other.get(OneToOne, ours).private_notes is not None


def test_the_organiser_is_only_read_so_notes_kept_about_them_meanwhile_do_not_conflict(
    app: Groundwork,
    small_network: SmallNetwork,
    make_app: Callable[[], Groundwork],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    organiser, member = small_network.organiser_id, small_network.member_id
    consent(app, member)
    consent(app, organiser)
    other = make_app()
    # Meanwhile, in another one-to-one, the organiser is the person met, and notes are kept.
    attempts = before_its_next_save(
        app,
        monkeypatch,
        lambda: hold(
            other, small_network, organiser_id=member, person_id=organiser, private_notes="Theirs"
        ),
    )

    ours = hold(app, small_network, private_notes=NOTES)

    assert attempts == [["OneToOne", "Person"]]  # written at the first attempt
    assert other.get(Person, member).notes_kept_in == [ours.id]
    assert len(other.get(Person, organiser).notes_kept_in) == 1


def test_notes_about_one_person_kept_from_many_threads_at_once_take_turns_without_conflicts(
    app: Groundwork, small_network: SmallNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = small_network.member_id
    consent(app, member)
    saves = before_its_next_save(app, monkeypatch, lambda: None)
    start = threading.Barrier(THREADS)

    def keep_notes() -> list[UUID]:
        start.wait()
        return [hold(app, small_network, private_notes=NOTES).id for _ in range(EACH)]

    with ThreadPoolExecutor(THREADS) as pool:
        kept = [i for ids in pool.map(lambda _: keep_notes(), range(THREADS)) for i in ids]

    assert len(saves) == len(kept) == THREADS * EACH  # none lost a race and was retried
    assert sorted(app.get(Person, member).notes_kept_in) == sorted(kept)


def test_keeping_notes_never_changes_a_state_that_readers_were_given(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    member = small_network.member_id
    consent(app, member)
    read = app.read(Person, member)

    recorded = hold(app, small_network, private_notes=NOTES)

    assert read.notes_kept_in == []
    assert app.read(Person, member).notes_kept_in == [recorded.id]


# ---------------------------------------------------------------- what is recorded


def test_notes_kept_are_on_the_persons_record_in_the_same_write_as_the_one_to_one(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    member, organiser = small_network.member_id, small_network.organiser_id
    consent(app, member)
    organiser_version = app.get(Person, organiser).version
    before = position(app)

    recorded = hold(app, small_network, private_notes=NOTES)

    assert recorded == Recorded(id=recorded.id, version=1)  # the one-to-one's, as ever
    assert topics_on_record(app, before) == [
        (recorded.id, get_topic(OneToOne.Held)),
        (member, get_topic(Person.NotesKept)),
    ]
    (kept,) = app.history(Person, member)[-1:]
    assert isinstance(kept, Person.NotesKept)
    assert (kept.one_to_one_id, kept.recorded_by) == (recorded.id, RECORDER)
    assert NOTES not in repr(vars(kept))
    assert app.get(Person, member).notes_kept_in == [recorded.id]
    assert app.get(Person, organiser).version == organiser_version


def test_notes_corrected_are_kept_again_and_the_one_to_one_is_listed_once(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    member = small_network.member_id
    consent(app, member)
    one_to_one = hold(app, small_network, private_notes=NOTES).id
    before = position(app)

    recorded = app.correct_notes(
        one_to_one, private_notes="Better", reason="Misheard", recorded_by=RECORDER
    )

    assert recorded == Recorded(id=one_to_one, version=2)
    assert topics_on_record(app, before) == [
        (one_to_one, get_topic(OneToOne.NotesCorrected)),
        (member, get_topic(Person.NotesKept)),
    ]
    assert app.get(Person, member).notes_kept_in == [one_to_one]


def test_a_one_to_one_without_notes_with_someone_who_never_consented_leaves_their_record_alone(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    member = small_network.member_id
    version = app.get(Person, member).version
    before = position(app)

    recorded = hold(app, small_network, private_notes="   ")

    assert topics_on_record(app, before) == [(recorded.id, get_topic(OneToOne.Held))]
    assert app.get(OneToOne, recorded.id).private_notes is None
    person = app.get(Person, member)
    assert (person.version, person.notes_kept_in) == (version, [])
