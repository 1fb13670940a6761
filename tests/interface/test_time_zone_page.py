"""Setting a network's time zone from its page: for leaders, from a page of this site, once
however often the form is sent, with a problem said against the field."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.interface.conftest import PASSWORD, Network, Server


@pytest.fixture
def browser(server: Server) -> Iterator[httpx.Client]:
    """A client signed in to the web app as the tests' leader, posting as its pages do."""
    server.set_password("tester", PASSWORD)
    with httpx.Client(base_url=server.url, headers={"Origin": server.url}) as client:
        signed_in = client.post("/app/sign-in", data={"name": "tester", "password": PASSWORD})
        assert signed_in.status_code == 303
        yield client


def form_of(page: httpx.Response) -> dict[str, str]:
    """The time zone form's hidden fields, as the page drew them."""
    key = re.search(r'name="request_key" value="([0-9a-f]+)"', page.text)
    assert key is not None, page.text
    return {"request_key": key.group(1), "tz": "Europe/Lisbon"}


def test_a_leader_sets_the_zone_from_the_network_page_once_however_often_it_is_sent(
    browser: httpx.Client, server: Server, network: Network
) -> None:
    page = browser.get(f"/app/networks/{network.id}")
    assert "Weeks start on Monday at midnight, UTC" in page.text
    form = form_of(page) | {"time_zone": "Europe/Berlin"}
    before = server.event_count("TimeZoneSet")

    sent = browser.post(f"/app/networks/{network.id}/time-zone", data=form)
    again = browser.post(f"/app/networks/{network.id}/time-zone", data=form)  # a double tap

    assert sent.status_code == again.status_code == 303
    assert sent.headers["location"] == f"/app/networks/{network.id}?recorded=time-zone"
    assert server.event_count("TimeZoneSet") == before + 1
    shown = browser.get(sent.headers["location"])
    assert "Recorded: the network&#39;s weeks are counted in its new time zone." in shown.text
    assert "Weeks start on Monday at midnight, Germany (Berlin) Time (Europe/Berlin)" in shown.text


def test_an_unknown_zone_is_said_against_its_field_and_nothing_is_recorded(
    browser: httpx.Client, server: Server, network: Network
) -> None:
    form = form_of(browser.get(f"/app/networks/{network.id}")) | {"time_zone": "Mars/Base"}
    before = server.event_count()

    refused = browser.post(f"/app/networks/{network.id}/time-zone", data=form)

    assert refused.status_code == 422
    assert 'id="time_zone-problem"' in refused.text
    assert "is not a known IANA time zone" in refused.text
    assert '<option value="Mars/Base" selected>' in refused.text  # kept as it was sent
    assert server.event_count() == before


def test_the_zone_form_is_for_leaders_only(server: Server, network: Network) -> None:
    server.add_account("zone-organiser", ["organiser"], networks=[network.id])
    server.set_password("zone-organiser", PASSWORD)
    with httpx.Client(base_url=server.url, headers={"Origin": server.url}) as organiser:
        organiser.post("/app/sign-in", data={"name": "zone-organiser", "password": PASSWORD})
        page = organiser.get(f"/app/networks/{network.id}")
        refused = organiser.post(
            f"/app/networks/{network.id}/time-zone", data={"time_zone": "Europe/Berlin"}
        )

    assert page.status_code == 200 and "Weeks start on Monday" in page.text
    assert "/time-zone" not in page.text
    assert refused.status_code == 403
