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

from domain.action import Action
from domain.campaign import Campaign
from domain.decision import Decision
from domain.listening import ListeningCampaign
from domain.meeting import PowerHolderMeeting
from domain.one_to_one import OneToOne
from domain.power_holder import PowerHolder
from projections.dialect import Cursor
from projections.summaries import ENTRY_KINDS, summarise
from projections.view import NOW, Cut, View, ViewCannotApply, handles, moment


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


#: The kinds of line a campaign's story tells (people's own records are not in it).
TIMELINE_KINDS = tuple(k.key for k in ENTRY_KINDS.values() if k.on_timeline)


#: An action always belongs to a campaign: its later events must find their stream.
_ACTION_LATER = (
    Action.Held,
    Action.Evaluated,
    Action.Cancelled,
    Action.TurnoutCorrected,
    Action.Reinstated,
)


class CampaignTimeline(View):
    name = "campaign_timeline"
    # 2: streams remember when they were linked, for answers as of a moment;
    # 3: a correction of private notes no longer quotes its reason;
    # 4: streams remember the log position they were linked at (answers as known then);
    # 5: a decision is a stream of its own, linked into the campaign it is filed under
    # (and unlinked, at a log position, from one it was wrongly filed under).
    version = 5
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
        " linked_position INTEGER NOT NULL, unlinked_position INTEGER,"
        " PRIMARY KEY (campaign_id, stream_id)) WITHOUT ROWID",
        # Which stream a record's later events go to (an action's: its campaign).
        "CREATE TABLE IF NOT EXISTS timeline_sources ("
        " source_id TEXT PRIMARY KEY, stream_id TEXT NOT NULL) WITHOUT ROWID",
    )

    # ------------------------------------------------------------------ writing

    def _entry(self, c: Cursor, stream: UUID, position: int, event: Any) -> None:
        s = summarise(event)
        assert s is not None, f"no summary for {type(event).__name__}"
        self.insert_later(
            "INSERT INTO timeline_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                stream.hex,
                position,
                moment(s.happened_at or event.timestamp),
                moment(event.timestamp),
                event.recorded_by.hex,
                s.kind,
                s.text,
                s.source,
                int(s.correction),
            ),
            key=2,
        )

    def _link(self, c: Cursor, campaign: UUID, stream: UUID, position: int, event: Any) -> None:
        c.execute(
            "INSERT INTO timeline_streams VALUES (?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING",
            (campaign.hex, stream.hex, moment(event.timestamp), position),
        )

    def _source(self, c: Cursor, source: UUID, stream: UUID) -> None:
        c.execute("INSERT INTO timeline_sources VALUES (?, ?)", (source.hex, stream.hex))

    def _stream_of(self, c: Cursor, source: UUID, required: bool) -> UUID | None:
        c.execute("SELECT stream_id FROM timeline_sources WHERE source_id = ?", (source.hex,))
        row = c.fetchone()
        if row is None:
            if required:
                raise ViewCannotApply(f"{self.name}: no stream for record {source}")
            return None
        return UUID(row[0])

    # Records whose events are their own stream: a campaign, a listening campaign, a
    # power-holder (linked into every campaign that targets them).

    @handles(
        Campaign.TargetSet,
        Campaign.TargetRevised,
        Campaign.TargetWithdrawn,
        Campaign.Paused,
        Campaign.Resumed,
        Campaign.Won,
        Campaign.Lost,
        Campaign.Closed,
        Campaign.Evaluated,
        ListeningCampaign.Launched,
        ListeningCampaign.SessionHeld,
        ListeningCampaign.Closed,
        PowerHolder.Assessed,
        PowerHolder.AssessmentRetracted,
    )
    def _own_stream(self, c: Cursor, position: int, e: Any) -> None:
        self._entry(c, e.originator_id, position, e)

    @handles(Campaign.Launched)
    def _launched(self, c: Cursor, position: int, e: Campaign.Launched) -> None:
        campaign = e.originator_id
        self._link(c, campaign, campaign, position, e)
        if e.listening_campaign_id is not None:
            self._link(c, campaign, e.listening_campaign_id, position, e)
        self._entry(c, campaign, position, e)

    @handles(Campaign.PowerHolderTargeted)
    def _targeted(self, c: Cursor, position: int, e: Campaign.PowerHolderTargeted) -> None:
        self._link(c, e.originator_id, e.power_holder_id, position, e)
        self._entry(c, e.originator_id, position, e)

    # Records that belong to a campaign's stream when they are first recorded; their later
    # events follow them there. An action always belongs to a campaign; a one-to-one, a
    # meeting or a decision only when it was tagged to one.

    @handles(OneToOne.Held)
    def _one_to_one(self, c: Cursor, position: int, e: OneToOne.Held) -> None:
        self._first(c, position, e, e.campaign_id or e.listening_campaign_id)

    @handles(Action.Planned, PowerHolderMeeting.Held)
    def _tagged(self, c: Cursor, position: int, e: Any) -> None:
        self._first(c, position, e, e.campaign_id)

    # A decision is a stream of its own, in the story of the campaign it is filed under:
    # one made before its campaign existed can be filed under it afterwards.

    @handles(Decision.Proposed)
    def _proposed(self, c: Cursor, position: int, e: Decision.Proposed) -> None:
        self._source(c, e.originator_id, e.originator_id)
        if e.campaign_id is not None:
            self._link(c, e.campaign_id, e.originator_id, position, e)
        self._entry(c, e.originator_id, position, e)

    @handles(Decision.CampaignLinked)
    def _filed(self, c: Cursor, position: int, e: Decision.CampaignLinked) -> None:
        if e.was is not None:
            c.execute(
                "UPDATE timeline_streams SET unlinked_position = ? WHERE campaign_id = ?"
                " AND stream_id = ?",
                (position, e.was.hex, e.originator_id.hex),
            )
        c.execute(
            "INSERT INTO timeline_streams VALUES (?, ?, ?, ?, NULL)"
            " ON CONFLICT (campaign_id, stream_id) DO UPDATE SET linked_at = excluded.linked_at,"
            " linked_position = excluded.linked_position, unlinked_position = NULL",
            (e.campaign_id.hex, e.originator_id.hex, moment(e.timestamp), position),
        )
        self._entry(c, e.originator_id, position, e)

    def _first(self, c: Cursor, position: int, e: Any, stream: UUID | None) -> None:
        if stream is not None:
            self._source(c, e.originator_id, stream)
            self._entry(c, stream, position, e)

    @handles(
        OneToOne.FollowUpDone,
        OneToOne.NotesCorrected,
        Action.Held,
        Action.Evaluated,
        Action.Cancelled,
        Action.TurnoutCorrected,
        Action.Reinstated,
        PowerHolderMeeting.AskAnswered,
        PowerHolderMeeting.CommitmentSecured,
        PowerHolderMeeting.CommitmentKept,
        PowerHolderMeeting.CommitmentPartlyKept,
        PowerHolderMeeting.CommitmentBroken,
        PowerHolderMeeting.CommitmentOutcomeCorrected,
        PowerHolderMeeting.Evaluated,
        Decision.PositionTaken,
        Decision.Reached,
        Decision.Revisited,
        Decision.Superseded,
    )
    def _later(self, c: Cursor, position: int, e: Any) -> None:
        stream = self._stream_of(c, e.originator_id, required=isinstance(e, _ACTION_LATER))
        if stream is not None:
            self._entry(c, stream, position, e)

    # ------------------------------------------------------------------ reading

    def entries(
        self,
        campaign_id: UUID,
        *,
        kinds: Sequence[str] = (),
        since: datetime | None = None,
        until: datetime | None = None,
        cut: Cut = NOW,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Entry]:
        """The campaign's story in order of when things happened, filtered and paged; with a
        cut, the story as it was on record then (`known_through`: by log position, the
        streams linked by then too) and as things stood then (`on`: what had happened)."""
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
        # Streams linked by then, and not unlinked by then (now: not unlinked).
        sql += " AND (s.unlinked_position IS NULL OR s.unlinked_position > ?)"
        params.append(cut.position)
        if cut.known_through is not None:
            sql += " AND e.position <= ? AND s.linked_position <= ?"
            params += [cut.position, cut.position]
        if cut.on is not None:
            sql += " AND e.happened_at <= ?"
            params.append(cut.happened)
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
