"""OSDI: people, gatherings and actions exported in the Open Supporter Data Interface's HAL
shapes, and people taken in from them, through the API and the command line, on a real
server."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from tests.interface.conftest import (
    GROUNDWORK,
    Network,
    Server,
    ago,
    created,
    launch_campaign,
    record_network,
)
from tests.interface.test_reading_api import wait_for_views
from tests.postgres import process_env

HAL = "application/hal+json"
PERSON_FIELDS = {
    "identifiers",
    "origin_system",
    "created_date",
    "modified_date",
    "given_name",
    "family_name",
    "email_addresses",
    "phone_numbers",
    "languages_spoken",
    "custom_fields",
    "_links",
}


def register(api: httpx.Client, network: Network, name: str, **fields: Any) -> str:
    body = {"network_id": network.id, "name": name, **fields}
    return created(api.post("/people", json=body))


def hold_gathering(
    api: httpx.Client,
    network: Network,
    attendees: list[str],
    facilitator: str | None = None,
    topic: str = "Planning",
) -> str:
    body = {
        "network_id": network.id,
        "kind": "meeting",
        "topic": topic,
        "happened_at": ago(days=1),
        "facilitator_id": facilitator,
        "attendee_ids": attendees,
    }
    return created(api.post("/gatherings", json=body))


def hal(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == HAL
    body: dict[str, Any] = response.json()
    return body


def every_person(api: httpx.Client, network_id: str) -> dict[str, Any]:
    """The whole people collection, in one page."""
    return hal(api.get(f"/networks/{network_id}/osdi/people", params={"per_page": 100}))


def comparable(people: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What travels between tools: names, contact details, languages, communities."""
    return sorted(
        (
            p["given_name"],
            p["family_name"],
            [e["address"] for e in p["email_addresses"]],
            [n["number"] for n in p["phone_numbers"]],
            p["languages_spoken"],
            p["custom_fields"].get("communities"),
        )
        for p in people
    )


@pytest.fixture
def people(api: httpx.Client, network: Network) -> dict[str, str]:
    """Besides the network's organiser and member: one with an email address who consented
    to being contacted, one with a phone number."""
    amina = register(
        api,
        network,
        "Amina Wanjiru Otieno",
        contact="amina@example.org",
        communities=["Kenya", "Portugal"],
        languages=["sw", "en"],
    )
    created(
        api.post(f"/people/{amina}/consents", json={"scope": "be_contacted", "happened_at": ago(1)})
    )
    joao = register(
        api, network, "João", contact="+351 912 345 678", communities=["Portugal"], languages=["pt"]
    )
    wait_for_views(api)
    return {"amina": amina, "joao": joao}


def test_people_are_an_osdi_collection_with_hal_links_and_pages(
    api: httpx.Client, network: Network, people: dict[str, str], server: Server
) -> None:
    first = hal(api.get(f"/networks/{network.id}/osdi/people", params={"per_page": 3}))
    second = hal(api.get(first["_links"]["next"]["href"]))

    assert (first["total_records"], first["total_pages"], first["per_page"]) == (4, 2, 3)
    assert (first["page"], second["page"]) == (1, 2)
    assert "prev" not in first["_links"] and "next" not in second["_links"]
    assert second["_links"]["prev"]["href"] == first["_links"]["self"]["href"]
    assert first["_links"]["curies"][0]["name"] == "osdi"
    listed = first["_embedded"]["osdi:people"] + second["_embedded"]["osdi:people"]
    assert len(listed) == 4 and all(set(p) == PERSON_FIELDS for p in listed)
    assert [link["href"] for link in first["_links"]["osdi:people"]] == [
        p["_links"]["self"]["href"] for p in first["_embedded"]["osdi:people"]
    ]
    by_id = {p["identifiers"][0]: p for p in listed}
    amina = by_id[f"groundwork:{people['amina']}"]
    assert (amina["given_name"], amina["family_name"]) == ("Amina", "Wanjiru Otieno")
    assert amina["email_addresses"] == [
        {"address": "amina@example.org", "primary": True, "status": "subscribed"}
    ]
    assert amina["phone_numbers"] == []
    assert amina["languages_spoken"] == ["sw", "en"]
    assert amina["custom_fields"] == {"communities": "Kenya; Portugal"}
    assert amina["origin_system"] == "Groundwork"
    joao = by_id[f"groundwork:{people['joao']}"]
    assert (joao["given_name"], joao["family_name"], joao["email_addresses"]) == ("João", None, [])
    assert joao["phone_numbers"] == [
        {"number": "+351 912 345 678", "primary": True, "status": "unsubscribed"}
    ]
    assert hal(api.get(amina["_links"]["self"]["href"])) == amina


def test_each_person_exported_is_a_read_on_their_access_record(
    api: httpx.Client, network: Network, people: dict[str, str], server: Server
) -> None:
    hal(api.get(f"/networks/{network.id}/osdi/people", params={"per_page": 3}))
    wait_for_views(api)

    with server.client("auditor") as auditor:
        for person, reads in (
            (people["amina"], 1),
            (network.organiser, 1),
            (people["joao"], 0),  # on the second page, not read
        ):
            found = auditor.get("/access-record", params={"person_id": person}).json()["reads"]
            assert [r["what"] for r in found] == ["osdi"] * reads


def test_gatherings_and_actions_are_osdi_events_with_attendances(
    api: httpx.Client, network: Network
) -> None:
    gathering = hold_gathering(
        api, network, [network.member], facilitator=network.organiser, topic="After a loss"
    )
    campaign = launch_campaign(api, network)
    plan = {
        "campaign_id": campaign,
        "kind": "delegation",
        "title": "Delegation to the board",
        "scheduled_for": ago(days=1),
        "ask": "Pay peer workers",
        "turnout_pledged": 40,
    }
    held = created(api.post("/actions", json=plan))
    created(
        api.post(
            f"/actions/{held}/held",
            json={"happened_at": ago(hours=20), "turnout": 46, "outcome": "Tabled in March"},
        )
    )
    cancelled = created(api.post("/actions", json=plan | {"title": "Vigil", "kind": "vigil"}))
    created(api.post(f"/actions/{cancelled}/cancellation", json={"reason": "Postponed"}))
    wait_for_views(api)

    page = hal(api.get(f"/networks/{network.id}/osdi/events"))
    events = {e["identifiers"][0].split(":")[1]: e for e in page["_embedded"]["osdi:events"]}
    attendances = hal(api.get(events[gathering]["_links"]["osdi:attendances"]["href"]))

    assert page["total_records"] == 3 and list(events) == [gathering, held, cancelled]
    assert {k: events[gathering][k] for k in ("title", "status", "total_accepted")} == {
        "title": "After a loss",
        "status": "confirmed",
        "total_accepted": 2,  # the member and the facilitator
    }
    assert events[gathering]["groundwork:kind"] == "gathering"
    assert (events[held]["status"], events[held]["total_accepted"]) == ("confirmed", 46)
    assert events[held]["description"] == "Pay peer workers" and events[held]["groundwork:held"]
    assert (events[cancelled]["status"], events[cancelled]["total_accepted"]) == ("cancelled", 40)
    assert "osdi:attendances" not in events[held]["_links"]
    assert hal(api.get(events[held]["_links"]["self"]["href"])) == events[held]
    assert attendances["total_records"] == 2
    embedded = attendances["_embedded"]["osdi:attendances"]
    assert {(a["status"], a["attended"]) for a in embedded} == {("accepted", True)}
    assert {a["_links"]["osdi:person"]["href"].rsplit("/", 1)[1] for a in embedded} == {
        network.member,
        network.organiser,
    }
    assert {a["_links"]["osdi:event"]["href"] for a in embedded} == {
        events[gathering]["_links"]["self"]["href"]
    }
    assert api.get(f"/osdi/events/{held}/attendances").status_code == 404


def import_file(server: Server, file: Path, network_id: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *(str(GROUNDWORK), "import", "osdi-people", str(file)),
            *("--network", network_id, "--database", str(server.database)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=process_env(server.database),
    )


def test_people_exported_from_one_network_are_imported_into_another_alike(
    api: httpx.Client, network: Network, people: dict[str, str], server: Server, tmp_path: Path
) -> None:
    exported = every_person(api, network.id)
    file = tmp_path / "people.json"
    file.write_text(json.dumps(exported))
    by_cli, by_api = record_network(api), record_network(api)

    first = import_file(server, file, by_cli.id)
    again = import_file(server, file, by_cli.id)
    for n, person in enumerate(exported["_embedded"]["osdi:people"]):
        body = {"person": person} if n % 2 else person  # the signup helper's shape, or not
        created(api.post(f"/networks/{by_api.id}/osdi/people", json=body))
    wait_for_views(api)

    assert first.returncode == 0, first.stderr
    assert "Recorded 4 people" in first.stdout
    assert again.returncode == 0 and "Recorded 0 people" in again.stdout, again.stderr
    assert "4 imported before, skipped" in again.stdout
    expected = comparable(exported["_embedded"]["osdi:people"])
    for target in (by_cli, by_api):
        imported = every_person(api, target.id)["_embedded"]["osdi:people"]
        assert comparable(imported[2:]) == expected  # after its own organiser and member


def test_an_import_with_a_bad_entry_records_nothing_and_says_where(
    api: httpx.Client, network: Network, server: Server, tmp_path: Path
) -> None:
    file = tmp_path / "people.json"
    file.write_text(
        json.dumps(
            {
                "total_records": 3,
                "_embedded": {
                    "osdi:people": [
                        {"given_name": "Ana", "email_addresses": [{"address": "a@example.org"}]},
                        {"email_addresses": [{"address": "b@example.org"}]},
                        {"given_name": "Caro", "custom_fields": {"communities": "Lisbon"}},
                    ]
                },
            }
        )
    )
    before = server.event_count()

    refused = import_file(server, file, network.id)
    unknown = import_file(server, file, str(uuid4()))

    assert refused.returncode == 1
    assert "_embedded.osdi:people[1].given_name: a person needs a name" in refused.stderr
    assert "_embedded.osdi:people[2].custom_fields.communities" in refused.stderr
    assert "2 of 3 entries refused; nothing was recorded" in refused.stderr
    assert unknown.returncode == 1 and "No network" in unknown.stderr
    assert server.event_count() == before


def test_a_forgotten_person_is_left_out_of_every_export(
    api: httpx.Client, network: Network, people: dict[str, str], server: Server
) -> None:
    gathering = hold_gathering(api, network, [people["amina"], network.member])
    with server.client("admin") as admin:
        created(admin.post(f"/people/{people['amina']}/erasure", json={}))
    wait_for_views(api)

    exported = every_person(api, network.id)
    event = hal(api.get(f"/osdi/events/{gathering}"))
    attendances = hal(api.get(f"/osdi/events/{gathering}/attendances"))

    assert exported["total_records"] == 3
    assert people["amina"] not in json.dumps(exported)
    assert "forgotten person" not in json.dumps(exported)
    missing = api.get(f"/osdi/people/{people['amina']}")
    assert missing.status_code == 404 and missing.json()["field"] == "path.id"
    assert event["total_accepted"] == 2  # a count, which names no one
    assert attendances["total_records"] == 1
    assert people["amina"] not in json.dumps(attendances)


def test_people_are_only_for_those_who_may_find_people(network: Network, server: Server) -> None:
    with server.client("auditor") as auditor, server.client("admin") as admin:
        assert auditor.get(f"/networks/{network.id}/osdi/people").status_code == 403
        assert auditor.post(f"/networks/{network.id}/osdi/people", json={}).status_code == 403
        assert admin.get(f"/networks/{network.id}/osdi/people").status_code == 200
        assert admin.get(f"/networks/{network.id}/osdi/events").status_code == 403


def test_an_unknown_network_is_404(api: httpx.Client) -> None:
    unknown = uuid4()
    person = {"given_name": "Ana"}

    for response in (
        api.get(f"/networks/{unknown}/osdi/people"),
        api.get(f"/networks/{unknown}/osdi/events"),
        api.post(f"/networks/{unknown}/osdi/people", json=person),
        api.get(f"/osdi/events/{unknown}"),
    ):
        assert response.status_code == 404, response.text
        assert response.json()["field"] == "path.id"
        assert response.headers["content-type"] == "application/json"


def test_an_imported_person_without_a_name_is_422_naming_the_field(
    api: httpx.Client, network: Network
) -> None:
    path = f"/networks/{network.id}/osdi/people"
    email = {"email_addresses": [{"address": "x@example.org", "primary": True}]}

    nameless = api.post(path, json=email)
    nameless_signup = api.post(path, json={"person": email})
    not_text = api.post(path, json={"person": {"given_name": 3}})
    unknown_field = api.post(path, json={"given_name": "Ana", "nickname": "A"})
    other_community = api.post(
        path, json={"person": {"given_name": "Ana", "custom_fields": {"communities": ["Lisbon"]}}}
    )

    assert nameless.status_code == 422 and nameless.json()["field"] == "body.given_name"
    assert nameless_signup.status_code == 422
    assert nameless_signup.json()["field"] == "body.person.given_name"
    assert not_text.status_code == 422 and not_text.json()["field"] == "body.person.given_name"
    assert unknown_field.status_code == 422 and unknown_field.json()["field"] == "body.nickname"
    assert other_community.status_code == 409
    assert other_community.json()["field"] == "body.person.custom_fields.communities"


def test_an_import_retried_with_its_idempotency_key_registers_once(
    api: httpx.Client, network: Network
) -> None:
    path = f"/networks/{network.id}/osdi/people"
    headers = {"Idempotency-Key": str(uuid4())}
    body = {"given_name": "Ana", "family_name": "Costa", "languages_spoken": ["pt"]}

    first = api.post(path, json=body, headers=headers)
    again = api.post(path, json=body, headers=headers)
    wait_for_views(api)

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    names = [p["given_name"] for p in every_person(api, network.id)["_embedded"]["osdi:people"]]
    assert names.count("Ana") == 1


def test_a_person_as_another_tool_sends_them_is_taken_with_what_groundwork_keeps(
    api: httpx.Client, network: Network
) -> None:
    person = {
        "identifiers": ["other_tool:81"],
        "origin_system": "Other Tool",
        "created_date": "2024-05-01T10:00:00Z",
        "given_name": "Maria",
        "additional_name": "da",
        "family_name": "Silva",
        "gender": "Female",
        "birthdate": {"month": 2, "day": 9, "year": 1980},
        "languages_spoken": ["pt-BR", "en"],
        "preferred_language": "pt-BR",
        "postal_addresses": [{"primary": True, "locality": "Porto", "country": "PT"}],
        "email_addresses": [
            {"address": "old@example.org", "primary": False, "status": "bouncing"},
            {"address": "maria@example.org", "primary": True, "address_type": "Personal"},
        ],
        "phone_numbers": [{"number": "+351 900 000 000", "number_type": "Mobile"}],
        "profiles": [{"provider": "Mastodon", "handle": "maria"}],
        "custom_fields": {"communities": "portugal", "union_member": "true"},
        "_links": {"self": {"href": "https://other.example.org/people/81"}},
    }

    taken = created(api.post(f"/networks/{network.id}/osdi/people", json=person))
    exported = hal(api.get(f"/osdi/people/{taken}"))

    assert (exported["given_name"], exported["family_name"]) == ("Maria", "da Silva")
    assert exported["email_addresses"] == [
        {"address": "maria@example.org", "primary": True, "status": "unsubscribed"}
    ]
    assert exported["phone_numbers"] == []
    assert exported["languages_spoken"] == ["pt-BR", "en"]
    assert exported["custom_fields"] == {"communities": "Portugal"}  # the network's spelling
    assert "Porto" not in json.dumps(api.get(f"/people/{taken}").json())
