"""What a 2xx acknowledged is on disk, and survives the server stopping."""

from __future__ import annotations

import re
import signal
from pathlib import Path

import httpx

from tests.interface.conftest import Server, ago, created


def test_recorded_data_survives_a_server_restart(tmp_path: Path) -> None:
    database = tmp_path / "events.sqlite"
    first = Server(database=database).start()
    try:
        with first.client() as api:
            network = created(
                api.post(
                    "/networks",
                    json={"name": "Survivors", "focus": "Peer support", "happened_at": ago(days=1)},
                )
            )
            person = created(api.post("/people", json={"network_id": network, "name": "A"}))
    finally:
        first.stop()

    second = Server(database=database).start()
    try:
        with second.client() as api:
            assert api.get(f"/networks/{network}").json()["name"] == "Survivors"
            assert api.get(f"/people/{person}").json()["name"] == "A"
    finally:
        second.stop()


def test_an_acknowledged_write_is_kept_when_the_server_is_killed(tmp_path: Path) -> None:
    database = tmp_path / "events.sqlite"
    server = Server(database=database).start()
    try:
        with server.client() as api:
            network = created(
                api.post(
                    "/networks",
                    json={"name": "Durable", "focus": "Peer support", "happened_at": ago(days=1)},
                )
            )
        assert server.process is not None
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
    finally:
        server.stop()

    assert server.event_count("Network.Founded") == 1
    again = Server(database=database).start()
    try:
        with again.client() as api:
            assert api.get(f"/networks/{network}").status_code == 200
    finally:
        again.stop()


def test_make_run_records_the_sample_network_only_the_first_time(tmp_path: Path) -> None:
    database = tmp_path / "events.sqlite"
    first = Server(database=database, sample_data=True).start()
    try:
        sampled = first.event_count()
        assert first.log is not None
        logged = re.search(
            r"campaign ([0-9a-f-]{36}), issue-cut decision ([0-9a-f-]{36})",
            first.log.read_text(),
        )
        assert logged is not None
        token = first.settings_token_file().read_text().strip()
        with httpx.Client(
            base_url=first.url, headers={"Authorization": f"Bearer {token}"}
        ) as sample:  # the sample account, granted the sample network
            networks = sample.get("/networks").json()
            campaign = sample.get(f"/campaigns/{logged.group(1)}").json()
            decision = sample.get(f"/decisions/{logged.group(2)}").json()
            demo = sample.get("/accounts/me").json()
        with first.client() as api:  # the tests' leader: granted no network, it finds none
            unseen = api.get("/networks").json()
        password_file = database.with_name(f"{database.stem}.sample-password")
        with httpx.Client(base_url=first.url) as browser:
            signed_in = browser.post(
                "/app/sign-in",
                data={"name": "demo", "password": password_file.read_text().strip()},
                headers={"Origin": first.url},
            )
        before_restart = first.event_count()  # the sample, and the sign-in's session
    finally:
        first.stop()
    second = Server(database=database, sample_data=True).start()
    try:
        with second.client() as api:
            events = api.get("/health").json()["events"]
    finally:
        second.stop()

    assert sampled > 50
    assert events == before_restart == sampled + 1
    assert [n["name"] for n in networks] == ["Peers Across Borders"]
    assert unseen == []
    assert campaign["name"] == "Pay peer workers fairly" and campaign["status"] == "active"
    assert decision["kind"] == "issue_cut" and decision["status"] == "reached"
    assert demo["name"] == "demo"
    assert set(demo["roles"]) == {"organiser", "leader", "auditor", "admin"}
    assert (first.settings_token_file().stat().st_mode & 0o777) == 0o600
    assert (password_file.stat().st_mode & 0o777) == 0o600
    assert signed_in.status_code == 303 and "groundwork_session" in signed_in.cookies
    assert password_file.read_text().strip() not in first.log.read_text()
