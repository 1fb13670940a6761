"""Recording every step of the organising cycle through a real server, and reading it back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tests.interface.conftest import Network, Server, ago, created, holder_of, one_to_one_body


def test_a_network_is_founded_with_guidelines_committee_and_communities(
    api: httpx.Client, network: Network
) -> None:
    created(
        api.post(
            f"/networks/{network.id}/guidelines",
            json={"text": "We meet as equals.", "happened_at": ago(days=90)},
        )
    )
    created(
        api.post(
            f"/networks/{network.id}/guidelines",
            json={"text": "We meet as equals. We pause when needed.", "happened_at": ago(days=10)},
        )
    )
    created(
        api.post(
            f"/networks/{network.id}/committee",
            json={"person_id": network.organiser, "happened_at": ago(days=9)},
        )
    )
    created(
        api.post(
            f"/networks/{network.id}/committee",
            json={"person_id": network.member, "happened_at": ago(days=9)},
        )
    )
    created(
        api.post(
            f"/networks/{network.id}/committee/step-downs",
            json={"person_id": network.member, "reason": "Family", "happened_at": ago(days=1)},
        )
    )
    created(api.post(f"/networks/{network.id}/communities", json={"community": "Brazil"}))

    state = api.get(f"/networks/{network.id}").json()

    assert [g["version"] for g in state["guidelines"]] == [1, 2]
    assert state["guidelines"][0]["text"] == "We meet as equals."
    assert state["committee"] == [network.organiser]
    assert state["communities"] == ["Kenya", "Portugal", "Brazil"]


def test_networks_are_listed_in_the_order_they_were_recorded(
    api: httpx.Client, network: Network
) -> None:
    later = created(
        api.post(
            "/networks",
            json={"name": "Later Peers", "focus": "Peer support", "happened_at": ago(days=400)},
        )
    )

    listed = [n["id"] for n in api.get("/networks").json()]

    assert listed.index(network.id) < listed.index(later)


def test_a_person_is_registered_consents_and_climbs_the_ladder(
    api: httpx.Client, network: Network
) -> None:
    person = network.member
    created(api.post(f"/people/{person}/contact-details", json={"contact": "m@example.org"}))
    created(
        api.post(
            f"/people/{person}/consents", json={"scope": "be_contacted", "happened_at": ago(days=2)}
        )
    )
    created(
        api.post(
            f"/people/{person}/consent-withdrawals",
            json={"scope": "be_contacted", "happened_at": ago(days=1)},
        )
    )
    created(
        api.post(
            f"/people/{person}/leadership-assessments",
            json={
                "stage": "volunteer",
                "reason": "Hosted a session",
                "assessed_by": network.organiser,
                "happened_at": ago(days=1),
            },
        )
    )
    created(api.post(f"/people/{person}/skills", json={"skills": ["translation"]}))

    state = api.get(f"/people/{person}").json()

    assert state["contact"] == "m@example.org"
    assert state["consents"] == ["keep_notes"]
    assert state["stage"] == "volunteer"
    assert state["assessments"][0]["assessed_by"] == network.organiser
    assert state["skills"] == ["translation"]


def test_a_one_to_one_is_recorded_with_both_stories_and_without_exposing_notes(
    api: httpx.Client, network: Network, server: Server
) -> None:
    before = server.event_count("OneToOne.Held")
    one_to_one = created(api.post("/one-to-ones", json=one_to_one_body(network)))
    created(
        api.post(
            f"/one-to-ones/{one_to_one}/follow-ups-done",
            json={"number": 1, "happened_at": ago(hours=1)},
        )
    )
    created(
        api.post(
            f"/one-to-ones/{one_to_one}/notes-corrections",
            json={"private_notes": "Call after seven", "reason": "Misheard"},
            headers=holder_of(server, network),
        )
    )

    state = api.get(f"/one-to-ones/{one_to_one}").json()

    assert server.event_count("OneToOne.Held") == before + 1
    assert state["organiser_shared"] == "Why I do this work"
    assert state["person_shared"] == "What keeps me going"
    assert state["follow_ups"][0]["done_at"] is not None
    assert state["has_private_notes"] is True
    assert state["corrections"] == 1
    assert "Call after" not in api.get(f"/one-to-ones/{one_to_one}").text
    assert datetime.fromisoformat(state["recorded_at"]) > datetime.fromisoformat(
        state["happened_at"]
    )


def test_the_listening_campaign_cycle_from_launch_to_issue_cut(
    api: httpx.Client, network: Network
) -> None:
    listening = created(
        api.post(
            "/listening-campaigns",
            json={
                "network_id": network.id,
                "question": "What makes this work hard?",
                "communities": network.communities,
                "target_conversations": 20,
                "happened_at": ago(days=30),
            },
        )
    )
    session = api.post(
        f"/listening-campaigns/{listening}/sessions",
        json={
            "host_id": network.organiser,
            "community": "kenya",
            "happened_at": ago(days=20),
            "participants": 9,
            "themes": [{"name": "unpaid work", "mentions": 6}, {"name": "burnout", "mentions": 3}],
        },
    )
    assert session.status_code == 201 and session.json()["number"] == 1
    decision = created(
        api.post(
            "/decisions",
            json={
                "network_id": network.id,
                "kind": "issue_cut",
                "question": "Which issue?",
                "options": ["Fair pay", "Training"],
                "rule": "consensus",
                "evidence": [{"kind": "listening_session", "id": listening, "item": 1}],
                "proposed_by": network.organiser,
                "happened_at": ago(days=15),
            },
        )
    )
    for participant in (network.organiser, network.member):
        created(
            api.post(
                f"/decisions/{decision}/positions",
                json={
                    "participant_id": participant,
                    "option": "Fair pay",
                    "reason": "Heard most",
                    "happened_at": ago(days=15),
                },
            )
        )
    created(
        api.post(
            f"/decisions/{decision}/outcome",
            json={
                "outcome": "Fair pay",
                "rationale": "Everyone heard it",
                "happened_at": ago(days=14),
            },
        )
    )
    created(
        api.post(
            f"/listening-campaigns/{listening}/close",
            json={"summary": "Pay everywhere", "happened_at": ago(days=14)},
        )
    )

    listened = api.get(f"/listening-campaigns/{listening}").json()
    decided = api.get(f"/decisions/{decision}").json()

    assert listened["sessions"][0]["community"] == "Kenya"
    assert listened["sessions"][0]["themes"][0] == {"name": "unpaid work", "mentions": 6}
    assert listened["closed_at"] is not None
    assert decided["status"] == "reached" and decided["outcome"] == "Fair pay"
    assert decided["evidence"] == [{"kind": "listening_session", "id": listening, "item": 1}]
    assert len(decided["positions"]) == 2


def test_a_campaign_with_targets_power_holders_actions_and_meetings(
    api: httpx.Client, network: Network
) -> None:
    campaign = created(
        api.post(
            "/campaigns",
            json={
                "network_id": network.id,
                "name": "Fair pay",
                "goal": "Living wage",
                "issue": "Vouchers not wages",
                "happened_at": ago(days=20),
            },
        )
    )
    created(
        api.post(
            f"/campaigns/{campaign}/targets",
            json={"metric": "turnout", "goal": 50, "due": "2030-06-01"},
        )
    )
    created(
        api.post(
            f"/campaigns/{campaign}/targets",
            json={"metric": "turnout", "goal": 80, "reason": "Coalition grew"},
        )
    )
    holder = created(
        api.post(
            "/power-holders",
            json={
                "network_id": network.id,
                "name": "Dr. H. M.",
                "role": "Health executive",
                "institution": "County",
            },
        )
    )
    created(
        api.post(
            f"/power-holders/{holder}/assessments",
            json={
                "stance": "neutral",
                "influence": 5,
                "interests": ["budget"],
                "assessed_by": network.organiser,
                "happened_at": ago(days=19),
            },
        )
    )
    created(api.post(f"/campaigns/{campaign}/power-holders", json={"power_holder_id": holder}))
    action = created(
        api.post(
            "/actions",
            json={
                "campaign_id": campaign,
                "kind": "delegation",
                "title": "Delegation",
                "scheduled_for": ago(days=5),
                "power_holder_id": holder,
                "ask": "Table pay",
                "turnout_pledged": 40,
            },
        )
    )
    created(
        api.post(
            f"/actions/{action}/held",
            json={"happened_at": ago(days=5), "turnout": 46, "outcome": "Agreed to table"},
        )
    )
    created(
        api.post(
            f"/actions/{action}/evaluations",
            json={
                "what_worked": "Stories",
                "what_did_not": "Time",
                "learned": "Rehearse",
                "happened_at": ago(days=4),
            },
        )
    )
    later = created(
        api.post(
            "/actions",
            json={
                "campaign_id": campaign,
                "kind": "vigil",
                "title": "Vigil",
                "scheduled_for": (datetime.now(UTC) + timedelta(days=9)).isoformat(),
                "ask": "Fund it",
                "turnout_pledged": 20,
            },
        )
    )
    created(api.post(f"/actions/{later}/cancellation", json={"reason": "Rain"}))
    meeting = created(
        api.post(
            "/power-holder-meetings",
            json={
                "network_id": network.id,
                "campaign_id": campaign,
                "power_holder_ids": [holder],
                "attendee_ids": [network.organiser, network.member],
                "purpose": "negotiation",
                "happened_at": ago(days=3),
                "asks": [
                    {"text": "Table pay?", "answer": "yes"},
                    {"text": "Wages this year?", "answer": "later"},
                ],
            },
        )
    )
    created(
        api.post(
            f"/power-holder-meetings/{meeting}/answers",
            json={"number": 2, "answer": "no", "happened_at": ago(days=2)},
        )
    )
    commitment = api.post(
        f"/power-holder-meetings/{meeting}/commitments",
        json={"power_holder_id": holder, "text": "Table at March board", "due": "2030-03-01"},
    )
    assert commitment.status_code == 201 and commitment.json()["number"] == 1
    created(
        api.post(
            f"/power-holder-meetings/{meeting}/commitment-outcomes",
            json={"number": 1, "status": "kept", "happened_at": ago(days=1)},
        )
    )
    created(
        api.post(
            f"/power-holder-meetings/{meeting}/evaluations",
            json={
                "what_worked": "Prepared",
                "what_did_not": "Late",
                "learned": "Start early",
                "happened_at": ago(days=1),
            },
        )
    )
    created(
        api.post(
            f"/campaigns/{campaign}/status",
            json={"status": "won", "reason": "Budget passed", "happened_at": ago()},
        )
    )
    created(
        api.post(
            f"/campaigns/{campaign}/evaluations",
            json={
                "what_worked": "Listening first",
                "what_did_not": "Media",
                "learned": "Patience",
                "happened_at": ago(),
            },
        )
    )

    state = api.get(f"/campaigns/{campaign}").json()
    held = api.get(f"/actions/{action}").json()
    cancelled = api.get(f"/actions/{later}").json()
    met = api.get(f"/power-holder-meetings/{meeting}").json()
    assessed = api.get(f"/power-holders/{holder}").json()

    assert state["status"] == "won"
    assert state["targets"] == [{"metric": "turnout", "goal": 80, "due": None}]
    assert state["power_holder_ids"] == [holder]
    assert len(state["evaluations"]) == 1
    assert (held["turnout_pledged"], held["turnout"]) == (40, 46)
    assert cancelled["cancelled"] is True and cancelled["cancelled_because"] == "Rain"
    assert [a["answer"] for a in met["asks"]] == ["yes", "no"]
    assert met["commitments"][0]["status"] == "kept"
    assert assessed["assessments"][0]["stance"] == "neutral"


def test_a_community_of_practice_series_and_its_gatherings(
    api: httpx.Client, network: Network
) -> None:
    series = created(
        api.post(
            "/gathering-series",
            json={
                "network_id": network.id,
                "name": "Community of practice",
                "kind": "community_of_practice",
                "rrule": "FREQ=MONTHLY;BYDAY=+4WE",
                "starts_on": "2026-01-01",
                "local_time": "18:00",
                "duration_minutes": 90,
                "time_zone": "Europe/Lisbon",
            },
        )
    )
    gathering = created(
        api.post(
            "/gatherings",
            json={
                "network_id": network.id,
                "series_id": series,
                "kind": "community_of_practice",
                "topic": "Boundaries",
                "happened_at": ago(days=3),
                "facilitator_id": network.organiser,
                "attendee_ids": [network.organiser, network.member],
                "reflections": "More circles",
            },
        )
    )

    rhythm = api.get(f"/gathering-series/{series}").json()
    held = api.get(f"/gatherings/{gathering}").json()

    assert rhythm["rrule"] == "FREQ=MONTHLY;BYDAY=+4WE"
    assert rhythm["local_time"] == "18:00" and rhythm["time_zone"] == "Europe/Lisbon"
    assert held["series_id"] == series and len(held["attendee_ids"]) == 2


def test_every_event_says_who_recorded_it(
    api: httpx.Client, network: Network, server: Server
) -> None:
    recorder = api.get("/accounts/me").json()["id"]
    one_to_one = created(api.post("/one-to-ones", json=one_to_one_body(network)))

    assert api.get(f"/one-to-ones/{one_to_one}").json()["recorded_by"] == recorder
    assert api.get("/accounts/me").json()["name"] == "tester"


def test_health_reports_the_number_of_events(api: httpx.Client, network: Network) -> None:
    health = api.get("/health")

    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert health.json()["events"] >= 5
