"""Reading a campaign's progress against its targets: the progress view."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from domain.application import Groundwork
from domain.campaign import Campaign
from domain.network import Network
from interface.api.access import AUD, LEAD, ORG, may
from interface.api.clocks import Clocks, ClocksDep, cut_of
from interface.api.common import AppDep
from interface.api.errors import READ
from interface.api.reading import Freshness, read_view, today
from interface.api.routing import WorkerThreadRoute
from projections.progress import CampaignProgress

router = APIRouter(prefix="/campaigns", tags=["campaigns"], route_class=WorkerThreadRoute)


class TargetOut(BaseModel):
    metric: str = Field(examples=["one_to_ones"])
    goal: int
    due: date | None
    done: int = Field(description="What has been done toward it.")


class WeekOut(BaseModel):
    measure: str = Field(examples=["turnout"])
    week: date = Field(description="The Monday the week starts.")
    amount: int
    cumulative: int = Field(description="The running total up to and including this week.")


class ProgressOut(Freshness, Clocks):
    campaign_id: UUID
    targets: list[TargetOut]
    totals: dict[str, int] = Field(
        description="one-to-ones held, people reached, listening participants, actions held, "
        "turnout that came and turnout pledged for those actions, asks and asks answered "
        "yes, commitments won, kept, partly kept and broken.",
        examples=[{"one_to_ones": 12, "turnout": 46, "turnout_pledged": 50}],
    )
    commitments_overdue: int = Field(description="Commitments past due with no outcome yet.")
    weekly: list[WeekOut] = Field(description="For a chart: each measure, week by week.")
    time_zone: str = Field(
        description="The IANA time zone the weeks were counted in, the campaign's network's: "
        "each week starts on Monday at midnight there.",
        examples=["Africa/Nairobi"],
    )


@router.get("/{id}/progress", responses=READ)
@may(ORG, LEAD, AUD)
def campaign_progress(
    id: UUID,
    app: AppDep,
    request: Request,
    clocks: ClocksDep,
) -> ProgressOut:
    """A campaign's targets against what has been done, with weekly series for charts; as
    it was on record at `known_at` (alias `as_of`), as things stood `on` a moment, or both."""
    return progress_of(id, app, request, clocks=clocks)


def progress_of(
    id: UUID, app: Groundwork, request: Request, clocks: Clocks | None = None
) -> ProgressOut:
    """The query, as the API and the web pages both read it."""
    campaign = app.get(Campaign, id)
    view, freshness = read_view(request, CampaignProgress)
    progress = view.progress(id, today=today(), cut=cut_of(app, clocks))
    return ProgressOut(
        campaign_id=id,
        **(clocks or Clocks()).model_dump(),
        targets=[TargetOut(**vars(t)) for t in progress.targets] if progress else [],
        totals=progress.totals if progress else {},
        commitments_overdue=progress.commitments_overdue if progress else 0,
        weekly=[WeekOut(**vars(w)) for w in progress.weekly] if progress else [],
        time_zone=(
            progress.time_zone if progress else app.get(Network, campaign.network_id).time_zone
        ),
        **freshness.model_dump(),
    )
