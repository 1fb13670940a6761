"""Reading the network's collective progress: the collective progress view."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from domain.application import Groundwork
from domain.network import Network
from interface.api.access import LEAD, ORG, may
from interface.api.common import AppDep, Day
from interface.api.errors import READ
from interface.api.reading import Freshness, community_of, read_view, today
from interface.api.routing import WorkerThreadRoute
from projections.collective import CollectiveProgress

router = APIRouter(prefix="/networks", tags=["network"], route_class=WorkerThreadRoute)


class WeekCountOut(BaseModel):
    measure: str = Field(examples=["one_to_ones"])
    week: date = Field(description="The Monday the week starts.")
    amount: int
    cumulative: int = Field(description="The running total up to and including this week.")


class MovementOut(BaseModel):
    week: date = Field(description="The Monday of the week the assessments happened.")
    from_stage: str = Field(examples=["participant"])
    to_stage: str = Field(examples=["volunteer"])
    people: int = Field(description="How many people moved so that week.")


class ThemeOut(BaseModel):
    theme: str = Field(examples=["paid in vouchers, not wages"])
    mentions: int
    sessions: int = Field(description="In how many listening sessions it came up.")


class CollectiveOut(Freshness):
    network_id: UUID
    community: str | None = Field(description="The community counted, or null for all.")
    totals: dict[str, int] = Field(
        description="People registered and reached (met in a one-to-one, each once), "
        "one-to-ones, listening sessions and participants, actions held and cancelled, "
        "turnout and the turnout pledged for the actions held, commitments won, kept, "
        "partly kept and broken. Actions and commitments are counted network-wide only.",
        examples=[{"one_to_ones": 8, "people_reached": 7, "turnout": 46, "turnout_pledged": 50}],
    )
    turnout_ratio: float | None = Field(
        description="Turnout over turnout pledged, for actions held.", examples=[0.92]
    )
    commitments_overdue: int | None = Field(
        description="Commitments past due with no outcome (network-wide only)."
    )
    pipeline: dict[str, int] = Field(
        description="How many people stand at each rung of the leadership ladder now.",
        examples=[{"unassessed": 5, "contact": 1, "participant": 2, "volunteer": 1}],
    )
    movements: list[MovementOut] = Field(description="Moves along the ladder, week by week.")
    themes: list[ThemeOut] = Field(description="The themes heard most in listening.")
    weekly: list[WeekCountOut] = Field(description="For charts: each measure, week by week.")
    time_zone: str = Field(
        description="The IANA time zone the weeks were counted in, the network's: each week "
        "starts on Monday at midnight there.",
        examples=["Africa/Nairobi"],
    )


@router.get("/{id}/progress", responses=READ)
@may(ORG, LEAD)
def collective_progress(
    id: UUID,
    app: AppDep,
    request: Request,
    community: Annotated[
        str | None,
        Query(max_length=200, description="Only this community of the network."),
    ] = None,
    themes: Annotated[int, Query(ge=1, le=100, description="How many top themes.")] = 10,
    movements: Annotated[
        bool, Query(description="Include the moves along the leadership ladder, week by week.")
    ] = True,
    since: Annotated[
        Day | None,
        Query(
            description="The weekly series and the moves start at this day's week (its "
            "Monday); the totals and each week's running total still count everything."
        ),
    ] = None,
) -> CollectiveOut:
    """The network's collective progress, or one community's: one-to-ones per week, people
    reached, the leadership pipeline and movement along it, listening reach and the themes
    heard most, actions and turnout against pledges, commitments won, kept and overdue."""
    return collective_of(
        id, app, request, community=community, themes=themes, movements=movements, since=since
    )


def collective_of(
    id: UUID,
    app: Groundwork,
    request: Request,
    community: str | None = None,
    themes: int = 10,
    movements: bool = True,
    since: Day | None = None,
) -> CollectiveOut:
    """The query, as the API and the web pages both read it."""
    community = community_of(app.get(Network, id), community)
    view, freshness = read_view(request, CollectiveProgress)
    c = view.collective(
        id, today=today(), community=community, themes=themes, movements=movements, since=since
    )
    return CollectiveOut(
        network_id=id,
        community=c.community,
        totals=c.totals,
        turnout_ratio=c.turnout_ratio,
        commitments_overdue=c.commitments_overdue,
        pipeline=c.pipeline,
        movements=[MovementOut(**vars(m)) for m in c.movements],
        themes=[ThemeOut(**vars(t)) for t in c.themes],
        weekly=[WeekCountOut(**vars(w)) for w in c.weekly],
        time_zone=c.time_zone,
        **freshness.model_dump(),
    )
