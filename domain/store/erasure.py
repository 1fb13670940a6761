"""Erasure that reaches typed text: the records that name a forgotten person are reworded.

Forgetting a person destroys their key (their name, contact details, what they shared,
notes about them). But organisers type names anywhere: into follow-ups, an action's
outcome, a decision's rationale. So forgetting also reads every event with typed text
(`domain.store.text`), and for each one that names the person (`domain.redaction`) re-records
all its texts, with the person taken out, under a new key (`PersonalKeys.restate`), then
destroys the event's own key: its old wording is then noise in the log, and it reads as
reworded everywhere (records, histories, views once derived again). The typed text of the
person's own record (their skills, the reasons of their assessments) is theirs: its keys
are destroyed with nothing in their place.

Typed text recorded before it was sealed is plain in the log: it cannot be shredded where
it lies. Such events are counted (`Reworded.in_clear`), so the command can say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application

from domain.personal import PersonalData
from domain.redaction import Identifiers
from domain.store.keys import PersonalKeys
from domain.store.text import Sealed, TextMapper, paths_of, text_event_topics, texts_in

#: How many events are read at a time.
PAGE = 500


@dataclass(frozen=True)
class Reworded:
    """What erasure did to typed text: events reworded, and events naming the person whose
    text was recorded in clear (before typed text was sealed) and stays in the log."""

    events: int
    in_clear: int


def identifiers_of(history: list[Any]) -> Identifiers:
    """What names a person, from their record's events (before their key is destroyed):
    every name and contact details they were recorded with."""
    names: list[str] = []
    contacts: list[str] = []
    for event in history:
        for field, into in (("name", names), ("contact", contacts)):
            value = getattr(event, field, None)
            if isinstance(value, PersonalData) and not value.forgotten:
                into.append(value.value)
    return Identifiers.of(names, contacts)


def _theirs(event: Any, person_id: UUID) -> list[Sealed]:
    """The person's own personal data in an event that is typed text too (what they shared,
    notes about them): noise once their key is destroyed, never reworded for another."""
    return [
        v.value
        for v in vars(event).values()
        if isinstance(v, PersonalData) and v.subject == person_id and isinstance(v.value, Sealed)
    ]


def reword(
    app: Application[UUID],
    keys: PersonalKeys,
    person_id: UUID,
    identifiers: Identifiers,
    now: datetime,
) -> Reworded:
    """Rewords every event whose typed text names the person, and shreds the typed text of
    their own record (see the module's docstring)."""
    mapper = cast(TextMapper, app.mapper)
    shred: set[UUID] = set()
    unsaid: dict[UUID, dict[int, str]] = {}
    reworded = in_clear = 0
    position = 0
    topics = text_event_topics()
    while batch := app.recorder.select_notifications(
        start=position, limit=PAGE, topics=topics, inclusive_of_start=False
    ):
        position = batch[-1].id
        for notification in batch:
            event = mapper.to_sealed_event(notification)
            theirs = _theirs(event, person_id)
            for t in theirs:  # reworded once, for someone else: that rewording goes too
                if keys.key_of(t.key) is None:
                    unsaid.setdefault(t.key, {})[t.n] = ""
            texts = list(texts_in(vars(event), paths_of(type(event))))
            sealed = [t for t in texts if isinstance(t, Sealed) and t not in theirs]
            if notification.originator_id == person_id:
                shred.update(t.key for t in sealed)
                continue
            if identifiers and any(isinstance(t, str) and identifiers.name(t) for t in texts):
                in_clear += 1
            if not identifiers or not any(identifiers.name(t.value) for t in sealed):
                continue
            for key in {t.key for t in sealed}:
                earlier = keys.restated_by(key)  # reworded before: those texts go too
                keys.restate(
                    key, {t.n: identifiers.redact(t.value) for t in sealed if t.key == key}
                )
                shred.add(key)
                shred.update(earlier)
            reworded += 1
    for key, emptied in unsaid.items():
        keys.restate(key, emptied)
    if shred or unsaid:
        keys.destroy_all(shred, now)  # and scrubs the old wording from the key store
    return Reworded(events=reworded, in_clear=in_clear)
