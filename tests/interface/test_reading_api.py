"""Reading the views through the real server: collective progress, the people directory and
a person's history, the power map (now and as of a moment) and a decision's audit."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.interface.conftest import (
    Network,
    Server,
    ago,
    created,
    launch_campaign,
    one_to_one_body,
)
from tests.interface.test_timeline_api import caught_up


def wait_for_views(api: httpx.Client) -> None:
    """Until every view has applied everything recorded so far."""
    deadline = time.monotonic() + 10
    while any(v["lag"] for v in api.get("/views").json()):
        assert time.monotonic() < deadline, api.get("/views").text
        time.sleep(0.05)


def test_collective_progress_counts_the_network_and_each_community(
    api: httpx.Client, network: Network
) -> None:
    created(api.post("/one-to-ones", json=one_to_one_body(network, private_notes=None)))
    created(api.post("/one-to-ones", json=one_to_one_body(network, private_notes=None)))

    whole = caught_up(api, f"/networks/{network.id}/progress")
    portugal = caught_up(api, f"/networks/{network.id}/progress", community="portugal")
    kenya = caught_up(api, f"/networks/{network.id}/progress", community="Kenya")

    assert (whole["totals"]["one_to_ones"], whole["totals"]["people_reached"]) == (2, 1)
    assert portugal["community"] == "Portugal"  # the network's spelling
    assert portugal["totals"]["one_to_ones"] == 2  # the member met is in Portugal
    assert kenya["totals"]["one_to_ones"] == 0
    assert whole["pipeline"]["unassessed"] == 2
    assert sum(w["amount"] for w in whole["weekly"] if w["measure"] == "one_to_ones") == 2


def test_an_unknown_community_is_not_found(api: httpx.Client, network: Network) -> None:
    response = api.get(f"/networks/{network.id}/progress", params={"community": "Atlantis"})
    missing = api.get(f"/networks/{uuid.uuid4()}/progress")

    assert response.status_code == 404
    assert response.json()["field"] == "query.community"
    assert network.id in response.json()["detail"]
    assert missing.status_code == 404


def test_the_directory_pages_and_a_history_lists_what_a_person_took_part_in(
    api: httpx.Client, network: Network
) -> None:
    one_to_one = created(api.post("/one-to-ones", json=one_to_one_body(network)))
    wait_for_views(api)

    first = api.get(f"/networks/{network.id}/people", params={"limit": 1}).json()
    second = api.get(
        f"/networks/{network.id}/people", params={"limit": 1, "offset": first["next_offset"]}
    ).json()
    history = api.get(f"/people/{network.member}/history").json()
    organiser = api.get(f"/people/{network.organiser}/history", params={"kind": "one_to_one"})

    assert [p["name"] for p in first["people"] + second["people"]] == ["Organiser", "Member"]
    assert second["next_offset"] is None
    assert first["people"][0]["one_to_ones"] == 1
    assert history["name"] == "Member"
    # Newest first by when it happened: registered now (no time was stated); met two hours
    # ago, with notes kept then (recorded after the meeting, so listed before it); consented
    # fifty days ago.
    assert [e["kind"] for e in history["entries"]] == [
        "profile",
        "consent",
        "one_to_one",
        "consent",
    ]
    kept = history["entries"][1]
    assert kept["summary"] == f"Private notes kept (one-to-one {one_to_one})"
    assert (kept["roles"], kept["source"]) == (["self"], f"/people/{network.member}")
    held = history["entries"][2]
    assert (held["roles"], held["source"]) == (["met"], f"/one-to-ones/{one_to_one}")
    assert "Call after six" not in str(history)  # private notes are never in a history
    assert [f["what"] for f in history["follow_ups"]] == ["Send the survey"]
    assert organiser.json()["entries"][0]["roles"] == ["organiser"]
    assert {e["kind"] for e in organiser.json()["entries"]} == {"one_to_one"}
    # As it stood: before anything was on record, nothing; fifty days ago, the consent.
    path = f"/people/{network.member}/history"
    assert api.get(path, params={"known_at": "2000-01-01T00:00:00Z"}).json()["entries"] == []
    then = api.get(path, params={"on": ago(days=40)}).json()
    assert [e["kind"] for e in then["entries"]] == ["consent"]


def test_a_history_of_an_unknown_person_is_404(api: httpx.Client) -> None:
    assert api.get(f"/people/{uuid.uuid4()}/history").status_code == 404


def power_holder(api: httpx.Client, network: Network) -> str:
    return created(
        api.post(
            "/power-holders",
            json={
                "network_id": network.id,
                "name": "Director",
                "role": "Director of Health",
                "institution": "County",
            },
        )
    )


def assess(api: httpx.Client, holder: str, network: Network, stance: str, hours: float) -> None:
    created(
        api.post(
            f"/power-holders/{holder}/assessments",
            json={
                "stance": stance,
                "influence": 4,
                "interests": ["budget"],
                "assessed_by": network.organiser,
                "happened_at": ago(hours=hours),
            },
        )
    )


def test_the_power_map_answers_now_and_as_of_a_moment(api: httpx.Client, network: Network) -> None:
    campaign = launch_campaign(api, network)
    holder = power_holder(api, network)
    created(api.post(f"/campaigns/{campaign}/power-holders", json={"power_holder_id": holder}))
    assess(api, holder, network, "neutral", hours=5)
    time.sleep(0.01)
    then = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    assess(api, holder, network, "leaning_ally", hours=1)
    meeting = created(
        api.post(
            "/power-holder-meetings",
            json={
                "network_id": network.id,
                "campaign_id": campaign,
                "power_holder_ids": [holder],
                "attendee_ids": [network.organiser],
                "purpose": "negotiation",
                "happened_at": ago(hours=1),
                "asks": [{"text": "Will you fund peer work?", "answer": "later"}],
            },
        )
    )
    created(
        api.post(
            f"/power-holder-meetings/{meeting}/commitments",
            json={"power_holder_id": holder, "text": "Fund a pilot", "due": "2020-01-01"},
        )
    )
    wait_for_views(api)

    now = api.get(f"/power-holders/{holder}/power-map").json()["power_holder"]
    as_then = api.get(f"/power-holders/{holder}/power-map", params={"as_of": then}).json()
    targeted = api.get(f"/networks/{network.id}/power-map", params={"campaign_id": campaign})

    assert now["stance"] == "leaning_ally"
    assert [a["stance"] for a in now["assessments"]] == ["neutral", "leaning_ally"]
    assert now["meetings"][0]["asks"][0]["answer"] == "later"
    assert now["scorecard"] == {"open": 1, "kept": 0, "partly_kept": 0, "broken": 0, "overdue": 1}
    assert as_then["power_holder"]["stance"] == "neutral"
    assert as_then["power_holder"]["meetings"] == []
    assert as_then["power_holder"]["commitments"] == []
    assert [h["power_holder_id"] for h in targeted.json()["power_holders"]] == [holder]


def test_the_power_map_refuses_a_campaign_of_another_network(
    api: httpx.Client, network: Network
) -> None:
    other = api.get("/networks").json()
    unknown = api.get(
        f"/networks/{network.id}/power-map", params={"campaign_id": str(uuid.uuid4())}
    )
    before = api.get(
        f"/power-holders/{power_holder(api, network)}/power-map",
        params={"as_of": "2000-01-01T00:00:00Z"},
    )

    assert other  # the listing works
    assert unknown.status_code == 404
    assert before.status_code == 404 and before.json()["field"] == "query.as_of"


def decision(api: httpx.Client, network: Network, campaign: str, evidence: list[Any]) -> str:
    return created(
        api.post(
            "/decisions",
            json={
                "network_id": network.id,
                "campaign_id": campaign,
                "kind": "tactic",
                "question": "Do we hold an assembly?",
                "options": ["Yes", "No"],
                "rule": "majority",
                "evidence": evidence,
                "proposed_by": network.organiser,
                "happened_at": ago(hours=3),
            },
        )
    )


def test_a_decision_audit_shows_what_was_on_record_when_it_was_reached(
    api: httpx.Client, network: Network
) -> None:
    campaign = launch_campaign(api, network)
    action = created(
        api.post(
            "/actions",
            json={
                "campaign_id": campaign,
                "kind": "assembly",
                "title": "Assembly",
                "scheduled_for": ago(hours=4),
                "ask": "Fund peer work",
                "turnout_pledged": 40,
            },
        )
    )
    decided = decision(api, network, campaign, [{"kind": "action", "id": action}])
    for person, option in ((network.organiser, "Yes"), (network.member, "Yes")):
        created(
            api.post(
                f"/decisions/{decided}/positions",
                json={
                    "participant_id": person,
                    "option": option,
                    "reason": "We are ready",
                    "happened_at": ago(hours=2),
                },
            )
        )
    created(
        api.post(
            f"/decisions/{decided}/outcome",
            json={"outcome": "Yes", "rationale": "Everyone agreed", "happened_at": ago(hours=2)},
        )
    )
    # Recorded after the decision: neither may appear in what it was based on.
    created(
        api.post(
            f"/actions/{action}/held",
            json={"happened_at": ago(hours=1), "turnout": 35, "outcome": "Heard"},
        )
    )
    created(
        api.post(
            "/one-to-ones",
            json=one_to_one_body(network, campaign_id=campaign, happened_at=ago(hours=1)),
        )
    )
    wait_for_views(api)

    audit = api.get(f"/decisions/{decided}/audit").json()

    assert audit["reached"] is True and audit["outcome"] == "Yes"
    assert audit["as_of"] is not None
    assert {p["participant_name"] for p in audit["positions"]} == {"Organiser", "Member"}
    (evidence,) = audit["evidence"]
    assert [line["summary"][:14] for line in evidence["lines"]] == ["Action planned"]
    assert evidence["source"] == f"/actions/{action}"
    assert all(e["kind"] != "one_to_one" for e in audit["timeline"])
    assert "Action held" not in str(audit["timeline"])
    assert [line["summary"][:16] for line in audit["history"]][-1] == "Decision reached"
    assert audit["since"] == []  # its own proposal, positions and reaching are not "since"
    assert audit["known_through"] == audit["history"][-1]["position"]
    # What happened since is still on the campaign's timeline today.
    today = caught_up(api, f"/campaigns/{campaign}/timeline")
    assert "Action held: turnout 35; outcome: Heard" in [e["summary"] for e in today["entries"]]


def test_the_audits_since_lists_only_what_came_after_its_outcome(
    api: httpx.Client, network: Network
) -> None:
    campaign = launch_campaign(api, network)
    decided, later = decision(api, network, campaign, []), decision(api, network, campaign, [])
    created(
        api.post(
            f"/decisions/{decided}/positions",
            json={
                "participant_id": network.organiser,
                "option": "Yes",
                "reason": "Ready",
                "happened_at": ago(hours=3),
            },
        )
    )
    outcome = {"outcome": "Yes", "rationale": "Agreed", "happened_at": ago(hours=2)}
    created(api.post(f"/decisions/{decided}/outcome", json=outcome))
    superseding = {"by_decision_id": later, "reason": "New facts", "happened_at": ago(hours=1)}
    created(api.post(f"/decisions/{decided}/supersession", json=superseding))
    wait_for_views(api)

    audit = api.get(f"/decisions/{decided}/audit").json()

    # Proposed, a position, reached: its own making, read as known then, not "since".
    reached = audit["history"][2]
    assert audit["known_through"] == reached["position"]
    assert [line["position"] for line in audit["since"]] == [audit["history"][3]["position"]]
    assert len(audit["history"]) == 4


def test_an_open_decision_is_audited_as_of_now(api: httpx.Client, network: Network) -> None:
    campaign = launch_campaign(api, network)
    open_decision = decision(api, network, campaign, [])
    wait_for_views(api)

    audit = api.get(f"/decisions/{open_decision}/audit").json()
    missing = api.get(f"/decisions/{uuid.uuid4()}/audit")
    not_a_decision = api.get(f"/decisions/{campaign}/audit")

    assert (audit["reached"], audit["as_of"], audit["outcome"]) == (False, None, None)
    assert [e["kind"] for e in audit["timeline"]] == ["campaign", "decision"]
    assert missing.status_code == 404 and not_a_decision.status_code == 404


def test_the_log_verifies_as_intact(api: httpx.Client, network: Network, server: Server) -> None:
    with server.client("auditor") as auditor:
        before = auditor.get("/log/verification").json()
        launch_campaign(api, network)
        after = auditor.get("/log/verification").json()

    assert before["intact"] and after["intact"]
    assert after["events"] > before["events"]
    assert after["head_position"] == api.get("/health").json()["events"]
    assert after["head"] != before["head"] and after["problem"] is None


def test_collective_progress_can_leave_out_the_ladder_moves(
    api: httpx.Client, network: Network
) -> None:
    created(
        api.post(
            f"/people/{network.member}/leadership-assessments",
            json={
                "stage": "participant",
                "reason": "Came twice",
                "assessed_by": network.organiser,
                "happened_at": ago(days=1),
            },
        )
    )
    wait_for_views(api)
    full = api.get(f"/networks/{network.id}/progress").json()
    without = api.get(f"/networks/{network.id}/progress", params={"movements": "false"}).json()

    assert full["movements"] and without["movements"] == []
    assert without["totals"] == full["totals"] and without["pipeline"] == full["pipeline"]


def test_collective_progress_since_a_day_starts_its_weeks_there(
    api: httpx.Client, network: Network
) -> None:
    for days in (60, 1):
        created(
            api.post(
                "/one-to-ones",
                json=one_to_one_body(network, happened_at=ago(days=days)),
            )
        )
    wait_for_views(api)
    since = (datetime.now(UTC) - timedelta(days=30)).date()

    full = api.get(f"/networks/{network.id}/progress").json()
    recent = api.get(f"/networks/{network.id}/progress", params={"since": str(since)}).json()
    wrong = api.get(f"/networks/{network.id}/progress", params={"since": "last month"})
    number = api.get(f"/networks/{network.id}/progress", params={"since": "0"})

    assert recent["totals"] == full["totals"]
    weeks = [w for w in recent["weekly"] if w["measure"] == "one_to_ones"]
    assert weeks and all(w["week"] >= str(since - timedelta(days=6)) for w in weeks)
    assert len(recent["weekly"]) < len(full["weekly"])
    assert weeks[-1]["cumulative"] == full["totals"]["one_to_ones"]
    assert wrong.status_code == 422 and wrong.json()["field"] == "query.since"
    assert number.status_code == 422  # not read as seconds since 1970
