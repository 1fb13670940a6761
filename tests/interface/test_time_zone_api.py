"""A network's time zone through the API: given at founding, set later, shown with the
network, and named by every weekly answer, whose weeks start on Monday at midnight in it."""

from __future__ import annotations

import httpx
import pytest

from tests.interface.conftest import (
    Network,
    Server,
    ago,
    created,
    launch_campaign,
    one_to_one_body,
)
from tests.interface.test_timeline_api import caught_up

#: 00:30 on Monday 17 March 2025 in Berlin: 23:30 on Sunday 16 March in UTC.
MONDAY_PAST_MIDNIGHT = "2025-03-17T00:30:00+01:00"


def found(api: httpx.Client, **more: str) -> httpx.Response:
    body = {"name": "Zoned Peers", "focus": "Peer support", "happened_at": ago(days=400)}
    return api.post("/networks", json=body | more)


def test_a_network_founded_in_a_zone_shows_it(api: httpx.Client) -> None:
    network = created(found(api, time_zone="Africa/Nairobi"))

    assert api.get(f"/networks/{network}").json()["time_zone"] == "Africa/Nairobi"


def test_a_network_founded_without_a_zone_counts_its_weeks_in_utc(api: httpx.Client) -> None:
    network = created(found(api))

    assert api.get(f"/networks/{network}").json()["time_zone"] == "UTC"


@pytest.mark.parametrize("zone", ["Berlin", "Europe/Nowhere", "../../etc/passwd"])
def test_founding_in_an_unknown_zone_is_refused_naming_the_field(
    api: httpx.Client, server: Server, zone: str
) -> None:
    before = server.event_count()

    response = found(api, time_zone=zone)

    assert response.status_code == 409, response.text
    assert response.json()["error"] == "UnknownTimeZone"
    assert response.json()["field"] == "body.time_zone"
    assert server.event_count() == before


def test_setting_an_unknown_zone_is_refused_and_the_zone_stays(
    api: httpx.Client, server: Server, network: Network
) -> None:
    before = server.event_count()

    response = api.post(f"/networks/{network.id}/time-zone", json={"time_zone": "Mars/Base"})

    assert response.status_code == 409, response.text
    assert response.json()["error"] == "UnknownTimeZone"
    assert response.json()["field"] == "body.time_zone"
    assert server.event_count() == before
    assert api.get(f"/networks/{network.id}").json()["time_zone"] == "UTC"


def test_setting_the_zone_it_already_has_records_nothing(
    api: httpx.Client, server: Server, network: Network
) -> None:
    first = api.post(f"/networks/{network.id}/time-zone", json={"time_zone": "Europe/Lisbon"})
    before = server.event_count()

    again = api.post(f"/networks/{network.id}/time-zone", json={"time_zone": "Europe/Lisbon"})

    assert again.status_code == 201, again.text
    assert again.json()["version"] == first.json()["version"]
    assert server.event_count() == before


def test_weekly_answers_count_weeks_in_the_networks_zone_and_again_when_it_changes(
    api: httpx.Client, network: Network
) -> None:
    campaign = launch_campaign(api, network, days_ago=500)
    body = one_to_one_body(
        network, happened_at=MONDAY_PAST_MIDNIGHT, campaign_id=campaign, private_notes=None
    )
    created(api.post("/one-to-ones", json=body))

    def weeks(path: str) -> tuple[str, list[str]]:
        answer = caught_up(api, path)
        return answer["time_zone"], [
            w["week"] for w in answer["weekly"] if w["measure"] == "one_to_ones"
        ]

    assert weeks(f"/networks/{network.id}/progress") == ("UTC", ["2025-03-10"])
    assert weeks(f"/campaigns/{campaign}/progress") == ("UTC", ["2025-03-10"])

    created(
        api.post(
            f"/networks/{network.id}/time-zone",
            json={"time_zone": "Europe/Berlin", "happened_at": ago(days=1)},
        )
    )

    assert api.get(f"/networks/{network.id}").json()["time_zone"] == "Europe/Berlin"
    assert weeks(f"/networks/{network.id}/progress") == ("Europe/Berlin", ["2025-03-17"])
    assert weeks(f"/campaigns/{campaign}/progress") == ("Europe/Berlin", ["2025-03-17"])
