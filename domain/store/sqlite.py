"""Durable SQLite persistence for the `eventsourcing` library.

The library opens SQLite in WAL mode but leaves `synchronous` at SQLite's
default (NORMAL in WAL mode), which can lose the last commits on power loss.
Groundwork promises that a 2xx response means the events are on disk, so every
connection here sets `synchronous=FULL`: each commit waits for the WAL fsync.

Every event is also chained to the one before by a hash (`domain.store.chain`), so that changes
to the log can be found.

Select it with PERSISTENCE_MODULE="domain.store.sqlite:DurableSQLiteFactory".
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, MapperDeserialisationError
from eventsourcing.sqlite import SQLiteDatastore, SQLiteFactory
from eventsourcing.utils import Environment, EnvType, get_topic

from domain.person import Person
from domain.personal import PersonalDataUnreadable
from domain.store.chain import ChainedSQLiteApplicationRecorder
from domain.store.commit_times import kept_for
from domain.store.keys import KeyStoreUnreadable, PersonalKeyMissing
from domain.store.library import SQLiteConnectionPool, share_writer_lock, use_pool
from domain.store.text import TypedTextUnreadable

TOPIC = "domain.store.sqlite:DurableSQLiteFactory"
#: The library's AES-GCM cipher (the `cryptography` package), for records encrypted at rest.
CIPHER = "eventsourcing.cryptography:AESCipher"


class StoreUnreadable(Exception):
    """The event store's records cannot be read with the key given (or without one)."""


def check_readable(app: Application[Any]) -> None:
    """Reads the first recorded event, so that a store encrypted with another key (or with
    none) is reported when it is opened, not as a failure on some later request; and the
    first person's name, so that a key store that does not go with the events is too."""
    first = app.recorder.select_notifications(start=None, limit=1)
    if not first:
        return
    try:
        app.mapper.to_domain_event(first[0])
    except MapperDeserialisationError as error:
        _explain_keys(error.__cause__)
        _unreadable(app)
    except Exception:
        _unreadable(app)
    # The first person's personal data: a key store that is not this event store's (or
    # was lost) is reported now, not as a failure on every answer that names someone.
    person = app.recorder.select_notifications(
        start=None, limit=1, topics=[get_topic(Person.Registered)]
    )
    try:
        if person:
            app.mapper.to_domain_event(person[0])
    except MapperDeserialisationError as error:  # the library's, around the transcoding's
        _explain_keys(error.__cause__)
        raise


def _explain_keys(cause: BaseException | None) -> None:
    """Raises `StoreUnreadable` saying so when the key store does not go with the events."""
    if isinstance(cause, PersonalKeyMissing | KeyStoreUnreadable):
        raise StoreUnreadable(str(cause)) from None
    if isinstance(cause, PersonalDataUnreadable | TypedTextUnreadable):
        raise StoreUnreadable(
            "The event store's personal data cannot be read with the key store's keys: "
            "is GROUNDWORK_KEY_STORE the key store of this event store?"
        ) from None


def _unreadable(app: Application[Any]) -> NoReturn:
    encrypted = app.env.get("CIPHER_KEY") is not None
    raise StoreUnreadable(
        "The event store's records cannot be read with the cipher key given; is it the "
        "key they were encrypted with?"
        if encrypted
        else "The event store's records cannot be read: are they encrypted? Give their "
        "key as GROUNDWORK_CIPHER_KEY."
    ) from None


class DurableSQLiteConnectionPool(SQLiteConnectionPool):
    """The library's connections (see `domain.store.library`), each waiting for the disk."""

    synchronous = "FULL"
    #: Prepared statements each connection keeps. The library asks for `cached_statements=True`,
    #: which the sqlite3 module reads as a cache of one statement: every BEGIN, SELECT, INSERT
    #: and COMMIT of a command was parsed again (profiled: an eighth of a one-to-one's time in
    #: its worker thread).
    statement_cache = 128

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._readers: deque[sqlite3.Connection] = deque()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for one statement that only reads, outside the pool.

        The pool's way to read (take a connection, BEGIN, SELECT, ROLLBACK, give it back) is
        most of the cost of the query commands make on every request ("anything new for this
        record since the version I hold?", usually nothing). A single SELECT in autocommit
        mode is its own read transaction, on a consistent snapshot, so it needs none of that.
        Idle readers are kept for the next one (as many as were ever used at once)."""
        try:
            connection = self._readers.pop()
        except IndexError:
            connection = self.connect()
            connection.execute("PRAGMA query_only=ON;")
        try:
            yield connection
        finally:
            if self.closed:
                connection.close()
            else:
                self._readers.append(connection)

    def close(self) -> None:
        super().close()
        while self._readers:
            self._readers.pop().close()


class DurableSQLiteFactory(SQLiteFactory):
    application_recorder_class = ChainedSQLiteApplicationRecorder

    def __init__(self, env: Environment | EnvType | None):
        super().__init__(env)
        use_pool(self.datastore, DurableSQLiteConnectionPool)

    def application_recorder(self) -> ApplicationRecorder:
        """The library's recorder; with its tables made, the chain's commit times filled for
        positions chained before they were kept, reading states with this store's cipher."""
        return kept_for(self, super().application_recorder())


class DerivedSQLiteConnectionPool(DurableSQLiteConnectionPool):
    """For data that can be derived again from the events (views): in WAL mode, NORMAL
    never corrupts the file, and a commit lost to a power cut is re-derived, since a view's
    rows and its position in the log are committed together."""

    synchronous = "NORMAL"

    def connect(self) -> sqlite3.Connection:
        """Deleted rows are overwritten with zeros: views hold typed text, and rows emptied
        after someone is forgotten must not stay readable in free pages."""
        connection = super().connect()
        connection.execute("PRAGMA secure_delete=ON;")
        return connection


class BulkSQLiteConnectionPool(DerivedSQLiteConnectionPool):
    """For a rebuild of the views (`groundwork projections rebuild`), which can always be
    derived again: commits that do not wait for the disk at all (a crash in the middle of a
    rebuild leaves each view's rows and position consistent with each other, and the rebuild
    is run again).

    SQLite's page cache (2 MB) is left as it is: a rebuild of 1,000,000 events took 208 s
    with it, 207 s with 64 MB (peak memory 121 MB and 185 MB), and 256 MB gained a tenth
    for 270 MB more: the views' rows are written in key order a batch at a time."""

    synchronous = "OFF"


def derived_datastore(
    like: SQLiteDatastore, db_name: str | None = None, *, bulk: bool = False
) -> SQLiteDatastore:
    """A datastore for derived data: in the SQLite file `db_name`, or without one on the
    same file as `like` (a database in memory, which has no other).

    On the same file, its writers take turns with `like`'s writers of this process through
    one lock (the library's pool lets one writer at a time have a connection). SQLite lets
    one writer at a time write the file anyway; without the shared lock, a command meeting
    a view's transaction was put to sleep by SQLite's busy handler (a millisecond, then 2,
    then 5...) instead of going on the moment the lock was free, and a view's transaction,
    which reads its position before it writes, failed whenever a command committed in
    between (its snapshot was then stale: SQLITE_BUSY, with no waiting).

    `bulk`: for a rebuild (see `BulkSQLiteConnectionPool`).
    """
    same_file = db_name is None
    datastore = SQLiteDatastore(
        db_name=like.pool.db_name if db_name is None else db_name,
        lock_timeout=like.pool.lock_timeout,
    )
    use_pool(datastore, BulkSQLiteConnectionPool if bulk else DerivedSQLiteConnectionPool)
    if same_file:
        share_writer_lock(datastore.pool, like.pool)
    return datastore
