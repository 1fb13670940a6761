"""The access record: who read a person's private notes or their full record, and when.

Reading personal data is itself a fact worth keeping: each such read is recorded as an
event (in the same tamper-evident log as everything else), naming the account, what was
read, the record it was read from and the person it is about. The event holds ids only,
never what was read.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.kinds import Kind


class Access(StrEnum):
    """What kind of personal data was read."""

    PRIVATE_NOTES = "private_notes"  #: a one-to-one's private notes
    PERSON = "person"  #: a person's record: name, contact details, consents, the ladder
    HISTORY = "history"  #: every record a person took part in
    EXPORT = "export"  #: everything held about a person (a subject access request)
    OSDI = "osdi"  #: their name and contact details, exported for another tool (OSDI)


class AccessRecord(Aggregate):
    """One read of personal data."""

    KIND = Kind("access record", None, of_network=False)

    class Read(Aggregate.Created):
        account_id: UUID
        what: str
        record_id: UUID
        person_id: UUID

    @classmethod
    def read(
        cls, *, account_id: UUID, what: Access, record_id: UUID, person_id: UUID
    ) -> AccessRecord:
        return cls._create(
            cls.Read,
            id=uuid4(),
            account_id=account_id,
            what=what.value,
            record_id=record_id,
            person_id=person_id,
        )

    @event(Read)
    def __init__(self, account_id: UUID, what: str, record_id: UUID, person_id: UUID) -> None:
        self.account_id = account_id
        self.what = Access(what)
        self.record_id = record_id
        self.person_id = person_id
