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

#: Inserts one command's events in a transaction of their own (the library's way), and
#: returns their positions.
Alone = Callable[[Sequence[StoredEvent], dict[str, Any]], Sequence[int] | None]


@dataclass(eq=False)
class Queued:
    """One command's events, waiting for a commit, and what became of them."""

    stored_events: Sequence[StoredEvent]
    kwargs: dict[str, Any]
    positions: Sequence[int] | None = None
    error: BaseException | None = None
    done: bool = False


#: Inserts several commands' events in one transaction, each in a savepoint of its own,
#: setting each one's positions, or its error if its savepoint was rolled back (a
#: conflict); raises if the transaction as a whole failed.
Together = Callable[[list[Queued]], None]


class GroupCommit:
    """Inserts commands' events, sharing a commit among those that arrive together."""

    def __init__(self, alone: Alone, together: Together) -> None:
        self._alone = alone
        self._together = together
        self._queue: list[Queued] = []
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
        mine = Queued(stored_events, kwargs)
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

    def _commit(self, batch: list[Queued]) -> None:
        try:
            if len(batch) == 1:
                one = batch[0]
                one.positions = self._alone(one.stored_events, one.kwargs)
            else:
                self._together(batch)
                self.shared_commits += 1
                self.shared_commands += len(batch)
        except BaseException as error:
            # Nothing of the batch was committed: every command of it fails.
            for one in batch:
                one.error, one.positions = one.error or error, None
            if len(batch) == 1:
                raise
        finally:
            for one in batch:
                one.done = True


def sqlite_together(
    datastore: SQLiteDatastore,
    insert: Callable[[SQLiteCursor, Sequence[StoredEvent], dict[str, Any]], Sequence[int] | None],
) -> Together:
    """`Together` on SQLite, inserting each command's events with `insert` (`insert_in`)."""

    def together(batch: list[Queued]) -> None:
        with datastore.transaction(commit=True) as c:
            for one in batch:
                c.execute("SAVEPOINT command")
                try:
                    one.positions = insert(c, one.stored_events, one.kwargs)
                except sqlite3.IntegrityError as conflict:
                    c.execute("ROLLBACK TO command")
                    one.error = IntegrityError(conflict)
                    one.error.__cause__ = conflict
                c.execute("RELEASE command")

    return together
