"""A tamper-evident log: each stored event is chained to the one before it by a hash.

The hash covers the event as stored (its position, record id, version, topic and state
bytes: ciphertext when the store is encrypted), so it can be checked without decrypting
anything and survives a person's key being destroyed. It is written in the same
transaction as the event. `verify` walks the log and names the first event that was
changed, removed or put out of order, or says the chain is intact, how many events it
covers and its head: a reader who noted an earlier head can tell that nothing before it
was rewritten, even by someone able to recompute every hash.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteCursor, SQLiteDatastore

from domain.store.commit_times import COMMITTED, Decode, filled, stamp
from domain.store.group_commit import GroupCommit, sqlite_together
from domain.store.library import SQLiteApplicationRecorder

GENESIS = bytes(32)
CHAIN_TABLE = "event_chain"


def link(
    previous: bytes, position: int, originator_id: Any, version: int, topic: str, state: bytes
) -> bytes:
    """The hash of one stored event, chained to the hash before it."""
    identity = originator_id.bytes if isinstance(originator_id, UUID) else UUID(originator_id).bytes
    topic_bytes = topic.encode()
    return hashlib.sha256(
        previous
        + struct.pack(">qq", position, version)
        + identity
        + struct.pack(">I", len(topic_bytes))
        + topic_bytes
        + state
    ).digest()


class ChainedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The library's SQLite application recorder, chaining every event it inserts, and
    sharing one commit among the commands that arrive together (`group_commit`)."""

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)
        self.group_commit = GroupCommit(
            self._insert_alone, sqlite_together(datastore, self.insert_in)
        )

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        return self.group_commit.insert(stored_events, **kwargs)

    def _insert_alone(
        self, stored_events: Sequence[StoredEvent], kwargs: dict[str, Any]
    ) -> Sequence[int] | None:
        return super().insert_events(stored_events, **kwargs)

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} ("
            f" notification_id INTEGER PRIMARY KEY, hash BLOB NOT NULL, {COMMITTED} TEXT)",
            # Events of a kind, in log order (`select_notifications(topics=...)`: a network's
            # campaigns, the webhooks): without it, finding them read the whole log.
            f"CREATE INDEX IF NOT EXISTS {self.events_table_name}_by_topic"
            f" ON {self.events_table_name} (topic)",
        ]

    def tables_created(self, c: SQLiteCursor) -> None:
        self._chain_unchained(c)
        # A store chained before commit times were kept (`domain.store.commit_times`).
        c.execute(f"PRAGMA table_info({CHAIN_TABLE})")
        if COMMITTED not in [row[1] for row in c.fetchall()]:
            c.execute(f"ALTER TABLE {CHAIN_TABLE} ADD COLUMN {COMMITTED} TEXT")
        c.execute(
            f"CREATE INDEX IF NOT EXISTS {CHAIN_TABLE}_by_time"
            f" ON {CHAIN_TABLE} ({COMMITTED}, notification_id)"
        )

    def _chain_unchained(self, c: SQLiteCursor) -> None:
        # A store recorded before events were chained: chain what it holds, once.
        c.execute(f"SELECT 1 FROM {CHAIN_TABLE} LIMIT 1")  # noqa: S608 (a constant)
        if c.fetchone() is None:
            c.execute(
                "SELECT rowid, originator_id, originator_version, topic, state"  # noqa: S608
                f" FROM {self.events_table_name} ORDER BY rowid"
            )
            previous, rows = GENESIS, []
            for position, originator_id, version, topic, state in c.fetchall():
                previous = link(previous, position, originator_id, version, topic, state)
                rows.append((position, previous))
            c.executemany(
                f"INSERT INTO {CHAIN_TABLE} (notification_id, hash) VALUES (?, ?)",  # noqa: S608
                rows,
            )

    def fill_commit_times(self, decode: Decode | None = None) -> None:
        """Commit times for the positions that have none (chained before they were kept, or
        restored from a backup without them), from their events' own timestamps, once
        (`domain.store.commit_times`); `decode` reads a state as stored back to its JSON."""
        with self.datastore.transaction(commit=True) as c:
            self._fill_commit_times(c, decode)

    def _fill_commit_times(self, c: SQLiteCursor, decode: Decode | None) -> None:
        c.execute(
            f"SELECT min(notification_id) FROM {CHAIN_TABLE} WHERE {COMMITTED} IS NULL"  # noqa: S608
        )
        first = c.fetchone()[0]
        if first is None:
            return
        c.execute(
            f"SELECT max({COMMITTED}) FROM {CHAIN_TABLE} WHERE notification_id < ?",  # noqa: S608
            (first,),
        )
        previous = c.fetchone()[0]
        c.execute(
            f"SELECT k.notification_id, e.state FROM {CHAIN_TABLE} k"  # noqa: S608
            f" JOIN {self.events_table_name} e ON e.rowid = k.notification_id"
            f" WHERE k.{COMMITTED} IS NULL ORDER BY k.notification_id"
        )
        times = filled(((p, bytes(s)) for p, s in c.fetchall()), previous, decode)
        c.executemany(
            f"UPDATE {CHAIN_TABLE} SET {COMMITTED} = ? WHERE notification_id = ?",  # noqa: S608
            times,
        )

    def last_committed_by(self, moment: str) -> int:
        """The last position of the log committed by a moment (UTC ISO 8601 with microseconds,
        `domain.store.commit_times.moment`), 0 if none was: a bisection of the index."""
        statement = (
            f"SELECT notification_id FROM {CHAIN_TABLE} WHERE {COMMITTED} <= ?"  # noqa: S608
            f" ORDER BY {COMMITTED} DESC, notification_id DESC LIMIT 1"
        )
        reading = self._reading()
        if reading is None:
            with self.datastore.transaction(commit=False) as c:
                c.execute(statement, (moment,))
                row = c.fetchone()
        else:
            with reading() as connection:
                row = connection.execute(statement, (moment,)).fetchone()
        return int(row[0]) if row else 0

    def position_of(self, originator_id: UUID, version: int) -> int | None:
        """The log position of one event of a record (None if there is none)."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT rowid FROM {self.events_table_name}"  # noqa: S608
                " WHERE originator_id = ? AND originator_version = ?",
                (originator_id.hex, version),
            )
            row = c.fetchone()
        return int(row[0]) if row else None

    def _reading(self) -> Any:
        """The pool's `reading()` (see `domain.store.sqlite`), for reads of one statement without
        a transaction around it; None for a pool without it, or a database in memory (whose
        connections share a cache, and must take turns through the pool)."""
        pool = self.datastore.pool
        if pool.is_sqlite_memory_mode:
            return None
        return getattr(pool, "reading", None)

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        """The library's query, run as one statement (its own read transaction) on a reader."""
        reading = self._reading()
        if reading is None:
            return super().select_events(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        statement = self.select_events_statement
        params: list[Any] = [
            originator_id.hex if isinstance(originator_id, UUID) else originator_id
        ]
        if gt is not None:
            statement += "AND originator_version>? "
            params.append(gt)
        if lte is not None:
            statement += "AND originator_version<=? "
            params.append(lte)
        statement += "ORDER BY originator_version " + ("DESC " if desc else "ASC ")
        if limit is not None:
            statement += "LIMIT ? "
            params.append(limit)
        with reading() as connection:
            rows = connection.execute(statement, params).fetchall()
        return [
            StoredEvent(
                originator_id=self.convert_originator_id(row["originator_id"]),
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=row["state"],
            )
            for row in rows
        ]

    def max_notification_id(self) -> int:
        reading = self._reading()
        if reading is None:
            return super().max_notification_id()
        with reading() as connection:
            row = connection.execute(self.select_max_notification_id_statement).fetchone()
        position: int = row[0]  # None for an empty log, as the library's
        return position

    def events_inserted(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], positions: Sequence[int]
    ) -> None:
        # The write lock is held from the first insert: no other writer can come between
        # reading the head and chaining onto it.
        c.execute(
            f"SELECT hash, {COMMITTED} FROM {CHAIN_TABLE} WHERE notification_id < ?"  # noqa: S608
            " ORDER BY notification_id DESC LIMIT 1",
            (positions[0],),
        )
        row = c.fetchone()
        previous = row[0] if row else GENESIS
        # Taken as late as can be: after the events' insert, under the write lock.
        committed = stamp(row[1] if row else None)
        rows = []
        for position, s in zip(positions, stored_events, strict=True):
            previous = link(
                previous, position, s.originator_id, s.originator_version, s.topic, s.state
            )
            rows.append((position, previous, committed))
        c.executemany(f"INSERT INTO {CHAIN_TABLE} VALUES (?, ?, ?)", rows)  # noqa: S608


@dataclass(frozen=True)
class Verification:
    intact: bool
    events: int  # how many events were checked (up to the first problem)
    head: str | None  # the last good hash, hex
    head_position: int | None  # the position of the event it chains
    position: int | None = None  # where the first problem is
    problem: str | None = None


def verify(
    datastore: Any,
    noted: tuple[int, str] | None = None,
    events_table: str = "stored_events",
) -> Verification:
    """Walks the log in order, recomputing the chain; stops at the first problem. With a
    head noted earlier (its position and hash), also checks that the chain still passes
    through it: that nothing up to there was rewritten, hashes and all. `datastore` is the
    event store's: SQLite's, or PostgreSQL's (`domain.store.postgres`)."""
    if isinstance(datastore, SQLiteDatastore):
        return walk(_sqlite_rows(datastore, events_table), noted)
    # Imported here: `domain.store.postgres` builds on this module.
    from domain.store.postgres import chained_rows

    return walk(chained_rows(datastore, events_table), noted)


def verify_recorded(recorder: Any, noted: tuple[int, str] | None = None) -> Verification:
    """`verify` on an application's recorder: its datastore and its events table."""
    return verify(recorder.datastore, noted, recorder.events_table_name)


def _sqlite_rows(datastore: SQLiteDatastore, events_table: str) -> Iterator[tuple[Any, ...]]:
    """Each position of the log (events and chain links alike) in order, as (position,
    originator id, version, topic, state, stored hash), None where one side is missing."""
    with datastore.transaction(commit=False) as c:
        c.execute(
            "SELECT coalesce(e.rowid, k.notification_id), e.originator_id,"  # noqa: S608
            " e.originator_version, e.topic, e.state, k.hash"
            f" FROM {CHAIN_TABLE} k LEFT JOIN {events_table} e ON e.rowid = k.notification_id"
            " UNION ALL SELECT e.rowid, e.originator_id, e.originator_version, e.topic,"
            f" e.state, NULL FROM {events_table} e WHERE e.rowid NOT IN"
            f" (SELECT notification_id FROM {CHAIN_TABLE}) ORDER BY 1"
        )
        cursor = c.sqlite_cursor
        while rows := cursor.fetchmany(10_000):
            yield from rows


def walk(rows: Iterable[tuple[Any, ...]], noted: tuple[int, str] | None) -> Verification:
    """Checks the chain over the log's positions in order (see `verify`)."""
    previous, checked, at = GENESIS, 0, None
    for position, originator_id, version, topic, state, stored in rows:
        problem, current = _check(
            previous, noted, position, originator_id, version, topic, state, stored
        )
        if problem is not None:
            head = previous.hex() if checked else None
            return Verification(False, checked, head, at, position, problem)
        previous, checked, at = current, checked + 1, position
    if noted is not None and (at is None or at < noted[0]):
        problem = "the log no longer reaches the head noted there: events were removed"
        return Verification(False, checked, previous.hex(), at, noted[0], problem)
    return Verification(True, checked, previous.hex() if checked else None, at)


def _check(
    previous: bytes,
    noted: tuple[int, str] | None,
    position: int,
    originator_id: Any,
    version: Any,
    topic: Any,
    state: Any,
    stored: bytes | None,
) -> tuple[str | None, bytes]:
    """What is wrong with one position of the log, if anything, and its hash."""
    if originator_id is None:
        return "the event there was removed", previous
    if stored is None:
        return "the event there is not in the chain", previous
    try:
        current = link(previous, position, originator_id, version, topic, state)
    except (TypeError, ValueError, struct.error):  # not even the right types
        return "the event there was changed, or events before it were reordered", previous
    if current != stored:
        return "the event there was changed, or events before it were reordered", previous
    if noted is not None and position == noted[0] and current.hex() != noted[1]:
        return (
            "the chain no longer passes through the head noted there: the log up to it was "
            "rewritten",
            previous,
        )
    return None, current
