"""Read models kept in database tables, following the application's log with a tracked position.

A `View` is a tracking recorder of the `eventsourcing` library's kind: it keeps its own tables
beside a row in a `tracking` table (the library's, on SQLite) that says how far along the log
it is. Its SQL is written once, for SQLite and PostgreSQL alike (`projections.dialect`). Events
are applied in batches, each batch in one transaction with the new position, so every event
is applied exactly once, also after a crash, and a view can be rebuilt from the start of the
log at any time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, ClassVar

from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.utils import get_topic

from projections.dialect import (
    Cursor,
    PostgresViewStore,
    ViewStore,
    lock_position,
    schema_transaction,
)

#: The application whose log the views follow.
UPSTREAM = "Groundwork"

#: The environment key naming the views' SQLite file.
VIEWS_DBNAME = "VIEWS_DBNAME"


def views_name(env: Mapping[str, str]) -> str | None:
    """The views' SQLite file: named by `VIEWS_DBNAME`, else next to the event store's
    (`events.sqlite` -> `events.views.sqlite`); None for events in memory (the views are
    then kept beside them). `env` is the application's (keys prefixed with its name first).
    """
    named = env.get(VIEWS_DBNAME)
    if named:
        return named
    events = env.get("SQLITE_DBNAME")
    if not events or events == ":memory:" or "mode=memory" in events:
        return None
    path = Path(events)
    return str(path.with_name(f"{path.stem}.views.sqlite"))


Handler = Callable[[Any, Cursor, int, Any], None]
#: The positions of the views (the `eventsourcing` library's single-row tracking table).
TRACKING_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS tracking (application_name TEXT, notification_id INTEGER,"
    " PRIMARY KEY (application_name)) WITHOUT ROWID"
)


class ViewCannotApply(Exception):
    """A view met an event it should apply but cannot (a row it needs is missing, say).

    The view stops at the position before the batch; nothing of the batch is kept."""


class PositionMoved(Exception):
    """The view's position changed while a batch was being prepared; read it again."""


def handles(*event_classes: type[Any]) -> Callable[[Handler], Handler]:
    """Marks a view method as the one that applies the given kinds of event."""

    def mark(method: Handler) -> Handler:
        method.__dict__["handles"] = event_classes
        return method

    return mark


class View(TrackingRecorder):
    """Base of read models: tables, one method per kind of event, and a tracked position."""

    #: The view's name, used in commands and in its tracking row.
    name: ClassVar[str]
    #: CREATE statements for the view's tables and indexes.
    schema: ClassVar[tuple[str, ...]]
    #: The view's tables, emptied by a rebuild.
    tables: ClassVar[tuple[str, ...]]
    #: Raise it when the schema or what the view records changes: on start-up, a view
    #: stored with another version is dropped and rebuilt from the log.
    version: ClassVar[int] = 1
    #: Whether the view reads personal data (names, contact details, what was shared,
    #: notes) from the events: none does, so the follower decrypts none for them
    #: (`domain.personal.UnreadPersonalData`: reading one fails).
    reads_personal_data: ClassVar[bool] = False
    _handlers: ClassVar[dict[type[Any], Handler]]
    #: The topics of the events this view applies; others need not even be decoded.
    topics: ClassVar[frozenset[str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._handlers = {}
        for klass in reversed(cls.__mro__):
            for attribute in vars(klass).values():
                for event_class in getattr(attribute, "handles", ()):
                    cls._handlers[event_class] = attribute
        cls.topics = frozenset(get_topic(event_class) for event_class in cls._handlers)

    def __init__(self, datastore: ViewStore) -> None:
        self.datastore = datastore
        #: Rows to insert at the end of the batch being applied (`insert_later`).
        self._deferred: dict[tuple[str, int], list[tuple[Any, ...]]] = {}
        #: Amounts to add at the end of the batch being applied (`add_later`).
        self._sums: dict[str, dict[tuple[Any, ...], int]] = {}

    def create_table(self) -> None:
        """Creates the view's tables and its tracking row, dropping them first if they were
        made by another version of the view (it is then rebuilt from the log)."""
        with schema_transaction(self.datastore) as c:
            c.execute(
                "CREATE TABLE IF NOT EXISTS view_versions ("
                " name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID"
            )
            c.execute(TRACKING_SCHEMA)
            c.execute("SELECT version FROM view_versions WHERE name = ?", (self.name,))
            row = c.fetchone()
            if row is not None and row[0] != self.version:
                for table in self.tables:
                    c.execute(f"DROP TABLE IF EXISTS {table}")
                c.execute("DELETE FROM tracking WHERE application_name = ?", (self.tracking_name,))
            for statement in self.schema:
                c.execute(statement)
            c.execute(
                "INSERT INTO tracking VALUES (?, 0) ON CONFLICT (application_name) DO NOTHING",
                (self.tracking_name,),
            )
            c.execute(
                "INSERT INTO view_versions VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET version = excluded.version",
                (self.name, self.version),
            )

    def max_tracking_id(self, application_name: str) -> int | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT notification_id FROM tracking WHERE application_name = ?",
                (application_name,),
            )
            row = c.fetchone()
        return None if row is None else int(row[0])

    def insert_tracking(self, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as c:
            self._insert_tracking(c, tracking)

    def _max_tracking_id(self, application_name: str, c: Cursor) -> int | None:
        """The position, read in the transaction that moves it on (its row locked, where
        the database can lock one)."""
        c.execute(
            lock_position(c, "SELECT notification_id FROM tracking WHERE application_name = ?"),
            (application_name,),
        )
        row = c.fetchone()
        return None if row is None else int(row[0])

    def _insert_tracking(self, c: Cursor, tracking: Tracking) -> None:
        c.execute(
            "INSERT INTO tracking VALUES (?, ?) ON CONFLICT (application_name)"
            " DO UPDATE SET notification_id = excluded.notification_id",
            (tracking.application_name, tracking.notification_id),
        )

    @property
    def tracking_name(self) -> str:
        return f"{UPSTREAM}->{self.name}"

    def position(self) -> int:
        """The position in the log of the last event this view has applied (0: none yet)."""
        return self.max_tracking_id(self.tracking_name) or 0

    def apply(self, batch: Sequence[tuple[int, Any]], after: int) -> None:
        """Applies a batch of (position, event) that follows position `after`, in one
        transaction with the new position. If another process moved the view on meanwhile
        (a rebuild, a second follower), nothing is applied and `PositionMoved` is raised."""
        if not batch:
            return
        with self.datastore.transaction(commit=True) as cursor:
            self.apply_in(cursor, batch, after)

    def apply_in(self, cursor: Cursor, batch: Sequence[tuple[int, Any]], after: int) -> None:
        """`apply`, within a transaction the caller commits (with other views' batches)."""
        if (self._max_tracking_id(self.tracking_name, cursor) or 0) != after:
            raise PositionMoved(self.name)
        handlers, self._deferred, self._sums = self._handlers, {}, {}
        self.batch_begins()
        try:
            for position, event in batch:
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(self, cursor, position, event)
            self.write_later_now(cursor)
        finally:
            self.batch_ends()
        self._insert_tracking(cursor, Tracking(self.tracking_name, batch[-1][0]))

    def batch_begins(self) -> None:
        """Called before each batch is applied (a view may keep what it looked up, for the
        batch: nothing else writes its tables meanwhile)."""

    def batch_ends(self) -> None:
        """Called after each batch is applied, or failed: a view forgets what it kept."""

    def write_later_now(self, cursor: Cursor) -> None:
        """Writes what `insert_later` and `add_later` kept for the end of the batch: at its
        end, or before a handler reads what they write."""
        deferred, self._deferred = self._deferred, {}
        for (statement, key), rows in deferred.items():
            rows.sort(key=lambda row: row[:key])  # stable: equal keys stay in log order
            cursor.executemany(statement, rows)
        sums, self._sums = self._sums, {}
        for statement, amounts in sums.items():
            cursor.executemany(statement, [(*k, n) for k, n in sorted(amounts.items())])

    def add_later(self, statement: str, key: tuple[Any, ...], amount: int) -> None:
        """Adds an amount to a row's, at the end of the batch being applied: the amounts of
        each key summed first, then one `executemany` of `statement` (an INSERT of the key's
        columns and the amount that adds it to the row's on conflict), in key order. For a
        table of sums the view reads while applying only after `write_later_now`."""
        sums = self._sums.setdefault(statement, {})
        sums[key] = sums.get(key, 0) + amount

    def insert_later(self, statement: str, row: tuple[Any, ...], key: int) -> None:
        """Inserts a row at the end of the batch being applied, with the other rows of its
        statement in one `executemany`, in order of their first `key` columns (their primary
        key: rows that land on the same pages are written together). A statement per row
        was most of a rebuild's cost in the views. Only for a table the view neither reads
        nor changes while applying events (one it only appends to, read by its queries)."""
        self._deferred.setdefault((statement, key), []).append(row)

    def reset(self) -> None:
        """Empties the view and forgets its position, ready to be rebuilt from the start."""
        # PostgreSQL keeps a deleted row's bytes in its page until the table is rewritten:
        # TRUNCATE gives the table new, empty files (SQLite's views delete securely).
        empty = "TRUNCATE" if isinstance(self.datastore, PostgresViewStore) else "DELETE FROM"
        with self.datastore.transaction(commit=True) as cursor:
            for table in self.tables:
                cursor.execute(f"{empty} {table}")  # our own table names
            self._insert_tracking(cursor, Tracking(self.tracking_name, 0))


#: Beyond any position of the log.
END_OF_LOG = 2**62


@dataclass(frozen=True)
class Cut:
    """Which rows an answer "as it stood then" includes, on either clock or both.

    `known_through`: what was on record at a moment, as the log's position committed last by
    then (`domain.store.commit_times`; the caller maps the moment to it): rows at positions up
    to it. `on`: how things stood at a moment on the happened clock, with all that is known
    now: rows that happened by then. Neither: everything, now."""

    known_through: int | None = None
    on: datetime | None = None
    known_at: datetime | None = None  # the moment `known_through` was found for

    @property
    def position(self) -> int:
        """The last position an answer may include."""
        return END_OF_LOG if self.known_through is None else self.known_through

    @property
    def happened(self) -> str:
        """The latest `happened_at` an answer may include, as views keep it."""
        return moment(self.on) if self.on is not None else "9999"

    def day(self, today: date) -> date:
        """The day things are judged on (overdue or not): the `on` day, else the day of
        `known_at`, else today."""
        when = self.on or self.known_at
        return when.date() if when is not None else today


NOW = Cut()


def happened(event: Any) -> str:
    """When an event says it happened, as views keep it (when it was recorded, for an event
    that states no time)."""
    return moment(getattr(event, "happened_at", None) or event.timestamp)


def monday(when: datetime | date, zone: tzinfo | None = None) -> date:
    """The Monday of the week a day falls in, or a moment: its week in `zone` (a network's,
    whose weeks start on Monday at midnight there), or in its own offset without one."""
    if isinstance(when, datetime):
        if zone is not None:
            with suppress(OverflowError):  # year 1 or 9999 moved across midnight
                when = when.astimezone(zone)
        day = when.date()
    else:
        day = when
    return date.fromordinal(day.toordinal() - day.weekday())


def moment(value: datetime) -> str:
    """A time as stored in views: UTC ISO 8601 with microseconds, so text order is time order.

    Each view formats the times of every event it applies, the same few per event: the
    last ones formatted are kept (equal times, in whatever zone, are the same moment)."""
    try:
        return _MOMENTS[value]
    except KeyError:
        pass
    except OverflowError:  # year 1 with a positive offset has no UTC equivalent (nor hash)
        return value.isoformat(timespec="microseconds")
    if len(_MOMENTS) >= 16_384:  # each view applies a batch of 2,000 events in turn
        _MOMENTS.clear()
    utc = value
    with suppress(OverflowError):  # 9999-12-31 with a negative offset: neither
        utc = value.astimezone(UTC)
    found = _MOMENTS[value] = utc.isoformat(timespec="microseconds")
    return found


_MOMENTS: dict[datetime, str] = {}
