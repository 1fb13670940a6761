"""The tamper-evident log, on a real SQLite file: every event chained to the one before,
and `verify` naming the first event changed, removed or put out of order."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from domain.application import Groundwork
from domain.store.chain import CHAIN_TABLE, Verification, verify
from domain.store.commit_times import decoder, event_time
from domain.store.sqlite import TOPIC
from interface.sample import record_sample_network
from tests.postgres import sqlite_only

#: Tampers with the SQLite file; on PostgreSQL: tests/domain/test_postgres.py.
pytestmark = sqlite_only


def open_app(database: Path) -> Groundwork:
    return Groundwork(env={"PERSISTENCE_MODULE": TOPIC, "SQLITE_DBNAME": str(database)})


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "events.sqlite"
    app = open_app(path)
    record_sample_network(app)
    app.close()
    yield path


def checked(database: Path) -> Verification:
    app = open_app(database)
    try:
        return verify(app.factory.datastore)  # type: ignore[attr-defined]
    finally:
        app.close()


def tamper(database: Path, *statements: str) -> None:
    with closing(sqlite3.connect(database)) as db, db:
        for statement in statements:
            db.execute(statement)


def event_count(database: Path) -> int:
    with closing(sqlite3.connect(database)) as db:
        count: int = db.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0]
        return count


def test_an_untouched_log_is_intact_and_its_head_moves_with_each_event(database: Path) -> None:
    before = checked(database)
    app = open_app(database)
    app.found_network(
        name="Another",
        focus="F",
        goals=[],
        communities=["A"],
        happened_at=app.clock(),
        recorded_by=uuid4(),
    )
    app.close()
    after = checked(database)

    assert before.intact and before.events == event_count(database) - 1
    assert after.intact and after.events == before.events + 1
    assert after.head != before.head and after.problem is None


def test_a_changed_event_is_found(database: Path) -> None:
    tamper(
        database,
        "UPDATE stored_events SET state = substr(state, 1, length(state) - 1) WHERE rowid = 17",
    )

    result = checked(database)

    assert not result.intact
    assert (result.position, result.events) == (17, 16)
    assert result.problem is not None and "changed" in result.problem


def test_a_removed_event_is_found(database: Path) -> None:
    tamper(database, "DELETE FROM stored_events WHERE rowid = 30")

    result = checked(database)

    assert (result.intact, result.position) == (False, 30)
    assert result.problem == "the event there was removed"


def test_events_put_out_of_order_are_found(database: Path) -> None:
    # Swap what two positions hold: each row is itself a genuine event.
    tamper(
        database,
        "CREATE TEMP TABLE a AS SELECT * FROM stored_events WHERE rowid = 40",
        "CREATE TEMP TABLE b AS SELECT * FROM stored_events WHERE rowid = 41",
        "DELETE FROM stored_events WHERE rowid IN (40, 41)",
        "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state)"
        " SELECT 40, originator_id, originator_version, topic, state FROM b",
        "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state)"
        " SELECT 41, originator_id, originator_version, topic, state FROM a",
    )

    result = checked(database)

    assert (result.intact, result.position) == (False, 40)


def test_an_event_slipped_in_outside_the_application_is_found(database: Path) -> None:
    tamper(
        database,
        "INSERT INTO stored_events (originator_id, originator_version, topic, state)"
        " SELECT originator_id, originator_version + 1000, topic, state FROM stored_events"
        " WHERE rowid = 1",
    )

    result = checked(database)

    assert (result.intact, result.position) == (False, event_count(database))
    assert result.problem == "the event there is not in the chain"


def test_a_log_recorded_before_chaining_is_chained_when_opened(database: Path) -> None:
    tamper(database, f"DROP TABLE {CHAIN_TABLE}")

    result = checked(database)

    assert result.intact and result.events == event_count(database)


def noted_head(database: Path) -> tuple[int, str]:
    result = checked(database)
    assert result.head_position is not None and result.head is not None
    return result.head_position, result.head


def test_a_head_noted_earlier_still_holds_after_more_is_recorded(database: Path) -> None:
    noted = noted_head(database)
    app = open_app(database)
    app.found_network(
        name="Another",
        focus="F",
        goals=[],
        communities=[],
        happened_at=app.clock(),
        recorded_by=uuid4(),
    )
    app.close()

    app = open_app(database)
    try:
        result = verify(app.factory.datastore, noted)  # type: ignore[attr-defined]
    finally:
        app.close()

    assert result.intact and result.head_position == noted[0] + 1


def test_a_log_rewritten_hashes_and_all_is_caught_by_a_noted_head(database: Path) -> None:
    noted = noted_head(database)
    # Someone with the file changes an event and recomputes the whole chain.
    tamper(
        database,
        "UPDATE stored_events SET state = substr(state, 1, length(state) - 1) WHERE rowid = 5",
        f"DROP TABLE {CHAIN_TABLE}",
    )

    app = open_app(database)  # chains the log afresh, as for a store from before chaining
    try:
        unaided = verify(app.factory.datastore)  # type: ignore[attr-defined]
        with_noted = verify(app.factory.datastore, noted)  # type: ignore[attr-defined]
    finally:
        app.close()

    assert unaided.intact  # the rewrite is consistent in itself...
    assert not with_noted.intact and with_noted.position == noted[0]  # ...but not with the note
    assert with_noted.problem is not None and "rewritten" in with_noted.problem


def test_events_cut_from_the_end_are_caught_by_a_noted_head(database: Path) -> None:
    position, digest = noted_head(database)
    tamper(
        database,
        f"DELETE FROM stored_events WHERE rowid > {position - 3}",
        f"DELETE FROM {CHAIN_TABLE} WHERE notification_id > {position - 3}",
    )

    app = open_app(database)
    try:
        result = verify(app.factory.datastore, (position, digest))  # type: ignore[attr-defined]
    finally:
        app.close()

    assert (result.intact, result.position) == (False, position)
    assert result.problem is not None and "removed" in result.problem


def commit_times(database: Path) -> list[tuple[int, str | None]]:
    with closing(sqlite3.connect(database)) as db:
        return db.execute(
            f"SELECT notification_id, recorded_at FROM {CHAIN_TABLE} ORDER BY notification_id"
        ).fetchall()


def as_before_commit_times(database: Path) -> list[bytes]:
    """Takes the commit times out of the chain, as a store chained before they were kept;
    its events' states, in order."""
    tamper(
        database,
        f"DROP INDEX {CHAIN_TABLE}_by_time",
        f"ALTER TABLE {CHAIN_TABLE} DROP COLUMN recorded_at",
    )
    with closing(sqlite3.connect(database)) as db:
        return [bytes(s) for (s,) in db.execute("SELECT state FROM stored_events ORDER BY rowid")]


def running_latest(stamps: list[str | None]) -> list[str]:
    return [max(t for t in stamps[: i + 1] if t is not None) for i in range(len(stamps))]


def test_every_position_keeps_when_it_was_committed_in_the_logs_order(database: Path) -> None:
    times = commit_times(database)
    app = open_app(database)
    try:
        recorder: Any = app.recorder
        middle_position, middle_time = times[len(times) // 2]
        assert all(t is not None for _, t in times)
        assert [t for _, t in times] == sorted(t for _, t in times if t is not None)
        assert recorder.last_committed_by(middle_time) >= middle_position
        assert recorder.last_committed_by("2000-01-01T00:00:00.000000+00:00") == 0
        assert recorder.last_committed_by("9999-12-31T00:00:00.000000+00:00") == len(times)
    finally:
        app.close()


def test_a_chain_kept_before_commit_times_has_them_filled_once_when_opened(
    database: Path,
) -> None:
    before = checked(database)
    stamps = [event_time(s) for s in as_before_commit_times(database)]

    after = checked(database)  # opens it: the migration runs
    filled = [t for _, t in commit_times(database)]
    open_app(database).close()  # and again: nothing changes

    assert after == before and after.intact
    assert filled == running_latest(stamps)  # each: the latest event timestamp up to it
    assert [t for _, t in commit_times(database)] == filled


def test_an_encrypted_chain_kept_before_commit_times_has_them_from_its_decrypted_events(
    tmp_path: Path,
) -> None:
    path = tmp_path / "encrypted.sqlite"
    env = {
        "PERSISTENCE_MODULE": TOPIC,
        "SQLITE_DBNAME": str(path),
        "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
        "CIPHER_KEY": "aGVyZSBpcyBhIDMyIGJ5dGUga2V5IGZvciB0ZXN0cyE=",
    }
    app = Groundwork(env=env)
    record_sample_network(app)
    decode = decoder(app.factory)
    app.close()
    kept = [t for _, t in commit_times(path)]
    tamper(
        path,
        f"DROP INDEX {CHAIN_TABLE}_by_time",
        f"ALTER TABLE {CHAIN_TABLE} DROP COLUMN recorded_at",
    )
    with closing(sqlite3.connect(path)) as db:
        states = [bytes(s) for (s,) in db.execute("SELECT state FROM stored_events ORDER BY rowid")]

    Groundwork(env=env).close()
    filled = [t for _, t in commit_times(path)]

    assert event_time(states[0]) is None  # unreadable without the key
    stamps = [event_time(s, decode) for s in states]
    assert filled == [max(t for t in stamps[: i + 1] if t is not None) for i in range(len(stamps))]
    assert all(
        f is not None and k is not None and f <= k for f, k in zip(filled, kept, strict=True)
    )
