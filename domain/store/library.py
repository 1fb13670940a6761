"""The one module that reaches inside the `eventsourcing` library (pinned at 9.5.6).

Everywhere else, Groundwork uses the library's public API and this module's. What is here
depends on names the library does not promise to keep (a leading underscore), each listed
in `RELIED_ON`; `tests/domain/test_library.py` checks them against the installed library,
with the pinned version, so that an upgrade fails there, naming the override that would
break, rather than somewhere in the write path. Each override, what it does for Groundwork,
and what upstream would need for it to go (public extension points first):

1. `Application.save`, calling `_record`, `_take_snapshots` and `_notify` (`Application`).
   Collects the aggregates' pending events without the library's runtime Protocol checks:
   `ProcessingEvent.collect_events` tests every object against `DomainEventProtocol` and
   `CollectEventsProtocol`, runtime-checkable Protocols (measured here on Python 3.11: 16 us an
   aggregate, against 2 us without). The rest is the library's `save`, step by step, but
   for the deprecated `notify()`, which does nothing.
   Upstream: an `Application.construct_processing_event()` (as there is a
   `construct_mapper()`), or a fast path in `collect_events` for `BaseAggregate` instances
   before the Protocol checks; then `save` needs no override.
2. `SQLiteConnectionPool._create_connection` (`SQLiteConnectionPool.connect`). Opens each
   connection as the library does (WAL, autocommit, rows by name), with `PRAGMA
   synchronous` set (FULL for the event store: a 2xx means the events are on disk; the
   library leaves SQLite's default) and a statement cache (the library asks for
   `cached_statements=True`, which `sqlite3` reads as a cache of one statement). Neither can
   be changed once `sqlite3.connect` returned, so `connect` is a copy of the library's code.
   Upstream: settings such as `SQLITE_SYNCHRONOUS` and `SQLITE_CACHED_STATEMENTS` (as there
   is `SQLITE_LOCK_TIMEOUT`), or a public `connect()` on the pool to extend.
3. `ConnectionPool._writer_lock` (`share_writer_lock`). A view's pool on the event store's
   own file takes turns with the event store's writers through one lock, instead of meeting
   them in SQLite's busy handler (see `domain.store.sqlite.derived_datastore`).
   Upstream: a `writer_lock` argument to the pool, or one pool shared by the datastores of
   one file.
4. `SQLiteRecorder._create_table` (`SQLiteApplicationRecorder.tables_created`). Runs in the
   transaction that creates the tables: the chain of a store recorded before events were
   chained is built there, once (`domain.store.chain`).
   Upstream: a public hook called in `create_table`'s transaction (the statements are
   already public: `construct_create_table_statements`). A second transaction after the
   public `create_table()` would not do: a writer could chain onto the empty chain first.
5. `SQLiteApplicationRecorder._insert_events` (`SQLiteApplicationRecorder.events_inserted`).
   Runs in the inserting transaction, once the events' positions are known: each event is
   chained to the one before (`domain.store.chain`), atomically with it.
   Upstream: a public hook after the insert, in its transaction, given the stored events and
   their notification ids (`insert_events(**kwargs)` already carries extra arguments there).
6. `PostgresRecorder._create_table` and `PostgresApplicationRecorder._lock_table`
   (`PostgresApplicationRecorder.create_tables_in`, `lock_events_table`). Groundwork creates
   the schema in one transaction under an advisory lock (processes starting at once
   otherwise fail about one time in four, "tuple concurrently updated"), and chains an
   existing store there with the events table locked (`domain.store.postgres`).
   Upstream: `create_table()` serialised by an advisory lock (the race is the library's),
   the hook of 4, and a public `lock_table(cursor)`.
7. `PostgresApplicationRecorder._fetch_ids_after_insert_events`
   (`PostgresApplicationRecorder.events_inserted`). As 5, on PostgreSQL: the library holds
   the events table's EXCLUSIVE lock from before the insert to the commit, so no other
   writer comes between reading the chain's head and chaining onto it.
   Upstream: the hook of 5.

8. `PostgresApplicationRecorder._insert_events` and `_insert_stored_events`
   (`PostgresApplicationRecorder.insert_in`). The steps of the library's `insert_events`
   (tracking, then the table lock, the notification and the insert, then the positions
   fetched), run in a transaction that several commands share (group commit), each in a
   savepoint of its own. (The SQLite counterpart, `SQLiteApplicationRecorder.insert_in`,
   calls the method of 5.)
   Upstream: a public `insert_events_in(cursor, stored_events)`, or group commit in the
   library's recorders.

Also here, though it touches only public attributes: `use_pool` replaces the pool of a
datastore the library built (it has no pool class to configure, and has not used the pool
yet). Upstream: a `pool_class` for `SQLiteDatastore`, or a `datastore_class` for the factory.
Not counted: `cls._create(...)` in an aggregate's own class methods, which is how the
library has developers pick a "created" event class (its comment in `MetaAggregate.__call__`:
"selected by developers by calling _create(event_class=...)"); the test allows only that.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing import application, persistence, postgres, sqlite
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import InterfaceError, Recording, StoredEvent
from eventsourcing.sqlite import SQLITE3_DEFAULT_LOCK_TIMEOUT, SQLiteConnection, SQLiteCursor
from psycopg import Cursor
from psycopg.rows import DictRow

#: The version of the library this module was written against (pyproject.toml pins it).
VERSION = "9.5.6"


@dataclass(frozen=True)
class Reliance:
    """One private name of the library this module depends on: a method with its parameters
    (`signature`, without annotations), or an attribute its owner's `__init__` sets
    (`signature` None); `called_by` names the library's method that must still use it."""

    owner: type[Any]
    name: str
    signature: str | None
    called_by: str | None
    override: str


RELIED_ON = (
    Reliance(application.Application, "_record", "(self, processing_event)", "save", "1"),
    Reliance(application.Application, "_take_snapshots", "(self, processing_event)", "save", "1"),
    Reliance(application.Application, "_notify", "(self, recordings)", "save", "1"),
    Reliance(sqlite.SQLiteConnectionPool, "_create_connection", "(self)", "_get_connection", "2"),
    Reliance(persistence.ConnectionPool, "_writer_lock", None, "get_connection", "3"),
    Reliance(sqlite.SQLiteRecorder, "_create_table", "(self, c)", "create_table", "4"),
    Reliance(
        sqlite.SQLiteApplicationRecorder,
        "_insert_events",
        "(self, c, stored_events, **_)",
        "insert_events",
        "5",
    ),
    Reliance(postgres.PostgresRecorder, "_create_table", "(self, curs)", None, "6"),
    Reliance(postgres.PostgresApplicationRecorder, "_lock_table", "(self, curs)", None, "6"),
    Reliance(
        postgres.PostgresApplicationRecorder,
        "_insert_events",
        "(self, curs, stored_events, **_)",
        "insert_events",
        "8",
    ),
    Reliance(
        postgres.PostgresApplicationRecorder,
        "_insert_stored_events",
        "(self, curs, stored_events, **kwargs)",
        "insert_events",
        "8",
    ),
    Reliance(
        postgres.PostgresApplicationRecorder,
        "_fetch_ids_after_insert_events",
        "(self, curs, stored_events, **_)",
        "insert_events",
        "7",
    ),
)


class _Collected(application.ProcessingEvent[UUID]):
    """Collects aggregates' pending events, skipping the library's runtime Protocol checks
    for aggregates (1); anything else goes the library's way."""

    def collect_events(self, *objs: Any, **kwargs: Any) -> None:
        for obj in objs:
            if isinstance(obj, Aggregate):
                self.events.extend(obj.collect_events())
                self.aggregates[obj.id] = obj
            else:
                super().collect_events(obj)
        self.saved_kwargs.update(kwargs)


class Application(application.Application[UUID]):
    """The library's application, saving with `_Collected` (1)."""

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's `Application.save`, collecting events with `_Collected`."""
        processing_event = _Collected()
        processing_event.collect_events(*objs, **kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        return recordings


class SQLiteConnectionPool(sqlite.SQLiteConnectionPool):
    """The library's pool, opening connections with `connect` (2)."""

    #: `PRAGMA synchronous` for every connection; None leaves SQLite's default.
    synchronous: str | None = None
    #: How many prepared statements each connection keeps (the library's: one).
    statement_cache = 1

    def connect(self) -> sqlite3.Connection:
        """A connection as the library's `_create_connection` opens it (WAL, autocommit,
        rows by name), with `synchronous` set and a cache of `statement_cache` statements."""
        try:
            connection = sqlite3.connect(
                database=self.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,
                cached_statements=self.statement_cache,
                timeout=self.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
            )
        except (sqlite3.Error, TypeError) as error:
            raise InterfaceError(error) from error
        try:
            if not self.is_sqlite_memory_mode and not self.is_journal_mode_wal:
                (mode,) = connection.execute("PRAGMA journal_mode;").fetchone()
                if mode.lower() != "wal":
                    connection.execute("PRAGMA journal_mode=WAL;")
                    self.journal_mode_was_changed_to_wal = True
                self.is_journal_mode_wal = True
            if self.synchronous is not None:
                connection.execute(f"PRAGMA synchronous={self.synchronous};")
        except sqlite3.Error as error:  # pragma: no cover - a broken file system
            connection.close()
            raise InterfaceError(error) from error
        connection.row_factory = sqlite3.Row
        return connection

    def _create_connection(self) -> SQLiteConnection:
        return SQLiteConnection(sqlite_conn=self.connect(), max_age=self.max_age)


def use_pool(datastore: sqlite.SQLiteDatastore, pool_class: type[SQLiteConnectionPool]) -> None:
    """Gives the datastore a pool of `pool_class` on the same file, in place of the one the
    library made it (and closes that one)."""
    library_pool = datastore.pool
    datastore.pool = pool_class(
        db_name=library_pool.db_name, lock_timeout=library_pool.lock_timeout
    )
    library_pool.close()


def share_writer_lock(pool: sqlite.SQLiteConnectionPool, like: sqlite.SQLiteConnectionPool) -> None:
    """Makes the pool's writers take turns with `like`'s (3): the library's pool lets one
    writer at a time have a connection, through its lock."""
    pool._writer_lock = like._writer_lock


class SQLiteApplicationRecorder(sqlite.SQLiteApplicationRecorder):
    """The library's SQLite application recorder, with two hooks in its transactions (4, 5)."""

    def tables_created(self, c: SQLiteCursor) -> None:
        """Called in the transaction that created the tables, after the library's statements."""

    def events_inserted(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], positions: Sequence[int]
    ) -> None:
        """Called in the inserting transaction, with each stored event's position."""

    def insert_in(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], kwargs: dict[str, Any]
    ) -> Sequence[int] | None:
        """Inserts events in the caller's transaction, as `insert_events` does in its own
        (5), hook included: for transactions shared by several commands
        (`domain.store.group_commit`)."""
        return self._insert_events(c, stored_events, **kwargs)

    def _create_table(self, c: SQLiteCursor) -> None:
        super()._create_table(c)
        self.tables_created(c)

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        if positions:
            self.events_inserted(c, stored_events, positions)
        return positions


class PostgresApplicationRecorder(postgres.PostgresApplicationRecorder):
    """The library's PostgreSQL application recorder, with a hook in its inserting
    transaction (7) and its schema statements and table lock at hand (6)."""

    def create_tables_in(self, c: Cursor[DictRow]) -> None:
        """The library's tables, indexes and functions (not its types), in the caller's
        transaction."""
        self._create_table(c)

    def lock_events_table(self, c: Cursor[DictRow]) -> None:
        """The lock the library takes before inserting events, until the commit."""
        self._lock_table(c)

    def events_inserted(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], positions: Sequence[int]
    ) -> None:
        """Called in the inserting transaction, with each stored event's position, in the
        order the insert returned them (the library pairs them with the events so too)."""

    def insert_in(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], kwargs: dict[str, Any]
    ) -> Sequence[int] | None:
        """Inserts events in the caller's transaction as `insert_events` does in its own
        (8): the events table locked to the commit, the channel notified, the hook of 7
        called. Not pipelined: a conflict raises here, where the caller's savepoint can
        catch it. For transactions shared by several commands (`domain.store.group_commit`)."""
        self._insert_events(curs, stored_events, **kwargs)
        self._insert_stored_events(curs, stored_events, **kwargs)
        return self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if positions:
            self.events_inserted(curs, stored_events, positions)
        return positions
