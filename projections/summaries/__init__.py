"""One readable line for each kind of recorded event, shared by every view that tells a
story: a campaign's timeline, a person's relational history, a decision's evidence.

A summary names no person and quotes no personal data (names, contact details, what was
shared, private notes): people are referred to by id, and read-time code may resolve them
for a reader allowed to see them. Each summary says what kind of thing it is, where its
source record is read, when it happened (as the organiser said; None for things that take
effect when recorded) and whether it corrects something recorded earlier.

Each part of the organising cycle has a module of its own here, registering its summaries
with `summarises`; every module of this package is imported below, so a new one is found
without being listed.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

from projections.summaries.base import (
    ENTRY_KINDS,
    EntryKind,
    Summary,
    entry_kind,
    summarise,
    summarised,
    tells_no_story,
    untold,
)

__all__ = [
    "ENTRY_KEYS",
    "ENTRY_KINDS",
    "EntryKind",
    "Summary",
    "check_every_event_told",
    "entry_kind",
    "summarise",
    "summarised",
    "tells_no_story",
    "untold",
]

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

#: The key of every kind of line, in the order readers see them (all modules now imported).
ENTRY_KEYS = tuple(ENTRY_KINDS)


def check_every_event_told(aggregates: Iterable[type]) -> None:
    """Refuses (at start-up) a kind of record with an event that has no summary and is not
    declared to tell no story: it would be missing from every story without a word."""
    missing = [cls.__qualname__ for aggregate in aggregates for cls in untold(aggregate)]
    if missing:
        raise RuntimeError(
            f"Events with no summary: {', '.join(missing)} (give each one with @summarises, "
            "or declare it with tells_no_story)"
        )
