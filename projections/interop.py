"""What the network shares with other organising tools (as OSDI, `interface.osdi`): which
of its people are still on record, in the order they registered, and which gatherings and
actions it has, in the order they were recorded.

The view keeps ids and order only: everything else is read from each record when a page
is answered, as the records stand then (names and contact details, which are personal
data, never come here). A person forgotten at their request leaves this view (their row is
deleted), so that nothing about them (not even their id, which another tool may already
hold with their name) is handed on.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from domain.action import Action
from domain.gathering import Gathering
from domain.person import Person
from projections.dialect import Cursor
from projections.view import View, handles

EventKind = Literal["gathering", "action"]


class Interop(View):
    name = "interop"
    tables = ("interop_people", "interop_events")
    schema = (
        "CREATE TABLE IF NOT EXISTS interop_people ("
        " person_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, position INTEGER NOT NULL)"
        " WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS interop_people_by_network"
        " ON interop_people (network_id, position)",
        "CREATE TABLE IF NOT EXISTS interop_events ("
        " record_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, position INTEGER NOT NULL,"
        " kind TEXT NOT NULL) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS interop_events_by_network"
        " ON interop_events (network_id, position)",
    )

    # ------------------------------------------------------------------ writing

    @handles(Person.Registered)
    def _registered(self, c: Cursor, position: int, e: Person.Registered) -> None:
        c.execute(
            "INSERT INTO interop_people VALUES (?, ?, ?)",
            (e.originator_id.hex, e.network_id.hex, position),
        )

    @handles(Person.Forgotten)
    def _forgotten(self, c: Cursor, position: int, e: Person.Forgotten) -> None:
        c.execute("DELETE FROM interop_people WHERE person_id = ?", (e.originator_id.hex,))

    @handles(Gathering.Held, Action.Planned)
    def _event(self, c: Cursor, position: int, e: Gathering.Held | Action.Planned) -> None:
        kind = "gathering" if isinstance(e, Gathering.Held) else "action"
        c.execute(
            "INSERT INTO interop_events VALUES (?, ?, ?, ?)",
            (e.originator_id.hex, e.network_id.hex, position, kind),
        )

    # ------------------------------------------------------------------ reading

    def people(self, network_id: UUID, *, limit: int, offset: int) -> list[UUID]:
        """The network's people still on record, in the order they registered."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT person_id FROM interop_people WHERE network_id = ?"
                " ORDER BY position LIMIT ? OFFSET ?",
                (network_id.hex, limit, offset),
            )
            return [UUID(r[0]) for r in c.fetchall()]

    def events(self, network_id: UUID, *, limit: int, offset: int) -> list[tuple[UUID, EventKind]]:
        """The network's gatherings and actions, in the order they were recorded."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT record_id, kind FROM interop_events WHERE network_id = ?"
                " ORDER BY position LIMIT ? OFFSET ?",
                (network_id.hex, limit, offset),
            )
            return [(UUID(r[0]), r[1]) for r in c.fetchall()]

    def count(self, network_id: UUID, of: Literal["people", "events"]) -> int:
        """How many people (or events) of the network there are."""
        table = {"people": "interop_people", "events": "interop_events"}[of]
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT COUNT(*) FROM {table} WHERE network_id = ?",  # noqa: S608 (ours)
                (network_id.hex,),
            )
            count: int = c.fetchone()[0]
            return count
