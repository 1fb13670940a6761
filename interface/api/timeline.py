"""Reading a campaign's story: the timeline view."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from domain.campaign import Campaign
from interface.api.common import AppDep, Moment
from interface.api.errors import READ
from projections.follower import Follower
from projections.timeline import KINDS, CampaignTimeline

router = APIRouter(prefix="/campaigns", tags=["campaigns"])

Kind = Literal[KINDS]  # type: ignore[valid-type]


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


class TimelineOut(BaseModel):
    campaign_id: UUID
    entries: list[EntryOut]
    limit: int
    offset: int
    next_offset: int | None = Field(description="The offset of the next page, if there is one.")
    position: int = Field(description="How far along the log the view is.")
    lag: int = Field(description="How many recorded events the view has not applied yet.")


@router.get("/{id}/timeline", responses=READ)
def campaign_timeline(
    id: UUID,
    app: AppDep,
    request: Request,
    kind: Annotated[list[Kind] | None, Query(description="Only entries of these kinds.")] = None,
    since: Annotated[Moment | None, Query(description="Only what happened at or after.")] = None,
    until: Annotated[Moment | None, Query(description="Only what happened before.")] = None,
    as_of: Annotated[
        Moment | None,
        Query(
            description="The story as it was on record at this moment: what the campaign "
            "knew then, leaving out what was recorded later."
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> TimelineOut:
    """Everything recorded that belongs to a campaign, in order of when it happened: its
    listening campaign, one-to-ones tagged to it, actions, power-holder meetings, assessments
    of the power-holders it targets, decisions, evaluations, status changes and corrections."""
    app.get(Campaign, id)
    follower: Follower = request.app.state.follower
    view, status = follower.view_of(CampaignTimeline)
    entries = view.entries(
        id,
        kinds=kind or (),
        since=since,
        until=until,
        as_of=as_of,
        limit=limit + 1,
        offset=offset,
    )
    return TimelineOut(
        campaign_id=id,
        entries=[EntryOut(**vars(e)) for e in entries[:limit]],
        limit=limit,
        offset=offset,
        next_offset=offset + limit if len(entries) > limit else None,
        position=status.position,
        lag=status.lag,
    )
