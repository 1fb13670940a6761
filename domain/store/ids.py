"""Ids read back from the store: one `UUID` per id while it is in use.

The same few ids (a network's, an organiser's, a person's) come back in event after event,
and parsing each again (`UUID(hex)`, a few microseconds in Python) was an eighth of
decoding an event. UUIDs are immutable, so one object can stand for every reading.
"""

from __future__ import annotations

from uuid import UUID

#: How many ids are kept: when full, it starts again.
SIZE = 65_536

_seen: dict[str, UUID] = {}


def uuid_of(text: str) -> UUID:
    """The UUID a stored id (hex, or with hyphens) stands for."""
    global _seen
    try:
        return _seen[text]
    except KeyError:
        pass
    if len(_seen) >= SIZE:
        _seen = {}
    found = _seen[text] = UUID(text)
    return found
