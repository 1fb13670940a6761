"""Who may call what: every endpoint with every role and with no token, failed sign-ins
limited, accounts' changes taking effect at once, and private notes only for the organiser
who held the one-to-one, each read of them on record."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from interface.api.access import OPEN
from tests.interface.conftest import (
    GROUNDWORK,
    Network,
    Server,
    ago,
    created,
    one_to_one_body,
)
from tests.interface.roles import api_roles
from tests.interface.test_contract import PATHS, recorded_ids
from tests.interface.test_timeline_api import caught_up
from tests.postgres import process_env

ROLE_NAMES = ("organiser", "leader", "auditor", "admin")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    """A server on the sample network with one account per role; and an id of each kind of
    record, so that allowed reads find what they ask for."""
    database = tmp_path_factory.mktemp("access") / "events.sqlite"
    subprocess.run(
        [str(GROUNDWORK), "demo", "--database", str(database)],
        check=True,
        capture_output=True,
        env=process_env(database),
    )
    ids = {kind: values[0] for kind, values in recorded_ids(database).items()}
    server = Server(database=database).start()
    for role in ROLE_NAMES:
        server.add_account(f"only-{role}", [role])
    server.add_account("target", ["organiser"])  # the account /accounts/{id} is called on
    with server.client("target") as target:
        ids["accounts"] = target.get("/accounts/me").json()["id"]
    server.wait_for_views()  # allowed reads of views find what they ask for
    yield server, ids
    server.stop()


def _operations(server: Server) -> list[tuple[str, str]]:
    with server.client(None) as anonymous:
        paths = anonymous.get("/openapi.json").json()["paths"]
    return sorted((method.upper(), path) for path, ops in paths.items() for method in ops)


def _url(path: str, ids: dict[str, str]) -> str:
    kind = next(
        (
            k
            for prefix, k in (PATHS | {"/accounts/": "accounts"}).items()
            if path.startswith(prefix)
        ),
        None,
    )
    return path.replace("{id}", ids.get(kind, "00000000-0000-4000-8000-00000000ffff"))


def test_every_endpoint_with_every_role_and_without_a_token(
    sample: tuple[Server, dict[str, str]],
) -> None:
    server, ids = sample
    operations = _operations(server)
    before = server.event_count()
    seen: dict[tuple[str, str, str], int] = {}
    exported = 0  # people exported in OSDI: a read of each
    clients = {role: server.client(f"only-{role}") for role in ROLE_NAMES}
    clients["no token"] = server.client(None)
    try:
        for method, path in operations:
            for caller, client in clients.items():
                body: Any = {} if method == "POST" else None
                response = client.request(method, _url(path, ids), json=body)
                seen[(method, path, caller)] = response.status_code
                if path == "/networks/{id}/osdi/people" and response.status_code == 200:
                    exported += len(response.json()["_embedded"]["osdi:people"])
    finally:
        for client in clients.values():
            client.close()

    assert len(operations) > 70
    assert {(m, p) for m, p in operations} == set(api_roles()) | {("GET", "/health")}
    for (method, path, caller), status in seen.items():
        where = f"{method} {path} as {caller}: {status}"
        if (method, path) in OPEN:
            assert status == 200, where
        elif caller == "no token":
            assert status == 401, where
        elif caller not in api_roles()[(method, path)]:
            assert status == 403, where
        elif path == "/one-to-ones/{id}/private-notes":
            assert status == 404, where  # allowed organisers, but not the one who held it
        elif method == "GET":
            assert 200 <= status < 300, where
        else:
            assert status not in (401, 403, 429, 500), where  # past the gate: 404, 409, 422
    # Refused requests recorded nothing; only allowed reads of people left access records.
    reads = [
        (m, p, c)
        for (m, p, c), s in seen.items()
        if s == 200
        and p
        in ("/people/{id}", "/people/{id}/history", "/people/{id}/export", "/osdi/people/{id}")
    ]
    written = [k for k, s in seen.items() if k[0] == "POST" and 200 <= s < 300]
    assert written == [  # the only commands for which {} is a whole request
        ("POST", "/accounts/{id}/tokens", "admin"),
        ("POST", "/people/{id}/erasure", "admin"),
    ]
    assert exported > 0
    assert server.event_count() == before + len(reads) + exported + len(written)
    assert server.event_count("AccessRecord.Read") >= len(reads) > 0


def test_refusals_say_why(sample: tuple[Server, dict[str, str]]) -> None:
    server, ids = sample
    with server.client(None) as anonymous:
        missing = anonymous.get(f"/campaigns/{ids['campaigns']}/timeline")
    with server.client("only-auditor") as auditor:
        forbidden = auditor.post("/one-to-ones", json={})

    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == "Bearer"
    assert missing.json()["error"] == "Unauthenticated"
    assert "bearer token" in missing.json()["detail"]
    assert forbidden.status_code == 403 and forbidden.json()["error"] == "Forbidden"
    assert "organiser" in forbidden.json()["detail"]
    assert "POST /one-to-ones" in forbidden.json()["detail"]


def test_a_role_revoked_or_an_account_disabled_takes_effect_at_once(server: Server) -> None:
    token = server.add_account("changing", ["organiser", "leader"])
    auth = {"Authorization": f"Bearer {token}"}
    with server.client("admin") as admin, server.client(None) as client:
        me = client.get("/accounts/me", headers=auth).json()
        assert client.get("/networks", headers=auth).status_code == 200
        assert admin.post(
            f"/accounts/{me['id']}/role-revocations", json={"role": "leader"}
        ).is_success
        as_organiser = client.post("/networks", json={}, headers=auth)
        renewed = admin.post(f"/accounts/{me['id']}/tokens", json={})
        with_old = client.get("/networks", headers=auth)
        new_auth = {"Authorization": f"Bearer {renewed.json()['token']}"}
        with_new = client.get("/networks", headers=new_auth)
        disabled = admin.post(f"/accounts/{me['id']}/disablement", json={"reason": "Left"})
        after = client.get("/networks", headers=new_auth)
        history = [a["name"] for a in admin.get("/accounts").json()["accounts"]]

    assert as_organiser.status_code == 403  # founding a network takes the leader role
    assert renewed.status_code == 201 and with_old.status_code == 401
    assert with_new.status_code == 200
    assert disabled.status_code == 201 and after.status_code == 401
    assert "changing" in history


def test_admins_cannot_lock_themselves_out(server: Server) -> None:
    with server.client("admin") as admin:
        me = admin.get("/accounts/me").json()
        disable = admin.post(f"/accounts/{me['id']}/disablement", json={"reason": "Oops"})
        revoke = admin.post(f"/accounts/{me['id']}/role-revocations", json={"role": "admin"})
        still = admin.get("/accounts/me")

    assert disable.status_code == 409 and revoke.status_code == 409
    assert still.status_code == 200


def test_an_account_name_is_taken_once(server: Server) -> None:
    server.add_account("unique-name", ["auditor"])
    with server.client("admin") as admin:
        again = admin.post("/accounts", json={"name": "unique-name", "roles": ["leader"]})

    assert again.status_code == 409 and again.json()["field"] == "body.name"


def test_repeated_failed_sign_ins_are_limited(tmp_path: Path) -> None:
    server = Server(
        database=tmp_path / "events.sqlite", env={"GROUNDWORK_SIGN_IN_ATTEMPTS": "3"}
    ).start()
    try:
        with server.client(None) as client:
            wrong = [
                client.get("/networks", headers={"Authorization": f"Bearer gw_wrong{n}"})
                for n in range(3)
            ]
            limited = client.get("/networks", headers={"Authorization": "Bearer gw_wrong"})
            right_meanwhile = client.get(
                "/networks", headers={"Authorization": f"Bearer {server.tokens['tester']}"}
            )
            health = client.get("/health")
    finally:
        server.stop()

    assert [r.status_code for r in wrong] == [401, 401, 401]
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"] == "TooManyAttempts"
    assert right_meanwhile.status_code == 429  # the address is locked out, not the guess
    assert health.status_code == 200


def test_a_missing_token_is_not_a_failed_sign_in(tmp_path: Path) -> None:
    server = Server(
        database=tmp_path / "events.sqlite", env={"GROUNDWORK_SIGN_IN_ATTEMPTS": "2"}
    ).start()
    try:
        with server.client(None) as client:
            statuses = [client.get("/networks").status_code for _ in range(5)]
        with server.client() as tester:
            after = tester.get("/networks").status_code
    finally:
        server.stop()

    assert statuses == [401] * 5 and after == 200


# ------------------------------------------------------------------ private notes


def _organisers(server: Server, network: Network) -> tuple[httpx.Client, httpx.Client]:
    """Clients for two organisers: the network's organiser and its member."""
    suffix = network.id[:8]
    held = server.add_account(f"held-{suffix}", ["organiser"], person_id=network.organiser)
    other = server.add_account(f"other-{suffix}", ["organiser"], person_id=network.member)
    return (
        httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {held}"}),
        httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {other}"}),
    )


def test_only_the_organiser_who_held_it_reads_the_private_notes(
    api: httpx.Client, network: Network, server: Server
) -> None:
    holder, other = _organisers(server, network)
    with holder, other, server.client("auditor") as auditor:
        one_to_one = created(holder.post("/one-to-ones", json=one_to_one_body(network)))
        mine = holder.get(f"/one-to-ones/{one_to_one}/private-notes")
        theirs = other.get(f"/one-to-ones/{one_to_one}/private-notes")
        as_leader = api.get(f"/one-to-ones/{one_to_one}/private-notes")  # tester: not linked
        holder_id = holder.get("/accounts/me").json()["id"]
        other_id = other.get("/accounts/me").json()["id"]
        record = caught_up(auditor, "/access-record", person_id=network.member)
        by_other = caught_up(auditor, "/access-record", account_id=other_id)

    assert mine.status_code == 200 and mine.json()["private_notes"] == "Call after six"
    assert theirs.status_code == 404 and "Call after six" not in theirs.text
    assert as_leader.status_code == 404 and "Call after six" not in as_leader.text
    assert [(r["account_id"], r["what"], r["record_id"]) for r in record["reads"]] == [
        (holder_id, "private_notes", one_to_one)
    ]
    assert by_other["reads"] == []


def test_reading_a_persons_record_is_on_the_access_record(
    api: httpx.Client, network: Network, server: Server
) -> None:
    me = api.get("/accounts/me").json()["id"]
    assert api.get(f"/people/{network.member}").status_code == 200
    assert api.get(f"/people/{network.member}/history").status_code == 200
    with server.client("auditor") as auditor:
        reads = caught_up(auditor, "/access-record", person_id=network.member, account_id=me)[
            "reads"
        ]

    assert [r["what"] for r in reads] == ["history", "person"]  # newest first
    assert all(r["person_id"] == network.member for r in reads)


def test_notes_are_refused_without_consent_and_withheld_after_withdrawal(
    api: httpx.Client, network: Network, server: Server
) -> None:
    stranger = created(
        api.post("/people", json={"network_id": network.id, "name": "No Consent Yet"})
    )
    refused = api.post(
        "/one-to-ones", json=one_to_one_body(network, person_id=stranger, private_notes="Hm")
    )
    holder, other = _organisers(server, network)
    with holder, other:
        one_to_one = created(holder.post("/one-to-ones", json=one_to_one_body(network)))
        withdrawn = holder.post(
            f"/people/{network.member}/consent-withdrawals",
            json={"scope": "keep_notes", "happened_at": ago(hours=1)},
        )
        after = holder.get(f"/one-to-ones/{one_to_one}/private-notes").json()
        new_notes = holder.post("/one-to-ones", json=one_to_one_body(network))

    assert refused.status_code == 409 and refused.json()["field"] == "body.private_notes"
    assert withdrawn.status_code == 201
    assert after["private_notes"] is None and "withdrawn" in after["withheld"]
    assert new_notes.status_code == 409
