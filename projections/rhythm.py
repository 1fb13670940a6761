"""The network's rhythm: which gathering series and actions each network and campaign has,
and when each action happens, for the calendar feeds to find them by.

Calendar apps fetch a feed every hour or so, each of them, so a feed must not cost a pass
over the whole log: found here by an index, the series and actions are then read from
their records. Only ids and times are kept, no names nor titles.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.action import Action
from domain.gathering import GatheringSeries
from projections.dialect import Cursor
from projections.view import View, ViewCannotApply, handles, moment


class Rhythm(View):
    name = "rhythm"
    #: 2: the indexes hold what a feed reads (its order and ids), so that a feed of a
    #: campaign's or a network's actions reads no row of the table, whose pages spread
    #: as the history grows.
    version = 2
    tables = ("rhythm",)
    schema = (
        # kind: 'series' or 'action'; at: when an action happens (held, else scheduled), in
        # UTC; for a series, its first day (a series is in every feed of its network).
        "CREATE TABLE IF NOT EXISTS rhythm ("
        " record_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, campaign_id TEXT,"
        " kind TEXT NOT NULL, at TEXT NOT NULL, position INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS rhythm_by_network"
        " ON rhythm (network_id, kind, at, position, record_id)",
        "CREATE INDEX IF NOT EXISTS rhythm_by_campaign"
        " ON rhythm (campaign_id, kind, at, position, record_id)",
    )

    @handles(GatheringSeries.Established)
    def _established(self, c: Cursor, position: int, e: GatheringSeries.Established) -> None:
        c.execute(
            "INSERT INTO rhythm VALUES (?, ?, NULL, 'series', ?, ?)",
            (e.originator_id.hex, e.network_id.hex, e.starts_on.isoformat(), position),
        )

    @handles(Action.Planned)
    def _planned(self, c: Cursor, position: int, e: Action.Planned) -> None:
        c.execute(
            "INSERT INTO rhythm VALUES (?, ?, ?, 'action', ?, ?)",
            (
                e.originator_id.hex,
                e.network_id.hex,
                e.campaign_id.hex,
                moment(e.scheduled_for),
                position,
            ),
        )

    @handles(Action.Held)
    def _held(self, c: Cursor, position: int, e: Action.Held) -> None:
        c.execute("SELECT 1 FROM rhythm WHERE record_id = ?", (e.originator_id.hex,))
        if c.fetchone() is None:
            raise ViewCannotApply(f"{self.name}: action {e.originator_id} was never planned")
        c.execute(
            "UPDATE rhythm SET at = ? WHERE record_id = ?",
            (moment(e.happened_at), e.originator_id.hex),
        )

    def series(self, network_id: UUID) -> list[UUID]:
        """A network's gathering series, oldest first."""
        return self._ids("network_id = ? AND kind = 'series'", network_id.hex)

    def network_actions(self, network_id: UUID, since: datetime) -> list[UUID]:
        """A network's actions held, or scheduled, from `since` on, oldest planned first."""
        return self._ids(
            "network_id = ? AND kind = 'action' AND at >= ?", network_id.hex, moment(since)
        )

    def campaign_actions(self, campaign_id: UUID, since: datetime) -> list[UUID]:
        """A campaign's actions held, or scheduled, from `since` on, oldest planned first."""
        return self._ids(
            "campaign_id = ? AND kind = 'action' AND at >= ?", campaign_id.hex, moment(since)
        )

    def _ids(self, where: str, *params: Any) -> list[UUID]:
        with self.datastore.transaction(commit=False) as c:
            sql = f"SELECT record_id FROM rhythm WHERE {where} ORDER BY position"  # noqa: S608
            c.execute(sql, params)  # (the clauses are this class's own; values are parameters)
            return [UUID(row[0]) for row in c.fetchall()]
