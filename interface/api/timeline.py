"""Reading a campaign's story: the timeline view."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from domain.application import Groundwork
from domain.campaign import Campaign
from interface.api.access import AUD, LEAD, ORG, may
from interface.api.clocks import Clocks, ClocksDep, cut_of
from interface.api.common import AppDep, Moment
from interface.api.errors import READ
from interface.api.reading import Limit, Offset, Page, page, read_view
from interface.api.routing import WorkerThreadRoute
from projections.timeline import TIMELINE_KINDS, CampaignTimeline

router = APIRouter(prefix="/campaigns", tags=["campaigns"], route_class=WorkerThreadRoute)

Kind = Literal[TIMELINE_KINDS]  # type: ignore[valid-type]


class EntryOut(BaseModel):
    position: int = Field(description="The event's position in the log.")
    happened_at: datetime = Field(description="When it happened, as the organiser said.")
    recorded_at: datetime
    recorded_by: UUID
    kind: str = Field(examples=["one_to_one"])
    summary: str = Field(examples=["One-to-one held (video, 40 min); interests: fair pay"])
    source: str = Field(
        description="Where the record it came from is read.",
        examples=["/one-to-ones/3f0c6a1e-0d3b-4a55-9d8a-2b6f3c1d9e10"],
    )
    correction: bool = Field(description="A correction or revision of something earlier.")


class TimelineOut(Page, Clocks):
    campaign_id: UUID
    entries: list[EntryOut]


@router.get("/{id}/timeline", responses=READ)
@may(ORG, LEAD, AUD)
def campaign_timeline(
    id: UUID,
    app: AppDep,
    request: Request,
    clocks: ClocksDep,
    kind: Annotated[list[Kind] | None, Query(description="Only entries of these kinds.")] = None,
    since: Annotated[Moment | None, Query(description="Only what happened at or after.")] = None,
    until: Annotated[Moment | None, Query(description="Only what happened before.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> TimelineOut:
    """Everything recorded that belongs to a campaign, in order of when it happened: its
    listening campaign, one-to-ones tagged to it, actions, power-holder meetings, assessments
    of the power-holders it targets, decisions, evaluations, status changes and corrections;
    as it was on record at `known_at` (alias `as_of`), as things stood `on` a moment, or both."""
    return timeline_of(
        id,
        app,
        request,
        kind=kind,
        since=since,
        until=until,
        clocks=clocks,
        limit=limit,
        offset=offset,
    )


def timeline_of(
    id: UUID,
    app: Groundwork,
    request: Request,
    kind: list[Kind] | None = None,
    since: Moment | None = None,
    until: Moment | None = None,
    clocks: Clocks | None = None,
    limit: int = 50,
    offset: int = 0,
) -> TimelineOut:
    """The query, as the API and the web pages both read it."""
    app.get(Campaign, id)
    view, freshness = read_view(request, CampaignTimeline)
    entries = view.entries(
        id,
        kinds=kind or (),
        since=since,
        until=until,
        cut=cut_of(app, clocks),
        limit=limit + 1,
        offset=offset,
    )
    return TimelineOut(
        campaign_id=id,
        **(clocks or Clocks()).model_dump(),
        entries=[EntryOut(**vars(e)) for e in entries[:limit]],
        **page(freshness, limit, offset, len(entries)),
    )
