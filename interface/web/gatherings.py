"""Gatherings in the web app: logging one of a series (who came, who facilitated, the
topic, the group's reflections), and its page."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from domain.account import Role
from domain.gathering import Gathering, GatheringSeries
from interface.api import gatherings
from interface.api.reading import name_of
from interface.api.routing import WorkerThreadRoute
from interface.web import forms
from interface.web.locale import reader_of
from interface.web.pickers import people_picker
from interface.web.records import RecordPage, Shown
from interface.web.rendering import found, render
from interface.web.session import Visitor, VisitorDep

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)

ORG, LEAD = Role.ORGANISER, Role.LEADER
RECORDED = "Recorded. It is on the log for good; a correction is a new entry."

KINDS = {
    "community_of_practice": "Community of practice",
    "training": "Training",
    "skill_share": "Skill share",
    "meeting": "Meeting",
}


def _form(
    request: Request, visitor: Visitor, series: GatheringSeries, shown: Shown
) -> HTMLResponse:
    return render(
        request,
        "gathering_form.html",
        shown.status,
        visitor=visitor,
        series=series,
        kinds=KINDS,
        people=people_picker(request, series.network_id),
        values=shown.values,
        came=shown.ticked("attendee_ids"),
        errors=shown.errors,
    )


@router.get("/gathering-series/{id}/gatherings/new")
def new_gathering(id: UUID, request: Request, visitor: VisitorDep) -> HTMLResponse:
    visitor.require(ORG)
    series = found(lambda: request.app.state.groundwork.read(GatheringSeries, id))
    zone = reader_of(request).zone
    latest = series.latest_start(datetime.now(UTC))
    values = {
        # when it last met, in the reader's zone: logged on the day, or soon after
        "happened_at": latest.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
        if latest
        else forms.now_local(zone),
        "facilitator_id": str(visitor.caller.person_id or ""),
    }
    return _form(request, visitor, series, Shown.new(values))


@router.post("/gathering-series/{id}/gatherings", response_model=None)
async def hold(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(ORG)
    series = found(lambda: request.app.state.groundwork.read(GatheringSeries, id))
    form = await forms.posted(request)
    body = {
        "network_id": str(series.network_id),
        "series_id": str(id),
        "kind": series.kind.value,
        "topic": form.text("topic"),
        "happened_at": form.moment("happened_at"),
        "facilitator_id": form.choice("facilitator_id"),
        "attendee_ids": form.ticked("attendee_ids"),
        "reflections": form.text("reflections"),
    }
    return PAGE.create(
        request,
        visitor,
        form,
        gatherings.HoldGathering,
        body,
        gatherings.hold_gathering,
        "gathering",
        lambda shown: _form(request, visitor, series, shown),
    )


def _gathering_page(request: Request, visitor: Visitor, id: UUID, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    gathering = gatherings.GatheringOut.of(found(lambda: app.get(Gathering, id)))
    series = app.read(GatheringSeries, gathering.series_id) if gathering.series_id else None
    facilitator = gathering.facilitator_id
    return render(
        request,
        "gathering.html",
        visitor=visitor,
        gathering=gathering,
        series=series,
        kinds=KINDS,
        facilitator=name_of(app, facilitator) if facilitator else None,
        came=sorted((name_of(app, p) for p in gathering.attendee_ids), key=str.casefold),
        recorded=shown.note({"1": RECORDED}),
    )


PAGE = RecordPage("/app/gatherings/{id}", _gathering_page)
PAGE.show(router, ORG, LEAD)
