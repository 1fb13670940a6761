"""The power map's corrections (`projections.power`): an assessment retracted no longer says
where a power-holder stands, and a commitment's outcome corrected is what it came to."""

from __future__ import annotations

from domain.meeting import PowerHolderMeeting
from domain.power_holder import PowerHolder
from projections.dialect import Cursor
from projections.view import handles, moment

#: The table of retracted assessments, for the power map's schema.
RETRACTIONS = (
    "CREATE TABLE IF NOT EXISTS power_retractions ("
    " power_holder_id TEXT NOT NULL, number INTEGER NOT NULL, recorded_at TEXT NOT NULL,"
    " PRIMARY KEY (power_holder_id, number)) WITHOUT ROWID"
)


class PowerCorrections:
    """The power map's handlers of corrections (a part of `PowerMap`)."""

    @handles(PowerHolder.AssessmentRetracted)
    def _retracted(self, c: Cursor, position: int, e: PowerHolder.AssessmentRetracted) -> None:
        c.execute(
            "INSERT INTO power_retractions VALUES (?, ?, ?)",
            (e.originator_id.hex, e.number, moment(e.timestamp)),
        )

    @handles(PowerHolderMeeting.CommitmentOutcomeCorrected)
    def _outcome_corrected(
        self, c: Cursor, position: int, e: PowerHolderMeeting.CommitmentOutcomeCorrected
    ) -> None:
        c.execute(
            "UPDATE power_commitments SET outcome = ?, note = ?, outcome_recorded_at = ?"
            " WHERE meeting_id = ? AND number = ?",
            (
                None if e.status == "open" else e.status,
                e.note,
                moment(e.timestamp),
                e.originator_id.hex,
                e.number,
            ),
        )


def retracted(c: Cursor, holder: str, recorded: str) -> set[int]:
    """The numbers of a power-holder's assessments retracted by then (`recorded`)."""
    c.execute(
        "SELECT number FROM power_retractions WHERE power_holder_id = ? AND recorded_at <= ?",
        (holder, recorded),
    )
    return {r[0] for r in c.fetchall()}
