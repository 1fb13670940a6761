"""Keeping views up to date: following the application's log from each view's position.

The follower reads the log's notifications after the views' positions, decodes them once
and applies them in batches (see `View.apply`), when the store shows a change
(`projections.waking`). The server runs it in a process of its own
(`interface.api.following`), in a thread there; `groundwork projections rebuild` drives it
from the command line. Which views there are, and opening them: `projections.registry`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, TypeVar

from eventsourcing.application import Application
from eventsourcing.persistence import InterfaceError, Mapper, OperationalError

from domain.store.keys import PersonalKeys
from domain.store.text import text_keys_in
from projections.dialect import schema_transaction, truncate_log
from projections.registry import every_view as every_view
from projections.registry import open_views as open_views
from projections.view import PositionMoved, View
from projections.waking import FULL_LOOK_SECONDS, LogWatch, watch_log

log = logging.getLogger("groundwork.projections")

V = TypeVar("V", bound=View)


#: A rebuild's batch: larger than the server's, for fewer commits (nobody waits on it).
REBUILD_BATCH = 2_000
#: A rebuild's checkpoints: views written in random key order dirty pages all over the file,
#: and copying them back every 1,000 pages (SQLite's default) was a third of a rebuild's time
#: at 1,000,000 events. The log is truncated when the rebuild ends.
REBUILD_CHECKPOINT_PAGES = 100_000


@dataclass(frozen=True)
class Status:
    name: str
    position: int
    lag: int
    failure: str | None


class Follower:
    """Brings views up to date with the application's log, batch by batch."""

    def __init__(
        self,
        app: Application[Any],
        views: Sequence[View],
        batch_size: int = 500,
        checkpoint_pages: int | None = None,
    ):
        """`checkpoint_pages`, for a rebuild: let SQLite's write-ahead log grow to that many
        pages before copying them back into the file, rather than every 1,000 pages."""
        self.app = app
        self.views = list(views)
        self.batch_size = batch_size
        self.checkpoint_pages = checkpoint_pages
        #: The views that could not apply an event, and why: they are left at that position.
        #: Kept in their file too (`view_failures`), so that the status another process
        #: reports (the server's, whose views follow in a process of their own) says so,
        #: and a rebuild in another process sets them going again.
        self.failures: dict[str, str] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._watch: LogWatch | None = None  # the thread's, to interrupt when it stops
        #: How events are decoded: without their personal data, unless a view reads it.
        unread: Mapper[Any] | None = getattr(app.mapper, "without_personal_data", None)
        reads = any(v.reads_personal_data for v in self.views)
        self._decode = (app.mapper if reads or unread is None else unread).to_domain_event
        for datastore in self._datastores():
            with schema_transaction(datastore) as c:
                c.execute(
                    "CREATE TABLE IF NOT EXISTS view_failures"
                    " (name TEXT PRIMARY KEY, failure TEXT NOT NULL) WITHOUT ROWID"
                )
                c.execute(
                    "CREATE TABLE IF NOT EXISTS views_forgettings ("
                    ' "only" INTEGER PRIMARY KEY CHECK ("only" = 1), forgettings INTEGER NOT NULL)'
                )

    def derive_again_after_forgetting(self) -> None:
        """Derives the views again from the start when anyone was forgotten since they were
        last derived, by this process or another (the key store counts forgettings).

        Forgetting a person rewords the typed text that named them and destroys old keys
        (`domain.store.erasure`): events read afterwards say the new words, but rows derived
        before still hold the old ones. Their rows are emptied (zeroed on SQLite, whose
        views' connections delete securely, and the write-ahead log truncated), and the
        follower derives them again from the log. Erasure is rare; a rebuild is the one way
        to reach every row that could hold a forgotten person's words."""
        keys = getattr(self.app, "keys", None)
        if keys is None:
            return
        now = keys.forgettings()
        for datastore in self._datastores():
            with datastore.transaction(commit=False) as c:
                c.execute("SELECT forgettings FROM views_forgettings")
                row = c.fetchone()
            if row is not None and row[0] == now:
                continue
            if row is not None:
                log.info("Someone was forgotten: the views are derived again from the log.")
                for view in self.views:
                    if view.datastore is datastore:
                        view.reset()
                truncate_log(datastore)
            with datastore.transaction(commit=True) as c:
                c.execute(
                    'INSERT INTO views_forgettings VALUES (1, ?) ON CONFLICT ("only")'
                    " DO UPDATE SET forgettings = excluded.forgettings",
                    (now,),
                )

    def view(self, name: str) -> View:
        for view in self.views:
            if view.name == name:
                return view
        raise KeyError(name)

    def _read(self, after: int, topics: frozenset[str]) -> list[tuple[int, Any]]:
        """The next batch of the log after a position, decoded (without personal data, which
        no view reads: `View.reads_personal_data`; the key store asked about forgettings once
        for the batch: `PersonalKeys.steady`). Events of other topics (an idempotency key,
        say) still move positions on, but are not decoded."""
        read = self.app.recorder.select_notifications(
            start=after, limit=self.batch_size, inclusive_of_start=False
        )
        keys = getattr(self.app, "keys", None)
        if not isinstance(keys, PersonalKeys):  # an application without a key store
            keys = None
        with keys.steady() if keys is not None else nullcontext():
            if keys is not None:
                keys.prefetch(text_keys_in(n.state for n in read if n.topic in topics))
            return [(n.id, self._decode(n) if n.topic in topics else None) for n in read]

    def catch_up(self, view: View, progress: Callable[[int], None] | None = None) -> int:
        """Applies every event after the view's position; returns how many were read.
        Any failure is raised (the command line's rebuild)."""
        read = 0
        position = view.position()
        while batch := self._read(position, view.topics):
            try:
                view.apply(batch, after=position)
            except PositionMoved:
                position = view.position()
                continue
            position = batch[-1][0]
            read += len(batch)
            if progress is not None:
                progress(len(batch))
        return read

    def view_of(self, cls: type[V]) -> tuple[V, Status]:
        """A view of the given class, with its current status (for an answer's lag)."""
        view = self.view(cls.name)
        assert isinstance(view, cls)
        head = self.app.recorder.max_notification_id() or 0
        position = view.position()
        failure = self.failures.get(view.name) or self.stored_failures().get(view.name)
        lag = head if self._to_derive_again(view.datastore) else head - position
        return view, Status(view.name, position, lag, failure)

    def status(self) -> list[Status]:
        """Each view's position and lag: the whole log, for views that are to be derived
        again after a forgetting (their rows may still hold what was forgotten)."""
        head = self.app.recorder.max_notification_id() or 0
        failures = {**self.stored_failures(), **self.failures}
        stale = {id(d) for d in self._datastores() if self._to_derive_again(d)}
        return [
            Status(
                v.name,
                v.position(),
                head if id(v.datastore) in stale else head - v.position(),
                failures.get(v.name),
            )
            for v in self.views
        ]

    def _to_derive_again(self, datastore: Any) -> bool:
        """Whether someone was forgotten since the views in `datastore` were derived (see
        `derive_again_after_forgetting`), and they have not been derived again yet."""
        keys = getattr(self.app, "keys", None)
        if keys is None:
            return False
        with datastore.transaction(commit=False) as c:
            c.execute("SELECT forgettings FROM views_forgettings")
            row = c.fetchone()
        return row is not None and row[0] != keys.forgettings()

    def stored_failures(self) -> dict[str, str]:
        """The failures recorded in the views' files, by this follower or another one."""
        failures: dict[str, str] = {}
        for datastore in self._datastores():
            with datastore.transaction(commit=False) as c:
                c.execute("SELECT name, failure FROM view_failures")
                failures.update((name, failure) for name, failure in c.fetchall())
        return failures

    def forget_failures(self, names: Sequence[str] | None = None) -> None:
        """Forgets the failures of the given views (all, without names), here and in their
        files: a follower that starts, or a view rebuilt, tries again."""
        for name in list(self.failures) if names is None else names:
            self.failures.pop(name, None)
        for datastore in self._datastores():
            with datastore.transaction(commit=True) as c:
                if names is None:
                    c.execute("DELETE FROM view_failures")
                else:
                    c.executemany("DELETE FROM view_failures WHERE name = ?", [(n,) for n in names])

    def _datastores(self) -> list[Any]:
        return list({id(v.datastore): v.datastore for v in self.views}.values())

    def start(self, interval: float = 0.2) -> None:
        """Follows the log in a background thread until `stop()`: looking again as soon as
        the store shows a change (`projections.waking`), at most `interval` after it on
        SQLite, and in any case every `FULL_LOOK_SECONDS`."""
        self._thread = threading.Thread(
            target=self._run, args=(interval,), name="projections", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if (watch := self._watch) is not None:
            watch.interrupt()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def close(self) -> None:
        """Stops following and closes the views' connections."""
        self.stop()
        for datastore in self._datastores():
            datastore.close()

    def catch_up_all(self, progress: Callable[[int], None] | None = None) -> bool:
        """Brings every working view up to date, reading and decoding the log once for all,
        and applying each batch to every view in one transaction (see `_apply_together`).
        Which views are working is read from their files: a view another process rebuilt
        (its failure forgotten) is followed again. False if it stopped short, to try again
        soon (a view's file busy, or moved on by another process)."""
        try:
            self.derive_again_after_forgetting()
        except (OperationalError, InterfaceError) as error:  # locked, busy: next time
            log.warning("Views wait: %s", type(error).__name__)
            return False
        self.failures = self.stored_failures()
        views = [v for v in self.views if v.name not in self.failures]
        if not views:
            return True
        positions = {v.name: v.position() for v in views}
        topics = frozenset().union(*(v.topics for v in views))
        start = min(positions.values())
        while not self._stop.is_set() and (decoded := self._read(start, topics)):
            pending = [
                (view, [(i, event) for i, event in decoded if i > positions[view.name]])
                for view in views
                if view.name not in self.failures
            ]
            try:
                self._apply_together([(v, b) for v, b in pending if b], positions)
            except PositionMoved:  # another process moved a view on: read again next time
                return False
            except (OperationalError, InterfaceError) as error:  # locked, busy: next time
                log.warning("Views wait: %s", type(error).__name__)
                return False
            except Exception:  # some view cannot apply an event: find which, one by one
                if not self._apply_one_by_one(pending, positions):
                    return False
            start = decoded[-1][0]
            if progress is not None:
                progress(len(decoded))
        return True

    def _apply_together(
        self, pending: list[tuple[View, list[tuple[int, Any]]]], positions: dict[str, int]
    ) -> None:
        """Applies each view's batch, in one transaction for all the views that share a
        database (one commit instead of one per view: commits are most of a rebuild's cost)."""
        by_store: dict[int, list[tuple[View, list[tuple[int, Any]]]]] = {}
        for view, batch in pending:
            by_store.setdefault(id(view.datastore), []).append((view, batch))
        for group in by_store.values():
            with group[0][0].datastore.transaction(commit=True) as cursor:
                if self.checkpoint_pages is not None:
                    cursor.execute(f"PRAGMA wal_autocheckpoint = {int(self.checkpoint_pages)}")
                for view, batch in group:
                    view.apply_in(cursor, batch, after=positions[view.name])
            for view, batch in group:
                positions[view.name] = batch[-1][0]

    def _apply_one_by_one(
        self, pending: list[tuple[View, list[tuple[int, Any]]]], positions: dict[str, int]
    ) -> bool:
        """Applies each view's batch in its own transaction, so that a view that cannot apply
        an event stops there and the others go on; False if they should wait for next time."""
        for view, batch in pending:
            batch = [(i, event) for i, event in batch if i > positions[view.name]]
            if not batch:
                continue
            try:
                view.apply(batch, after=positions[view.name])
            except PositionMoved:
                return False
            except (OperationalError, InterfaceError) as error:
                log.warning("View %s waits: %s", view.name, type(error).__name__)
                return False
            except Exception as error:  # a view that cannot apply an event stops there
                self._failed(view, error)
                continue
            positions[view.name] = batch[-1][0]
        return True

    def _failed(self, view: View, error: Exception) -> None:
        self.failures[view.name] = f"{type(error).__name__} after position {view.position()}"
        try:
            with view.datastore.transaction(commit=True) as c:
                c.execute(
                    "INSERT INTO view_failures VALUES (?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET failure = excluded.failure",
                    (view.name, self.failures[view.name]),
                )
        except (OperationalError, InterfaceError) as stored:  # still known to this follower
            log.warning("View %s: its failure was not stored: %s", view.name, type(stored).__name__)
        # Names the view, the position and the kind of error, never event data.
        log.error(
            "View %s stopped at position %d: %s", view.name, view.position(), type(error).__name__
        )

    def _run(self, interval: float) -> None:
        watch: LogWatch | None = None
        try:
            while not self._stop.is_set():
                try:
                    if watch is None:
                        watch = self._watch = watch_log(self.app, interval)
                    finished = self.catch_up_all()
                except Exception as error:  # the log itself could not be read: try again later
                    log.error("Following the log failed: %s", type(error).__name__)
                    finished = False
                if watch is None or not finished:
                    self._stop.wait(interval)
                    continue
                try:
                    watch.wait(FULL_LOOK_SECONDS, self._stop)
                except Exception as error:  # the watch's connection broke: a new one
                    log.warning("Watching the log failed: %s", type(error).__name__)
                    watch.close()
                    watch = self._watch = None
        finally:
            self._watch = None
            if watch is not None:
                watch.close()
