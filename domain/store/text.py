"""Typed text: every free-text field is personal data, since people type names into any.

An event class names its fields of typed text in `typed_text` (paths such as "title",
"interests[]", "follow_ups[].what", "evaluation.learned"); one declaration, next to the
fields. On the way to the store (`TextMapper.to_stored_event`), each of them is sealed:
encrypted with a key of the event's own from the key store (`PersonalKeys.text_key`, taken
from a pool stored in batches, so that a new key adds no write of its own to a command),
with the key's id and the text's place among the event's texts as associated data. On the
way back, each reads as the text it was; once its key is destroyed, as what erasure
re-recorded in its place (`PersonalKeys.restated`), or as nothing. Aggregates, views and
pages only ever see `str`. See docs/free-text-erasure.md for the rule.

Text recorded before typed text was sealed is a plain string in the log: it reads as it
is, and erasure cannot shred it where it lies (the README says how to move such a store on).
"""

from __future__ import annotations

import dataclasses
import os
import re
from base64 import b64decode, b64encode
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import count
from typing import TYPE_CHECKING, Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoder, Transcoding

from domain.store.ids import uuid_of
from domain.store.keys import NONCE_SIZE, PersonalKeys

if TYPE_CHECKING:
    from eventsourcing.domain import DomainEventProtocol


@dataclass(frozen=True)
class Sealed:
    """A piece of typed text as it is stored: `n` is its place among its event's texts."""

    key: UUID
    n: int
    value: str

    def __repr__(self) -> str:  # never leak the value into logs or tracebacks
        return f"Sealed(key={self.key}, n={self.n}, <{len(self.value)} chars>)"

    __str__ = __repr__


class TypedTextUnreadable(Exception):
    """Stored typed text does not decrypt with its key: it was altered or moved."""


def associated(key: UUID, n: int) -> bytes:
    return key.bytes + n.to_bytes(4, "big")


def seal(key: bytes, key_id: UUID, n: int, text: str) -> str:
    nonce = os.urandom(NONCE_SIZE)
    sealed = AESGCM(key).encrypt(nonce, text.encode("utf-8"), associated(key_id, n))
    return b64encode(nonce + sealed).decode("ascii")


def unseal(key: bytes, key_id: UUID, n: int, cipher: str) -> str:
    sealed = b64decode(cipher)
    try:
        plain = AESGCM(key).decrypt(sealed[:NONCE_SIZE], sealed[NONCE_SIZE:], associated(key_id, n))
    except InvalidTag:
        raise TypedTextUnreadable(f"Typed text {key_id}/{n} does not decrypt.") from None
    return plain.decode("utf-8")


class SealedAsDict(Transcoding):
    """{"key": hex, "n": place, "cipher": base64(nonce + AES-256-GCM ciphertext and tag)}."""

    type = Sealed
    name = "typed_text"

    def __init__(self, keys: PersonalKeys) -> None:
        self.keys = keys

    def encode(self, obj: Sealed) -> dict[str, Any]:
        return sealed_as_dict(self.keys, obj)

    def decode(self, data: dict[str, Any]) -> Sealed:
        return sealed_from_dict(self.keys, data)

    def reading_plain(self, *, personal_data: bool = True) -> Transcoding:
        """The transcoding that reads the text as plain `str` (see `TextMapper`)."""
        return SealedAsText(self.keys)


class SealedAsText(SealedAsDict):
    """Reads typed text straight as the `str` it was (what aggregates, views and pages see),
    rather than as `Sealed`: no second pass over the event's typed text paths."""

    def decode(self, data: dict[str, Any]) -> str:  # type: ignore[override]
        return sealed_from_dict(self.keys, data).value


def sealed_as_dict(keys: PersonalKeys, obj: Sealed) -> dict[str, Any]:
    cipher = seal(keys.key_for(obj.key), obj.key, obj.n, obj.value)
    return {"key": obj.key.hex, "n": obj.n, "cipher": cipher}


def sealed_from_dict(keys: PersonalKeys, data: dict[str, Any]) -> Sealed:
    """The text as it was; once its key is destroyed, what erasure re-recorded, or ""."""
    key_id, n = uuid_of(data["key"]), int(data["n"])
    key = keys.key_of(key_id)
    if key is not None:
        return Sealed(key_id, n, unseal(key, key_id, n, data["cipher"]))
    return Sealed(key_id, n, keys.restated(key_id, n) or "")


# ---------------------------------------------------------------------- paths


def _leaves(value: Any, path: list[str], change: Callable[[Any], Any]) -> Any:
    """`value` with each leaf the path reaches replaced by `change(leaf)`."""
    if value is None or getattr(value, "forgotten", False):  # erased personal data: nothing
        return value
    if not path:
        return change(value)
    head, rest = path[0], path[1:]
    if head == "[]":
        return [_leaves(item, rest, change) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{head: _leaves(getattr(value, head), rest, change)})
    raise TypeError(f"typed text path {head!r} does not fit a {type(value).__name__}")


def _split(path: str) -> tuple[str, list[str]]:
    parts = path.replace("[]", ".[]").split(".")
    return parts[0], parts[1:]


def paths_of(event_class: type[Any]) -> tuple[str, ...]:
    paths: tuple[str, ...] = getattr(event_class, "typed_text", ())
    return paths


def changed(state: dict[str, Any], paths: tuple[str, ...], change: Callable[[Any], Any]) -> None:
    """Replaces, in an event's state, every leaf of the paths with `change(leaf)`."""
    for path in paths:
        field, rest = _split(path)
        if field in state:
            state[field] = _leaves(state[field], rest, change)


def texts_in(state: dict[str, Any], paths: tuple[str, ...]) -> Iterator[Sealed | str]:
    """Every piece of typed text in an event's state, sealed or (recorded before) plain."""
    found: list[Sealed | str] = []

    def note(leaf: Any) -> Any:
        if isinstance(leaf, Sealed | str) and leaf:
            found.append(leaf)
        return leaf

    changed(dict(state), paths, note)
    return iter(found)


class TextMapper(Mapper[UUID]):
    """The library's mapper, sealing each event's typed text on the way to the store and
    reading it back as plain text (see the module's docstring).

    Reading is done by a second mapper of the library's, whose transcoder reads typed text
    straight as `str` (each transcoding's `reading_plain`, where it has one), so that an
    event is decoded in one pass; `to_sealed_event` keeps it `Sealed`, for erasure; and
    `without_personal_data` is a mapper that decrypts no personal data (for the views, which
    never keep it: see `domain.personal.UnreadPersonalData`)."""

    def __init__(self, mapper: Mapper[UUID], keys: PersonalKeys) -> None:
        super().__init__(mapper.transcoder, mapper.compressor, mapper.cipher)
        self.keys = keys
        plain = plain_transcoder(mapper.transcoder)
        self._plain = Mapper[UUID](plain, self.compressor, self.cipher)
        unread = plain_transcoder(mapper.transcoder, personal_data=False)
        #: See `without_personal_data`.
        self.without_personal_data = Mapper[UUID](unread, self.compressor, self.cipher)

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        paths = paths_of(type(domain_event))
        if paths:
            state = dict(vars(domain_event))
            places = count()
            key: list[UUID] = []

            def sealed(leaf: Any) -> Any:
                if not isinstance(leaf, str) or not leaf:
                    return leaf
                if not key:
                    key.append(self.keys.text_key())
                return Sealed(key[0], next(places), leaf)

            changed(state, paths, sealed)
            copy = object.__new__(type(domain_event))
            object.__setattr__(copy, "__dict__", state)
            domain_event = copy
        return super().to_stored_event(domain_event)

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        return self._plain.to_domain_event(stored_event)

    def to_sealed_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        """The event with its typed text still `Sealed` (for erasure to find and reword)."""
        return super().to_domain_event(stored_event)


#: Where a stored event's JSON names the key of a typed text (`SealedAsDict`, through the
#: library's transcoder: {"_type_": name, "_data_": {"key": hex, ...}}, no spaces).
_TEXT_KEY = re.compile(rb'"_type_":"typed_text","_data_":\{"key":"([0-9a-f]{32})"')


def text_keys_in(states: Iterable[bytes]) -> set[UUID]:
    """The keys of the typed texts in stored events' states, found without decoding them
    (none in a state encrypted or compressed as a whole: those are read key by key)."""
    return {uuid_of(k.decode()) for state in states for k in _TEXT_KEY.findall(state)}


def plain_transcoder(transcoder: Transcoder, *, personal_data: bool = True) -> Transcoder:
    """A copy of a JSON transcoder whose transcodings read typed text as `str` (and, without
    `personal_data`, personal data as `domain.personal.UnreadPersonalData`)."""
    if not isinstance(transcoder, JSONTranscoder):
        return transcoder
    plain = JSONTranscoder()
    for transcoding in transcoder.names.values():
        reading_plain = getattr(transcoding, "reading_plain", None)
        if reading_plain is not None:
            transcoding = reading_plain(personal_data=personal_data)
        plain.register(transcoding)
    return plain


def text_event_topics() -> list[str]:
    """The topics of every event class with typed text (of the aggregates imported)."""
    from eventsourcing.domain import CanMutateAggregate

    found: set[str] = set()
    todo: list[type[Any]] = [CanMutateAggregate]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if paths_of(cls):
            # The library's topic, without registering it: the library makes more than one
            # class of a name (the one it registers is the aggregate's).
            found.add(f"{cls.__module__}:{cls.__qualname__}")
    return sorted(found)


def resealing(mapper: TextMapper) -> Callable[[StoredEvent], bytes | None]:
    """For moving an older store on (`groundwork import events`): the new state of a stored
    event whose typed text was recorded in clear, now sealed; None for any other event."""
    from eventsourcing.utils import resolve_topic

    def reseal(stored: StoredEvent) -> bytes | None:
        paths = paths_of(resolve_topic(stored.topic))
        if not paths:
            return None
        sealed = mapper.to_sealed_event(stored)
        if not any(isinstance(t, str) for t in texts_in(vars(sealed), paths)):
            return None
        return mapper.to_stored_event(mapper.to_domain_event(stored)).state

    return reseal
