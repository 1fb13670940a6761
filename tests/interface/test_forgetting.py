"""Forgetting a person from the command line while the server runs: every answer about them
then reads "forgotten person", with no contact details, shared text or notes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from tests.interface.conftest import Network, Server, ago, created, one_to_one_body
from tests.interface.test_reading_api import wait_for_views
from tests.postgres import process_env

GROUNDWORK = Path(sys.executable).with_name("groundwork")
NAME = "Isolde Marchbanks-Quell"


def test_a_person_forgotten_from_the_command_line_reads_forgotten_through_the_api(
    server: Server, api: httpx.Client, network: Network
) -> None:
    person = created(
        api.post(
            "/people",
            json={
                "network_id": network.id,
                "name": NAME,
                "contact": "isolde@example.org",
                "communities": ["Portugal"],
                "languages": ["pt"],
            },
        )
    )
    created(
        api.post(
            f"/people/{person}/consents", json={"scope": "keep_notes", "happened_at": ago(days=1)}
        )
    )
    one_to_one = created(api.post("/one-to-ones", json=one_to_one_body(network, person_id=person)))
    assert api.get(f"/people/{person}").json()["name"] == NAME  # cached by the server now
    assert api.get(f"/one-to-ones/{one_to_one}").json()["person_shared"] is not None

    forgotten = subprocess.run(
        [str(GROUNDWORK), "people", "forget", person, "--database", str(server.database)],
        capture_output=True,
        text=True,
        timeout=120,
        env=process_env(server.database),
    )
    wait_for_views(api)

    assert forgotten.returncode == 0, forgotten.stderr
    read = api.get(f"/people/{person}").json()
    assert (read["name"], read["contact"]) == ("forgotten person", None)
    met = api.get(f"/one-to-ones/{one_to_one}").json()
    assert (met["person_shared"], met["has_private_notes"]) == (None, False)
    assert met["organiser_shared"] == "Why I do this work"  # the organiser's own
    directory = api.get(f"/networks/{network.id}/people", params={"limit": 500}).json()
    assert "forgotten person" in [p["name"] for p in directory["people"]]
    assert NAME not in str(directory)
    history = api.get(f"/people/{person}/history").json()
    assert history["name"] == "forgotten person"
    assert "Forgotten at their request" in history["entries"][0]["summary"]
    refused = api.post(f"/people/{person}/contact-details", json={"contact": "again@example.org"})
    assert refused.status_code == 409
    assert refused.json()["error"] == "PersonForgotten"
    assert person in refused.json()["detail"] and NAME not in refused.text
    again = api.post("/one-to-ones", json=one_to_one_body(network, person_id=person))
    assert again.status_code == 409 and again.json()["field"] == "body.person_id"
