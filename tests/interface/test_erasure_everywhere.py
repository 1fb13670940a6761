"""Forgetting a person reaches every free text that named them, through a real server.

A person with a distinctive name, e-mail and phone is recorded with her own story, notes,
skills and a ladder assessment; then her name, her first name alone, her e-mail and her
phone as dialled locally are typed into the free text of every other kind of record the
API records (a one-to-one with someone else, a notes correction, a listening campaign, a
campaign and its targets, actions, a power-holder and a meeting with them, decisions, a
gathering series and a gathering, the network's guidelines and committee). She is then
forgotten: no answer of the API, no CSV, no calendar feed, no OSDI document, no web page
and no byte of any file in the data folder holds her in any of these forms; where she was
named, each text says "[forgotten person]"; counts, timelines, decisions and versions keep
their shape (docs/free-text-erasure.md).

What another person shared in a one-to-one, and the private notes about them, are that
person's personal data, and typed text too: naming her there is reworded as well (checked
on its own, last).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from base64 import b64encode
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.interface.conftest import (
    PASSWORD,
    Network,
    Server,
    ago,
    created,
    give_password,
    one_to_one_body,
    record_network,
)
from tests.postgres import URL, pages_of_every_table

NAME = "Wilhelmina Quarrington-Oduya"
FIRST = "Wilhelmina"
EMAIL = "wilhelmina.q@example.org"
PHONE = "+254 722 987 654"
LOCAL = "0722 987 654"  # the same phone, as dialled in Kenya
CONTACT = f"{EMAIL}, {PHONE}"
REDACTED = "[forgotten person]"
FORGOTTEN = "forgotten person"  # the name a forgotten person's record reads as

#: Every form in which she could be left behind: her name, each word of it of three letters
#: or more, her e-mail, and her phone's digits as typed in each form (and bare).
SECRETS = (
    NAME,
    "Quarrington-Oduya",
    "Wilhelmina",
    "Quarrington",
    "Oduya",
    EMAIL,
    PHONE,
    LOCAL,
    "254722987654",
    "0722987654",
    "722987654",
)
#: Probes: what the member shared in their one-to-one, and the private notes about them,
#: naming her. These are the member's personal data, sealed with the member's key
#: (like a name), not typed text sealed with a key of the event's own.
MEMBER_SHARED = f"{FIRST} got me through last winter"
MEMBER_NOTES = f"Her friend {FIRST} may join us"
MEMBER_NOTES_CORRECTED = f"Her friend {FIRST} ({LOCAL}) may join us"
PROBES = frozenset({MEMBER_SHARED, MEMBER_NOTES, MEMBER_NOTES_CORRECTED})


def future(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def day(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


@dataclass
class Planted:
    """A typed text that named her: where it is read, and how to find it in the answer."""

    url: str
    label: str
    read: Callable[[Any], str]
    account: str = "tester"


@dataclass
class World:
    """What was recorded: the ids, and every typed text that named her."""

    network: Network
    person: str = ""
    own_one_to_one: str = ""
    other_one_to_one: str = ""
    listening: str = ""
    campaign: str = ""
    holder: str = ""
    held_action: str = ""
    cancelled_action: str = ""
    meeting: str = ""
    decision: str = ""
    superseded: str = ""
    series: str = ""
    gathering: str = ""
    holder_headers: dict[str, str] = field(default_factory=dict)
    planted: list[Planted] = field(default_factory=list)

    def plant(
        self, url: str, label: str, read: Callable[[Any], str], account: str = "tester"
    ) -> None:
        self.planted.append(Planted(url, label, read, account))

    @property
    def records(self) -> list[str]:
        """Every record's URL (the person forgotten's own first)."""
        n = self.network
        return [
            f"/people/{self.person}",
            f"/networks/{n.id}",
            f"/people/{n.organiser}",
            f"/people/{n.member}",
            f"/one-to-ones/{self.own_one_to_one}",
            f"/one-to-ones/{self.other_one_to_one}",
            f"/listening-campaigns/{self.listening}",
            f"/campaigns/{self.campaign}",
            f"/power-holders/{self.holder}",
            f"/actions/{self.held_action}",
            f"/actions/{self.cancelled_action}",
            f"/power-holder-meetings/{self.meeting}",
            f"/decisions/{self.decision}",
            f"/decisions/{self.superseded}",
            f"/gathering-series/{self.series}",
            f"/gatherings/{self.gathering}",
        ]


def test_a_forgotten_person_is_in_no_answer_no_page_and_no_byte(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    server = Server(database=folder / "events.sqlite").start()
    try:
        with server.client() as api, server.client("admin") as admin:
            world = _record(server, api)
            give_password(server, "tester")
            _wait_for_views(api)
            before = _shape(api, world)
            named_before = _answers(server, world)
            planted_before = _read_planted(server, world)

            erased = admin.post(f"/people/{world.person}/erasure", json={})
            assert erased.status_code == 201, erased.text
            _wait_for_views_derived_again(api, folder)

            after = _shape(api, world)
            answers = _answers(server, world)
            planted_after = _read_planted(server, world)
            own = api.get(f"/people/{world.person}").json()
    finally:
        server.stop()

    # Every typed text named her before, and says "[forgotten person]" where she was.
    for where, text in planted_before.items():
        assert _named(text), (where, text)
    reworded = {where: text for where, text in planted_after.items() if _named(text)}
    assert not reworded, reworded
    missing = {where: text for where, text in planted_after.items() if REDACTED not in text}
    assert not missing, missing

    # Every answer is whole, and the feeds, exports and views named her before.
    statuses = {url: status for url, (status, _) in answers.items()}
    assert statuses == {url: _expected_status(url, world) for url in answers}
    silent = [url for url in _naming_answers(world) if not _hits(*named_before[url])]
    assert not silent, silent

    # No answer holds her in any form (but for the probes: see the end).
    found = {url: _hits(*answer) for url, answer in answers.items()}
    typed = {url: [h[:3] for h in hits if h[3] not in PROBES] for url, hits in found.items()}
    assert not {url: hits for url, hits in typed.items() if hits}

    # Counts, timelines, decisions and versions keep their shape; her own record closes.
    assert after["totals"] == before["totals"]
    assert after["campaign_totals"] == before["campaign_totals"]
    assert after["kinds"] == before["kinds"] and len(after["kinds"]) == len(before["kinds"])
    assert after["decision"] == before["decision"] == ("reached", "Wait for the board")
    assert after["superseded"] == before["superseded"]
    her = f"/people/{world.person}"
    assert after["versions"][her] == before["versions"][her] + 1  # Person.Forgotten
    others = {url: v for url, v in after["versions"].items() if url != her}
    assert others == {url: v for url, v in before["versions"].items() if url != her}
    assert (own["name"], own["contact"]) == (FORGOTTEN, None)
    assert not any(_named(s) for s in own["skills"])
    assert not any(_named(a["reason"]) for a in own["assessments"])
    assert any(REDACTED in e["summary"] for e in after["entries"])  # the views, derived again

    # Every byte of the data folder; on PostgreSQL, every page of every table and index.
    raw = _bytes_in(folder)
    if URL is None:
        assert (folder / "events.views.sqlite").is_file()
        assert (folder / "events.keys.sqlite").is_file()
    else:
        raw += pages_of_every_table(folder / "events.sqlite")
    left = [(secret, form) for secret in SECRETS for form, n in _forms(secret) if n(raw)]
    assert not left, left
    assert b"Kenya" in raw  # what is not personal data is still there

    print(
        f"\n{len(world.planted)} typed fields named her, {len(answers)} answers checked "
        f"({sum(len(body) for _, body in answers.values())} characters) for "
        f"{len(SECRETS)} forms of her"
    )

    # What the member shared, and the private notes about them, are the member's personal
    # data: forgetting her rewords them too (GET /one-to-ones/{id} .person_shared, the
    # holder's GET .../private-notes, the member's own export).
    probes = {
        url: sorted({(h[1], h[2]) for h in hits if h[3] in PROBES}) for url, hits in found.items()
    }
    assert not {url: where for url, where in probes.items() if where}


def test_the_byte_scan_finds_each_form_of_her_among_noise() -> None:
    """The scan of the data folder finds a text in each encoding it looks for, wherever it
    lies among random bytes and base64 (so that finding nothing means something)."""
    noise = os.urandom(4096)
    noisy = b64encode(os.urandom(3000))
    for secret in SECRETS:
        forms = dict(_forms(secret))
        assert not any(found(noise + noisy) for found in forms.values()), secret
        assert forms["utf-8"](noise + f" {secret} ".encode() + noisy), secret
        assert forms["utf-8, lower case"](noisy + f'"{secret.lower()}"'.encode()), secret
        assert forms["utf-16-le"](noise + secret.encode("utf-16-le") + noise), secret
        for shift in range(3 if len(secret) >= 8 else 0):  # "Oduya": see `_forms`
            encoded = b64encode(os.urandom(3 * 7 + shift) + secret.encode() + os.urandom(5))
            assert any(found(noise + encoded) for found in forms.values()), (secret, shift)


# ------------------------------------------------------------------ recording


def _record(server: Server, api: httpx.Client) -> World:
    network = record_network(api)
    w = World(network=network)
    n = network
    token = server.add_account("notes-holder", ["organiser"], person_id=n.organiser)
    w.holder_headers = {"Authorization": f"Bearer {token}"}

    # Her own record: name, contact, consent, a one-to-one, skills, an assessment.
    w.person = created(
        api.post(
            "/people",
            json={
                "network_id": n.id,
                "name": NAME,
                "contact": CONTACT,
                "communities": ["Kenya"],
                "languages": ["sw", "en"],
            },
        )
    )
    created(
        api.post(
            f"/people/{w.person}/consents",
            json={"scope": "keep_notes", "happened_at": ago(days=60)},
        )
    )

    # A listening campaign, whose issue the campaign takes up.
    w.listening = created(
        api.post(
            "/listening-campaigns",
            json={
                "network_id": n.id,
                "question": f"What keeps peer workers like {FIRST} going?",
                "communities": ["Kenya"],
                "target_conversations": 20,
                "happened_at": ago(days=50),
            },
        )
    )
    created(
        api.post(
            f"/listening-campaigns/{w.listening}/sessions",
            json={
                "host_id": n.organiser,
                "community": "Kenya",
                "happened_at": ago(days=45),
                "participants": 8,
                "themes": [
                    {"name": f"{FIRST}'s pay case", "mentions": 3},
                    {"name": "unpaid peer work", "mentions": 5},
                ],
            },
        )
    )
    created(
        api.post(
            f"/listening-campaigns/{w.listening}/close",
            json={
                "summary": f"Pay came up everywhere; {NAME} ({EMAIL}) told it best.",
                "happened_at": ago(days=40),
            },
        )
    )
    lc = f"/listening-campaigns/{w.listening}"
    w.plant(lc, "question", lambda r: r["question"])
    w.plant(lc, "session theme", lambda r: r["sessions"][0]["themes"][0]["name"])
    w.plant(lc, "summary", lambda r: r["summary"])

    w.campaign = created(
        api.post(
            "/campaigns",
            json={
                "network_id": n.id,
                "name": f"Pay peer workers fairly, as {FIRST} asks",
                "goal": f"A living wage by {FIRST}'s next contract",
                "issue": f"{NAME} was paid in vouchers; ask her on {LOCAL}",
                "listening_campaign_id": w.listening,
                "happened_at": ago(days=30),
            },
        )
    )
    c = f"/campaigns/{w.campaign}"
    created(api.post(f"{c}/targets", json={"metric": "one_to_ones", "goal": 10}))
    created(
        api.post(
            f"{c}/targets",
            json={"metric": "one_to_ones", "goal": 12, "reason": f"{FIRST} found two more peers"},
        )
    )
    w.plant(c, "name", lambda r: r["name"])
    w.plant(c, "goal", lambda r: r["goal"])
    w.plant(c, "issue", lambda r: r["issue"])

    w.own_one_to_one = created(
        api.post(
            "/one-to-ones",
            json=one_to_one_body(
                n,
                person_id=w.person,
                campaign_id=w.campaign,
                happened_at=ago(days=20),
                person_shared=f"I am {FIRST}; I lost my job at the clinic after speaking up",
                private_notes=f"{FIRST} is worried about her brother; call {LOCAL} on Thursdays",
            ),
        )
    )
    created(
        api.post(
            f"/people/{w.person}/skills",
            json={"skills": ["facilitation", f"{FIRST}'s peer-pay mapping"]},
        )
    )
    created(
        api.post(
            f"/people/{w.person}/leadership-assessments",
            json={
                "stage": "volunteer",
                "reason": f"{NAME} hosted two listening sessions",
                "assessed_by": n.organiser,
                "happened_at": ago(days=19),
            },
        )
    )

    # A one-to-one with someone else, which names her, and a correction of its notes.
    w.other_one_to_one = created(
        api.post(
            "/one-to-ones",
            json=one_to_one_body(
                n,
                campaign_id=w.campaign,
                happened_at=ago(days=18),
                interests=[f"working with {FIRST}", "fair pay"],
                concerns=[f"{NAME}'s night shifts"],
                leadership_signals=[f"offered to call {FIRST} on {LOCAL}"],
                follow_ups=[
                    {"what": f"Email {EMAIL} the rota", "due": day(30)},
                    {"what": "Send the survey", "due": day(30)},
                ],
                # Probes (see PROBES): what the member shared, and notes about them.
                person_shared=MEMBER_SHARED,
                private_notes=MEMBER_NOTES,
            ),
        )
    )
    other = f"/one-to-ones/{w.other_one_to_one}"
    created(
        api.post(
            f"{other}/notes-corrections",
            json={
                "private_notes": MEMBER_NOTES_CORRECTED,
                "reason": f"Mixed her up with {NAME}",
            },
            headers=w.holder_headers,
        )
    )
    w.plant(other, "interests", lambda r: r["interests"][0])
    w.plant(other, "concerns", lambda r: r["concerns"][0])
    w.plant(other, "leadership signals", lambda r: r["leadership_signals"][0])
    w.plant(other, "follow-up", lambda r: r["follow_ups"][0]["what"])
    # A correction's reason is in no summary (it could quote the notes): the member's
    # subject access export has it.
    w.plant(f"/people/{n.member}/export", "notes correction reason", _correction, "admin")

    # A power-holder (named otherwise), assessed with her name in the notes and interests.
    w.holder = created(
        api.post(
            "/power-holders",
            json={
                "network_id": n.id,
                "name": "Dr. Amani Kiprotich",
                "role": "County Executive for Health",
                "institution": "Mombasa County",
            },
        )
    )
    h = f"/power-holders/{w.holder}"
    created(
        api.post(
            f"{h}/assessments",
            json={
                "stance": "leaning_ally",
                "influence": 4,
                "interests": [f"meeting {FIRST}'s peers", "budget"],
                "notes": f"{NAME} briefed her office ({EMAIL})",
                "assessed_by": n.organiser,
                "happened_at": ago(days=15),
            },
        )
    )
    created(api.post(f"{c}/power-holders", json={"power_holder_id": w.holder}))
    w.plant(h, "assessment interests", lambda r: r["assessments"][0]["interests"][0])
    w.plant(h, "assessment notes", lambda r: r["assessments"][0]["notes"])

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
    w.plant(f"/actions/{w.cancelled_action}", "cancellation reason", _cancelled_because)

    # A meeting with the power-holder: asks, summary, a commitment and its outcome.
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

    # A gathering series and a gathering she facilitated.
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

    # Decisions: one reached citing the evidence, one revisited and superseded by it.
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

    # The network's guidelines, and a committee member's stepping down.
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
    return w


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


def _cancelled_because(r: Any) -> str:
    return str(r["cancelled_because"])


def _correction(export: Any) -> str:
    return " ".join(
        e["data"]["reason"]
        for record in export["took_part_in"]
        for e in record["events"]
        if e["type"].endswith("NotesCorrected")
    )


def _line_of(word: str) -> Callable[[Any], str]:
    def read(audit: Any) -> str:
        return " ".join(line["summary"] for line in audit["history"] if word in line["summary"])

    return read


def _entry_of(start: str) -> Callable[[Any], str]:
    def read(timeline: Any) -> str:
        return " ".join(e["summary"] for e in timeline["entries"] if e["summary"].startswith(start))

    return read


def _read_planted(server: Server, w: World) -> dict[tuple[str, str], str]:
    read = {}
    for p in w.planted:
        with server.client(p.account) as client:
            read[(p.url, p.label)] = p.read(client.get(p.url).json())
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


# ------------------------------------------------------------------ reading


def _shape(api: httpx.Client, w: World) -> dict[str, Any]:
    """What must not change when she is forgotten (and the timeline's entries)."""
    progress = api.get(f"/networks/{w.network.id}/progress").json()
    campaign = api.get(f"/campaigns/{w.campaign}/progress").json()
    timeline = api.get(f"/campaigns/{w.campaign}/timeline", params={"limit": 500}).json()
    decision = api.get(f"/decisions/{w.decision}").json()
    superseded = api.get(f"/decisions/{w.superseded}").json()
    return {
        "totals": (progress["totals"], progress["pipeline"]),
        "campaign_totals": campaign["totals"],
        "kinds": [e["kind"] for e in timeline["entries"]],
        "entries": timeline["entries"],
        "decision": (decision["status"], decision["outcome"]),
        "superseded": (superseded["status"], superseded["outcome"], superseded["superseded_by"]),
        "versions": {url: api.get(url).json()["version"] for url in w.records},
    }


def _answers(server: Server, w: World) -> dict[str, tuple[int, str]]:
    """Every answer that could hold her: each record, the histories, timelines, views,
    exports, feeds, OSDI documents and web pages; by URL (and account), with its status."""
    n = w.network
    her, member, organiser = w.person, n.member, n.organiser
    as_tester = [
        *w.records,
        f"/people/{her}/history?limit=500",
        f"/people/{member}/history?limit=500",
        f"/people/{organiser}/history?limit=500",
        f"/campaigns/{w.campaign}/timeline?limit=500",
        f"/campaigns/{w.campaign}/timeline.csv",
        f"/campaigns/{w.campaign}/progress",
        f"/campaigns/{w.campaign}/progress.csv",
        f"/campaigns/{w.campaign}/calendar.ics",
        f"/networks/{n.id}/calendar.ics",
        f"/networks/{n.id}/people?limit=500",
        f"/networks/{n.id}/people.csv",
        f"/networks/{n.id}/power-map?limit=500",
        f"/networks/{n.id}/power-map.csv",
        f"/networks/{n.id}/commitments.csv",
        f"/networks/{n.id}/progress",
        f"/power-holders/{w.holder}/power-map",
        f"/networks/{n.id}/osdi/people?per_page=100",
        f"/networks/{n.id}/osdi/events?per_page=100",
        f"/osdi/people/{her}",
        f"/osdi/people/{member}",
        f"/osdi/events/{w.held_action}",
        f"/osdi/events/{w.cancelled_action}",
        f"/osdi/events/{w.gathering}",
        f"/osdi/events/{w.gathering}/attendances",
        f"/decisions/{w.decision}/audit?limit=500",
        f"/decisions/{w.superseded}/audit?limit=500",
    ]
    answers: dict[str, tuple[int, str]] = {}
    with server.client() as api:
        for url in as_tester:
            answers[url] = _get(api, url)
    with server.client() as holder:
        holder.headers.update(w.holder_headers)
        for one_to_one in (w.own_one_to_one, w.other_one_to_one):
            url = f"/one-to-ones/{one_to_one}/private-notes"
            answers[f"{url} (holder)"] = _get(holder, url)
    with server.client("admin") as admin:
        for person in (her, member, organiser):
            answers[f"/people/{person}/export"] = _get(admin, f"/people/{person}/export")
    with server.client("auditor") as auditor:
        for person in (her, member):
            url = f"/access-record?person_id={person}"
            answers[url] = _get(auditor, url)
    with _signed_in(server) as web:
        for page in (
            f"/app/networks/{n.id}",
            f"/app/networks/{n.id}/people",
            f"/app/networks/{n.id}/power-map",
            f"/app/networks/{n.id}/progress",
            f"/app/campaigns/{w.campaign}",
            f"/app/people/{her}",
            f"/app/people/{member}",
            f"/app/decisions/{w.decision}/audit",
            f"/app/decisions/{w.superseded}/audit",
            f"/app/networks/{n.id}/one-to-ones/new",
            f"/app/networks/{n.id}/decisions/new",
            f"/app/networks/{n.id}/power-holder-meetings/new",
            f"/app/networks/{n.id}/power-holders/new",
            f"/app/networks/{n.id}/gathering-series/new",
            f"/app/networks/{n.id}/listening-campaigns/new",
            f"/app/campaigns/{w.campaign}/actions/new",
            f"/app/gathering-series/{w.series}/gatherings/new",
            f"/app/listening-campaigns/{w.listening}/sessions/new",
        ):
            answers[page] = _get(web, page)
    return answers


def _get(client: httpx.Client, url: str) -> tuple[int, str]:
    response = client.get(url)
    # A page that sent the browser elsewhere (to sign in, say) is not the page.
    status = response.history[0].status_code if response.history else response.status_code
    text = response.text
    if url.split("?")[0].endswith(".ics"):  # unfolded: a long line is split at 75 octets
        text = re.sub(r"\r?\n[ \t]", "", text)
    return status, text


def _expected_status(url: str, w: World) -> int:
    if url == f"/osdi/people/{w.person}":
        return 404  # a forgotten person is not handed out (and before: 200)
    if url == f"/app/listening-campaigns/{w.listening}/sessions/new":
        return 409  # it is closed (its page is read all the same)
    return 200


def _naming_answers(w: World) -> list[str]:
    """Answers that must have named her before she was forgotten: so that their being
    clean afterwards means something."""
    n = w.network
    return [
        f"/campaigns/{w.campaign}/timeline?limit=500",
        f"/campaigns/{w.campaign}/timeline.csv",
        f"/campaigns/{w.campaign}/calendar.ics",
        f"/networks/{n.id}/calendar.ics",
        f"/networks/{n.id}/people?limit=500",
        f"/networks/{n.id}/people.csv",
        f"/networks/{n.id}/power-map?limit=500",  # (its CSV names the power-holder only)
        f"/networks/{n.id}/commitments.csv",
        f"/networks/{n.id}/osdi/people?per_page=100",
        f"/networks/{n.id}/osdi/events?per_page=100",
        f"/osdi/events/{w.held_action}",
        f"/people/{w.person}/history?limit=500",
        f"/people/{n.member}/history?limit=500",
        f"/decisions/{w.decision}/audit?limit=500",
        f"/people/{w.person}/export",
        f"/app/campaigns/{w.campaign}",
        f"/app/networks/{n.id}/people",
        f"/app/people/{w.person}",
        f"/app/decisions/{w.decision}/audit",
    ]


# ------------------------------------------------------------------ finding her


def _named(text: str) -> bool:
    folded = text.casefold()
    return any(secret.casefold() in folded for secret in SECRETS)


def _hits(status: int, text: str) -> list[tuple[str, str, str, str]]:
    """Where an answer holds her: (the field, its path, the form of her found, the text)."""
    try:
        body = json.loads(text)
    except ValueError:
        return [("", "", s, "") for s in SECRETS if s.casefold() in text.casefold()]
    return [
        (path.rsplit(".", 1)[-1].split("[")[0], path, s, value)
        for path, value in _strings(body, "")
        for s in SECRETS
        if s.casefold() in value.casefold()
    ]


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield path + "." + str(key), str(key)
            yield from _strings(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _strings(inner, f"{path}[{i}]")


def _forms(secret: str) -> list[tuple[str, Callable[[bytes], bool]]]:
    """How a text could lie in a file: UTF-8 (as typed, and without case), UTF-16-LE, and
    base64 of its UTF-8 at each of the three alignments."""
    forms: list[tuple[str, Callable[[bytes], bool]]] = []
    for name, encoded in (
        ("utf-8", secret.encode()),
        ("utf-8, lower case", secret.casefold().encode()),
        ("utf-16-le", secret.encode("utf-16-le")),
        ("utf-16-le, lower case", secret.casefold().encode("utf-16-le")),
    ):
        forms.append((name, _finder(encoded)))
    for shift in range(3):
        whole = b64encode(b"\0" * shift + secret.encode())
        # Only the characters that depend on the secret's bytes alone.
        core = whole[(0, 2, 3)[shift] : 4 * ((shift + len(secret.encode())) // 3)]
        if len(core) >= 8:  # shorter runs turn up by chance in base64 of ciphertext
            forms.append((f"base64, shifted {shift}", _finder(core)))
    return forms


def _finder(encoded: bytes) -> Callable[[bytes], bool]:
    if len(encoded) >= 8:
        return lambda raw: encoded in raw
    # A short word ("Oduya") turns up by chance in base64 of ciphertext: found only as a
    # word of its own there, not inside a run of base64 characters.
    pattern = re.compile(rb"(?<![A-Za-z0-9+/])" + re.escape(encoded) + rb"(?![A-Za-z0-9+/])")
    return lambda raw: pattern.search(raw) is not None


def _bytes_in(folder: Path) -> bytes:
    """Every file of the data folder: the events, the views, the keys, their WAL files,
    the server's log."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


# ------------------------------------------------------------------ the server


def _wait_for_views(api: httpx.Client, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while any(v["lag"] for v in api.get("/views").json()):
        assert time.monotonic() < deadline, api.get("/views").text
        time.sleep(0.05)


def _wait_for_views_derived_again(api: httpx.Client, folder: Path, seconds: float = 60) -> None:
    """Until the views were derived again after the forgetting, and caught up: on SQLite,
    until the views' files have seen every key destroyed; else, a moment for the follower
    to notice (it looks every 0.2 s)."""
    deadline = time.monotonic() + seconds
    if URL is None:
        while not _views_saw_every_forgetting(folder):
            assert time.monotonic() < deadline, "the views were not derived again"
            time.sleep(0.05)
    else:
        time.sleep(2)
    _wait_for_views(api, seconds)


def _views_saw_every_forgetting(folder: Path) -> bool:
    def one(path: Path, sql: str) -> int | None:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
            row = db.execute(sql).fetchone()
        return None if row is None else int(row[0])

    destroyed = one(
        folder / "events.keys.sqlite", "SELECT count(*) FROM personal_keys WHERE key IS NULL"
    )
    views = [
        one(path, "SELECT forgettings FROM views_forgettings")
        for path in folder.glob("events.views*.sqlite")
    ]
    return bool(destroyed) and bool(views) and all(v == destroyed for v in views)


@contextmanager
def _signed_in(server: Server) -> Iterator[httpx.Client]:
    """A client of the web app, signed in as the tests' organiser and leader."""
    with httpx.Client(base_url=server.url, timeout=30, follow_redirects=True) as web:
        signed = web.post("/app/sign-in", data={"name": "tester", "password": PASSWORD})
        assert signed.status_code == 200 and "groundwork_session" in web.cookies, signed.text
        yield web
