"""One matrix of who may do what to which record, crossing every dimension of reach: every
endpoint of the API and every page of the web app, with every role, on the records of the
caller's own chapter, of another chapter of its network, of another network, and on a
one-to-one another organiser held. Whatever is out of the caller's reach is refused (404,
as for no record; 403 for a role, or for another organiser's one-to-one or follow-up) and
records nothing: 0 unauthorised successes, with the count of combinations tried printed.

The callers act within the first of two copies of the sample network, for its Kenya chapter
only; admins and auditors act deployment-wide, as they always do."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

import interface.web
from interface.web.session import COOKIE
from tests.interface.conftest import Server, ago, created
from tests.interface.roles import api_roles
from tests.interface.test_access import ROLE_NAMES, _operations
from tests.interface.test_contract import PATHS
from tests.interface.test_network_scope import sample_twice

#: What a call within the caller's reach and role never answers.
NEVER_ALLOWED = frozenset({401, 403, 429, 500})
PAGE_ROUTERS = [
    importlib.import_module(f"interface.web.{m.name}").router
    for m in pkgutil.iter_modules(interface.web.__path__)
    if hasattr(importlib.import_module(f"interface.web.{m.name}"), "router")
]
MISSING = "00000000-0000-4000-8000-00000000ffff"
WHERE = ("own chapter", "other chapter", "other network", "another organiser's")
DEPLOYMENT_WIDE = frozenset({"admin", "auditor"})
#: A one-to-one's notes: for the organiser who held it only, not on record for anyone else.
NOTES = frozenset(
    {("GET", "/one-to-ones/{id}/private-notes"), ("POST", "/one-to-ones/{id}/notes-corrections")}
)
FOLLOW_UP = ("POST", "/one-to-ones/{id}/follow-ups-done")
#: The recorder, a leader, records the one-to-ones each organiser held.
FOR_OTHERS = {"for_another_organiser": True}
#: Bodies that pass validation, where the refusal to test comes after it.
VALID = {
    ("POST", "/one-to-ones/{id}/notes-corrections"): {
        "private_notes": "Heard again",
        "reason": "Misheard",
    },
    FOLLOW_UP: {"number": 1, "happened_at": ago(hours=1)},
}


@dataclass(frozen=True)
class World:
    """The server, each role's account and linked person, and the ids of each kind of record
    for each place a record can be in relation to the callers."""

    server: Server
    ids: dict[str, dict[str, str]]  # where -> kind -> id
    person: dict[str, str | None]  # role -> the person its account is linked to
    held: dict[str, str]  # one-to-one -> the person who held it
    out_of_chapter: frozenset[str]  # the ids of the other chapter's person and one-to-one


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    database = tmp_path_factory.mktemp("matrix") / "events.sqlite"
    own, other = sample_twice(database)  # the callers' network, and another
    server = Server(database=database).start()
    server.add_account("recorder", ["organiser", "leader"])  # every network, every chapter
    net = own["networks"]
    with server.client("recorder") as api:
        org, lead, peer, kenyan = (_person(api, net, n, "Kenya") for n in ("A", "B", "C", "D"))
        portuguese = _person(api, net, "E", "Portugal")
        held = {
            created(api.post("/one-to-ones", json=_one_to_one(net, by, met, **FOR_OTHERS))): by
            for by, met in ((org, kenyan), (lead, kenyan), (peer, kenyan), (peer, portuguese))
        }
    by_org, _, by_peer, in_portugal = held
    person: dict[str, str | None] = {"organiser": org, "leader": lead}
    with server.client("admin") as admin:
        for role in ROLE_NAMES:
            made = admin.post(
                "/accounts",
                json={
                    "name": f"kenya-{role}",
                    "roles": [role],
                    "person_id": person.get(role),
                    "networks": [net],
                    "chapters": {net: ["Kenya"]},
                },
            )
            assert made.status_code == 201, made.text
            server.tokens[f"kenya-{role}"] = made.json()["token"]
        own["accounts"] = other["accounts"] = admin.get("/accounts/me").json()["id"]
    chapter = {**own, "people": kenyan}
    ids = {
        "own chapter": {**chapter, "one_to_ones": by_org},
        "other chapter": {**own, "people": portuguese, "one_to_ones": in_portugal},
        "other network": other,
        "another organiser's": {**chapter, "one_to_ones": by_peer},
    }
    server.wait_for_views()
    yield World(server, ids, person, held, frozenset({portuguese, in_portugal}))
    server.stop()


def _person(api: httpx.Client, network: str, name: str, community: str) -> str:
    person = created(
        api.post(
            "/people",
            json={
                "network_id": network,
                "name": f"Matrix {name}",
                "communities": [community],
                "languages": ["en"],
            },
        )
    )
    consent = {"scope": "keep_notes", "happened_at": ago(days=30)}
    created(api.post(f"/people/{person}/consents", json=consent))
    return person


def _one_to_one(network: str, organiser: str, person: str, **more: Any) -> dict[str, Any]:
    return {
        "network_id": network,
        "organiser_id": organiser,
        "person_id": person,
        "happened_at": ago(hours=3),
        "channel": "in_person",
        "duration_minutes": 30,
        "follow_ups": [{"what": "Send the leaflet"}, {"what": "Call back"}],
        "private_notes": "Lives near the clinic",
        **more,
    }


def _url(path: str, ids: dict[str, str]) -> tuple[str, str | None]:
    """The path with the record of its kind put in, and that kind."""
    bare = path.removeprefix("/app")
    kind = next((k for prefix, k in PATHS.items() if bare.startswith(prefix)), None)
    if bare.startswith("/accounts/"):
        kind = "accounts"
    return path.replace("{id}", ids.get(kind or "", MISSING)), kind


def _body(world: World, operation: tuple[str, str], role: str, where: str) -> dict[str, Any]:
    ids = world.ids[where]
    path = operation[1]
    if operation == ("POST", "/one-to-ones"):  # as the caller, but for another organiser's
        holder = world.held[world.ids["another organiser's"]["one_to_ones"]]
        organiser = world.person.get(role) or holder
        if where == "another organiser's":
            organiser = holder
        elif where == "other network":
            organiser = ids["people"]
        return _one_to_one(ids["networks"], organiser, ids["people"], private_notes=None)
    if operation in VALID:
        return VALID[operation]
    if "{id}" in path:
        return {}
    return {"network_id": ids["networks"], "person_id": ids["people"]}


def _expected(
    world: World, operation: tuple[str, str], role: str, where: str, named: str
) -> int | None:
    """The refusal due (a status), or None when the call is within the caller's reach."""
    if role not in {r.value for r in api_roles()[operation]}:
        return 403
    if role in DEPLOYMENT_WIDE:
        return 404 if operation in NOTES else None  # they held no one-to-one
    if where == "other network" and any(v in named for v in world.ids[where].values()):
        return 404
    if where == "other chapter" and any(v in named for v in world.out_of_chapter):
        return 404
    one_to_one = world.ids[where]["one_to_ones"]
    mine = world.held.get(one_to_one) == world.person.get(role)
    if operation in NOTES and not mine:
        return 404
    if operation == FOLLOW_UP and not mine and role != "leader":
        return 403
    if operation == ("POST", "/one-to-ones") and where == "another organiser's":
        return 403
    return None


def _order(operation: tuple[str, str]) -> tuple[bool, str, str]:
    """Erasure last: forgetting someone changes what every later call finds."""
    return (operation[1].endswith("/erasure"), operation[1], operation[0])


def test_the_callers_reach_what_they_should(world: World) -> None:
    """The matrix's refusals are not of records that are missing: the same records are
    found by whoever should find them."""
    server, own = world.server, world.ids["own chapter"]
    with server.client("kenya-organiser") as organiser, server.client("recorder") as wide:
        assert organiser.get(f"/people/{own['people']}").status_code == 200
        assert organiser.get(f"/one-to-ones/{own['one_to_ones']}/private-notes").status_code == 200
        mate = world.ids["another organiser's"]["one_to_ones"]
        assert organiser.get(f"/one-to-ones/{mate}").status_code == 200
        for ids in world.ids.values():
            assert wide.get(f"/people/{ids['people']}").status_code == 200
            assert wide.get(f"/one-to-ones/{ids['one_to_ones']}").status_code == 200
            assert wide.get(f"/campaigns/{ids['campaigns']}").status_code == 200


def test_every_endpoint_and_page_with_every_role_wherever_the_record_is(world: World) -> None:
    server = world.server
    unauthorised: list[str] = []
    tried = refused = 0
    api = {role: server.client(f"kenya-{role}") for role in ROLE_NAMES}
    try:
        for operation in sorted(_operations(server), key=_order):
            if operation == ("GET", "/health"):
                continue
            method, path = operation
            for role, client in api.items():
                for where in WHERE:
                    url, _ = _url(path, world.ids[where])
                    body = _body(world, operation, role, where) if method == "POST" else None
                    due = _expected(world, operation, role, where, f"{url} {body}")
                    before = server.event_count() if due and method == "POST" else 0
                    status = client.request(method, url, json=body).status_code
                    tried += 1
                    refused += due is not None
                    if due is not None and method == "POST" and server.event_count() != before:
                        unauthorised.append(f"{method} {url} as {role} ({where}): recorded")
                    wrong = status != due if due is not None else status in NEVER_ALLOWED
                    if wrong:
                        unauthorised.append(f"{method} {url} as {role} ({where}): {status}")
        pages = _pages(world, unauthorised)
    finally:
        for client in api.values():
            client.close()
    print(
        f"\n{tried} combinations of endpoint, role and where the record is tried in the API"
        f" ({refused} due a refusal), and {pages} of page, role and where in the web app"
    )
    assert tried > 1_000 and refused > 300 and pages > 500
    assert unauthorised == [], "\n".join(unauthorised)


def _pages(world: World, unauthorised: list[str]) -> int:
    """Every page and form of the web app, signed in with each role: what is out of reach is
    not found (404), whatever the role; the rest never fails for a missing sign-in."""
    server = world.server
    web = sorted(
        {
            (method, route.path)
            for router in PAGE_ROUTERS
            for route in router.routes
            for method in getattr(route, "methods", None) or ()
            if "{id}" in getattr(route, "path", "")
        },
        key=_order,
    )
    tried = 0
    for role in ROLE_NAMES:
        cookies = {COOKIE: server.tokens[f"kenya-{role}"]}
        headers = {"Origin": server.url}
        with httpx.Client(base_url=server.url, timeout=30, cookies=cookies, headers=headers) as b:
            for method, path in web:
                for where in WHERE:
                    url, _ = _url(path, world.ids[where])
                    wide = role in DEPLOYMENT_WIDE
                    outside = not wide and (
                        (where == "other network")
                        or (
                            where == "other chapter" and any(v in url for v in world.out_of_chapter)
                        )
                    )
                    before = server.event_count() if outside and method == "POST" else 0
                    status = b.request(method, url, data={} if method == "POST" else None)
                    tried += 1
                    code = status.status_code
                    if outside:
                        recorded = method == "POST" and server.event_count() != before
                        wrong = code != 404 or recorded
                    else:
                        wrong = code in (401, 429, 500)
                    if wrong:
                        unauthorised.append(f"page {method} {url} as {role} ({where}): {code}")
    return tried
