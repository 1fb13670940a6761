"""How the sample's data is recorded: the records of each kind, the chapters they are told in,
and the sample being recorded, which turns local names and relative times into ids and dates.

A record is a frozen dataclass of one kind (`kinds/`) that knows how to record itself through
the application's commands (`record_in`). Records name each other by readable local names
("amani", "fair-pay campaign"), never by position. A chapter is a module of `story/` holding
`CHAPTER`: its records in the order they are recorded, and its place among the chapters.
Chapters are found in that package, so a new one (and a new kind of record it uses) is added
by writing its own module: no list of kinds or chapters to edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import ModuleType
from typing import Protocol
from uuid import UUID

from domain.application import Groundwork

#: Who recorded the sample: a fixed id for the sample loader.
SAMPLE_RECORDER = UUID("00000000-0000-4000-8000-00000000000a")
#: The local name of the sample's one network, which most records belong to.
NETWORK = "network"


@dataclass(frozen=True)
class Ago:
    """So many days before today, at an hour of that day (in the zone `today` is given in)."""

    days: int
    hour: int = 17

    def at(self, now: datetime) -> datetime:
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight - timedelta(days=self.days) + timedelta(hours=self.hour)


@dataclass(frozen=True)
class Ahead:
    """This very moment, so many days on (a thing still to come)."""

    days: int

    def at(self, now: datetime) -> datetime:
        return now + timedelta(days=self.days)


#: When something happened or is to happen, relative to `today`.
Moment = Ago | Ahead


@dataclass(frozen=True)
class Day:
    """A calendar day, so many days from today (before it when negative): a due date."""

    days: int

    def on(self, now: datetime) -> date:
        return (now + timedelta(days=self.days)).date()


@dataclass
class Sample:
    """The sample as it is being recorded: the application, `today`, and the ids of the
    records so far by their local names."""

    app: Groundwork
    now: datetime
    by: UUID = SAMPLE_RECORDER
    ids: dict[str, UUID] = field(default_factory=dict)

    def at(self, moment: Moment) -> datetime:
        return moment.at(self.now)

    def on(self, day: Day | None) -> date | None:
        return None if day is None else day.on(self.now)

    def name(self, name: str, id: UUID) -> UUID:
        """Gives the record just recorded its local name, for later records to refer to."""
        if name in self.ids:
            raise ValueError(f"The sample names two records {name!r}")
        self.ids[name] = id
        return id

    def id(self, name: str) -> UUID:
        """The id of the record of that local name, recorded before."""
        try:
            return self.ids[name]
        except KeyError:
            raise LookupError(f"The sample refers to {name!r} before recording it") from None

    def id_or_none(self, name: str | None) -> UUID | None:
        return None if name is None else self.id(name)

    def ids_of(self, names: Iterable[str]) -> list[UUID]:
        return [self.id(name) for name in names]

    @property
    def network(self) -> UUID:
        return self.id(NETWORK)


class Record(Protocol):
    """A record of one kind in the sample: it records itself through the application."""

    def record_in(self, sample: Sample) -> None: ...


@dataclass(frozen=True)
class Chapter:
    """A part of the sample's story: its records in the order they are recorded, and its
    `order` among the chapters (smaller first; spaced by ten to leave room)."""

    order: int
    title: str
    records: tuple[Record, ...]


def chapters_in(package: ModuleType) -> list[Chapter]:
    """The `CHAPTER` of every module in the package, in their declared order."""
    found: list[Chapter] = []
    for module in pkgutil.iter_modules(package.__path__):
        chapter = vars(importlib.import_module(f"{package.__name__}.{module.name}")).get("CHAPTER")
        if not isinstance(chapter, Chapter):
            raise TypeError(f"{package.__name__}.{module.name}.CHAPTER is not a Chapter")
        found.append(chapter)
    taken = [order for order, times in Counter(c.order for c in found).items() if times > 1]
    if taken:
        raise ValueError(f"Two chapters of the sample share the order {taken[0]}")
    return sorted(found, key=lambda chapter: chapter.order)


def record_chapters(sample: Sample, chapters: Iterable[Chapter]) -> None:
    for chapter in chapters:
        for record in chapter.records:
            record.record_in(sample)
