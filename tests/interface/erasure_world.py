"""The world recorded for `test_erasure_everywhere`: who she is, the typed texts that name
her and where each is read (`Planted`, `World`), and the records of her, of the people and
campaign around her and of the power-holder; `erasure_recording.record` records it all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from tests.interface.conftest import Network, ago, created, one_to_one_body

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
    skill_share: str = ""
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
            f"/skill-shares/{self.skill_share}",
        ]


def her_own_record(api: httpx.Client, w: World) -> None:
    # Her own record: name, contact, consent, a one-to-one, skills, an assessment.
    n = w.network
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


def listening_and_campaign(api: httpx.Client, w: World) -> None:
    # A listening campaign, whose issue the campaign takes up.
    n = w.network
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


def her_one_to_one_and_assessment(api: httpx.Client, w: World) -> None:
    # Her own one-to-one (in the campaign, so after it), her skills, an assessment.
    n = w.network
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


def one_to_ones(api: httpx.Client, w: World) -> None:
    # A one-to-one with someone else, which names her, and a correction of its notes.
    n = w.network
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


def power(api: httpx.Client, w: World) -> None:
    # A power-holder (named otherwise), assessed with her name in the notes and interests.
    n = w.network
    c = f"/campaigns/{w.campaign}"
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


def _correction(export: Any) -> str:
    return " ".join(
        e["data"]["reason"]
        for record in export["took_part_in"]
        for e in record["events"]
        if e["type"].endswith("NotesCorrected")
    )
