"""A campaign's timeline through the real server, kept up to date by its projection thread."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from projections.registry import VIEW_CLASSES
from tests.interface.conftest import (
    Network,
    Server,
    ago,
    created,
    holder_of,
    launch_campaign,
    one_to_one_body,
)


def caught_up(api: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    """The timeline once the view has applied everything recorded so far."""
    deadline = time.monotonic() + 10
    while True:
        response = api.get(path, params=params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        if body["lag"] == 0 or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


def test_what_is_recorded_for_a_campaign_appears_on_its_timeline(
    api: httpx.Client, network: Network, server: Server
) -> None:
    campaign = launch_campaign(api, network, days_ago=10)
    one_to_one = created(
        api.post(
            "/one-to-ones",
            json=one_to_one_body(network, campaign_id=campaign, happened_at=ago(days=2)),
        )
    )
    created(
        api.post(
            f"/one-to-ones/{one_to_one}/notes-corrections",
            json={"private_notes": "Call after seven", "reason": "Misheard"},
            headers=holder_of(server, network),
        )
    )

    timeline = caught_up(api, f"/campaigns/{campaign}/timeline")

    assert timeline["lag"] == 0
    assert [e["kind"] for e in timeline["entries"]] == ["campaign", "one_to_one", "one_to_one"]
    held, corrected = timeline["entries"][1:]
    assert held["source"] == f"/one-to-ones/{one_to_one}"
    assert corrected["correction"] is True
    assert "Call after" not in str(timeline)


def test_the_timeline_filters_and_pages(api: httpx.Client, network: Network) -> None:
    campaign = launch_campaign(api, network, days_ago=10)
    for days in (5, 4, 3):
        created(
            api.post(
                "/one-to-ones",
                json=one_to_one_body(
                    network, campaign_id=campaign, happened_at=ago(days=days), private_notes=None
                ),
            )
        )

    first = caught_up(api, f"/campaigns/{campaign}/timeline", kind="one_to_one", limit=2)
    second = caught_up(
        api,
        f"/campaigns/{campaign}/timeline",
        kind="one_to_one",
        limit=2,
        offset=first["next_offset"],
    )
    recent = caught_up(api, f"/campaigns/{campaign}/timeline", since=ago(days=3.5))

    assert [len(first["entries"]), first["next_offset"]] == [2, 2]
    assert [len(second["entries"]), second["next_offset"]] == [1, None]
    assert len(recent["entries"]) == 1


def test_an_unknown_campaign_or_kind_is_refused(api: httpx.Client, network: Network) -> None:
    assert api.get(f"/campaigns/{uuid.uuid4()}/timeline").status_code == 404
    campaign = launch_campaign(api, network, days_ago=1)
    refused = api.get(f"/campaigns/{campaign}/timeline", params={"kind": "gossip"})
    assert refused.status_code == 422
    assert refused.json()["field"] == "query.kind[0]"


def test_known_at_and_on_answer_on_their_own_clocks_and_as_of_is_known_at(
    api: httpx.Client, network: Network
) -> None:
    campaign = launch_campaign(api, network, days_ago=10)
    caught_up(api, f"/campaigns/{campaign}/timeline")
    then = ago()
    # Recorded late, about something that happened early.
    created(
        api.post(
            "/one-to-ones",
            json=one_to_one_body(
                network, campaign_id=campaign, happened_at=ago(days=9), private_notes=None
            ),
        )
    )
    path = f"/campaigns/{campaign}/timeline"
    caught_up(api, path)

    def kinds(**params: Any) -> list[str]:
        return [e["kind"] for e in caught_up(api, path, **params)["entries"]]

    assert kinds(known_at=then) == ["campaign"]  # not on record then
    assert kinds(on=ago(days=8)) == ["campaign", "one_to_one"]  # had happened by then
    assert kinds(on=ago(days=8), known_at=then) == ["campaign"]  # not believed then
    assert kinds(on=ago(days=9, hours=1)) == ["campaign"]  # had not happened yet
    day = (datetime.now(UTC) - timedelta(days=8)).date().isoformat()
    assert kinds(on=day) == ["campaign", "one_to_one"]  # a day: as things stood at its end
    assert kinds(as_of=then) == kinds(known_at=then)
    for edge in ("9999-12-31T23:59:00-01:00", "0001-01-01T00:00:00+01:00"):  # beyond UTC
        assert api.get(path, params={"known_at": edge, "on": edge}).status_code == 200
    both = caught_up(api, path, as_of=ago(), known_at=then)  # known_at is read, and said
    assert [e["kind"] for e in both["entries"]] == ["campaign"]
    assert both["known_at"] == caught_up(api, path, known_at=then)["known_at"]
    assert (
        caught_up(api, path, as_of=then)["known_at"]
        == caught_up(api, path, known_at=then)["known_at"]
    )
    progress = f"/campaigns/{campaign}/progress"
    assert (
        api.get(progress, params={"as_of": then}).json()["totals"]
        == (api.get(progress, params={"known_at": then}).json()["totals"])
    )
    assert api.get(progress, params={"known_at": then}).json()["totals"]["one_to_ones"] == 0
    assert api.get(progress, params={"on": ago(days=8)}).json()["totals"]["one_to_ones"] == 1
    exported = api.get(f"{path}.csv", params={"known_at": then}).text.splitlines()
    assert len(exported) == 2 and ",campaign," in exported[1]  # its header and the launch
    assert len(api.get(f"{path}.csv", params={"on": ago(days=8)}).text.splitlines()) == 3


def test_bad_moments_are_refused_naming_the_field(api: httpx.Client, network: Network) -> None:
    campaign = launch_campaign(api, network, days_ago=10)
    for params, field in (
        ({"known_at": "yesterday"}, "query.known_at"),
        ({"on": "soon"}, "query.on"),
        ({"as_of": "2026-01-01T00:00:00"}, "query.as_of"),  # no offset
    ):
        for what in ("timeline", "progress", "timeline.csv"):
            refused = api.get(f"/campaigns/{campaign}/{what}", params=params)
            assert refused.status_code == 422, (what, params, refused.text)
            assert refused.json()["field"] == field


def test_a_campaigns_progress_counts_against_its_targets(
    api: httpx.Client, network: Network
) -> None:
    campaign = launch_campaign(api, network, days_ago=10)
    created(api.post(f"/campaigns/{campaign}/targets", json={"metric": "one_to_ones", "goal": 5}))
    for days in (3, 2):
        created(
            api.post(
                "/one-to-ones",
                json=one_to_one_body(
                    network, campaign_id=campaign, happened_at=ago(days=days), private_notes=None
                ),
            )
        )

    progress = caught_up(api, f"/campaigns/{campaign}/progress")

    assert progress["targets"] == [{"metric": "one_to_ones", "goal": 5, "due": None, "done": 2}]
    assert progress["totals"]["people_reached"] == 1
    assert sum(w["amount"] for w in progress["weekly"] if w["measure"] == "one_to_ones") == 2


def test_views_report_their_position_and_lag(api: httpx.Client, network: Network) -> None:
    deadline = time.monotonic() + 10
    while True:
        statuses = api.get("/views").json()
        if all(s["lag"] == 0 for s in statuses) or time.monotonic() > deadline:
            break
        time.sleep(0.05)

    assert {s["name"] for s in statuses} == {cls.name for cls in VIEW_CLASSES}
    assert all(s["lag"] == 0 and s["failure"] is None for s in statuses)
    assert all(s["position"] == api.get("/health").json()["events"] for s in statuses)
