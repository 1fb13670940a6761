"""Which roles may call each endpoint, as the endpoints say it (`interface.api.access.may`):
the table the access tests check every role against."""

from __future__ import annotations

from functools import cache

import interface.api
from domain.account import Role
from interface.api.access import roles_by_route
from interface.api.discovery import routers_of


@cache
def api_roles() -> dict[tuple[str, str], frozenset[Role]]:
    """By method and path, the roles that may call each of the API's endpoints."""
    return roles_by_route(router for _, router in routers_of(interface.api))
