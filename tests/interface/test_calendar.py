"""The iCalendar feeds, read through the real server and parsed back with `vobject`, a
parser independent of the `icalendar` library that writes them: a 4th-Wednesday series
recurring at its local time across daylight-saving changes, as seen from Lisbon, Toronto
and Nairobi; actions at their time with their status; and no one's name in any feed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import vobject

from tests.interface.conftest import Network, Server, ago, created, launch_campaign
from tests.interface.test_reading_api import wait_for_views

LISBON = ZoneInfo("Europe/Lisbon")


def fetch(api: httpx.Client, path: str) -> str:
    """A feed, once the views have applied everything recorded so far."""
    wait_for_views(api)
    response = api.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return response.text


def parse(feed: str) -> Any:
    """The feed as vobject reads it, with each TZID read from the feed's own VTIMEZONE.

    vobject looks a TZID up in pytz before the feed's VTIMEZONE, and dateutil's expansion of
    a rule with a pytz zone keeps the first occurrence's offset all year (summer gatherings
    an hour late). With the feed's VTIMEZONE registered first, the expansion checks the
    VTIMEZONE Groundwork wrote, which is what a calendar app without the zone has to go by.
    """
    zones = {
        z.tzid.value: z.gettzinfo() for z in vobject.readOne(feed).contents.get("vtimezone", [])
    }
    registry: dict[str, tzinfo] = vars(vobject.icalendar)["__tzidMap"]
    saved = dict(registry)
    registry.update(zones)
    try:
        return vobject.readOne(feed)
    finally:
        registry.clear()
        registry.update(saved)


def events(calendar: Any) -> dict[str, Any]:
    """The feed's events by their SUMMARY."""
    return {e.summary.value: e for e in calendar.contents.get("vevent", [])}


def establish_series(api: httpx.Client, network: Network, **changes: Any) -> str:
    body = {
        "network_id": network.id,
        "name": "Community of practice",
        "kind": "community_of_practice",
        "rrule": "FREQ=MONTHLY;BYDAY=+4WE",
        "starts_on": "2026-01-01",  # a Thursday: the first gathering is on 28 January
        "local_time": "18:00",
        "duration_minutes": 90,
        "time_zone": "Europe/Lisbon",
    }
    return created(api.post("/gathering-series", json=body | changes))


def plan_action(api: httpx.Client, campaign: str, title: str, when: str, **changes: Any) -> str:
    body = {
        "campaign_id": campaign,
        "kind": "delegation",
        "title": title,
        "scheduled_for": when,
        "ask": "Fund peer respite",
        "turnout_pledged": 20,
    }
    return created(api.post("/actions", json=body | changes))


#: The community of practice in 2026, on each 4th Wednesday at 18:00 in Lisbon: in UTC, and
#: where members in Toronto and Nairobi live. Lisbon keeps summer time from 29 March to 25
#: October, Toronto from 8 March to 1 November, Nairobi never: so in late March the Toronto
#: members gather at 14:00, in April at 13:00 again, and in late October at 14:00 once more.
GATHERINGS_2026 = [
    # Lisbon date, UTC time, Toronto time, Nairobi time
    (date(2026, 1, 28), "18:00", "13:00", "21:00"),
    (date(2026, 2, 25), "18:00", "13:00", "21:00"),
    (date(2026, 3, 25), "18:00", "14:00", "21:00"),  # Toronto has changed its clocks
    (date(2026, 4, 22), "17:00", "13:00", "20:00"),  # and now Lisbon has too
    (date(2026, 5, 27), "17:00", "13:00", "20:00"),
    (date(2026, 6, 24), "17:00", "13:00", "20:00"),
    (date(2026, 7, 22), "17:00", "13:00", "20:00"),
    (date(2026, 8, 26), "17:00", "13:00", "20:00"),
    (date(2026, 9, 23), "17:00", "13:00", "20:00"),
    (date(2026, 10, 28), "18:00", "14:00", "21:00"),  # Lisbon back on winter time
    (date(2026, 11, 25), "18:00", "13:00", "21:00"),  # and Toronto too
    (date(2026, 12, 23), "18:00", "13:00", "21:00"),
]


def test_a_4th_wednesday_series_keeps_its_local_time_across_daylight_saving_changes(
    api: httpx.Client, network: Network
) -> None:
    establish_series(api, network)

    calendar = parse(fetch(api, f"/networks/{network.id}/calendar.ics"))
    series = events(calendar)["Community of practice"]
    in_2026 = [o for o in series.getrruleset() if o.year == 2026]

    assert series.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Europe/Lisbon"]  # its TZID
    assert [z.tzid.value for z in calendar.contents["vtimezone"]] == ["Europe/Lisbon"]
    assert series.duration.value == timedelta(minutes=90)
    assert len(in_2026) == len(GATHERINGS_2026)
    for occurrence, (day, utc, toronto, nairobi) in zip(in_2026, GATHERINGS_2026, strict=True):
        assert occurrence.date() == day
        assert occurrence.weekday() == 2 and 22 <= day.day <= 28  # the 4th Wednesday
        assert occurrence.strftime("%H:%M") == "18:00"  # in the feed's own zone
        assert occurrence.astimezone(LISBON).strftime("%H:%M") == "18:00"
        assert occurrence.astimezone(UTC).strftime("%H:%M") == utc
        assert occurrence.astimezone(ZoneInfo("America/Toronto")).strftime("%H:%M") == toronto
        assert occurrence.astimezone(ZoneInfo("Africa/Nairobi")).strftime("%H:%M") == nairobi


def test_a_series_starts_on_its_first_gathering_and_ends_with_its_rule(
    api: httpx.Client, network: Network
) -> None:
    establish_series(
        api, network, name="Committee", rrule="FREQ=MONTHLY;BYDAY=+4WE;COUNT=3", local_time="09:30"
    )

    series = events(parse(fetch(api, f"/networks/{network.id}/calendar.ics")))["Committee"]

    assert series.dtstart.value == datetime(2026, 1, 28, 9, 30, tzinfo=series.dtstart.value.tzinfo)
    assert [o.date() for o in series.getrruleset()] == [
        date(2026, 1, 28),
        date(2026, 2, 25),
        date(2026, 3, 25),
    ]


def test_actions_appear_at_their_time_with_their_status(
    api: httpx.Client, network: Network
) -> None:
    campaign, other = launch_campaign(api, network), launch_campaign(api, network)
    establish_series(api, network)
    planned = plan_action(api, campaign, "Assembly at the town hall", "2030-06-01T10:00:00+01:00")
    cancelled = plan_action(api, campaign, "Vigil", "2030-07-01T18:00:00Z", kind="vigil")
    held = plan_action(api, other, "Delegation", ago(days=3))
    plan_action(api, other, "Assembly long ago", ago(days=400), kind="assembly")
    created(api.post(f"/actions/{cancelled}/cancellation", json={"reason": "Storm warning"}))
    held_at = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
    created(
        api.post(
            f"/actions/{held}/held",
            json={"happened_at": held_at.isoformat(), "turnout": 12, "outcome": "Heard"},
        )
    )

    network_feed = events(parse(fetch(api, f"/networks/{network.id}/calendar.ics")))
    campaign_feed = events(parse(fetch(api, f"/campaigns/{campaign}/calendar.ics")))

    assembly = campaign_feed["Assembly at the town hall (delegation)"]
    vigil = campaign_feed["Vigil (vigil)"]
    assert assembly.dtstart.value == datetime(2030, 6, 1, 9, 0, tzinfo=UTC)
    assert assembly.status.value == "CONFIRMED"
    assert assembly.uid.value == f"action-{planned}@groundwork"
    assert vigil.dtstart.value == datetime(2030, 7, 1, 18, 0, tzinfo=UTC)
    assert vigil.status.value == "CANCELLED"
    assert int(vigil.sequence.value) > 0  # so that calendars holding it take the change
    # A campaign's feed is its actions alone; the network's has its series and every action
    # from a year ago on.
    assert set(campaign_feed) == {"Assembly at the town hall (delegation)", "Vigil (vigil)"}
    assert set(network_feed) == set(campaign_feed) | {
        "Community of practice",
        "Delegation (delegation)",
    }
    assert network_feed["Delegation (delegation)"].dtstart.value == held_at  # when it was held
    assert network_feed["Delegation (delegation)"].status.value == "CONFIRMED"


def test_a_feed_is_the_same_calendar_on_every_fetch(api: httpx.Client, network: Network) -> None:
    establish_series(api, network)

    first = fetch(api, f"/networks/{network.id}/calendar.ics")
    again = fetch(api, f"/networks/{network.id}/calendar.ics")

    assert first == again
    calendar = parse(first)
    assert calendar.contents["uid"][0].value == f"network-{network.id}@groundwork"
    assert calendar.contents["x-wr-calname"][0].value == "Test Peers"


def test_a_feed_names_no_one(api: httpx.Client, network: Network) -> None:
    names = ["Zephyrine Quillfeather", "Bartholomew Oyelaran-Smythe", "Councillor Ngozi Varga"]
    facilitator, attendee = (
        created(
            api.post(
                "/people",
                json={"network_id": network.id, "name": name, "communities": ["Kenya"]},
            )
        )
        for name in names[:2]
    )
    target = created(
        api.post(
            "/power-holders",
            json={
                "network_id": network.id,
                "name": names[2],
                "role": "Chair",
                "institution": "County Board",
            },
        )
    )
    series = establish_series(api, network)
    created(
        api.post(
            "/gatherings",
            json={
                "network_id": network.id,
                "series_id": series,
                "kind": "community_of_practice",
                "topic": "Pay",
                "happened_at": ago(days=1),
                "facilitator_id": facilitator,
                "attendee_ids": [attendee, network.member],
            },
        )
    )
    campaign = launch_campaign(api, network)
    plan_action(
        api,
        campaign,
        "Delegation to the board",
        "2030-06-01T10:00:00Z",
        power_holder_id=target,
        ask=f"{names[2]}, meet Zephyrine and the members",
    )

    feeds = [
        fetch(api, f"/networks/{network.id}/calendar.ics"),
        fetch(api, f"/campaigns/{campaign}/calendar.ics"),
    ]

    for feed in feeds:
        unfolded = feed.replace("\r\n ", "").lower()  # lines folded at 75 octets, joined again
        for name in [*names, "Organiser", "Member"]:
            for word in name.lower().split():
                assert word not in unfolded, word
        assert "Delegation to the board" in feed  # what happens is there, just not who


@pytest.fixture
def anonymous(server: Server) -> Iterator[httpx.Client]:
    with server.client(None) as client:
        yield client


def test_a_feed_needs_a_token(anonymous: httpx.Client, network: Network) -> None:
    response = anonymous.get(f"/networks/{network.id}/calendar.ics")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("kind", ["networks", "campaigns"])
def test_the_feed_of_an_unknown_network_or_campaign_is_not_found(
    api: httpx.Client, kind: str
) -> None:
    response = api.get(f"/{kind}/{uuid.uuid4()}/calendar.ics")

    assert response.status_code == 404
    assert response.json()["field"] == "path.id"


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        (
            {"starts_on": "0001-01-01", "rrule": "FREQ=DAILY;UNTIL=99991231T000000Z"},
            "starts_on",
            "YearOutOfRange",
        ),
        ({"starts_on": "9999-12-31"}, "starts_on", "YearOutOfRange"),
        ({"rrule": "FREQ=DAILY;UNTIL=99991231T000000Z"}, "rrule", "RecurrenceEndsOutsideYears"),
    ],
    ids=["year-1-until-9999", "year-9999", "until-9999"],
)
def test_a_series_with_a_day_off_the_calendar_is_refused_and_the_feed_still_answers(
    api: httpx.Client, network: Network, changes: dict[str, str], field: str, error: str
) -> None:
    kept = establish_series(api, network, name="Monthly circle")
    body = {
        "network_id": network.id,
        "name": "Far away",
        "kind": "community_of_practice",
        "rrule": "FREQ=MONTHLY;BYDAY=+4WE",
        "starts_on": "2026-01-01",
        "local_time": "18:00",
        "duration_minutes": 90,
        "time_zone": "Europe/Lisbon",
    }

    response = api.post("/gathering-series", json=body | changes)

    assert response.status_code == 409, response.text
    assert response.json()["field"] == f"body.{field}"
    assert response.json()["error"] == error
    summaries = set(events(parse(fetch(api, f"/networks/{network.id}/calendar.ics"))))
    assert "Monthly circle" in summaries and "Far away" not in summaries
    assert api.get(f"/gathering-series/{kept}").status_code == 200
