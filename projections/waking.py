"""Waking the follower when the log changes, so that an idle follower sleeps.

A follower that reads the log, its views' positions and the key store every fifth of a
second costs a share of a core for nothing while nobody writes. Instead it waits for a
sign that something changed, and looks in full only then (and now and again regardless,
`FULL_LOOK_SECONDS`, for what gives no sign: a view's failure forgotten by a rebuild in
another process, a forgetting on PostgreSQL):

- SQLite: `PRAGMA data_version` of the event store's file and the key store's, on
  connections of its own: a number that changes when another connection commits to the
  file. Asking costs a few microseconds; it is asked every few milliseconds after a
  change, backing off to `LONGEST_TICK_SECONDS` while nothing changes.
- PostgreSQL: the library's recorder sends `NOTIFY` on its channel in every transaction
  that inserts events (`PostgresApplicationRecorder.channel_name`); the watch `LISTEN`s on
  a connection of its own, made with the store pool's settings.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Sequence
from contextlib import suppress
from typing import Any, Protocol

import psycopg
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteConnectionPool
from psycopg.sql import SQL, Identifier

from domain.store.keys import MEMORY, PersonalKeys

#: The longest a follower goes without a full look, whatever the signs say.
FULL_LOOK_SECONDS = 2.0
#: The first pause between two looks at SQLite's files after a change (it doubles from there).
FIRST_TICK_SECONDS = 0.005
#: The longest pause between two looks at SQLite's files: ten looks a second while idle,
#: a few microseconds each, so that a write after a quiet spell is applied within 0.1 s.
LONGEST_TICK_SECONDS = 0.1


class LogWatch(Protocol):
    def wait(self, timeout: float, stop: threading.Event) -> bool:
        """Waits until the log may have changed (True), `timeout` passes or `stop` is set."""

    def interrupt(self) -> None:
        """Ends a `wait` in another thread now (its `stop` was just set)."""

    def close(self) -> None: ...


class FileWatch:
    """Changes to SQLite files, seen by `PRAGMA data_version` on connections of its own."""

    def __init__(self, paths: Sequence[str], longest_tick: float) -> None:
        self.longest_tick = max(min(longest_tick, LONGEST_TICK_SECONDS), FIRST_TICK_SECONDS)
        self._connections = [
            sqlite3.connect(path, uri=path.startswith("file:"), check_same_thread=False)
            for path in paths
        ]
        self._versions = self._now()

    def _now(self) -> list[int]:
        return [c.execute("PRAGMA data_version").fetchone()[0] for c in self._connections]

    def changed(self) -> bool:
        now = self._now()
        if now == self._versions:
            return False
        self._versions = now
        return True

    def wait(self, timeout: float, stop: threading.Event) -> bool:
        deadline = time.monotonic() + timeout
        tick = FIRST_TICK_SECONDS
        while not self.changed():
            remaining = deadline - time.monotonic()
            if remaining <= 0 or stop.wait(min(tick, remaining)):
                return False
            tick = min(tick * 2, self.longest_tick)
        return True

    def interrupt(self) -> None:
        pass  # its pauses are waits on `stop`

    def close(self) -> None:
        for connection in self._connections:
            connection.close()


class ChannelWatch:
    """Notifications on the PostgreSQL recorder's channel, on a connection of its own (not
    one of the pool's: a follower's pool may hold a single connection, which its reads need)."""

    def __init__(self, datastore: PostgresDatastore, channel: str) -> None:
        pool = datastore.pool
        settings = pool.kwargs() if callable(pool.kwargs) else dict(pool.kwargs or {})
        conninfo = pool.conninfo() if callable(pool.conninfo) else pool.conninfo
        self._conninfo, self._settings = conninfo, {**settings, "autocommit": True}
        self._channel = channel
        self._connection = self._connect()
        self._connection.execute(SQL("LISTEN {0}").format(Identifier(channel)))

    def wait(self, timeout: float, stop: threading.Event) -> bool:
        # Not woken to look at `stop`: ten wake-ups a second were most of an idle follower's
        # cost on PostgreSQL (1.2% of a core, 0.3% without them). `interrupt` notifies.
        deadline = time.monotonic() + timeout
        while not stop.is_set() and (remaining := deadline - time.monotonic()) > 0:
            # Each `notifies` runs to its end before the next (it holds the connection's
            # lock while it yields).
            arrived = list(self._connection.notifies(timeout=remaining, stop_after=1))
            if arrived:
                # Drain what else arrived meanwhile: one look covers them all. (A timeout
                # of 0 would wait for ever: psycopg takes it as none.)
                list(self._connection.notifies(timeout=0.001))
                return True
        return False

    def _connect(self) -> psycopg.Connection[Any]:
        return psycopg.Connection.connect(self._conninfo, **self._settings)

    def interrupt(self) -> None:
        """Notifies the channel, on a connection of its own for the moment (the listening
        one is the waiting thread's); if that fails, the wait ends at its timeout."""
        with suppress(Exception), self._connect() as connection:
            connection.execute(SQL("NOTIFY {0}").format(Identifier(self._channel)))

    def close(self) -> None:
        with suppress(Exception):  # a connection already broken is simply dropped
            self._connection.close()


class NoWatch:
    """For a store that gives no sign (events in memory): a look every `interval`."""

    def __init__(self, interval: float) -> None:
        self.interval = interval

    def wait(self, timeout: float, stop: threading.Event) -> bool:
        stop.wait(min(timeout, self.interval))
        return not stop.is_set()

    def interrupt(self) -> None:
        pass  # its pause is a wait on `stop`

    def close(self) -> None:
        pass


def watch_log(app: Any, interval: float) -> LogWatch:
    """A watch on the application's event store (and its key store, whose forgettings make
    the views be derived again), or a look every `interval` when the store gives no sign."""
    recorder = app.recorder
    channel = getattr(recorder, "channel_name", None)
    if isinstance(recorder.datastore, PostgresDatastore) and channel is not None:
        return ChannelWatch(recorder.datastore, channel)
    pool = getattr(recorder.datastore, "pool", None)
    if not isinstance(pool, SQLiteConnectionPool) or pool.is_sqlite_memory_mode:
        return NoWatch(interval)
    paths = [pool.db_name]
    keys = getattr(app, "keys", None)
    if type(keys) is PersonalKeys and keys.dbname != MEMORY:  # its SQLite file
        paths.append(keys.dbname)
    return FileWatch(paths, interval)
