"""The list views as CSV, from the API and from the command line: the same rows as the JSON
lists, with the documented columns in a stable order."""

from __future__ import annotations

import csv
import io
import subprocess

import httpx

from interface.exports import EXPORTS
from tests.interface.conftest import (
    GROUNDWORK,
    Network,
    Server,
    created,
    launch_campaign,
    one_to_one_body,
)
from tests.interface.test_reading_api import wait_for_views
from tests.postgres import process_env


def export(server: Server, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GROUNDWORK), "views", "export", *args, "--database", str(server.database)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=process_env(server.database),
    )


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_every_list_as_csv_has_its_columns_and_the_rows_of_its_json(
    api: httpx.Client, network: Network, server: Server
) -> None:
    campaign = launch_campaign(api, network)
    created(api.post("/one-to-ones", json=one_to_one_body(network, campaign_id=campaign)))
    wait_for_views(api)
    paths = {
        "people": f"/networks/{network.id}/people.csv",
        "power-map": f"/networks/{network.id}/power-map.csv",
        "commitments": f"/networks/{network.id}/commitments.csv",
        "timeline": f"/campaigns/{campaign}/timeline.csv",
        "progress": f"/campaigns/{campaign}/progress.csv",
    }
    got = {name: api.get(path) for name, path in paths.items()}
    people = api.get(f"/networks/{network.id}/people", params={"limit": 500}).json()["people"]
    story = api.get(f"/campaigns/{campaign}/timeline", params={"limit": 500}).json()["entries"]
    weekly = api.get(f"/campaigns/{campaign}/progress").json()["weekly"]

    assert set(got) == set(EXPORTS)
    for name, response in got.items():
        assert response.status_code == 200, (name, response.text)
        assert response.headers["content-type"].startswith("text/csv")
        assert tuple(table(response.text)[0]) == EXPORTS[name].columns
    assert [r[0] for r in table(got["people"].text)[1:]] == [p["person_id"] for p in people]
    assert [r[1] for r in table(got["people"].text)[1:]] == [p["name"] for p in people]
    assert [int(r[0]) for r in table(got["timeline"].text)[1:]] == [e["position"] for e in story]
    assert len(table(got["progress"].text)) - 1 == len(weekly) > 0


def test_a_csv_of_something_not_on_record_is_404_and_a_role_that_may_not_is_403(
    api: httpx.Client, network: Network, server: Server
) -> None:
    missing = api.get("/campaigns/00000000-0000-4000-8000-000000000000/timeline.csv")
    with server.client("auditor") as auditor:
        forbidden = auditor.get(f"/networks/{network.id}/people.csv")

    assert missing.status_code == 404 and missing.json()["error"] == "NotFound"
    assert forbidden.status_code == 403


def test_the_command_line_writes_the_same_csv(
    api: httpx.Client, network: Network, server: Server
) -> None:
    wait_for_views(api)
    from_api = api.get(f"/networks/{network.id}/people.csv").text
    from_cli = export(server, "people", "--of", network.id, "--csv")
    not_there = export(server, "timeline", "--of", network.id)

    assert from_cli.returncode == 0, from_cli.stderr
    assert table(from_cli.stdout) == table(from_api)
    assert not_there.returncode == 1 and not_there.stdout == ""
    assert f"No campaign with id {network.id}" in not_there.stderr
