"""Personal data: the one place where what identifies or describes a person lives.

Every name, contact detail, private note, quote or story in an event is a
`PersonalData` value tied to the person it is about (its *subject*). Nothing else
in an event may identify a person, and personal data never goes into ids, topics
or anything used as a key. Keeping it in this one marked shape is what lets the
trust work encrypt it with a key per person and erase it by destroying that key,
without changing the shape of any event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Transcoding


@dataclass(frozen=True)
class PersonalData:
    """A piece of personal data about one person (the subject)."""

    subject: UUID
    value: str

    def __repr__(self) -> str:  # never leak the value into logs or tracebacks
        return f"PersonalData(subject={self.subject}, value=<{len(self.value)} chars>)"

    __str__ = __repr__


class PersonalDataAsDict(Transcoding):
    """Stores personal data as {"subject": hex, "value": text}."""

    type = PersonalData
    name = "personal_data"

    def encode(self, obj: PersonalData) -> dict[str, Any]:
        return {"subject": obj.subject.hex, "value": obj.value}

    def decode(self, data: dict[str, Any]) -> PersonalData:
        return PersonalData(subject=UUID(data["subject"]), value=data["value"])
