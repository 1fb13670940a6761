"""What every summary module shares: the summary itself, the kinds of line it can be (each
declared once, with its heading), and the registry that finds the summary of an event's
class."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Summary:
    kind: str
    text: str
    source: str
    happened_at: datetime | None = None
    correction: bool = False


@dataclass(frozen=True)
class EntryKind:
    """A kind of line in a story ("one_to_one"), with the heading readers see it under and
    whether a campaign's timeline tells it (people's own records are not in one)."""

    key: str
    heading: str
    on_timeline: bool = True


#: Every kind of line, by its key, in the order they are listed to readers: those below, then
#: those each summary module declares with `entry_kind` (a new kind of record brings its own).
ENTRY_KINDS: dict[str, EntryKind] = {}


def entry_kind(key: str, heading: str, *, on_timeline: bool = True) -> str:
    """Declares a kind of line, once; its key, for the summaries of that kind."""
    if key in ENTRY_KINDS:
        raise ValueError(f"The kind of line {key!r} is declared twice")
    ENTRY_KINDS[key] = EntryKind(key, heading, on_timeline)
    return key


for _key, _heading in (
    ("campaign", "Campaign launched"),
    ("target", "Targets"),
    ("power_holder", "Power-holders"),
    ("status", "Status"),
    ("evaluation", "Evaluations"),
    ("one_to_one", "One-to-ones"),
    ("listening", "Listening"),
    ("action", "Actions"),
    ("assessment", "Power analysis"),
    ("meeting", "Power-holder meetings"),
    ("commitment", "Commitments"),
    ("decision", "Decisions"),
):
    entry_kind(_key, _heading)
for _key, _heading in (
    ("gathering", "Gatherings"),
    ("ladder", "Leadership ladder"),
    ("consent", "Consent"),
    ("profile", "Profile"),
):
    entry_kind(_key, _heading, on_timeline=False)

_SUMMARIES: dict[type, Callable[[Any], Summary]] = {}


def summarises(*event_classes: type) -> Callable[[Callable[[Any], Summary]], Any]:
    """Registers the decorated function as the summary of each of these event classes."""

    def register(function: Callable[[Any], Summary]) -> Callable[[Any], Summary]:
        for cls in event_classes:
            _SUMMARIES[cls] = function
        return function

    return register


_UNTOLD: set[type] = set()


def tells_no_story(*event_classes: type) -> None:
    """Declares events of a kind of record that belong on no story (a network's own
    governance: no record's story is the network's), so that the check that every event
    is told (`untold`) knows they were left out on purpose."""
    _UNTOLD.update(event_classes)


def untold(aggregate: type) -> list[type]:
    """The events of an aggregate that neither have a summary nor are declared to tell no
    story: each event class it nests, but the library's bases and bases of its own."""
    nested = [
        cls
        for name, cls in vars(aggregate).items()
        if isinstance(cls, type) and hasattr(cls, "mutate") and name not in ("Event", "Created")
    ]
    concrete = [
        cls for cls in nested if not any(o is not cls and issubclass(o, cls) for o in nested)
    ]
    return [cls for cls in concrete if cls not in _SUMMARIES and cls not in _UNTOLD]


def summarise(event: Any) -> Summary | None:
    """The event's summary, or None for an event that tells no story (an idempotency key)."""
    function = _SUMMARIES.get(type(event))
    if function is None:
        return None
    summary = function(event)
    if summary.happened_at is None and hasattr(event, "happened_at"):
        # Every fact of the organising work says when it happened: its line is dated so.
        summary = replace(summary, happened_at=event.happened_at)
    if summary.kind not in ENTRY_KINDS:
        raise ValueError(f"{type(event).__qualname__}: no kind of line {summary.kind!r} declared")
    return summary


def summarised() -> frozenset[type]:
    """Every event class that has a summary."""
    return frozenset(_SUMMARIES)
