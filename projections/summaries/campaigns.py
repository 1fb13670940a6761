"""Campaigns: launched, their targets and the power-holders they target, their status
and evaluation."""

from __future__ import annotations

from typing import Any

from domain.campaign import Campaign
from projections.summaries.base import Summary, summarises


@summarises(Campaign.Launched)
def _launched(e: Campaign.Launched) -> Summary:
    return Summary(
        "campaign",
        f"Campaign launched: {e.name}. Goal: {e.goal}",
        f"/campaigns/{e.originator_id}",
        e.happened_at,
    )


@summarises(Campaign.TargetSet, Campaign.TargetRevised)
def _target(e: Any) -> Summary:
    t = e.target
    due = f" by {t.due.isoformat()}" if t.due else ""
    if isinstance(e, Campaign.TargetRevised):
        text = f"Target revised: {t.metric} {t.goal}{due} ({e.reason})"
        return Summary("target", text, f"/campaigns/{e.originator_id}", correction=True)
    text = f"Target set: {t.metric} {t.goal}{due}"
    return Summary("target", text, f"/campaigns/{e.originator_id}")


@summarises(Campaign.TargetWithdrawn)
def _target_withdrawn(e: Campaign.TargetWithdrawn) -> Summary:
    return Summary(
        "target",
        f"Target withdrawn: {e.metric} ({e.reason})",
        f"/campaigns/{e.originator_id}",
        correction=True,
    )


@summarises(Campaign.PowerHolderTargeted)
def _targeted(e: Campaign.PowerHolderTargeted) -> Summary:
    return Summary(
        "power_holder",
        f"Power-holder {e.power_holder_id} targeted",
        f"/power-holders/{e.power_holder_id}",
    )


_STATUS_WORDS = {
    Campaign.Paused: "paused",
    Campaign.Resumed: "resumed",
    Campaign.Won: "won",
    Campaign.Lost: "lost",
    Campaign.Closed: "closed",
}


@summarises(*_STATUS_WORDS)
def _status(e: Any) -> Summary:
    reason = f": {e.reason}" if e.reason else ""
    return Summary(
        "status",
        f"Campaign {_STATUS_WORDS[type(e)]}{reason}",
        f"/campaigns/{e.originator_id}",
        e.happened_at,
    )


@summarises(Campaign.Evaluated)
def _campaign_evaluated(e: Campaign.Evaluated) -> Summary:
    return Summary(
        "evaluation",
        f"Campaign evaluated. Learned: {e.evaluation.learned}",
        f"/campaigns/{e.originator_id}",
        e.happened_at,
    )
