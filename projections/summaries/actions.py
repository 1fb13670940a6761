"""Actions: planned, held, evaluated or cancelled."""

from __future__ import annotations

from domain.action import Action
from projections.summaries.base import Summary, summarises
from projections.view import moment


@summarises(Action.Planned)
def _planned(e: Action.Planned) -> Summary:
    return Summary(
        "action",
        f"Action planned: {e.title} ({e.kind.replace('_', ' ')}) for "
        f"{moment(e.scheduled_for)[:16]} UTC; ask: {e.ask}; {e.turnout_pledged} pledged",
        f"/actions/{e.originator_id}",
    )


@summarises(Action.Held)
def _action_held(e: Action.Held) -> Summary:
    return Summary(
        "action",
        f"Action held: turnout {e.turnout}; outcome: {e.outcome}",
        f"/actions/{e.originator_id}",
        e.happened_at,
    )


@summarises(Action.Evaluated)
def _action_evaluated(e: Action.Evaluated) -> Summary:
    return Summary(
        "evaluation",
        f"Action evaluated. Learned: {e.evaluation.learned}",
        f"/actions/{e.originator_id}",
        e.happened_at,
    )


@summarises(Action.Cancelled)
def _action_cancelled(e: Action.Cancelled) -> Summary:
    return Summary("action", f"Action cancelled: {e.reason}", f"/actions/{e.originator_id}")


@summarises(Action.TurnoutCorrected)
def _turnout_corrected(e: Action.TurnoutCorrected) -> Summary:
    return Summary(
        "action",
        f"Turnout corrected: {e.turnout}, not {e.was} ({e.reason})",
        f"/actions/{e.originator_id}",
        correction=True,
    )


@summarises(Action.Reinstated)
def _reinstated(e: Action.Reinstated) -> Summary:
    return Summary(
        "action", f"Action reinstated: {e.reason}", f"/actions/{e.originator_id}", correction=True
    )
