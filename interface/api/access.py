"""Who may call what: bearer tokens, the roles each endpoint admits, and the limits on failed
sign-ins (`interface.api.limits`).

Every route but `/health` is included with the `authorise` dependency, which signs the
caller in from their bearer token and checks their roles against those its endpoint admits,
said beside it with `@may(...)`. An endpoint without is refused at start-up
(`check_every_route_has_roles`), so no endpoint can be added without deciding who may call
it. The networks the request reaches, and the chapters its people are in, are checked
against those the account acts within (`interface.api.scope`): outside them, nothing is
found. Checks on the object itself (whose
private notes these are) are made where the object is read.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from domain.account import Account, Role
from interface.api.limits import guard_of
from interface.api.scope import check_scope

ORG, LEAD, AUD, ADM = Role.ORGANISER, Role.LEADER, Role.AUDITOR, Role.ADMIN
EVERYONE = frozenset(Role)

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def may(*roles: Role) -> Callable[[Endpoint], Endpoint]:
    """Which roles may call an endpoint, said on the endpoint itself, under its route's
    decorator. Organisers record and read the work; leaders read every view and record
    decisions and the network's governance; auditors read the log's verification, decision
    audits and the access record; admins manage accounts and people's personal data (export,
    erasure). An endpoint without it is refused at start-up (`check_every_route_has_roles`).
    """
    allowed = frozenset(roles)
    if not allowed:
        raise ValueError("an endpoint must admit at least one role")

    def admitting(endpoint: Endpoint) -> Endpoint:
        endpoint.__roles__ = allowed  # type: ignore[attr-defined]
        return endpoint

    return admitting


def roles_of(endpoint: Callable[..., Any]) -> frozenset[Role] | None:
    """The roles `may` gave an endpoint (None: none were given)."""
    roles: frozenset[Role] | None = getattr(inspect.unwrap(endpoint), "__roles__", None)
    return roles


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
    allowed = roles_of(route.endpoint) or frozenset()
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


def roles_by_route(routers: Iterable[APIRouter]) -> dict[tuple[str, str], frozenset[Role]]:
    """Which roles may call each endpoint of the routers, by method and path."""
    return {
        (method, route.path): roles
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute) and (roles := roles_of(route.endpoint)) is not None
        for method in route.methods or ()
    }


def check_every_route_has_roles(routers: Iterable[APIRouter]) -> None:
    """Refuses to start with an endpoint nobody decided the roles of, and shows each
    endpoint's roles in the API document (`x-roles`)."""
    missing = []
    for router in routers:
        for route in router.routes:
            if not isinstance(route, APIRoute) or not route.methods:
                continue
            roles = roles_of(route.endpoint)
            if roles is None:
                if {(method, route.path) for method in route.methods} - OPEN:
                    missing.append(f"{'/'.join(sorted(route.methods))} {route.path}")
            else:
                extra = route.openapi_extra or {}
                route.openapi_extra = extra | {"x-roles": sorted(roles)}
    if missing:
        raise RuntimeError(f"Endpoints without roles (see `may`): {sorted(missing)}")
