"""One-to-ones: held, their follow-ups done, their notes corrected (never quoted)."""

from __future__ import annotations

from domain.one_to_one import OneToOne
from projections.summaries.base import Summary, summarises


@summarises(OneToOne.Held)
def _one_to_one(e: OneToOne.Held) -> Summary:
    interests = f"; interests: {', '.join(e.interests)}" if e.interests else ""
    minutes = f", {e.duration_minutes} min" if e.duration_minutes else ""
    follow_ups = f"; {len(e.follow_ups)} follow-up(s) agreed" if e.follow_ups else ""
    return Summary(
        "one_to_one",
        f"One-to-one held ({e.channel.replace('_', ' ')}{minutes}){interests}{follow_ups}",
        f"/one-to-ones/{e.originator_id}",
        e.happened_at,
    )


@summarises(OneToOne.FollowUpDone)
def _follow_up_done(e: OneToOne.FollowUpDone) -> Summary:
    return Summary(
        "one_to_one", f"Follow-up {e.number} done", f"/one-to-ones/{e.originator_id}", e.happened_at
    )


@summarises(OneToOne.NotesCorrected)
def _notes_corrected(e: OneToOne.NotesCorrected) -> Summary:
    return Summary(
        "one_to_one",
        # Not the reason: written about private notes, it could quote them.
        "Notes of a one-to-one corrected",
        f"/one-to-ones/{e.originator_id}",
        correction=True,
    )
