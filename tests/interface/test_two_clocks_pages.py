"""Two clocks in the web app's forms: each form of the organising work asks when it
happened, in the reader's zone, defaulting to now; what is stated is what is recorded."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.interface.conftest import Network, Server, launch_campaign
from tests.interface.test_timeline_api import caught_up

PASSWORD = "correct horse battery staple"


@pytest.fixture
def browser(server: Server) -> Iterator[httpx.Client]:
    server.set_password("tester", PASSWORD)
    with httpx.Client(base_url=server.url, headers={"Origin": server.url}) as client:
        signed_in = client.post("/app/sign-in", data={"name": "tester", "password": PASSWORD})
        assert signed_in.status_code == 303
        yield client


def posted(browser: httpx.Client, path: str, **fields: str) -> httpx.Response:
    return browser.post(path, data={"request_key": uuid.uuid4().hex, **fields})


def test_an_action_planned_and_cancelled_on_its_pages_is_dated_as_stated(
    browser: httpx.Client, api: httpx.Client, network: Network
) -> None:
    campaign = launch_campaign(api, network, days_ago=300)
    form = browser.get(f"/app/campaigns/{campaign}/actions/new")
    planned = posted(
        browser,
        f"/app/campaigns/{campaign}/actions",
        kind="vigil",
        title="Vigil",
        ask="Pay wages",
        power_holder_id="",
        scheduled_for="2026-04-20T18:00",
        turnout_pledged="20",
        happened_at="2026-04-01T09:30",
        tz="Europe/Lisbon",
    )
    assert planned.status_code == 303, planned.text
    action = planned.headers["location"].split("/")[-1].split("?")[0]
    cancelled = posted(
        browser,
        f"/app/actions/{action}/cancellation",
        reason="Rain",
        cancelled_at="2026-04-15T08:00",
        tz="Europe/Lisbon",
    )
    page = browser.get(f"/app/actions/{action}")
    entries = caught_up(api, f"/campaigns/{campaign}/timeline")["entries"]
    dated = {e["summary"].split(":")[0]: e["happened_at"] for e in entries}

    assert 'name="happened_at"' in form.text and "When it was planned" in form.text
    assert cancelled.status_code == 303, cancelled.text
    assert "When it was cancelled" not in page.text  # no longer offered once cancelled
    assert [e["happened_at"] for e in entries if e["kind"] == "action"] == [
        "2026-04-01T08:30:00Z",  # Lisbon is an hour ahead of UTC in April
        "2026-04-15T07:00:00Z",
    ], dated


def test_a_time_in_the_future_is_refused_on_the_form_with_the_field_named(
    browser: httpx.Client, api: httpx.Client, network: Network
) -> None:
    refused = posted(
        browser,
        f"/app/networks/{network.id}/power-holders",
        name="A. Official",
        role="Director",
        institution="County",
        happened_at="2999-01-01T09:00",
        tz="UTC",
    )

    assert refused.status_code in (409, 422)
    assert 'id="happened_at"' in refused.text
    assert "lies in the future" in refused.text
