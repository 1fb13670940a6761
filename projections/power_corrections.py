"""The power map's corrections (`projections.power`): an assessment retracted no longer says
where a power-holder stands, and a commitment's outcome corrected is what it came to.

A correction says what was true all along, so on the happened clock it reaches back to the
fact it corrects; on the recording clock it counts from its own log position: an answer as
known before it shows the fact as it was first recorded."""

from __future__ import annotations

from domain.meeting import PowerHolderMeeting
from domain.power_holder import PowerHolder
from projections.dialect import Cursor
from projections.view import handles

#: The table of retracted assessments, for the power map's schema.
RETRACTIONS = (
    "CREATE TABLE IF NOT EXISTS power_retractions ("
    " power_holder_id TEXT NOT NULL, number INTEGER NOT NULL, position INTEGER NOT NULL,"
    " PRIMARY KEY (power_holder_id, number)) WITHOUT ROWID"
)
#: Commitments' outcomes as corrected, each correction at its log position.
CORRECTED_OUTCOMES = (
    "CREATE TABLE IF NOT EXISTS power_corrected_outcomes ("
    " meeting_id TEXT NOT NULL, number INTEGER NOT NULL, position INTEGER NOT NULL,"
    " outcome TEXT, note TEXT NOT NULL, PRIMARY KEY (meeting_id, number, position))"
    " WITHOUT ROWID"
)


class PowerCorrections:
    """The power map's handlers of corrections (a part of `PowerMap`)."""

    @handles(PowerHolder.AssessmentRetracted)
    def _retracted(self, c: Cursor, position: int, e: PowerHolder.AssessmentRetracted) -> None:
        c.execute(
            "INSERT INTO power_retractions VALUES (?, ?, ?)",
            (e.originator_id.hex, e.number, position),
        )

    @handles(PowerHolderMeeting.CommitmentOutcomeCorrected)
    def _outcome_corrected(
        self, c: Cursor, position: int, e: PowerHolderMeeting.CommitmentOutcomeCorrected
    ) -> None:
        c.execute(
            "INSERT INTO power_corrected_outcomes VALUES (?, ?, ?, ?, ?)",
            (
                e.originator_id.hex,
                e.number,
                position,
                None if e.status == "open" else e.status,
                e.note,
            ),
        )


def retracted(c: Cursor, holder: str, known: int) -> set[int]:
    """The numbers of a power-holder's assessments retracted by then (log position `known`)."""
    c.execute(
        "SELECT number FROM power_retractions WHERE power_holder_id = ? AND position <= ?",
        (holder, known),
    )
    return {r[0] for r in c.fetchall()}


def corrected_outcomes(
    c: Cursor, holder: str, known: int
) -> dict[tuple[str, int], tuple[int, str | None, str]]:
    """A power-holder's commitments' outcomes as last corrected by then (log position
    `known`): (position, outcome or None for open, note) by (meeting, number)."""
    c.execute(
        "SELECT o.meeting_id, o.number, o.position, o.outcome, o.note"
        " FROM power_corrected_outcomes o JOIN power_commitments k"
        " ON k.meeting_id = o.meeting_id AND k.number = o.number"
        " WHERE k.power_holder_id = ? AND o.position <= ? ORDER BY o.position",
        (holder, known),
    )
    return {(m, n): (p, outcome, note) for m, n, p, outcome, note in c.fetchall()}
