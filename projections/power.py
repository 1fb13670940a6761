"""The power map: each power-holder with their latest stance and influence and how these
changed, the meetings held with them, the asks put and the answers given, and their
commitments (open, kept, partly kept, broken, overdue) - now, or as of any moment.

Every row keeps its log position and when it happened, and an answer or a commitment's
outcome is a row of its own (or columns), so that an answer as of a moment on either clock
(`projections.view.Cut`) leaves out everything recorded, or that happened, after it.
Power-holders are named in their public role, so their name is kept here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.campaign import Campaign
from domain.meeting import OUTCOME_STATUS, PowerHolderMeeting
from domain.power_holder import PowerHolder
from projections.dialect import Cursor
from projections.power_corrections import (
    CORRECTED_OUTCOMES,
    RETRACTIONS,
    PowerCorrections,
    corrected_outcomes,
    retracted,
)
from projections.power_entries import (
    AskEntry,
    AssessmentEntry,
    CommitmentEntry,
    MeetingEntry,
    PowerHolderMap,
    Scorecard,
)
from projections.view import NOW, Cut, View, handles, happened, moment


class PowerMap(PowerCorrections, View):
    name = "power_map"
    # 2: every row keeps its log position and when it happened (answers as known then, and
    # as things stood then). 3: retracted assessments and corrected outcomes.
    version = 3
    tables = (
        "power_holders",
        "power_assessments",
        "power_targets",
        "power_meetings",
        "power_asks",
        "power_answers",
        "power_commitments",
        "power_retractions",
        "power_corrected_outcomes",
    )
    schema = (
        RETRACTIONS,
        CORRECTED_OUTCOMES,
        "CREATE TABLE IF NOT EXISTS power_holders ("
        " power_holder_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, name TEXT NOT NULL,"
        " role TEXT NOT NULL, institution TEXT NOT NULL, recorded_at TEXT NOT NULL,"
        " position INTEGER NOT NULL, happened_at TEXT NOT NULL) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS power_holders_by_network"
        " ON power_holders (network_id, recorded_at, power_holder_id)",
        "CREATE TABLE IF NOT EXISTS power_assessments ("
        " power_holder_id TEXT NOT NULL, number INTEGER NOT NULL, stance TEXT NOT NULL,"
        " influence INTEGER NOT NULL, interests TEXT NOT NULL, happened_at TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL, position INTEGER NOT NULL,"
        " PRIMARY KEY (power_holder_id, number)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS power_targets ("
        " campaign_id TEXT NOT NULL, power_holder_id TEXT NOT NULL, recorded_at TEXT NOT NULL,"
        " position INTEGER NOT NULL, happened_at TEXT NOT NULL,"
        " PRIMARY KEY (campaign_id, power_holder_id)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS power_meetings ("
        " power_holder_id TEXT NOT NULL, meeting_id TEXT NOT NULL, campaign_id TEXT,"
        " purpose TEXT NOT NULL, happened_at TEXT NOT NULL, recorded_at TEXT NOT NULL,"
        " position INTEGER NOT NULL, PRIMARY KEY (power_holder_id, meeting_id)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS power_asks ("
        " meeting_id TEXT NOT NULL, number INTEGER NOT NULL, text TEXT NOT NULL,"
        " PRIMARY KEY (meeting_id, number)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS power_answers ("
        " meeting_id TEXT NOT NULL, number INTEGER NOT NULL, position INTEGER NOT NULL,"
        " answer TEXT NOT NULL, recorded_at TEXT NOT NULL, happened_at TEXT NOT NULL,"
        " PRIMARY KEY (meeting_id, number, position)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS power_commitments ("
        " meeting_id TEXT NOT NULL, number INTEGER NOT NULL, power_holder_id TEXT NOT NULL,"
        " text TEXT NOT NULL, due TEXT, recorded_at TEXT NOT NULL, outcome TEXT,"
        " note TEXT NOT NULL DEFAULT '', outcome_recorded_at TEXT, position INTEGER NOT NULL,"
        " happened_at TEXT NOT NULL, outcome_position INTEGER, outcome_happened_at TEXT,"
        " PRIMARY KEY (meeting_id, number)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS power_commitments_by_holder"
        " ON power_commitments (power_holder_id)",
    )

    # ------------------------------------------------------------------ writing

    @handles(PowerHolder.Identified)
    def _identified(self, c: Cursor, position: int, e: PowerHolder.Identified) -> None:
        c.execute(
            "INSERT INTO power_holders VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e.originator_id.hex,
                e.network_id.hex,
                e.name,
                e.role,
                e.institution,
                moment(e.timestamp),
                position,
                happened(e),
            ),
        )

    @handles(PowerHolder.Assessed)
    def _assessed(self, c: Cursor, position: int, e: PowerHolder.Assessed) -> None:
        c.execute(
            "INSERT INTO power_assessments VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e.originator_id.hex,
                e.number,
                e.stance,
                e.influence,
                "\n".join(e.interests),
                moment(e.happened_at),
                moment(e.timestamp),
                position,
            ),
        )

    @handles(Campaign.PowerHolderTargeted)
    def _targeted(self, c: Cursor, position: int, e: Campaign.PowerHolderTargeted) -> None:
        c.execute(
            "INSERT INTO power_targets (campaign_id, power_holder_id, position, recorded_at,"
            " happened_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (e.originator_id.hex, e.power_holder_id.hex, position, *_times(e)),
        )

    @handles(PowerHolderMeeting.Held)
    def _meeting(self, c: Cursor, position: int, e: PowerHolderMeeting.Held) -> None:
        meeting, recorded = e.originator_id.hex, moment(e.timestamp)
        campaign = e.campaign_id.hex if e.campaign_id else None
        c.executemany(
            "INSERT INTO power_meetings VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (p.hex, meeting, campaign, e.purpose, moment(e.happened_at), recorded, position)
                for p in e.power_holder_ids
            ],
        )
        c.executemany(
            "INSERT INTO power_asks VALUES (?, ?, ?)", [(meeting, a.number, a.text) for a in e.asks]
        )
        c.executemany(
            "INSERT INTO power_answers VALUES (?, ?, ?, ?, ?, ?)",
            [(meeting, a.number, position, str(a.answer), recorded, happened(e)) for a in e.asks],
        )

    @handles(PowerHolderMeeting.AskAnswered)
    def _answered(self, c: Cursor, position: int, e: PowerHolderMeeting.AskAnswered) -> None:
        c.execute(
            "INSERT INTO power_answers VALUES (?, ?, ?, ?, ?, ?)",
            (e.originator_id.hex, e.number, position, e.answer, *_times(e)),
        )

    @handles(PowerHolderMeeting.CommitmentSecured)
    def _secured(self, c: Cursor, position: int, e: PowerHolderMeeting.CommitmentSecured) -> None:
        c.execute(
            "INSERT INTO power_commitments VALUES"
            " (?, ?, ?, ?, ?, ?, NULL, '', NULL, ?, ?, NULL, NULL)",
            (
                e.originator_id.hex,
                e.number,
                e.power_holder_id.hex,
                e.text,
                e.due.isoformat() if e.due else None,
                moment(e.timestamp),
                position,
                happened(e),
            ),
        )

    @handles(*OUTCOME_STATUS)
    def _outcome(self, c: Cursor, position: int, e: Any) -> None:
        status, meeting = OUTCOME_STATUS[type(e)].value, e.originator_id.hex
        c.execute(
            "UPDATE power_commitments SET outcome = ?, note = ?, outcome_recorded_at = ?,"
            " outcome_happened_at = ?, outcome_position = ? WHERE meeting_id = ? AND number = ?",
            (status, e.note, *_times(e), position, meeting, e.number),
        )

    # ------------------------------------------------------------------ reading

    def holders(
        self,
        network_id: UUID,
        *,
        today: date,
        campaign_id: UUID | None = None,
        cut: Cut = NOW,
        limit: int = 50,
        offset: int = 0,
    ) -> list[PowerHolderMap]:
        """The network's power-holders (only those a campaign targets, if given) in the
        order they were identified; with a cut, as things were on record then and as they
        stood then (`projections.view.Cut`)."""
        if campaign_id is None:
            sql = (
                "SELECT power_holder_id FROM power_holders WHERE network_id = ?"
                " AND position <= ? AND happened_at <= ?"
                " ORDER BY recorded_at, power_holder_id LIMIT ? OFFSET ?"
            )
            params: tuple[Any, ...] = (network_id.hex, cut.position, cut.happened, limit, offset)
        else:
            sql = (
                "SELECT h.power_holder_id FROM power_targets t JOIN power_holders h"
                " ON h.power_holder_id = t.power_holder_id WHERE t.campaign_id = ?"
                " AND h.network_id = ? AND t.position <= ? AND t.happened_at <= ?"
                " ORDER BY t.recorded_at, h.power_holder_id LIMIT ? OFFSET ?"
            )
            params = (campaign_id.hex, network_id.hex, cut.position, cut.happened, limit, offset)
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            ids = [r[0] for r in c.fetchall()]
            maps = [self._map(c, i, cut, cut.day(today)) for i in ids]
        return [m for m in maps if m is not None]

    def holder(
        self, power_holder_id: UUID, *, today: date, cut: Cut = NOW
    ) -> PowerHolderMap | None:
        with self.datastore.transaction(commit=False) as c:
            return self._map(c, power_holder_id.hex, cut, cut.day(today))

    def _map(self, c: Cursor, holder: str, cut: Cut, day: date) -> PowerHolderMap | None:
        known, on = cut.position, cut.happened
        c.execute(
            "SELECT network_id, name, role, institution FROM power_holders"
            " WHERE power_holder_id = ? AND position <= ? AND happened_at <= ?",
            (holder, known, on),
        )
        row = c.fetchone()
        if row is None:
            return None
        gone = retracted(c, holder, known)
        c.execute(
            "SELECT number, stance, influence, interests, happened_at, recorded_at"
            " FROM power_assessments WHERE power_holder_id = ? AND position <= ?"
            " AND happened_at <= ? ORDER BY number",
            (holder, known, on),
        )
        assessments = [
            AssessmentEntry(
                number=r[0],
                stance=r[1],
                influence=r[2],
                interests=r[3].split("\n") if r[3] else [],
                happened_at=datetime.fromisoformat(r[4]),
                recorded_at=datetime.fromisoformat(r[5]),
                retracted=r[0] in gone,
            )
            for r in c.fetchall()
        ]
        meetings = self._meetings(c, holder, known, on)
        commitments = self._commitments(c, holder, (known, on), day)
        asks = [a for m in meetings for a in m.asks]
        statuses = [k.status for k in commitments]
        # Where they stand: the assessment that happened last, whatever order it was recorded in.
        standing = (a for a in assessments if not a.retracted)
        latest = max(standing, key=lambda a: (a.happened_at, a.number), default=None)
        return PowerHolderMap(
            power_holder_id=UUID(holder),
            network_id=UUID(row[0]),
            name=row[1],
            role=row[2],
            institution=row[3],
            stance=latest.stance if latest else "unknown",
            influence=latest.influence if latest else None,
            assessments=assessments,
            meetings=meetings,
            asks=len(asks),
            asks_answered_yes=sum(1 for a in asks if a.answer == "yes"),
            commitments=commitments,
            scorecard=Scorecard(
                open=statuses.count("open"),
                kept=statuses.count("kept"),
                partly_kept=statuses.count("partly_kept"),
                broken=statuses.count("broken"),
                overdue=sum(1 for k in commitments if k.overdue),
            ),
        )

    def _meetings(self, c: Cursor, holder: str, known: int, on: str) -> list[MeetingEntry]:
        c.execute(
            "SELECT meeting_id, campaign_id, purpose, happened_at FROM power_meetings"
            " WHERE power_holder_id = ? AND position <= ? AND happened_at <= ?"
            " ORDER BY happened_at, meeting_id",
            (holder, known, on),
        )
        meetings = c.fetchall()
        entries = []
        for meeting, campaign, purpose, happened_at in meetings:
            # Each ask with its latest answer on record then.
            c.execute(
                "SELECT q.number, q.text, (SELECT answer FROM power_answers a"
                " WHERE a.meeting_id = q.meeting_id AND a.number = q.number"
                " AND a.position <= ? AND a.happened_at <= ? ORDER BY a.position DESC LIMIT 1)"
                " FROM power_asks q WHERE q.meeting_id = ? ORDER BY q.number",
                (known, on, meeting),
            )
            asks = [AskEntry(n, text, answer) for n, text, answer in c.fetchall()]
            entries.append(
                MeetingEntry(
                    meeting_id=UUID(meeting),
                    campaign_id=UUID(campaign) if campaign else None,
                    purpose=purpose,
                    happened_at=datetime.fromisoformat(happened_at),
                    asks=asks,
                )
            )
        return entries

    def _commitments(
        self, c: Cursor, holder: str, cut: tuple[int, str], day: date
    ) -> list[CommitmentEntry]:
        known, on = cut
        c.execute(
            "SELECT meeting_id, number, text, due, recorded_at,"
            " CASE WHEN outcome_position <= ? AND outcome_happened_at <= ? THEN outcome END,"
            " CASE WHEN outcome_position <= ? AND outcome_happened_at <= ? THEN note ELSE ''"
            " END, CASE WHEN outcome_position <= ? AND outcome_happened_at <= ?"
            " THEN outcome_position END FROM power_commitments WHERE power_holder_id = ?"
            " AND position <= ? AND happened_at <= ? ORDER BY recorded_at, meeting_id, number",
            (known, on, known, on, known, on, holder, known, on),
        )
        rows = c.fetchall()
        # An outcome shown is as corrected afterwards (by then, on the recording clock).
        fixes = corrected_outcomes(c, holder, known)
        entries = []
        for meeting, number, text, due, secured, outcome, note, decided in rows:
            fix = fixes.get((meeting, number))
            if decided is not None and fix is not None and fix[0] > decided:
                _, outcome, note = fix
            due_on = date.fromisoformat(due) if due else None
            entries.append(
                CommitmentEntry(
                    meeting_id=UUID(meeting),
                    number=number,
                    text=text,
                    due=due_on,
                    status=outcome or "open",
                    overdue=outcome is None and due_on is not None and due_on < day,
                    note=note,
                    secured_at=datetime.fromisoformat(secured),
                )
            )
        return entries


def _times(event: Any) -> tuple[str, str]:
    """When an event was recorded and when it happened, as the view keeps them."""
    return moment(event.timestamp), happened(event)
