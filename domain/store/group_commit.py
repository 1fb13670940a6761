"""Group commit: commands that arrive together share one transaction and one fsync.

A command's events are durable when its transaction's commit is on disk (`PRAGMA
synchronous=FULL`: SQLite waits for the write-ahead log to be synced), and one commit at a
time can happen on a file. Writers in the same process that arrive while a commit is
under way used to wait for it, then each begin, insert and wait for the disk in turn.
Here they queue instead: whoever takes the lead next inserts every queued command's
events in one transaction, each in a savepoint of its own, and commits once for all.

What each command is promised does not change:

- it is still checked against its own records' versions: the store's unique (id,
  version) constraint refuses an insert whose record moved on meanwhile, and that
  refusal rolls back its savepoint only, and fails its command only (`IntegrityError`,
  the library's conflict), as it would have alone;
- it is acknowledged only after the shared commit: `insert` returns when the transaction
  holding its events has committed, and raises if that commit failed (then none of the
  batch's events were recorded, and every command of it is told so);
- its events are contiguous in the log, in the order of the command's own save, and the
  chain links each command's events to the command's before it (`events_inserted` runs in
  the same transaction for each in turn).

A lone writer pays for a lock it takes uncontested and for nothing else: a batch of one
inserts without a savepoint, exactly as the library does. Writers in other processes
still take turns through SQLite's own lock.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.sqlite import SQLiteCursor, SQLiteDatastore

#: Inserts one command's events in the transaction of a cursor (`insert_in`).
Insert = Callable[[SQLiteCursor, Sequence[StoredEvent], dict[str, Any]], Sequence[int] | None]


@dataclass(eq=False)
class _Queued:
    """One command's events, waiting for a commit, and what became of them."""

    stored_events: Sequence[StoredEvent]
    kwargs: dict[str, Any]
    positions: Sequence[int] | None = None
    error: BaseException | None = None
    done: bool = False


class GroupCommit:
    """Inserts commands' events, sharing a commit among those that arrive together."""

    def __init__(self, datastore: SQLiteDatastore, insert: Insert) -> None:
        self._datastore = datastore
        self._insert = insert
        self._queue: list[_Queued] = []
        self._queueing = threading.Lock()
        self._leading = threading.Lock()
        #: How many transactions were begun, how many of them carried more than one
        #: command, and how many commands those carried (read by tests and benchmarks).
        self.commits = 0
        self.shared_commits = 0
        self.shared_commands = 0

    @property
    def waiting(self) -> int:
        """How many commands wait for a commit to take them."""
        with self._queueing:
            return len(self._queue)

    def insert(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """Inserts the events of one command, and returns once they are committed (their
        positions, as the library's `insert_events`), or raises why they are not."""
        mine = _Queued(stored_events, kwargs)
        with self._queueing:
            self._queue.append(mine)
        with self._leading:
            if not mine.done:
                with self._queueing:
                    batch, self._queue = self._queue, []
                self.commits += 1
                self._commit(batch)
        if mine.error is not None:
            raise mine.error
        return mine.positions

    def _commit(self, batch: list[_Queued]) -> None:
        try:
            with self._datastore.transaction(commit=True) as c:
                if len(batch) == 1:
                    one = batch[0]
                    one.positions = self._insert(c, one.stored_events, one.kwargs)
                else:
                    for one in batch:
                        self._insert_saved(c, one)
                    self.shared_commits += 1
                    self.shared_commands += len(batch)
        except BaseException as error:
            # Nothing of the batch was committed: every command of it fails.
            for one in batch:
                if one.error is None:
                    one.error, one.positions = error, None
            if len(batch) == 1:
                raise
        finally:
            for one in batch:
                one.done = True

    def _insert_saved(self, c: SQLiteCursor, one: _Queued) -> None:
        """One command's events in a savepoint of their own: a conflict rolls back its
        events only, and is its command's error."""
        c.execute("SAVEPOINT command")
        try:
            one.positions = self._insert(c, one.stored_events, one.kwargs)
        except sqlite3.IntegrityError as conflict:
            c.execute("ROLLBACK TO command")
            one.error = IntegrityError(conflict)
            one.error.__cause__ = conflict
        c.execute("RELEASE command")
