"""The application service: what commands return, the references they check across
records, idempotency keys, durable storage, and retries on concurrent writes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.action import Action
from domain.application import Groundwork
from domain.campaign import Campaign
from domain.commands.accounts import AccountCommands
from domain.commands.grants import GrantCommands
from domain.commands.webhooks import Recorded, WebhookCommands
from domain.decision import Decision
from domain.errors import (
    ConflictingWrite,
    IdempotencyKeyReused,
    NotFound,
    RequestInProgress,
)
from domain.errors.campaigns import CampaignNotActive
from domain.errors.decisions import EvidenceItemMissing, EvidenceItemNotExpected, NoSuchEvidenceItem
from domain.errors.network import CommunitiesNotSpanned, InAnotherNetwork
from domain.errors.people import NotesNotConsented
from domain.errors.shared import EmptyText, NotYetHappened, YearOutOfRange
from domain.gathering import Gathering, GatheringSeries
from domain.listening import ListeningCampaign
from domain.meeting import PowerHolderMeeting
from domain.network import Network
from domain.one_to_one import OneToOne
from domain.person import Person
from domain.personal import PersonalData
from domain.power_holder import PowerHolder
from domain.store.idempotency import RequestKey
from domain.values import (
    ActionKind,
    Answer,
    CampaignStatus,
    Channel,
    CommitmentStatus,
    ConsentScope,
    DecisionKind,
    DecisionRule,
    Evaluation,
    EvidenceKind,
    EvidenceRef,
    FollowUp,
    GatheringKind,
    LadderStage,
    MeetingPurpose,
    Stance,
    TargetMetric,
    Theme,
)
from tests.domain.conftest import (
    EARLIER,
    NOW,
    RECORDER,
    SmallNetwork,
    register_small_network,
)
from tests.postgres import sqlite_only, stored_events

A = TypeVar("A", bound=Aggregate)


def events_on_record(app: Groundwork) -> int:
    """How many events the application has recorded, all kinds together (not the last
    position: PostgreSQL's positions skip those a failed insert was given)."""
    return len(app.recorder.select_notifications(start=None, limit=1_000_000))


def rows_in_stored_events(database: Path) -> int:
    return stored_events(database)


# ---------------------------------------------------------------- builders


def launch_listening(app: Groundwork, net: SmallNetwork) -> UUID:
    return app.launch_listening_campaign(
        network_id=net.network_id,
        question="What gets in the way of recovery here?",
        communities=["Lisbon", "Porto"],
        target_conversations=40,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    ).id


def hold_session(app: Groundwork, listening_id: UUID, net: SmallNetwork) -> Recorded:
    return app.hold_listening_session(
        listening_id,
        host_id=net.organiser_id,
        community="Lisbon",
        happened_at=EARLIER,
        participants=6,
        themes=[Theme("housing", 4)],
        recorded_by=RECORDER,
    )


def launch_campaign(app: Groundwork, net: SmallNetwork, listening_id: UUID | None = None) -> UUID:
    return app.launch_campaign(
        network_id=net.network_id,
        name="Peer workers in every ward",
        goal="A paid peer worker in each ward",
        issue="No peer roles in hospitals",
        listening_campaign_id=listening_id,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    ).id


def identify_holder(app: Groundwork, net: SmallNetwork) -> UUID:
    return app.identify_power_holder(
        network_id=net.network_id,
        name="Dr. Costa",
        role="Director",
        institution="Health Authority",
        recorded_by=RECORDER,
    ).id


def assess_holder(app: Groundwork, holder_id: UUID, net: SmallNetwork) -> Recorded:
    return app.assess_power_holder(
        holder_id,
        stance=Stance.NEUTRAL,
        influence=4,
        interests=["budget"],
        notes="",
        assessed_by=net.organiser_id,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )


def hold_one_to_one(app: Groundwork, net: SmallNetwork, **changes: Any) -> Recorded:
    arguments: dict[str, Any] = {
        "network_id": net.network_id,
        "organiser_id": net.organiser_id,
        "person_id": net.member_id,
        "happened_at": EARLIER,
        "channel": Channel.IN_PERSON,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return app.hold_one_to_one(**arguments)


def hold_meeting(app: Groundwork, net: SmallNetwork, holder_id: UUID, **changes: Any) -> Recorded:
    arguments: dict[str, Any] = {
        "network_id": net.network_id,
        "campaign_id": None,
        "power_holder_ids": [holder_id],
        "attendee_ids": [net.organiser_id],
        "purpose": MeetingPurpose.RESEARCH,
        "happened_at": EARLIER,
        "asks": [("Fund a pilot", Answer.LATER)],
        "summary": "",
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return app.hold_power_holder_meeting(**arguments)


def plan_action(app: Groundwork, campaign_id: UUID, **changes: Any) -> Recorded:
    arguments: dict[str, Any] = {
        "campaign_id": campaign_id,
        "kind": ActionKind.ASSEMBLY,
        "title": "Assembly at the town hall",
        "scheduled_for": EARLIER,
        "power_holder_id": None,
        "ask": "Fund peer workers",
        "turnout_pledged": 30,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return app.plan_action(**arguments)


def hold_gathering(app: Groundwork, net: SmallNetwork, **changes: Any) -> Recorded:
    arguments: dict[str, Any] = {
        "network_id": net.network_id,
        "series_id": None,
        "kind": GatheringKind.SKILL_SHARE,
        "topic": "Facilitation",
        "happened_at": EARLIER,
        "facilitator_id": net.organiser_id,
        "attendee_ids": [net.member_id],
        "reflections": "",
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return app.hold_gathering(**arguments)


def establish_series(app: Groundwork, net: SmallNetwork) -> UUID:
    return app.establish_gathering_series(
        network_id=net.network_id,
        name="Community of practice",
        kind=GatheringKind.COMMUNITY_OF_PRACTICE,
        rrule="FREQ=MONTHLY;BYDAY=+4WE",
        starts_on=date(2025, 1, 22),
        local_time=time(18, 30),
        duration_minutes=90,
        time_zone="Europe/Lisbon",
        recorded_by=RECORDER,
    ).id


def propose(app: Groundwork, net: SmallNetwork, evidence: list[EvidenceRef]) -> Recorded:
    return app.propose_decision(
        network_id=net.network_id,
        campaign_id=None,
        kind=DecisionKind.ISSUE_CUT,
        question="Which issue first?",
        options=["Housing", "Peer workers"],
        rule=DecisionRule.MAJORITY,
        evidence=evidence,
        proposed_by=net.organiser_id,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )


def found_network(app: Groundwork, key: RequestKey | None = None, **changes: Any) -> Recorded:
    arguments: dict[str, Any] = {
        "name": "Peer Support Portugal",
        "focus": "Peer support",
        "goals": [],
        "communities": ["Lisbon"],
        "happened_at": EARLIER,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return app.found_network(key=key, **arguments)


@pytest.fixture
def other_network(app: Groundwork, small_network: SmallNetwork) -> SmallNetwork:
    """A second network on the same store, whose records the first may not use."""
    return register_small_network(app, name="Peer Support Spain")


@dataclass(frozen=True)
class Evidence:
    """One record of each kind a decision can cite, all in the small network."""

    one_to_one: UUID
    listening: UUID
    holder: UUID
    meeting: UUID
    action: UUID
    gathering: UUID


@pytest.fixture
def evidence(app: Groundwork, small_network: SmallNetwork) -> Evidence:
    net = small_network
    listening = launch_listening(app, net)
    hold_session(app, listening, net)
    holder = identify_holder(app, net)
    assess_holder(app, holder, net)
    campaign = launch_campaign(app, net)
    return Evidence(
        one_to_one=hold_one_to_one(app, net).id,
        listening=listening,
        holder=holder,
        meeting=hold_meeting(app, net, holder).id,
        action=plan_action(app, campaign).id,
        gathering=hold_gathering(app, net).id,
    )


# ---------------------------------------------------------------- what commands return


def test_founding_a_network_returns_its_id_at_version_one(app: Groundwork) -> None:
    recorded = found_network(app)

    assert isinstance(recorded, Recorded)
    assert (recorded.version, recorded.number) == (1, None)
    assert app.get(Network, recorded.id).name == "Peer Support Portugal"


def test_a_command_on_a_record_returns_its_version_after_the_command(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    recorded = app.adopt_guidelines(
        small_network.network_id, text="We listen.", happened_at=EARLIER, recorded_by=RECORDER
    )

    assert recorded == Recorded(id=small_network.network_id, version=2, number=1)


def test_things_recorded_inside_a_record_are_returned_with_their_number(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    listening = launch_listening(app, small_network)
    hold_session(app, listening, small_network)

    recorded = hold_session(app, listening, small_network)

    assert recorded == Recorded(id=listening, version=3, number=2)


@dataclass(frozen=True)
class World:
    """Records of every kind in the small network, ready for any command."""

    net: SmallNetwork
    one_to_one: UUID  # with one follow-up and notes the member consented to
    listening: UUID  # with one session held
    campaign: UUID
    holder: UUID  # assessed once
    meeting: UUID  # with ask 1 answered later and commitment 1 secured
    action: UUID  # planned
    held_action: UUID
    decision: UUID  # open, by majority, with the organiser's position for Housing
    reached_decision: UUID
    series: UUID
    cancelled_action: UUID
    settled_meeting: UUID  # with commitment 1 kept


@pytest.fixture
def world(app: Groundwork, small_network: SmallNetwork) -> World:
    net = small_network
    app.welcome_to_committee(
        net.network_id, person_id=net.organiser_id, happened_at=EARLIER, recorded_by=RECORDER
    )
    app.give_consent(
        net.member_id, scope=ConsentScope.KEEP_NOTES, happened_at=EARLIER, recorded_by=RECORDER
    )
    one_to_one = hold_one_to_one(
        app, net, follow_ups=[("Send the guidelines", None)], private_notes="Struggling"
    ).id
    listening = launch_listening(app, net)
    hold_session(app, listening, net)
    campaign = launch_campaign(app, net)
    holder = identify_holder(app, net)
    assess_holder(app, holder, net)
    meeting = hold_meeting(app, net, holder).id
    app.secure_commitment(
        meeting, power_holder_id=holder, text="Fund a pilot", due=None, recorded_by=RECORDER
    )
    held_action = plan_action(app, campaign).id
    app.record_action_held(
        held_action, happened_at=EARLIER, turnout=12, outcome="Heard", recorded_by=RECORDER
    )
    decisions = []
    for _ in range(2):
        decision = propose(app, net, []).id
        app.take_position(
            decision,
            participant_id=net.organiser_id,
            option="Housing",
            reason="",
            happened_at=EARLIER,
            recorded_by=RECORDER,
        )
        decisions.append(decision)
    app.reach_decision(
        decisions[1],
        outcome="Housing",
        rationale="Agreed",
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )
    series = establish_series(app, net)
    return World(
        net=net,
        one_to_one=one_to_one,
        listening=listening,
        campaign=campaign,
        holder=holder,
        meeting=meeting,
        action=plan_action(app, campaign).id,
        held_action=held_action,
        decision=decisions[0],
        reached_decision=decisions[1],
        series=series,
        cancelled_action=cancelled_action(app, campaign),
        settled_meeting=settled_meeting(app, net, holder),
    )


def cancelled_action(app: Groundwork, campaign: UUID) -> UUID:
    action = plan_action(app, campaign).id
    app.cancel_action(action, reason="Rain", recorded_by=RECORDER)
    app.set_target(
        campaign,
        metric=TargetMetric.ONE_TO_ONES,
        goal=10,
        due=None,
        reason="",
        recorded_by=RECORDER,
    )
    return action


def settled_meeting(app: Groundwork, net: SmallNetwork, holder: UUID) -> UUID:
    meeting = hold_meeting(app, net, holder).id
    app.secure_commitment(
        meeting, power_holder_id=holder, text="Visit", due=None, recorded_by=RECORDER
    )
    app.record_commitment_outcome(
        meeting, number=1, status=CommitmentStatus.KEPT, note="", recorded_by=RECORDER
    )
    return meeting


EVALUATION = Evaluation("Stories", "Too long", "Keep it short")


@dataclass(frozen=True)
class Command:
    """One command of the application, the record it changes (None when it makes a new
    one), the number it returns, and the event it records; and, first to last, the events
    it records on other records in the same atomic write, each with the record it is on
    (notes kept go on the record of the person they are about)."""

    run: Callable[[Groundwork, World], Recorded]
    record: Callable[[World], UUID] | None
    number: int | None
    event: type[Any]
    also: tuple[tuple[type[Any], Callable[[World], UUID]], ...] = ()


COMMANDS: dict[str, Command] = {
    "found_network": Command(lambda app, w: found_network(app), None, None, Network.Founded),
    "adopt_guidelines": Command(
        lambda app, w: app.adopt_guidelines(
            w.net.network_id, text="We listen.", happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.net.network_id,
        1,
        Network.GuidelinesAdopted,
    ),
    "welcome_to_committee": Command(
        lambda app, w: app.welcome_to_committee(
            w.net.network_id, person_id=w.net.member_id, happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.net.network_id,
        None,
        Network.CommitteeMemberJoined,
    ),
    "step_down_from_committee": Command(
        lambda app, w: app.step_down_from_committee(
            w.net.network_id,
            person_id=w.net.organiser_id,
            reason="Rest",
            happened_at=NOW,
            recorded_by=RECORDER,
        ),
        lambda w: w.net.network_id,
        None,
        Network.CommitteeMemberSteppedDown,
    ),
    "add_community": Command(
        lambda app, w: app.add_community(
            w.net.network_id, community="Coimbra", recorded_by=RECORDER
        ),
        lambda w: w.net.network_id,
        None,
        Network.CommunityAdded,
    ),
    "set_time_zone": Command(
        lambda app, w: app.set_time_zone(
            w.net.network_id, time_zone="Europe/Lisbon", recorded_by=RECORDER
        ),
        lambda w: w.net.network_id,
        None,
        Network.TimeZoneSet,
    ),
    "register_person": Command(
        lambda app, w: app.register_person(
            network_id=w.net.network_id,
            name="Carla",
            contact=None,
            communities=["Porto"],
            languages=["es"],
            recorded_by=RECORDER,
        ),
        None,
        None,
        Person.Registered,
    ),
    "provide_contact_details": Command(
        lambda app, w: app.provide_contact_details(
            w.net.member_id, contact="bruno@example.org", recorded_by=RECORDER
        ),
        lambda w: w.net.member_id,
        None,
        Person.ContactDetailsProvided,
    ),
    "give_consent": Command(
        lambda app, w: app.give_consent(
            w.net.organiser_id,
            scope=ConsentScope.BE_CONTACTED,
            happened_at=NOW,
            recorded_by=RECORDER,
        ),
        lambda w: w.net.organiser_id,
        None,
        Person.ConsentGiven,
    ),
    "withdraw_consent": Command(
        lambda app, w: app.withdraw_consent(
            w.net.member_id, scope=ConsentScope.KEEP_NOTES, happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.net.member_id,
        None,
        Person.ConsentWithdrawn,
    ),
    "assess_leadership": Command(
        lambda app, w: app.assess_leadership(
            w.net.member_id,
            stage=LadderStage.PARTICIPANT,
            reason="Came twice",
            assessed_by=w.net.organiser_id,
            happened_at=NOW,
            recorded_by=RECORDER,
        ),
        lambda w: w.net.member_id,
        None,
        Person.LeadershipAssessed,
    ),
    "join_community": Command(
        lambda app, w: app.join_community(
            w.net.member_id, community="Lisbon", happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.net.member_id,
        None,
        Person.JoinedCommunity,
    ),
    "leave_community": Command(
        lambda app, w: app.leave_community(
            w.net.member_id, community="porto", happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.net.member_id,
        None,
        Person.LeftCommunity,
    ),
    "offer_skills": Command(
        lambda app, w: app.offer_skills(w.net.member_id, skills=["design"], recorded_by=RECORDER),
        lambda w: w.net.member_id,
        None,
        Person.SkillsOffered,
    ),
    "forget_person": Command(
        lambda app, w: app.forget_person(w.net.member_id, recorded_by=RECORDER),
        lambda w: w.net.member_id,
        None,
        Person.Forgotten,
    ),
    "hold_one_to_one": Command(
        lambda app, w: hold_one_to_one(
            app, w.net, campaign_id=w.campaign, listening_campaign_id=w.listening
        ),
        None,
        None,
        OneToOne.Held,
    ),
    "mark_follow_up_done": Command(
        lambda app, w: app.mark_follow_up_done(
            w.one_to_one, number=1, happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.one_to_one,
        1,
        OneToOne.FollowUpDone,
    ),
    "correct_notes": Command(
        lambda app, w: app.correct_notes(
            w.one_to_one, private_notes="Better", reason="Misheard", recorded_by=RECORDER
        ),
        lambda w: w.one_to_one,
        None,
        OneToOne.NotesCorrected,
        also=((Person.NotesKept, lambda w: w.net.member_id),),
    ),
    "launch_listening_campaign": Command(
        lambda app, w: app.launch_listening_campaign(
            network_id=w.net.network_id,
            question="What matters?",
            communities=["Porto"],
            target_conversations=10,
            happened_at=NOW,
            recorded_by=RECORDER,
        ),
        None,
        None,
        ListeningCampaign.Launched,
    ),
    "hold_listening_session": Command(
        lambda app, w: hold_session(app, w.listening, w.net),
        lambda w: w.listening,
        2,
        ListeningCampaign.SessionHeld,
    ),
    "close_listening_campaign": Command(
        lambda app, w: app.close_listening_campaign(
            w.listening, summary="Done", happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.listening,
        None,
        ListeningCampaign.Closed,
    ),
    "launch_campaign": Command(
        lambda app, w: app.launch_campaign(
            network_id=w.net.network_id,
            name="Housing first",
            goal="Housing for peers",
            issue="Evictions",
            listening_campaign_id=w.listening,
            happened_at=NOW,
            recorded_by=RECORDER,
        ),
        None,
        None,
        Campaign.Launched,
    ),
    "set_target": Command(
        lambda app, w: app.set_target(
            w.campaign,
            metric=TargetMetric.TURNOUT,
            goal=100,
            due=date(2025, 6, 1),
            reason="",
            recorded_by=RECORDER,
        ),
        lambda w: w.campaign,
        None,
        Campaign.TargetSet,
    ),
    "target_power_holder": Command(
        lambda app, w: app.target_power_holder(
            w.campaign, power_holder_id=w.holder, recorded_by=RECORDER
        ),
        lambda w: w.campaign,
        None,
        Campaign.PowerHolderTargeted,
    ),
    "move_campaign": Command(
        lambda app, w: app.move_campaign(
            w.campaign,
            status=CampaignStatus.PAUSED,
            reason="Summer",
            happened_at=NOW,
            recorded_by=RECORDER,
        ),
        lambda w: w.campaign,
        None,
        Campaign.Paused,
    ),
    "evaluate_campaign": Command(
        lambda app, w: app.evaluate_campaign(
            w.campaign, evaluation=EVALUATION, happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.campaign,
        None,
        Campaign.Evaluated,
    ),
    "plan_action": Command(
        lambda app, w: plan_action(app, w.campaign, power_holder_id=w.holder),
        None,
        None,
        Action.Planned,
    ),
    "record_action_held": Command(
        lambda app, w: app.record_action_held(
            w.action, happened_at=NOW, turnout=0, outcome="Nobody came", recorded_by=RECORDER
        ),
        lambda w: w.action,
        None,
        Action.Held,
    ),
    "evaluate_action": Command(
        lambda app, w: app.evaluate_action(
            w.held_action, evaluation=EVALUATION, happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.held_action,
        None,
        Action.Evaluated,
    ),
    "cancel_action": Command(
        lambda app, w: app.cancel_action(w.action, reason="Storm", recorded_by=RECORDER),
        lambda w: w.action,
        None,
        Action.Cancelled,
    ),
    "correct_turnout": Command(
        lambda app, w: app.correct_turnout(
            w.held_action, turnout=40, reason="Recounted", recorded_by=RECORDER
        ),
        lambda w: w.held_action,
        None,
        Action.TurnoutCorrected,
    ),
    "reinstate_action": Command(
        lambda app, w: app.reinstate_action(
            w.cancelled_action, reason="On again", recorded_by=RECORDER
        ),
        lambda w: w.cancelled_action,
        None,
        Action.Reinstated,
    ),
    "correct_commitment_outcome": Command(
        lambda app, w: app.correct_commitment_outcome(
            w.settled_meeting,
            number=1,
            status=CommitmentStatus.BROKEN,
            note="",
            reason="Never visited",
            recorded_by=RECORDER,
        ),
        lambda w: w.settled_meeting,
        None,
        PowerHolderMeeting.CommitmentOutcomeCorrected,
    ),
    "retract_assessment": Command(
        lambda app, w: app.retract_assessment(
            w.holder, number=1, reason="Wrong director", recorded_by=RECORDER
        ),
        lambda w: w.holder,
        None,
        PowerHolder.AssessmentRetracted,
    ),
    "link_decision_to_campaign": Command(
        lambda app, w: app.link_decision_to_campaign(
            w.decision, campaign_id=w.campaign, reason="It came of it", recorded_by=RECORDER
        ),
        lambda w: w.decision,
        None,
        Decision.CampaignLinked,
    ),
    "withdraw_target": Command(
        lambda app, w: app.withdraw_target(
            w.campaign,
            metric=TargetMetric.ONE_TO_ONES,
            reason="Set by mistake",
            recorded_by=RECORDER,
        ),
        lambda w: w.campaign,
        None,
        Campaign.TargetWithdrawn,
    ),
    "identify_power_holder": Command(
        lambda app, w: app.identify_power_holder(
            network_id=w.net.network_id,
            name="Mayor",
            role="Mayor",
            institution="City",
            recorded_by=RECORDER,
        ),
        None,
        None,
        PowerHolder.Identified,
    ),
    "assess_power_holder": Command(
        lambda app, w: assess_holder(app, w.holder, w.net),
        lambda w: w.holder,
        2,
        PowerHolder.Assessed,
    ),
    "hold_power_holder_meeting": Command(
        lambda app, w: hold_meeting(app, w.net, w.holder, campaign_id=w.campaign),
        None,
        None,
        PowerHolderMeeting.Held,
    ),
    "answer_ask": Command(
        lambda app, w: app.answer_ask(
            w.meeting, number=1, answer=Answer.YES, happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.meeting,
        1,
        PowerHolderMeeting.AskAnswered,
    ),
    "secure_commitment": Command(
        lambda app, w: app.secure_commitment(
            w.meeting,
            power_holder_id=w.holder,
            text="Meet monthly",
            due=None,
            recorded_by=RECORDER,
        ),
        lambda w: w.meeting,
        2,
        PowerHolderMeeting.CommitmentSecured,
    ),
    "record_commitment_outcome": Command(
        lambda app, w: app.record_commitment_outcome(
            w.meeting,
            number=1,
            status=CommitmentStatus.KEPT,
            note="",
            happened_at=NOW,
            recorded_by=RECORDER,
        ),
        lambda w: w.meeting,
        1,
        PowerHolderMeeting.CommitmentKept,
    ),
    "evaluate_meeting": Command(
        lambda app, w: app.evaluate_meeting(
            w.meeting, evaluation=EVALUATION, happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.meeting,
        None,
        PowerHolderMeeting.Evaluated,
    ),
    "propose_decision": Command(
        lambda app, w: propose(
            app, w.net, [EvidenceRef(EvidenceKind.LISTENING_SESSION, w.listening, 1)]
        ),
        None,
        None,
        Decision.Proposed,
    ),
    "take_position": Command(
        lambda app, w: app.take_position(
            w.decision,
            participant_id=w.net.member_id,
            option="Peer workers",
            reason="",
            happened_at=NOW,
            recorded_by=RECORDER,
        ),
        lambda w: w.decision,
        None,
        Decision.PositionTaken,
    ),
    "reach_decision": Command(
        lambda app, w: app.reach_decision(
            w.decision,
            outcome="Housing",
            rationale="All agreed",
            happened_at=NOW,
            recorded_by=RECORDER,
        ),
        lambda w: w.decision,
        None,
        Decision.Reached,
    ),
    "revisit_decision": Command(
        lambda app, w: app.revisit_decision(
            w.reached_decision, reason="New facts", happened_at=NOW, recorded_by=RECORDER
        ),
        lambda w: w.reached_decision,
        None,
        Decision.Revisited,
    ),
    "supersede_decision": Command(
        lambda app, w: app.supersede_decision(
            w.reached_decision,
            by_decision_id=w.decision,
            reason="Newer",
            happened_at=NOW,
            recorded_by=RECORDER,
        ),
        lambda w: w.reached_decision,
        None,
        Decision.Superseded,
    ),
    "establish_gathering_series": Command(
        lambda app, w: app.establish_gathering_series(
            network_id=w.net.network_id,
            name="Trainings",
            kind=GatheringKind.TRAINING,
            rrule="FREQ=WEEKLY",
            starts_on=date(2025, 3, 1),
            local_time=time(10),
            duration_minutes=60,
            time_zone="Europe/Madrid",
            recorded_by=RECORDER,
        ),
        None,
        None,
        GatheringSeries.Established,
    ),
    "hold_gathering": Command(
        lambda app, w: hold_gathering(app, w.net, series_id=w.series),
        None,
        None,
        Gathering.Held,
    ),
}


def test_every_command_of_the_application_is_in_the_table() -> None:
    commands = {
        name
        for name in dir(Groundwork)
        if callable(getattr(Groundwork, name))
        and not name.startswith("_")
        and name not in dir(Application)
        and name
        not in {
            "get",
            "read",
            "history",
            "state_at",
            "check_evidence",
            "check_registration",
            "require_notes_owner",
            "network_ids",
            "campaign_ids",
            "listening_campaign_ids",
            "gathering_series_ids",
            # the steps a kind's own commands take (`domain.skill_share.SkillShares`)
            "record_new",
            "record_change",
            "member",
            "remembered",
            "ids_in_network",
        }
        and name not in vars(AccountCommands)  # accounts: tests/domain/test_account.py
        and name not in vars(GrantCommands)  # tests/domain/test_network_grants.py
        and name not in vars(WebhookCommands)  # webhooks: tests/interface/test_webhooks.py
    }

    assert commands == set(COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_command_returns_the_record_and_version_it_recorded(
    app: Groundwork, world: World, name: str
) -> None:
    command = COMMANDS[name]
    record = None if command.record is None else command.record(world)
    version_before = 0 if record is None else app.repository.get(record).version
    last_before = events_on_record(app)

    recorded = command.run(app, world)

    if record is not None:
        assert recorded.id == record
    assert (recorded.version, recorded.number) == (version_before + 1, command.number)
    new = app.recorder.select_notifications(last_before, 10, inclusive_of_start=False)
    assert [(n.originator_id, n.topic) for n in new] == [
        (recorded.id, get_topic(command.event)),
        *((on(world), get_topic(event)) for event, on in command.also),
    ]
    assert new[0].originator_version == recorded.version


def test_a_networks_campaigns_listening_campaigns_and_series_are_listed_oldest_first(
    app: Groundwork, small_network: SmallNetwork, other_network: SmallNetwork
) -> None:
    ours = [launch_listening(app, small_network), launch_listening(app, small_network)]
    launch_listening(app, other_network)
    campaigns = [launch_campaign(app, small_network, ours[0])]
    launch_campaign(app, other_network)
    series = [establish_series(app, small_network)]
    establish_series(app, other_network)

    assert app.listening_campaign_ids(small_network.network_id) == ours
    assert app.campaign_ids(small_network.network_id) == campaigns
    assert app.gathering_series_ids(small_network.network_id) == series
    assert len(app.listening_campaign_ids(other_network.network_id)) == 1


# ---------------------------------------------------------------- not found


def test_a_person_cannot_be_registered_in_an_unknown_network(app: Groundwork) -> None:
    unknown = uuid4()

    with pytest.raises(NotFound, match=f"No network with id {unknown}") as raised:
        app.register_person(
            network_id=unknown,
            name="Bruno",
            contact=None,
            communities=[],
            languages=[],
            recorded_by=RECORDER,
        )

    assert (raised.value.kind, raised.value.id, raised.value.field) == (
        "network",
        unknown,
        "network_id",
    )
    assert events_on_record(app) == 0


@pytest.mark.parametrize("field", ["organiser_id", "person_id"])
def test_a_one_to_one_with_an_unknown_person_is_refused(
    app: Groundwork, small_network: SmallNetwork, field: str
) -> None:
    before = events_on_record(app)
    unknown = uuid4()

    with pytest.raises(NotFound) as raised:
        hold_one_to_one(app, small_network, **{field: unknown})

    assert (raised.value.kind, raised.value.id, raised.value.field) == ("person", unknown, field)
    assert events_on_record(app) == before


def test_a_one_to_one_in_an_unknown_network_is_not_found(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    before = events_on_record(app)
    unknown = uuid4()

    with pytest.raises(NotFound) as raised:
        hold_one_to_one(app, small_network, network_id=unknown)

    assert (raised.value.kind, raised.value.id, raised.value.field) == (
        "network",
        unknown,
        "network_id",
    )
    assert events_on_record(app) == before


def test_a_position_taken_by_someone_not_on_record_is_not_found(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    decision = propose(app, small_network, []).id
    before = events_on_record(app)

    with pytest.raises(NotFound) as raised:
        app.take_position(
            decision,
            participant_id=uuid4(),
            option="Housing",
            reason="",
            happened_at=EARLIER,
            recorded_by=RECORDER,
        )

    assert (raised.value.kind, raised.value.field) == ("person", "participant_id")
    assert events_on_record(app) == before


def test_an_action_cannot_be_planned_in_an_unknown_campaign(app: Groundwork) -> None:
    unknown = uuid4()

    with pytest.raises(NotFound) as raised:
        plan_action(app, unknown)

    assert (raised.value.kind, raised.value.field) == ("campaign", "campaign_id")
    assert events_on_record(app) == 0


def test_a_one_to_one_in_an_unknown_campaign_is_refused(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    before = events_on_record(app)

    with pytest.raises(NotFound) as raised:
        hold_one_to_one(app, small_network, campaign_id=uuid4())

    assert (raised.value.kind, raised.value.field) == ("campaign", "campaign_id")
    assert events_on_record(app) == before


def nowhere() -> World:
    """A world none of whose records is on record."""
    return World(
        SmallNetwork(uuid4(), uuid4(), uuid4()),
        *(uuid4() for _ in range(len(dataclasses.fields(World)) - 1)),
    )


@pytest.mark.parametrize("name", [n for n, c in COMMANDS.items() if c.record is not None])
def test_a_command_on_a_record_not_on_record_is_not_found(
    app: Groundwork, small_network: SmallNetwork, name: str
) -> None:
    command = COMMANDS[name]
    unknown = nowhere()
    before = events_on_record(app)

    with pytest.raises(NotFound) as raised:
        command.run(app, unknown)

    assert command.record is not None
    assert (raised.value.id, raised.value.field) == (command.record(unknown), "id")
    assert events_on_record(app) == before


@pytest.mark.parametrize(
    "name", [n for n, c in COMMANDS.items() if c.record is None and n != "found_network"]
)
def test_a_new_record_naming_records_not_on_record_is_not_found(
    app: Groundwork, small_network: SmallNetwork, name: str
) -> None:
    before = events_on_record(app)

    with pytest.raises(NotFound) as raised:
        COMMANDS[name].run(app, nowhere())

    assert raised.value.kind in {"network", "campaign", "person"}
    assert events_on_record(app) == before


def test_a_record_of_another_kind_is_not_found_as_the_kind_asked_for(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    before = events_on_record(app)

    with pytest.raises(NotFound) as raised:
        app.register_person(
            network_id=small_network.member_id,
            name="Carla",
            contact=None,
            communities=[],
            languages=[],
            recorded_by=RECORDER,
        )

    assert (raised.value.kind, raised.value.id) == ("network", small_network.member_id)
    assert events_on_record(app) == before


# ---------------------------------------------------------------- records of another network


@dataclass(frozen=True)
class Foreign:
    """Records of the other network, which the small network's records may not name."""

    person: UUID
    campaign: UUID
    listening: UUID
    holder: UUID
    decision: UUID
    series: UUID
    one_to_one: UUID


@pytest.fixture
def foreign(app: Groundwork, other_network: SmallNetwork) -> Foreign:
    net = other_network
    return Foreign(
        person=net.member_id,
        campaign=launch_campaign(app, net),
        listening=launch_listening(app, net),
        holder=identify_holder(app, net),
        decision=propose(app, net, []).id,
        series=app.establish_gathering_series(
            network_id=net.network_id,
            name="Comunidad de práctica",
            kind=GatheringKind.COMMUNITY_OF_PRACTICE,
            rrule="FREQ=MONTHLY",
            starts_on=date(2025, 1, 1),
            local_time=time(19),
            duration_minutes=60,
            time_zone="Europe/Madrid",
            recorded_by=RECORDER,
        ).id,
        one_to_one=hold_one_to_one(app, net).id,
    )


Naming = Callable[[Groundwork, World, Foreign], Recorded]

#: Each command and field that names another record, and how to name a foreign one there.
FOREIGN_REFERENCES: dict[str, Naming] = {
    "hold_one_to_one:organiser_id": lambda app, w, f: hold_one_to_one(
        app, w.net, organiser_id=f.person
    ),
    "hold_one_to_one:person_id": lambda app, w, f: hold_one_to_one(app, w.net, person_id=f.person),
    "hold_one_to_one:campaign_id": lambda app, w, f: hold_one_to_one(
        app, w.net, campaign_id=f.campaign
    ),
    "hold_one_to_one:listening_campaign_id": lambda app, w, f: hold_one_to_one(
        app, w.net, listening_campaign_id=f.listening
    ),
    "welcome_to_committee:person_id": lambda app, w, f: app.welcome_to_committee(
        w.net.network_id, person_id=f.person, happened_at=EARLIER, recorded_by=RECORDER
    ),
    "assess_leadership:assessed_by": lambda app, w, f: app.assess_leadership(
        w.net.member_id,
        stage=LadderStage.VOLUNTEER,
        reason="Hosted a session",
        assessed_by=f.person,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    ),
    "hold_listening_session:host_id": lambda app, w, f: app.hold_listening_session(
        w.listening,
        host_id=f.person,
        community="Lisbon",
        happened_at=EARLIER,
        participants=3,
        themes=[],
        recorded_by=RECORDER,
    ),
    "launch_campaign:listening_campaign_id": lambda app, w, f: app.launch_campaign(
        network_id=w.net.network_id,
        name="Housing first",
        goal="Housing",
        issue="Evictions",
        listening_campaign_id=f.listening,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    ),
    "target_power_holder:power_holder_id": lambda app, w, f: app.target_power_holder(
        w.campaign, power_holder_id=f.holder, recorded_by=RECORDER
    ),
    "plan_action:power_holder_id": lambda app, w, f: plan_action(
        app, w.campaign, power_holder_id=f.holder
    ),
    "assess_power_holder:assessed_by": lambda app, w, f: app.assess_power_holder(
        w.holder,
        stance=Stance.ALLY,
        influence=3,
        interests=[],
        notes="",
        assessed_by=f.person,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    ),
    "hold_power_holder_meeting:campaign_id": lambda app, w, f: hold_meeting(
        app, w.net, w.holder, campaign_id=f.campaign
    ),
    "hold_power_holder_meeting:power_holder_ids[1]": lambda app, w, f: hold_meeting(
        app, w.net, w.holder, power_holder_ids=[w.holder, f.holder]
    ),
    "hold_power_holder_meeting:attendee_ids[1]": lambda app, w, f: hold_meeting(
        app, w.net, w.holder, attendee_ids=[w.net.organiser_id, f.person]
    ),
    "propose_decision:campaign_id": lambda app, w, f: app.propose_decision(
        network_id=w.net.network_id,
        campaign_id=f.campaign,
        kind=DecisionKind.TACTIC,
        question="Which tactic?",
        options=["Vigil", "Petition"],
        rule=DecisionRule.CONSENSUS,
        evidence=[],
        proposed_by=w.net.organiser_id,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    ),
    "propose_decision:proposed_by": lambda app, w, f: app.propose_decision(
        network_id=w.net.network_id,
        campaign_id=None,
        kind=DecisionKind.TACTIC,
        question="Which tactic?",
        options=["Vigil", "Petition"],
        rule=DecisionRule.CONSENSUS,
        evidence=[],
        proposed_by=f.person,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    ),
    "propose_decision:evidence[1].id": lambda app, w, f: propose(
        app,
        w.net,
        [
            EvidenceRef(EvidenceKind.ONE_TO_ONE, w.one_to_one),
            EvidenceRef(EvidenceKind.ONE_TO_ONE, f.one_to_one),
        ],
    ),
    "take_position:participant_id": lambda app, w, f: app.take_position(
        w.decision,
        participant_id=f.person,
        option="Housing",
        reason="",
        happened_at=EARLIER,
        recorded_by=RECORDER,
    ),
    "supersede_decision:by_decision_id": lambda app, w, f: app.supersede_decision(
        w.reached_decision,
        by_decision_id=f.decision,
        reason="Newer",
        happened_at=NOW,
        recorded_by=RECORDER,
    ),
    "hold_gathering:series_id": lambda app, w, f: hold_gathering(app, w.net, series_id=f.series),
    "hold_gathering:facilitator_id": lambda app, w, f: hold_gathering(
        app, w.net, facilitator_id=f.person
    ),
    "hold_gathering:attendee_ids[0]": lambda app, w, f: hold_gathering(
        app, w.net, attendee_ids=[f.person]
    ),
}


@pytest.mark.parametrize("reference", list(FOREIGN_REFERENCES))
def test_a_record_of_another_network_is_refused_wherever_a_command_names_one(
    app: Groundwork, world: World, foreign: Foreign, reference: str
) -> None:
    before = events_on_record(app)

    with pytest.raises(InAnotherNetwork) as raised:
        FOREIGN_REFERENCES[reference](app, world, foreign)

    assert raised.value.field == reference.split(":")[1]
    assert events_on_record(app) == before


def test_a_person_cannot_be_registered_in_a_community_the_network_does_not_span(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    before = events_on_record(app)

    with pytest.raises(CommunitiesNotSpanned) as raised:
        app.register_person(
            network_id=small_network.network_id,
            name="Carla",
            contact=None,
            communities=["Porto", "Faro"],
            languages=[],
            recorded_by=RECORDER,
        )

    assert raised.value.field == "communities"
    assert events_on_record(app) == before


def test_a_registration_is_checked_as_it_would_be_recorded_and_nothing_is_recorded(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    before = events_on_record(app)
    person = {"contact": None, "languages": ["pt"], "communities": ["porto "]}

    app.check_registration(network_id=small_network.network_id, name="Carla", **person)
    with pytest.raises(CommunitiesNotSpanned) as elsewhere:
        app.check_registration(
            network_id=small_network.network_id, name="Carla", **person | {"communities": ["Faro"]}
        )
    with pytest.raises(EmptyText) as nameless:
        app.check_registration(network_id=small_network.network_id, name="  ", **person)
    with pytest.raises(NotFound) as unknown:
        app.check_registration(network_id=uuid4(), name="Carla", **person)

    assert (elsewhere.value.field, nameless.value.field) == ("communities", "name")
    assert unknown.value.field == "network_id"
    assert events_on_record(app) == before


def test_a_listening_campaign_cannot_reach_a_community_the_network_does_not_span(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    before = events_on_record(app)

    with pytest.raises(CommunitiesNotSpanned) as raised:
        app.launch_listening_campaign(
            network_id=small_network.network_id,
            question="What matters?",
            communities=["Faro"],
            target_conversations=10,
            happened_at=EARLIER,
            recorded_by=RECORDER,
        )

    assert raised.value.field == "communities"
    assert events_on_record(app) == before


def test_a_person_is_registered_in_a_community_named_with_stray_spaces(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    recorded = app.register_person(
        network_id=small_network.network_id,
        name="Carla",
        contact=None,
        communities=[" Lisbon "],
        languages=[],
        recorded_by=RECORDER,
    )

    assert app.get(Person, recorded.id).communities == ["Lisbon"]


def test_a_community_is_recorded_under_the_networks_own_spelling(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    person = app.register_person(
        network_id=small_network.network_id,
        name="Carla",
        contact=None,
        communities=["lisbon"],
        languages=[],
        recorded_by=RECORDER,
    )
    listening = app.launch_listening_campaign(
        network_id=small_network.network_id,
        question="What matters?",
        communities=["LISBON"],
        target_conversations=5,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )

    assert app.get(Person, person.id).communities == ["Lisbon"]
    assert app.get(ListeningCampaign, listening.id).communities == ["Lisbon"]


def test_an_action_cannot_be_planned_in_a_paused_campaign(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    campaign = launch_campaign(app, small_network)
    app.move_campaign(
        campaign,
        status=CampaignStatus.PAUSED,
        reason="Summer",
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )
    before = events_on_record(app)

    with pytest.raises(CampaignNotActive) as e:
        plan_action(app, campaign)
    assert e.value.status == "paused"

    assert e.value.field == "campaign_id"
    assert events_on_record(app) == before


# ---------------------------------------------------------------- decision evidence


def test_a_decision_cites_evidence_of_every_kind_on_record(
    app: Groundwork, small_network: SmallNetwork, evidence: Evidence
) -> None:
    cited = [
        EvidenceRef(EvidenceKind.ONE_TO_ONE, evidence.one_to_one),
        EvidenceRef(EvidenceKind.LISTENING_SESSION, evidence.listening, 1),
        EvidenceRef(EvidenceKind.POWER_HOLDER_ASSESSMENT, evidence.holder, 1),
        EvidenceRef(EvidenceKind.POWER_HOLDER_MEETING, evidence.meeting),
        EvidenceRef(EvidenceKind.ACTION, evidence.action),
        EvidenceRef(EvidenceKind.GATHERING, evidence.gathering),
    ]

    recorded = propose(app, small_network, cited)

    assert recorded.version == 1
    assert app.get(Decision, recorded.id).evidence == cited


def test_evidence_naming_nothing_on_record_is_not_found(
    app: Groundwork, small_network: SmallNetwork, evidence: Evidence
) -> None:
    before = events_on_record(app)
    unknown = uuid4()

    with pytest.raises(NotFound) as raised:
        propose(
            app,
            small_network,
            [
                EvidenceRef(EvidenceKind.ONE_TO_ONE, evidence.one_to_one),
                EvidenceRef(EvidenceKind.ACTION, unknown),
            ],
        )

    assert (raised.value.kind, raised.value.id) == ("action", unknown)
    assert raised.value.field == "evidence[1].id"
    assert events_on_record(app) == before


def test_evidence_naming_a_record_of_another_kind_is_not_found(
    app: Groundwork, small_network: SmallNetwork, evidence: Evidence
) -> None:
    before = events_on_record(app)

    with pytest.raises(NotFound) as raised:
        propose(app, small_network, [EvidenceRef(EvidenceKind.GATHERING, evidence.one_to_one)])

    assert (raised.value.kind, raised.value.field) == ("gathering", "evidence[0].id")
    assert events_on_record(app) == before


def test_evidence_citing_a_listening_session_that_was_not_held_is_refused(
    app: Groundwork, small_network: SmallNetwork, evidence: Evidence
) -> None:
    before = events_on_record(app)

    with pytest.raises(NoSuchEvidenceItem) as raised:
        propose(
            app,
            small_network,
            [EvidenceRef(EvidenceKind.LISTENING_SESSION, evidence.listening, 2)],
        )
    assert (raised.value.kind, raised.value.number) == ("listening_session", 2)

    assert raised.value.field == "evidence[0].item"
    assert events_on_record(app) == before


def test_evidence_citing_a_listening_campaign_without_a_session_number_is_refused(
    app: Groundwork, small_network: SmallNetwork, evidence: Evidence
) -> None:
    before = events_on_record(app)

    with pytest.raises(EvidenceItemMissing) as raised:
        propose(
            app, small_network, [EvidenceRef(EvidenceKind.LISTENING_SESSION, evidence.listening)]
        )
    assert raised.value.kind == "listening_session"

    assert raised.value.field == "evidence[0].item"
    assert events_on_record(app) == before


def test_evidence_citing_an_assessment_that_was_not_made_is_refused(
    app: Groundwork, small_network: SmallNetwork, evidence: Evidence
) -> None:
    before = events_on_record(app)

    with pytest.raises(NoSuchEvidenceItem) as raised:
        propose(
            app,
            small_network,
            [EvidenceRef(EvidenceKind.POWER_HOLDER_ASSESSMENT, evidence.holder, 2)],
        )
    assert (raised.value.kind, raised.value.number) == ("power_holder_assessment", 2)

    assert raised.value.field == "evidence[0].item"
    assert events_on_record(app) == before


@pytest.mark.parametrize(
    "kind",
    [
        EvidenceKind.ONE_TO_ONE,
        EvidenceKind.POWER_HOLDER_MEETING,
        EvidenceKind.ACTION,
        EvidenceKind.GATHERING,
    ],
)
def test_evidence_giving_an_item_number_for_a_kind_that_has_none_is_refused(
    app: Groundwork, small_network: SmallNetwork, evidence: Evidence, kind: EvidenceKind
) -> None:
    record = {
        EvidenceKind.ONE_TO_ONE: evidence.one_to_one,
        EvidenceKind.POWER_HOLDER_MEETING: evidence.meeting,
        EvidenceKind.ACTION: evidence.action,
        EvidenceKind.GATHERING: evidence.gathering,
    }[kind]
    before = events_on_record(app)

    with pytest.raises(EvidenceItemNotExpected) as raised:
        propose(app, small_network, [EvidenceRef(kind, record, 1)])
    assert raised.value.kind == kind

    assert raised.value.field == "evidence[0].item"
    assert events_on_record(app) == before


# ---------------------------------------------------------------- consent to keep notes


def test_private_notes_are_refused_until_the_person_consents_to_keeping_notes(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    before = events_on_record(app)

    with pytest.raises(NotesNotConsented) as raised:
        hold_one_to_one(app, small_network, private_notes="Struggling")

    assert raised.value.field == "private_notes"
    assert events_on_record(app) == before


def test_private_notes_are_kept_once_the_person_consents_to_keeping_notes(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    app.give_consent(
        small_network.member_id,
        scope=ConsentScope.KEEP_NOTES,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )

    recorded = hold_one_to_one(app, small_network, private_notes="Struggling")

    one_to_one = app.get(OneToOne, recorded.id)
    assert one_to_one.private_notes == PersonalData(small_network.member_id, "Struggling")


def test_notes_are_not_corrected_once_the_person_withdrew_consent(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    member = small_network.member_id
    app.give_consent(
        member, scope=ConsentScope.KEEP_NOTES, happened_at=EARLIER, recorded_by=RECORDER
    )
    one_to_one = hold_one_to_one(app, small_network, private_notes="Struggling").id
    app.withdraw_consent(
        member, scope=ConsentScope.KEEP_NOTES, happened_at=NOW, recorded_by=RECORDER
    )
    before = events_on_record(app)

    with pytest.raises(NotesNotConsented) as raised:
        app.correct_notes(
            one_to_one, private_notes="Better", reason="Misheard", recorded_by=RECORDER
        )

    assert raised.value.field == "private_notes"
    assert events_on_record(app) == before


# ---------------------------------------------------------------- time


def test_the_application_judges_the_future_by_its_own_clock(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    before = events_on_record(app)

    with pytest.raises(NotYetHappened) as raised:
        hold_one_to_one(app, small_network, happened_at=NOW + timedelta(minutes=6))

    assert raised.value.field == "happened_at"
    assert events_on_record(app) == before
    assert hold_one_to_one(app, small_network, happened_at=NOW).version == 1


def test_a_phone_clock_a_few_minutes_ahead_is_forgiven(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    ahead = NOW + timedelta(minutes=4)

    recorded = hold_one_to_one(app, small_network, happened_at=ahead)

    assert app.get(OneToOne, recorded.id).happened_at == ahead


@pytest.mark.parametrize("year", [1, 1899, 3000])
def test_a_moment_outside_plausible_years_is_refused(
    app: Groundwork, small_network: SmallNetwork, year: int
) -> None:
    moment = NOW.replace(year=year)

    with pytest.raises(YearOutOfRange) as raised:
        hold_one_to_one(app, small_network, happened_at=moment)

    assert raised.value.field == "happened_at"


# ---------------------------------------------------------------- idempotency


def test_the_same_request_sent_twice_is_recorded_once(app: Groundwork, database: Path) -> None:
    key = RequestKey("client-1:found", "fingerprint-a")
    first = found_network(app, key)
    rows = rows_in_stored_events(database)

    again = found_network(app, key)

    assert again == first
    assert rows_in_stored_events(database) == rows
    assert events_on_record(app) == rows


def test_the_same_request_sent_twice_returns_the_same_number(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    listening = launch_listening(app, small_network)
    key = RequestKey("client-1:session", "fingerprint-a")

    def hold_the_session() -> Recorded:
        return app.hold_listening_session(
            listening,
            host_id=small_network.organiser_id,
            community="Porto",
            happened_at=EARLIER,
            participants=4,
            themes=[],
            recorded_by=RECORDER,
            key=key,
        )

    first = hold_the_session()
    before = events_on_record(app)

    again = hold_the_session()

    assert again == first == Recorded(listening, version=2, number=1)
    assert events_on_record(app) == before


def test_the_same_request_sent_again_gets_its_first_answer_though_it_would_now_break_a_rule(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    action = plan_action(app, launch_campaign(app, small_network)).id
    key = RequestKey("client-1:held", "fingerprint-a")

    def record_it_held() -> Recorded:
        return app.record_action_held(
            action, happened_at=EARLIER, turnout=20, outcome="Heard", recorded_by=RECORDER, key=key
        )

    first = record_it_held()
    before = events_on_record(app)

    again = record_it_held()

    assert again == first == Recorded(action, version=2)
    assert events_on_record(app) == before


def test_the_same_request_is_recognised_by_another_application_on_the_same_store(
    make_app: Callable[[], Groundwork],
) -> None:
    key = RequestKey("client-1:found", "fingerprint-a")
    first = found_network(make_app(), key)
    other = make_app()
    before = events_on_record(other)

    again = found_network(other, key)

    assert again == first
    assert events_on_record(other) == before


def test_a_key_sent_again_with_a_different_request_is_refused(app: Groundwork) -> None:
    found_network(app, RequestKey("client-1:found", "fingerprint-a"))
    before = events_on_record(app)

    with pytest.raises(IdempotencyKeyReused) as raised:
        found_network(app, RequestKey("client-1:found", "fingerprint-b"), name="Another")

    assert raised.value.field == "Idempotency-Key"
    assert events_on_record(app) == before


def test_a_command_that_broke_a_rule_does_not_use_up_its_key(app: Groundwork) -> None:
    key = RequestKey("client-1:found", "fingerprint-a")
    with pytest.raises(NotYetHappened):
        found_network(app, key, happened_at=NOW + timedelta(days=1))
    assert events_on_record(app) == 0

    recorded = found_network(app, key)

    assert recorded.version == 1
    assert app.get(Network, recorded.id).founded_at == EARLIER
    assert events_on_record(app) == 2  # the network's founding and the key's consumption


def test_a_request_whose_key_is_still_being_processed_is_refused(
    app: Groundwork, small_network: SmallNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = RequestKey("client-1:guidelines", "fingerprint-a")
    original_get = app.get
    refused: list[RequestInProgress] = []

    def get_while_the_same_request_arrives(cls: type[A], id: UUID, field: str = "id") -> A:
        try:
            app.adopt_guidelines(id, text="v1", happened_at=EARLIER, recorded_by=RECORDER, key=key)
        except RequestInProgress as error:
            refused.append(error)
        return original_get(cls, id, field)

    monkeypatch.setattr(app, "get", get_while_the_same_request_arrives)

    recorded = app.adopt_guidelines(
        small_network.network_id, text="v1", happened_at=EARLIER, recorded_by=RECORDER, key=key
    )

    assert len(refused) == 1
    assert refused[0].field == "Idempotency-Key"
    assert recorded == Recorded(small_network.network_id, 2, 1)


# ---------------------------------------------------------------- durable storage


@sqlite_only  # PostgreSQL commits wait for its WAL by default (synchronous_commit on)
@pytest.mark.parametrize("is_writer", [True, False], ids=["writer", "reader"])
def test_every_connection_waits_for_the_disk_and_uses_the_write_ahead_log(
    app: Groundwork, is_writer: bool
) -> None:
    pool = app.factory.datastore.pool  # type: ignore[attr-defined]
    connection = pool.get_connection(is_writer=is_writer)
    try:
        (synchronous,) = connection._sqlite_conn.execute("PRAGMA synchronous").fetchone()
        (journal_mode,) = connection._sqlite_conn.execute("PRAGMA journal_mode").fetchone()
    finally:
        pool.put_connection(connection)

    assert synchronous == 2  # FULL
    assert journal_mode == "wal"


# ---------------------------------------------------------------- concurrent writes


def test_a_command_is_retried_when_someone_else_changed_the_record_in_between(
    app: Groundwork,
    small_network: SmallNetwork,
    make_app: Callable[[], Groundwork],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    someone_else = make_app()
    original_get = app.get
    loads: list[UUID] = []

    def get_then_someone_else_writes_once(cls: type[A], id: UUID, field: str = "id") -> A:
        loaded = original_get(cls, id, field)
        loads.append(id)
        if len(loads) == 1:
            someone_else.adopt_guidelines(
                id, text="Theirs", happened_at=EARLIER, recorded_by=RECORDER
            )
        return loaded

    monkeypatch.setattr(app, "get", get_then_someone_else_writes_once)

    recorded = app.adopt_guidelines(
        small_network.network_id, text="Ours", happened_at=NOW, recorded_by=RECORDER
    )

    assert len(loads) == 2
    assert recorded == Recorded(small_network.network_id, version=3, number=2)
    network = original_get(Network, small_network.network_id)
    assert [(v, text) for v, text, _ in network.guidelines] == [(1, "Theirs"), (2, "Ours")]


def test_a_command_gives_up_with_nothing_recorded_after_max_attempts_of_conflicts(
    app: Groundwork,
    small_network: SmallNetwork,
    make_app: Callable[[], Groundwork],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    someone_else = make_app()
    original_get = app.get
    key = RequestKey("client-1:guidelines", "fingerprint-a")

    def get_then_someone_else_writes(cls: type[A], id: UUID, field: str = "id") -> A:
        loaded = original_get(cls, id, field)
        someone_else.adopt_guidelines(id, text="Theirs", happened_at=EARLIER, recorded_by=RECORDER)
        return loaded

    monkeypatch.setattr(app, "get", get_then_someone_else_writes)
    before = events_on_record(app)

    with pytest.raises(ConflictingWrite, match=f"after {Groundwork.max_attempts} attempts"):
        app.adopt_guidelines(
            small_network.network_id, text="Ours", happened_at=NOW, recorded_by=RECORDER, key=key
        )

    assert events_on_record(app) == before + Groundwork.max_attempts  # only theirs
    network = original_get(Network, small_network.network_id)
    assert [text for _, text, _ in network.guidelines] == ["Theirs"] * Groundwork.max_attempts
    monkeypatch.undo()
    retried = app.adopt_guidelines(
        small_network.network_id, text="Ours", happened_at=NOW, recorded_by=RECORDER, key=key
    )
    assert retried.number == Groundwork.max_attempts + 1  # the key was not used up


# ---------------------------------------------------------------- reading back


def test_records_made_by_commands_read_back_the_same_in_a_new_application(
    app: Groundwork, small_network: SmallNetwork, make_app: Callable[[], Groundwork]
) -> None:
    app.give_consent(
        small_network.member_id,
        scope=ConsentScope.KEEP_NOTES,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )
    one_to_one_id = hold_one_to_one(
        app,
        small_network,
        channel=Channel.PHONE,
        person_shared="My brother",
        follow_ups=[("Send the guidelines", date(2025, 3, 20))],
        private_notes="Struggling",
    ).id
    campaign_id = launch_campaign(app, small_network)
    app.move_campaign(
        campaign_id, status=CampaignStatus.WON, reason="", happened_at=NOW, recorded_by=RECORDER
    )

    reader = make_app()
    person = reader.get(Person, small_network.member_id)
    one_to_one = reader.get(OneToOne, one_to_one_id)
    campaign = reader.get(Campaign, campaign_id)

    assert person == app.get(Person, small_network.member_id)
    assert person.name == PersonalData(small_network.member_id, "Bruno Member")
    assert person.consents == {ConsentScope.KEEP_NOTES}
    assert one_to_one.channel is Channel.PHONE
    assert one_to_one.follow_ups == [FollowUp(1, "Send the guidelines", date(2025, 3, 20))]
    assert type(one_to_one.follow_ups[0].due) is date
    assert one_to_one.person_shared == PersonalData(small_network.member_id, "My brother")
    assert one_to_one.private_notes == PersonalData(small_network.member_id, "Struggling")
    assert campaign.status is CampaignStatus.WON
