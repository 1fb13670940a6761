"""When each position of the log was committed: the recording clock, cut by position.

An event's own timestamp is taken when the aggregate makes it, before its transaction
commits: an event timestamped just before another's commit may commit just after it. So
the chain's row of each position (`domain.store.chain`, written in the event's own
transaction) also keeps a commit time, taken while the writer holds the log's lock (SQLite's
write lock; the library's table lock on PostgreSQL), never before the time of the position
before it. Times are then non-decreasing with position, and "the last position committed by
moment T" is a bisection of an index: what was on record at T is exactly the log up to it.

A store chained before commit times were kept has them filled once, when it is opened,
from the events' own timestamps: each position takes the latest timestamp of the events up
to it (no event commits before an earlier position's event was made), which keeps them
non-decreasing too. A state that cannot be read without a key (a store encrypted as a whole)
takes the time of the position before it, or of the first readable one after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

#: The column of the chain's table that keeps each position's commit time.
COMMITTED = "recorded_at"
#: An event's own timestamp, at the start of its state when stored in clear.
TIMESTAMP = re.compile(rb'^\{"timestamp":\{"_type_":"datetime_iso","_data_":"([^"]{10,40})"')


def moment(value: datetime) -> str:
    """A commit time as SQLite keeps it: UTC ISO 8601 with microseconds (text order is time
    order)."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def stamp(previous: str | None) -> str:
    """The commit time of the next position: now, or the time of the position before it if
    the clock went back."""
    now = moment(datetime.now(UTC))
    return previous if previous is not None and previous > now else now


def event_time(state: bytes) -> str | None:
    """An event's own timestamp, from its state as stored (None if it cannot be read)."""
    found = TIMESTAMP.match(state)
    if found is None:
        return None
    try:
        return moment(datetime.fromisoformat(found.group(1).decode()))
    except ValueError:
        return None


def filled(rows: Iterable[tuple[int, bytes]], previous: str | None) -> list[tuple[str, int]]:
    """Commit times for positions that have none, in order, from their events' states:
    (time, position) pairs; `previous` is the time of the position before the first."""
    out: list[tuple[str, int]] = []
    waiting: list[int] = []  # unreadable positions before any time is known
    for position, state in rows:
        found = event_time(state)
        if found is not None and (previous is None or found > previous):
            previous = found
        if previous is None:
            waiting.append(position)
            continue
        out.extend((previous, p) for p in waiting)
        waiting = []
        out.append((previous, position))
    if waiting:  # nothing readable at all: known from now on
        now = moment(datetime.now(UTC))
        out.extend((now, p) for p in waiting)
    return out
