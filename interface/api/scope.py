"""Which networks a request reaches, checked against those the caller acts within.

One check for every endpoint and page, made when the caller signs in: every id the request
names (in its path, its query and its body: the record it reads or changes, the network it
records into, the people, campaigns and evidence it refers to) is looked up, and an id of a
record in a network the caller does not act within is answered as an id of no record: 404,
with the body a missing record of that kind gets (`NotFound`), so that nothing tells the
caller it exists. Ids of no record are left to the endpoint, which answers as it always did.

Within a network, an account may act for some of its chapters (communities) only: then a
person is in reach when they belong to one of those chapters now, a one-to-one when the
person met does, and the network's other records (campaigns, actions, decisions...) always
(`Groundwork.scope_of`). A person of another chapter, or of none, is not found, as a record
of another network is; so is a command naming one.

What ids alone cannot scope, lists spanning networks, are filtered where they are made
(`GET /networks`, the web app's list of networks); the other lists are each one network's,
named in their path, and the lists of its people are filtered where they are made, by the
chapters of the network the caller acts for (`Caller.chapters_in`): in the view's query, and
again by each person's record as it stands (`interface.api.reading.in_chapters`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from uuid import UUID

from fastapi import Request

from domain.application import Groundwork
from domain.commands.grants import Scope
from domain.errors import NotFound


async def check_scope(
    request: Request,
    networks: frozenset[UUID] | None,
    chapters: Mapping[UUID, frozenset[str]] | None = None,
    person_id: UUID | None = None,
) -> None:
    """Refuses, as not found, a request naming a record of a network outside `networks`
    (None: the caller acts within every network), or of a network in `chapters` (those
    within which the caller acts for some chapters only) that belongs to none of them and is
    not the caller's own (`person_id`: their person, and the one-to-ones they held)."""
    if networks is None:
        return
    app: Groundwork = request.app.state.groundwork
    for field, record_id in await named_ids(request):
        found = app.scope_of(record_id)
        if found is not None and not in_reach(found, networks, chapters or {}, person_id):
            raise NotFound(found.kind, record_id, field)


def in_reach(
    found: Scope,
    networks: frozenset[UUID],
    chapters: Mapping[UUID, frozenset[str]],
    person_id: UUID | None = None,
) -> bool:
    if found.network_id not in networks:
        return False
    if person_id is not None and person_id in found.own:
        return True  # one's own record, and the one-to-ones one held, in any chapter
    granted = chapters.get(found.network_id)
    return granted is None or found.chapters is None or bool(found.chapters & granted)


async def named_ids(request: Request) -> list[tuple[str, UUID]]:
    """Every id the request names, with the field naming it: path, query, then body."""
    named = [*_ids(request.path_params), *_ids(request.query_params)]
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        named.extend(_ids(await _body(request)))
    return named


async def _body(request: Request) -> Mapping[str, Any]:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return {k: v for k, v in (await request.form()).multi_items()}
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        return {}  # not JSON: the endpoint refuses it as it always did
    return body if isinstance(body, dict) else {"body": body}


def _ids(values: Mapping[str, Any]) -> Iterator[tuple[str, UUID]]:
    for field, value in values.items():
        for found in _uuids(value):
            yield field, found


def _uuids(value: Any, depth: int = 0) -> Iterator[UUID]:
    """The ids in a value, however deep in lists and objects (to a sane depth)."""
    if isinstance(value, UUID):
        yield value
    elif isinstance(value, str) and 32 <= len(value) <= 36:
        try:
            yield UUID(value)
        except ValueError:
            return
    elif depth < 8 and isinstance(value, list):
        for item in value:
            yield from _uuids(item, depth + 1)
    elif depth < 8 and isinstance(value, dict):
        for item in value.values():
            yield from _uuids(item, depth + 1)
