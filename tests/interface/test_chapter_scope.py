"""Chapters scope access within a network: an account granted some of a network's
communities finds only their people (and the one-to-ones with them) in the API, the lists,
CSV, OSDI and the pages; the network's other records stay in reach; a person comes into and
goes out of reach as they join and leave a chapter; a network-wide account sees every
chapter."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from uuid import UUID

import httpx
import pytest

from interface.web.session import COOKIE
from tests.interface.conftest import (
    GROUNDWORK,
    Network,
    Server,
    ago,
    created,
    launch_campaign,
    one_to_one_body,
    record_network,
)
from tests.interface.test_network_scope import MISSING, _as, _same_as_missing
from tests.postgres import process_env


@dataclass(frozen=True)
class Chapters:
    """A network of two communities, Kenya (its organiser) and Portugal (its member), a
    one-to-one with the member, an organiser acting for Kenya only (linked to the Kenya
    person) and a leader acting within the whole network."""

    net: Network
    one_to_one: str
    kenya: str  # token
    kenya_account: str
    leader: str  # token


@pytest.fixture
def chapters(server: Server, api: httpx.Client) -> Chapters:
    net = record_network(api)
    one_to_one = created(api.post("/one-to-ones", json=one_to_one_body(net)))
    # "kenya": in the network's spelling once recorded.
    made = _kenya_organiser(server, net, f"kenya-{net.id[:8]}", "kenya", net.organiser)
    leader = server.add_account(f"lead-{net.id[:8]}", ["organiser", "leader"], networks=[net.id])
    return Chapters(net, one_to_one, made.json()["token"], made.json()["id"], leader)


def _kenya_organiser(
    server: Server, net: Network, name: str, kenya: str, person_id: str | None
) -> httpx.Response:
    """An organiser acting for the network's Kenya chapter only, created by the admin."""
    with server.client("admin") as admin:
        made = admin.post(
            "/accounts",
            json={
                "name": name,
                "roles": ["organiser"],
                "person_id": person_id,
                "networks": [net.id],
                "chapters": {net.id: [kenya]},
            },
        )
    assert made.status_code == 201, made.text
    return made


def _names(text: str, record: str) -> bool:
    return record in text or UUID(record).hex in text


def _listed(client: httpx.Client, network: str) -> dict[str, str]:
    """Each list of the network's people, as the client reads it."""
    directory = client.get(f"/networks/{network}/people", params={"limit": 200})
    csv = client.get(f"/networks/{network}/people.csv")
    osdi = client.get(f"/networks/{network}/osdi/people", params={"per_page": 100})
    for response in (directory, csv, osdi):
        assert response.status_code == 200, response.text
    return {"directory": directory.text, "csv": csv.text, "osdi": osdi.text}


def test_an_organiser_of_one_chapter_finds_only_its_people(
    server: Server, chapters: Chapters
) -> None:
    net = chapters.net
    server.wait_for_views()
    with _as(server, chapters.kenya) as kenya, _as(server, chapters.leader) as leader:
        assert kenya.get(f"/people/{net.organiser}").status_code == 200
        assert kenya.get(f"/networks/{net.id}").status_code == 200  # the network's own
        for url in ("/people/{}", "/people/{}/history", "/osdi/people/{}"):
            _same_as_missing(kenya, url, net.member)
        # The one-to-one they held is theirs, whatever chapter the person met is in...
        assert kenya.get(f"/one-to-ones/{chapters.one_to_one}").status_code == 200
        for name, text in _listed(kenya, net.id).items():
            assert _names(text, net.organiser), name
            assert not _names(text, net.member), name
        osdi = kenya.get(f"/networks/{net.id}/osdi/people").json()
        assert osdi["total_records"] == 1

        assert leader.get(f"/people/{net.member}").status_code == 200
        assert leader.get(f"/one-to-ones/{chapters.one_to_one}").status_code == 200
        for name, text in _listed(leader, net.id).items():
            assert _names(text, net.organiser) and _names(text, net.member), name
    # ...but not another Kenya organiser's: for them it is Portugal's.
    peer = _kenya_organiser(server, net, f"kenya-peer-{net.id[:8]}", "Kenya", None)
    with _as(server, peer.json()["token"]) as other:
        assert other.get(f"/people/{net.organiser}").status_code == 200
        _same_as_missing(other, "/one-to-ones/{}", chapters.one_to_one)


def test_the_networks_other_records_stay_in_reach_of_every_chapter(
    server: Server, api: httpx.Client, chapters: Chapters
) -> None:
    campaign = launch_campaign(api, chapters.net)
    with _as(server, chapters.kenya) as kenya:
        assert kenya.get(f"/campaigns/{campaign}").status_code == 200


def test_pages_of_another_chapters_people_are_not_found(server: Server, chapters: Chapters) -> None:
    net = chapters.net
    server.wait_for_views()
    cookies = {COOKIE: chapters.kenya}
    with httpx.Client(base_url=server.url, timeout=30, cookies=cookies) as browser:
        assert browser.get(f"/app/people/{net.organiser}").status_code == 200
        outside = browser.get(f"/app/people/{net.member}")
        missing = browser.get(f"/app/people/{MISSING}")
        listed = browser.get(f"/app/networks/{net.id}/people")
        form = browser.get(f"/app/networks/{net.id}/one-to-ones/new")
    assert outside.status_code == missing.status_code == 404
    assert outside.text.replace(net.member, MISSING) == missing.text
    for page in (listed, form):  # the directory, and the one-to-one form's picker of people
        assert page.status_code == 200
        assert _names(page.text, net.organiser) and not _names(page.text, net.member)


def test_an_organiser_of_one_chapter_cannot_record_with_another_chapters_people(
    server: Server, chapters: Chapters
) -> None:
    net = chapters.net
    before = server.event_count()
    person = {"network_id": net.id, "name": "New", "languages": ["en"]}
    with _as(server, chapters.kenya) as kenya:
        one_to_one = kenya.post(
            "/one-to-ones", json=one_to_one_body(net, for_another_organiser=False)
        )
        joining = kenya.post(
            f"/people/{net.member}/memberships",
            json={"community": "Kenya", "happened_at": ago(hours=1)},
        )
        into_portugal = kenya.post("/people", json={**person, "communities": ["Portugal"]})
        into_none = kenya.post("/people", json={**person, "communities": []})
        osdi = kenya.post(
            f"/networks/{net.id}/osdi/people",
            json={"given_name": "New", "custom_fields": {"communities": "Portugal"}},
        )
        into_kenya = kenya.post("/people", json={**person, "communities": ["Kenya"]})

    assert one_to_one.status_code == 404 and one_to_one.json()["field"] == "body.person_id"
    assert joining.status_code == 404 and joining.json()["field"] == "path.id"
    for refused in (into_portugal, into_none):
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"] == "ChapterNotGranted"
        assert refused.json()["field"] == "body.communities"
    assert osdi.status_code == 403, osdi.text
    assert osdi.json()["field"] == "body.custom_fields.communities"
    assert into_kenya.status_code == 201, into_kenya.text
    assert server.event_count() == before + 1


def test_joining_and_leaving_a_chapter_moves_a_person_into_and_out_of_reach(
    server: Server, chapters: Chapters
) -> None:
    net = chapters.net
    membership = {"community": "Kenya", "happened_at": ago(hours=1)}
    with _as(server, chapters.kenya) as kenya, _as(server, chapters.leader) as leader:
        assert kenya.get(f"/people/{net.member}").status_code == 404
        joined = leader.post(f"/people/{net.member}/memberships", json=membership)
        assert joined.status_code == 201, joined.text
        assert set(joined.json()) >= {"id", "version"}

        assert kenya.get(f"/people/{net.member}").json()["communities"] == ["Portugal", "Kenya"]
        assert kenya.get(f"/one-to-ones/{chapters.one_to_one}").status_code == 200
        server.wait_for_views()
        for name, text in _listed(kenya, net.id).items():
            assert _names(text, net.member), name

        again = leader.post(f"/people/{net.member}/memberships", json=membership)
        assert again.status_code == 409 and again.json()["error"] == "AlreadyInCommunity"
        assert again.json()["field"] == "body.community"

        left = kenya.post(f"/people/{net.member}/membership-endings", json=membership)
        assert left.status_code == 201, left.text
        # At once, whether or not the views have caught up yet.
        _same_as_missing(kenya, "/people/{}", net.member)
        # The one-to-one they held stays theirs.
        assert kenya.get(f"/one-to-ones/{chapters.one_to_one}").status_code == 200
        for name, text in _listed(kenya, net.id).items():
            assert not _names(text, net.member), name

        not_in = leader.post(f"/people/{net.member}/membership-endings", json=membership)
        assert not_in.status_code == 409 and not_in.json()["error"] == "NotInCommunity"
        unknown = leader.post(
            f"/people/{net.member}/memberships",
            json={"community": "Atlantis", "happened_at": ago(hours=1)},
        )
        assert unknown.status_code == 409 and unknown.json()["field"] == "body.community"


def test_chapters_are_granted_and_revoked_by_an_admin(server: Server, chapters: Chapters) -> None:
    net = chapters.net
    token = server.add_account(f"wide-{net.id[:8]}", ["organiser"], networks=[net.id])
    with server.client("admin") as admin, _as(server, token) as organiser:
        me = organiser.get("/accounts/me").json()
        assert me["chapters"] == {}
        assert organiser.get(f"/people/{net.member}").status_code == 200
        refused = organiser.post(
            f"/accounts/{me['id']}/chapters", json={"network_id": net.id, "communities": ["Kenya"]}
        )
        assert refused.status_code == 403

        granted = admin.post(
            f"/accounts/{me['id']}/chapters", json={"network_id": net.id, "communities": ["Kenya"]}
        )
        assert granted.status_code == 201, granted.text
        assert organiser.get("/accounts/me").json()["chapters"] == {net.id: ["Kenya"]}
        assert admin.get(f"/accounts/{me['id']}").json()["chapters"] == {net.id: ["Kenya"]}
        assert organiser.get(f"/people/{net.member}").status_code == 404

        widening = admin.post(
            f"/accounts/{me['id']}/chapter-revocations",
            json={"network_id": net.id, "communities": ["Kenya"]},
        )
        assert widening.status_code == 409 and widening.json()["field"] == "body.communities"
        assert organiser.get(f"/people/{net.member}").status_code == 404

        widened = admin.post(
            f"/accounts/{me['id']}/chapter-revocations", json={"network_id": net.id}
        )
        assert widened.status_code == 201, widened.text
        assert organiser.get(f"/people/{net.member}").status_code == 200
    assert admin_sees(server, chapters)


def test_an_account_of_some_chapters_is_added_on_the_command_line(
    server: Server, chapters: Chapters
) -> None:
    net = chapters.net

    def add(name: str, *options: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                str(GROUNDWORK),
                "accounts",
                "add",
                name,
                "--role",
                "organiser",
                *options,
                "--database",
                str(server.database),
            ],
            capture_output=True,
            text=True,
            check=False,
            env=process_env(server.database),
        )

    two = add(f"two-{net.id[:8]}", "--network", net.id, "--network", MISSING, "--chapter", "x")
    assert two.returncode == 2 and "exactly one --network" in two.stderr
    done = add(f"cli-{net.id[:8]}", "--network", net.id, "--chapter", "Kenya")
    assert done.returncode == 0, done.stderr
    with _as(server, done.stdout.strip()) as kenya:
        assert kenya.get("/accounts/me").json()["chapters"] == {net.id: ["Kenya"]}
        assert kenya.get(f"/people/{net.organiser}").status_code == 200
        assert kenya.get(f"/people/{net.member}").status_code == 404


def admin_sees(server: Server, chapters: Chapters) -> bool:
    """Admins act within every chapter, whatever is granted to them."""
    with server.client("admin") as admin:
        return admin.get(f"/people/{chapters.net.member}").status_code == 200
