"""The campaign timeline: every recorded thing that belongs to a campaign, in order of when
it happened, each with when and by whom it was recorded, a one-line summary and its source.

Entries are kept by *stream*, the record they came from (a campaign, its listening campaign,
a power-holder it targets), and `timeline_streams` says which streams each campaign's story
includes, so a power-holder's assessments appear in every campaign that targets them, and a
listening campaign's sessions in the campaign launched from it. Summaries name no person:
people are referred to by id, so the view holds no personal data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.sqlite import SQLiteCursor

from domain.action import Action
from domain.campaign import Campaign
from domain.decision import Decision
from domain.listening import ListeningCampaign
from domain.meeting import PowerHolderMeeting
from domain.one_to_one import OneToOne
from domain.power_holder import PowerHolder
from projections.view import View, ViewCannotApply, handles, moment


@dataclass(frozen=True)
class Entry:
    """One line of a campaign's story."""

    position: int
    happened_at: datetime
    recorded_at: datetime
    recorded_by: UUID
    kind: str
    summary: str
    source: str
    correction: bool


KINDS = (
    "campaign",
    "target",
    "power_holder",
    "status",
    "evaluation",
    "one_to_one",
    "listening",
    "action",
    "assessment",
    "meeting",
    "commitment",
    "decision",
)


class CampaignTimeline(View):
    name = "campaign_timeline"
    version = 2  # 2: streams remember when they were linked, for answers as of a moment
    tables = ("timeline_entries", "timeline_streams", "timeline_sources")
    schema = (
        "CREATE TABLE IF NOT EXISTS timeline_entries ("
        " stream_id TEXT NOT NULL, position INTEGER NOT NULL, happened_at TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL, kind TEXT NOT NULL,"
        " summary TEXT NOT NULL, source TEXT NOT NULL, correction INTEGER NOT NULL,"
        " PRIMARY KEY (stream_id, position)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS timeline_entries_by_time"
        " ON timeline_entries (stream_id, happened_at, position)",
        "CREATE TABLE IF NOT EXISTS timeline_streams ("
        " campaign_id TEXT NOT NULL, stream_id TEXT NOT NULL, linked_at TEXT NOT NULL,"
        " PRIMARY KEY (campaign_id, stream_id)) WITHOUT ROWID",
        # Which stream a record's later events go to (an action's: its campaign).
        "CREATE TABLE IF NOT EXISTS timeline_sources ("
        " source_id TEXT PRIMARY KEY, stream_id TEXT NOT NULL) WITHOUT ROWID",
    )

    # ------------------------------------------------------------------ writing

    def _entry(
        self,
        c: SQLiteCursor,
        stream: UUID,
        position: int,
        event: Any,
        kind: str,
        summary: str,
        source: str,
        happened_at: datetime | None = None,
        correction: bool = False,
    ) -> None:
        c.execute(
            "INSERT INTO timeline_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                stream.hex,
                position,
                moment(happened_at or event.timestamp),
                moment(event.timestamp),
                event.recorded_by.hex,
                kind,
                summary,
                source,
                int(correction),
            ),
        )

    def _link(self, c: SQLiteCursor, campaign: UUID, stream: UUID, event: Any) -> None:
        c.execute(
            "INSERT OR IGNORE INTO timeline_streams VALUES (?, ?, ?)",
            (campaign.hex, stream.hex, moment(event.timestamp)),
        )

    def _source(self, c: SQLiteCursor, source: UUID, stream: UUID) -> None:
        c.execute("INSERT INTO timeline_sources VALUES (?, ?)", (source.hex, stream.hex))

    def _stream_of(self, c: SQLiteCursor, source: UUID, required: bool = True) -> UUID | None:
        c.execute("SELECT stream_id FROM timeline_sources WHERE source_id = ?", (source.hex,))
        row = c.fetchone()
        if row is None:
            if required:
                raise ViewCannotApply(f"{self.name}: no stream for record {source}")
            return None
        return UUID(row[0])

    # campaigns

    @handles(Campaign.Launched)
    def _launched(self, c: SQLiteCursor, position: int, e: Campaign.Launched) -> None:
        campaign = e.originator_id
        self._link(c, campaign, campaign, e)
        if e.listening_campaign_id is not None:
            self._link(c, campaign, e.listening_campaign_id, e)
        self._entry(
            c,
            campaign,
            position,
            e,
            "campaign",
            f"Campaign launched: {e.name}. Goal: {e.goal}",
            f"/campaigns/{campaign}",
            e.happened_at,
        )

    @handles(Campaign.TargetSet, Campaign.TargetRevised)
    def _target(self, c: SQLiteCursor, position: int, e: Any) -> None:
        t = e.target
        due = f" by {t.due.isoformat()}" if t.due else ""
        revised = isinstance(e, Campaign.TargetRevised)
        text = (
            f"Target revised: {t.metric} {t.goal}{due} ({e.reason})"
            if revised
            else f"Target set: {t.metric} {t.goal}{due}"
        )
        self._entry(
            c,
            e.originator_id,
            position,
            e,
            "target",
            text,
            f"/campaigns/{e.originator_id}",
            correction=revised,
        )

    @handles(Campaign.PowerHolderTargeted)
    def _targeted(self, c: SQLiteCursor, position: int, e: Campaign.PowerHolderTargeted) -> None:
        self._link(c, e.originator_id, e.power_holder_id, e)
        self._entry(
            c,
            e.originator_id,
            position,
            e,
            "power_holder",
            f"Power-holder {e.power_holder_id} targeted",
            f"/power-holders/{e.power_holder_id}",
        )

    @handles(Campaign.Paused, Campaign.Resumed, Campaign.Won, Campaign.Lost, Campaign.Closed)
    def _status(self, c: SQLiteCursor, position: int, e: Any) -> None:
        word = {
            Campaign.Paused: "paused",
            Campaign.Resumed: "resumed",
            Campaign.Won: "won",
            Campaign.Lost: "lost",
            Campaign.Closed: "closed",
        }[type(e)]
        reason = f": {e.reason}" if e.reason else ""
        self._entry(
            c,
            e.originator_id,
            position,
            e,
            "status",
            f"Campaign {word}{reason}",
            f"/campaigns/{e.originator_id}",
            e.happened_at,
        )

    @handles(Campaign.Evaluated)
    def _campaign_evaluated(self, c: SQLiteCursor, position: int, e: Campaign.Evaluated) -> None:
        self._entry(
            c,
            e.originator_id,
            position,
            e,
            "evaluation",
            f"Campaign evaluated. Learned: {e.evaluation.learned}",
            f"/campaigns/{e.originator_id}",
            e.happened_at,
        )

    # one-to-ones (those tagged to a campaign or a listening campaign)

    @handles(OneToOne.Held)
    def _one_to_one(self, c: SQLiteCursor, position: int, e: OneToOne.Held) -> None:
        stream = e.campaign_id or e.listening_campaign_id
        if stream is None:
            return
        self._source(c, e.originator_id, stream)
        interests = f"; interests: {', '.join(e.interests)}" if e.interests else ""
        minutes = f", {e.duration_minutes} min" if e.duration_minutes else ""
        follow_ups = f"; {len(e.follow_ups)} follow-up(s) agreed" if e.follow_ups else ""
        self._entry(
            c,
            stream,
            position,
            e,
            "one_to_one",
            f"One-to-one held ({e.channel.replace('_', ' ')}{minutes}){interests}{follow_ups}",
            f"/one-to-ones/{e.originator_id}",
            e.happened_at,
        )

    @handles(OneToOne.FollowUpDone, OneToOne.NotesCorrected)
    def _one_to_one_later(self, c: SQLiteCursor, position: int, e: Any) -> None:
        stream = self._stream_of(c, e.originator_id, required=False)
        if stream is None:
            return
        if isinstance(e, OneToOne.FollowUpDone):
            self._entry(
                c,
                stream,
                position,
                e,
                "one_to_one",
                f"Follow-up {e.number} done",
                f"/one-to-ones/{e.originator_id}",
                e.happened_at,
            )
        else:
            self._entry(
                c,
                stream,
                position,
                e,
                "one_to_one",
                f"Notes of a one-to-one corrected: {e.reason}",
                f"/one-to-ones/{e.originator_id}",
                correction=True,
            )

    # listening

    @handles(ListeningCampaign.Launched)
    def _listening_launched(
        self, c: SQLiteCursor, position: int, e: ListeningCampaign.Launched
    ) -> None:
        self._entry(
            c,
            e.originator_id,
            position,
            e,
            "listening",
            f"Listening campaign launched: {e.question} "
            f"({', '.join(e.communities)}; {e.target_conversations} conversations)",
            f"/listening-campaigns/{e.originator_id}",
            e.happened_at,
        )

    @handles(ListeningCampaign.SessionHeld)
    def _session(self, c: SQLiteCursor, position: int, e: ListeningCampaign.SessionHeld) -> None:
        themes = ", ".join(f"{t.name} ({t.mentions})" for t in e.themes)
        self._entry(
            c,
            e.originator_id,
            position,
            e,
            "listening",
            f"Listening session {e.number} in {e.community}: {e.participants} "
            f"participants" + (f"; themes: {themes}" if themes else ""),
            f"/listening-campaigns/{e.originator_id}",
            e.happened_at,
        )

    @handles(ListeningCampaign.Closed)
    def _listening_closed(
        self, c: SQLiteCursor, position: int, e: ListeningCampaign.Closed
    ) -> None:
        self._entry(
            c,
            e.originator_id,
            position,
            e,
            "listening",
            "Listening campaign closed" + (f": {e.summary}" if e.summary else ""),
            f"/listening-campaigns/{e.originator_id}",
            e.happened_at,
        )

    # actions

    @handles(Action.Planned)
    def _planned(self, c: SQLiteCursor, position: int, e: Action.Planned) -> None:
        self._source(c, e.originator_id, e.campaign_id)
        self._entry(
            c,
            e.campaign_id,
            position,
            e,
            "action",
            f"Action planned: {e.title} ({e.kind.replace('_', ' ')}) for "
            f"{moment(e.scheduled_for)[:16]} UTC; ask: {e.ask}; "
            f"{e.turnout_pledged} pledged",
            f"/actions/{e.originator_id}",
        )

    @handles(Action.Held, Action.Evaluated, Action.Cancelled)
    def _action_later(self, c: SQLiteCursor, position: int, e: Any) -> None:
        stream = self._stream_of(c, e.originator_id)
        assert stream is not None
        source = f"/actions/{e.originator_id}"
        if isinstance(e, Action.Held):
            self._entry(
                c,
                stream,
                position,
                e,
                "action",
                f"Action held: turnout {e.turnout}; outcome: {e.outcome}",
                source,
                e.happened_at,
            )
        elif isinstance(e, Action.Evaluated):
            self._entry(
                c,
                stream,
                position,
                e,
                "evaluation",
                f"Action evaluated. Learned: {e.evaluation.learned}",
                source,
                e.happened_at,
            )
        else:
            self._entry(c, stream, position, e, "action", f"Action cancelled: {e.reason}", source)

    # power

    @handles(PowerHolder.Assessed)
    def _assessed(self, c: SQLiteCursor, position: int, e: PowerHolder.Assessed) -> None:
        self._entry(
            c,
            e.originator_id,
            position,
            e,
            "assessment",
            f"Power-holder {e.originator_id} assessed: {e.stance.replace('_', ' ')}, "
            f"influence {e.influence}/5",
            f"/power-holders/{e.originator_id}",
            e.happened_at,
        )

    @handles(PowerHolderMeeting.Held)
    def _meeting(self, c: SQLiteCursor, position: int, e: PowerHolderMeeting.Held) -> None:
        if e.campaign_id is None:
            return
        self._source(c, e.originator_id, e.campaign_id)
        asks = "; ".join(f"{a.text} {a.answer}" for a in e.asks)
        self._entry(
            c,
            e.campaign_id,
            position,
            e,
            "meeting",
            f"Power-holder meeting ({e.purpose}) with {len(e.power_holder_ids)} "
            f"power-holder(s), {len(e.attendee_ids)} from the network"
            + (f". Asks: {asks}" if asks else ""),
            f"/power-holder-meetings/{e.originator_id}",
            e.happened_at,
        )

    @handles(
        PowerHolderMeeting.AskAnswered,
        PowerHolderMeeting.CommitmentSecured,
        PowerHolderMeeting.CommitmentKept,
        PowerHolderMeeting.CommitmentPartlyKept,
        PowerHolderMeeting.CommitmentBroken,
        PowerHolderMeeting.Evaluated,
    )
    def _meeting_later(self, c: SQLiteCursor, position: int, e: Any) -> None:
        stream = self._stream_of(c, e.originator_id, required=False)
        if stream is None:
            return
        source = f"/power-holder-meetings/{e.originator_id}"
        if isinstance(e, PowerHolderMeeting.AskAnswered):
            self._entry(
                c,
                stream,
                position,
                e,
                "meeting",
                f"Ask {e.number} answered: {e.answer}",
                source,
                e.happened_at,
            )
        elif isinstance(e, PowerHolderMeeting.CommitmentSecured):
            due = f" (due {e.due.isoformat()})" if e.due else ""
            self._entry(
                c, stream, position, e, "commitment", f"Commitment secured: {e.text}{due}", source
            )
        elif isinstance(e, PowerHolderMeeting.Evaluated):
            self._entry(
                c,
                stream,
                position,
                e,
                "evaluation",
                f"Meeting evaluated. Learned: {e.evaluation.learned}",
                source,
                e.happened_at,
            )
        else:
            word = {
                PowerHolderMeeting.CommitmentKept: "kept",
                PowerHolderMeeting.CommitmentPartlyKept: "partly kept",
                PowerHolderMeeting.CommitmentBroken: "broken",
            }[type(e)]
            note = f": {e.note}" if e.note else ""
            self._entry(
                c,
                stream,
                position,
                e,
                "commitment",
                f"Commitment {e.number} {word}{note}",
                source,
                e.happened_at,
            )

    # decisions

    @handles(Decision.Proposed)
    def _proposed(self, c: SQLiteCursor, position: int, e: Decision.Proposed) -> None:
        if e.campaign_id is None:
            return
        self._source(c, e.originator_id, e.campaign_id)
        self._entry(
            c,
            e.campaign_id,
            position,
            e,
            "decision",
            f"Decision proposed ({e.rule}): {e.question} Options: "
            f"{'; '.join(e.options)}; {len(e.evidence)} piece(s) of evidence cited",
            f"/decisions/{e.originator_id}",
            e.happened_at,
        )

    @handles(Decision.PositionTaken, Decision.Reached, Decision.Revisited, Decision.Superseded)
    def _decision_later(self, c: SQLiteCursor, position: int, e: Any) -> None:
        stream = self._stream_of(c, e.originator_id, required=False)
        if stream is None:
            return
        source = f"/decisions/{e.originator_id}"
        if isinstance(e, Decision.PositionTaken):
            text = f"Position taken by {e.participant_id}: {e.option}"
        elif isinstance(e, Decision.Reached):
            text = f"Decision reached: {e.outcome}. {e.rationale}"
        elif isinstance(e, Decision.Revisited):
            text = f"Decision revisited: {e.reason}"
        else:
            text = f"Decision superseded by {e.by_decision_id}: {e.reason}"
        self._entry(c, stream, position, e, "decision", text, source, e.happened_at)

    # ------------------------------------------------------------------ reading

    def entries(
        self,
        campaign_id: UUID,
        *,
        kinds: Sequence[str] = (),
        since: datetime | None = None,
        until: datetime | None = None,
        as_of: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Entry]:
        """The campaign's story in order of when things happened, filtered and paged; with
        `as_of`, the story as it was on record at that moment."""
        sql = (
            "SELECT e.position, e.happened_at, e.recorded_at, e.recorded_by, e.kind,"
            " e.summary, e.source, e.correction FROM timeline_streams s"
            " JOIN timeline_entries e ON e.stream_id = s.stream_id WHERE s.campaign_id = ?"
        )
        params: list[Any] = [campaign_id.hex]
        if kinds:
            sql += f" AND e.kind IN ({', '.join('?' * len(kinds))})"
            params += list(kinds)
        if since is not None:
            sql += " AND e.happened_at >= ?"
            params.append(moment(since))
        if until is not None:
            sql += " AND e.happened_at < ?"
            params.append(moment(until))
        if as_of is not None:
            sql += " AND e.recorded_at <= ? AND s.linked_at <= ?"
            params += [moment(as_of), moment(as_of)]
        sql += " ORDER BY e.happened_at, e.position LIMIT ? OFFSET ?"
        params += [limit, offset]
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            rows = c.fetchall()
        return [
            Entry(
                position=r[0],
                happened_at=datetime.fromisoformat(r[1]),
                recorded_at=datetime.fromisoformat(r[2]),
                recorded_by=UUID(r[3]),
                kind=r[4],
                summary=r[5],
                source=r[6],
                correction=bool(r[7]),
            )
            for r in rows
        ]
