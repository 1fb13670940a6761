"""Collective progress: the network's organising, week by week, across the whole network
and in each community: one-to-ones, people reached, the leadership pipeline and movement
along it, listening reach and the themes heard most, actions and turnout against pledges,
and commitments won, kept and overdue.

Counts are kept as weekly sums, so reading them costs the number of weeks, not the number
of events. Weeks are the network's own, from Monday 00:00 in its time zone; each sum is
also kept by the moment it happened (`collective_facts`, `collective_move_facts`), so that
when the network's zone changes its weeks are counted again in the new one.

A one-to-one counts for each community of the person met, a listening session
for its community, and a person's ladder stage for each community they are in now; actions
and commitments belong to campaigns rather than communities, so they count network-wide
only.
The whole network is kept under the community ''.

What a reader is given, and the queries that fill it, are in `projections.collective_reading`
(the measures are importable from here too, beside the view that counts them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.action import Action
from domain.listening import ListeningCampaign
from domain.meeting import OUTCOME_STATUS, PowerHolderMeeting
from domain.one_to_one import OneToOne
from domain.person import Person
from projections.collective_corrections import MOMENTS, CollectiveCorrections
from projections.collective_reading import MEASURES as MEASURES
from projections.collective_reading import NETWORK, UNASSESSED, Collective, fetch, progress
from projections.dialect import Cursor
from projections.view import View, ViewCannotApply, handles, moment, monday
from projections.zones import NetworkZones, zones_schema

ADD_WEEKLY = (
    "INSERT INTO collective_weekly VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (network_id, community, measure, week) DO UPDATE"
    " SET amount = collective_weekly.amount + excluded.amount"
)
ADD_FACT = (
    "INSERT INTO collective_facts VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (network_id, community, measure, happened_at) DO UPDATE"
    " SET amount = collective_facts.amount + excluded.amount"
)
ADD_TOTAL = (
    "INSERT INTO collective_totals VALUES (?, ?, ?, ?)"
    " ON CONFLICT (network_id, community, measure) DO UPDATE"
    " SET amount = collective_totals.amount + excluded.amount"
)


class CollectiveProgress(CollectiveCorrections, NetworkZones, View):
    name = "collective_progress"
    #: 2: weeks in the network's time zone, and the facts to count them again from;
    #: corrections, counted in the week of what they correct. 3: each measure's total and
    #: the open commitments by due day kept, the weeks keyed before their measures and the
    #: themes indexed by mentions, so that a reader's rows do not grow with the history.
    #: 4: the open commitments that have a due day counted in all, so that what is
    #: overdue is read from the days to come.
    version = 4
    zones_table = "collective_zones"
    tables = (
        "collective_weekly",
        "collective_totals",
        "collective_reached",
        "collective_themes",
        "collective_people",
        "collective_stages",
        "collective_moves",
        "collective_sources",
        "collective_commitments",
        "collective_open_due",
        "collective_facts",
        "collective_move_facts",
        "collective_zones",
        "collective_moments",
    )
    schema = (
        "CREATE TABLE IF NOT EXISTS collective_weekly ("
        " network_id TEXT NOT NULL, community TEXT NOT NULL, measure TEXT NOT NULL,"
        " week TEXT NOT NULL, amount INTEGER NOT NULL,"
        " PRIMARY KEY (network_id, community, week, measure)) WITHOUT ROWID",
        # Each measure's sum over every week: totals read in one row a measure.
        "CREATE TABLE IF NOT EXISTS collective_totals ("
        " network_id TEXT NOT NULL, community TEXT NOT NULL, measure TEXT NOT NULL,"
        " amount INTEGER NOT NULL, PRIMARY KEY (network_id, community, measure)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS collective_reached ("
        " network_id TEXT NOT NULL, community TEXT NOT NULL, person_id TEXT NOT NULL,"
        " PRIMARY KEY (network_id, community, person_id)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS collective_themes ("
        " network_id TEXT NOT NULL, community TEXT NOT NULL, key TEXT NOT NULL,"
        " theme TEXT NOT NULL, mentions INTEGER NOT NULL, sessions INTEGER NOT NULL,"
        " PRIMARY KEY (network_id, community, key)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS collective_themes_heard_most ON collective_themes"
        " (network_id, community, mentions DESC, sessions DESC, key)",
        "CREATE TABLE IF NOT EXISTS collective_people ("
        " person_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, communities TEXT NOT NULL,"
        " stage TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS collective_stages ("
        " network_id TEXT NOT NULL, community TEXT NOT NULL, stage TEXT NOT NULL,"
        " people INTEGER NOT NULL, PRIMARY KEY (network_id, community, stage)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS collective_moves ("
        " network_id TEXT NOT NULL, community TEXT NOT NULL, week TEXT NOT NULL,"
        " from_stage TEXT NOT NULL, to_stage TEXT NOT NULL, people INTEGER NOT NULL,"
        " PRIMARY KEY (network_id, community, week, from_stage, to_stage)) WITHOUT ROWID",
        # The network (and pledge) an action's, a meeting's or a listening campaign's later
        # events count for.
        "CREATE TABLE IF NOT EXISTS collective_sources ("
        " source_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, pledged INTEGER NOT NULL)"
        " WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS collective_commitments ("
        " meeting_id TEXT NOT NULL, number INTEGER NOT NULL, network_id TEXT NOT NULL,"
        " due TEXT, settled INTEGER NOT NULL, PRIMARY KEY (meeting_id, number)) WITHOUT ROWID",
        # How many commitments are still open, by the day they are due: what is overdue is
        # counted in a row a day, however many commitments were ever secured.
        "CREATE TABLE IF NOT EXISTS collective_open_due ("
        " network_id TEXT NOT NULL, due TEXT NOT NULL, open INTEGER NOT NULL,"
        " PRIMARY KEY (network_id, due)) WITHOUT ROWID",
        # What the weekly sums and moves add up, by the moment it happened (UTC).
        "CREATE TABLE IF NOT EXISTS collective_facts ("
        " network_id TEXT NOT NULL, community TEXT NOT NULL, measure TEXT NOT NULL,"
        " happened_at TEXT NOT NULL, amount INTEGER NOT NULL,"
        " PRIMARY KEY (network_id, community, measure, happened_at)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS collective_move_facts ("
        " network_id TEXT NOT NULL, community TEXT NOT NULL, happened_at TEXT NOT NULL,"
        " from_stage TEXT NOT NULL, to_stage TEXT NOT NULL, people INTEGER NOT NULL,"
        " PRIMARY KEY (network_id, community, happened_at, from_stage, to_stage))"
        " WITHOUT ROWID",
        zones_schema("collective_zones"),
        MOMENTS,
    )

    # ------------------------------------------------------------------ writing

    def _add(
        self,
        c: Cursor,
        network: str,
        communities: Sequence[str],
        measure: str,
        when: datetime,
        amount: int,
        whole_network: bool = True,
    ) -> None:
        """Adds to a measure's week in each community given, and the whole network's."""
        week = monday(when, self.zone(c, network)).isoformat()
        keys = (NETWORK, *communities) if whole_network else tuple(communities)
        at = moment(when)
        for k in keys:  # summed over the batch, written at its end (`zone_changed` reads them)
            self.add_later(ADD_WEEKLY, (network, k, measure, week), amount)
            self.add_later(ADD_FACT, (network, k, measure, at), amount)
            self.add_later(ADD_TOTAL, (network, k, measure), amount)

    def zone_changed(self, c: Cursor, network: str, zone: ZoneInfo) -> None:
        """Counts the network's weekly sums and moves again, in weeks of its new zone."""
        self.write_later_now(c)
        c.execute(
            "SELECT community, measure, happened_at, amount FROM collective_facts"
            " WHERE network_id = ?",
            (network,),
        )
        weekly: dict[tuple[str, str, str], int] = {}
        for community, measure, at, amount in c.fetchall():
            key = (community, measure, monday(datetime.fromisoformat(at), zone).isoformat())
            weekly[key] = weekly.get(key, 0) + amount
        c.execute(
            "SELECT community, happened_at, from_stage, to_stage, people"
            " FROM collective_move_facts WHERE network_id = ?",
            (network,),
        )
        moves: dict[tuple[str, str, str, str], int] = {}
        for community, at, from_stage, to_stage, people in c.fetchall():
            week = monday(datetime.fromisoformat(at), zone).isoformat()
            move = (community, week, from_stage, to_stage)
            moves[move] = moves.get(move, 0) + people
        c.execute("DELETE FROM collective_weekly WHERE network_id = ?", (network,))
        c.executemany(
            "INSERT INTO collective_weekly VALUES (?, ?, ?, ?, ?)",
            [(network, *key, n) for key, n in sorted(weekly.items())],
        )
        c.execute("DELETE FROM collective_moves WHERE network_id = ?", (network,))
        c.executemany(
            "INSERT INTO collective_moves VALUES (?, ?, ?, ?, ?, ?)",
            [(network, *move, n) for move, n in sorted(moves.items())],
        )

    def _person(self, c: Cursor, person: UUID) -> tuple[str, list[str], str]:
        c.execute(
            "SELECT network_id, communities, stage FROM collective_people WHERE person_id = ?",
            (person.hex,),
        )
        row = c.fetchone()
        if row is None:
            raise ViewCannotApply(f"{self.name}: person {person} was never registered")
        return row[0], row[1].split("\n") if row[1] else [], row[2]

    def _source(self, c: Cursor, source: UUID) -> tuple[str, int]:
        c.execute(
            "SELECT network_id, pledged FROM collective_sources WHERE source_id = ?",
            (source.hex,),
        )
        row = c.fetchone()
        if row is None:
            raise ViewCannotApply(f"{self.name}: record {source} was never started")
        return row[0], int(row[1])

    def _stage(self, c: Cursor, network: str, communities: list[str], stage: str, n: int) -> None:
        c.executemany(
            "INSERT INTO collective_stages VALUES (?, ?, ?, ?)"
            " ON CONFLICT (network_id, community, stage) DO UPDATE"
            " SET people = collective_stages.people + excluded.people",
            [(network, k, stage, n) for k in (NETWORK, *communities)],
        )

    @handles(Person.Registered)
    def _registered(self, c: Cursor, position: int, e: Person.Registered) -> None:
        network = e.network_id.hex
        c.execute(
            "INSERT INTO collective_people VALUES (?, ?, ?, ?)",
            (e.originator_id.hex, network, "\n".join(e.communities), UNASSESSED),
        )
        self._stage(c, network, e.communities, UNASSESSED, 1)
        self._add(c, network, e.communities, "people_registered", e.happened_at, 1)

    @handles(Person.JoinedCommunity, Person.LeftCommunity)
    def _membership(self, c: Cursor, position: int, e: Any) -> None:
        """A person's stage counts in a community they join, and no longer in one they left
        (what was counted while they were in it, such as one-to-ones, stays there)."""
        network, communities, stage = self._person(c, e.originator_id)
        joined = isinstance(e, Person.JoinedCommunity)
        now = (
            [*communities, e.community] if joined else [k for k in communities if k != e.community]
        )
        c.execute(
            "UPDATE collective_people SET communities = ? WHERE person_id = ?",
            ("\n".join(now), e.originator_id.hex),
        )
        c.execute(
            "INSERT INTO collective_stages VALUES (?, ?, ?, ?)"
            " ON CONFLICT (network_id, community, stage) DO UPDATE"
            " SET people = collective_stages.people + excluded.people",
            (network, e.community, stage, 1 if joined else -1),
        )

    @handles(Person.LeadershipAssessed)
    def _assessed(self, c: Cursor, position: int, e: Person.LeadershipAssessed) -> None:
        network, communities, stage = self._person(c, e.originator_id)
        if stage == e.stage:
            return
        c.execute(
            "UPDATE collective_people SET stage = ? WHERE person_id = ?",
            (e.stage, e.originator_id.hex),
        )
        self._stage(c, network, communities, stage, -1)
        self._stage(c, network, communities, e.stage, 1)
        week = monday(e.happened_at, self.zone(c, network)).isoformat()
        keys = (NETWORK, *communities)
        c.executemany(
            "INSERT INTO collective_moves VALUES (?, ?, ?, ?, ?, 1)"
            " ON CONFLICT (network_id, community, week, from_stage, to_stage) DO UPDATE"
            " SET people = collective_moves.people + 1",
            [(network, k, week, stage, e.stage) for k in keys],
        )
        c.executemany(
            "INSERT INTO collective_move_facts VALUES (?, ?, ?, ?, ?, 1)"
            " ON CONFLICT (network_id, community, happened_at, from_stage, to_stage) DO UPDATE"
            " SET people = collective_move_facts.people + 1",
            [(network, k, moment(e.happened_at), stage, e.stage) for k in keys],
        )

    @handles(OneToOne.Held)
    def _one_to_one(self, c: Cursor, position: int, e: OneToOne.Held) -> None:
        network, communities, _ = self._person(c, e.person_id)
        self._add(c, network, communities, "one_to_ones", e.happened_at, 1)
        for community in (NETWORK, *communities):
            c.execute(
                "INSERT INTO collective_reached VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING RETURNING 1",
                (network, community, e.person_id.hex),
            )
            if c.fetchone() is not None:  # reached for the first time, there
                self._add(
                    c, network, [community], "people_reached", e.happened_at, 1, whole_network=False
                )

    @handles(ListeningCampaign.Launched)
    def _listening(self, c: Cursor, position: int, e: ListeningCampaign.Launched) -> None:
        c.execute(
            "INSERT INTO collective_sources VALUES (?, ?, 0)",
            (e.originator_id.hex, e.network_id.hex),
        )

    @handles(ListeningCampaign.SessionHeld)
    def _session(self, c: Cursor, position: int, e: ListeningCampaign.SessionHeld) -> None:
        network, _ = self._source(c, e.originator_id)
        communities = [e.community]
        self._add(c, network, communities, "listening_sessions", e.happened_at, 1)
        self._add(c, network, communities, "listening_participants", e.happened_at, e.participants)
        c.executemany(
            "INSERT INTO collective_themes VALUES (?, ?, ?, ?, ?, 1)"
            " ON CONFLICT (network_id, community, key) DO UPDATE"
            " SET mentions = collective_themes.mentions + excluded.mentions,"
            " sessions = collective_themes.sessions + 1",
            [
                (network, k, t.name.casefold(), t.name, t.mentions)
                for t in e.themes
                for k in (NETWORK, e.community)
            ],
        )

    @handles(Action.Planned)
    def _planned(self, c: Cursor, position: int, e: Action.Planned) -> None:
        c.execute(
            "INSERT INTO collective_sources VALUES (?, ?, ?)",
            (e.originator_id.hex, e.network_id.hex, e.turnout_pledged),
        )

    @handles(Action.Held, Action.Cancelled)
    def _action(self, c: Cursor, position: int, e: Any) -> None:
        network, pledged = self._source(c, e.originator_id)
        if isinstance(e, Action.Cancelled):
            self._add(c, network, (), "actions_cancelled", e.happened_at, 1)
            self._remember(c, e.originator_id, "cancelled", e.happened_at)
            return
        self._remember(c, e.originator_id, "held", e.happened_at)
        self._add(c, network, (), "actions_held", e.happened_at, 1)
        self._add(c, network, (), "turnout", e.happened_at, e.turnout)
        self._add(c, network, (), "turnout_pledged", e.happened_at, pledged)

    @handles(PowerHolderMeeting.Held)
    def _meeting(self, c: Cursor, position: int, e: PowerHolderMeeting.Held) -> None:
        c.execute(
            "INSERT INTO collective_sources VALUES (?, ?, 0)",
            (e.originator_id.hex, e.network_id.hex),
        )

    @handles(PowerHolderMeeting.CommitmentSecured)
    def _secured(self, c: Cursor, position: int, e: PowerHolderMeeting.CommitmentSecured) -> None:
        network, _ = self._source(c, e.originator_id)
        due = e.due.isoformat() if e.due else None
        c.execute(
            "INSERT INTO collective_commitments VALUES (?, ?, ?, ?, 0)",
            (e.originator_id.hex, e.number, network, due),
        )
        self._open(c, network, due, 1)
        self._add(c, network, (), "commitments_won", e.happened_at, 1)

    @handles(*OUTCOME_STATUS)
    def _outcome(self, c: Cursor, position: int, e: Any) -> None:
        network, _ = self._source(c, e.originator_id)
        self._settle(c, e.originator_id, e.number, settled=True)
        self._add(c, network, (), f"commitments_{OUTCOME_STATUS[type(e)]}", e.happened_at, 1)
        self._remember(c, e.originator_id, f"settled {e.number}", e.happened_at)

    # ------------------------------------------------------------------ reading

    def collective(
        self,
        network_id: UUID,
        *,
        today: date,
        community: str | None = None,
        themes: int = 10,
        movements: bool = True,
        since: date | None = None,
    ) -> Collective:
        """The network's progress (or one community's), with its weekly series; without the
        moves along the ladder when `movements` is False (they grow with the network's
        people, and not every reader shows them).

        With `since`, the weekly series (and the moves) start at that day's week, so that
        what is read and drawn is bounded by the period asked for, not by the length of the
        history; the totals, and each week's running total, still count everything."""
        with self.datastore.transaction(commit=False) as c:
            fetched = fetch(
                c,
                network_id.hex,
                community,
                since=since,
                today=today,
                themes=themes,
                movements=movements,
            )
            time_zone = self.zone_name(c, network_id.hex)
        return progress(network_id, community, fetched, time_zone)
