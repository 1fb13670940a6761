"""A calendar feed never fails whole because of one record: a series recorded before days
were bounded (starting in the year 1, or recurring until 9999) is written as recorded, and
one that cannot be written at all is left out, with everything else in the feed.
In-process, on the feed itself; the API's refusal of such days is in `test_calendar.py`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID, uuid4

import pytest
from icalendar import Calendar

from domain.gathering import GatheringSeries
from interface.api.calendar import feed

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
RECORDER = UUID("00000000-0000-4000-8000-00000000000a")


def recorded_before_the_bounds(**changes: Any) -> GatheringSeries:
    """A series as an older version of Groundwork recorded it: straight from its event,
    without the checks `GatheringSeries.establish` makes today."""
    arguments: dict[str, Any] = {
        "network_id": uuid4(),
        "name": "Community of practice",
        "kind": "community_of_practice",
        "rrule": "FREQ=MONTHLY;BYDAY=+4WE",
        "starts_on": date(2026, 1, 1),
        "local_time": time(18, 0),
        "duration_minutes": 90,
        "time_zone": "Europe/Lisbon",
        "happened_at": datetime(2025, 12, 1, tzinfo=UTC),
        "recorded_by": RECORDER,
    }
    return GatheringSeries(**(arguments | changes))


def summaries(body: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")}


@pytest.mark.parametrize(
    "bad",
    [
        {"starts_on": date(1, 1, 1), "rrule": "FREQ=DAILY;UNTIL=99991231T000000Z"},
        {"starts_on": date(1, 1, 1), "rrule": "FREQ=YEARLY"},
        {"starts_on": date(9999, 12, 31), "rrule": "FREQ=DAILY"},
    ],
    ids=["year-1-until-9999", "year-1", "year-9999"],
)
def test_a_series_with_days_at_the_ends_of_the_calendar_does_not_break_the_feed(
    bad: dict[str, Any],
) -> None:
    good = recorded_before_the_bounds(name="Monthly circle")
    odd = recorded_before_the_bounds(name="Odd series", **bad)

    body = feed("network-x@groundwork", "Peers", [odd, good], [], NOW)

    assert summaries(body) == {"Monthly circle", "Odd series"}
    assert b"TZID:Europe/Lisbon" in body


def test_a_series_that_cannot_be_written_is_left_out_and_the_rest_kept() -> None:
    good = recorded_before_the_bounds(name="Monthly circle")
    broken = recorded_before_the_bounds(name="Broken series", time_zone="Mars/Olympus_Mons")

    body = feed("network-x@groundwork", "Peers", [broken, good], [], NOW)

    assert summaries(body) == {"Monthly circle"}


def test_a_series_recurring_to_the_last_plausible_year_is_in_the_feed() -> None:
    series = recorded_before_the_bounds(rrule="FREQ=WEEKLY;UNTIL=29991231T000000Z")

    body = feed("network-x@groundwork", "Peers", [series], [], NOW)

    assert summaries(body) == {"Community of practice"}
    assert b"UNTIL=29991231T000000Z" in body
