"""People and gatherings: registered, memberships, contact details, skills, consent, notes
kept, the ladder, forgotten; gatherings held."""

from __future__ import annotations

from typing import Any

from domain.gathering import Gathering
from domain.person import Person
from projections.summaries.base import Summary, summarises


@summarises(Gathering.Held)
def _gathering(e: Gathering.Held) -> Summary:
    return Summary(
        "gathering",
        f"Gathering held ({e.kind.replace('_', ' ')}): {e.topic}; {len(e.attendee_ids)} attended",
        f"/gatherings/{e.originator_id}",
        e.happened_at,
    )


@summarises(Person.Registered)
def _registered(e: Person.Registered) -> Summary:
    return Summary(
        "profile",
        f"Registered in {', '.join(e.communities) or 'no community'}",
        f"/people/{e.originator_id}",
    )


@summarises(Person.JoinedCommunity, Person.LeftCommunity)
def _membership(e: Any) -> Summary:
    word = "Joined" if isinstance(e, Person.JoinedCommunity) else "Left"
    return Summary("profile", f"{word} {e.community}", f"/people/{e.originator_id}", e.happened_at)


@summarises(Person.ContactDetailsProvided)
def _contact(e: Person.ContactDetailsProvided) -> Summary:
    return Summary("profile", "Contact details provided", f"/people/{e.originator_id}")


@summarises(Person.SkillsOffered)
def _skills(e: Person.SkillsOffered) -> Summary:
    return Summary(
        "profile", f"Skills offered: {', '.join(e.skills)}", f"/people/{e.originator_id}"
    )


@summarises(Person.ConsentGiven, Person.ConsentWithdrawn)
def _consent(e: Any) -> Summary:
    word = "given" if isinstance(e, Person.ConsentGiven) else "withdrawn"
    return Summary(
        "consent",
        f"Consent {word}: {e.scope.replace('_', ' ')}",
        f"/people/{e.originator_id}",
        e.happened_at,
    )


@summarises(Person.NotesKept)
def _notes_kept(e: Person.NotesKept) -> Summary:
    # What the notes say is theirs and the one-to-one's: here only that notes were kept.
    return Summary(
        "consent",
        f"Private notes kept (one-to-one {e.one_to_one_id})",
        f"/people/{e.originator_id}",
    )


@summarises(Person.LeadershipAssessed)
def _ladder(e: Person.LeadershipAssessed) -> Summary:
    return Summary(
        "ladder",
        f"Leadership assessed by {e.assessed_by}: {e.stage}",
        f"/people/{e.originator_id}",
        e.happened_at,
    )


@summarises(Person.Forgotten)
def _forgotten(e: Person.Forgotten) -> Summary:
    return Summary(
        "profile",
        "Forgotten at their request: their personal data is erased",
        f"/people/{e.originator_id}",
    )
