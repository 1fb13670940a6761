"""Every day a command takes (a series' start, a follow-up's, a target's or a commitment's due
date, a rule's UNTIL) lies in the same years as a moment does, and is refused as one is,
naming the field: a year-1 or year-9999 day would make a week, a calendar's time zones or a
recurrence run off the ends of the calendar. Nothing is recorded when it is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.application import Groundwork
from domain.errors.gatherings import RecurrenceEndsOutsideYears
from domain.errors.shared import YearOutOfRange
from domain.values import GatheringKind, TargetMetric
from tests.domain.conftest import NOW, RECORDER, SmallNetwork
from tests.domain.test_application import (
    hold_meeting,
    hold_one_to_one,
    identify_holder,
    launch_campaign,
)

FAR_PAST = date(1, 1, 1)
FAR_FUTURE = date(9999, 12, 31)


def establish_series(app: Groundwork, net: SmallNetwork, **changes: Any) -> None:
    arguments: dict[str, Any] = {
        "network_id": net.network_id,
        "name": "Community of practice",
        "kind": GatheringKind.COMMUNITY_OF_PRACTICE,
        "rrule": "FREQ=MONTHLY;BYDAY=+4WE",
        "starts_on": date(2025, 1, 1),
        "local_time": NOW.time(),
        "duration_minutes": 90,
        "time_zone": "Europe/Lisbon",
        "recorded_by": RECORDER,
    }
    app.establish_gathering_series(**(arguments | changes))


Step = Callable[[date], Any]


def series_start(app: Groundwork, net: SmallNetwork) -> Step:
    return lambda day: establish_series(app, net, starts_on=day)


def follow_up_due(app: Groundwork, net: SmallNetwork) -> Step:
    return lambda day: hold_one_to_one(app, net, follow_ups=[("Call back", day)])


def target_due(app: Groundwork, net: SmallNetwork) -> Step:
    campaign = launch_campaign(app, net)
    return lambda day: app.set_target(
        campaign,
        metric=TargetMetric.ONE_TO_ONES,
        goal=10,
        due=day,
        reason="",
        recorded_by=RECORDER,
    )


def commitment_due(app: Groundwork, net: SmallNetwork) -> Step:
    holder = identify_holder(app, net)
    meeting = hold_meeting(app, net, holder).id
    return lambda day: app.secure_commitment(
        meeting, power_holder_id=holder, text="Fund a pilot", due=day, recorded_by=RECORDER
    )


#: Each command that takes a day: the field it names, and how to get to the step taking it.
COMMANDS: dict[str, tuple[str, Callable[[Groundwork, SmallNetwork], Step]]] = {
    "series start": ("starts_on", series_start),
    "follow-up due": ("follow_ups[0].due", follow_up_due),
    "target due": ("due", target_due),
    "commitment due": ("due", commitment_due),
}


@pytest.mark.parametrize("day", [FAR_PAST, FAR_FUTURE], ids=["year-1", "year-9999"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_day_outside_plausible_years_is_refused_naming_its_field(
    app: Groundwork, small_network: SmallNetwork, command: str, day: date
) -> None:
    field, prepare = COMMANDS[command]
    step = prepare(app, small_network)
    before = app.recorder.max_notification_id()

    with pytest.raises(YearOutOfRange) as raised:
        step(day)

    assert raised.value.field == field
    assert app.recorder.max_notification_id() == before


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_day_at_the_edges_of_plausible_years_is_taken(
    app: Groundwork, small_network: SmallNetwork, command: str
) -> None:
    step = COMMANDS[command][1](app, small_network)
    before = app.recorder.max_notification_id() or 0

    step(date(2999, 12, 1))

    assert (app.recorder.max_notification_id() or 0) > before


@pytest.mark.parametrize("until", ["99991231T000000Z", "00010101T000000Z", "30000101"])
def test_a_rule_ending_outside_plausible_years_is_refused(
    app: Groundwork, small_network: SmallNetwork, until: str
) -> None:
    before = app.recorder.max_notification_id()

    with pytest.raises(RecurrenceEndsOutsideYears) as raised:
        establish_series(app, small_network, rrule=f"FREQ=DAILY;UNTIL={until}")

    assert raised.value.field == "rrule"
    assert app.recorder.max_notification_id() == before
