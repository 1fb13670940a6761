"""Events stored by an older version of Groundwork stay readable: each version of each event
is upcast to the current one, and nothing stored is changed.

Every event that now says when it happened was first stored without it (version 1): read
back, it happened when it was recorded, which is all that was known. The sample network
records one of each; each is stored again as version 1 would have stored it, and read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent

from domain.application import Groundwork
from domain.kinds import every_aggregate
from domain.one_to_one import OneToOne
from domain.rules import upcast_happened_at
from interface.sample import record_sample_network
from tests.postgres import store_env

TODAY = datetime(2026, 11, 20, 12, tzinfo=UTC)


def upcast_to_happened_at() -> list[type]:
    """Every event class whose version 1 said nothing of when it happened."""
    return sorted(
        (
            cls
            for aggregate in every_aggregate()
            for cls in vars(aggregate).values()
            if isinstance(cls, type) and getattr(cls, "upcast_v1_v2", None) is upcast_happened_at
        ),
        key=lambda cls: cls.__qualname__,
    )


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Any:
    app = Groundwork(env=store_env(tmp_path_factory.mktemp("upcast") / "events.sqlite"))
    record_sample_network(app, today=TODAY)
    yield app, app.recorder.select_notifications(start=None, limit=10_000)
    app.close()


def as_version_1(app: Groundwork, stored: StoredEvent, drop: str) -> StoredEvent:
    """The stored event as version 1 stored it: without the field, without a version."""
    mapper = app.mapper
    state = stored.state
    if mapper.cipher:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor:
        state = mapper.compressor.decompress(state)
    fields = mapper.transcoder.decode(state)
    assert fields.pop("class_version") == 2
    del fields[drop]
    state = mapper.transcoder.encode(fields)
    if mapper.compressor:
        state = mapper.compressor.compress(state)
    if mapper.cipher:
        state = mapper.cipher.encrypt(state)
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, state)


@pytest.mark.parametrize("cls", upcast_to_happened_at(), ids=lambda cls: cls.__qualname__)
def test_an_event_stored_before_it_said_when_it_happened_happened_when_recorded(
    stored: Any, cls: type
) -> None:
    app, notifications = stored
    mine = [n for n in notifications if n.topic.endswith(cls.__qualname__)]
    assert mine, f"the sample records no {cls.__qualname__}"

    for notification in mine:
        now = app.mapper.to_domain_event(notification)
        old = app.mapper.to_domain_event(as_version_1(app, notification, "happened_at"))

        assert old.happened_at == old.timestamp == now.timestamp
        assert {k: v for k, v in vars(old).items() if k != "happened_at"} == {
            k: v for k, v in vars(now).items() if k != "happened_at"
        }


def test_every_event_that_now_says_when_it_happened_is_upcast() -> None:
    names = {cls.__qualname__ for cls in upcast_to_happened_at()}

    assert {
        "Action.Planned",
        "Action.Cancelled",
        "Campaign.TargetSet",
        "Campaign.TargetRevised",
        "Campaign.PowerHolderTargeted",
        "GatheringSeries.Established",
        "Network.CommunityAdded",
        "PowerHolderMeeting.CommitmentSecured",
        "OneToOne.NotesCorrected",
        "Person.Registered",
        "Person.ContactDetailsProvided",
        "Person.SkillsOffered",
        "Person.NotesKept",
        "PowerHolder.Identified",
    } <= names


def test_a_one_to_one_stored_before_leaders_recorded_for_others_was_the_organisers_own(
    stored: Any,
) -> None:
    app, notifications = stored
    held = [n for n in notifications if n.topic.endswith(OneToOne.Held.__qualname__)]

    old = app.mapper.to_domain_event(as_version_1(app, held[0], "for_another_organiser"))

    assert old.for_another_organiser is False
    assert old.happened_at == app.mapper.to_domain_event(held[0]).happened_at


def test_reading_an_old_event_changes_nothing_stored(stored: Any) -> None:
    app, notifications = stored

    again = app.recorder.select_notifications(start=None, limit=10_000)

    assert [n.state for n in again] == [n.state for n in notifications]
