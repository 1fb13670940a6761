"""Who may call what: bearer tokens, the roles each endpoint admits, and the limits on failed
sign-ins (`interface.api.limits`).

Every route but `/health` is included with the `authorise` dependency, which signs the
caller in from their bearer token and checks their roles against `ROLES`, the one table of
which roles may call which endpoint. A route missing from the table is refused at start-up
(`check_every_route_has_roles`), so no endpoint can be added without deciding who may call
it. The networks the request reaches, and the chapters its people are in, are checked
against those the account acts within (`interface.api.scope`): outside them, nothing is
found. Checks on the object itself (whose
private notes these are) are made where the object is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated
from uuid import UUID

from fastapi import Depends, FastAPI, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from domain.account import Account, Role
from interface.api.limits import guard_of
from interface.api.scope import check_scope

ORG, LEAD, AUD, ADM = Role.ORGANISER, Role.LEADER, Role.AUDITOR, Role.ADMIN
EVERYONE = frozenset(Role)

#: Which roles may call each endpoint, by method and path. Organisers record and read the
#: work; leaders read every view and record decisions and the network's governance;
#: auditors read the log's verification, decision audits and the access record; admins
#: manage accounts and people's personal data (export, erasure).
ROLES: dict[tuple[str, str], frozenset[Role]] = {
    # the organising work, recorded and read by organisers (leaders read it too)
    **{
        ("POST", p): frozenset({ORG})
        for p in (
            "/one-to-ones",
            "/one-to-ones/{id}/follow-ups-done",
            "/one-to-ones/{id}/notes-corrections",
            "/people",
            "/people/{id}/contact-details",
            "/people/{id}/consents",
            "/people/{id}/consent-withdrawals",
            "/people/{id}/leadership-assessments",
            "/people/{id}/skills",
            "/listening-campaigns",
            "/listening-campaigns/{id}/sessions",
            "/listening-campaigns/{id}/close",
            "/actions",
            "/actions/{id}/held",
            "/actions/{id}/evaluations",
            "/actions/{id}/cancellation",
            "/power-holders",
            "/power-holders/{id}/assessments",
            "/power-holder-meetings",
            "/power-holder-meetings/{id}/answers",
            "/power-holder-meetings/{id}/commitments",
            "/power-holder-meetings/{id}/commitment-outcomes",
            "/power-holder-meetings/{id}/evaluations",
            "/gathering-series",
            "/gatherings",
        )
    },
    # which communities (chapters) a person is in: organisers and the leaders of chapters
    ("POST", "/people/{id}/memberships"): frozenset({ORG, LEAD}),
    ("POST", "/people/{id}/membership-endings"): frozenset({ORG, LEAD}),
    # campaigns are run by organisers and leaders together
    **{
        ("POST", p): frozenset({ORG, LEAD})
        for p in (
            "/campaigns",
            "/campaigns/{id}/targets",
            "/campaigns/{id}/power-holders",
            "/campaigns/{id}/status",
            "/campaigns/{id}/evaluations",
        )
    },
    # the network's governance and its decisions: leaders
    **{
        ("POST", p): frozenset({LEAD})
        for p in (
            "/networks",
            "/networks/{id}/guidelines",
            "/networks/{id}/committee",
            "/networks/{id}/committee/step-downs",
            "/networks/{id}/communities",
            "/decisions",
            "/decisions/{id}/positions",
            "/decisions/{id}/outcome",
            "/decisions/{id}/revisits",
            "/decisions/{id}/supersession",
        )
    },
    # records and views of the work
    **{
        ("GET", p): frozenset({ORG, LEAD})
        for p in (
            "/one-to-ones/{id}",
            "/listening-campaigns/{id}",
            "/campaigns/{id}",
            "/actions/{id}",
            "/power-holders/{id}",
            "/power-holder-meetings/{id}",
            "/gathering-series/{id}",
            "/gatherings/{id}",
            "/networks/{id}/progress",
            "/networks/{id}/power-map",
            "/power-holders/{id}/power-map",
            "/people/{id}/history",
        )
    },
    # what auditors reconstruct decisions from, besides the leaders who took them
    **{
        ("GET", p): frozenset({ORG, LEAD, AUD})
        for p in (
            "/campaigns/{id}/timeline",
            "/campaigns/{id}/progress",
            "/decisions/{id}",
        )
    },
    ("GET", "/decisions/{id}/audit"): frozenset({LEAD, AUD}),
    # the same lists as CSV, for the same roles as their JSON
    ("GET", "/campaigns/{id}/timeline.csv"): frozenset({ORG, LEAD, AUD}),
    ("GET", "/campaigns/{id}/progress.csv"): frozenset({ORG, LEAD, AUD}),
    ("GET", "/networks/{id}/power-map.csv"): frozenset({ORG, LEAD}),
    ("GET", "/networks/{id}/commitments.csv"): frozenset({ORG, LEAD}),
    ("GET", "/networks/{id}/people.csv"): frozenset({ORG, LEAD, ADM}),
    # the network's rhythm as calendar feeds: for those who plan and go to its gatherings
    # and actions (organisers, leaders); auditors reconstruct decisions, not schedules, and
    # admins manage accounts and people's data, so neither needs them. Feeds name no one.
    **{
        ("GET", p): frozenset({ORG, LEAD})
        for p in ("/networks/{id}/calendar.ics", "/campaigns/{id}/calendar.ics")
    },
    # finding people: also admins, who answer people's requests about their data
    ("GET", "/networks"): EVERYONE,
    ("GET", "/networks/{id}"): EVERYONE,
    ("GET", "/networks/{id}/people"): frozenset({ORG, LEAD, ADM}),
    ("GET", "/people/{id}"): frozenset({ORG, LEAD, ADM}),
    # private notes: organisers, and of those only the one who held the one-to-one
    ("GET", "/one-to-ones/{id}/private-notes"): frozenset({ORG}),
    # the log and who read what
    ("GET", "/log/verification"): frozenset({AUD, ADM}),
    ("GET", "/access-record"): frozenset({AUD}),
    ("GET", "/views"): EVERYONE,
    # accounts and people's rights over their data
    ("GET", "/accounts/me"): EVERYONE,
    ("GET", "/accounts"): frozenset({ADM}),
    ("POST", "/accounts"): frozenset({ADM}),
    ("GET", "/accounts/{id}"): frozenset({ADM}),
    ("POST", "/accounts/{id}/tokens"): frozenset({ADM}),
    ("POST", "/accounts/{id}/roles"): frozenset({ADM}),
    ("POST", "/accounts/{id}/role-revocations"): frozenset({ADM}),
    ("POST", "/accounts/{id}/networks"): frozenset({ADM}),
    ("POST", "/accounts/{id}/network-revocations"): frozenset({ADM}),
    ("POST", "/accounts/{id}/chapters"): frozenset({ADM}),
    ("POST", "/accounts/{id}/chapter-revocations"): frozenset({ADM}),
    ("POST", "/accounts/{id}/disablement"): frozenset({ADM}),
    ("POST", "/accounts/{id}/enablement"): frozenset({ADM}),
    ("GET", "/people/{id}/export"): frozenset({ADM}),
    ("GET", "/webhooks"): frozenset({ADM}),
    ("POST", "/webhooks"): frozenset({ADM}),
    ("POST", "/webhooks/{id}/removal"): frozenset({ADM}),
    ("POST", "/people/{id}/erasure"): frozenset({ADM}),
    # OSDI, for other organising tools: people (names and contact details, each export a
    # read on the access record) for those who may find people; gatherings and actions,
    # and who came to a gathering (ids only), for those who read the records of the work;
    # people taken in from another tool are registered, as organisers register people.
    ("GET", "/networks/{id}/osdi/people"): frozenset({ORG, LEAD, ADM}),
    ("GET", "/osdi/people/{id}"): frozenset({ORG, LEAD, ADM}),
    ("POST", "/networks/{id}/osdi/people"): frozenset({ORG}),
    ("GET", "/networks/{id}/osdi/events"): frozenset({ORG, LEAD}),
    ("GET", "/osdi/events/{id}"): frozenset({ORG, LEAD}),
    ("GET", "/osdi/events/{id}/attendances"): frozenset({ORG, LEAD}),
}

#: The endpoints anyone may call without a token.
OPEN = frozenset({("GET", "/health"), ("GET", "/")})  # "/" only redirects to the docs


@dataclass(frozen=True)
class Caller:
    """Who is calling: their account, its roles, the person it belongs to, if linked, the
    networks it acts within (None: every network, see `domain.account.DEPLOYMENT_WIDE`), and
    those of them within which it acts for some chapters (communities) only."""

    account_id: UUID
    roles: frozenset[Role]
    person_id: UUID | None
    networks: frozenset[UUID] | None = frozenset()
    chapters: Mapping[UUID, frozenset[str]] = field(default_factory=dict)

    def may_see(self, network_id: UUID) -> bool:
        return self.networks is None or network_id in self.networks

    def chapters_in(self, network_id: UUID) -> frozenset[str] | None:
        """The chapters of a network the caller acts for; None: every chapter."""
        return None if self.networks is None else self.chapters.get(network_id)


def caller_of(account: Account) -> Caller:
    """The caller an account signs in as, by the API or the web app."""
    return Caller(
        account_id=account.id,
        roles=frozenset(account.roles),
        person_id=account.person_id,
        networks=None if account.everywhere else frozenset(account.networks),
        chapters={n: frozenset(c) for n, c in account.chapters.items()},
    )


class AccessDenied(Exception):
    """A request refused before anything was read or recorded: 401 or 403."""

    def __init__(
        self, status: int, error: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail
        self.headers = headers or {}


def unauthenticated(detail: str) -> AccessDenied:
    return AccessDenied(401, "Unauthenticated", detail, {"WWW-Authenticate": "Bearer"})


def forbidden(detail: str) -> AccessDenied:
    return AccessDenied(403, "Forbidden", detail)


bearer = HTTPBearer(
    auto_error=False,
    description="A token from `groundwork accounts add NAME --role ROLE` (or an admin's "
    "POST /accounts), sent as `Authorization: Bearer gw_...`.",
)


async def authorise(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    """Signs the caller in and checks their roles may call this endpoint."""
    if credentials is None:
        raise unauthenticated(
            "This endpoint needs a bearer token: send 'Authorization: Bearer <token>'."
        )
    guard, address = guard_of(request)
    guard.check(address)
    account = request.app.state.groundwork.signed_in(credentials.credentials)
    if account is None:
        guard.failed(address)
        raise unauthenticated(
            "The bearer token is not valid: unknown, replaced by a newer one, or its account "
            "is disabled."
        )
    route = request.scope["route"]
    allowed = ROLES[(request.method, route.path)]
    roles = frozenset(account.roles)
    if not roles & allowed:
        raise forbidden(
            f"Account {account.id} may not {request.method} {route.path}: it needs the role "
            f"{' or '.join(sorted(allowed))}."
        )
    caller = caller_of(account)
    # Outside the caller's networks and chapters (but for their own), nothing is found.
    await check_scope(request, caller.networks, caller.chapters, caller.person_id)
    return caller


CallerDep = Annotated[Caller, Depends(authorise)]


def check_every_route_has_roles(api: FastAPI) -> None:
    """Refuses to start with an endpoint nobody decided the roles of (or roles of an
    endpoint that no longer exists)."""
    # Included routers are resolved lazily (FastAPI 0.16x), so their endpoints are listed
    # from the API document; top-level routes (some hidden from it) from the app itself.
    documented = {
        (method.upper(), path)
        for path, operations in api.openapi()["paths"].items()
        for method in operations
    }
    routes = documented | {
        (method, route.path)
        for route in api.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }
    missing = routes - set(ROLES) - OPEN
    stale = set(ROLES) - routes
    if missing or stale:
        raise RuntimeError(
            f"Endpoints without roles: {sorted(missing)}; roles without endpoints: {sorted(stale)}"
        )
