"""The story of each record, and of each person through the records they took part in.

Every event with a summary is kept under the record it belongs to (a one-to-one, an
action, a power-holder, a decision...), so that a decision's evidence can be read as it
stood when the decision was reached, and `record_people` says who took part in which
record and how, so that a person's relational history is every record they are in.
Summaries name no one, and no personal data is kept: names are resolved when read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.kinds import every_part, involved
from domain.listening import ListeningCampaign
from domain.power_holder import PowerHolder
from projections.dialect import Cursor
from projections.summaries import summarise, summarised
from projections.view import NOW, Cut, View, handles, moment


@dataclass(frozen=True)
class RecordEntry:
    record_id: UUID
    item: int | None
    position: int
    happened_at: datetime
    recorded_at: datetime
    recorded_by: UUID
    kind: str
    summary: str
    source: str
    correction: bool


@dataclass(frozen=True)
class PersonEntry:
    """One line of a person's relational history, with the parts they took in its record."""

    roles: list[str]
    entry: RecordEntry


#: The parts a person takes in a record, as `record_people` calls them: declared by each
#: kind of record (`domain.kinds.Kind.parts`), named by its events' `involved()`.
PARTS = tuple(every_part())


class Records(View):
    name = "records"
    # 2: a correction of private notes no longer quotes its reason;
    # 3: notes kept about a person are a line of their own record.
    version = 3
    tables = ("record_events", "record_people")
    schema = (
        # item: the number of a thing recorded inside another (a listening session, an
        # assessment), so that evidence citing it reads only its lines.
        "CREATE TABLE IF NOT EXISTS record_events ("
        " record_id TEXT NOT NULL, position INTEGER NOT NULL, item INTEGER,"
        " happened_at TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL,"
        " kind TEXT NOT NULL, summary TEXT NOT NULL, source TEXT NOT NULL,"
        " correction INTEGER NOT NULL, PRIMARY KEY (record_id, position)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS record_people ("
        " person_id TEXT NOT NULL, record_id TEXT NOT NULL, role TEXT NOT NULL,"
        " position INTEGER NOT NULL, PRIMARY KEY (person_id, record_id, role)) WITHOUT ROWID",
    )

    @handles(*summarised())
    def _event(self, c: Cursor, position: int, e: Any) -> None:
        s = summarise(e)
        assert s is not None
        item = (
            e.number
            if isinstance(e, ListeningCampaign.SessionHeld | PowerHolder.Assessed)
            else None
        )
        self.insert_later(
            "INSERT INTO record_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e.originator_id.hex,
                position,
                item,
                moment(s.happened_at or e.timestamp),
                moment(e.timestamp),
                e.recorded_by.hex,
                s.kind,
                s.text,
                s.source,
                int(s.correction),
            ),
            key=2,
        )
        for person, role in involved(e):
            self.insert_later(
                "INSERT INTO record_people VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (person.hex, e.originator_id.hex, role, position),
                key=3,
            )

    # ------------------------------------------------------------------ reading

    def story(
        self, record_id: UUID, *, item: int | None = None, cut: Cut = NOW
    ) -> list[RecordEntry]:
        """A record's lines in order of when they happened (only those of one item, if
        given); with a cut, only those on record then and that had happened then."""
        sql = f"SELECT {_COLUMNS} FROM record_events e WHERE e.record_id = ?"  # noqa: S608
        params: list[Any] = [record_id.hex]
        if item is not None:
            sql += " AND e.item = ?"
            params.append(item)
        if cut != NOW:
            sql += " AND e.position <= ? AND e.happened_at <= ?"
            params += [cut.position, cut.happened]
        sql += " ORDER BY e.happened_at, e.position"
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            return [_entry(r) for r in c.fetchall()]

    def records_of(self, person_id: UUID) -> list[tuple[UUID, list[str]]]:
        """Every record the person took part in, oldest first, with the parts they took."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT record_id, group_concat(role) FROM record_people WHERE person_id = ?"
                " GROUP BY record_id ORDER BY min(position), record_id",
                (person_id.hex,),
            )
            return [(UUID(r[0]), sorted(set(r[1].split(",")))) for r in c.fetchall()]

    def parts_taken(self, person_id: UUID) -> dict[str, int]:
        """In how many records the person took each part ("taught": 2, "attended": 5), but
        their own: what their place on the leadership ladder rests on."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT role, count(*) FROM record_people WHERE person_id = ? AND role != 'self'"
                " GROUP BY role ORDER BY role",
                (person_id.hex,),
            )
            return {r[0]: r[1] for r in c.fetchall()}

    def person_history(
        self,
        person_id: UUID,
        *,
        kinds: Sequence[str] = (),
        cut: Cut = NOW,
        limit: int = 50,
        offset: int = 0,
    ) -> list[PersonEntry]:
        """Every line of every record the person took part in, newest first; with a cut,
        as it was on record then and as things stood then (`projections.view.Cut`)."""
        sql = (
            f"SELECT group_concat(p.role), {_COLUMNS} FROM record_people p"  # noqa: S608
            " JOIN record_events e ON e.record_id = p.record_id WHERE p.person_id = ?"
        )
        params: list[Any] = [person_id.hex]
        if kinds:
            sql += f" AND e.kind IN ({', '.join('?' * len(kinds))})"
            params += list(kinds)
        if cut != NOW:
            sql += " AND p.position <= ? AND e.position <= ? AND e.happened_at <= ?"
            params += [cut.position, cut.position, cut.happened]
        sql += (
            " GROUP BY e.record_id, e.position"
            " ORDER BY e.happened_at DESC, e.position DESC LIMIT ? OFFSET ?"
        )
        params += [limit, offset]
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            return [PersonEntry(sorted(r[0].split(",")), _entry(r[1:])) for r in c.fetchall()]


#: The columns a `RecordEntry` is read from (a constant: no input reaches it).
_COLUMNS = (
    "e.record_id, e.item, e.position, e.happened_at, e.recorded_at, e.recorded_by,"
    " e.kind, e.summary, e.source, e.correction"
)


def _entry(r: Sequence[Any]) -> RecordEntry:
    return RecordEntry(
        record_id=UUID(r[0]),
        item=r[1],
        position=r[2],
        happened_at=datetime.fromisoformat(r[3]),
        recorded_at=datetime.fromisoformat(r[4]),
        recorded_by=UUID(r[5]),
        kind=r[6],
        summary=r[7],
        source=r[8],
        correction=bool(r[9]),
    )
