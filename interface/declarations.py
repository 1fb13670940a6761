"""Every kind of record declared whole, checked as the app is made: a kind is declared once,
on its aggregate (`domain.kinds.Kind`), and its other parts are found where they are written
(summaries, endpoints with their roles, pages), so what can be forgotten is checked here.
The server refuses to start with a kind of a network's records that lacks one:

- its events each told on a story, or declared to tell none (`projections.summaries`);
- a read endpoint at its path, `GET {path}/{id}`, saying who may call it (`may`);
- a page of its own in the web app, `GET /app{path}/{id}`, saying who may read it (so that
  stories link to it for them);
- the parts people take in it declared (`Kind.parts`), when its events say who takes part;

and with an aggregate that belongs to a network but declares no kind (its records would be
outside every network's scope, and nameless in errors).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping

from eventsourcing.domain import Aggregate
from fastapi import APIRouter
from fastapi.routing import APIRoute

from domain.kinds import Kind
from interface.api.access import roles_of
from projections.summaries import untold


def _events(aggregate: type) -> list[type]:
    return [
        cls for cls in vars(aggregate).values() if isinstance(cls, type) and hasattr(cls, "mutate")
    ]


def _belongs_to_a_network(aggregate: type) -> bool:
    """Whether an event of the aggregate names a network (read from the events' signatures:
    the library makes each event a dataclass)."""
    return any("network_id" in inspect.signature(event).parameters for event in _events(aggregate))


def _reads(routers: Iterable[APIRouter]) -> dict[str, APIRoute]:
    return {
        route.path: route
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute) and "GET" in (route.methods or ())
    }


def missing_parts(
    kinds: Mapping[type[Aggregate], Kind],
    api: Iterable[APIRouter],
    web: Iterable[APIRouter],
    aggregates: Iterable[type[Aggregate]] = (),
    readable: Mapping[str, object] | None = None,
) -> list[str]:
    """What each kind lacks, in words naming the kind and the part: empty when whole."""
    reads, pages = _reads(api), _reads(web)
    problems = [
        f"{cls.__name__}: belongs to a network but declares no kind (KIND = Kind(...))"
        for cls in aggregates
        if cls not in kinds and _belongs_to_a_network(cls)
    ]
    for cls, kind in kinds.items():
        if not kind.of_network or kind.path is None:
            continue
        name = f"{cls.__name__} ({kind.words})"
        problems += [
            f"{name}: {event.__qualname__} has no summary (@summarises, or tells_no_story)"
            for event in untold(cls)
        ]
        read = reads.get(f"{kind.path}/{{id}}")
        if read is None:
            problems.append(f"{name}: no read endpoint GET {kind.path}/{{id}}")
        elif roles_of(read.endpoint) is None:
            problems.append(f"{name}: GET {kind.path}/{{id}} says no roles (@may)")
        if f"/app{kind.path}/{{id}}" not in pages:
            problems.append(f"{name}: no page GET /app{kind.path}/{{id}}")
        elif readable is not None and f"{kind.path}/" not in readable:
            problems.append(f"{name}: its page says no readers (RecordPage, or `readers`)")
        if not kind.parts and any(hasattr(e, "involved") for e in _events(cls)):
            problems.append(f"{name}: its events say who takes part, but it declares no parts")
    return problems


def check_every_kind_declared(
    kinds: Mapping[type[Aggregate], Kind],
    api: Iterable[APIRouter],
    web: Iterable[APIRouter],
    aggregates: Iterable[type[Aggregate]] = (),
    readable: Mapping[str, object] | None = None,
) -> None:
    """Refuses to start with a kind of record declared in part (see the module's words)."""
    problems = missing_parts(kinds, list(api), list(web), aggregates, readable)
    if problems:
        raise RuntimeError("Kinds of record declared in part:\n" + "\n".join(problems))
