"""Group commit on a real SQLite file (and, under `make test`'s second run, PostgreSQL):
commands that arrive while a commit is under way share the next one, and each keeps what it
was promised alone (its own conflict, its acknowledgement only once committed, its events
contiguous and chained)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, PersistenceError, StoredEvent
from psycopg.sql import SQL, Identifier

from domain.application import Groundwork
from domain.store.chain import ChainedSQLiteApplicationRecorder, verify_recorded
from domain.store.group_commit import GroupCommit
from domain.store.postgres import ChainedPostgresApplicationRecorder
from domain.store.postgres_keys import conninfo_of
from tests import postgres

TOPIC_OF_TEST = "tests.domain.test_group_commit:Noted"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Groundwork]:
    app = Groundwork(env=postgres.store_env(tmp_path / "events.sqlite", tmp_path / "keys"))
    yield app
    app.close()


def group_of(app: Groundwork) -> GroupCommit:
    group: GroupCommit = app.recorder.group_commit  # type: ignore[attr-defined]
    return group


def events(record: UUID, *versions: int) -> list[StoredEvent]:
    return [StoredEvent(record, v, TOPIC_OF_TEST, b'{"v": %d}' % v) for v in versions]


def stored(app: Groundwork) -> list[tuple[int, str, int]]:
    """The log: each event's position, record (hex) and version."""
    return [
        (n.id, UUID(str(n.originator_id)).hex, n.originator_version)
        for n in app.recorder.select_notifications(start=1, limit=10_000)
    ]


@contextmanager
def writes_held(app: Groundwork) -> Iterator[None]:
    """Another writer holds the store's write lock meanwhile: SQLite's writer connection,
    or on PostgreSQL the events table's lock, from a connection of its own."""
    recorder = app.recorder
    if isinstance(recorder, ChainedSQLiteApplicationRecorder):
        with recorder.datastore.get_connection(commit=True):
            yield
        return
    assert isinstance(recorder, ChainedPostgresApplicationRecorder)
    table = Identifier(recorder.datastore.schema, recorder.events_table_name)
    with psycopg.connect(conninfo_of(app.env)) as other, other.transaction():
        other.execute(SQL("LOCK TABLE {0} IN EXCLUSIVE MODE").format(table))
        yield


def queued_behind_a_commit(app: Groundwork, commands: list[Callable[[], Any]]) -> list[Any]:
    """Runs each command in a thread of its own while a writer holds the store's write
    lock, so that the first takes the lead and waits and the others queue behind it; then
    lets the writer go. Each thread's result, or the exception it raised."""
    results: list[Any] = [None] * len(commands)

    def run(i: int) -> None:
        try:
            results[i] = commands[i]()
        except Exception as error:
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(commands))]
    group = group_of(app)
    with writes_held(app):
        begun = group.commits
        threads[0].start()
        while group.commits == begun:  # until the first has taken the lead
            time.sleep(0.001)
        for thread in threads[1:]:
            thread.start()
        while group.waiting < len(commands) - 1:
            time.sleep(0.001)
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_commands_that_arrive_together_share_one_commit_and_each_is_chained(
    app: Groundwork,
) -> None:
    recorder, group = app.recorder, group_of(app)
    records = [uuid4() for _ in range(6)]
    results = queued_behind_a_commit(
        app,
        [lambda r=r: recorder.insert_events(events(r, 1, 2)) for r in records],  # type: ignore[misc]
    )
    # the first committed alone; the five queued behind it shared the next commit
    assert group.shared_commits == 1
    assert group.shared_commands == 5
    assert all(isinstance(r, list) and len(r) == 2 for r in results)
    log = stored(app)
    assert len(log) == 12
    # each command's events contiguous, in its own order, at the positions it was told
    for record, positions in zip(records, results, strict=True):
        assert [(o, v) for p, o, v in log if p in positions] == [(record.hex, 1), (record.hex, 2)]
        assert positions[1] == positions[0] + 1
    assert verify_recorded(recorder).intact


def test_a_conflict_fails_its_own_command_only(app: Groundwork) -> None:
    recorder, group = app.recorder, group_of(app)
    taken = uuid4()
    recorder.insert_events(events(taken, 1))
    others = [uuid4() for _ in range(3)]
    commands: list[Callable[[], Any]] = [
        lambda: recorder.insert_events(events(others[0], 1)),
        lambda: recorder.insert_events(events(others[1], 1)),
        # version 1 of `taken` is recorded already: this one's record moved on meanwhile
        lambda: recorder.insert_events([*events(taken, 2), *events(taken, 1)]),
        lambda: recorder.insert_events(events(others[2], 1, 2)),
    ]
    results = queued_behind_a_commit(app, commands)
    assert group.shared_commits == 1
    assert isinstance(results[2], IntegrityError)
    assert [isinstance(r, list) for r in results] == [True, True, False, True]
    log = stored(app)
    # nothing of the refused command, not even its first event; everything of the others
    assert [(o, v) for _, o, v in log if o == taken.hex] == [(taken.hex, 1)]
    assert {o for _, o, _ in log} == {taken.hex, *(r.hex for r in others)}
    assert len(log) == 1 + 1 + 1 + 2
    assert verify_recorded(recorder).intact


def test_events_that_cannot_be_stored_fail_their_own_command_only(app: Groundwork) -> None:
    recorder = app.recorder
    broken = StoredEvent(uuid4(), 1, TOPIC_OF_TEST, object())  # type: ignore[arg-type]
    records = [uuid4() for _ in range(3)]
    commands: list[Callable[[], Any]] = [
        lambda: recorder.insert_events(events(records[0], 1)),
        lambda: recorder.insert_events(events(records[1], 1)),
        lambda: recorder.insert_events([broken]),  # cannot be stored at all
        lambda: recorder.insert_events(events(records[2], 1)),
    ]
    results = queued_behind_a_commit(app, commands)
    # the first committed alone; of the three behind it, the broken one failed alone
    assert group_of(app).shared_commits == 1
    assert isinstance(results[2], PersistenceError)
    assert not isinstance(results[2], IntegrityError)  # not a conflict: not retried
    assert [isinstance(r, list) for r in results] == [True, True, False, True]
    assert [o for _, o, _ in stored(app)] == [r.hex for r in records]
    # the store goes on: the next command commits
    assert recorder.insert_events(events(records[1], 2))
    assert len(stored(app)) == 4
    assert verify_recorded(recorder).intact


def test_a_lone_command_conflicts_as_the_library_says(app: Groundwork) -> None:
    recorder, group = app.recorder, group_of(app)
    record = uuid4()
    recorder.insert_events(events(record, 1))
    with pytest.raises(IntegrityError):
        recorder.insert_events(events(record, 1))
    assert (group.commits, group.shared_commits) == (2, 0)
    assert len(stored(app)) == 1
