"""An event is read back in one pass, its typed text straight as `str`: the same event as
reading it sealed (as erasure does) and then unsealing each typed text path, before and
after someone is forgotten."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.utils import get_topic

from domain.application import Groundwork
from domain.person import Person
from domain.personal import PersonalDataNotRead, UnreadPersonalData
from domain.store.keys import PersonalKeys
from domain.store.text import Sealed, TextMapper, changed, paths_of
from interface.sample import record_sample_network
from tests.domain.conftest import RECORDER
from tests.postgres import store_env


def two_passes(mapper: TextMapper, stored: Any) -> dict[str, Any]:
    event = mapper.to_sealed_event(stored)
    state = dict(vars(event))
    changed(state, paths_of(type(event)), lambda t: t.value if isinstance(t, Sealed) else t)
    return state


def test_an_event_read_in_one_pass_is_the_event_sealed_then_unsealed(tmp_path: Path) -> None:
    app = Groundwork(env=store_env(tmp_path / "events.sqlite", None))
    try:
        record_sample_network(app)
        mapper = app.mapper
        assert isinstance(mapper, TextMapper)
        log = app.recorder.select_notifications(start=1, limit=100_000)
        people = [
            UUID(str(n.originator_id)) for n in log if n.topic == get_topic(Person.Registered)
        ]
        app.forget_person(people[0], recorded_by=RECORDER)
        log = app.recorder.select_notifications(start=1, limit=100_000)

        read = [(vars(mapper.to_domain_event(n)), two_passes(mapper, n)) for n in log]
        texts = [
            s
            for n in log
            for s in vars(mapper.to_sealed_event(n)).values()
            if isinstance(s, Sealed)
        ]
    finally:
        app.close()

    assert sum(isinstance(t, Sealed) for t in texts) > 20  # typed text was read, sealed
    assert [one for one, _ in read] == [two for _, two in read]
    assert not any(isinstance(v, Sealed) for one, _ in read for v in one.values())


def test_a_batch_read_steadily_asks_the_key_store_about_forgettings_once(tmp_path: Path) -> None:
    keys = PersonalKeys(str(tmp_path / "keys.sqlite"))
    other = PersonalKeys(str(tmp_path / "keys.sqlite"))  # another process's
    try:
        people = [uuid4() for _ in range(10)]
        for person in people:
            keys.key_for(person)
        statements: list[str] = []
        keys._db.set_trace_callback(statements.append)

        for person in people:
            keys.key_of(person)
        one_by_one = len(statements)
        statements.clear()
        with keys.steady():
            for person in people:
                keys.key_of(person)
            other.destroy(people[0], datetime.now(UTC))
            still = keys.key_of(people[0])
        steadily = len(statements)
        after = keys.key_of(people[0])
    finally:
        keys.close()
        other.close()

    assert one_by_one >= len(people)  # a look at the file for each key
    assert steadily == 1  # one look, for the batch
    assert still is not None  # a forgetting meanwhile is seen at the next batch...
    assert after is None  # ...as here


def test_the_views_read_events_without_decrypting_personal_data(tmp_path: Path) -> None:
    app = Groundwork(env=store_env(tmp_path / "events.sqlite", None))
    try:
        record_sample_network(app)
        mapper = app.mapper
        assert isinstance(mapper, TextMapper)
        registered = get_topic(Person.Registered)
        log = app.recorder.select_notifications(start=1, limit=100_000)
        stored = next(n for n in log if n.topic == registered)
        read = mapper.to_domain_event(stored)
        unread = mapper.without_personal_data.to_domain_event(stored)
    finally:
        app.close()

    assert isinstance(read, Person.Registered) and isinstance(unread, Person.Registered)
    assert read.name.value  # the name, decrypted
    assert isinstance(unread.name, UnreadPersonalData)
    assert unread.name.subject == read.name.subject == read.originator_id
    with pytest.raises(PersonalDataNotRead):
        unread.name.value  # noqa: B018
    assert {k: v for k, v in vars(unread).items() if k != "name"} == {
        k: v for k, v in vars(read).items() if k != "name"
    }
