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
  the library's conflict), as it would have alone; so do events that cannot be stored
  (a `PersistenceError` of that command's own);
- it is acknowledged only after the shared commit: `insert` returns when the transaction
  holding its events has committed, and raises if that commit failed (then none of the
  batch's events were recorded, and every command of it is told so: the leader with what
  happened, each other command with an error of its own caused by it);
- its events are contiguous in the log, in the order of the command's own save, and the
  chain links each command's events to the command's before it (`events_inserted` runs in
  the same transaction for each in turn).

A lone writer pays for a lock it takes uncontested and for nothing else: a batch of one
inserts without a savepoint, exactly as the library does. Writers in other processes
still take turns through SQLite's own lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import IntegrityError, PersistenceError, StoredEvent
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
#: conflict, or events that cannot be stored); raises if the transaction as a whole
#: failed. Called again with the same commands after a failure it may retry.
Together = Callable[[list[Queued]], None]


class GroupCommit:
    """Inserts commands' events, sharing a commit among those that arrive together."""

    def __init__(self, alone: Alone, together: Together) -> None:
        self._alone = alone
        self._together = together
        self._queue: list[Queued] = []
        #: Held briefly to queue, take a batch, or hand the lead on; waited on by the
        #: commands queued while a leader commits.
        self._turn = threading.Condition()
        self._leader = False
        #: How many transactions were begun, how many of them carried more than one
        #: command, and how many commands those carried (read by tests and benchmarks).
        self.commits = 0
        self.shared_commits = 0
        self.shared_commands = 0

    @property
    def waiting(self) -> int:
        """How many commands wait for a commit to take them."""
        with self._turn:
            return len(self._queue)

    def insert(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """Inserts the events of one command, and returns once they are committed (their
        positions, as the library's `insert_events`), or raises why they are not.

        Whoever finds no leader takes the lead and every command queued (its own among
        them), commits them, and wakes the others; the rest wait for their command to be
        done, or for the lead to be free again."""
        mine = Queued(stored_events, kwargs)
        with self._turn:
            self._queue.append(mine)
            while not mine.done and self._leader:
                self._turn.wait()
            if not mine.done:
                self._leader = True
                batch, self._queue = self._queue, []
                self.commits += 1
        if not mine.done:
            try:
                self._commit(batch, mine)
            finally:
                with self._turn:
                    for one in batch:
                        one.done = True
                    self._leader = False
                    self._turn.notify_all()
        if mine.error is not None:
            raise mine.error
        return mine.positions

    def _commit(self, batch: list[Queued], mine: Queued) -> None:
        try:
            if len(batch) == 1:
                mine.positions = self._alone(mine.stored_events, mine.kwargs)
            else:
                self._together(batch)
                self.shared_commits += 1
                self.shared_commands += len(batch)
        except BaseException as error:
            # Nothing of the batch was committed: every command of it fails. The leader
            # raises what happened; each of the others an error of its own, about it.
            for one in batch:
                one.positions = None
                if one is mine:
                    one.error = error
                elif not isinstance(one.error, IntegrityError):
                    one.error = _shared_failure(error)
            if len(batch) == 1:
                raise


def _shared_failure(error: BaseException) -> PersistenceError:
    """What a command is told when the commit it shared failed: a persistence error of the
    same kind where it was one (so that callers handle it as they would alone), caused by
    the leader's."""
    kind = type(error) if isinstance(error, PersistenceError) else PersistenceError
    try:
        failure = kind(f"the commit this command shared failed: {error}")
    except TypeError:  # an error type of another shape
        failure = PersistenceError(f"the commit this command shared failed: {error}")
    failure.__cause__ = error
    return failure


def stored_error(error: Exception) -> PersistenceError:
    """The library's error for what one command's insert raised in its savepoint: a
    conflict (`IntegrityError`: its record moved on), or the events could not be stored."""
    name = type(error).__name__
    kind = IntegrityError if "IntegrityError" in name or "UniqueViolation" in name else None
    if kind is None:
        failure: PersistenceError = PersistenceError(f"{name}: {error}")
    else:
        failure = kind(str(error))
    failure.__cause__ = error
    return failure


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
                except Exception as refused:  # this command's only: the others go on
                    c.execute("ROLLBACK TO command")
                    one.positions, one.error = None, stored_error(refused)
                c.execute("RELEASE command")

    return together
