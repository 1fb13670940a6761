"""Real servers for interface tests, on loopback (on the SQLite file given, or with
GROUNDWORK_TEST_DATABASE_URL the PostgreSQL database standing for it: see `tests.postgres`):
`Server`, `groundwork serve` in a process of its own (the slow tier), and the `server`
fixture's, the same app served in the test process (`tests.interface.in_process`)."""

from __future__ import annotations

import functools
import json
import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.postgres import founded_networks, process_env, stored_events

GROUNDWORK = Path(sys.executable).with_name("groundwork")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@functools.cache
def tls() -> ssl.SSLContext:
    """One TLS context for every client of the tests: httpx builds one for each client
    otherwise, loading the certificate authorities each time (~35 ms, for clients of
    plain-HTTP servers on loopback, several for each test)."""
    return ssl.create_default_context()


@dataclass
class Server:
    """A running `groundwork serve` process and an HTTP client for it."""

    database: Path
    port: int = field(default_factory=free_port)
    sample_data: bool = False
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    #: Extra environment for the server process.
    env: dict[str, str] = field(default_factory=dict)
    #: Bearer tokens by account name: `admin` (admin), `tester` (organiser and leader, the
    #: default client's) and `auditor` (auditor), kept beside the database for restarts.
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settings_token_file(self) -> Path:
        """Where the server leaves the sample account's token (see `Settings`)."""
        return self.database.with_name(f"{self.database.stem}.sample-token")

    @property
    def tokens_file(self) -> Path:
        return self.database.with_suffix(".tokens.json")

    def start(self) -> Server:
        if os.environ.get("GROUNDWORK_TEST_TIER") == "fast":
            pytest.fail(
                "this test starts a server: it belongs to the slow tier (see PROCESS_FIXTURES "
                "and PROCESS_WORDS in tests/conftest.py), not to make check"
            )
        self.log = self.database.with_suffix(f".{self.port}.log")
        if self.tokens_file.exists():
            self.tokens = json.loads(self.tokens_file.read_text())
        else:
            self.tokens = {"admin": add_account(self.database, "admin", "admin")}
        args = [
            str(GROUNDWORK),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--database",
            str(self.database),
        ]
        args.append("--sample-data" if self.sample_data else "--no-sample-data")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                args,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=process_env(self.database) | self.env,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early: {self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    self._add_test_accounts()
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not answer /health within 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def wait_for_views(self, seconds: float = 30) -> None:
        """Until every view has applied everything recorded so far (they follow the log in
        a process of their own, which takes a moment to start)."""
        deadline = time.monotonic() + seconds
        with self.client("admin") as admin:
            while any(v["lag"] for v in admin.get("/views").json()):
                assert time.monotonic() < deadline, admin.get("/views").text
                time.sleep(0.05)

    def _add_test_accounts(self) -> None:
        if "tester" in self.tokens:
            return
        with self.client("admin") as admin:
            for name, roles in (("tester", ["organiser", "leader"]), ("auditor", ["auditor"])):
                response = admin.post("/accounts", json={"name": name, "roles": roles})
                assert response.status_code == 201, response.text
                self.tokens[name] = response.json()["token"]
        self.tokens_file.write_text(json.dumps(self.tokens))

    def client(self, account: str | None = "tester") -> httpx.Client:
        """A client signed in as one of the test accounts (None: with no token)."""
        headers = {} if account is None else {"Authorization": f"Bearer {self.tokens[account]}"}
        return httpx.Client(base_url=self.url, timeout=30, headers=headers, verify=tls())

    def add_account(
        self,
        name: str,
        roles: list[str],
        person_id: str | None = None,
        networks: list[str] | None = None,
    ) -> str:
        """Another account, created by the admin; its token. It acts within the networks
        named, or when none are, the newest 100 networks on record (as many as an account is
        created with; a server shared by a whole run holds more)."""
        with self.client("admin") as admin:
            if networks is None:
                networks = founded_networks(self.database)[-100:]
            response = admin.post(
                "/accounts",
                json={"name": name, "roles": roles, "person_id": person_id, "networks": networks},
            )
        assert response.status_code == 201, response.text
        token: str = response.json()["token"]
        self.tokens[name] = token
        return token

    def set_password(self, account: str, password: str) -> None:
        """Lets an account sign in to the web app with `password` (`groundwork accounts
        password`)."""
        set_password(self.database, account, password)

    def event_count(self, topic_suffix: str = "") -> int:
        """How many events of a kind are stored, read straight from the store."""
        return stored_events(self.database, topic_suffix)


def add_account(database: Path, name: str, *roles: str) -> str:
    """An account created with `groundwork accounts add`; its token."""
    done = subprocess.run(
        [str(GROUNDWORK), "accounts", "add", name, "--database", str(database)]
        + [arg for role in roles for arg in ("--role", role)],
        capture_output=True,
        text=True,
        check=False,
        env=process_env(database),
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def set_password(database: Path, account: str, password: str) -> None:
    """Lets an account sign in to the web app with `password` (`groundwork accounts
    password`)."""
    done = subprocess.run(
        [
            *(str(GROUNDWORK), "accounts", "password", account, "--password-stdin"),
            *("--database", str(database)),
        ],
        input=f"{password}\n",
        capture_output=True,
        text=True,
        check=False,
        env=process_env(database),
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the session, on an empty database, in the test process."""
    from tests.interface.in_process import InProcessServer  # which imports `Server` from here

    running = InProcessServer(database=tmp_path_factory.mktemp("api") / "events.sqlite").start()
    yield running
    running.stop()


@pytest.fixture
def api(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


def ago(days: float = 0, hours: float = 0) -> str:
    """An ISO time in the past, with its offset."""
    return (datetime.now(UTC) - timedelta(days=days, hours=hours)).isoformat()


def created(response: httpx.Response) -> str:
    """The id a successful command returned, failing with the server's error otherwise."""
    assert response.status_code == 201, response.text
    identifier: str = response.json()["id"]
    return identifier


@dataclass
class Network:
    """A small network recorded through the API: its id and two members."""

    id: str
    organiser: str
    member: str
    communities: list[str]


@pytest.fixture
def network(api: httpx.Client) -> Network:
    return record_network(api)


def record_network(api: httpx.Client) -> Network:
    """A network with an organiser in Kenya and a member in Portugal, both consenting to
    having notes kept."""
    communities = ["Kenya", "Portugal"]
    network_id = created(
        api.post(
            "/networks",
            json={
                "name": "Test Peers",
                "focus": "Peer support",
                "goals": ["Fair pay"],
                "communities": communities,
                "happened_at": ago(days=100),
            },
        )
    )
    people = [
        created(
            api.post(
                "/people",
                json={
                    "network_id": network_id,
                    "name": name,
                    "communities": [community],
                    "languages": ["en"],
                },
            )
        )
        for name, community in (("Organiser", "Kenya"), ("Member", "Portugal"))
    ]
    for person in people:
        created(
            api.post(
                f"/people/{person}/consents",
                json={"scope": "keep_notes", "happened_at": ago(days=50)},
            )
        )
    return Network(id=network_id, organiser=people[0], member=people[1], communities=communities)


def launch_campaign(api: httpx.Client, network: Network, days_ago: float = 10) -> str:
    """A campaign of the network, launched some days ago; its id."""
    return created(
        api.post(
            "/campaigns",
            json={
                "network_id": network.id,
                "name": "C",
                "goal": "G",
                "issue": "I",
                "happened_at": ago(days=days_ago),
            },
        )
    )


def holder_of(server: Server, network: Network) -> dict[str, str]:
    """Headers for the account of the network's organiser, who holds its one-to-ones: only
    they read and correct their private notes."""
    name = f"holder-{network.id[:8]}"
    token = server.tokens.get(name) or server.add_account(
        name, ["organiser"], person_id=network.organiser
    )
    return {"Authorization": f"Bearer {token}"}


def one_to_one_body(network: Network, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "network_id": network.id,
        "organiser_id": network.organiser,
        "person_id": network.member,
        "happened_at": ago(hours=2),
        "channel": "video",
        "duration_minutes": 40,
        "interests": ["fair pay"],
        "concerns": ["burnout"],
        "organiser_shared": "Why I do this work",
        "person_shared": "What keeps me going",
        "leadership_signals": ["offered to host"],
        "follow_ups": [{"what": "Send the survey", "due": "2030-01-01"}],
        "private_notes": "Call after six",
        # The tests' account (`tester`) is a leader linked to no one: it records for others.
        "for_another_organiser": True,
    }
    body.update(overrides)
    return body


#: The password the tests give an account to sign in to the web app with.
PASSWORD = "correct horse battery staple"


def give_password(server: Server, account: str) -> None:
    """Lets an account of the server sign in to the web app, with `PASSWORD`."""
    server.set_password(account, PASSWORD)


def power_holder(api: httpx.Client, network: Network, name: str) -> str:
    """A power-holder of the network, recorded now."""
    return created(
        api.post(
            "/power-holders",
            json={"network_id": network.id, "name": name, "role": "R", "institution": "I"},
        )
    )


def negotiated(
    api: httpx.Client, network: Network, campaign: str, holder: str, happened_at: str
) -> str:
    """A negotiation with the power-holder for the campaign, the organiser attending."""
    return created(
        api.post(
            "/power-holder-meetings",
            json={
                "network_id": network.id,
                "campaign_id": campaign,
                "power_holder_ids": [holder],
                "attendee_ids": [network.organiser],
                "purpose": "negotiation",
                "happened_at": happened_at,
            },
        )
    )
