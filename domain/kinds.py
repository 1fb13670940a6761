"""What the rest of Groundwork needs to know of each kind of record, declared once, on its
aggregate (`KIND = Kind(...)`), and every kind found from the domain's modules rather than
listed: a new kind of record is declared where it is defined, and nothing else names it.

Errors and pages name a record in words (`words`); the API keeps each kind under one path
(`path`), from which the kind's key (`key`) follows: the name a test, a dictionary of ids
or a view uses for the kind. See `docs/kinds.md` for the parts still declared elsewhere.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

#: Someone an event involves, and the part they take in its record ("met", "taught").
Involvement = tuple[UUID, str]


@dataclass(frozen=True)
class Kind:
    #: How errors and pages name one record of the kind: "power-holder meeting".
    words: str
    #: Where the API keeps records of the kind ("/power-holder-meetings"); None for a kind
    #: with no endpoint of its own (the access record is read through `/access-record`).
    path: str | None
    #: Whether records of the kind belong to a network (and so to its scope), or to the
    #: deployment (accounts, webhooks, the access record).
    of_network: bool = True
    #: The parts people take in records of the kind, as their events' `involved()` names
    #: them ("met", "organiser", "attended"), each with what a page says they did.
    parts: Mapping[str, str] = field(default_factory=dict, hash=False)

    @property
    def key(self) -> str:
        """The kind's name in code: its path's last part in snake case ("power_holder_meetings"),
        or its words in snake case for a kind with no path."""
        name = self.path.rsplit("/", 1)[-1] if self.path else self.words
        return name.replace("-", "_").replace(" ", "_")


def words_of(cls: type[Aggregate]) -> str:
    """How errors name a record of this class: its kind's words, or "record" for a class of
    no declared kind (the library's own, say)."""
    kind = getattr(cls, "KIND", None)
    return kind.words if isinstance(kind, Kind) else "record"


@cache
def every_aggregate() -> tuple[type[Aggregate], ...]:
    """Every aggregate class the domain defines, in the order of their modules: each module
    of the domain is imported, so none is missed."""
    import domain

    for module in pkgutil.walk_packages(domain.__path__, "domain."):
        importlib.import_module(module.name)
    found: list[type[Aggregate]] = []
    pending: list[type[Aggregate]] = [Aggregate]
    while pending:
        cls = pending.pop(0)
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("domain."):
            found.append(cls)
    return tuple(sorted(set(found), key=lambda cls: (cls.__module__, cls.__name__)))


@cache
def every_kind() -> dict[type[Aggregate], Kind]:
    """Every kind of record the domain declares, by its aggregate class, in the order of
    their modules."""
    return {
        cls: kind for cls in every_aggregate() if isinstance(kind := cls.__dict__.get("KIND"), Kind)
    }


def involved(event: Any) -> Iterator[Involvement]:
    """Who an event involves and how: what its `involved()` says, if it has one. An event
    that adds someone to a record (a one-to-one held, a position taken) says whom."""
    method = getattr(event, "involved", None)
    if method is not None:
        yield from method()


def every_part() -> dict[str, str]:
    """Every part a person can take in a record, as the kinds declare them, each once, with
    what a page says they did (the first kind to declare a part words it)."""
    words: dict[str, str] = {}
    for kind in every_kind().values():
        for part, said in kind.parts.items():
            words.setdefault(part, said)
    return words


class AboutThemselves:
    """For the events of a person's own record: each involves the person themselves."""

    originator_id: UUID

    def involved(self) -> Iterator[Involvement]:
        yield self.originator_id, "self"
