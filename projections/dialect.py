"""Where the views are stored, and the little SQL dialect layer that lets them be written once.

`views_datastore(app, ...)` is the one place that decides where the views (and whatever
else is derived from the log: their positions, the webhooks' positions) are kept: beside a
SQLite event store, in SQLite (`domain.store.sqlite.derived_datastore`: the views in a file of
their own, `projections.view.views_name`; the webhooks' positions in the store's file);
beside a PostgreSQL one, all in the same PostgreSQL database, through `PostgresViewStore`.

The views' SQL is written in SQLite's dialect, kept to what PostgreSQL also understands
(`ON CONFLICT (target) DO UPDATE`, `ON CONFLICT DO NOTHING`, `RETURNING`), except for a
handful of SQLite-isms the PostgreSQL cursor translates (`translate`):

- `?` parameters become `%s` (and a literal `%` becomes `%%`);
- `WITHOUT ROWID` is dropped; in CREATE statements INTEGER becomes BIGINT (SQLite's
  integers are 64-bit), REAL becomes DOUBLE PRECISION and BLOB becomes BYTEA;
- `group_concat(x)` becomes `string_agg(x, ',')`;
- PRAGMA statements (SQLite's tuning, such as a rebuild's checkpoint size) do nothing;
- booleans given as parameters are stored as 0 and 1, as SQLite does, and whole numbers
  that PostgreSQL computes as NUMERIC (a `sum`) come back as `int`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from decimal import Decimal
from typing import Any, Protocol

import psycopg
from eventsourcing.application import Application
from eventsourcing.postgres import PostgresDatastore
from psycopg.rows import tuple_row

from domain.store.sqlite import derived_datastore


class Cursor(Protocol):
    """What a view's code may do with a cursor: the same on SQLite and on PostgreSQL."""

    def execute(self, statement: str, params: Any = ..., /) -> Any: ...

    def executemany(self, statement: str, params: Any, /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> Any: ...


class ViewStore(Protocol):
    """Where views are kept: a SQLite datastore, or a `PostgresViewStore`."""

    def transaction(self, *, commit: bool) -> AbstractContextManager[Any]: ...

    def close(self) -> None: ...


#: The advisory lock taken while creating the views' tables ("view").
_SCHEMA_LOCK = 0x76696577
_PARAMETER = re.compile(r"\?")
_GROUP_CONCAT = re.compile(r"\bgroup_concat\(([^()]*)\)", re.IGNORECASE)
_CREATE_TYPES = (
    (re.compile(r"\bINTEGER\b", re.IGNORECASE), "BIGINT"),
    (re.compile(r"\bREAL\b", re.IGNORECASE), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b", re.IGNORECASE), "BYTEA"),
)
_WITHOUT_ROWID = re.compile(r"\s*\bWITHOUT ROWID\b", re.IGNORECASE)


def translate(statement: str) -> str | None:
    """A statement in SQLite's dialect, as PostgreSQL takes it (None: nothing to run)."""
    stripped = statement.lstrip()
    if stripped[:6].upper() == "PRAGMA":
        return None
    sql = _PARAMETER.sub("%s", statement.replace("%", "%%"))
    sql = _GROUP_CONCAT.sub(r"string_agg(\1, ',')", sql)
    if stripped[:6].upper() == "CREATE":
        sql = _WITHOUT_ROWID.sub("", sql)
        for pattern, replacement in _CREATE_TYPES:
            sql = pattern.sub(replacement, sql)
    return sql


def _param(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _params(params: Any) -> Any:
    if isinstance(params, dict):
        return {k: _param(v) for k, v in params.items()}
    return [_param(v) for v in params]


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _row(row: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
    return None if row is None else tuple(_value(v) for v in row)


class PostgresCursor:
    """A psycopg cursor taking statements in SQLite's dialect (see `translate`)."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self.cursor = cursor

    def execute(self, statement: str, params: Any = (), /) -> None:
        sql = translate(statement)
        if sql is not None:
            self.cursor.execute(sql, _params(params) if params else None)

    def executemany(self, statement: str, params: Any, /) -> None:
        sql = translate(statement)
        if sql is not None:
            self.cursor.executemany(sql, [_params(p) for p in params])

    def fetchone(self) -> tuple[Any, ...] | None:
        return _row(self.cursor.fetchone())

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(_value(v) for v in row) for row in self.cursor.fetchall()]


class _DerivedPostgresDatastore(PostgresDatastore):
    def after_connect_func(self) -> Callable[[psycopg.Connection[Any]], None]:
        library = super().after_connect_func()
        # A view's transaction waits this long for a lock (a row another process is moving
        # on), then gives up until the next round, as on SQLite; the library sets it only
        # for the events table.
        lock_timeout = f"SET lock_timeout = '{int(self.lock_timeout or 5)}s'"

        def after_connect(conn: psycopg.Connection[Any]) -> None:
            library(conn)
            conn.execute("SET synchronous_commit = off")
            conn.execute(lock_timeout)

        return after_connect


class PostgresViewStore:
    """The views' tables in the event store's PostgreSQL database, through a pool of their
    own, so that views being brought up to date never take the commands' connections.

    Their commits do not wait for the write-ahead log to reach the disk
    (`synchronous_commit = off`): a view's rows and its position are committed together, and
    a commit lost to a crash is derived again from the events (as SQLite's NORMAL)."""

    def __init__(self, like: PostgresDatastore, pool_size: int = 2) -> None:
        kwargs = like.pool.kwargs
        assert isinstance(kwargs, dict)  # as the library's datastore makes its pool
        self.datastore = _DerivedPostgresDatastore(
            dbname=kwargs["dbname"],
            host=kwargs["host"],
            port=kwargs["port"],
            user=kwargs["user"],
            password=kwargs["password"],
            pool_size=pool_size,
            lock_timeout=like.lock_timeout,
            schema=like.schema,
        )

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[PostgresCursor]:
        with (
            self.datastore.transaction(commit=commit) as cursor,
            cursor.connection.cursor(row_factory=tuple_row) as tuples,
        ):
            yield PostgresCursor(tuples)

    def close(self) -> None:
        self.datastore.close()


def is_postgres(cursor: Any) -> bool:
    return isinstance(cursor, PostgresCursor)


def views_datastore(
    app: Application[Any], sqlite_file: str | None = None, *, bulk: bool = False
) -> Any:
    """Where data derived from an application's log is kept (see the module's docstring):
    beside a SQLite event store, in the SQLite file given, or without one in the event
    store's file; beside a PostgreSQL one, in the same database. `bulk`: for a rebuild, on
    SQLite (`domain.store.sqlite.BulkSQLiteConnectionPool`)."""
    events = app.factory.datastore  # type: ignore[attr-defined]
    if isinstance(events, PostgresDatastore):
        return PostgresViewStore(events)
    return derived_datastore(events, sqlite_file, bulk=bulk)


def lock_position(cursor: Any, statement: str) -> str:
    """A SELECT of a view's tracking row, locking the row on PostgreSQL: two processes
    applying the same batch to a view take turns, and the second finds the position moved
    (SQLite takes one writer at a time anyway)."""
    return statement + " FOR UPDATE" if is_postgres(cursor) else statement


@contextmanager
def schema_transaction(store: ViewStore) -> Iterator[Cursor]:
    """A transaction for creating or changing tables that several processes may run at once
    (API workers starting together, `groundwork migrate` twice): they take turns.

    On PostgreSQL, through an advisory lock (its CREATE ... IF NOT EXISTS can fail when two
    run at once). On SQLite, by taking the write lock at BEGIN (`BEGIN IMMEDIATE`), waiting
    for it as long as the lock timeout allows: a deferred transaction that reads and then
    writes is refused at once ("database is locked") when another process wrote in between,
    since its snapshot is then stale and waiting cannot help."""
    if isinstance(store, PostgresViewStore):
        with store.transaction(commit=True) as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))
            yield cursor
        return
    with (
        store.get_connection(commit=True) as connection,  # type: ignore[attr-defined]
        connection.cursor() as cursor,
    ):
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
        except BaseException:
            connection.rollback()
            raise
        connection.commit()


def truncate_log(store: ViewStore) -> None:
    """On SQLite, copies the write-ahead log into the file and truncates it, so that no
    copy of rows deleted (securely: see `DerivedSQLiteConnectionPool`) is left in it; a
    reader holding it meanwhile leaves it for the next checkpoint. PostgreSQL: nothing."""
    if isinstance(store, PostgresViewStore):
        return
    with (
        store.get_connection(commit=True) as connection,  # type: ignore[attr-defined]
        connection.cursor() as cursor,
    ):
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


__all__: Sequence[str] = (
    "Cursor",
    "PostgresCursor",
    "PostgresViewStore",
    "ViewStore",
    "lock_position",
    "schema_transaction",
    "translate",
    "truncate_log",
    "views_datastore",
)
