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
non-decreasing too. States are read with the store's own cipher and compressor (a store
encrypted as a whole is read with its key); one that still cannot be read takes the time of
the position before it, or of the first readable one after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

R = TypeVar("R")
#: Turns a state as stored into the event's JSON (decrypted, decompressed).
Decode = Callable[[bytes], bytes]

#: The column of the chain's table that keeps each position's commit time.
COMMITTED = "recorded_at"
#: An event's own timestamp, at the start of its state when stored in clear.
TIMESTAMP = re.compile(rb'^\{"timestamp":\{"_type_":"datetime_iso","_data_":"([^"]{10,40})"')


def moment(value: datetime) -> str:
    """A commit time as SQLite keeps it: UTC ISO 8601 with microseconds (text order is time
    order). A moment with no UTC equivalent (year 1 ahead of UTC, or 9999 behind it) is the
    first or last there is."""
    try:
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    except OverflowError:
        edge = datetime.min if value.year == 1 else datetime.max
        return edge.replace(tzinfo=UTC).isoformat(timespec="microseconds")


def stamp(previous: str | None) -> str:
    """The commit time of the next position: now, or the time of the position before it if
    the clock went back."""
    now = moment(datetime.now(UTC))
    return previous if previous is not None and previous > now else now


def decoder(factory: Any) -> Decode:
    """How the store's states are read back to their JSON: the library's persistence
    factory's cipher and compressor (its public `cipher()` and `compressor()`), undone in the
    reverse order of the library's mapper (compressed first, then encrypted)."""
    cipher, compressor = factory.cipher(), factory.compressor()

    def decode(state: bytes) -> bytes:
        if cipher is not None:
            state = cipher.decrypt(state)
        if compressor is not None:
            state = compressor.decompress(state)
        return state

    return decode


def kept_for(factory: Any, recorder: R) -> R:
    """The recorder a persistence factory made, its commit times filled for positions
    chained before they were kept (when the factory makes tables), reading states with the
    factory's cipher and compressor."""
    fill = getattr(recorder, "fill_commit_times", None)
    if fill is not None and factory.env_create_table():
        fill(decoder(factory))
    return recorder


def event_time(state: bytes, decode: Decode | None = None) -> str | None:
    """An event's own timestamp, from its state as stored (None if it cannot be read)."""
    if decode is not None:
        try:
            state = decode(state)
        except Exception:  # another key, or damaged: no time from it
            return None
    found = TIMESTAMP.match(state)
    if found is None:
        return None
    try:
        return moment(datetime.fromisoformat(found.group(1).decode()))
    except ValueError:
        return None


def filled(
    rows: Iterable[tuple[int, bytes]], previous: str | None, decode: Decode | None = None
) -> list[tuple[str, int]]:
    """Commit times for positions that have none, in order, from their events' states:
    (time, position) pairs; `previous` is the time of the position before the first."""
    out: list[tuple[str, int]] = []
    waiting: list[int] = []  # unreadable positions before any time is known
    for position, state in rows:
        found = event_time(state, decode)
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
