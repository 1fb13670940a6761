"""Gatherings in the web app: setting up a series (its rhythm chosen in words, which the
page turns into the recurrence rule the API takes) and its page, logging a gathering of it
(who came, who facilitated, the topic, the group's reflections), and a gathering's page."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from domain.account import Role
from domain.gathering import Gathering, GatheringSeries
from domain.network import Network
from interface.api import gatherings
from interface.api.reading import name_of
from interface.api.routing import WorkerThreadRoute
from interface.web import forms
from interface.web.forms import Posted
from interface.web.locale import reader_of, zone_choices
from interface.web.network import Card, Link, OnNetworkPage, Section, network_section
from interface.web.pickers import people_picker
from interface.web.records import JustRecorded, RecordPage, Shown
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
#: The rhythms a series is set up with, each turned into a recurrence rule (RFC 5545).
RHYTHMS = {
    "weekly": "Every week",
    "fortnightly": "Every two weeks",
    "monthly": "Once a month, on a week of the month",
}
WEEKDAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
WEEKS = {"+1": "first", "+2": "second", "+3": "third", "+4": "fourth", "-1": "last"}
#: The recurrence rule of each rhythm, for a weekday (and a week of the month).
RULES = {
    "weekly": "FREQ=WEEKLY;BYDAY={day}",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2;BYDAY={day}",
    "monthly": "FREQ=MONTHLY;BYDAY={week}{day}",
}


# ------------------------------------------------------------------ setting up a series


def rrule_of(form: Posted) -> str:
    """The recurrence rule of the rhythm chosen on the form, e.g. once a month on the
    fourth Wednesday: FREQ=MONTHLY;BYDAY=+4WE. A choice not made is a problem against its
    field (and the rule is empty)."""
    rhythm, day, week = form.choice("rhythm"), form.choice("weekday"), form.choice("week")
    if rhythm not in RULES:
        form.errors["rhythm"] = "Choose one."
    if day not in WEEKDAYS:
        form.errors["weekday"] = "Choose one."
    if rhythm == "monthly" and week not in WEEKS:
        form.errors["week"] = "Choose which week of the month."
    if {"rhythm", "weekday", "week"} & form.errors.keys():
        return ""
    return RULES[str(rhythm)].format(day=day, week=week)


def rhythm_of(rrule: str) -> str:
    """A series' recurrence rule in words, where it is one the form makes; else the rule."""
    for rhythm, rule in RULES.items():
        for day, weekday in WEEKDAYS.items():
            for week, nth in WEEKS.items():
                if rrule == rule.format(day=day, week=week):
                    return {
                        "weekly": f"Every {weekday}",
                        "fortnightly": f"Every other {weekday}",
                        "monthly": f"On the {nth} {weekday} of each month",
                    }[rhythm]
    return rrule


def _series_form(
    request: Request, visitor: Visitor, network: Network, shown: Shown
) -> HTMLResponse:
    return render(
        request,
        "series_form.html",
        shown.status,
        visitor=visitor,
        network=network,
        kinds=KINDS,
        rhythms=RHYTHMS,
        weekdays=[{"id": d, "name": name} for d, name in WEEKDAYS.items()],
        weeks=[{"id": w, "name": nth.capitalize()} for w, nth in WEEKS.items()],
        zones=zone_choices(shown.values.get("time_zone", "")),
        values=shown.values,
        errors=shown.errors,
    )


@router.get("/networks/{id}/gathering-series/new")
def new_series(id: UUID, request: Request, visitor: VisitorDep) -> HTMLResponse:
    visitor.require(ORG)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    zone = reader_of(request).zone
    today = datetime.now(zone).date()
    values = {
        "starts_on": today.isoformat(),
        "weekday": list(WEEKDAYS)[today.weekday()],
        "local_time": "18:00",
        "duration_minutes": "90",
        "time_zone": zone.key,  # the reader's own: most series meet where they live
        "established_at": forms.now_local(zone),
    }
    return _series_form(request, visitor, network, Shown.new(values))


@router.post("/networks/{id}/gathering-series", response_model=None)
async def establish(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(ORG)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    form = await forms.posted(request)
    body = {
        "network_id": str(id),
        "name": form.text("name"),
        "kind": form.choice("kind"),
        "rrule": rrule_of(form),
        "starts_on": form.choice("starts_on"),
        "local_time": form.text("local_time"),
        "duration_minutes": form.number("duration_minutes"),
        "time_zone": form.choice("time_zone"),
        "happened_at": form.moment("established_at"),
    }
    return SERIES.create(
        request,
        visitor,
        form,
        gatherings.EstablishSeries,
        body,
        gatherings.establish_series,
        "gathering-series",
        lambda shown: _series_form(request, visitor, network, shown),
        forms.renamed({"rrule": "rhythm", "happened_at": "established_at"}),
    )


def _series_page(request: Request, visitor: Visitor, id: UUID, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    series = found(lambda: app.get(GatheringSeries, id))
    return render(
        request,
        "series.html",
        visitor=visitor,
        series=series,
        network=app.read(Network, series.network_id),
        kinds=KINDS,
        rhythm=rhythm_of(series.rrule),
        latest=series.latest_start(datetime.now(UTC)),
        recorded=shown.note({"1": "Recorded: the series is set up. Log each gathering of it."}),
    )


SERIES = RecordPage(
    "/app/gathering-series/{id}",
    _series_page,
    (
        ORG,
        LEAD,
    ),
)


@router.get("/gathering-series/{id}")
def gathering_series_page(
    id: UUID, request: Request, visitor: VisitorDep, recorded: JustRecorded = None
) -> HTMLResponse:
    return SERIES.page(request, visitor, id, recorded)


# ------------------------------------------------------------------ logging a gathering


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
        people=people_picker(request, series.network_id, visitor.caller),
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
    return RECORD_PAGE.create(
        request,
        visitor,
        form,
        gatherings.HoldGathering,
        body,
        gatherings.hold,
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


RECORD_PAGE = RecordPage(
    "/app/gatherings/{id}",
    _gathering_page,
    (
        ORG,
        LEAD,
    ),
)


@router.get("/gatherings/{id}")
def gatherings_page(
    id: UUID, request: Request, visitor: VisitorDep, recorded: JustRecorded = None
) -> HTMLResponse:
    return RECORD_PAGE.page(request, visitor, id, recorded)


@network_section(30)
def _gathering_series(on: OnNetworkPage) -> Section:
    readable, logs = on.visitor.may(ORG, LEAD), on.visitor.may(ORG)
    ids = on.app.gathering_series_ids(on.network.id)
    every = [on.app.read(GatheringSeries, i) for i in ids]
    cards = [
        Card(
            s.name,
            f"/app/gathering-series/{s.id}" if readable else None,
            action=Link(
                "Log a gathering",
                f"/app/gathering-series/{s.id}/gatherings/new",
                f"Log a gathering of {s.name}",
            )
            if logs
            else None,
        )
        for s in every
    ]
    set_up = Link(
        "Set up a gathering series", f"/app/networks/{on.network.id}/gathering-series/new"
    )
    return Section(
        "Gatherings", cards, "No gathering series yet.", actions=[set_up] if logs else []
    )
