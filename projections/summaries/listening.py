"""Listening campaigns: launched, their sessions, closed with what was heard."""

from __future__ import annotations

from domain.listening import ListeningCampaign
from projections.summaries.base import Summary, summarises


@summarises(ListeningCampaign.Launched)
def _listening_launched(e: ListeningCampaign.Launched) -> Summary:
    return Summary(
        "listening",
        f"Listening campaign launched: {e.question} "
        f"({', '.join(e.communities)}; {e.target_conversations} conversations)",
        f"/listening-campaigns/{e.originator_id}",
        e.happened_at,
    )


@summarises(ListeningCampaign.SessionHeld)
def _session(e: ListeningCampaign.SessionHeld) -> Summary:
    themes = ", ".join(f"{t.name} ({t.mentions})" for t in e.themes)
    return Summary(
        "listening",
        f"Listening session {e.number} in {e.community}: {e.participants} participants"
        + (f"; themes: {themes}" if themes else ""),
        f"/listening-campaigns/{e.originator_id}",
        e.happened_at,
    )


@summarises(ListeningCampaign.Closed)
def _listening_closed(e: ListeningCampaign.Closed) -> Summary:
    return Summary(
        "listening",
        "Listening campaign closed" + (f": {e.summary}" if e.summary else ""),
        f"/listening-campaigns/{e.originator_id}",
        e.happened_at,
    )
