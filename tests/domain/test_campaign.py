"""A campaign: its targets, the power-holders it targets, its status and its evaluation."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domain.campaign import Campaign
from domain.errors.campaigns import (
    CampaignCannotBecome,
    CampaignClosed,
    GoalBelowOne,
    PowerHolderAlreadyTargeted,
    TargetAlreadySet,
)
from domain.errors.shared import EmptyText, NotYetHappened
from domain.values import CampaignStatus, Evaluation, Target, TargetMetric
from tests.domain.conftest import (
    EARLIER,
    LATER,
    NOW,
    RECORDER,
    assert_same_state,
    saved_and_read_back,
    settled,
)

NETWORK = UUID("00000000-0000-4000-8000-0000000000e1")
MAYOR = UUID("00000000-0000-4000-8000-0000000000c1")
EVALUATION = Evaluation(
    what_worked="Stories from members",
    what_did_not="Too few from Porto",
    learned="Start earlier",
    how_people_felt="Proud",
)

ACTIVE = CampaignStatus.ACTIVE
PAUSED = CampaignStatus.PAUSED
WON = CampaignStatus.WON
LOST = CampaignStatus.LOST
CLOSED = CampaignStatus.CLOSED

#: How to bring a new (active) campaign to each status.
PATHS: dict[CampaignStatus, list[CampaignStatus]] = {
    ACTIVE: [],
    PAUSED: [PAUSED],
    WON: [WON],
    LOST: [LOST],
    CLOSED: [CLOSED],
}


def launch(**changes: Any) -> Campaign:
    arguments: dict[str, Any] = {
        "network_id": NETWORK,
        "name": "Peer workers in every ward",
        "goal": "A paid peer worker in each psychiatric ward in Lisbon",
        "issue": "No peer roles in hospitals",
        "listening_campaign_id": None,
        "happened_at": EARLIER,
        "now": NOW,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return Campaign.launch(**arguments)


def campaign_that_is(status: CampaignStatus) -> Campaign:
    campaign = launch()
    for step in PATHS[status]:
        campaign.move_to(
            status=step, reason="given", happened_at=EARLIER, now=NOW, recorded_by=RECORDER
        )
    assert campaign.status is status
    return campaign


def with_target(metric: TargetMetric, goal: int, due: date | None = None) -> Campaign:
    campaign = launch()
    campaign.set_target(
        happened_at=None,
        now=NOW,
        metric=metric,
        goal=goal,
        due=due,
        reason="",
        recorded_by=RECORDER,
    )
    return campaign


# ---------------------------------------------------------------- launching


def test_a_campaign_is_launched_active() -> None:
    campaign = launch()

    (launched,) = campaign.collect_events()
    assert isinstance(launched, Campaign.Launched)
    assert launched.name == "Peer workers in every ward"
    assert launched.issue == "No peer roles in hospitals"
    assert launched.happened_at == EARLIER
    assert campaign.status is CampaignStatus.ACTIVE


@pytest.mark.parametrize("field", ["name", "goal", "issue"])
def test_a_campaign_needs_a_name_a_goal_and_an_issue(field: str) -> None:
    with pytest.raises(EmptyText) as raised:
        launch(**{field: " "})
    assert raised.value.field == field


def test_a_campaign_cannot_be_launched_in_the_future() -> None:
    with pytest.raises(NotYetHappened) as raised:
        launch(happened_at=LATER)
    assert raised.value.field == "happened_at"


# ---------------------------------------------------------------- targets


def test_a_target_is_set_for_a_metric() -> None:
    campaign = settled(launch())

    campaign.set_target(
        happened_at=None,
        now=NOW,
        metric=TargetMetric.ONE_TO_ONES,
        goal=50,
        due=date(2025, 6, 30),
        reason="",
        recorded_by=RECORDER,
    )

    (target_set,) = campaign.collect_events()
    assert isinstance(target_set, Campaign.TargetSet)
    assert target_set.target == Target(TargetMetric.ONE_TO_ONES, 50, date(2025, 6, 30))


def test_a_target_set_then_revised_is_recorded_as_a_revision_with_its_reason() -> None:
    campaign = settled(with_target(TargetMetric.TURNOUT, 100))

    campaign.set_target(
        happened_at=None,
        now=NOW,
        metric=TargetMetric.TURNOUT,
        goal=150,
        due=None,
        reason="Porto joined the campaign",
        recorded_by=RECORDER,
    )

    (revised,) = campaign.collect_events()
    assert isinstance(revised, Campaign.TargetRevised)
    assert revised.target == Target(TargetMetric.TURNOUT, 150)
    assert revised.reason == "Porto joined the campaign"
    assert campaign.targets[TargetMetric.TURNOUT].goal == 150


def test_a_target_revision_needs_a_reason() -> None:
    campaign = settled(with_target(TargetMetric.TURNOUT, 100))

    with pytest.raises(EmptyText) as raised:
        campaign.set_target(
            happened_at=None,
            now=NOW,
            metric=TargetMetric.TURNOUT,
            goal=150,
            due=None,
            reason="  ",
            recorded_by=RECORDER,
        )

    assert raised.value.field == "reason"
    assert campaign.collect_events() == []
    assert campaign.targets[TargetMetric.TURNOUT].goal == 100


def test_the_same_target_cannot_be_set_again() -> None:
    campaign = settled(with_target(TargetMetric.TURNOUT, 100, date(2025, 5, 1)))

    with pytest.raises(TargetAlreadySet) as raised:
        campaign.set_target(
            happened_at=None,
            now=NOW,
            metric=TargetMetric.TURNOUT,
            goal=100,
            due=date(2025, 5, 1),
            reason="again",
            recorded_by=RECORDER,
        )

    assert raised.value.field == "goal"
    assert campaign.collect_events() == []


@pytest.mark.parametrize("goal", [0, -5])
def test_a_targets_goal_is_at_least_one(goal: int) -> None:
    campaign = settled(launch())

    with pytest.raises(GoalBelowOne) as raised:
        campaign.set_target(
            happened_at=None,
            now=NOW,
            metric=TargetMetric.ACTIONS_HELD,
            goal=goal,
            due=None,
            reason="",
            recorded_by=RECORDER,
        )

    assert raised.value.field == "goal"
    assert campaign.collect_events() == []


def test_a_closed_campaign_refuses_targets() -> None:
    campaign = settled(campaign_that_is(CLOSED))

    with pytest.raises(CampaignClosed) as raised:
        campaign.set_target(
            happened_at=None,
            now=NOW,
            metric=TargetMetric.ACTIONS_HELD,
            goal=3,
            due=None,
            reason="",
            recorded_by=RECORDER,
        )

    assert raised.value.field == "campaign_id"
    assert campaign.collect_events() == []


# ---------------------------------------------------------------- power-holders


def test_a_power_holder_is_targeted() -> None:
    campaign = settled(launch())

    campaign.target_power_holder(
        happened_at=None, now=NOW, power_holder_id=MAYOR, recorded_by=RECORDER
    )

    (targeted,) = campaign.collect_events()
    assert isinstance(targeted, Campaign.PowerHolderTargeted)
    assert targeted.power_holder_id == MAYOR


def test_a_power_holder_already_targeted_is_refused() -> None:
    campaign = launch()
    campaign.target_power_holder(
        happened_at=None, now=NOW, power_holder_id=MAYOR, recorded_by=RECORDER
    )
    settled(campaign)

    with pytest.raises(PowerHolderAlreadyTargeted) as raised:
        campaign.target_power_holder(
            happened_at=None, now=NOW, power_holder_id=MAYOR, recorded_by=RECORDER
        )

    assert raised.value.field == "power_holder_id"
    assert campaign.collect_events() == []


def test_a_closed_campaign_targets_no_more_power_holders() -> None:
    campaign = settled(campaign_that_is(CLOSED))

    with pytest.raises(CampaignClosed):
        campaign.target_power_holder(
            happened_at=None, now=NOW, power_holder_id=MAYOR, recorded_by=RECORDER
        )

    assert campaign.collect_events() == []


# ---------------------------------------------------------------- status


@pytest.mark.parametrize(
    ("start", "to", "recorded_as"),
    [
        (ACTIVE, PAUSED, Campaign.Paused),
        (ACTIVE, WON, Campaign.Won),
        (ACTIVE, LOST, Campaign.Lost),
        (ACTIVE, CLOSED, Campaign.Closed),
        (PAUSED, ACTIVE, Campaign.Resumed),
        (PAUSED, CLOSED, Campaign.Closed),
        (WON, CLOSED, Campaign.Closed),
        (LOST, CLOSED, Campaign.Closed),
    ],
)
def test_a_campaign_moves_to_an_allowed_status(
    start: CampaignStatus, to: CampaignStatus, recorded_as: type[Campaign.StatusEvent]
) -> None:
    campaign = settled(campaign_that_is(start))

    campaign.move_to(
        status=to, reason=" The council agreed ", happened_at=NOW, now=NOW, recorded_by=RECORDER
    )

    (moved,) = campaign.collect_events()
    assert type(moved) is recorded_as
    assert (moved.reason, moved.happened_at) == ("The council agreed", NOW)
    assert campaign.status is to


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (ACTIVE, ACTIVE),
        (PAUSED, PAUSED),
        (PAUSED, WON),
        (PAUSED, LOST),
        (WON, ACTIVE),
        (WON, LOST),
        (WON, PAUSED),
        (LOST, WON),
        (LOST, ACTIVE),
        (CLOSED, ACTIVE),
        (CLOSED, PAUSED),
        (CLOSED, CLOSED),
    ],
)
def test_a_campaign_cannot_move_to_a_status_not_allowed_from_its_own(
    start: CampaignStatus, to: CampaignStatus
) -> None:
    campaign = settled(campaign_that_is(start))

    with pytest.raises(CampaignCannotBecome) as raised:
        campaign.move_to(status=to, reason="", happened_at=NOW, now=NOW, recorded_by=RECORDER)
    assert (raised.value.status, raised.value.wanted) == (start, to)

    assert raised.value.field == "status"
    assert campaign.collect_events() == []
    assert campaign.status is start


def test_a_status_change_cannot_be_dated_in_the_future() -> None:
    campaign = settled(launch())

    with pytest.raises(NotYetHappened):
        campaign.move_to(status=WON, reason="", happened_at=LATER, now=NOW, recorded_by=RECORDER)

    assert campaign.collect_events() == []
    assert campaign.status is ACTIVE


# ---------------------------------------------------------------- evaluation


def test_a_campaign_is_evaluated() -> None:
    campaign = settled(campaign_that_is(WON))

    campaign.evaluate(evaluation=EVALUATION, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    (evaluated,) = campaign.collect_events()
    assert isinstance(evaluated, Campaign.Evaluated)
    assert evaluated.evaluation == EVALUATION


def test_a_campaign_evaluation_cannot_be_dated_in_the_future() -> None:
    campaign = settled(launch())

    with pytest.raises(NotYetHappened):
        campaign.evaluate(evaluation=EVALUATION, happened_at=LATER, now=NOW, recorded_by=RECORDER)

    assert campaign.collect_events() == []


# ---------------------------------------------------------------- replay


def test_a_campaign_reads_back_from_the_event_store_as_it_was(tmp_path: Path) -> None:
    campaign = with_target(TargetMetric.ONE_TO_ONES, 50, date(2025, 6, 30))
    campaign.set_target(
        happened_at=None,
        now=NOW,
        metric=TargetMetric.ONE_TO_ONES,
        goal=60,
        due=date(2025, 7, 31),
        reason="More time",
        recorded_by=RECORDER,
    )
    campaign.target_power_holder(
        happened_at=None, now=NOW, power_holder_id=MAYOR, recorded_by=RECORDER
    )
    campaign.move_to(status=WON, reason="", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)
    campaign.evaluate(evaluation=EVALUATION, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    read_back = saved_and_read_back(tmp_path / "events.sqlite", campaign)

    assert_same_state(campaign, read_back)
    target = read_back.targets[TargetMetric.ONE_TO_ONES]
    assert target.metric is TargetMetric.ONE_TO_ONES
    assert type(target.due) is date
    assert read_back.status is CampaignStatus.WON
    assert read_back.evaluations == [EVALUATION]


def test_a_campaign_read_back_still_refuses_the_same_target_again(tmp_path: Path) -> None:
    campaign = with_target(TargetMetric.TURNOUT, 100, date(2025, 5, 1))
    read_back = settled(saved_and_read_back(tmp_path / "events.sqlite", campaign))

    with pytest.raises(TargetAlreadySet):
        read_back.set_target(
            happened_at=None,
            now=NOW,
            metric=TargetMetric.TURNOUT,
            goal=100,
            due=date(2025, 5, 1),
            reason="again",
            recorded_by=RECORDER,
        )

    assert read_back.collect_events() == []
