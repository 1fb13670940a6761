"""Bad input gets a clear error that says what and where, and nothing is recorded."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.interface.conftest import Network, Server, ago, created, launch_campaign, one_to_one_body


def unchanged(server: Server, before: int) -> bool:
    return server.event_count() == before


def test_malformed_input_is_422_naming_the_field(
    api: httpx.Client, network: Network, server: Server
) -> None:
    before = server.event_count()

    response = api.post("/one-to-ones", json=one_to_one_body(network, channel="carrier pigeon"))

    assert response.status_code == 422
    assert response.json()["error"] == "InvalidInput"
    assert response.json()["field"] == "body.channel"
    assert unchanged(server, before)


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"happened_at": "2026-01-01T10:00:00"}, "body.happened_at"),  # no offset
        ({"happened_at": 1700000000}, "body.happened_at"),  # a number, not a time
        ({"duration_minutes": "40"}, "body.duration_minutes"),  # text, not a number
        ({"duration_minutes": 2.5}, "body.duration_minutes"),
        ({"person_id": "not-a-uuid"}, "body.person_id"),
        ({"interests": [""]}, "body.interests[0]"),
        ({"private_notes": "x" * 20_001}, "body.private_notes"),
        ({"follow_ups": [{"what": "call", "due": "tomorrow"}]}, "body.follow_ups[0].due"),
        ({"intrests": ["typo"]}, "body.intrests"),  # unknown fields are refused, not lost
        ({"person_shared": "nul\x00byte"}, "body.person_shared"),
    ],
)
def test_each_kind_of_malformed_field_is_named(
    api: httpx.Client, network: Network, override: dict[str, object], field: str
) -> None:
    response = api.post("/one-to-ones", json=one_to_one_body(network, **override))

    assert response.status_code == 422, response.text
    assert field in [p["field"] for p in response.json()["problems"]]


def test_a_body_that_is_not_json_is_422(api: httpx.Client) -> None:
    response = api.post(
        "/networks", content=b"\xff\xfe not json", headers={"content-type": "application/json"}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "body"


def test_an_unknown_id_in_the_path_is_404(api: httpx.Client) -> None:
    missing = uuid.uuid4()

    response = api.get(f"/campaigns/{missing}")

    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"
    assert str(missing) in response.json()["detail"]


def test_an_id_of_another_kind_is_404_too(api: httpx.Client, network: Network) -> None:
    response = api.get(f"/campaigns/{network.member}")

    assert response.status_code == 404


def test_an_unknown_person_in_the_body_is_404_naming_the_field(
    api: httpx.Client, network: Network, server: Server
) -> None:
    before = server.event_count()

    response = api.post("/one-to-ones", json=one_to_one_body(network, person_id=str(uuid.uuid4())))

    assert response.status_code == 404
    assert response.json()["field"] == "body.person_id"
    assert unchanged(server, before)


def test_a_future_date_for_something_held_is_409(
    api: httpx.Client, network: Network, server: Server
) -> None:
    before = server.event_count()
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()

    response = api.post("/one-to-ones", json=one_to_one_body(network, happened_at=tomorrow))

    assert response.status_code == 409
    assert response.json()["error"] == "NotYetHappened"
    assert response.json()["field"] == "body.happened_at"
    assert unchanged(server, before)


def test_notes_without_consent_are_refused(api: httpx.Client, network: Network) -> None:
    created(
        api.post(
            f"/people/{network.member}/consent-withdrawals",
            json={"scope": "keep_notes", "happened_at": ago(hours=1)},
        )
    )

    refused = api.post("/one-to-ones", json=one_to_one_body(network))
    without_notes = api.post("/one-to-ones", json=one_to_one_body(network, private_notes=None))

    assert refused.status_code == 409
    assert refused.json()["error"] == "NotesNotConsented"
    assert refused.json()["field"] == "body.private_notes"
    assert without_notes.status_code == 201


def test_holding_a_cancelled_action_is_409_and_changes_nothing(
    api: httpx.Client, network: Network
) -> None:
    campaign = launch_campaign(api, network, days_ago=3)
    action = created(
        api.post(
            "/actions",
            json={
                "campaign_id": campaign,
                "kind": "assembly",
                "title": "T",
                "scheduled_for": ago(days=1),
                "ask": "A",
                "turnout_pledged": 10,
            },
        )
    )
    created(api.post(f"/actions/{action}/cancellation", json={"reason": "Storm"}))
    version = api.get(f"/actions/{action}").json()["version"]

    response = api.post(
        f"/actions/{action}/held", json={"happened_at": ago(hours=1), "turnout": 5, "outcome": "x"}
    )

    assert response.status_code == 409
    assert response.json()["error"] == "ActionWasCancelled"
    assert api.get(f"/actions/{action}").json()["version"] == version


def test_negative_turnout_is_refused_by_the_schema(api: httpx.Client, network: Network) -> None:
    response = api.post(
        "/actions",
        json={
            "campaign_id": str(uuid.uuid4()),
            "kind": "assembly",
            "title": "T",
            "scheduled_for": ago(),
            "ask": "A",
            "turnout_pledged": -1,
        },
    )

    assert response.status_code == 422
    assert response.json()["field"] == "body.turnout_pledged"


def test_a_position_after_the_decision_is_reached_is_409(
    api: httpx.Client, network: Network
) -> None:
    decision = created(
        api.post(
            "/decisions",
            json={
                "network_id": network.id,
                "kind": "tactic",
                "question": "Q?",
                "options": ["A", "B"],
                "rule": "majority",
                "proposed_by": network.organiser,
                "happened_at": ago(days=1),
            },
        )
    )
    created(
        api.post(
            f"/decisions/{decision}/positions",
            json={"participant_id": network.organiser, "option": "A", "happened_at": ago(hours=5)},
        )
    )
    created(
        api.post(
            f"/decisions/{decision}/outcome",
            json={"outcome": "A", "rationale": "Most", "happened_at": ago(hours=4)},
        )
    )

    response = api.post(
        f"/decisions/{decision}/positions",
        json={"participant_id": network.member, "option": "B", "happened_at": ago(hours=3)},
    )

    assert response.status_code == 409
    assert response.json()["error"] == "DecisionAlreadyMade"


def test_evidence_that_is_not_on_record_is_refused(api: httpx.Client, network: Network) -> None:
    response = api.post(
        "/decisions",
        json={
            "network_id": network.id,
            "kind": "tactic",
            "question": "Q?",
            "options": ["A", "B"],
            "rule": "majority",
            "proposed_by": network.organiser,
            "happened_at": ago(days=1),
            "evidence": [{"kind": "one_to_one", "id": str(uuid.uuid4())}],
        },
    )

    assert response.status_code == 404
    assert response.json()["field"] == "body.evidence[0].id"


def test_an_unsupported_method_is_405_with_allow(api: httpx.Client) -> None:
    response = api.delete("/networks")
    one_route = api.delete("/one-to-ones")

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"  # two routes serve /networks
    assert one_route.headers["allow"] == "POST"


def test_every_endpoint_declares_the_status_codes_it_can_return(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()

    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            if method == "post":
                assert {"201", "404", "409", "422", "503"} <= declared, (method, path)
            else:
                assert {"200"} <= declared, (method, path)
                if "{id}" in path:
                    assert {"404", "422"} <= declared, (method, path)


def test_a_token_that_is_not_a_token_is_401_and_records_nothing(server: Server) -> None:
    before = server.event_count()
    with server.client(None) as anonymous:
        response = anonymous.post(
            "/networks",
            json={"name": "N", "focus": "F", "happened_at": ago(days=1)},
            headers={"Authorization": "Bearer somebody"},
        )

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"] == "Unauthenticated"
    assert "not valid" in response.json()["detail"]
    assert server.event_count() == before


def test_blank_text_is_malformed_input(api: httpx.Client, network: Network) -> None:
    response = api.post("/people", json={"network_id": network.id, "name": "   "})

    assert response.status_code == 422
    assert response.json()["field"] == "body.name"


def test_a_truncated_body_is_named_as_invalid_json(api: httpx.Client) -> None:
    response = api.post(
        "/networks", content=b'{"name": "N', headers={"content-type": "application/json"}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "body"
    assert "not valid JSON" in response.json()["detail"]


def test_a_body_over_one_mebibyte_is_413(api: httpx.Client, network: Network) -> None:
    response = api.post("/one-to-ones", json=one_to_one_body(network, private_notes="x" * 2**20))

    assert response.status_code == 413


@pytest.mark.parametrize(
    ("override", "status", "error"),
    [
        # A zone the schema allows but the IANA database lacks is a rule broken, as every
        # refusal of a well-formed body is (the contract test holds 422 to malformed input).
        ({"time_zone": "America"}, 409, "UnknownTimeZone"),
        ({"rrule": "FREQ=DAILY;INTERVAL=0;BYDAY=MO"}, 409, "RecurrenceOutOfBounds"),
        ({"rrule": "FREQ=YEARLY;INTERVAL=1 RRULE:FREQ=DAILY"}, 409, "RecurrenceNotAlone"),
    ],
)
def test_a_gathering_rhythm_that_cannot_work_is_refused_quickly(
    api: httpx.Client, network: Network, override: dict[str, str], status: int, error: str
) -> None:
    body = {
        "network_id": network.id,
        "name": "CoP",
        "kind": "community_of_practice",
        "rrule": "FREQ=MONTHLY;BYDAY=+4WE",
        "starts_on": "2026-01-06",
        "local_time": "18:00",
        "duration_minutes": 90,
        "time_zone": "Europe/Lisbon",
    } | override

    response = api.post("/gathering-series", json=body, timeout=5)

    assert response.status_code == status
    assert response.json()["error"] == error
