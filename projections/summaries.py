"""One readable line for each kind of recorded event, shared by every view that tells a
story: a campaign's timeline, a person's relational history, a decision's evidence.

A summary names no person and quotes no personal data (names, contact details, what was
shared, private notes): people are referred to by id, and read-time code may resolve them
for a reader allowed to see them. Each summary says what kind of thing it is, where its
source record is read, when it happened (as the organiser said; None for things that take
effect when recorded) and whether it corrects something recorded earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.action import Action
from domain.campaign import Campaign
from domain.decision import Decision
from domain.gathering import Gathering
from domain.listening import ListeningCampaign
from domain.meeting import OUTCOME_STATUS, PowerHolderMeeting
from domain.one_to_one import OneToOne
from domain.person import Person
from domain.power_holder import PowerHolder
from projections.view import moment


@dataclass(frozen=True)
class Summary:
    kind: str
    text: str
    source: str
    happened_at: datetime | None = None
    correction: bool = False


#: Every kind of summary, in the order they are listed to readers.
KINDS = (
    "campaign",
    "target",
    "power_holder",
    "status",
    "evaluation",
    "one_to_one",
    "listening",
    "action",
    "assessment",
    "meeting",
    "commitment",
    "decision",
    "gathering",
    "ladder",
    "consent",
    "profile",
)

_SUMMARIES: dict[type, Callable[[Any], Summary]] = {}


def _summarises(*event_classes: type) -> Callable[[Callable[[Any], Summary]], Any]:
    def register(function: Callable[[Any], Summary]) -> Callable[[Any], Summary]:
        for cls in event_classes:
            _SUMMARIES[cls] = function
        return function

    return register


def summarise(event: Any) -> Summary | None:
    """The event's summary, or None for an event that tells no story (an idempotency key)."""
    function = _SUMMARIES.get(type(event))
    return None if function is None else function(event)


def summarised() -> frozenset[type]:
    """Every event class that has a summary."""
    return frozenset(_SUMMARIES)


# campaigns


@_summarises(Campaign.Launched)
def _launched(e: Campaign.Launched) -> Summary:
    return Summary(
        "campaign",
        f"Campaign launched: {e.name}. Goal: {e.goal}",
        f"/campaigns/{e.originator_id}",
        e.happened_at,
    )


@_summarises(Campaign.TargetSet, Campaign.TargetRevised)
def _target(e: Any) -> Summary:
    t = e.target
    due = f" by {t.due.isoformat()}" if t.due else ""
    if isinstance(e, Campaign.TargetRevised):
        text = f"Target revised: {t.metric} {t.goal}{due} ({e.reason})"
        return Summary("target", text, f"/campaigns/{e.originator_id}", correction=True)
    text = f"Target set: {t.metric} {t.goal}{due}"
    return Summary("target", text, f"/campaigns/{e.originator_id}")


@_summarises(Campaign.PowerHolderTargeted)
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


@_summarises(*_STATUS_WORDS)
def _status(e: Any) -> Summary:
    reason = f": {e.reason}" if e.reason else ""
    return Summary(
        "status",
        f"Campaign {_STATUS_WORDS[type(e)]}{reason}",
        f"/campaigns/{e.originator_id}",
        e.happened_at,
    )


@_summarises(Campaign.Evaluated)
def _campaign_evaluated(e: Campaign.Evaluated) -> Summary:
    return Summary(
        "evaluation",
        f"Campaign evaluated. Learned: {e.evaluation.learned}",
        f"/campaigns/{e.originator_id}",
        e.happened_at,
    )


# one-to-ones


@_summarises(OneToOne.Held)
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


@_summarises(OneToOne.FollowUpDone)
def _follow_up_done(e: OneToOne.FollowUpDone) -> Summary:
    return Summary(
        "one_to_one", f"Follow-up {e.number} done", f"/one-to-ones/{e.originator_id}", e.happened_at
    )


@_summarises(OneToOne.NotesCorrected)
def _notes_corrected(e: OneToOne.NotesCorrected) -> Summary:
    return Summary(
        "one_to_one",
        # Not the reason: written about private notes, it could quote them.
        "Notes of a one-to-one corrected",
        f"/one-to-ones/{e.originator_id}",
        correction=True,
    )


# listening


@_summarises(ListeningCampaign.Launched)
def _listening_launched(e: ListeningCampaign.Launched) -> Summary:
    return Summary(
        "listening",
        f"Listening campaign launched: {e.question} "
        f"({', '.join(e.communities)}; {e.target_conversations} conversations)",
        f"/listening-campaigns/{e.originator_id}",
        e.happened_at,
    )


@_summarises(ListeningCampaign.SessionHeld)
def _session(e: ListeningCampaign.SessionHeld) -> Summary:
    themes = ", ".join(f"{t.name} ({t.mentions})" for t in e.themes)
    return Summary(
        "listening",
        f"Listening session {e.number} in {e.community}: {e.participants} participants"
        + (f"; themes: {themes}" if themes else ""),
        f"/listening-campaigns/{e.originator_id}",
        e.happened_at,
    )


@_summarises(ListeningCampaign.Closed)
def _listening_closed(e: ListeningCampaign.Closed) -> Summary:
    return Summary(
        "listening",
        "Listening campaign closed" + (f": {e.summary}" if e.summary else ""),
        f"/listening-campaigns/{e.originator_id}",
        e.happened_at,
    )


# actions


@_summarises(Action.Planned)
def _planned(e: Action.Planned) -> Summary:
    return Summary(
        "action",
        f"Action planned: {e.title} ({e.kind.replace('_', ' ')}) for "
        f"{moment(e.scheduled_for)[:16]} UTC; ask: {e.ask}; {e.turnout_pledged} pledged",
        f"/actions/{e.originator_id}",
    )


@_summarises(Action.Held)
def _action_held(e: Action.Held) -> Summary:
    return Summary(
        "action",
        f"Action held: turnout {e.turnout}; outcome: {e.outcome}",
        f"/actions/{e.originator_id}",
        e.happened_at,
    )


@_summarises(Action.Evaluated)
def _action_evaluated(e: Action.Evaluated) -> Summary:
    return Summary(
        "evaluation",
        f"Action evaluated. Learned: {e.evaluation.learned}",
        f"/actions/{e.originator_id}",
        e.happened_at,
    )


@_summarises(Action.Cancelled)
def _action_cancelled(e: Action.Cancelled) -> Summary:
    return Summary("action", f"Action cancelled: {e.reason}", f"/actions/{e.originator_id}")


# power


@_summarises(PowerHolder.Identified)
def _identified(e: PowerHolder.Identified) -> Summary:
    return Summary(
        "power_holder",
        f"Power-holder identified: {e.name}, {e.role}, {e.institution}",
        f"/power-holders/{e.originator_id}",
    )


@_summarises(PowerHolder.Assessed)
def _assessed(e: PowerHolder.Assessed) -> Summary:
    return Summary(
        "assessment",
        f"Power-holder {e.originator_id} assessed: {e.stance.replace('_', ' ')}, "
        f"influence {e.influence}/5",
        f"/power-holders/{e.originator_id}",
        e.happened_at,
    )


@_summarises(PowerHolderMeeting.Held)
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


@_summarises(PowerHolderMeeting.AskAnswered)
def _answered(e: PowerHolderMeeting.AskAnswered) -> Summary:
    return Summary(
        "meeting",
        f"Ask {e.number} answered: {e.answer}",
        f"/power-holder-meetings/{e.originator_id}",
        e.happened_at,
    )


@_summarises(PowerHolderMeeting.CommitmentSecured)
def _secured(e: PowerHolderMeeting.CommitmentSecured) -> Summary:
    due = f" (due {e.due.isoformat()})" if e.due else ""
    return Summary(
        "commitment",
        f"Commitment secured: {e.text}{due}",
        f"/power-holder-meetings/{e.originator_id}",
    )


@_summarises(*OUTCOME_STATUS)
def _outcome(e: Any) -> Summary:
    note = f": {e.note}" if e.note else ""
    return Summary(
        "commitment",
        f"Commitment {e.number} {OUTCOME_STATUS[type(e)].replace('_', ' ')}{note}",
        f"/power-holder-meetings/{e.originator_id}",
        e.happened_at,
    )


@_summarises(PowerHolderMeeting.Evaluated)
def _meeting_evaluated(e: PowerHolderMeeting.Evaluated) -> Summary:
    return Summary(
        "evaluation",
        f"Meeting evaluated. Learned: {e.evaluation.learned}",
        f"/power-holder-meetings/{e.originator_id}",
        e.happened_at,
    )


# decisions


@_summarises(Decision.Proposed)
def _proposed(e: Decision.Proposed) -> Summary:
    return Summary(
        "decision",
        f"Decision proposed ({e.rule}): {e.question} Options: "
        f"{'; '.join(e.options)}; {len(e.evidence)} piece(s) of evidence cited",
        f"/decisions/{e.originator_id}",
        e.happened_at,
    )


@_summarises(Decision.PositionTaken)
def _position(e: Decision.PositionTaken) -> Summary:
    return Summary(
        "decision",
        f"Position taken by {e.participant_id}: {e.option}",
        f"/decisions/{e.originator_id}",
        e.happened_at,
    )


@_summarises(Decision.Reached)
def _reached(e: Decision.Reached) -> Summary:
    return Summary(
        "decision",
        f"Decision reached: {e.outcome}. {e.rationale}",
        f"/decisions/{e.originator_id}",
        e.happened_at,
    )


@_summarises(Decision.Revisited)
def _revisited(e: Decision.Revisited) -> Summary:
    return Summary(
        "decision",
        f"Decision revisited: {e.reason}",
        f"/decisions/{e.originator_id}",
        e.happened_at,
    )


@_summarises(Decision.Superseded)
def _superseded(e: Decision.Superseded) -> Summary:
    return Summary(
        "decision",
        f"Decision superseded by {e.by_decision_id}: {e.reason}",
        f"/decisions/{e.originator_id}",
        e.happened_at,
    )


# people and gatherings


@_summarises(Gathering.Held)
def _gathering(e: Gathering.Held) -> Summary:
    return Summary(
        "gathering",
        f"Gathering held ({e.kind.replace('_', ' ')}): {e.topic}; {len(e.attendee_ids)} attended",
        f"/gatherings/{e.originator_id}",
        e.happened_at,
    )


@_summarises(Person.Registered)
def _registered(e: Person.Registered) -> Summary:
    return Summary(
        "profile",
        f"Registered in {', '.join(e.communities) or 'no community'}",
        f"/people/{e.originator_id}",
    )


@_summarises(Person.JoinedCommunity, Person.LeftCommunity)
def _membership(e: Any) -> Summary:
    word = "Joined" if isinstance(e, Person.JoinedCommunity) else "Left"
    return Summary("profile", f"{word} {e.community}", f"/people/{e.originator_id}", e.happened_at)


@_summarises(Person.ContactDetailsProvided)
def _contact(e: Person.ContactDetailsProvided) -> Summary:
    return Summary("profile", "Contact details provided", f"/people/{e.originator_id}")


@_summarises(Person.SkillsOffered)
def _skills(e: Person.SkillsOffered) -> Summary:
    return Summary(
        "profile", f"Skills offered: {', '.join(e.skills)}", f"/people/{e.originator_id}"
    )


@_summarises(Person.ConsentGiven, Person.ConsentWithdrawn)
def _consent(e: Any) -> Summary:
    word = "given" if isinstance(e, Person.ConsentGiven) else "withdrawn"
    return Summary(
        "consent",
        f"Consent {word}: {e.scope.replace('_', ' ')}",
        f"/people/{e.originator_id}",
        e.happened_at,
    )


@_summarises(Person.NotesKept)
def _notes_kept(e: Person.NotesKept) -> Summary:
    # What the notes say is theirs and the one-to-one's: here only that notes were kept.
    return Summary(
        "consent",
        f"Private notes kept (one-to-one {e.one_to_one_id})",
        f"/people/{e.originator_id}",
    )


@_summarises(Person.LeadershipAssessed)
def _ladder(e: Person.LeadershipAssessed) -> Summary:
    return Summary(
        "ladder",
        f"Leadership assessed by {e.assessed_by}: {e.stage}",
        f"/people/{e.originator_id}",
        e.happened_at,
    )


@_summarises(Person.Forgotten)
def _forgotten(e: Person.Forgotten) -> Summary:
    return Summary(
        "profile",
        "Forgotten at their request: their personal data is erased",
        f"/people/{e.originator_id}",
    )
