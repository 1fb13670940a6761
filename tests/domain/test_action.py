"""An action: planned, then held (with its turnout) or cancelled, and evaluated."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domain.action import Action
from domain.errors.campaigns import (
    ActionAlreadyCancelled,
    ActionAlreadyHeld,
    ActionNotHeldYet,
    ActionWasCancelled,
    ActionWasHeld,
)
from domain.errors.shared import BelowZero, EmptyText, NoTimeZoneOffset, NotYetHappened
from domain.values import ActionKind, Evaluation
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
CAMPAIGN = UUID("00000000-0000-4000-8000-0000000000c2")
MAYOR = UUID("00000000-0000-4000-8000-0000000000c1")
SCHEDULED_FOR = EARLIER + timedelta(days=1)
EVALUATION = Evaluation("Numbers", "Sound system", "Book a hall", "Strong")


def plan(**changes: Any) -> Action:
    arguments: dict[str, Any] = {
        "network_id": NETWORK,
        "campaign_id": CAMPAIGN,
        "kind": ActionKind.DELEGATION,
        "title": "Delegation to the mayor",
        "scheduled_for": SCHEDULED_FOR,
        "power_holder_id": MAYOR,
        "ask": "Fund ten peer workers",
        "turnout_pledged": 40,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return Action.plan(happened_at=None, now=NOW, **arguments)


def record_held(
    action: Action, *, happened_at: datetime = SCHEDULED_FOR, turnout: int = 35
) -> None:
    action.record_held(
        happened_at=happened_at,
        turnout=turnout,
        outcome="The mayor agreed to meet",
        now=NOW,
        recorded_by=RECORDER,
    )


def held() -> Action:
    action = plan()
    record_held(action)
    return action


def cancelled() -> Action:
    action = plan()
    action.cancel(happened_at=None, now=NOW, reason="Storm warning", recorded_by=RECORDER)
    return action


# ---------------------------------------------------------------- planning


def test_an_action_is_planned_with_its_ask_and_the_turnout_pledged() -> None:
    action = plan()

    (planned,) = action.collect_events()
    assert isinstance(planned, Action.Planned)
    assert planned.kind == "delegation"
    assert planned.campaign_id == CAMPAIGN
    assert planned.power_holder_id == MAYOR
    assert planned.scheduled_for == SCHEDULED_FOR
    assert (planned.ask, planned.turnout_pledged) == ("Fund ten peer workers", 40)


def test_an_action_can_be_planned_for_the_future() -> None:
    action = plan(scheduled_for=NOW + timedelta(days=30))

    (planned,) = action.collect_events()
    assert isinstance(planned, Action.Planned)
    assert planned.scheduled_for == NOW + timedelta(days=30)


def test_an_action_is_scheduled_at_a_moment_with_a_time_zone() -> None:
    with pytest.raises(NoTimeZoneOffset) as raised:
        plan(scheduled_for=SCHEDULED_FOR.replace(tzinfo=None))
    assert raised.value.field == "scheduled_for"


def test_turnout_cannot_be_pledged_below_zero() -> None:
    with pytest.raises(BelowZero) as raised:
        plan(turnout_pledged=-1)
    assert raised.value.field == "turnout_pledged"


@pytest.mark.parametrize("field", ["title", "ask"])
def test_an_action_needs_a_title_and_an_ask(field: str) -> None:
    with pytest.raises(EmptyText) as raised:
        plan(**{field: ""})
    assert raised.value.field == field


# ---------------------------------------------------------------- holding


def test_an_action_is_held_with_the_turnout_that_came() -> None:
    action = settled(plan())

    record_held(action, turnout=35)

    (held_event,) = action.collect_events()
    assert isinstance(held_event, Action.Held)
    assert held_event.happened_at == SCHEDULED_FOR
    assert held_event.turnout == 35
    assert held_event.outcome == "The mayor agreed to meet"


def test_a_turnout_of_zero_is_recorded() -> None:
    action = settled(plan())

    record_held(action, turnout=0)

    (held_event,) = action.collect_events()
    assert isinstance(held_event, Action.Held)
    assert held_event.turnout == 0


def test_turnout_cannot_be_recorded_below_zero() -> None:
    action = settled(plan())

    with pytest.raises(BelowZero) as raised:
        record_held(action, turnout=-1)

    assert raised.value.field == "turnout"
    assert action.collect_events() == []
    assert action.held_at is None


def test_a_cancelled_action_cannot_be_held() -> None:
    action = settled(cancelled())

    with pytest.raises(ActionWasCancelled):
        record_held(action)

    assert action.collect_events() == []


def test_an_action_cannot_be_held_twice() -> None:
    action = settled(held())

    with pytest.raises(ActionAlreadyHeld):
        record_held(action, happened_at=NOW, turnout=50)

    assert action.collect_events() == []
    assert action.turnout == 35


def test_an_action_cannot_be_recorded_as_held_in_the_future() -> None:
    action = settled(plan())

    with pytest.raises(NotYetHappened) as raised:
        record_held(action, happened_at=LATER)

    assert raised.value.field == "happened_at"
    assert action.collect_events() == []


def test_an_action_held_needs_its_outcome() -> None:
    action = settled(plan())

    with pytest.raises(EmptyText) as raised:
        action.record_held(
            happened_at=SCHEDULED_FOR, turnout=3, outcome=" ", now=NOW, recorded_by=RECORDER
        )

    assert raised.value.field == "outcome"
    assert action.collect_events() == []


# ---------------------------------------------------------------- cancelling


def test_a_planned_action_is_cancelled_with_a_reason() -> None:
    action = settled(plan())

    action.cancel(happened_at=None, now=NOW, reason="Storm warning", recorded_by=RECORDER)

    (cancelled_event,) = action.collect_events()
    assert isinstance(cancelled_event, Action.Cancelled)
    assert cancelled_event.reason == "Storm warning"
    assert action.is_cancelled


def test_a_held_action_cannot_be_cancelled() -> None:
    action = settled(held())

    with pytest.raises(ActionWasHeld):
        action.cancel(happened_at=None, now=NOW, reason="Changed our minds", recorded_by=RECORDER)

    assert action.collect_events() == []
    assert not action.is_cancelled


def test_a_cancelled_action_cannot_be_cancelled_again() -> None:
    action = settled(cancelled())

    with pytest.raises(ActionAlreadyCancelled):
        action.cancel(happened_at=None, now=NOW, reason="Still raining", recorded_by=RECORDER)

    assert action.collect_events() == []


def test_a_cancellation_needs_a_reason() -> None:
    action = settled(plan())

    with pytest.raises(EmptyText) as raised:
        action.cancel(happened_at=None, now=NOW, reason="", recorded_by=RECORDER)

    assert raised.value.field == "reason"
    assert action.collect_events() == []


# ---------------------------------------------------------------- evaluation


def test_a_held_action_is_evaluated() -> None:
    action = settled(held())

    action.evaluate(evaluation=EVALUATION, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    (evaluated,) = action.collect_events()
    assert isinstance(evaluated, Action.Evaluated)
    assert evaluated.evaluation == EVALUATION


def test_an_action_not_yet_held_cannot_be_evaluated() -> None:
    action = settled(plan())

    with pytest.raises(ActionNotHeldYet):
        action.evaluate(evaluation=EVALUATION, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    assert action.collect_events() == []


def test_an_action_evaluation_cannot_be_dated_in_the_future() -> None:
    action = settled(held())

    with pytest.raises(NotYetHappened):
        action.evaluate(evaluation=EVALUATION, happened_at=LATER, now=NOW, recorded_by=RECORDER)

    assert action.collect_events() == []


# ---------------------------------------------------------------- replay


def test_an_action_reads_back_from_the_event_store_as_it_was(tmp_path: Path) -> None:
    action = held()
    action.evaluate(evaluation=EVALUATION, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    read_back = saved_and_read_back(tmp_path / "events.sqlite", action)

    assert_same_state(action, read_back)
    assert read_back.kind is ActionKind.DELEGATION
    assert (read_back.held_at, read_back.turnout) == (SCHEDULED_FOR, 35)
    assert read_back.evaluations == [EVALUATION]
