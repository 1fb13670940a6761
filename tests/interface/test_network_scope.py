"""Roles per network: outside the networks an account acts within, nothing is found (404,
as for a record that does not exist) in the API, the pages, CSV, iCalendar and OSDI; lists
show only its networks; accounts from before roles were per network keep working."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from domain.account import COMMAND_LINE, Account
from domain.application import Groundwork
from domain.credentials import account_id
from interface.settings import Settings
from interface.web.session import COOKIE
from tests.interface.conftest import GROUNDWORK, Network, Server, ago, record_network
from tests.interface.roles import api_roles
from tests.interface.test_access import ROLE_NAMES, _operations
from tests.interface.test_contract import PATHS, recorded_ids
from tests.postgres import process_env, sqlite_only

MISSING = "00000000-0000-4000-8000-00000000ffff"


@pytest.fixture(scope="module")
def two(server: Server) -> tuple[Network, Network, str]:
    """Two networks, and the token of an organiser acting within the first only."""
    with server.client() as api:
        first, second = record_network(api), record_network(api)
    token = server.add_account(f"org-{first.id[:8]}", ["organiser", "leader"], networks=[first.id])
    return first, second, token


def _as(server: Server, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=server.url, timeout=30, headers={"Authorization": f"Bearer {token}"}
    )


def _same_as_missing(client: httpx.Client, url: str, record: str) -> None:
    """The answer for a record outside the caller's networks is the answer for none."""
    outside = client.get(url.format(record))
    missing = client.get(url.format(MISSING))
    assert outside.status_code == missing.status_code == 404, (outside.text, missing.text)
    assert outside.text.replace(record, MISSING) == missing.text


def test_an_organiser_of_one_network_finds_nothing_of_another(
    server: Server, two: tuple[Network, Network, str]
) -> None:
    first, second, token = two
    with _as(server, token) as organiser:
        assert organiser.get(f"/people/{first.member}").status_code == 200
        assert organiser.get(f"/networks/{first.id}/people").status_code == 200
        for url in (
            "/people/{}",
            "/people/{}/history",
            "/osdi/people/{}",
        ):
            _same_as_missing(organiser, url, second.member)
        for url in (
            "/networks/{}",
            "/networks/{}/people",
            "/networks/{}/people.csv",
            "/networks/{}/osdi/people",
            "/networks/{}/calendar.ics",
        ):
            _same_as_missing(organiser, url, second.id)
        assert [n["id"] for n in organiser.get("/networks").json()] == [first.id]


def test_an_organiser_of_one_network_cannot_record_into_another(
    server: Server, two: tuple[Network, Network, str]
) -> None:
    first, second, token = two
    before = server.event_count()
    person = {"name": "Intruded", "communities": ["Kenya"], "languages": ["en"]}
    with _as(server, token) as organiser:
        into_other = organiser.post("/people", json={**person, "network_id": second.id})
        naming_other = organiser.post(
            "/one-to-ones",
            json={
                "network_id": first.id,
                "organiser_id": first.organiser,
                "person_id": second.member,  # a person of the other network
                "happened_at": ago(hours=1),
                "channel": "video",
                "duration_minutes": 30,
            },
        )
        osdi = organiser.post(
            f"/networks/{second.id}/osdi/people",
            json={"person": {"given_name": "Intruded"}},
        )
        into_own = organiser.post("/people", json={**person, "network_id": first.id})

    assert into_other.status_code == 404, into_other.text
    assert into_other.json()["field"] == "body.network_id"
    assert naming_other.status_code == 404 and naming_other.json()["field"] == "body.person_id"
    assert osdi.status_code == 404
    assert into_own.status_code == 201, into_own.text
    assert server.event_count() == before + 1


def test_pages_of_another_network_are_not_found(
    server: Server, two: tuple[Network, Network, str]
) -> None:
    first, second, token = two
    with httpx.Client(base_url=server.url, timeout=30, cookies={COOKIE: token}) as browser:
        assert browser.get(f"/app/people/{first.member}").status_code == 200
        outside = browser.get(f"/app/people/{second.member}")
        missing = browser.get(f"/app/people/{MISSING}")
        network = browser.get(f"/app/networks/{second.id}/people")
    assert outside.status_code == missing.status_code == network.status_code == 404
    assert outside.text.replace(second.member, MISSING) == missing.text


def test_a_network_is_granted_and_revoked_by_an_admin(
    server: Server, two: tuple[Network, Network, str]
) -> None:
    first, second, token = two
    with server.client("admin") as admin, _as(server, token) as organiser:
        me = organiser.get("/accounts/me").json()
        assert me["networks"] == [first.id] and not me["every_network"]
        granted = admin.post(f"/accounts/{me['id']}/networks", json={"network_ids": [second.id]})
        assert granted.status_code == 201, granted.text
        assert organiser.get(f"/people/{second.member}").status_code == 200
        revoked = admin.post(
            f"/accounts/{me['id']}/network-revocations", json={"network_id": second.id}
        )
        assert revoked.status_code == 201, revoked.text
        assert organiser.get(f"/people/{second.member}").status_code == 404


def test_an_account_of_no_network_is_told_whom_to_ask(
    server: Server, two: tuple[Network, Network, str]
) -> None:
    token = server.add_account(f"none-{uuid4().hex[:8]}", ["organiser"], networks=[])
    with httpx.Client(base_url=server.url, timeout=30, cookies={COOKIE: token}) as browser:
        home = browser.get("/app/")
    assert home.status_code == 200
    assert "acts within no network yet" in home.text
    assert "No network is on record" not in home.text  # two are


def test_a_leader_who_founds_a_network_acts_within_it(server: Server) -> None:
    token = server.add_account(f"founder-{uuid4().hex[:8]}", ["leader"], networks=[])
    with _as(server, token) as leader:
        assert leader.get("/networks").json() == []
        founded = leader.post(
            "/networks",
            json={"name": "New", "focus": "Peer support", "happened_at": ago(days=1)},
        )
        assert founded.status_code == 201, founded.text
        assert [n["id"] for n in leader.get("/networks").json()] == [founded.json()["id"]]


@sqlite_only  # records an account as older versions did, straight into the SQLite store
def test_an_account_from_before_roles_were_per_network_keeps_working(tmp_path: Path) -> None:
    database = tmp_path / "events.sqlite"
    app = Groundwork(env=Settings(database=database).event_store_env())
    try:
        network = app.found_network(
            name="Peers",
            focus="Peer support",
            goals=[],
            communities=[],
            happened_at=datetime(2025, 1, 1, tzinfo=UTC),
            recorded_by=COMMAND_LINE,
        )
        old = Account._create(  # as accounts were created before: no grant of networks
            Account.Created,
            id=account_id("old-hand"),
            name="old-hand",
            roles=["organiser"],
            person_id=None,
            recorded_by=COMMAND_LINE,
        )
        token = old.issue_token(recorded_by=COMMAND_LINE)
        app.save(old)
    finally:
        app.close()
    migrated = subprocess.run(
        [str(GROUNDWORK), "migrate", "--database", str(database)],
        capture_output=True,
        text=True,
        check=True,
        env=process_env(database),
    )
    assert "1 accounts granted every network" in migrated.stdout
    server = Server(database=database).start()
    try:
        with _as(server, token) as organiser:
            assert organiser.get(f"/networks/{network.id}").status_code == 200
            assert [n["id"] for n in organiser.get("/networks").json()] == [str(network.id)]
        assert server.event_count("Account.NetworksGranted") >= 1
    finally:
        server.stop()


# ------------------------------------------------------------------ the matrix


@pytest.fixture(scope="module")
def networks_two(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Server, dict[str, str], dict[str, str]]]:
    """A server holding the sample network twice, with an account per role acting within
    the first; an id of each kind of record in each network."""
    database = tmp_path_factory.mktemp("two-networks") / "events.sqlite"
    own, other = sample_twice(database)
    server = Server(database=database).start()
    for role in ROLE_NAMES:
        server.add_account(f"n1-{role}", [role], networks=[own["networks"]])
    server.wait_for_views()
    yield server, own, other
    server.stop()


def sample_twice(database: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The sample network recorded twice in the store; an id of each kind of record in the
    first copy, and in the second."""
    for force in ([], ["--force"]):
        subprocess.run(
            [str(GROUNDWORK), "demo", "--database", str(database), *force],
            check=True,
            capture_output=True,
            env=process_env(database),
        )
        if not force:
            first = recorded_ids(database)
    both = recorded_ids(database)
    own = {kind: values[0] for kind, values in first.items()}
    return own, {kind: next(v for v in both[kind] if v not in first[kind]) for kind in first}


def _url(path: str, ids: dict[str, str]) -> str:
    kind = next((k for prefix, k in PATHS.items() if path.startswith(prefix)), None)
    return path.replace("{id}", ids.get(kind, MISSING) if kind else MISSING)


def _body(path: str, ids: dict[str, str]) -> dict[str, Any]:
    """A body naming the network, for commands whose path names no record of one."""
    return {} if "{id}" in path else {"network_id": ids["networks"]}


def test_every_endpoint_with_every_role_in_its_own_network_and_another(
    networks_two: tuple[Server, dict[str, str], dict[str, str]],
) -> None:
    server, own, other = networks_two
    unauthorised: list[str] = []
    tried = 0
    clients = {role: server.client(f"n1-{role}") for role in ROLE_NAMES}
    everywhere = {"admin", "auditor"}
    try:
        for method, path in _operations(server):
            if ("GET", path) == ("GET", "/health"):
                continue
            allowed = api_roles()[(method, path)]
            for role, client in clients.items():
                for where, ids in (("own", own), ("other", other)):
                    url = _url(path, ids)
                    body = _body(path, ids) if method == "POST" else None
                    response = client.request(method, url, json=body)
                    tried += 1
                    status = response.status_code
                    names_other = where == "other" and (
                        any(i in url for i in other.values()) or body
                    )
                    if role not in allowed:
                        ok = status == 403
                    elif names_other and role not in everywhere:
                        ok = status == 404
                    else:
                        ok = status not in (401, 403, 429, 500)
                    if not ok:
                        unauthorised.append(f"{method} {url} as {role} ({where}): {status}")
            if (method, path) == ("GET", "/networks"):
                listed = {n["id"] for n in clients["organiser"].get(path).json()}
                assert listed == {own["networks"]}
    finally:
        for client in clients.values():
            client.close()
    print(f"\n{tried} combinations of endpoint, role and network tried")
    assert tried > 600
    assert unauthorised == []
