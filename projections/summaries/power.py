"""Power: power-holders identified and assessed, meetings with them, their answers and
commitments."""

from __future__ import annotations

from typing import Any

from domain.meeting import OUTCOME_STATUS, PowerHolderMeeting
from domain.power_holder import PowerHolder
from projections.summaries.base import Summary, summarises


@summarises(PowerHolder.Identified)
def _identified(e: PowerHolder.Identified) -> Summary:
    return Summary(
        "power_holder",
        f"Power-holder identified: {e.name}, {e.role}, {e.institution}",
        f"/power-holders/{e.originator_id}",
    )


@summarises(PowerHolder.Assessed)
def _assessed(e: PowerHolder.Assessed) -> Summary:
    return Summary(
        "assessment",
        f"Power-holder {e.originator_id} assessed: {e.stance.replace('_', ' ')}, "
        f"influence {e.influence}/5",
        f"/power-holders/{e.originator_id}",
        e.happened_at,
    )


@summarises(PowerHolderMeeting.Held)
def _meeting(e: PowerHolderMeeting.Held) -> Summary:
    asks = "; ".join(f"{a.text} {a.answer}" for a in e.asks)
    return Summary(
        "meeting",
        f"Power-holder meeting ({e.purpose}) with {len(e.power_holder_ids)} "
        f"power-holder(s), {len(e.attendee_ids)} from the network"
        + (f". Asks: {asks}" if asks else ""),
        f"/power-holder-meetings/{e.originator_id}",
        e.happened_at,
    )


@summarises(PowerHolderMeeting.AskAnswered)
def _answered(e: PowerHolderMeeting.AskAnswered) -> Summary:
    return Summary(
        "meeting",
        f"Ask {e.number} answered: {e.answer}",
        f"/power-holder-meetings/{e.originator_id}",
        e.happened_at,
    )


@summarises(PowerHolderMeeting.CommitmentSecured)
def _secured(e: PowerHolderMeeting.CommitmentSecured) -> Summary:
    due = f" (due {e.due.isoformat()})" if e.due else ""
    return Summary(
        "commitment",
        f"Commitment secured: {e.text}{due}",
        f"/power-holder-meetings/{e.originator_id}",
    )


@summarises(*OUTCOME_STATUS)
def _outcome(e: Any) -> Summary:
    note = f": {e.note}" if e.note else ""
    return Summary(
        "commitment",
        f"Commitment {e.number} {OUTCOME_STATUS[type(e)].replace('_', ' ')}{note}",
        f"/power-holder-meetings/{e.originator_id}",
        e.happened_at,
    )


@summarises(PowerHolderMeeting.Evaluated)
def _meeting_evaluated(e: PowerHolderMeeting.Evaluated) -> Summary:
    return Summary(
        "evaluation",
        f"Meeting evaluated. Learned: {e.evaluation.learned}",
        f"/power-holder-meetings/{e.originator_id}",
        e.happened_at,
    )


@summarises(PowerHolder.AssessmentRetracted)
def _retracted(e: PowerHolder.AssessmentRetracted) -> Summary:
    return Summary(
        "assessment",
        f"Assessment {e.number} retracted: {e.reason}",
        f"/power-holders/{e.originator_id}",
        correction=True,
    )


@summarises(PowerHolderMeeting.CommitmentOutcomeCorrected)
def _outcome_corrected(e: PowerHolderMeeting.CommitmentOutcomeCorrected) -> Summary:
    was, now = (s.replace("_", " ") for s in (e.was, e.status))
    return Summary(
        "commitment",
        f"Commitment {e.number} corrected: {now}, not {was} ({e.reason})",
        f"/power-holder-meetings/{e.originator_id}",
        correction=True,
    )
