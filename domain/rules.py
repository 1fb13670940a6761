"""Small rules shared by several aggregates. Each raises its error (`domain.errors.shared`)
naming the field."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache
from typing import TypeVar
from zoneinfo import available_timezones

from domain.errors.shared import (
    BelowZero,
    EmptyEntry,
    EmptyText,
    NoTimeZoneOffset,
    NotYetHappened,
    UnknownTimeZone,
    YearOutOfRange,
)

D = TypeVar("D", date, date | None)


def require_text(value: str, field: str) -> str:
    """Text that must say something: not empty, not only spaces; in Unicode's composed form,
    so that the same word typed on two phones compares equal."""
    text = unicodedata.normalize("NFC", value.strip())
    if not text:
        raise EmptyText(field)
    return text


def clean_tags(values: Iterable[str], field: str) -> list[str]:
    """A list of short words (interests, themes, skills): trimmed, no blanks, no repeats."""
    seen: list[str] = []
    for value in values:
        tag = unicodedata.normalize("NFC", value.strip())
        if not tag:
            raise EmptyEntry(field)
        if tag.casefold() not in (s.casefold() for s in seen):
            seen.append(tag)
    return seen


def not_negative(value: int, field: str) -> int:
    if value < 0:
        raise BelowZero(field, value)
    return value


#: The years a recorded moment may fall in: anything else is a typing slip.
YEARS = range(1900, 3000)
#: How far ahead of the server's clock a phone's clock may run.
CLOCK_SKEW = timedelta(minutes=5)


def plausible_year(year: int, field: str) -> None:
    if year not in YEARS:
        raise YearOutOfRange(field, year, YEARS)


def aware(moment: datetime, field: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise NoTimeZoneOffset(field)
    plausible_year(moment.year, field)
    return moment


def plausible_day(day: D, field: str) -> D:
    """A day given with a command (a start, a due date): in the same years as a moment, so
    that nothing computed from it (a week, a calendar's time zones, a recurrence) runs off
    the ends of the calendar."""
    if day is not None:
        plausible_year(day.year, field)
    return day


def already_happened(happened_at: datetime, now: datetime, field: str = "happened_at") -> datetime:
    """Something recorded as held or done cannot lie in the future (beyond a few minutes
    of difference between the organiser's clock and the server's)."""
    aware(happened_at, field)
    if happened_at > now + CLOCK_SKEW:
        raise NotYetHappened(field, happened_at)
    return happened_at


def happened(happened_at: datetime | None, now: datetime, field: str = "happened_at") -> datetime:
    """When something happened, as the organiser stated it, or now when they did not say
    (recorded as it happens); never in the future."""
    return already_happened(now if happened_at is None else happened_at, now, field)


def upcast_happened_at(state: dict[str, object]) -> None:
    """An event recorded before it said when it happened: it happened when it was recorded,
    which is all that was known (its own timestamp)."""
    state["happened_at"] = state["timestamp"]


def check_time_zone(name: str, field: str = "time_zone") -> str:
    """A time zone named as the IANA time zone database names it ('Europe/Lisbon')."""
    if name not in _time_zones():
        raise UnknownTimeZone(name, field)
    return name


@cache
def _time_zones() -> frozenset[str]:
    # Checking the name against the list, not by opening it: a folder such as 'America'
    # or a path would otherwise reach the file system.
    return frozenset(available_timezones())
