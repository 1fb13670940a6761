"""Campaign progress: each campaign's targets against what has been done, with a weekly
series for each measure so a chart can show progress over time.

Facts are kept one row per event (a one-to-one held, an action's turnout, a commitment
secured...), with when it happened and when it was recorded, so totals, weekly series and
answers as of a moment are all sums over the same rows. Listening sessions are kept under
their listening campaign and counted for every campaign launched from it. Weeks are the
campaign's network's own, from Monday 00:00 in its time zone (as it is now), counted when
they are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.action import Action
from domain.campaign import Campaign
from domain.listening import ListeningCampaign
from domain.meeting import OUTCOME_STATUS, PowerHolderMeeting
from domain.one_to_one import OneToOne
from domain.values import Answer
from projections.dialect import Cursor
from projections.progress_corrections import ProgressCorrections
from projections.view import NOW, Cut, View, ViewCannotApply, handles, happened, moment, monday
from projections.zones import NetworkZones, zone_info, zones_schema

#: Every measure counted, in the order they are shown. Those that share a name with a
#: campaign target metric are measured against it.
MEASURES = (
    "one_to_ones",
    "people_reached",
    "listening_participants",
    "actions_held",
    "turnout",
    "turnout_pledged",
    "asks",
    "asks_answered_yes",
    "commitments_won",
    "commitments_kept",
    "commitments_partly_kept",
    "commitments_broken",
)


@dataclass(frozen=True)
class TargetProgress:
    metric: str
    goal: int
    due: date | None
    done: int


@dataclass(frozen=True)
class Week:
    measure: str
    week: date  # the Monday it starts
    amount: int
    cumulative: int


@dataclass(frozen=True)
class Progress:
    campaign_id: UUID
    targets: list[TargetProgress]
    totals: dict[str, int]
    commitments_overdue: int
    weekly: list[Week]
    #: The zone the weeks were counted in: each starts on Monday at midnight there.
    time_zone: str


class CampaignProgress(ProgressCorrections, NetworkZones, View):
    name = "campaign_progress"
    # 2: targets and commitments keep their log positions and when they happened (answers
    # as known then, and as things stood then). 3: each campaign's network, whose time zone
    # its weeks are counted in; an action's and a commitment's facts name their source
    # (`subject`), so that a correction counts in the week of what it corrects; withdrawn
    # targets; a commitment's outcome corrected to open (`reopened`, a log position).
    version = 3
    zones_table = "progress_zones"
    tables = (
        "progress_campaigns",
        "progress_targets",
        "progress_facts",
        "progress_sources",
        "progress_commitments",
        "progress_zones",
    )
    schema = (
        "CREATE TABLE IF NOT EXISTS progress_campaigns ("
        " campaign_id TEXT PRIMARY KEY, listening_id TEXT, network_id TEXT NOT NULL)"
        " WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS progress_targets ("
        " campaign_id TEXT NOT NULL, metric TEXT NOT NULL, position INTEGER NOT NULL,"
        " goal INTEGER NOT NULL, due TEXT, recorded_at TEXT NOT NULL, happened_at TEXT NOT NULL,"
        " PRIMARY KEY (campaign_id, metric, position)) WITHOUT ROWID",
        # owner: a campaign, or a listening campaign for its sessions' participants.
        "CREATE TABLE IF NOT EXISTS progress_facts ("
        " owner_id TEXT NOT NULL, measure TEXT NOT NULL, position INTEGER NOT NULL,"
        " seq INTEGER NOT NULL, happened_at TEXT NOT NULL, recorded_at TEXT NOT NULL,"
        " amount INTEGER NOT NULL, subject TEXT,"
        " PRIMARY KEY (owner_id, measure, position, seq)) WITHOUT ROWID",
        # Which campaign an action's or a meeting's later events count for, and pledges.
        "CREATE TABLE IF NOT EXISTS progress_sources ("
        " source_id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL, pledged INTEGER NOT NULL)"
        " WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS progress_commitments ("
        " meeting_id TEXT NOT NULL, number INTEGER NOT NULL, campaign_id TEXT NOT NULL,"
        " due TEXT, recorded_at TEXT NOT NULL, outcome TEXT, outcome_recorded_at TEXT,"
        " position INTEGER NOT NULL, happened_at TEXT NOT NULL, outcome_position INTEGER,"
        " outcome_happened_at TEXT, reopened INTEGER, PRIMARY KEY (meeting_id, number))"
        " WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS progress_commitments_by_campaign"
        " ON progress_commitments (campaign_id)",
        zones_schema("progress_zones"),
    )

    # ------------------------------------------------------------------ writing

    def _fact(
        self,
        c: Cursor,
        owner: UUID,
        measure: str,
        position: int,
        event: Any,
        amount: int,
        happened_at: datetime | None = None,
        subject: UUID | str | None = None,
        seq: int = 0,
    ) -> None:
        c.execute(
            "INSERT INTO progress_facts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                owner.hex,
                measure,
                position,
                seq,
                moment(happened_at or event.timestamp),
                moment(event.timestamp),
                amount,
                subject.hex if isinstance(subject, UUID) else subject,
            ),
        )

    def _source(self, c: Cursor, source: UUID) -> tuple[UUID, int] | None:
        c.execute(
            "SELECT campaign_id, pledged FROM progress_sources WHERE source_id = ?", (source.hex,)
        )
        row = c.fetchone()
        return None if row is None else (UUID(row[0]), int(row[1]))

    @handles(Campaign.Launched)
    def _launched(self, c: Cursor, position: int, e: Campaign.Launched) -> None:
        listening = e.listening_campaign_id.hex if e.listening_campaign_id else None
        c.execute(
            "INSERT INTO progress_campaigns VALUES (?, ?, ?)",
            (e.originator_id.hex, listening, e.network_id.hex),
        )

    @handles(Campaign.TargetSet, Campaign.TargetRevised)
    def _target(self, c: Cursor, position: int, e: Any) -> None:
        t = e.target
        c.execute(
            "INSERT INTO progress_targets VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                e.originator_id.hex,
                str(t.metric),
                position,
                t.goal,
                t.due.isoformat() if t.due else None,
                moment(e.timestamp),
                happened(e),
            ),
        )

    @handles(OneToOne.Held)
    def _one_to_one(self, c: Cursor, position: int, e: OneToOne.Held) -> None:
        # Counted for the campaign it is tagged to, or for every campaign launched from the
        # listening campaign it is tagged to.
        owner = e.campaign_id or e.listening_campaign_id
        if owner is None:
            return
        self._fact(c, owner, "one_to_ones", position, e, 1, e.happened_at)
        self._fact(c, owner, "people_reached", position, e, 1, e.happened_at, subject=e.person_id)

    @handles(ListeningCampaign.SessionHeld)
    def _session(self, c: Cursor, position: int, e: ListeningCampaign.SessionHeld) -> None:
        self._fact(
            c, e.originator_id, "listening_participants", position, e, e.participants, e.happened_at
        )

    @handles(Action.Planned)
    def _planned(self, c: Cursor, position: int, e: Action.Planned) -> None:
        c.execute(
            "INSERT INTO progress_sources VALUES (?, ?, ?)",
            (e.originator_id.hex, e.campaign_id.hex, e.turnout_pledged),
        )

    @handles(Action.Held)
    def _held(self, c: Cursor, position: int, e: Action.Held) -> None:
        source = self._source(c, e.originator_id)
        if source is None:
            raise ViewCannotApply(f"{self.name}: action {e.originator_id} was never planned")
        campaign, pledged = source
        action = e.originator_id
        self._fact(c, campaign, "actions_held", position, e, 1, e.happened_at, action)
        self._fact(c, campaign, "turnout", position, e, e.turnout, e.happened_at, action, 1)
        self._fact(c, campaign, "turnout_pledged", position, e, pledged, e.happened_at, action, 2)

    @handles(PowerHolderMeeting.Held)
    def _meeting(self, c: Cursor, position: int, e: PowerHolderMeeting.Held) -> None:
        if e.campaign_id is None:
            return
        c.execute(
            "INSERT INTO progress_sources VALUES (?, ?, 0)",
            (e.originator_id.hex, e.campaign_id.hex),
        )
        if e.asks:
            self._fact(c, e.campaign_id, "asks", position, e, len(e.asks), e.happened_at)
        yes = sum(1 for a in e.asks if a.answer == Answer.YES)
        if yes:
            self._fact(
                c, e.campaign_id, "asks_answered_yes", position, e, yes, e.happened_at, seq=1
            )

    @handles(PowerHolderMeeting.AskAnswered)
    def _answered(self, c: Cursor, position: int, e: PowerHolderMeeting.AskAnswered) -> None:
        source = self._source(c, e.originator_id)
        if source is not None and e.answer == Answer.YES:
            self._fact(c, source[0], "asks_answered_yes", position, e, 1, e.happened_at)

    @handles(PowerHolderMeeting.CommitmentSecured)
    def _secured(self, c: Cursor, position: int, e: PowerHolderMeeting.CommitmentSecured) -> None:
        source = self._source(c, e.originator_id)
        if source is None:
            return
        c.execute(
            "INSERT INTO progress_commitments VALUES"
            " (?, ?, ?, ?, ?, NULL, NULL, ?, ?, NULL, NULL, NULL)",
            (
                e.originator_id.hex,
                e.number,
                source[0].hex,
                e.due.isoformat() if e.due else None,
                moment(e.timestamp),
                position,
                happened(e),
            ),
        )
        self._fact(c, source[0], "commitments_won", position, e, 1, e.happened_at)

    @handles(*OUTCOME_STATUS)
    def _outcome(self, c: Cursor, position: int, e: Any) -> None:
        source = self._source(c, e.originator_id)
        if source is None:
            return
        outcome = OUTCOME_STATUS[type(e)].value
        c.execute(
            "UPDATE progress_commitments SET outcome = ?, outcome_recorded_at = ?,"
            " outcome_position = ?, outcome_happened_at = ?, reopened = NULL"
            " WHERE meeting_id = ? AND number = ?",
            (outcome, moment(e.timestamp), position, happened(e), e.originator_id.hex, e.number),
        )
        self._fact(
            c,
            source[0],
            f"commitments_{outcome}",
            position,
            e,
            1,
            e.happened_at,
            f"{e.originator_id.hex}:{e.number}",
        )

    # ------------------------------------------------------------------ reading

    def progress(self, campaign_id: UUID, *, today: date, cut: Cut = NOW) -> Progress | None:
        """A campaign's progress (None if the view has not seen it launched); with a cut, as
        it was on record then and as things stood then (`projections.view.Cut`)."""
        known, on = cut.position, cut.happened
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT listening_id, network_id FROM progress_campaigns WHERE campaign_id = ?",
                (campaign_id.hex,),
            )
            row = c.fetchone()
            if row is None:
                return None
            owners = [campaign_id.hex] + ([row[0]] if row[0] else [])
            time_zone = self.zone_name(c, row[1])
            c.execute(
                "SELECT measure, happened_at, amount, subject"
                " FROM progress_facts WHERE owner_id IN (?, ?) AND position <= ?"
                " AND happened_at <= ? ORDER BY happened_at, position, seq",
                (owners[0], owners[-1], known, on),
            )
            facts = c.fetchall()
            c.execute(
                "SELECT metric, goal, due FROM progress_targets t WHERE campaign_id = ?"
                " AND position = (SELECT MAX(position) FROM progress_targets"
                " WHERE campaign_id = t.campaign_id AND metric = t.metric AND position <= ?"
                " AND happened_at <= ?) ORDER BY metric",
                (campaign_id.hex, known, on),
            )
            targets = [t for t in c.fetchall() if t[1] > 0]  # but those withdrawn
            c.execute(
                "SELECT COUNT(*) FROM progress_commitments WHERE campaign_id = ?"
                " AND position <= ? AND happened_at <= ? AND due < ? AND (outcome IS NULL"
                " OR outcome_position > ? OR outcome_happened_at > ? OR reopened <= ?)",
                (campaign_id.hex, known, on, cut.day(today).isoformat(), known, on, known),
            )
            overdue = int(c.fetchone()[0])
        return _summarise(campaign_id, facts, targets, overdue, time_zone)


def _summarise(
    campaign_id: UUID, facts: list[Any], targets: list[Any], overdue: int, time_zone: str
) -> Progress:
    totals = dict.fromkeys(MEASURES, 0)
    weekly: dict[tuple[str, date], int] = {}
    people: set[str] = set()
    zone: ZoneInfo = zone_info(time_zone)
    for measure, happened_at, amount, subject in facts:
        if measure == "people_reached":
            if subject in people:
                continue
            people.add(subject)
        totals[measure] += amount
        key = (measure, monday(datetime.fromisoformat(happened_at), zone))
        weekly[key] = weekly.get(key, 0) + amount
    series: list[Week] = []
    running = dict.fromkeys(MEASURES, 0)
    for (measure, week), amount in sorted(weekly.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        running[measure] += amount
        series.append(Week(measure, week, amount, running[measure]))
    return Progress(
        campaign_id=campaign_id,
        targets=[
            TargetProgress(
                metric, goal, date.fromisoformat(due) if due else None, totals.get(metric, 0)
            )
            for metric, goal, due in targets
        ],
        totals=totals,
        commitments_overdue=overdue,
        weekly=series,
        time_zone=time_zone,
    )
