"""How Groundwork's events are written to the store and read back: the application's key
store of personal data, its mapper and its transcodings.

Every event's typed text is sealed with a key of the event's own (`domain.store.text`),
personal data is encrypted with its subject's key (`domain.personal`, `domain.store.keys`),
and value objects, dates and times are stored as plain JSON (`domain.values`).
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Mapper, Transcoder, UUIDAsHex

from domain.personal import PersonalDataAsDict
from domain.store import library
from domain.store.ids import uuid_of
from domain.store.keys import PersonalKeys, open_personal_keys
from domain.store.text import SealedAsDict, TextMapper
from domain.values import VALUE_OBJECTS, DataclassAsDict, DateAsISO, TimeAsISO


class UUIDAsHexShared(UUIDAsHex):
    """The library's UUID transcoding, handing out one `UUID` per id (`domain.store.ids`)."""

    def decode(self, data: str) -> UUID:
        return uuid_of(data)


class EncodingApplication(library.Application):
    """The library's application (through `domain.store.library`), encoding events as
    Groundwork stores them."""

    #: Each person's key, for their personal data (see `construct_transcoder`).
    keys: PersonalKeys

    def construct_transcoder(self) -> Transcoder:
        """Opens the key store first: the library's `Application.__init__` builds the
        transcoder (through `construct_mapper`) once the environment is read and before
        anything is stored, and personal data is encoded with the keys. A persistence module
        whose factory opens a key store of its own (`domain.store.postgres`) keeps them there."""
        opener = getattr(self.factory, "open_personal_keys", open_personal_keys)
        self.keys = opener(self.env)
        return super().construct_transcoder()

    def construct_mapper(self) -> Mapper[UUID]:
        """The library's mapper, sealing every event's typed text (see `domain.store.text`)."""
        return TextMapper(super().construct_mapper(), self.keys)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(UUIDAsHexShared())
        transcoder.register(PersonalDataAsDict(self.keys))
        transcoder.register(SealedAsDict(self.keys))
        transcoder.register(DateAsISO())
        transcoder.register(TimeAsISO())
        for value_object in VALUE_OBJECTS:
            transcoder.register(DataclassAsDict(value_object))

    def close(self) -> None:
        super().close()
        keys: PersonalKeys | None = getattr(self, "keys", None)
        if keys is not None:
            keys.close()
