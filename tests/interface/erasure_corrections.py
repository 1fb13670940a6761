"""The corrections of `test_erasure_everywhere`'s world: each kind of correction recorded
once, its reason naming her, and read where the campaign's story tells it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.interface.conftest import ago, created
from tests.interface.erasure_world import EMAIL, FIRST, LOCAL, NAME, World


def corrections(api: httpx.Client, w: World) -> None:
    n = w.network
    c = f"/campaigns/{w.campaign}"
    created(
        api.post(
            f"/actions/{w.held_action}/turnout-corrections",
            json={"turnout": 19, "reason": f"{FIRST} counted again", "happened_at": ago(days=9)},
        )
    )
    created(
        api.post(
            f"/actions/{w.cancelled_action}/reinstatement",
            json={"reason": f"{NAME} is back after all"},
        )
    )
    created(
        api.post(
            f"/power-holder-meetings/{w.meeting}/commitment-outcome-corrections",
            json={
                "number": 1,
                "status": "partly_kept",
                "note": f"Met {FIRST} but not her peers",
                "reason": f"{FIRST} told us on {LOCAL}",
            },
        )
    )
    created(
        api.post(
            f"/power-holders/{w.holder}/assessment-retractions",
            json={"number": 1, "reason": f"Assessed before {FIRST} briefed her"},
        )
    )
    created(
        api.post(
            f"{c}/target-withdrawals",
            json={"metric": "one_to_ones", "reason": f"{FIRST} leads the one-to-ones now"},
        )
    )
    # A decision recorded with no campaign, filed under it afterwards.
    unfiled = created(
        api.post(
            "/decisions",
            json={
                "network_id": n.id,
                "kind": "other",
                "question": "Where do we meet?",
                "options": ["The hall", "The clinic"],
                "rule": "consensus",
                "proposed_by": n.organiser,
                "happened_at": ago(days=3),
            },
        )
    )
    created(
        api.post(
            f"/decisions/{unfiled}/campaign",
            json={"campaign_id": w.campaign, "reason": f"It was about {FIRST}'s plan ({EMAIL})"},
        )
    )
    timeline = f"{c}/timeline?limit=500"
    for start in (
        "Turnout corrected",
        "Action reinstated",
        "Commitment 1 corrected",
        "Target withdrawn",
        "Decision filed under",
    ):
        w.plant(timeline, start.lower(), _entry_of(start))


def _entry_of(start: str) -> Callable[[Any], str]:
    def read(timeline: Any) -> str:
        return " ".join(e["summary"] for e in timeline["entries"] if e["summary"].startswith(start))

    return read
