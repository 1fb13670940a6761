"""A campaign's page: its story (the timeline, filtered and paged) and its progress, as of
now or of a moment in the past."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from domain.account import Role
from domain.campaign import Campaign
from domain.errors import NotFound
from interface.api import progress, timeline
from interface.api.routing import WorkerThreadRoute
from interface.web import charts
from interface.web.clocks import Minute, form_values, page_clocks
from interface.web.locale import reader_of
from interface.web.network import Card, OnNetworkPage, Section, network_section
from interface.web.records import readers
from interface.web.rendering import found, render
from interface.web.session import VisitorDep
from projections.timeline import TIMELINE_KINDS

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)

ORG, LEAD, AUD = Role.ORGANISER, Role.LEADER, Role.AUDITOR


def _day(text: str | None, zone: ZoneInfo) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.combine(date.fromisoformat(text), time(), zone)
    except ValueError:
        return None


CAMPAIGN_READERS = readers("/app/campaigns/{id}", ORG, LEAD, AUD)


@router.get("/campaigns/{id}")
def campaign_page(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    kind: Annotated[list[str] | None, Query()] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    known_at: Minute = None,
    on: Minute = None,
    as_of: Minute = None,  # the older name of known_at
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> HTMLResponse:
    visitor.require(*CAMPAIGN_READERS)
    app = request.app.state.groundwork
    campaign = found(lambda: app.read(Campaign, id))
    reader = reader_of(request)
    kinds = [k for k in kind or [] if k in TIMELINE_KINDS]
    clocks = page_clocks(known_at or as_of, on, reader.zone)
    story = timeline.timeline_of(
        id=id,
        app=app,
        request=request,
        kind=kinds or None,
        since=_day(since, reader.zone),
        until=_day(until, reader.zone),
        clocks=clocks,
        limit=50,
        offset=offset,
    )
    done = progress.progress_of(id=id, app=app, request=request, clocks=clocks)
    recorders = {e.recorded_by for e in story.entries}
    values = form_values(clocks, reader.zone)
    query = {"kind": kinds, "since": since or "", "until": until or ""} | values
    return render(
        request,
        "campaign.html",
        visitor=visitor,
        campaign=campaign,
        story=story,
        progress=done,
        chart=charts.burn_up(done, reader),
        kinds=kinds,
        timeline_kinds=TIMELINE_KINDS,
        since=since or "",
        until=until or "",
        clocks=clocks,
        clock_values=values,
        recorders=_recorder_names(app, recorders),
        # The story reads oldest first, 50 entries to a page.
        later_page=f"?{urlencode(query | {'offset': story.next_offset}, doseq=True)}"
        if story.next_offset is not None
        else None,
        earlier_page=f"?{urlencode(query | {'offset': max(0, offset - 50)}, doseq=True)}"
        if offset > 0
        else None,
        first_entry=offset + 1,
    )


def _recorder_names(app: Any, accounts: set[UUID]) -> dict[UUID, str]:
    from domain.account import Account

    names = {}
    for account in accounts:
        try:
            names[account] = app.read(Account, account).name
        except NotFound:
            names[account] = "the command line"
    return names


@network_section(10)
def _campaigns(on: OnNetworkPage) -> Section:
    campaigns = [on.app.read(Campaign, c) for c in on.app.campaign_ids(on.network.id)]
    return Section(
        "Campaigns",
        [Card(c.name, f"/app/campaigns/{c.id}", c.status.value, c.goal) for c in campaigns],
        "No campaign yet.",
    )
