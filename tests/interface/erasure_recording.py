"""Recording the world of `test_erasure_everywhere` through the API, a kind of record at a
time: her own, the listening campaign and campaign, the one-to-ones and the power-holder
(in `erasure_world`), then the actions, the meeting, the gatherings, the decisions, the
network's guidelines and committee and the campaign's status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.interface.conftest import Server, ago, created, record_network
from tests.interface.erasure_corrections import corrections
from tests.interface.erasure_world import (
    EMAIL,
    FIRST,
    LOCAL,
    NAME,
    World,
    day,
    future,
    her_one_to_one_and_assessment,
    her_own_record,
    listening_and_campaign,
    one_to_ones,
    power,
)


def record(server: Server, api: httpx.Client) -> World:
    network = record_network(api)
    w = World(network=network)
    n = network
    token = server.add_account("notes-holder", ["organiser"], person_id=n.organiser)
    w.holder_headers = {"Authorization": f"Bearer {token}"}

    her_own_record(api, w)
    listening_and_campaign(api, w)
    her_one_to_one_and_assessment(api, w)
    one_to_ones(api, w)
    power(api, w)
    _actions(api, w)
    _meeting(api, w)
    _gatherings(api, w)
    _skill_share(api, w)
    _decisions(api, w)
    _network_and_campaign_status(api, w)
    corrections(api, w)
    return w


def _actions(api: httpx.Client, w: World) -> None:
    # Actions: one held and evaluated, one cancelled.
    w.held_action = created(
        api.post(
            "/actions",
            json={
                "campaign_id": w.campaign,
                "kind": "delegation",
                "title": f"Delegation with {FIRST}",
                "scheduled_for": ago(days=10),
                "power_holder_id": w.holder,
                "ask": f"Pay peer workers like {NAME} from July",
                "turnout_pledged": 20,
            },
        )
    )
    a = f"/actions/{w.held_action}"
    created(
        api.post(
            f"{a}/held",
            json={
                "happened_at": ago(days=10),
                "turnout": 18,
                "outcome": f"The chair heard {FIRST}; call {LOCAL} for the minutes",
            },
        )
    )
    created(api.post(f"{a}/evaluations", json=_evaluation(days=9)))
    w.plant(a, "title", lambda r: r["title"])
    w.plant(a, "ask", lambda r: r["ask"])
    w.plant(a, "outcome", lambda r: r["outcome"])
    _plant_evaluation(w, a)
    w.cancelled_action = created(
        api.post(
            "/actions",
            json={
                "campaign_id": w.campaign,
                "kind": "vigil",
                "title": "Vigil at the board",
                "scheduled_for": future(days=10),
                "ask": "Hear peer workers",
                "turnout_pledged": 30,
            },
        )
    )
    created(
        api.post(
            f"/actions/{w.cancelled_action}/cancellation",
            json={"reason": f"{FIRST} is away; write to {EMAIL}"},
        )
    )
    # (The action is reinstated later, among the corrections: the story keeps why it was off.)
    timeline = f"/campaigns/{w.campaign}/timeline?limit=500"
    w.plant(timeline, "cancellation reason", _entry_of("Action cancelled"))


def _meeting(api: httpx.Client, w: World) -> None:
    # A meeting with the power-holder: asks, summary, a commitment and its outcome.
    n = w.network
    w.meeting = created(
        api.post(
            "/power-holder-meetings",
            json={
                "network_id": n.id,
                "campaign_id": w.campaign,
                "power_holder_ids": [w.holder],
                "attendee_ids": [n.organiser, w.person, n.member],
                "purpose": "negotiation",
                "happened_at": ago(days=8),
                "asks": [
                    {"text": f"Will you meet {NAME}?", "answer": "later"},
                    {"text": "Will you fund peer pay?", "answer": "yes"},
                ],
                "summary": f"{FIRST} led; follow up on {LOCAL}",
            },
        )
    )
    m = f"/power-holder-meetings/{w.meeting}"
    created(
        api.post(f"{m}/answers", json={"number": 1, "answer": "yes", "happened_at": ago(days=7)})
    )
    created(
        api.post(
            f"{m}/commitments",
            json={
                "power_holder_id": w.holder,
                "text": f"Meet {FIRST} and her peers",
                "due": day(30),
            },
        )
    )
    created(
        api.post(
            f"{m}/commitment-outcomes",
            json={
                "number": 1,
                "status": "kept",
                "note": f"Met {NAME} on the 3rd",
                "happened_at": ago(days=6),
            },
        )
    )
    created(api.post(f"{m}/evaluations", json=_evaluation(days=6)))
    w.plant(m, "ask", lambda r: r["asks"][0]["text"])
    w.plant(m, "summary", lambda r: r["summary"])
    w.plant(m, "commitment", lambda r: r["commitments"][0]["text"])
    w.plant(m, "commitment outcome note", lambda r: r["commitments"][0]["note"])
    _plant_evaluation(w, m)


def _gatherings(api: httpx.Client, w: World) -> None:
    # A gathering series and a gathering she facilitated.
    n = w.network
    w.series = created(
        api.post(
            "/gathering-series",
            json={
                "network_id": n.id,
                "name": f"{FIRST}'s peer circle",
                "kind": "community_of_practice",
                "rrule": "FREQ=MONTHLY;BYDAY=+4WE",
                "starts_on": day(-90),
                "local_time": "18:00",
                "duration_minutes": 90,
                "time_zone": "Africa/Nairobi",
            },
        )
    )
    w.gathering = created(
        api.post(
            "/gatherings",
            json={
                "network_id": n.id,
                "series_id": w.series,
                "kind": "community_of_practice",
                "topic": f"Holding space with {FIRST}",
                "happened_at": ago(days=5),
                "facilitator_id": w.person,
                "attendee_ids": [n.organiser, n.member],
                "reflections": f"{NAME} ({LOCAL}) asked us to keep going",
            },
        )
    )
    w.plant(f"/gathering-series/{w.series}", "name", lambda r: r["name"])
    w.plant(f"/gatherings/{w.gathering}", "topic", lambda r: r["topic"])
    w.plant(f"/gatherings/{w.gathering}", "reflections", lambda r: r["reflections"])


def _skill_share(api: httpx.Client, w: World) -> None:
    # A skill-share she taught, in her own words and about her.
    n = w.network
    w.skill_share = created(
        api.post(
            "/skill-shares",
            json={
                "network_id": n.id,
                "community": "Kenya",
                "skill": f"Telling one's story, as {FIRST} does",
                "happened_at": ago(days=4),
                "duration_minutes": 60,
                "taught_by": w.person,
                "learner_ids": [n.organiser, n.member],
                "reflections": f"{NAME} asked us to write to {EMAIL} with our drafts",
            },
        )
    )
    w.plant(f"/skill-shares/{w.skill_share}", "skill", lambda r: r["skill"])
    w.plant(f"/skill-shares/{w.skill_share}", "reflections", lambda r: r["reflections"])


def _decisions(api: httpx.Client, w: World) -> None:
    # Decisions: one reached citing the evidence, one revisited and superseded by it.
    n = w.network
    w.superseded = created(
        api.post(
            "/decisions",
            json={
                "network_id": n.id,
                "campaign_id": w.campaign,
                "kind": "other",
                "question": "Which day do we meet?",
                "options": ["Monday", "Friday"],
                "rule": "consensus",
                "proposed_by": n.organiser,
                "happened_at": ago(days=4),
            },
        )
    )
    s = f"/decisions/{w.superseded}"
    _position(api, s, n.organiser, "Monday", "", hours=95)
    _reach(api, s, "Monday", "Most can come", hours=94)
    created(
        api.post(
            f"{s}/revisits",
            json={"reason": f"{FIRST} cannot come on Mondays", "happened_at": ago(hours=93)},
        )
    )
    _position(api, s, n.organiser, "Friday", "", hours=92)
    _reach(api, s, "Friday", f"Friday suits {FIRST}", hours=91)
    w.decision = created(
        api.post(
            "/decisions",
            json={
                "network_id": n.id,
                "campaign_id": w.campaign,
                "kind": "tactic",
                "question": f"Do we back {FIRST}'s plan?",
                "options": [f"Back {FIRST}'s plan", "Wait for the board"],
                "rule": "majority",
                "evidence": [
                    {"kind": "one_to_one", "id": w.own_one_to_one},
                    {"kind": "one_to_one", "id": w.other_one_to_one},
                    {"kind": "listening_session", "id": w.listening, "item": 1},
                    {"kind": "power_holder_assessment", "id": w.holder, "item": 1},
                    {"kind": "power_holder_meeting", "id": w.meeting},
                    {"kind": "action", "id": w.held_action},
                    {"kind": "gathering", "id": w.gathering},
                ],
                "proposed_by": n.organiser,
                "happened_at": ago(days=3),
            },
        )
    )
    d = f"/decisions/{w.decision}"
    _position(api, d, n.organiser, "Wait for the board", f"{FIRST} needs a rest", hours=60)
    _position(api, d, n.member, "Wait for the board", f"As {NAME} said", hours=59)
    _position(api, d, w.person, f"Back {FIRST}'s plan", "It is my plan", hours=58)
    _reach(api, d, "Wait for the board", f"We wait, as {FIRST} ({EMAIL}) agreed", hours=50)
    created(
        api.post(
            f"{s}/supersession",
            json={
                "by_decision_id": w.decision,
                "reason": f"Replaced by {FIRST}'s plan",
                "happened_at": ago(hours=49),
            },
        )
    )
    w.plant(d, "question", lambda r: r["question"])
    w.plant(d, "option", lambda r: r["options"][0])
    w.plant(d, "position's option", lambda r: _position_of(r, w.person)["option"])
    w.plant(d, "position's reason", lambda r: _position_of(r, n.organiser)["reason"])
    w.plant(d, "another position's reason", lambda r: _position_of(r, n.member)["reason"])
    w.plant(d, "rationale", lambda r: r["rationale"])
    w.plant(s, "rationale", lambda r: r["rationale"])
    for line in ("revisited", "superseded"):
        w.plant(f"{s}/audit", f"{line} reason", _line_of(line), "auditor")


def _network_and_campaign_status(api: httpx.Client, w: World) -> None:
    # The network's guidelines, and a committee member's stepping down.
    n = w.network
    c = f"/campaigns/{w.campaign}"
    net = f"/networks/{n.id}"
    created(
        api.post(
            f"{net}/guidelines",
            json={"text": f"What {FIRST} shares stays here", "happened_at": ago(days=2)},
        )
    )
    created(api.post(f"{net}/committee", json={"person_id": n.member, "happened_at": ago(days=2)}))
    created(
        api.post(
            f"{net}/committee/step-downs",
            json={
                "person_id": n.member,
                "reason": f"Handing over to {FIRST}",
                "happened_at": ago(days=1),
            },
        )
    )
    w.plant(net, "guidelines", lambda r: r["guidelines"][-1]["text"])

    # The campaign paused and resumed, with reasons, and evaluated.
    created(
        api.post(
            f"{c}/status",
            json={
                "status": "paused",
                "reason": f"{FIRST} asked for a pause",
                "happened_at": ago(hours=20),
            },
        )
    )
    created(api.post(f"{c}/status", json={"status": "active", "happened_at": ago(hours=10)}))
    created(api.post(f"{c}/evaluations", json=_evaluation(days=0.3)))
    _plant_evaluation(w, c)
    timeline = f"/campaigns/{w.campaign}/timeline?limit=500"
    w.plant(timeline, "target revision reason", _entry_of("Target revised"))
    w.plant(timeline, "pause reason", _entry_of("Campaign paused"))


def _evaluation(days: float) -> dict[str, str]:
    return {
        "what_worked": f"{FIRST} told her own story",
        "what_did_not": f"We lost {NAME}'s notes",
        "learned": f"Brief {FIRST} earlier: {LOCAL}",
        "how_people_felt": f"Proud of {FIRST}",
        "happened_at": ago(days=days),
    }


def _plant_evaluation(w: World, url: str) -> None:
    for part in ("what_worked", "what_did_not", "learned", "how_people_felt"):
        w.plant(url, f"evaluation {part}", lambda r, p=part: r["evaluations"][-1][p])


def _line_of(word: str) -> Callable[[Any], str]:
    def read(audit: Any) -> str:
        return " ".join(line["summary"] for line in audit["history"] if word in line["summary"])

    return read


def _entry_of(start: str) -> Callable[[Any], str]:
    def read(timeline: Any) -> str:
        return " ".join(e["summary"] for e in timeline["entries"] if e["summary"].startswith(start))

    return read


def _position(
    api: httpx.Client, url: str, who: str, option: str, reason: str, hours: float
) -> None:
    created(
        api.post(
            f"{url}/positions",
            json={
                "participant_id": who,
                "option": option,
                "reason": reason,
                "happened_at": ago(hours=hours),
            },
        )
    )


def _reach(api: httpx.Client, url: str, outcome: str, rationale: str, hours: float) -> None:
    created(
        api.post(
            f"{url}/outcome",
            json={"outcome": outcome, "rationale": rationale, "happened_at": ago(hours=hours)},
        )
    )


def _position_of(decision: Any, participant: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        p for p in decision["positions"] if p["participant_id"] == participant
    )
    return found
