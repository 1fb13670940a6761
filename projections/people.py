"""The people directory: who is in the network, where they are on the leadership ladder,
how often the network has met them, and the follow-ups each has agreed to.

No name or contact detail is kept here: the directory holds ids, communities, languages,
stages and counts, and names are resolved from the person's record when read, so that a
person forgotten later leaves nothing readable behind in this view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.gathering import Gathering
from domain.one_to_one import OneToOne
from domain.person import Person
from projections.dialect import Cursor
from projections.view import View, ViewCannotApply, handles, moment


@dataclass(frozen=True)
class Listing:
    person_id: UUID
    network_id: UUID
    communities: list[str]
    languages: list[str]
    stage: str | None
    consents: list[str]
    registered_at: datetime
    one_to_ones: int
    gatherings: int
    last_met_at: datetime | None


@dataclass(frozen=True)
class FollowUpListing:
    one_to_one_id: UUID
    number: int
    role: str  # "met" or "organiser": which side of the one-to-one the person was on
    due: date | None
    agreed_at: datetime
    done_at: datetime | None


class People(View):
    name = "people"
    # 2: people listed by when they joined, as stated, then by log position.
    version = 2
    tables = ("people_directory", "people_communities", "people_follow_ups")
    schema = (
        "CREATE TABLE IF NOT EXISTS people_directory ("
        " person_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, communities TEXT NOT NULL,"
        " languages TEXT NOT NULL, stage TEXT, consents TEXT NOT NULL,"
        " registered_at TEXT NOT NULL, one_to_ones INTEGER NOT NULL,"
        " gatherings INTEGER NOT NULL, last_met_at TEXT, position INTEGER NOT NULL)"
        " WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS people_by_network"
        " ON people_directory (network_id, registered_at, position)",
        "CREATE TABLE IF NOT EXISTS people_communities ("
        " network_id TEXT NOT NULL, community TEXT NOT NULL, registered_at TEXT NOT NULL,"
        " person_id TEXT NOT NULL, PRIMARY KEY (network_id, community, registered_at, person_id))"
        " WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS people_follow_ups ("
        " one_to_one_id TEXT NOT NULL, number INTEGER NOT NULL, person_id TEXT NOT NULL,"
        " organiser_id TEXT NOT NULL, due TEXT, agreed_at TEXT NOT NULL, done_at TEXT,"
        " PRIMARY KEY (one_to_one_id, number)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS people_follow_ups_by_person ON people_follow_ups (person_id)",
        "CREATE INDEX IF NOT EXISTS people_follow_ups_by_organiser"
        " ON people_follow_ups (organiser_id)",
    )

    # ------------------------------------------------------------------ writing

    @handles(Person.Registered)
    def _registered(self, c: Cursor, position: int, e: Person.Registered) -> None:
        registered = moment(e.happened_at)
        c.execute(
            "INSERT INTO people_directory VALUES (?, ?, ?, ?, NULL, '', ?, 0, 0, NULL, ?)",
            (
                e.originator_id.hex,
                e.network_id.hex,
                "\n".join(e.communities),
                "\n".join(e.languages),
                registered,
                position,
            ),
        )
        c.executemany(
            "INSERT INTO people_communities VALUES (?, ?, ?, ?)",
            [(e.network_id.hex, k, registered, e.originator_id.hex) for k in e.communities],
        )

    @handles(Person.JoinedCommunity, Person.LeftCommunity)
    def _membership(self, c: Cursor, position: int, e: Any) -> None:
        person = e.originator_id.hex
        c.execute(
            "SELECT network_id, communities, registered_at FROM people_directory"
            " WHERE person_id = ?",
            (person,),
        )
        row = c.fetchone()
        if row is None:
            raise ViewCannotApply(f"{self.name}: person {e.originator_id} was never registered")
        network, communities, registered = row[0], _lines(row[1]), row[2]
        if isinstance(e, Person.JoinedCommunity):
            communities.append(e.community)
            c.execute(
                "INSERT INTO people_communities VALUES (?, ?, ?, ?)",
                (network, e.community, registered, person),
            )
        else:
            communities = [k for k in communities if k != e.community]
            c.execute(
                "DELETE FROM people_communities WHERE network_id = ? AND community = ?"
                " AND person_id = ?",
                (network, e.community, person),
            )
        c.execute(
            "UPDATE people_directory SET communities = ? WHERE person_id = ?",
            ("\n".join(communities), person),
        )

    @handles(Person.LeadershipAssessed)
    def _assessed(self, c: Cursor, position: int, e: Person.LeadershipAssessed) -> None:
        c.execute(
            "UPDATE people_directory SET stage = ? WHERE person_id = ?",
            (e.stage, e.originator_id.hex),
        )

    @handles(Person.ConsentGiven, Person.ConsentWithdrawn)
    def _consent(self, c: Cursor, position: int, e: Any) -> None:
        c.execute(
            "SELECT consents FROM people_directory WHERE person_id = ?", (e.originator_id.hex,)
        )
        consents = set(filter(None, c.fetchone()[0].split(",")))
        if isinstance(e, Person.ConsentGiven):
            consents.add(e.scope)
        else:
            consents.discard(e.scope)
        c.execute(
            "UPDATE people_directory SET consents = ? WHERE person_id = ?",
            (",".join(sorted(consents)), e.originator_id.hex),
        )

    @handles(OneToOne.Held)
    def _one_to_one(self, c: Cursor, position: int, e: OneToOne.Held) -> None:
        self._met(c, [e.person_id, e.organiser_id], e.happened_at, "one_to_ones")
        c.executemany(
            "INSERT INTO people_follow_ups VALUES (?, ?, ?, ?, ?, ?, NULL)",
            [
                (
                    e.originator_id.hex,
                    f.number,
                    e.person_id.hex,
                    e.organiser_id.hex,
                    f.due.isoformat() if f.due else None,
                    moment(e.happened_at),
                )
                for f in e.follow_ups
            ],
        )

    @handles(OneToOne.FollowUpDone)
    def _follow_up_done(self, c: Cursor, position: int, e: OneToOne.FollowUpDone) -> None:
        c.execute(
            "UPDATE people_follow_ups SET done_at = ? WHERE one_to_one_id = ? AND number = ?",
            (moment(e.happened_at), e.originator_id.hex, e.number),
        )

    @handles(Gathering.Held)
    def _gathering(self, c: Cursor, position: int, e: Gathering.Held) -> None:
        people = list(e.attendee_ids)
        if e.facilitator_id is not None and e.facilitator_id not in people:
            people.append(e.facilitator_id)
        self._met(c, people, e.happened_at, "gatherings")

    def _met(self, c: Cursor, people: list[UUID], when: datetime, counter: str) -> None:
        c.executemany(
            f"UPDATE people_directory SET {counter} = {counter} + 1,"  # noqa: S608 (a constant)
            " last_met_at = CASE WHEN coalesce(last_met_at, '') > ? THEN last_met_at ELSE ? END"
            " WHERE person_id = ?",
            [(moment(when), moment(when), p.hex) for p in people],
        )

    # ------------------------------------------------------------------ reading

    def directory(
        self,
        network_id: UUID,
        *,
        community: str | None = None,
        stage: str | None = None,
        chapters: frozenset[str] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Listing]:
        """The network's people in the order they joined, optionally only those
        of one community or at one ladder stage; and, for a reader acting for some chapters
        only, only those in one of them (`chapters`)."""
        if community is None:
            sql = "SELECT d.* FROM people_directory d WHERE d.network_id = ?"
            params: list[Any] = [network_id.hex]
        else:
            sql = (
                "SELECT d.* FROM people_communities k JOIN people_directory d"
                " ON d.person_id = k.person_id WHERE k.network_id = ? AND k.community = ?"
            )
            params = [network_id.hex, community]
        if stage is not None:
            sql += " AND d.stage = ?"
            params.append(stage)
        if chapters is not None:
            among = _any_of(chapters)
            sql += f" AND EXISTS (SELECT 1 FROM people_communities m WHERE {among})"  # noqa: S608
            params += [network_id.hex, *sorted(chapters)]
        # When they joined, as stated; of two who joined at the same moment, the one
        # recorded first.
        sql += " ORDER BY d.registered_at, d.position LIMIT ? OFFSET ?"
        params += [limit, offset]
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            return [_listing(r) for r in c.fetchall()]

    def count(self, network_id: UUID, *, chapters: frozenset[str]) -> int:
        """How many of the network's people are in one of these chapters."""
        among = _any_of(chapters, person=None)
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT COUNT(DISTINCT person_id) FROM people_communities m WHERE {among}",  # noqa: S608
                [network_id.hex, *sorted(chapters)],
            )
            found: int = c.fetchone()[0]
            return found

    def listing(self, person_id: UUID) -> Listing | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT * FROM people_directory WHERE person_id = ?", (person_id.hex,))
            row = c.fetchone()
        return None if row is None else _listing(row)

    def follow_ups(self, person_id: UUID) -> list[FollowUpListing]:
        """The follow-ups agreed in every one-to-one the person was in, either side."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT one_to_one_id, number, CASE WHEN person_id = ? THEN 'met'"
                " ELSE 'organiser' END, due, agreed_at, done_at FROM people_follow_ups"
                " WHERE person_id = ? OR organiser_id = ? ORDER BY agreed_at DESC, number",
                (person_id.hex, person_id.hex, person_id.hex),
            )
            rows = c.fetchall()
        return [
            FollowUpListing(
                one_to_one_id=UUID(r[0]),
                number=r[1],
                role=r[2],
                due=date.fromisoformat(r[3]) if r[3] else None,
                agreed_at=datetime.fromisoformat(r[4]),
                done_at=datetime.fromisoformat(r[5]) if r[5] else None,
            )
            for r in rows
        ]


def _any_of(chapters: frozenset[str], person: str | None = "d.person_id") -> str:
    """Where a row `m` of people_communities puts someone (the person of column `person`)
    in one of the chapters of a network: placeholders for the network, then each chapter."""
    marks = ", ".join("?" for _ in chapters) or "NULL"  # none: nobody
    whom = f" AND m.person_id = {person}" if person else ""
    return f"m.network_id = ?{whom} AND m.community IN ({marks})"


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _listing(r: Any) -> Listing:
    return Listing(
        person_id=UUID(r[0]),
        network_id=UUID(r[1]),
        communities=_lines(r[2]),
        languages=r[3].split("\n") if r[3] else [],
        stage=r[4],
        consents=r[5].split(",") if r[5] else [],
        registered_at=datetime.fromisoformat(r[6]),
        one_to_ones=r[7],
        gatherings=r[8],
        last_met_at=datetime.fromisoformat(r[9]) if r[9] else None,
    )
