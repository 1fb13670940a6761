"""Schemathesis against the running server's /openapi.json, with `--checks all`.

The server holds the sample network, and schemathesis is told the ids it holds
(as dictionaries for path and body ids), so generated requests reach the rules
of the organising cycle instead of stopping at 404. Zero failures means: no 5xx,
no response outside its schema, no undeclared status code, schema-valid input
never refused with 422 and schema-invalid input never accepted.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from domain.kinds import every_kind
from tests.interface.conftest import Server
from tests.interface.roles import api_roles
from tests.postgres import first_events, process_env

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
GROUNDWORK = Path(sys.executable).with_name("groundwork")

#: Which kind of record each path prefix and each body id field names.
#: The API path of each kind of a network's records, and the kind's key; OSDI's too.
PATHS = {
    **{f"{k.path}/": k.key for k in every_kind().values() if k.of_network and k.path},
    "/osdi/people/": "people",
    "/osdi/events/": "gatherings",
}
BODY_IDS = {
    "network_id": "networks",
    "person_id": "people",
    "organiser_id": "people",
    "host_id": "people",
    "assessed_by": "people",
    "proposed_by": "people",
    "participant_id": "people",
    "facilitator_id": "people",
    "attendee_ids[*]": "people",
    "campaign_id": "campaigns",
    "listening_campaign_id": "listening_campaigns",
    "power_holder_id": "power_holders",
    "power_holder_ids[*]": "power_holders",
    "series_id": "gathering_series",
    "by_decision_id": "decisions",
    "taught_by": "people",
    "learner_ids[*]": "people",
}
#: The key of each kind of a network's records, by its aggregate's name (in topics).
KINDS = {cls.__name__: k.key for cls, k in every_kind().items() if k.of_network}


def recorded_ids(database: Path) -> dict[str, list[str]]:
    """The id of every record in the store, by kind, from the created events' topics."""
    ids: dict[str, list[str]] = defaultdict(list)
    for originator_id, topic in first_events(database):
        kind = KINDS.get(topic.split(":")[1].split(".")[0])
        if kind:
            ids[kind].append(str(UUID(originator_id)))
    return ids


def config(ids: dict[str, list[str]]) -> str:
    lines = []
    for kind, values in ids.items():
        lines += [f"[dictionaries.{kind}]", f"values = {json.dumps(values)}", ""]
    # The token of the account under test, by the API document's own security scheme, so
    # that schemathesis knows which header is the credential (and checks it is required).
    lines += ["[auth.openapi.HTTPBearer]", 'bearer = "${GROUNDWORK_TEST_TOKEN}"', ""]
    lines.append("[parameters]")
    for field, kind in BODY_IDS.items():
        lines.append(f'"body.{field}" = {{ dictionary = "{kind}", probability = 0.8 }}')
    lines.append('"query.campaign_id" = { dictionary = "campaigns", probability = 0.8 }')
    for prefix, kind in PATHS.items():
        lines += [
            "",
            "[[operations]]",
            f'include-path-regex = "^{prefix}"',
            f'parameters = {{ "path.id" = {{ dictionary = "{kind}", probability = 0.9 }} }}',
        ]
    return "\n".join(lines) + "\n"


def seed() -> list[str]:
    chosen = os.environ.get("SCHEMATHESIS_SEED", "20261123")
    return [] if chosen == "random" else ["--seed", chosen]


#: One account for each role, and the token of each (created once per module).
ROLE_NAMES = ("organiser", "leader", "auditor", "admin")


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """A server on the sample network, with an account for each role and a schemathesis
    configuration naming the sample's ids. Failed sign-ins are not limited here: schemathesis
    sends invalid tokens on purpose (the limit is tested in tests/interface/test_access.py)."""
    folder = tmp_path_factory.mktemp("contract")
    database = folder / "events.sqlite"
    subprocess.run(
        [str(GROUNDWORK), "demo", "--database", str(database)],
        check=True,
        capture_output=True,
        env=process_env(database),
    )
    config_file = folder / "schemathesis.toml"
    config_file.write_text(config(recorded_ids(database)))
    server = Server(database=database, env={"GROUNDWORK_SIGN_IN_ATTEMPTS": "1000000"}).start()
    for role in ROLE_NAMES:
        server.add_account(f"only-{role}", [role])
    server.wait_for_views()  # reads of views find the sample's records
    yield server, config_file
    server.stop()
    assert server.log is not None and " 500 " not in server.log.read_text()


def operations_of(role: str) -> str:
    """A regular expression matching the names of the operations a role may call."""
    names = [f"{method} {path}" for (method, path), roles in api_roles().items() if role in roles]
    return "^(" + "|".join(re.escape(n) for n in sorted(names)) + ")$"


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLE_NAMES)
def test_schemathesis_finds_no_failures(role: str, sample_server: tuple[Server, Path]) -> None:
    """Every operation a role may call, with that role's token: zero failures, with every
    check, `ignored_auth` among them (the same request without the token must be refused)."""
    server, config_file = sample_server
    env = os.environ | {
        "SCHEMATHESIS_HOOKS": "tests.interface.schemathesis_hooks",
        "PYTHONPATH": str(Path(__file__).parents[2]),
        "GROUNDWORK_TEST_TOKEN": server.tokens[f"only-{role}"],
    }
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(config_file),
            "run",
            f"{server.url}/openapi.json",
            "--checks",
            "all",
            "--no-color",
            "--include-name-regex",
            operations_of(role),
            # A fixed seed keeps CI reproducible; SCHEMATHESIS_SEED=random explores anew.
            *seed(),
            # How fast cases are generated depends on the machine's load, not on the API.
            "--suppress-health-check",
            "too_slow",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
    )
    (config_file.parent / f"schemathesis-{role}.txt").write_text(run.stdout + run.stderr)
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    assert "passed" in run.stdout
