"""Corrections as new facts: each says what changed and why, and leaves what was recorded
as it was; a correction that would change nothing, or has nothing to correct, is refused."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.action import Action
from domain.campaign import Campaign
from domain.decision import Decision
from domain.errors.campaigns import ActionNotHeldYet
from domain.errors.corrections import (
    ActionNotCancelled,
    AssessmentAlreadyRetracted,
    CommitmentStillOpen,
    NoSuchAssessment,
    NoSuchTarget,
    NothingToCorrect,
)
from domain.meeting import PowerHolderMeeting
from domain.power_holder import PowerHolder
from domain.values import (
    ActionKind,
    CommitmentStatus,
    DecisionKind,
    DecisionRule,
    MeetingPurpose,
    Stance,
    TargetMetric,
)
from tests.domain.conftest import EARLIER, NOW, RECORDER, settled

NETWORK = UUID("00000000-0000-4000-8000-0000000000a1")
HOLDER = UUID("00000000-0000-4000-8000-0000000000b1")
MEMBER = UUID("00000000-0000-4000-8000-0000000000c1")
WHEN = {"happened_at": None, "now": NOW, "recorded_by": RECORDER}


def planned() -> Action:
    return Action.plan(
        network_id=NETWORK,
        campaign_id=uuid4(),
        kind=ActionKind.VIGIL,
        title="Vigil",
        scheduled_for=EARLIER,
        power_holder_id=None,
        ask="Pay wages",
        turnout_pledged=30,
        **WHEN,
    )


def held(turnout: int = 25) -> Action:
    action = planned()
    action.record_held(
        happened_at=EARLIER, turnout=turnout, outcome="Seen", now=NOW, recorded_by=RECORDER
    )
    return settled(action)


def test_a_turnout_is_corrected_with_what_it_was_and_why() -> None:
    action = held(25)

    action.correct_turnout(turnout=52, reason="Counted one room only", **WHEN)

    (corrected,) = action.collect_events()
    assert isinstance(corrected, Action.TurnoutCorrected)
    assert (corrected.turnout, corrected.was, corrected.reason) == (52, 25, "Counted one room only")
    assert action.turnout == 52


def test_a_turnout_cannot_be_corrected_before_the_action_is_held_or_to_the_same() -> None:
    action = settled(planned())
    with pytest.raises(ActionNotHeldYet):
        action.correct_turnout(turnout=3, reason="r", **WHEN)
    action = held(25)
    with pytest.raises(NothingToCorrect) as raised:
        action.correct_turnout(turnout=25, reason="r", **WHEN)

    assert raised.value.field == "turnout"
    assert action.collect_events() == []


def test_a_cancelled_action_is_reinstated_and_can_then_be_held() -> None:
    action = planned()
    action.cancel(reason="Rain", **WHEN)
    settled(action)

    action.reinstate(reason="The rain stopped", **WHEN)
    action.record_held(
        happened_at=EARLIER, turnout=3, outcome="Held", now=NOW, recorded_by=RECORDER
    )

    reinstated, _ = action.collect_events()
    assert isinstance(reinstated, Action.Reinstated)
    assert not action.is_cancelled and action.turnout == 3


def test_an_action_not_cancelled_cannot_be_reinstated() -> None:
    action = settled(planned())

    with pytest.raises(ActionNotCancelled):
        action.reinstate(reason="r", **WHEN)


def meeting_with_a_commitment() -> PowerHolderMeeting:
    meeting = PowerHolderMeeting.hold(
        network_id=NETWORK,
        campaign_id=None,
        power_holder_ids=[HOLDER],
        attendee_ids=[MEMBER],
        purpose=MeetingPurpose.NEGOTIATION,
        asks=[],
        summary="",
        **WHEN,
    )
    meeting.secure_commitment(power_holder_id=HOLDER, text="Table it", due=date(2025, 3, 1), **WHEN)
    return meeting


def test_a_commitments_outcome_is_corrected_or_opened_again() -> None:
    meeting = meeting_with_a_commitment()
    meeting.record_commitment_outcome(number=1, status=CommitmentStatus.KEPT, note="", **WHEN)
    settled(meeting)

    meeting.correct_commitment_outcome(
        number=1, status=CommitmentStatus.BROKEN, note="Not tabled", reason="Misread", **WHEN
    )
    meeting.correct_commitment_outcome(
        number=1, status=CommitmentStatus.OPEN, note="", reason="Not due yet", **WHEN
    )

    first, second = meeting.collect_events()
    assert (first.was, first.status, second.was, second.status) == (
        "kept",
        "broken",
        "broken",
        "open",
    )
    assert meeting.commitments[1].status == CommitmentStatus.OPEN


def test_an_open_commitment_or_the_same_outcome_is_not_corrected() -> None:
    meeting = settled(meeting_with_a_commitment())
    with pytest.raises(CommitmentStillOpen):
        meeting.correct_commitment_outcome(
            number=1, status=CommitmentStatus.KEPT, note="", reason="r", **WHEN
        )
    meeting.record_commitment_outcome(number=1, status=CommitmentStatus.KEPT, note="", **WHEN)
    settled(meeting)
    with pytest.raises(NothingToCorrect):
        meeting.correct_commitment_outcome(
            number=1, status=CommitmentStatus.KEPT, note="", reason="r", **WHEN
        )


def assessed_twice() -> PowerHolder:
    holder = PowerHolder.identify(
        network_id=NETWORK, name="A", role="Director", institution="County", **WHEN
    )
    for stance, when in ((Stance.ALLY, NOW), (Stance.OPPONENT, EARLIER)):
        holder.assess(
            stance=stance,
            influence=3,
            interests=[],
            notes="",
            assessed_by=MEMBER,
            happened_at=when,
            now=NOW,
            recorded_by=RECORDER,
        )
    return settled(holder)


def test_a_retracted_assessment_no_longer_says_where_they_stand() -> None:
    holder = assessed_twice()
    assert holder.latest is not None and holder.latest.stance == Stance.ALLY

    holder.retract_assessment(number=1, reason="Assessed the wrong director", **WHEN)

    (retracted,) = holder.collect_events()
    assert retracted.number == 1
    assert holder.latest is not None and holder.latest.stance == Stance.OPPONENT
    assert len(holder.assessments) == 2  # still on record


def test_an_assessment_is_retracted_once_and_only_if_it_exists() -> None:
    holder = assessed_twice()
    holder.retract_assessment(number=2, reason="r", **WHEN)
    with pytest.raises(AssessmentAlreadyRetracted):
        holder.retract_assessment(number=2, reason="r", **WHEN)
    with pytest.raises(NoSuchAssessment) as raised:
        holder.retract_assessment(number=3, reason="r", **WHEN)

    assert raised.value.field == "number"


def test_a_decision_made_before_its_campaign_is_filed_under_it_afterwards() -> None:
    decision = Decision.propose(
        network_id=NETWORK,
        campaign_id=None,
        kind=DecisionKind.TACTIC,
        question="Which ask first?",
        options=["Pay", "Training"],
        rule=DecisionRule.CONSENSUS,
        evidence=[],
        proposed_by=MEMBER,
        **WHEN,
    )
    settled(decision)
    campaign = uuid4()

    decision.link_campaign(campaign_id=campaign, reason="The campaign came of it", **WHEN)

    (linked,) = decision.collect_events()
    assert (linked.campaign_id, linked.was) == (campaign, None)
    assert decision.campaign_id == campaign
    with pytest.raises(NothingToCorrect):
        decision.link_campaign(campaign_id=campaign, reason="again", **WHEN)


def test_a_target_is_withdrawn_and_only_one_that_stands() -> None:
    campaign = Campaign.launch(
        network_id=NETWORK, name="C", goal="G", issue="I", listening_campaign_id=None, **WHEN
    )
    campaign.set_target(metric=TargetMetric.TURNOUT, goal=50, due=None, reason="", **WHEN)
    settled(campaign)

    campaign.withdraw_target(metric=TargetMetric.TURNOUT, reason="Set by mistake", **WHEN)

    (withdrawn,) = campaign.collect_events()
    assert withdrawn.metric == "turnout"
    assert campaign.targets == {}
    with pytest.raises(NoSuchTarget):
        campaign.withdraw_target(metric=TargetMetric.TURNOUT, reason="r", **WHEN)
