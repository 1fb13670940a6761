"""An event is read back in one pass, its typed text straight as `str`: the same event as
reading it sealed (as erasure does) and then unsealing each typed text path, before and
after someone is forgotten."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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
from domain.store.text import Sealed, TextMapper, changed, paths_of, text_keys_in, texts_in
from interface.sample import record_sample_network
from tests.domain.conftest import RECORDER
from tests.postgres import sqlite_only, store_env


@dataclass
class Sample:
    app: Groundwork
    mapper: TextMapper

    def log(self) -> list[Any]:
        return list(self.app.recorder.select_notifications(start=1, limit=100_000))


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Sample]:
    """The sample network, recorded in a store of its own."""
    app = Groundwork(env=store_env(tmp_path / "events.sqlite", None))
    try:
        record_sample_network(app)
        assert isinstance(app.mapper, TextMapper)
        yield Sample(app, app.mapper)
    finally:
        app.close()


def two_passes(mapper: TextMapper, stored: Any) -> dict[str, Any]:
    event = mapper.to_sealed_event(stored)
    state = dict(vars(event))
    changed(state, paths_of(type(event)), lambda t: t.value if isinstance(t, Sealed) else t)
    return state


def test_an_event_read_in_one_pass_is_the_event_sealed_then_unsealed(sample: Sample) -> None:
    registered = get_topic(Person.Registered)
    people = [UUID(str(n.originator_id)) for n in sample.log() if n.topic == registered]
    sample.app.forget_person(people[0], recorded_by=RECORDER)
    log, mapper = sample.log(), sample.mapper

    read = [(vars(mapper.to_domain_event(n)), two_passes(mapper, n)) for n in log]
    sealed = [mapper.to_sealed_event(n) for n in log]
    texts = [t for e in sealed for t in texts_in(vars(e), paths_of(type(e)))]

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


def test_the_views_read_events_without_decrypting_personal_data(sample: Sample) -> None:
    registered = get_topic(Person.Registered)
    stored = next(n for n in sample.log() if n.topic == registered)
    read = sample.mapper.to_domain_event(stored)
    unread = sample.mapper.without_personal_data.to_domain_event(stored)

    assert isinstance(read, Person.Registered) and isinstance(unread, Person.Registered)
    assert read.name.value  # the name, decrypted
    assert isinstance(unread.name, UnreadPersonalData)
    assert unread.name.subject == read.name.subject == read.originator_id
    with pytest.raises(PersonalDataNotRead):
        unread.name.value  # noqa: B018
    assert {k: v for k, v in vars(unread).items() if k != "name"} == {
        k: v for k, v in vars(read).items() if k != "name"
    }


@sqlite_only  # reads the key store's SQLite file from a second connection
def test_a_batchs_typed_text_keys_are_found_undecoded_and_read_in_one_query(
    sample: Sample,
) -> None:
    log = sample.log()
    sealed = [sample.mapper.to_sealed_event(n) for n in log]
    texts = [t for e in sealed for t in texts_in(vars(e), paths_of(type(e)))]
    keys = {t.key for t in texts if isinstance(t, Sealed)}
    found = text_keys_in(n.state for n in log)

    reader = PersonalKeys(sample.app.keys.dbname)  # another process's: nothing cached
    statements: list[str] = []
    reader._db.set_trace_callback(statements.append)
    try:
        with reader.steady():
            reader.prefetch(found)
            read = [reader.key_of(k) for k in keys]
    finally:
        reader.close()

    assert len(keys) > 10
    assert found == keys
    assert all(read)
    selects = [s for s in statements if s.startswith("SELECT subject, key")]
    assert len(selects) == 1 and len(statements) <= 3  # the batch's look at forgettings too
