"""Routers found, not listed: every module-level `APIRouter` of a package's modules, so a
new kind of record's API or pages are served by writing their module, with no list to
remember."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable
from types import ModuleType

from fastapi import APIRouter
from fastapi.routing import APIRoute

#: Where a module's routers come in the order routes are matched (the rest: 100, then by
#: module name). The most frequent write, a one-to-one logged right after the
#: conversation, is matched first; the site's own pages (signing in, the home page) before
#: the records' pages; OSDI, answering in HAL, after everything else.
PRIORITY = {
    "interface.api.one_to_ones": 0,
    "interface.web.pages": 0,
    "interface.api.osdi": 200,
}


def routers_of(package: ModuleType) -> list[tuple[ModuleType, APIRouter]]:
    """Each router defined at the top of one of the package's modules, with its module, in
    the order their routes are to be matched; refuses a path and method served twice."""
    modules = [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]
    modules.sort(key=lambda m: (PRIORITY.get(m.__name__, 100), m.__name__))
    found: list[tuple[ModuleType, APIRouter]] = []
    seen: set[int] = set()
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, APIRouter) and id(value) not in seen and defines(module, value):
                seen.add(id(value))
                found.append((module, value))
    check_no_route_twice([router for _, router in found])
    return found


def defines(module: ModuleType, router: APIRouter) -> bool:
    """Whether the router is the module's own: its endpoints are defined there. A router a
    module imports (an API router in a web module, say) is not taken in with the module's
    own, so it is never served without the checks its own package adds."""
    endpoints = [
        inspect.unwrap(route.endpoint) for route in router.routes if isinstance(route, APIRoute)
    ]
    return bool(endpoints) and all(e.__module__ == module.__name__ for e in endpoints)


def check_no_route_twice(routers: Iterable[APIRouter]) -> None:
    """Two modules serving one method and path would leave one of them never answered."""
    served: dict[tuple[str, str], str] = {}
    for router in routers:
        for route in router.routes:
            if not isinstance(route, APIRoute):
                continue
            for method in route.methods or ():
                where = f"{route.endpoint.__module__}.{route.endpoint.__name__}"
                if (method, route.path) in served:
                    raise RuntimeError(
                        f"{method} {route.path} is served by {served[(method, route.path)]} "
                        f"and {where}"
                    )
                served[(method, route.path)] = where


def check_web_routes_apart(web: list[APIRouter], api: list[APIRouter]) -> None:
    """The web app's pages are all under /app and sign in by session, not by token: a route
    of theirs with an API endpoint's roles, or outside /app, would be served without the
    API's checks. Neither package serves a path and method the other does."""
    strays = [
        route.path
        for router in web
        for route in router.routes
        if isinstance(route, APIRoute)
        and (
            not route.path.startswith("/app")
            or hasattr(inspect.unwrap(route.endpoint), "__roles__")
        )
    ]
    if strays:
        raise RuntimeError(f"Web routes outside /app or with an API endpoint's roles: {strays}")
    check_no_route_twice([*web, *api])
