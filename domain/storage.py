"""Durable SQLite persistence for the `eventsourcing` library.

The library opens SQLite in WAL mode but leaves `synchronous` at SQLite's
default (NORMAL in WAL mode), which can lose the last commits on power loss.
Groundwork promises that a 2xx response means the events are on disk, so every
connection here sets `synchronous=FULL`: each commit waits for the WAL fsync.

Select it with PERSISTENCE_MODULE="domain.storage:DurableSQLiteFactory".
"""

from __future__ import annotations

import sqlite3

from eventsourcing.persistence import InterfaceError
from eventsourcing.sqlite import SQLiteConnection, SQLiteConnectionPool, SQLiteFactory
from eventsourcing.utils import Environment, EnvType

TOPIC = "domain.storage:DurableSQLiteFactory"


class DurableSQLiteConnectionPool(SQLiteConnectionPool):
    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=FULL;")
        except sqlite3.Error as error:  # pragma: no cover - a broken file system
            raise InterfaceError(error) from error
        return connection


class DurableSQLiteFactory(SQLiteFactory):
    def __init__(self, env: Environment | EnvType | None):
        super().__init__(env)
        library_pool = self.datastore.pool
        self.datastore.pool = DurableSQLiteConnectionPool(
            db_name=library_pool.db_name, lock_timeout=library_pool.lock_timeout
        )
        library_pool.close()
