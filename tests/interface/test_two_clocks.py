"""Two clocks through the real API: a year of a campaign entered afterwards, out of order.

Every command about the organising work says when it happened; the views sort, bucket by
week and take "latest" states by that, not by when it was typed in."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from tests.interface.conftest import Network, created, negotiated, one_to_one_body
from tests.interface.test_reading_api import wait_for_views
from tests.interface.test_timeline_api import caught_up

#: When each meeting with the power-holder happened, and how many commitments it won:
#: recorded in the reverse order, months afterwards.
MEETINGS = (
    ("2026-05-05T10:00:00+00:00", 1),
    ("2026-06-23T10:00:00+00:00", 2),
    ("2026-09-22T10:00:00+00:00", 2),
    ("2026-11-03T10:00:00+00:00", 2),
)


def weekly(body: dict[str, Any], measure: str) -> dict[date, int]:
    return {
        date.fromisoformat(w["week"]): w["amount"]
        for w in body["weekly"]
        if w["measure"] == measure and w["amount"]
    }


def backfill(api: httpx.Client, network: Network) -> dict[str, str]:
    """A campaign's year, recorded now: each record with the time it happened."""
    campaign = created(
        api.post(
            "/campaigns",
            json={
                "network_id": network.id,
                "name": "Backfilled",
                "goal": "Fair pay",
                "issue": "Vouchers",
                "happened_at": "2026-03-02T09:00:00+00:00",
            },
        )
    )
    holder = created(
        api.post(
            "/power-holders",
            json={
                "network_id": network.id,
                "name": "A. Official",
                "role": "Director",
                "institution": "County",
                "happened_at": "2026-03-10T09:00:00+00:00",
            },
        )
    )
    created(
        api.post(
            f"/campaigns/{campaign}/targets",
            json={
                "metric": "commitments_won",
                "goal": 7,
                "happened_at": "2026-03-03T09:00:00+00:00",
            },
        )
    )
    created(
        api.post(
            f"/campaigns/{campaign}/power-holders",
            json={"power_holder_id": holder, "happened_at": "2026-03-16T09:00:00+00:00"},
        )
    )
    for happened_at, won in reversed(MEETINGS):
        meeting = negotiated(api, network, campaign, holder, happened_at)
        for number in range(won):
            created(
                api.post(
                    f"/power-holder-meetings/{meeting}/commitments",
                    json={
                        "power_holder_id": holder,
                        "text": f"Commitment {number + 1}",
                        "happened_at": happened_at,
                    },
                )
            )
    # The later assessment is recorded first.
    for stance, happened_at in (
        ("ally", "2026-09-10T09:00:00+00:00"),
        ("opponent", "2026-04-24T09:00:00+00:00"),
    ):
        created(
            api.post(
                f"/power-holders/{holder}/assessments",
                json={
                    "stance": stance,
                    "influence": 4,
                    "assessed_by": network.organiser,
                    "happened_at": happened_at,
                },
            )
        )
    action = created(
        api.post(
            "/actions",
            json={
                "campaign_id": campaign,
                "kind": "vigil",
                "title": "Vigil",
                "scheduled_for": "2026-04-20T17:00:00+00:00",
                "ask": "Pay wages",
                "turnout_pledged": 20,
                "happened_at": "2026-04-01T09:00:00+00:00",
            },
        )
    )
    created(
        api.post(
            f"/actions/{action}/cancellation",
            json={"reason": "Rain", "happened_at": "2026-04-15T09:00:00+00:00"},
        )
    )
    return {"campaign": campaign, "holder": holder}


def test_a_year_entered_afterwards_is_counted_in_the_weeks_it_happened(
    api: httpx.Client, network: Network
) -> None:
    ids = backfill(api, network)
    wait_for_views(api)

    whole = caught_up(api, f"/networks/{network.id}/progress")
    campaign = caught_up(api, f"/campaigns/{ids['campaign']}/progress")

    expected = {
        date(2026, 5, 4): 1,
        date(2026, 6, 22): 2,
        date(2026, 9, 21): 2,
        date(2026, 11, 2): 2,
    }
    assert weekly(whole, "commitments_won") == expected
    assert weekly(campaign, "commitments_won") == expected
    assert weekly(whole, "actions_cancelled") == {date(2026, 4, 13): 1}


def test_the_stance_now_is_the_assessment_that_happened_last(
    api: httpx.Client, network: Network
) -> None:
    ids = backfill(api, network)
    wait_for_views(api)

    mapped = caught_up(api, f"/power-holders/{ids['holder']}/power-map")["power_holder"]
    holder = api.get(f"/power-holders/{ids['holder']}").json()

    assert mapped["stance"] == "ally"
    assert [a["stance"] for a in holder["assessments"]] == ["opponent", "ally"]


def test_a_campaigns_story_is_told_in_the_order_things_happened(
    api: httpx.Client, network: Network
) -> None:
    ids = backfill(api, network)

    entries = caught_up(api, f"/campaigns/{ids['campaign']}/timeline", limit=200)["entries"]
    happened = [e["happened_at"] for e in entries]
    kinds = [e["kind"] for e in entries]

    assert happened == sorted(happened)
    # Launched, its target set the next day, then the power-holder targeted: not at the end.
    assert kinds[:3] == ["campaign", "target", "power_holder"]
    assert entries[-1]["happened_at"].startswith("2026-11-03")
    # Each entry still says when it was recorded: all of it today, long after.
    assert all(e["recorded_at"] > e["happened_at"] for e in entries)


def test_a_time_left_out_is_the_moment_of_recording(api: httpx.Client, network: Network) -> None:
    response = api.post(
        "/power-holders",
        json={"network_id": network.id, "name": "B", "role": "R", "institution": "I"},
    )
    future = api.post(
        "/power-holders",
        json={
            "network_id": network.id,
            "name": "C",
            "role": "R",
            "institution": "I",
            "happened_at": "2999-01-01T00:00:00+00:00",
        },
    )

    assert response.status_code == 201
    assert future.status_code == 409  # a rule broken, as for every command
    assert future.json()["field"] == "body.happened_at"


def test_weeks_are_counted_in_the_networks_zone_across_midnight_and_a_clock_change(
    api: httpx.Client, network: Network
) -> None:
    """Monday 00:30 in Berlin is Sunday in UTC: in a Berlin network it is that Monday's
    week, on both sides of the clocks changing (29 March, 25 October 2026)."""
    moments = ("2026-03-30T00:30:00+02:00", "2026-10-26T00:15:00+01:00")
    for happened_at in moments:
        created(
            api.post(
                "/one-to-ones",
                json=one_to_one_body(network, happened_at=happened_at, private_notes=None),
            )
        )
    in_utc = caught_up(api, f"/networks/{network.id}/progress")

    moved = api.post(f"/networks/{network.id}/time-zone", json={"time_zone": "Europe/Berlin"})
    wait_for_views(api)
    in_berlin = caught_up(api, f"/networks/{network.id}/progress")

    assert moved.status_code == 201, moved.text
    assert (in_utc["time_zone"], in_berlin["time_zone"]) == ("UTC", "Europe/Berlin")
    assert weekly(in_utc, "one_to_ones") == {date(2026, 3, 23): 1, date(2026, 10, 19): 1}
    assert weekly(in_berlin, "one_to_ones") == {date(2026, 3, 30): 1, date(2026, 10, 26): 1}
