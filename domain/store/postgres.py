"""PostgreSQL persistence: the `eventsourcing` library's PostgreSQL module, with the log chained.

Selected by configuration alone: `postgres_env(url, ...)` turns a `postgresql://` URL into
the library's environment (`POSTGRES_DBNAME`, `POSTGRES_HOST`, ...) with
PERSISTENCE_MODULE="domain.store.postgres:ChainedPostgresFactory".

- Every event is chained to the one before by a hash (`domain.store.chain`), in an `event_chain`
  table written in the same transaction as the events. The library takes an EXCLUSIVE lock
  on the events table before inserting (so that positions are issued in commit order), and
  holds it to the commit: no other writer can come between reading the chain's head and
  chaining onto it.
- Idempotency keys are aggregates of the same store (`domain.store.idempotency`): their
  `Consumed` event is saved in the same insert as the command's events, and the table's
  primary key (originator id, version) refuses a second consumption, as on SQLite.
- Each person's key lives in the `personal_keys` table of the same database by default, or
  of the database named by `PERSONAL_KEYS_URL` (`domain.store.postgres_keys`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import suppress
from typing import Any
from urllib.parse import unquote, urlsplit
from uuid import UUID

import psycopg
from eventsourcing.persistence import (
    ApplicationRecorder,
    InterfaceError,
    OperationalError,
    StoredEvent,
)
from eventsourcing.postgres import PostgresDatastore, PostgresFactory
from eventsourcing.utils import Environment, retry
from psycopg import Cursor
from psycopg.errors import DuplicateObject
from psycopg.rows import DictRow, TupleRow, tuple_row
from psycopg.sql import SQL, Identifier

from domain.store.chain import CHAIN_TABLE, GENESIS, link
from domain.store.commit_times import COMMITTED, Decode, filled, kept_for, moment
from domain.store.group_commit import GroupCommit, Queued, stored_error
from domain.store.keys import PersonalKeys
from domain.store.library import PostgresApplicationRecorder
from domain.store.postgres_keys import KEYS_URL, PostgresPersonalKeys, conninfo_of

TOPIC = "domain.store.postgres:ChainedPostgresFactory"
#: The advisory lock taken while creating the event store's tables ("evts").
SCHEMA_LOCK = 0x65767473
SCHEMES = ("postgresql", "postgres")


class InvalidDatabaseUrl(ValueError):
    """A database URL that does not name a PostgreSQL database."""


def postgres_env(url: str, *, pool_size: int, lock_timeout: int) -> dict[str, str]:
    """The library's environment for a `postgresql://user:password@host:port/dbname` URL."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise InvalidDatabaseUrl("the database URL does not start with postgresql://")
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname or not parts.hostname:
        raise InvalidDatabaseUrl("the database URL names no host or no database")
    try:
        port = parts.port or 5432
    except ValueError:
        raise InvalidDatabaseUrl("the database URL's port is not a number") from None
    return {
        "PERSISTENCE_MODULE": TOPIC,
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parts.hostname,
        "POSTGRES_PORT": str(port),
        "POSTGRES_USER": unquote(parts.username or ""),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_LOCK_TIMEOUT": str(lock_timeout),
    }


class ChainedPostgresApplicationRecorder(PostgresApplicationRecorder):
    """The library's PostgreSQL application recorder, chaining every event it inserts."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.group_commit = GroupCommit(self._insert_alone, self._insert_together)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0} ("
                " notification_id bigint PRIMARY KEY, hash bytea NOT NULL, {1} timestamptz)"
            ).format(self._chain, Identifier(COMMITTED))
        )
        # Events of a kind, in log order (`select_notifications(topics=...)`: a network's
        # campaigns, the webhooks): without it, finding them read the whole log.
        self.sql_create_statements.append(
            SQL("CREATE INDEX IF NOT EXISTS {0} ON {1} (topic, notification_id)").format(
                Identifier(f"{events_table_name}_by_topic"), self._events
            )
        )

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """The library's insert, sharing one commit among the commands of this process that
        arrive together (`domain.store.group_commit`)."""
        return self.group_commit.insert(stored_events, **kwargs)

    def _insert_alone(
        self, stored_events: Sequence[StoredEvent], kwargs: dict[str, Any]
    ) -> Sequence[int] | None:
        positions: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
        return positions

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def _insert_together(self, batch: list[Queued]) -> None:
        # Retried as the library retries a lone insert (a lock timeout, a stale pooled
        # connection): each attempt starts every command afresh. The events table is locked
        # before the first savepoint, so that the lock is the transaction's to its commit
        # whichever savepoint is rolled back: positions are still issued in commit order,
        # across processes.
        for one in batch:
            one.positions, one.error = None, None
        with self.datastore.get_connection() as conn, conn.transaction():
            with conn.cursor() as c:
                self.lock_events_table(c)
            for one in batch:
                if not one.stored_events:
                    # nothing to insert; tracking (a process application's) is not kept here
                    assert one.kwargs.get("tracking") is None, "tracking without events"
                    continue
                try:
                    with conn.transaction(), conn.cursor() as c:
                        one.positions = self.insert_in(c, one.stored_events, one.kwargs)
                except (psycopg.OperationalError, psycopg.InterfaceError):
                    raise  # the connection's or the server's: the whole attempt
                except Exception as refused:  # this command's only: the others go on
                    one.positions, one.error = None, stored_error(refused)

    def create_table(self) -> None:
        """The library's tables, types and indexes, and the chain, created in one transaction
        that processes starting at once take in turn (an advisory lock): PostgreSQL's
        CREATE ... IF NOT EXISTS fails now and then when two run at the same moment. A store
        recorded before events were chained has what it holds chained, once."""
        with self.datastore.transaction(commit=True) as c:
            c.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            for statement in self.sql_create_statements:
                if "CREATE TYPE" in statement.as_string():  # it has no IF NOT EXISTS
                    with suppress(DuplicateObject), c.connection.transaction():
                        c.execute(statement, prepare=False)
            self.create_tables_in(c)
            self.lock_events_table(c)
            c.execute(SQL("SELECT 1 FROM {0} LIMIT 1").format(self._chain))
            if c.fetchone() is None:
                previous, rows = GENESIS, []
                for position, originator_id, version, topic, state in _events(c, self._events):
                    previous = link(previous, position, originator_id, version, topic, state)
                    rows.append((position, previous))
                c.executemany(
                    SQL("INSERT INTO {0} (notification_id, hash) VALUES (%s, %s)").format(
                        self._chain
                    ),
                    rows,
                )
            self._keep_commit_times(c)
        self.datastore.register_type_adapters()

    def _keep_commit_times(self, c: Cursor[Any]) -> None:
        """The chain's commit times (`domain.store.commit_times`): the column and its index
        (filled for positions chained before they were kept by `fill_commit_times`)."""
        committed = Identifier(COMMITTED)
        c.execute(
            SQL("ALTER TABLE {0} ADD COLUMN IF NOT EXISTS {1} timestamptz").format(
                self._chain, committed
            )
        )
        c.execute(
            SQL("CREATE INDEX IF NOT EXISTS {0} ON {1} ({2}, notification_id)").format(
                Identifier(f"{CHAIN_TABLE}_by_time"), self._chain, committed
            )
        )

    def fill_commit_times(self, decode: Decode | None = None) -> None:
        """Commit times for the positions that have none (chained before they were kept),
        from their events' own timestamps, once (`domain.store.commit_times`); `decode` reads
        a state as stored back to its JSON."""
        committed = Identifier(COMMITTED)
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                SQL(
                    "SELECT k.notification_id, e.state FROM {0} k JOIN {1} e"
                    " ON e.notification_id = k.notification_id WHERE k.{2} IS NULL"
                    " ORDER BY k.notification_id"
                ).format(self._chain, self._events, committed)
            )
            rows = [_pair(row) for row in c.fetchall()]
            if not rows:
                return
            c.execute(
                SQL("SELECT max({0}) FROM {1} WHERE notification_id < %s").format(
                    committed, self._chain
                ),
                (rows[0][0],),
            )
            found = _pair(c.fetchone() or (None,))[0]
            previous = moment(found) if found is not None else None
            c.executemany(
                SQL("UPDATE {0} SET {1} = %s WHERE notification_id = %s").format(
                    self._chain, committed
                ),
                filled(((p, bytes(s)) for p, s in rows), previous, decode),
            )

    def last_committed_by(self, moment: str) -> int:
        """The last position of the log committed by a moment (ISO 8601), 0 if none was: a
        bisection of the index."""
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as c:
            c.execute(
                SQL(
                    "SELECT notification_id FROM {0} WHERE {1} <= %s::timestamptz"
                    " ORDER BY {1} DESC, notification_id DESC LIMIT 1"
                ).format(self._chain, Identifier(COMMITTED)),
                (moment,),
            )
            row = c.fetchone()
        return int(row[0]) if row else 0

    def position_of(self, originator_id: UUID, version: int) -> int | None:
        """The log position of one event of a record (None if there is none)."""
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as c:
            c.execute(
                SQL(
                    "SELECT notification_id FROM {0}"
                    " WHERE originator_id = %s AND originator_version = %s"
                ).format(self._events),
                (originator_id, version),
            )
            row = c.fetchone()
        return int(row[0]) if row else None

    @property
    def _chain(self) -> Any:
        return Identifier(self.datastore.schema, CHAIN_TABLE)

    @property
    def _events(self) -> Any:
        return Identifier(self.datastore.schema, self.events_table_name)

    def events_inserted(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], positions: Sequence[int]
    ) -> None:
        # The table lock is held from before the insert to the commit: no other writer can
        # come between reading the head and chaining onto it. The library pairs positions
        # with events in the order the insert returned them, and so does the chain.
        with curs.connection.cursor(row_factory=tuple_row) as c:
            c.execute(
                SQL(
                    "SELECT hash, {1} FROM {0} WHERE notification_id < %s"
                    " ORDER BY notification_id DESC LIMIT 1"
                ).format(self._chain, Identifier(COMMITTED)),
                (positions[0],),
                prepare=True,
            )
            row = c.fetchone()
            previous = bytes(row[0]) if row else GENESIS
            before = row[1] if row else None
            rows = []
            for position, s in zip(positions, stored_events, strict=True):
                previous = link(
                    previous, position, s.originator_id, s.originator_version, s.topic, s.state
                )
                rows.append((position, previous, before))
            # The commit time: the server's clock as the rows go in, under the table lock,
            # never before the position before it.
            c.executemany(
                SQL(
                    "INSERT INTO {0} VALUES (%s, %s, greatest(clock_timestamp(), %s::timestamptz))"
                ).format(self._chain),
                rows,
            )


def _pair(row: Any) -> tuple[Any, ...]:
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)


def _events(c: Cursor[Any], table: Any) -> list[tuple[Any, ...]]:
    c.execute(
        SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state"
            " FROM {0} ORDER BY notification_id"
        ).format(table)
    )
    return [tuple(row.values()) if isinstance(row, dict) else tuple(row) for row in c.fetchall()]


def chained_rows(datastore: PostgresDatastore, events_table: str) -> Iterator[tuple[Any, ...]]:
    """What `domain.store.chain.verify` walks, from PostgreSQL: each position of the log (events
    and chain links alike) in order, as (position, originator id, version, topic, state,
    stored hash), None where one side is missing. Streamed through a server-side cursor."""
    chain = Identifier(datastore.schema, CHAIN_TABLE)
    events = Identifier(datastore.schema, events_table)
    query = SQL(
        "SELECT coalesce(e.notification_id, k.notification_id), e.originator_id,"
        " e.originator_version, e.topic, e.state, k.hash"
        " FROM {chain} k FULL JOIN {events} e ON e.notification_id = k.notification_id"
        " ORDER BY 1"
    ).format(chain=chain, events=events)
    with datastore.get_connection() as conn, conn.transaction(force_rollback=True):
        cursor: Cursor[TupleRow]
        with conn.cursor(name="verify_chain", row_factory=tuple_row) as cursor:
            cursor.itersize = 10_000
            cursor.execute(query)
            for position, originator_id, version, topic, state, stored in cursor:
                yield (
                    position,
                    originator_id,
                    version,
                    topic,
                    None if state is None else bytes(state),
                    None if stored is None else bytes(stored),
                )


class ChainedPostgresFactory(PostgresFactory):
    application_recorder_class = ChainedPostgresApplicationRecorder

    def application_recorder(self) -> ApplicationRecorder:
        """The library's recorder; with its tables made, the chain's commit times filled for
        positions chained before they were kept, reading states with this store's cipher."""
        return kept_for(self, super().application_recorder())

    @staticmethod
    def open_personal_keys(env: Environment | dict[str, str]) -> PersonalKeys:
        """The key store that goes with this event store: the `personal_keys` table of the
        same database, unless `PERSONAL_KEYS_URL` names another PostgreSQL database."""
        cipher_key = env.get("CIPHER_KEY")
        return PostgresPersonalKeys(
            env.get(KEYS_URL) or conninfo_of(env),
            cipher_key=cipher_key,
            lock_timeout=float(env.get("POSTGRES_LOCK_TIMEOUT") or 5),
        )
