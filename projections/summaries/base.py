"""What every summary module shares: the summary itself, the kinds of summary in the order
readers see them, and the registry that finds the summary of an event's class."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Summary:
    kind: str
    text: str
    source: str
    happened_at: datetime | None = None
    correction: bool = False


#: Every kind of summary, in the order they are listed to readers.
KINDS = (
    "campaign",
    "target",
    "power_holder",
    "status",
    "evaluation",
    "one_to_one",
    "listening",
    "action",
    "assessment",
    "meeting",
    "commitment",
    "decision",
    "gathering",
    "ladder",
    "consent",
    "profile",
)

_SUMMARIES: dict[type, Callable[[Any], Summary]] = {}


def summarises(*event_classes: type) -> Callable[[Callable[[Any], Summary]], Any]:
    """Registers the decorated function as the summary of each of these event classes."""

    def register(function: Callable[[Any], Summary]) -> Callable[[Any], Summary]:
        for cls in event_classes:
            _SUMMARIES[cls] = function
        return function

    return register


def summarise(event: Any) -> Summary | None:
    """The event's summary, or None for an event that tells no story (an idempotency key)."""
    function = _SUMMARIES.get(type(event))
    return None if function is None else function(event)


def summarised() -> frozenset[type]:
    """Every event class that has a summary."""
    return frozenset(_SUMMARIES)
