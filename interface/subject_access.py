"""A subject access request: everything held about one person, as JSON.

Their own record (every event of it), every record they took part in (every event of each,
with the parts they took), and every read of their personal data on the access record.
Personal data about them is given in full (private notes included); personal data about
anyone else in the same records is withheld, and a forgotten person's data reads null.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from domain.application import Groundwork
from domain.person import Person
from domain.personal import PersonalData
from projections.access import AccessLog
from projections.records import Records

#: What stands for another person's personal data in someone's export.
WITHHELD = {"withheld": "personal data of another person"}


def plain(value: Any, subject: UUID) -> Any:
    """An event's value as JSON: the subject's personal data readable (null once forgotten),
    anyone else's withheld."""
    if isinstance(value, PersonalData):
        if value.subject != subject:
            return WITHHELD
        return None if value.forgotten else value.value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), subject) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v, subject) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v, subject) for k, v in value.items()}
    return value


def event_of(event: Any, subject: UUID) -> dict[str, Any]:
    fields = {
        k: plain(v, subject)
        for k, v in vars(event).items()
        if k not in ("originator_id", "originator_version", "timestamp", "originator_topic")
    }
    return {
        "version": event.originator_version,
        "type": type(event).__qualname__,
        "recorded_at": event.timestamp.isoformat(),
        "data": fields,
    }


def subject_access(
    app: Groundwork, records: Records, access: AccessLog, person_id: UUID
) -> dict[str, Any]:
    """Everything held about a person (`NotFound` if no such person is on record)."""
    person = app.get(Person, person_id)
    taken_part = [
        {
            "record_id": str(record_id),
            "roles": roles,
            "events": [event_of(e, person_id) for e in app.events.get(record_id)],
        }
        for record_id, roles in records.records_of(person_id)
        if record_id != person_id
    ]
    reads = []
    offset = 0
    while page := access.reads(person_id=person_id, limit=500, offset=offset):
        reads += [
            {
                "account_id": str(r.account_id),
                "what": r.what,
                "record_id": str(r.record_id),
                "read_at": r.read_at.isoformat(),
            }
            for r in page
        ]
        offset += len(page)
    return {
        "person_id": str(person_id),
        "network_id": str(person.network_id),
        "forgotten": person.forgotten,
        "record": [event_of(e, person_id) for e in app.history(Person, person_id)],
        "took_part_in": taken_part,
        "reads": reads,
    }
