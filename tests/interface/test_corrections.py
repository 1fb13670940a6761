"""Corrections through the real API: each is a new fact the views count (in the week of what
it corrects) and the campaign's story marks; what was recorded stays on record."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from typing import Any

import httpx

from tests.interface.conftest import (
    Network,
    created,
    launch_campaign,
    negotiated,
    power_holder,
)
from tests.interface.test_reading_api import wait_for_views
from tests.interface.test_timeline_api import caught_up
from tests.interface.test_two_clocks import weekly

HELD = "2026-04-21T17:00:00+00:00"  # a Tuesday: the week of Monday 20 April


def held_action(api: httpx.Client, campaign: str, turnout: int) -> str:
    action = created(
        api.post(
            "/actions",
            json={
                "campaign_id": campaign,
                "kind": "vigil",
                "title": "Vigil",
                "scheduled_for": HELD,
                "ask": "Pay wages",
                "turnout_pledged": 40,
                "happened_at": "2026-04-01T09:00:00+00:00",
            },
        )
    )
    created(
        api.post(
            f"/actions/{action}/held",
            json={"happened_at": HELD, "turnout": turnout, "outcome": "Seen"},
        )
    )
    return action


def timeline(api: httpx.Client, campaign: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = caught_up(api, f"/campaigns/{campaign}/timeline")["entries"]
    return entries


def test_a_turnout_corrected_counts_in_the_week_the_action_was_held(
    api: httpx.Client, network: Network
) -> None:
    campaign = launch_campaign(api, network, days_ago=300)
    action = held_action(api, campaign, 25)

    corrected = api.post(
        f"/actions/{action}/turnout-corrections",
        json={"turnout": 52, "reason": "Counted one room only"},
    )
    same = api.post(
        f"/actions/{action}/turnout-corrections", json={"turnout": 52, "reason": "again"}
    )
    progress = caught_up(api, f"/campaigns/{campaign}/progress")
    whole = caught_up(api, f"/networks/{network.id}/progress")
    story = timeline(api, campaign)

    assert corrected.status_code == 201, corrected.text
    assert same.status_code == 409 and same.json()["error"] == "NothingToCorrect"
    assert progress["totals"]["turnout"] == 52
    assert weekly(progress, "turnout") == weekly(whole, "turnout") == {date(2026, 4, 20): 52}
    marked = [e for e in story if e["correction"]]
    assert [e["summary"] for e in marked] == [
        "Turnout corrected: 52, not 25 (Counted one room only)"
    ]
    assert api.get(f"/actions/{action}").json()["turnout"] == 52


def test_a_cancelled_action_reinstated_can_be_held(api: httpx.Client, network: Network) -> None:
    campaign = launch_campaign(api, network, days_ago=30)
    action = created(
        api.post(
            "/actions",
            json={
                "campaign_id": campaign,
                "kind": "vigil",
                "title": "Vigil",
                "scheduled_for": "2026-11-01T17:00:00+00:00",
                "ask": "Pay wages",
                "turnout_pledged": 40,
            },
        )
    )
    created(api.post(f"/actions/{action}/cancellation", json={"reason": "Rain"}))
    refused = api.post(
        f"/actions/{action}/held", json={"turnout": 9, "outcome": "Seen", "happened_at": HELD}
    )

    reinstated = api.post(f"/actions/{action}/reinstatement", json={"reason": "Dry after all"})
    again = api.post(f"/actions/{action}/reinstatement", json={"reason": "Twice"})
    held = api.post(f"/actions/{action}/held", json={"turnout": 9, "outcome": "Seen"})
    whole = caught_up(api, f"/networks/{network.id}/progress")

    assert refused.status_code == 409
    assert reinstated.status_code == 201 and held.status_code == 201
    assert again.status_code == 409 and again.json()["error"] == "ActionNotCancelled"
    assert (whole["totals"]["actions_cancelled"], whole["totals"]["actions_held"]) == (0, 1)
    assert [e["summary"] for e in timeline(api, campaign) if e["correction"]] == [
        "Action reinstated: Dry after all"
    ]


def test_a_retracted_assessment_and_a_corrected_outcome_change_the_power_map(
    api: httpx.Client, network: Network
) -> None:
    campaign = launch_campaign(api, network, days_ago=300)
    holder = power_holder(api, network, "A")
    created(api.post(f"/campaigns/{campaign}/power-holders", json={"power_holder_id": holder}))
    for stance, when in (("opponent", "2026-03-01"), ("ally", "2026-06-01")):
        created(
            api.post(
                f"/power-holders/{holder}/assessments",
                json={
                    "stance": stance,
                    "influence": 3,
                    "assessed_by": network.organiser,
                    "happened_at": f"{when}T09:00:00+00:00",
                },
            )
        )
    meeting = negotiated(api, network, campaign, holder, "2026-05-05T10:00:00+00:00")
    created(
        api.post(
            f"/power-holder-meetings/{meeting}/commitments",
            json={"power_holder_id": holder, "text": "Table it"},
        )
    )
    created(
        api.post(
            f"/power-holder-meetings/{meeting}/commitment-outcomes",
            json={"number": 1, "status": "kept", "happened_at": "2026-06-10T09:00:00+00:00"},
        )
    )

    known = datetime.now(UTC).isoformat()  # what was on record before the corrections
    time.sleep(0.01)

    retracted = api.post(
        f"/power-holders/{holder}/assessment-retractions",
        json={"number": 2, "reason": "Assessed the wrong director"},
    )
    corrected = api.post(
        f"/power-holder-meetings/{meeting}/commitment-outcome-corrections",
        json={"number": 1, "status": "broken", "reason": "It was never tabled"},
    )
    wait_for_views(api)
    mapped = caught_up(api, f"/power-holders/{holder}/power-map")["power_holder"]
    progress = caught_up(api, f"/campaigns/{campaign}/progress")
    whole = caught_up(api, f"/networks/{network.id}/progress")

    assert retracted.status_code == corrected.status_code == 201
    assert mapped["stance"] == "opponent", mapped["assessments"]
    assert [a["retracted"] for a in mapped["assessments"]] == [False, True]
    assert [k["status"] for k in mapped["commitments"]] == ["broken"]
    assert (progress["totals"]["commitments_kept"], progress["totals"]["commitments_broken"]) == (
        0,
        1,
    )
    assert weekly(progress, "commitments_broken") == {date(2026, 6, 8): 1}
    assert weekly(whole, "commitments_broken") == {date(2026, 6, 8): 1}
    assert not weekly(whole, "commitments_kept")

    # As known before the corrections, the facts stand as first recorded.
    then = {"known_at": known}
    mapped_then = api.get(f"/power-holders/{holder}/power-map", params=then).json()
    progress_then = api.get(f"/campaigns/{campaign}/progress", params=then).json()
    assert mapped_then["power_holder"]["stance"] == "ally"
    assert [a["retracted"] for a in mapped_then["power_holder"]["assessments"]] == [False, False]
    assert [k["status"] for k in mapped_then["power_holder"]["commitments"]] == ["kept"]
    assert progress_then["totals"]["commitments_kept"] == 1
    assert progress_then["totals"]["commitments_broken"] == 0


def test_a_decision_filed_under_its_campaign_afterwards_joins_its_story(
    api: httpx.Client, network: Network
) -> None:
    campaign = launch_campaign(api, network, days_ago=30)
    decision = created(
        api.post(
            "/decisions",
            json={
                "network_id": network.id,
                "kind": "tactic",
                "question": "Do we campaign on pay?",
                "options": ["Yes", "No"],
                "rule": "majority",
                "evidence": [],
                "proposed_by": network.organiser,
                "happened_at": "2026-01-10T18:00:00+00:00",
            },
        )
    )
    before = timeline(api, campaign)
    known = datetime.now(UTC).isoformat()
    time.sleep(0.01)

    filed = api.post(
        f"/decisions/{decision}/campaign",
        json={"campaign_id": campaign, "reason": "The campaign came of it"},
    )
    after = timeline(api, campaign)

    assert filed.status_code == 201, filed.text
    assert not [e for e in before if e["kind"] == "decision"]
    decided = [e for e in after if e["kind"] == "decision"]
    assert [e["correction"] for e in decided] == [False, True]
    assert decided[0]["happened_at"].startswith("2026-01-10")  # the proposal, first
    assert api.get(f"/decisions/{decision}").json()["campaign_id"] == campaign
    as_known = api.get(f"/campaigns/{campaign}/timeline", params={"known_at": known}).json()
    assert not [e for e in as_known["entries"] if e["kind"] == "decision"]


def test_a_target_withdrawn_no_longer_stands(api: httpx.Client, network: Network) -> None:
    campaign = launch_campaign(api, network, days_ago=30)
    created(api.post(f"/campaigns/{campaign}/targets", json={"metric": "turnout", "goal": 50}))
    created(api.post(f"/campaigns/{campaign}/targets", json={"metric": "one_to_ones", "goal": 5}))

    withdrawn = api.post(
        f"/campaigns/{campaign}/target-withdrawals",
        json={"metric": "turnout", "reason": "Set by mistake"},
    )
    missing = api.post(
        f"/campaigns/{campaign}/target-withdrawals", json={"metric": "turnout", "reason": "r"}
    )
    progress = caught_up(api, f"/campaigns/{campaign}/progress")

    assert withdrawn.status_code == 201
    assert missing.status_code == 409 and missing.json()["field"] == "body.metric"
    assert [t["metric"] for t in progress["targets"]] == ["one_to_ones"]
    assert [t["metric"] for t in api.get(f"/campaigns/{campaign}").json()["targets"]] == [
        "one_to_ones"
    ]


def test_a_commitment_opened_again_is_overdue_from_then_on(
    api: httpx.Client, network: Network
) -> None:
    campaign = launch_campaign(api, network, days_ago=300)
    holder = power_holder(api, network, "B")
    meeting = negotiated(api, network, campaign, holder, "2026-05-05T10:00:00+00:00")
    m = f"/power-holder-meetings/{meeting}"
    created(
        api.post(
            f"{m}/commitments",
            json={"power_holder_id": holder, "text": "Table it", "due": "2026-06-01"},
        )
    )
    created(
        api.post(
            f"{m}/commitment-outcomes",
            json={"number": 1, "status": "kept", "happened_at": "2026-05-30T09:00:00+00:00"},
        )
    )
    known = datetime.now(UTC).isoformat()
    time.sleep(0.01)

    reopened = api.post(
        f"{m}/commitment-outcome-corrections",
        json={"number": 1, "status": "open", "reason": "Recorded against the wrong meeting"},
    )
    now = caught_up(api, f"/campaigns/{campaign}/progress")
    then = api.get(f"/campaigns/{campaign}/progress", params={"known_at": known}).json()

    assert reopened.status_code == 201, reopened.text
    assert (now["commitments_overdue"], now["totals"]["commitments_kept"]) == (1, 0)
    assert (then["commitments_overdue"], then["totals"]["commitments_kept"]) == (0, 1)
