"""Campaign progress's corrections (`projections.progress`): a turnout corrected counts its
difference in the week the action was held, a commitment's outcome corrected moves it between
outcomes in the week it was settled (and, reopened, makes it overdue again if due), and a
target withdrawn no longer stands. Each counts from its own log position, so an answer as
known before it sees the fact as first recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from domain.action import Action
from domain.campaign import Campaign
from domain.meeting import PowerHolderMeeting
from projections.dialect import Cursor
from projections.view import ViewCannotApply, handles, happened, moment


class ProgressCorrections:
    """Campaign progress's handlers of corrections (a part of `CampaignProgress`)."""

    name: ClassVar[str]

    _fact: Callable[..., None]  # the view's own: a fact counted (`CampaignProgress._fact`)

    def _source(self, c: Cursor, source: UUID) -> tuple[UUID, int] | None:
        raise NotImplementedError  # the view's own

    @handles(Action.TurnoutCorrected)
    def _turnout_corrected(self, c: Cursor, position: int, e: Action.TurnoutCorrected) -> None:
        source = self._source(c, e.originator_id)
        if source is None:
            raise ViewCannotApply(f"{self.name}: action {e.originator_id} was never planned")
        # The difference counts when the action was held, not when it was corrected.
        held = self._when(c, source[0], "turnout", e.originator_id.hex)
        self._fact(c, source[0], "turnout", position, e, e.turnout - e.was, held, e.originator_id)

    @handles(PowerHolderMeeting.CommitmentOutcomeCorrected)
    def _outcome_corrected(
        self, c: Cursor, position: int, e: PowerHolderMeeting.CommitmentOutcomeCorrected
    ) -> None:
        source = self._source(c, e.originator_id)
        if source is None:
            return
        campaign, which = source[0], f"{e.originator_id.hex}:{e.number}"
        # What the commitment came to is counted when it was settled, as first recorded.
        settled = self._when(c, campaign, f"commitments_{e.was}", which)
        self._fact(c, campaign, f"commitments_{e.was}", position, e, -1, settled, which)
        if e.status != "open":
            self._fact(c, campaign, f"commitments_{e.status}", position, e, 1, settled, which, 1)
        # Open again: overdue from this position on, if due (an answer as known before it
        # still sees the outcome first recorded).
        reopened, outcome = (position, e.was) if e.status == "open" else (None, e.status)
        c.execute(
            "UPDATE progress_commitments SET outcome = ?, reopened = ?"
            " WHERE meeting_id = ? AND number = ?",
            (outcome, reopened, e.originator_id.hex, e.number),
        )

    def _when(self, c: Cursor, owner: UUID, measure: str, subject: str) -> datetime:
        """When the fact a correction corrects happened."""
        c.execute(
            "SELECT happened_at FROM progress_facts WHERE owner_id = ? AND measure = ?"
            " AND subject = ? ORDER BY position LIMIT 1",
            (owner.hex, measure, subject),
        )
        row = c.fetchone()
        if row is None:
            raise ViewCannotApply(f"{self.name}: no {measure} of {subject} to correct")
        return datetime.fromisoformat(row[0])

    @handles(Campaign.TargetWithdrawn)
    def _target_withdrawn(self, c: Cursor, position: int, e: Campaign.TargetWithdrawn) -> None:
        # A goal of none: the target no longer stands (from this position on).
        c.execute(
            "INSERT INTO progress_targets VALUES (?, ?, ?, 0, NULL, ?, ?)",
            (e.originator_id.hex, e.metric, position, moment(e.timestamp), happened(e)),
        )
