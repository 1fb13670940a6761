"""Shared builders for the domain tests: a fixed clock, applications on a SQLite file
in the test's own directory, a small network with two people, and a check that an
aggregate read back from the event store is the same, down to the types of its values."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from domain.application import Groundwork
from tests.postgres import store_env

#: "Now" for every test: commands are given it explicitly, applications get it as their clock.
NOW = datetime(2025, 3, 12, 18, 30, tzinfo=UTC)
#: A moment before now, for things that have happened.
EARLIER = NOW - timedelta(days=3)
#: A moment after now, for things that cannot have happened yet.
LATER = NOW + timedelta(hours=1)
#: The account that records things.
RECORDER = UUID("00000000-0000-4000-8000-00000000000a")

A = TypeVar("A", bound=Aggregate)


def settled(aggregate: A) -> A:
    """The given part of a test: an aggregate whose past events have been collected away,
    so that `collect_events()` afterwards returns only what the command under test did."""
    aggregate.collect_events()
    return aggregate


def app_on(
    database: Path, clock: Callable[[], datetime] = lambda: NOW, keys: Path | None = None
) -> Groundwork:
    """A Groundwork application on a durable SQLite file, with a fixed clock (and its key
    store next to the file, unless another is given); on PostgreSQL, with
    GROUNDWORK_TEST_DATABASE_URL, in the database standing for that file."""
    return Groundwork(env=store_env(database, keys), clock=clock)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "events.sqlite"


@pytest.fixture
def make_app(database: Path) -> Iterator[Callable[..., Groundwork]]:
    """Makes applications on the test's SQLite file (each call a new instance, with the
    fixed clock unless given another), and closes them all when the test ends."""
    made: list[Groundwork] = []

    def make(clock: Callable[[], datetime] = lambda: NOW) -> Groundwork:
        app = app_on(database, clock)
        made.append(app)
        return app

    yield make
    for app in made:
        app.close()


@pytest.fixture
def app(make_app: Callable[..., Groundwork]) -> Groundwork:
    return make_app()


@dataclass(frozen=True)
class SmallNetwork:
    """A network spanning Lisbon and Porto, with an organiser and a member in it."""

    network_id: UUID
    organiser_id: UUID
    member_id: UUID


def register_small_network(
    app: Groundwork, name: str = "Peer Support Portugal", time_zone: str = "UTC"
) -> SmallNetwork:
    network = app.found_network(
        time_zone=time_zone,
        name=name,
        focus="Peer support in mental health",
        goals=["peer roles in every hospital"],
        communities=["Lisbon", "Porto"],
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )
    organiser = app.register_person(
        network_id=network.id,
        name="Ana Organiser",
        contact="ana@example.org",
        communities=["Lisbon"],
        languages=["pt", "en"],
        recorded_by=RECORDER,
    )
    member = app.register_person(
        network_id=network.id,
        name="Bruno Member",
        contact=None,
        communities=["Porto"],
        languages=["pt"],
        recorded_by=RECORDER,
    )
    return SmallNetwork(network.id, organiser.id, member.id)


@pytest.fixture
def small_network(app: Groundwork) -> SmallNetwork:
    return register_small_network(app)


def saved_and_read_back(database: Path, aggregate: A) -> A:
    """Saves an aggregate through one application and reads it back with a new one, the
    way every command loads a record (`Groundwork.get`)."""
    writer = app_on(database)
    try:
        writer.save(aggregate)
    finally:
        writer.close()
    reader = app_on(database)
    try:
        read_back = reader.get(type(aggregate), aggregate.id)
    finally:
        reader.close()
    assert type(read_back) is type(aggregate)
    return read_back


def assert_same_state(original: Any, read_back: Any, path: str = "state") -> None:
    """Equal values of exactly the same types, all the way down: an enum member stays an
    enum member (not its word), a date stays a date, a value object stays its dataclass."""
    assert type(read_back) is type(original), (
        f"{path}: {type(original).__name__} came back as {type(read_back).__name__}"
    )
    if isinstance(original, Aggregate):
        assert_same_state(vars(original), vars(read_back), path)
    elif dataclasses.is_dataclass(original):
        for field in dataclasses.fields(original):
            assert_same_state(
                getattr(original, field.name),
                getattr(read_back, field.name),
                f"{path}.{field.name}",
            )
    elif isinstance(original, dict):
        assert set(original) == set(read_back), f"{path}: keys differ"
        for key in original:
            assert type(key) is type(next(k for k in read_back if k == key)), f"{path}: key {key}"
            assert_same_state(original[key], read_back[key], f"{path}[{key!r}]")
    elif isinstance(original, list | tuple):
        assert len(original) == len(read_back), f"{path}: lengths differ"
        for n, (mine, theirs) in enumerate(zip(original, read_back, strict=True)):
            assert_same_state(mine, theirs, f"{path}[{n}]")
    elif isinstance(original, set | frozenset):
        assert original == read_back, f"{path}: {original} != {read_back}"
        assert {type(v) for v in original} == {type(v) for v in read_back}, path
    else:
        assert original == read_back, f"{path}: {original!r} != {read_back!r}"


def read_as_version_1(app: Groundwork, event: Any, *fields_added_since: str) -> Any:
    """An event as the first version of its class stored it (without the fields added
    since, and without a class version), read back through the application's mapper,
    upcasting and all."""
    stored = app.mapper.to_stored_event(event)
    state = app.mapper.transcoder.decode(stored.state)
    for field in (*fields_added_since, "class_version"):
        del state[field]
    older = StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=app.mapper.transcoder.encode(state),
    )
    return app.mapper.to_domain_event(older)
