"""Gatherings: a recurring series (with its RRULE and time zone) and each gathering held."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from domain.errors.gatherings import RecurrenceRefused
from domain.errors.shared import DurationNotAboveZero, EmptyText, NotYetHappened, UnknownTimeZone
from domain.gathering import Gathering, GatheringSeries
from domain.values import GatheringKind
from tests.domain.conftest import (
    EARLIER,
    LATER,
    NOW,
    RECORDER,
    assert_same_state,
    saved_and_read_back,
)

NETWORK = UUID("00000000-0000-4000-8000-0000000000e1")
SERIES = UUID("00000000-0000-4000-8000-0000000000f1")
ANA = UUID("00000000-0000-4000-8000-0000000000a1")
BRUNO = UUID("00000000-0000-4000-8000-0000000000b1")
LISBON = "Europe/Lisbon"


def establish(**changes: Any) -> GatheringSeries:
    arguments: dict[str, Any] = {
        "network_id": NETWORK,
        "name": "Community of practice",
        "kind": GatheringKind.COMMUNITY_OF_PRACTICE,
        "rrule": "FREQ=MONTHLY;BYDAY=+4WE",
        "starts_on": date(2025, 1, 22),
        "local_time": time(18, 30),
        "duration_minutes": 90,
        "time_zone": "Europe/Lisbon",
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return GatheringSeries.establish(happened_at=None, now=NOW, **arguments)


def hold(**changes: Any) -> Gathering:
    arguments: dict[str, Any] = {
        "network_id": NETWORK,
        "series_id": SERIES,
        "kind": GatheringKind.COMMUNITY_OF_PRACTICE,
        "topic": "Holding space for grief",
        "happened_at": EARLIER,
        "facilitator_id": ANA,
        "attendee_ids": [ANA, BRUNO, ANA],
        "reflections": " Moving ",
        "now": NOW,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return Gathering.hold(**arguments)


# ---------------------------------------------------------------- series


def test_a_gathering_series_is_established_with_its_recurrence_and_time_zone() -> None:
    series = establish(rrule=" RRULE:FREQ=MONTHLY;BYDAY=+4WE ", local_time=time(18, 30))

    (established,) = series.collect_events()
    assert isinstance(established, GatheringSeries.Established)
    assert established.kind == "community_of_practice"
    assert established.rrule == "FREQ=MONTHLY;BYDAY=+4WE"
    assert established.starts_on == date(2025, 1, 22)
    assert established.local_time == time(18, 30)
    assert established.time_zone == "Europe/Lisbon"
    assert established.duration_minutes == 90


@pytest.mark.parametrize(
    ("starts_on", "first"),
    [(date(2025, 1, 1), date(2025, 1, 22)), (date(2025, 1, 22), date(2025, 1, 22))],
)
def test_a_series_first_gathers_on_the_rules_first_day_from_its_start(
    starts_on: date, first: date
) -> None:
    series = establish(starts_on=starts_on, local_time=time(18, 30))

    assert series.first_start == datetime(
        first.year, first.month, first.day, 18, 30, tzinfo=ZoneInfo("Europe/Lisbon")
    )


def test_a_series_keeps_its_local_time_apart_from_any_offset() -> None:
    series = establish(local_time=time(18, 30, tzinfo=ZoneInfo("Europe/Lisbon")))

    (established,) = series.collect_events()
    assert isinstance(established, GatheringSeries.Established)
    assert established.local_time == time(18, 30)
    assert established.local_time.tzinfo is None


@pytest.mark.parametrize(
    "rrule",
    [
        "FREQ=SOMETIMES",
        "every fourth wednesday",
        "",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=DAILY;UNTIL=19990101",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "DTSTART:20250122T183000\nRRULE:FREQ=MONTHLY",
        "FREQ=MONTHLY;DTSTART=20250122",
        "FREQ=DAILY;INTERVAL=0;BYDAY=MO",
        "FREQ=MONTHLY;INTERVAL=-1",
        "FREQ=WEEKLY;INTERVAL=99999999999999999999",
        "FREQ=WEEKLY;COUNT=100000",
        "FREQ=YEARLY;INTERVAL=1 RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9",
    ],
    ids=[
        "unknown-frequency",
        "prose",
        "empty",
        "unknown-day",
        "ends-before-it-starts",
        "never-happens",
        "with-a-start-line",
        "with-a-start-part",
        "an-interval-that-never-advances",
        "a-negative-interval",
        "a-huge-interval",
        "a-huge-count",
        "two-rules-in-one",
        "a-daily-rule-filtered-by-month-day",
        "a-time-of-day",
    ],
)
def test_a_series_with_a_bad_rrule_is_refused(rrule: str) -> None:
    with pytest.raises(RecurrenceRefused) as raised:
        establish(rrule=rrule)
    assert raised.value.field == "rrule"


def test_a_series_rrule_ending_at_a_utc_moment_is_accepted() -> None:
    series = establish(rrule="FREQ=MONTHLY;BYDAY=+4WE;UNTIL=20251231T235959Z")

    (established,) = series.collect_events()
    assert isinstance(established, GatheringSeries.Established)
    assert established.rrule == "FREQ=MONTHLY;BYDAY=+4WE;UNTIL=20251231T235959Z"


@pytest.mark.parametrize(
    "time_zone", ["Mars/Olympus_Mons", "", "europe/lisbon", "../etc/passwd", "America", "Etc"]
)
def test_a_series_in_an_unknown_time_zone_is_refused(time_zone: str) -> None:
    with pytest.raises(UnknownTimeZone) as raised:
        establish(time_zone=time_zone)
    assert raised.value.field == "time_zone"


@pytest.mark.parametrize("minutes", [0, -15])
def test_a_series_gathers_for_more_than_zero_minutes(minutes: int) -> None:
    with pytest.raises(DurationNotAboveZero) as raised:
        establish(duration_minutes=minutes)
    assert raised.value.field == "duration_minutes"


def test_a_series_needs_a_name() -> None:
    with pytest.raises(EmptyText) as raised:
        establish(name="")
    assert raised.value.field == "name"


# ---------------------------------------------------------------- gatherings


def test_a_series_says_when_it_last_met_in_its_own_time_zone() -> None:
    series = establish()  # the 4th Wednesday of each month, 18:30 in Lisbon, from January

    assert series.latest_start(NOW) == datetime(2025, 2, 26, 18, 30, tzinfo=ZoneInfo(LISBON))
    assert series.latest_start(datetime(2025, 3, 26, 18, 30, tzinfo=ZoneInfo(LISBON))) == (
        datetime(2025, 3, 26, 18, 30, tzinfo=ZoneInfo(LISBON))
    )


def test_a_series_that_has_not_met_yet_has_no_latest_start() -> None:
    assert establish(starts_on=date(2025, 4, 1)).latest_start(NOW) is None


def test_a_gathering_is_held_with_who_came_counted_once() -> None:
    gathering = hold()

    (held,) = gathering.collect_events()
    assert isinstance(held, Gathering.Held)
    assert held.series_id == SERIES
    assert held.kind == "community_of_practice"
    assert held.topic == "Holding space for grief"
    assert held.happened_at == EARLIER
    assert held.facilitator_id == ANA
    assert held.attendee_ids == [ANA, BRUNO]
    assert held.reflections == "Moving"


def test_a_gathering_outside_any_series_is_held() -> None:
    gathering = hold(series_id=None, kind=GatheringKind.TRAINING, facilitator_id=None)

    (held,) = gathering.collect_events()
    assert isinstance(held, Gathering.Held)
    assert (held.series_id, held.kind, held.facilitator_id) == (None, "training", None)


def test_a_gathering_needs_a_topic() -> None:
    with pytest.raises(EmptyText) as raised:
        hold(topic=" ")
    assert raised.value.field == "topic"


def test_a_gathering_cannot_be_held_in_the_future() -> None:
    with pytest.raises(NotYetHappened) as raised:
        hold(happened_at=LATER)
    assert raised.value.field == "happened_at"


# ---------------------------------------------------------------- replay


def test_a_gathering_series_reads_back_from_the_event_store_as_it_was(tmp_path: Path) -> None:
    series = establish()

    read_back = saved_and_read_back(tmp_path / "events.sqlite", series)

    assert_same_state(series, read_back)
    assert type(read_back.starts_on) is date
    assert type(read_back.local_time) is time
    assert read_back.kind is GatheringKind.COMMUNITY_OF_PRACTICE


def test_a_gathering_reads_back_from_the_event_store_as_it_was(tmp_path: Path) -> None:
    gathering = hold()

    read_back = saved_and_read_back(tmp_path / "events.sqlite", gathering)

    assert_same_state(gathering, read_back)
    assert read_back.kind is GatheringKind.COMMUNITY_OF_PRACTICE
    assert read_back.attendee_ids == [ANA, BRUNO]
