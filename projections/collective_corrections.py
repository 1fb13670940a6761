"""Collective progress's corrections (`projections.collective`): a turnout corrected counts
in the week the action was held, a reinstated action is no longer counted cancelled in the
week it was, and a commitment's outcome corrected moves it between outcomes in the week it
was settled. What each corrects is remembered as it is recorded, by when it happened."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from domain.action import Action
from domain.meeting import PowerHolderMeeting
from projections.collective_reading import NETWORK, OPEN_WITH_DUE_DAY
from projections.dialect import Cursor
from projections.view import ViewCannotApply, handles, moment

#: When what a correction may correct happened: an action held or cancelled, a commitment
#: settled (`what`: "held", "cancelled", "settled 2").
MOMENTS = (
    "CREATE TABLE IF NOT EXISTS collective_moments ("
    " source_id TEXT NOT NULL, what TEXT NOT NULL, happened_at TEXT NOT NULL,"
    " PRIMARY KEY (source_id, what)) WITHOUT ROWID"
)


class CollectiveCorrections:
    """Collective progress's handlers of corrections (a part of `CollectiveProgress`)."""

    name: ClassVar[str]

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
        raise NotImplementedError  # the view's own

    def _source(self, c: Cursor, source: UUID) -> tuple[str, int]:
        raise NotImplementedError  # the view's own

    def _remember(self, c: Cursor, source: UUID, what: str, when: datetime) -> None:
        c.execute(
            "INSERT INTO collective_moments VALUES (?, ?, ?)"
            " ON CONFLICT (source_id, what) DO UPDATE SET happened_at = excluded.happened_at",
            (source.hex, what, moment(when)),
        )

    def _recall(self, c: Cursor, source: UUID, what: str) -> datetime:
        c.execute(
            "SELECT happened_at FROM collective_moments WHERE source_id = ? AND what = ?",
            (source.hex, what),
        )
        row = c.fetchone()
        if row is None:
            raise ViewCannotApply(f"{self.name}: {source} was never {what}")
        return datetime.fromisoformat(row[0])

    def _open(self, c: Cursor, network: str, due: str | None, amount: int) -> None:
        """Adds to the commitments still open on their due day (one without a due day is
        never overdue)."""
        if due is not None:
            c.execute(
                "INSERT INTO collective_open_due VALUES (?, ?, ?) ON CONFLICT (network_id, due)"
                " DO UPDATE SET open = collective_open_due.open + excluded.open",
                (network, due, amount),
            )
            # and their total, so that what is overdue is read from the days still to come
            c.execute(
                "INSERT INTO collective_totals VALUES (?, ?, ?, ?) ON CONFLICT"
                " (network_id, community, measure) DO UPDATE"
                " SET amount = collective_totals.amount + excluded.amount",
                (network, NETWORK, OPEN_WITH_DUE_DAY, amount),
            )

    def _settle(self, c: Cursor, meeting: UUID, number: int, *, settled: bool) -> None:
        """Marks a commitment settled (or open again), and counts it open on its due day."""
        c.execute(
            "SELECT network_id, due, settled FROM collective_commitments"
            " WHERE meeting_id = ? AND number = ?",
            (meeting.hex, number),
        )
        row = c.fetchone()
        if row is None:
            raise ViewCannotApply(f"{self.name}: commitment {number} of {meeting} never secured")
        network, due, was = row
        c.execute(
            "UPDATE collective_commitments SET settled = ? WHERE meeting_id = ? AND number = ?",
            (int(settled), meeting.hex, number),
        )
        self._open(c, network, due, int(bool(was)) - int(settled))

    @handles(Action.TurnoutCorrected)
    def _turnout_corrected(self, c: Cursor, position: int, e: Action.TurnoutCorrected) -> None:
        network, _ = self._source(c, e.originator_id)
        held = self._recall(c, e.originator_id, "held")
        self._add(c, network, (), "turnout", held, e.turnout - e.was)

    @handles(Action.Reinstated)
    def _reinstated(self, c: Cursor, position: int, e: Action.Reinstated) -> None:
        network, _ = self._source(c, e.originator_id)
        cancelled = self._recall(c, e.originator_id, "cancelled")
        self._add(c, network, (), "actions_cancelled", cancelled, -1)

    @handles(PowerHolderMeeting.CommitmentOutcomeCorrected)
    def _outcome_corrected(
        self, c: Cursor, position: int, e: PowerHolderMeeting.CommitmentOutcomeCorrected
    ) -> None:
        network, _ = self._source(c, e.originator_id)
        settled = self._recall(c, e.originator_id, f"settled {e.number}")
        self._add(c, network, (), f"commitments_{e.was}", settled, -1)
        if e.status != "open":
            self._add(c, network, (), f"commitments_{e.status}", settled, 1)
        self._settle(c, e.originator_id, e.number, settled=e.status != "open")
