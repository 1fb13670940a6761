"""Idempotency keys, consumed in the same atomic save as the command's events.

A key is an aggregate whose id is derived from the key (never personal data: the
key is hashed into a UUID). Recording a command with a key saves the command's
aggregates and the key's `Consumed` event together, so a crash can never leave
one without the other, and the store's unique (id, version) constraint makes a
second consumption of the same key impossible.

The key's events keep the topics they were recorded with before this module moved into
`domain.store` (`RECORDED_AS`): the library's explicit topics, so that a log reads the same
whichever Groundwork wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

_NAMESPACE = UUID("6f1c2a52-3f5e-4f57-9a53-2b4f8f0f7c11")
#: Where the key's events were recorded from: the module's name before `domain.store`.
RECORDED_AS = "domain.idempotency:IdempotencyKey"


@dataclass(frozen=True)
class RequestKey:
    """What identifies one client request: its key (scoped by the caller) and a
    fingerprint of the request it came with."""

    key: str
    fingerprint: str

    @cached_property
    def id(self) -> UUID:
        # Read four times or more by each command that carries a key: hashed once.
        return uuid5(_NAMESPACE, self.key)


class IdempotencyKey(Aggregate):
    TOPIC = RECORDED_AS

    class Created(Aggregate.Created):  # never recorded, but an explicit topic needs one
        TOPIC = f"{RECORDED_AS}.Created"

    class Consumed(Aggregate.Created):
        TOPIC = f"{RECORDED_AS}.Consumed"
        fingerprint: str
        result: dict[str, str | int | None]

    @classmethod
    def consume(cls, key: RequestKey, result: dict[str, str | int | None]) -> IdempotencyKey:
        """The key, consumed by a request whose command recorded `result`."""
        return cls._create(cls.Consumed, id=key.id, fingerprint=key.fingerprint, result=result)

    @event(Consumed)
    def __init__(self, fingerprint: str, result: dict[str, str | int | None]) -> None:
        self.fingerprint = fingerprint
        self.result = dict(result)
