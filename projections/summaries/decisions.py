"""Decisions: proposed, positions taken, reached, revisited, superseded."""

from __future__ import annotations

from domain.decision import Decision
from projections.summaries.base import Summary, summarises


@summarises(Decision.Proposed)
def _proposed(e: Decision.Proposed) -> Summary:
    return Summary(
        "decision",
        f"Decision proposed ({e.rule}): {e.question} Options: "
        f"{'; '.join(e.options)}; {len(e.evidence)} piece(s) of evidence cited",
        f"/decisions/{e.originator_id}",
        e.happened_at,
    )


@summarises(Decision.PositionTaken)
def _position(e: Decision.PositionTaken) -> Summary:
    return Summary(
        "decision",
        f"Position taken by {e.participant_id}: {e.option}",
        f"/decisions/{e.originator_id}",
        e.happened_at,
    )


@summarises(Decision.Reached)
def _reached(e: Decision.Reached) -> Summary:
    return Summary(
        "decision",
        f"Decision reached: {e.outcome}. {e.rationale}",
        f"/decisions/{e.originator_id}",
        e.happened_at,
    )


@summarises(Decision.Revisited)
def _revisited(e: Decision.Revisited) -> Summary:
    return Summary(
        "decision",
        f"Decision revisited: {e.reason}",
        f"/decisions/{e.originator_id}",
        e.happened_at,
    )


@summarises(Decision.Superseded)
def _superseded(e: Decision.Superseded) -> Summary:
    return Summary(
        "decision",
        f"Decision superseded by {e.by_decision_id}: {e.reason}",
        f"/decisions/{e.originator_id}",
        e.happened_at,
    )


@summarises(Decision.CampaignLinked)
def _campaign_linked(e: Decision.CampaignLinked) -> Summary:
    return Summary(
        "decision",
        f"Decision filed under a campaign: {e.reason}",
        f"/decisions/{e.originator_id}",
        correction=True,
    )
