"""People's rights through the API: an admin exports everything held about a person, and
erases them; afterwards no byte of their personal data is in any database file (the events,
the views, the keys), while the network's counts and the campaign's timeline keep their
shape."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx

from tests.interface.conftest import (
    GROUNDWORK,
    Network,
    Server,
    ago,
    created,
    launch_campaign,
    one_to_one_body,
)
from tests.interface.test_reading_api import wait_for_views
from tests.postgres import process_env, sqlite_only

NAME = "Wilhelmina Quarrington-Oduya"
EMAIL = "wilhelmina.q@example.org"
NOTES = "Worried about her brother's relapse; call on Thursdays"
SHARED = "Lost her job at the clinic after speaking up"


def _record_someone(api: httpx.Client, network: Network, campaign: str) -> tuple[str, str]:
    """A person with a distinctive name, email, story and notes, in a one-to-one for the
    campaign; their id and the one-to-one's."""
    person = created(
        api.post(
            "/people",
            json={
                "network_id": network.id,
                "name": NAME,
                "contact": EMAIL,
                "communities": ["Kenya"],
            },
        )
    )
    created(
        api.post(
            f"/people/{person}/consents", json={"scope": "keep_notes", "happened_at": ago(days=2)}
        )
    )
    one_to_one = created(
        api.post(
            "/one-to-ones",
            json=one_to_one_body(
                network,
                person_id=person,
                campaign_id=campaign,
                person_shared=SHARED,
                private_notes=NOTES,
            ),
        )
    )
    return person, one_to_one


def _rebuild(database: Path) -> None:
    done = subprocess.run(
        [str(GROUNDWORK), "projections", "rebuild", "--database", str(database)],
        capture_output=True,
        text=True,
        timeout=300,
        env=process_env(database),
    )
    assert done.returncode == 0, done.stderr


def _counts(api: httpx.Client, network: Network, campaign: str) -> dict[str, Any]:
    wait_for_views(api)
    progress = api.get(f"/networks/{network.id}/progress").json()
    timeline = api.get(f"/campaigns/{campaign}/timeline", params={"limit": 500}).json()
    return {
        "totals": progress["totals"],
        "timeline": [(e["kind"], e["summary"]) for e in timeline["entries"]],
    }


def _bytes_in(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


@sqlite_only  # scans the SQLite files' bytes; on PostgreSQL: tests/domain/test_postgres.py
def test_an_erased_person_leaves_no_byte_behind_and_the_counts_keep_their_shape(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    server = Server(database=folder / "events.sqlite").start()
    try:
        with server.client() as api:
            network = _network(api)
            campaign = launch_campaign(api, network)
            person, _ = _record_someone(api, network, campaign)
            before = _counts(api, network, campaign)
    finally:
        server.stop()
    _rebuild(server.database)
    exported = subprocess.run(
        [str(GROUNDWORK), "people", "export", person, "--database", str(server.database)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["record"][0]["data"]["name"] == NAME
    key = _key_of(folder / "events.keys.sqlite", person)
    assert key in _bytes_in(folder)
    server = Server(database=folder / "events.sqlite").start()  # the same accounts
    try:
        with server.client("admin") as admin:
            erased = admin.post(f"/people/{person}/erasure", json={})
            again = admin.post(f"/people/{person}/erasure", json={})
        with server.client() as api:
            after = _counts(api, network, campaign)
            read = api.get(f"/people/{person}").json()
    finally:
        server.stop()
    _rebuild(server.database)
    raw = _bytes_in(folder)  # the events, the views, the keys, their WAL files, the logs

    assert (folder / "events.views.sqlite").is_file()  # the views are in what was read
    assert erased.status_code == 201 and again.status_code == 409
    assert read["name"] == "forgotten person" and read["contact"] is None
    assert after == before
    for secret in (NAME, EMAIL, NOTES, SHARED):
        assert secret.encode() not in raw, secret
        assert secret.encode("utf-16-le") not in raw, secret
    assert key not in raw  # nor the key that could have read them
    assert b"Kenya" in raw  # what is not personal data is still there


def _key_of(keys: Path, person: str) -> bytes:
    with closing(sqlite3.connect(keys)) as db:
        row = db.execute(
            "SELECT key FROM personal_keys WHERE subject = ?", (person.replace("-", ""),)
        ).fetchone()
    key: bytes = row[0]
    assert len(key) >= 32
    return key


def _network(api: httpx.Client) -> Network:
    network_id = created(
        api.post(
            "/networks",
            json={
                "name": "Rights",
                "focus": "Peer support",
                "communities": ["Kenya"],
                "happened_at": ago(days=30),
            },
        )
    )
    organiser = created(
        api.post(
            "/people", json={"network_id": network_id, "name": "Org", "communities": ["Kenya"]}
        )
    )
    return Network(id=network_id, organiser=organiser, member=organiser, communities=["Kenya"])


def test_an_admin_exports_everything_held_about_a_person(
    api: httpx.Client, network: Network, server: Server
) -> None:
    campaign = launch_campaign(api, network)
    person, one_to_one = _record_someone(api, network, campaign)
    assert api.get(f"/people/{person}").status_code == 200  # a read, on the access record
    wait_for_views(api)
    with server.client("admin") as admin:
        exported = admin.get(f"/people/{person}/export")
    with server.client("auditor") as auditor:
        wait_for_views(api)
        reads = auditor.get("/access-record", params={"person_id": person}).json()["reads"]
    with server.client() as organiser_and_leader:
        refused = organiser_and_leader.get(f"/people/{person}/export")

    assert exported.status_code == 200
    body = exported.json()
    text = exported.text
    assert body["person_id"] == person and body["forgotten"] is False
    assert [e["type"] for e in body["record"]][:2] == ["Person.Registered", "Person.ConsentGiven"]
    assert body["record"][0]["data"]["name"] == NAME
    assert body["record"][0]["data"]["contact"] == EMAIL
    [held] = [r for r in body["took_part_in"] if r["record_id"] == one_to_one]
    assert held["roles"] == ["met"]
    data = held["events"][0]["data"]
    assert (data["private_notes"], data["person_shared"]) == (NOTES, SHARED)
    assert data["organiser_shared"] == {"withheld": "personal data of another person"}
    assert "Why I do this work" not in text  # the organiser's story is theirs, not in this
    assert [r["what"] for r in body["reads"]] == ["person"]
    assert [r["what"] for r in reads] == ["export", "person"]
    assert refused.status_code == 403


def test_an_export_of_a_forgotten_person_holds_no_personal_data(
    api: httpx.Client, network: Network, server: Server
) -> None:
    campaign = launch_campaign(api, network)
    person, one_to_one = _record_someone(api, network, campaign)
    with server.client("admin") as admin:
        assert admin.post(f"/people/{person}/erasure", json={}).status_code == 201
        wait_for_views(api)
        exported = admin.get(f"/people/{person}/export")

    body = exported.json()
    assert exported.status_code == 200 and body["forgotten"] is True
    assert body["record"][-1]["type"] == "Person.Forgotten"
    for secret in (NAME, EMAIL, NOTES, SHARED):
        assert secret not in exported.text
    assert [r["record_id"] for r in body["took_part_in"]] == [one_to_one]
