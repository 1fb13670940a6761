"""Personal data: the one place where what identifies or describes a person lives.

Every name, contact detail, private note, quote or story in an event is a
`PersonalData` value tied to the person it is about (its *subject*). Nothing else
in an event may identify a person, and personal data never goes into ids, topics
or anything used as a key. Keeping it in this one marked shape is what lets it be
encrypted with a key per person (`domain.store.keys`) and erased by destroying that key,
without changing the shape of any event.
"""

from __future__ import annotations

import json
import os
from base64 import b64decode, b64encode
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Transcoding

from domain.store.ids import uuid_of
from domain.store.keys import NONCE_SIZE, PersonalKeys
from domain.store.text import Sealed, sealed_as_dict, sealed_from_dict

#: What a forgotten person's personal data reads as.
FORGOTTEN_PERSON = "forgotten person"


@dataclass(frozen=True)
class PersonalData:
    """A piece of personal data about one person (the subject).

    Once the subject is forgotten, their data reads back `forgotten`, with the value
    "forgotten person": a name shows as that; other data (contact details, what was
    shared, notes) should show as nothing (`readable`)."""

    subject: UUID
    value: str
    forgotten: bool = False

    @classmethod
    def erased(cls, subject: UUID) -> PersonalData:
        """What is left of a forgotten person's personal data."""
        return cls(subject, FORGOTTEN_PERSON, forgotten=True)

    def __repr__(self) -> str:  # never leak the value into logs or tracebacks
        if self.forgotten:
            return f"PersonalData(subject={self.subject}, forgotten)"
        return f"PersonalData(subject={self.subject}, value=<{len(self.value)} chars>)"

    __str__ = __repr__


class PersonalDataNotRead(Exception):
    """Code that reads events without their personal data (the views') asked for it."""


@dataclass(frozen=True)
class UnreadPersonalData:
    """Personal data read without being decrypted, as the views' follower reads events: no
    view keeps or shows personal data, so none is decrypted for them (a rebuild spent a
    sixth of its time on it). Its value cannot be read: a view that tried would fail, not
    store something else in its place."""

    subject: UUID

    @property
    def value(self) -> str:
        raise PersonalDataNotRead(f"Personal data of {self.subject} was not read.")


def readable(data: PersonalData | None) -> str | None:
    """The value, or None when there is none or its subject was forgotten (for contact
    details, shared text and notes: a name reads "forgotten person" through `.value`)."""
    return None if data is None or data.forgotten else data.value


class PersonalDataUnreadable(Exception):
    """Stored personal data does not decrypt with its subject's key: it was altered, or
    moved from another person's data."""


class PersonalDataAsDict(Transcoding):
    """Stores personal data encrypted with its subject's key (`domain.store.keys`), as
    {"subject": hex, "cipher": base64(nonce + AES-256-GCM ciphertext and tag)}, with the
    subject's bytes as associated data so that a value cannot be moved to another person.

    Data whose subject's key was destroyed decodes as `PersonalData.erased` (itself stored
    as {"subject": hex, "forgotten": true}, should a state holding it be stored: a snapshot).

    Personal data that is also typed text (what a person shared, notes: another person
    may be named in it) holds a `Sealed` value on its way to the store (`domain.store.text`): it
    is sealed with its event's key, then encrypted with the subject's, and stored with
    "typed_text": true. Forgetting the subject makes it noise; forgetting someone it names
    rewords it (`domain.store.erasure`) while the subject stays.

    Legacy: data stored before encryption, {"subject": hex, "value": text}, still decodes
    (and reads as erased once its subject is forgotten), but its plaintext stays in the
    log, which is never edited: it cannot be shredded.
    """

    type = PersonalData
    name = "personal_data"

    def __init__(self, keys: PersonalKeys, *, plain: bool = False, read: bool = True) -> None:
        self.keys = keys
        #: Typed text inside read as `str`, not `Sealed` (`domain.store.text.TextMapper`).
        self.plain = plain
        #: False: read as `UnreadPersonalData`, without decrypting anything.
        self.read = read

    def reading_plain(self, *, personal_data: bool = True) -> PersonalDataAsDict:
        return PersonalDataAsDict(self.keys, plain=True, read=personal_data)

    def encode(self, obj: PersonalData) -> dict[str, Any]:
        if obj.forgotten:  # what is left of it (a snapshot of a state, say): nothing to hide
            return {"subject": obj.subject.hex, "forgotten": True}
        key = self.keys.key_for(obj.subject)  # `PersonForgotten` if their key was destroyed
        text: Any = obj.value
        nested = isinstance(text, Sealed)
        if nested:  # typed text too: sealed with its event's key inside the subject's
            text = json.dumps(sealed_as_dict(self.keys, text), separators=(",", ":"))
        nonce = os.urandom(NONCE_SIZE)
        sealed = AESGCM(key).encrypt(nonce, text.encode("utf-8"), obj.subject.bytes)
        cipher = b64encode(nonce + sealed).decode("ascii")
        if nested:
            return {"subject": obj.subject.hex, "cipher": cipher, "typed_text": True}
        return {"subject": obj.subject.hex, "cipher": cipher}

    def decode(self, data: dict[str, Any]) -> PersonalData:
        subject = uuid_of(data["subject"])
        if not self.read:
            return UnreadPersonalData(subject)  # type: ignore[return-value]
        if data.get("forgotten"):
            return PersonalData.erased(subject)
        if "cipher" not in data:  # stored in plaintext, before encryption
            if self.keys.is_forgotten(subject):
                return PersonalData.erased(subject)
            return PersonalData(subject=subject, value=data["value"])
        key = self.keys.key_of(subject)
        if key is None:
            return PersonalData.erased(subject)
        sealed = b64decode(data["cipher"])
        try:
            value = AESGCM(key).decrypt(sealed[:NONCE_SIZE], sealed[NONCE_SIZE:], subject.bytes)
        except InvalidTag:
            raise PersonalDataUnreadable(
                f"Personal data of person {subject} does not decrypt with their key."
            ) from None
        if data.get("typed_text"):
            inner = sealed_from_dict(self.keys, json.loads(value))
            if self.plain:
                return PersonalData(subject=subject, value=inner.value)
            return PersonalData(subject=subject, value=inner)  # type: ignore[arg-type]
        return PersonalData(subject=subject, value=value.decode("utf-8"))
