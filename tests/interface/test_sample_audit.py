"""The sample network's decision audits read true: each shows the campaign and the evidence
as they were known when its outcome was recorded, and "Since" lists only what came after,
never the decision's own proposal, positions or reaching (the sample is recorded within a
second or two, so a cut by recording time could not tell these apart; a cut by log position
can)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.interface.conftest import Server
from tests.interface.in_process import InProcessServer


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    database = tmp_path_factory.mktemp("sample") / "events.sqlite"
    running = InProcessServer(database=Path(database), sample_data=True).start()
    running.wait_for_views()
    # Accounts within the sample's networks (the test accounts were made before it).
    running.add_account("reader", ["organiser", "leader"])
    running.add_account("reviewer", ["auditor"])
    yield running
    running.stop()


def decisions_and_campaigns(api: httpx.Client) -> tuple[set[str], set[str]]:
    """Every decision in the story of a campaign of the sample, and those campaigns."""
    campaigns: set[str] = set()
    for network in api.get("/networks").json():
        holders = api.get(f"/networks/{network['id']}/power-map").json()["power_holders"]
        for holder in holders:
            campaigns |= {m["campaign_id"] for m in holder["meetings"] if m["campaign_id"]}
    decisions = set()
    for campaign in campaigns:
        story = api.get(f"/campaigns/{campaign}/timeline", params={"limit": 500}).json()
        decisions |= {
            e["source"].rsplit("/", 1)[1] for e in story["entries"] if e["kind"] == "decision"
        }
    return decisions, campaigns


def test_each_audit_shows_what_was_known_when_its_outcome_was_recorded(sample: Server) -> None:
    with sample.client("reviewer") as auditor, sample.client("reader") as api:
        decisions, campaigns = decisions_and_campaigns(api)
        audits = [auditor.get(f"/decisions/{d}/audit", params={"limit": 500}) for d in decisions]
        stories = {
            c: api.get(f"/campaigns/{c}/timeline", params={"limit": 500}).json()["entries"]
            for c in campaigns
        }

    assert campaigns and decisions
    reached = [a.json() for a in audits if a.status_code == 200 and a.json()["reached"]]
    assert reached, [a.status_code for a in audits]
    for audit in reached:
        cut = audit["known_through"]
        story = stories[audit["campaign_id"]] if audit["campaign_id"] else []
        assert cut is not None
        assert all(e["position"] <= cut for e in audit["timeline"]), audit["question"]
        assert all(line["position"] <= cut for e in audit["evidence"] for line in e["lines"])
        # What the campaign came to after the outcome is left out, though it is on record now.
        later = [e for e in story if e["position"] > cut]
        shown = {e["position"] for e in audit["timeline"]}
        assert not shown & {e["position"] for e in later}
        assert all(line["position"] > cut for line in audit["since"])
        own = ("proposed", "position", "reached")
        assert not [s for s in audit["since"] if any(w in s["summary"].lower() for w in own)]
    # The sample's story goes on after its decisions: the cut leaves something out.
    assert any(
        e["position"] > a["known_through"]
        for a in reached
        if a["campaign_id"]
        for e in stories[a["campaign_id"]]
    )
