"""What every read of a view shares: finding the view, saying how fresh it is, paging, and
resolving people's names when read (views keep ids, never names)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Query, Request
from pydantic import BaseModel, Field

from domain.application import Groundwork
from domain.errors import NotFound, NotOnRecord, RuleBroken
from domain.network import Network
from domain.person import Person
from projections.follower import Follower
from projections.view import View

V = TypeVar("V", bound=View)

Limit = Annotated[int, Query(ge=1, le=500, description="How many to return, at most.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="How many to skip.")]


class Freshness(BaseModel):
    """How far along the log the view that answered is."""

    position: int = Field(description="How far along the log the view is.")
    lag: int = Field(description="How many recorded events the view has not applied yet.")


class Page(Freshness):
    limit: int
    offset: int
    next_offset: int | None = Field(description="The offset of the next page, if there is one.")


def read_view(request: Request, cls: type[V]) -> tuple[V, Freshness]:
    follower: Follower = request.app.state.follower
    view, status = follower.view_of(cls)
    return view, Freshness(position=status.position, lag=status.lag)


def page(freshness: Freshness, limit: int, offset: int, found: int) -> dict[str, int | None]:
    """A page's fields, for a query asked for `limit + 1` rows that found `found`."""
    return {
        "position": freshness.position,
        "lag": freshness.lag,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if found > limit else None,
    }


def today() -> date:
    return datetime.now(UTC).date()


def name_of(app: Groundwork, person_id: UUID) -> str:
    """A person's name as their record holds it now ("forgotten person" once forgotten)."""
    try:
        return app.read(Person, person_id).name.value
    except NotFound:
        return "unknown person"


def in_chapters(app: Groundwork, person_id: UUID, chapters: frozenset[str]) -> bool:
    """Whether a person is in one of these chapters now, by their record (a list read from a
    view is checked again so: someone who just left a chapter is gone from it at once)."""
    try:
        return not chapters.isdisjoint(app.read(Person, person_id).communities)
    except NotFound:
        return False


def fields_of(source: object, model: type[BaseModel]) -> dict[str, Any]:
    """The attributes of `source` that `model` has fields for."""
    return {k: getattr(source, k) for k in model.model_fields if hasattr(source, k)}


def community_of(network: Network, community: str | None) -> str | None:
    """A community asked for, in the network's own spelling; `NotOnRecord` if it has none
    such."""
    if community is None:
        return None
    try:
        return network.canonical_communities([community], "community")[0]
    except (RuleBroken, IndexError):
        raise NotOnRecord(
            f"Network {network.id} has no such community; see GET /networks/{network.id}.",
            "query.community",
        ) from None
