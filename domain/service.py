"""The application service's plumbing, shared by every command (see `domain.commands`).

Each command loads what it needs, lets the aggregates check their rules, and
saves every new event in one atomic write, together with the request's
idempotency key when one is given. Optimistic-concurrency conflicts are retried
a bounded number of times, then reported as `ConflictingWrite`.
"""

from __future__ import annotations

import copy
import random
import threading
import time as clock_time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from domain.errors import (
    ConflictingWrite,
    DomainError,
    IdempotencyKeyReused,
    NotFound,
    PersonForgotten,
    RequestInProgress,
)
from domain.errors.network import InAnotherNetwork
from domain.kinds import words_of
from domain.network import Network
from domain.person import Person
from domain.store.encoding import EncodingApplication
from domain.store.idempotency import IdempotencyKey, RequestKey

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class Recorded:
    """What a command recorded: the aggregate's id, its version after the command,
    and for things recorded inside it (a session, an assessment) their number."""

    id: UUID
    version: int
    number: int | None = None

    def as_result(self) -> dict[str, str | int | None]:
        return {"id": self.id.hex, "version": self.version, "number": self.number}

    @classmethod
    def from_result(cls, result: dict[str, Any]) -> Recorded:
        number = result.get("number")
        return cls(
            UUID(str(result["id"])), int(result["version"]), None if number is None else int(number)
        )


Decide = Callable[[], tuple[list[Aggregate], Recorded]]


def _replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Applies stored events in turn: the library's projector without its per-event runtime
    Protocol check, which on Python 3.11 costs about 0.1 ms an event (profiled on the
    one-to-one write path, where it was a quarter of the server's time per request)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def _recorded(aggregate: Aggregate, number: int | None = None) -> Recorded:
    return Recorded(id=aggregate.id, version=aggregate.version, number=number)


class Service(EncodingApplication):
    """What every command shares: loading records, checking references, and saving atomically
    with the idempotency key, retrying conflicts."""

    #: How many times a command is tried when others changed the same records.
    max_attempts = 5
    #: How many records' states `_peek` keeps (oldest forgotten first).
    peek_cache_size = 10_000
    #: How many locks the records written by commands that take turns are spread over.
    turn_stripes = 64

    def __init__(
        self, env: dict[str, str] | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(env)
        self.clock = clock or (lambda: datetime.now(UTC))
        self._in_flight: set[UUID] = set()
        self._in_flight_lock = threading.Lock()
        self._peeked: dict[UUID, Aggregate] = {}
        self._peeked_lock = threading.Lock()
        self._peeked_forgettings = self.keys.forgettings()
        self._turns = tuple(threading.Lock() for _ in range(self.turn_stripes))

    # ------------------------------------------------------------------ plumbing

    def get(self, cls: type[A], id: UUID, field: str = "id") -> A:
        """The current state of a record of the given kind, or `NotFound`."""
        try:
            aggregate: Aggregate = self.repository.get(id, projector_func=_replay)
        except AggregateNotFoundError:
            raise NotFound(words_of(cls), id, field) from None
        if not isinstance(aggregate, cls):
            raise NotFound(words_of(cls), id, field)
        return aggregate

    def read(self, cls: type[A], id: UUID, field: str = "id") -> A:
        """A record's current state for reading only (cached: see `_peek`)."""
        return self._peek(cls, id, field)

    def history(self, cls: type[A], id: UUID) -> list[Any]:
        """Every event of a record of the given kind, oldest first, or `NotFound`."""
        events = list(self.events.get(id))
        if not events or not isinstance(_replay(None, events[:1]), cls):
            raise NotFound(words_of(cls), id, "id")
        return events

    def state_at(self, cls: type[A], id: UUID, version: int) -> A:
        """A record as it stood at a version: its events up to and including that one."""
        state = _replay(None, self.events.get(id, lte=version))
        if not isinstance(state, cls):
            raise NotFound(words_of(cls), id, "id")
        return state

    def _ids_in_network(
        self, created: type[Aggregate.Event], cls: type[A], network_id: UUID, limit: int
    ) -> list[UUID]:
        """The ids of a network's records of a kind a network makes few of (campaigns,
        listening campaigns, gathering series: a handful a year), oldest first, found in the
        log by the event that creates each."""
        found: list[UUID] = []
        start: int | None = None
        while len(found) < limit:
            made = self.recorder.select_notifications(
                start=start, limit=1_000, topics=[get_topic(created)]
            )
            for n in made:
                record = UUID(str(n.originator_id))
                if getattr(self.read(cls, record), "network_id", None) == network_id:
                    found.append(record)
            if len(made) < 1_000:
                break
            start = made[-1].id + 1
        return found[:limit]

    def _peek(self, cls: type[A], id: UUID, field: str) -> A:
        """A record's current state, to check a reference against: never to be changed.

        Commands read the people, campaigns and evidence they name on every request, so these
        states are cached and brought up to date with only the events recorded since (one
        query, usually returning nothing), instead of being rebuilt from all their events.
        A cached state is never changed in place: newer events are applied to a copy.
        """
        forgettings = self.keys.forgettings()
        if forgettings != self._peeked_forgettings:  # someone was forgotten, maybe elsewhere
            self._forget_decoded(forgettings)
        cached = self._peeked.get(id)
        state: Aggregate
        if cached is None:
            state = self.get(cls, id, field)
        else:
            newer = list(self.events.get(id, gt=cached.version))
            state = _replay(copy.deepcopy(cached), newer) if newer else cached
        if not isinstance(state, cls):
            raise NotFound(words_of(cls), id, field)
        if state is not cached:
            with self._peeked_lock:
                if self._peeked_forgettings != forgettings:  # decoded before a forgetting
                    return state
                if len(self._peeked) >= self.peek_cache_size:
                    self._peeked.pop(next(iter(self._peeked)))
                self._peeked[id] = state
        return state

    def _forget_decoded(self, forgettings: int | None = None) -> None:
        """Lets go of every decoded state `_peek` keeps: after someone is forgotten, none
        may still hold their personal data in plaintext."""
        with self._peeked_lock:
            self._peeked.clear()
            self._peeked_forgettings = (
                self.keys.forgettings() if forgettings is None else forgettings
            )

    def _to_change(self, cls: type[A], id: UUID, field: str = "id") -> A:
        """A record's current state, for a command to change and save.

        As fresh as `get`: both read the record as it stands at the moment of reading, and
        anything recorded after that makes the save fail on the store's unique (id, version),
        so that the command is decided again. But it is `_peek`'s cached state, brought up to
        date with the events recorded since, and copied (the cache is never changed): a
        record many commands add to (a person's, which takes a fact for every note kept about
        them) is not replayed from its first event by each of them.
        """
        return copy.deepcopy(self._peek(cls, id, field))

    def _member(
        self, network_id: UUID, cls: type[A], id: UUID, field: str, *, to_change: bool = False
    ) -> A:
        """A record that must exist and belong to the given network: read-only (`_peek`),
        or a state the command may change and save (`_to_change`)."""
        aggregate = self._to_change(cls, id, field) if to_change else self._peek(cls, id, field)
        if getattr(aggregate, "network_id", None) != network_id:
            self.get(Network, network_id, "network_id")  # an unknown network is a 404
            raise InAnotherNetwork(words_of(cls), id, network_id, field)
        return aggregate

    def _remembered(
        self, network_id: UUID, id: UUID, field: str, *, to_change: bool = False
    ) -> Person:
        """A person of the network who has not been forgotten: for commands that would
        record new personal data about them (`to_change`: see `_member`)."""
        person = self._member(network_id, Person, id, field, to_change=to_change)
        if person.forgotten:
            raise PersonForgotten(id, field)
        return person

    def _members(self, network_id: UUID, cls: type[A], ids: list[UUID], field: str) -> list[A]:
        return [self._member(network_id, cls, i, f"{field}[{n}]") for n, i in enumerate(ids)]

    def _execute(
        self, decide: Decide, key: RequestKey | None, *, writes_to: UUID | None = None
    ) -> Recorded:
        """Runs a command's decision and saves what it produced, atomically with the key.

        `writes_to` names a record that many commands may write to at the same moment (a
        person's record, for the notes kept about them): the commands of this process that
        write to it take turns (see `_taking_turns`) instead of racing at the store, where
        all but one would lose and be retried, over and over under load. Other processes
        are kept apart by the store's version check, as ever.

        A new key is the common case, so the key is not read first: saving it with the
        command's events fails on the store's unique (id, version) if it was consumed
        before, and only then is the earlier result looked up. A retry whose command would
        now break a rule (a follow-up already done, say) also looks the key up before the
        rule's error is reported, so it gets the first response.
        """
        with self._claimed(key), self._taking_turns(writes_to):
            for attempt in range(self.max_attempts):
                try:
                    aggregates, recorded = decide()
                except DomainError:
                    if key is not None and (earlier := self._earlier_result(key)):
                        return earlier
                    raise
                if key is not None:
                    aggregates.append(IdempotencyKey.consume(key, recorded.as_result()))
                try:
                    self.save(*aggregates)
                except IntegrityError:
                    if key is not None and (earlier := self._earlier_result(key)):
                        return earlier
                    clock_time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))  # noqa: S311 (jitter)
                    continue
                return recorded
        raise ConflictingWrite(
            f"Other writes kept changing the same records; gave up after {self.max_attempts} "
            "attempts. Nothing was recorded: try again."
        )

    def _earlier_result(self, key: RequestKey) -> Recorded | None:
        try:
            consumed: Aggregate = self.repository.get(key.id, projector_func=_replay)
        except AggregateNotFoundError:
            return None
        assert isinstance(consumed, IdempotencyKey)
        if consumed.fingerprint != key.fingerprint:
            raise IdempotencyKeyReused(
                "This Idempotency-Key was already used with a different request; "
                "use a new key for a new request.",
                "Idempotency-Key",
            )
        return Recorded.from_result(consumed.result)

    @contextmanager
    def _taking_turns(self, record_id: UUID | None) -> Iterator[None]:
        """Lets one command of this process at a time write to the given record (a lock per
        stripe of ids: bounded, and two records that share one only wait a little more)."""
        if record_id is None:
            yield
            return
        with self._turns[record_id.int % len(self._turns)]:
            yield

    @contextmanager
    def _claimed(self, key: RequestKey | None) -> Iterator[None]:
        if key is None:
            yield
            return
        with self._in_flight_lock:
            if key.id in self._in_flight:
                raise RequestInProgress(
                    "A request with this Idempotency-Key is still being processed; "
                    "retry after it has finished.",
                    "Idempotency-Key",
                )
            self._in_flight.add(key.id)
        try:
            yield
        finally:
            with self._in_flight_lock:
                self._in_flight.discard(key.id)

    def _update(
        self,
        cls: type[A],
        id: UUID,
        change: Callable[[A], int | None],
        key: RequestKey | None,
    ) -> Recorded:
        """Loads one record, applies a change to it, and saves it."""

        def decide() -> tuple[list[Aggregate], Recorded]:
            aggregate = self.get(cls, id)
            number = change(aggregate)
            return [aggregate], _recorded(aggregate, number)

        return self._execute(decide, key)

    def _create(self, make: Callable[[], Aggregate], key: RequestKey | None) -> Recorded:
        def decide() -> tuple[list[Aggregate], Recorded]:
            aggregate = make()
            return [aggregate], _recorded(aggregate)

        return self._execute(decide, key)

    # ---------------------------------------------------- for a kind's own commands
    # A kind of record may keep its commands beside its aggregate (`domain.skill_share`),
    # as a small class over the service, instead of a mixin of `Groundwork`: these are the
    # steps every command takes, named for what they are.

    def record_new(self, make: Callable[[], Aggregate], key: RequestKey | None) -> Recorded:
        """Records the new record `make` decides on (once per `key`)."""
        return self._create(make, key)

    def record_change(
        self, cls: type[A], id: UUID, change: Callable[[A], int | None], key: RequestKey | None
    ) -> Recorded:
        """Records what `change` decides on one record (once per `key`)."""
        return self._update(cls, id, change, key)

    def member(self, network_id: UUID, cls: type[A], id: UUID, field: str) -> A:
        """A record a command names, which must belong to its network (read only)."""
        return self._member(network_id, cls, id, field)

    def remembered(self, network_id: UUID, id: UUID, field: str) -> Person:
        """A person a command names, of its network and not forgotten."""
        return self._remembered(network_id, id, field)

    def ids_in_network(
        self, created: type[Aggregate.Event], cls: type[A], network_id: UUID, limit: int = 1_000
    ) -> list[UUID]:
        """The ids of a network's records of a kind it makes few of, oldest first."""
        return self._ids_in_network(created, cls, network_id, limit)
