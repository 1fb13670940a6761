"""The web app's pages: sign in, a network's home, logging a one-to-one, a campaign's story
and targets, and the network's collective progress.

Pages are rendered on the server (Jinja2) and every form works without JavaScript; a small
script of our own only adds conveniences (filtering the person picker, sending the reader's
time zone). The pages call the same commands and read the same views as the API, with the
same validation: a form is turned into the API's request body and checked by its model, so
a page and the API can never disagree about what is valid.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from domain.account import Role
from domain.campaign import Campaign
from domain.errors import NotFound
from domain.gathering import GatheringSeries
from domain.listening import ListeningCampaign
from domain.network import Network
from domain.one_to_one import OneToOne
from interface.api import collective, one_to_ones, progress, timeline
from interface.api.limits import TooManyAttempts, guard_of
from interface.api.reading import name_of
from interface.api.routing import WorkerThreadRoute
from interface.web import charts, forms
from interface.web.locale import reader_of
from interface.web.pickers import people_picker
from interface.web.records import RecordPage, Shown
from interface.web.rendering import PageNotFound, found, render
from interface.web.session import COOKIE, NotAllowed, Visitor, VisitorDep, safe_next
from projections.collective import MEASURES
from projections.summaries import KINDS

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)

ORG, LEAD, AUD = Role.ORGANISER, Role.LEADER, Role.AUDITOR

CHANNELS = {"in_person": "In person", "video": "Video", "phone": "Phone"}
FOLLOW_UP_ROWS = 3


# ------------------------------------------------------------------ signing in and out


@router.get("/sign-in")
def sign_in_form(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "sign_in.html", next=safe_next(next), name="", error=None)


@router.post("/sign-in", response_model=None)
def sign_in(
    request: Request,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/app/",
) -> Response:
    guard, address = guard_of(request)
    try:
        guard.check(address, name)
        with guard.checking_password():
            signed_in = request.app.state.groundwork.sign_in(name, password)
    except TooManyAttempts as limited:
        page = render(
            request,
            "sign_in.html",
            limited.status,
            next=safe_next(next),
            name=name,
            error=limited.detail,
        )
        page.headers.update(limited.headers)
        return page
    if signed_in is None:
        guard.failed(address, name)
        return render(
            request,
            "sign_in.html",
            401,
            next=safe_next(next),
            name=name,
            error="That name and password do not match an account that may sign in.",
        )
    _, token = signed_in
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/sign-out")
def sign_out(request: Request, visitor: VisitorDep) -> RedirectResponse:
    request.app.state.groundwork.sign_out(visitor.token)
    response = RedirectResponse("/app/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


# ------------------------------------------------------------------ home


@router.get("/", response_model=None)
def home(request: Request, visitor: VisitorDep) -> Response:
    app = request.app.state.groundwork
    networks = [app.read(Network, i) for i in app.network_ids() if visitor.caller.may_see(i)]
    if len(networks) == 1:
        return RedirectResponse(f"/app/networks/{networks[0].id}", status_code=303)
    return render(request, "home.html", visitor=visitor, networks=networks)


@router.get("/networks/{id}")
def network_page(id: UUID, request: Request, visitor: VisitorDep) -> HTMLResponse:
    app = request.app.state.groundwork
    network = found(lambda: app.read(Network, id))
    return render(
        request,
        "network.html",
        visitor=visitor,
        network=network,
        campaigns=[app.read(Campaign, c) for c in app.campaign_ids(id)],
        listening=[app.read(ListeningCampaign, c) for c in app.listening_campaign_ids(id)],
        series=[app.read(GatheringSeries, s) for s in app.gathering_series_ids(id)],
    )


# ------------------------------------------------------------------ logging a one-to-one


def _one_to_one_form(
    request: Request, visitor: Visitor, network: Network, shown: Shown
) -> HTMLResponse:
    app = request.app.state.groundwork
    return render(
        request,
        "one_to_one_form.html",
        shown.status,
        visitor=visitor,
        network=network,
        people=people_picker(request, network.id, visitor.caller),
        campaigns=[app.read(Campaign, c) for c in app.campaign_ids(network.id)],
        channels=CHANNELS,
        values=shown.values,
        errors=shown.errors,
        follow_up_rows=range(1, FOLLOW_UP_ROWS + 1),
        may_record_for_others=visitor.may(Role.LEADER),
    )


@router.get("/networks/{id}/one-to-ones/new")
def new_one_to_one(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    person_id: Annotated[str | None, Query(max_length=64)] = None,
    campaign_id: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    visitor.require(ORG)
    app = request.app.state.groundwork
    network = found(lambda: app.read(Network, id))
    reader = reader_of(request)
    values = {
        "person_id": person_id or "",
        "campaign_id": campaign_id or "",
        "organiser_id": str(visitor.caller.person_id or ""),
        "happened_at": forms.now_local(reader.zone),
        "channel": "in_person",
    }
    return _one_to_one_form(request, visitor, network, Shown.new(values))


def _follow_up_field(loc: tuple[int | str, ...]) -> str:
    """The form field of a problem with a one-to-one's body: follow-ups are numbered rows."""
    parts = [p for p in loc if p != "body"]
    if len(parts) > 1 and parts[0] == "follow_ups" and isinstance(parts[1], int):
        return f"due_{parts[1] + 1}" if "due" in parts else f"follow_up_{parts[1] + 1}"
    return forms.field_of(loc)


@router.post("/networks/{id}/one-to-ones", response_model=None)
async def hold_one_to_one(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(ORG)
    app = request.app.state.groundwork
    network = found(lambda: app.read(Network, id))
    form = await forms.posted(request)
    values = form.values
    body: dict[str, Any] = {
        "network_id": str(id),
        "organiser_id": form.choice("organiser_id"),
        "person_id": form.choice("person_id"),
        "happened_at": form.moment("happened_at"),
        "channel": form.choice("channel"),
        "duration_minutes": form.number("duration_minutes"),
        "interests": forms.tags(values.get("interests", "")),
        "concerns": forms.tags(values.get("concerns", "")),
        "leadership_signals": forms.tags(values.get("leadership_signals", "")),
        "person_shared": forms.optional(values, "person_shared"),
        "organiser_shared": forms.optional(values, "organiser_shared"),
        "private_notes": forms.optional(values, "private_notes"),
        "campaign_id": form.choice("campaign_id"),
        "for_another_organiser": values.get("for_another_organiser") == "yes",
        "follow_ups": [
            {"what": values[f"follow_up_{n}"].strip()}
            | ({"due": values[f"due_{n}"]} if values.get(f"due_{n}") else {})
            for n in range(1, FOLLOW_UP_ROWS + 1)
            if values.get(f"follow_up_{n}", "").strip()
        ],
    }
    return ONE_TO_ONE.create(
        request,
        visitor,
        form,
        one_to_ones.HoldOneToOne,
        body,
        one_to_ones.hold_one_to_one,
        "one-to-one",
        lambda shown: _one_to_one_form(request, visitor, network, shown),
        _follow_up_field,
    )


def _one_to_one_page(request: Request, visitor: Visitor, id: UUID, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    record = found(lambda: app.get(OneToOne, id))
    return render(
        request,
        "one_to_one.html",
        visitor=visitor,
        record=one_to_ones.OneToOneOut.of(record),
        person=name_of(app, record.person_id),
        organiser=name_of(app, record.organiser_id),
        campaign=app.read(Campaign, record.campaign_id) if record.campaign_id else None,
        recorded=shown.recorded == "1",
        channels=CHANNELS,
    )


ONE_TO_ONE = RecordPage("/app/one-to-ones/{id}", _one_to_one_page)
ONE_TO_ONE.show(router, ORG, LEAD)


# ------------------------------------------------------------------ a campaign's story


def _day(text: str | None, zone: ZoneInfo) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.combine(date.fromisoformat(text), time(), zone)
    except ValueError:
        return None


def _when(text: str | None, zone: ZoneInfo) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=zone)
    except ValueError:
        return None


@router.get("/campaigns/{id}")
def campaign_page(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    kind: Annotated[list[str] | None, Query()] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    as_of: Annotated[str | None, Query(max_length=16)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> HTMLResponse:
    visitor.require(ORG, LEAD, AUD)
    app = request.app.state.groundwork
    campaign = found(lambda: app.read(Campaign, id))
    reader = reader_of(request)
    kinds = [k for k in kind or [] if k in KINDS]
    moment = _when(as_of, reader.zone)
    story = timeline.campaign_timeline(
        id=id,
        app=app,
        request=request,
        kind=kinds or None,
        since=_day(since, reader.zone),
        until=_day(until, reader.zone),
        as_of=moment,
        limit=50,
        offset=offset,
    )
    done = progress.campaign_progress(id=id, app=app, request=request, as_of=moment)
    recorders = {e.recorded_by for e in story.entries}
    query = {"kind": kinds, "since": since or "", "until": until or "", "as_of": as_of or ""}
    return render(
        request,
        "campaign.html",
        visitor=visitor,
        campaign=campaign,
        story=story,
        progress=done,
        chart=charts.burn_up(done, reader),
        kinds=kinds,
        since=since or "",
        until=until or "",
        as_of=as_of or "",
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


# ------------------------------------------------------------------ collective progress


#: The tables of the dashboard, each downloadable as CSV: name -> (title, CSV columns).
TABLES = {
    "totals": ("Totals", ("measure", "count")),
    "weekly": ("Week by week", ("measure", "week", "amount", "cumulative")),
    "pipeline": ("Leadership pipeline", ("stage", "people")),
    "themes": ("Themes heard most", ("theme", "mentions", "sessions")),
}

#: The periods the dashboard's weekly charts and tables can cover: how many weeks, up to
#: this one (None: the whole history). A bounded period keeps the page as quick to draw at
#: a network's fifth year as in its first.
PERIODS: dict[str, tuple[str, int | None]] = {
    "13": ("The last 3 months", 13),
    "26": ("The last 6 months", 26),
    "52": ("The last year", 52),
    "104": ("The last 2 years", 104),
    "all": ("Everything on record", None),
}
DEFAULT_PERIOD = "52"


def _rows(c: collective.CollectiveOut, table: str) -> list[tuple[Any, ...]]:
    """A table's rows as its CSV gives them (the weekly series one row per measure and week,
    for a spreadsheet to pivot)."""
    if table == "totals":
        return sorted(c.totals.items())
    if table == "weekly":
        return [(w.measure, w.week.isoformat(), w.amount, w.cumulative) for w in c.weekly]
    if table == "pipeline":
        return list(c.pipeline.items())
    return [(t.theme, t.mentions, t.sessions) for t in c.themes]


def _shown(
    c: collective.CollectiveOut, table: str, since: date | None
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """A table's columns and rows as the page shows them: the weekly series one row per week
    of the period (the weeks the charts draw), a column per measure with data in it."""
    if table != "weekly":
        return TABLES[table][1], _rows(c, table)
    measures = [m for m in MEASURES if any(w.measure == m for w in c.weekly)]
    amounts = {(w.measure, w.week): w.amount for w in c.weekly}
    weeks = charts.weeks_of([w.week for w in c.weekly], since)
    rows = [(week, *(amounts.get((m, week), 0) for m in measures)) for week in weeks]
    return ("week", *measures), rows


@router.get("/networks/{id}/progress", response_model=None)
def dashboard(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    community: Annotated[str | None, Query(max_length=200)] = None,
    period: Annotated[str | None, Query(max_length=10)] = None,
    download: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    visitor.require(ORG, LEAD)
    app = request.app.state.groundwork
    network = found(lambda: app.read(Network, id))
    chosen = community if community in network.communities else None
    period = period if period in PERIODS else DEFAULT_PERIOD
    weeks = PERIODS[period][1]
    since = charts.weeks_back(weeks) if weeks else None
    c = collective.collective_progress(
        id=id, app=app, request=request, community=chosen, movements=False, since=since
    )
    if download in TABLES:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(TABLES[download][1])
        writer.writerows(_rows(c, download))
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{download}.csv"'},
        )
    reader = reader_of(request)
    chosen_query = {"community": chosen, "period": period if period != DEFAULT_PERIOD else None}
    return render(
        request,
        "dashboard.html",
        visitor=visitor,
        network=network,
        community=chosen,
        period=period,
        periods={key: title for key, (title, _) in PERIODS.items()},
        query=urlencode({k: v for k, v in chosen_query.items() if v}),
        progress=c,
        tables={name: (title, *_shown(c, name, since)) for name, (title, _) in TABLES.items()},
        charts={
            "One-to-ones per week": charts.weekly(
                c, "one_to_ones", "One-to-ones per week", reader, since
            ),
            "Leadership pipeline": charts.pipeline(c, reader),
            "Listening reach": charts.weekly(
                c, "listening_participants", "Listening: participants per week", reader, since
            ),
            "Themes heard most": charts.themes(c, reader),
            "Turnout against pledges": charts.turnout(c, reader, since),
            "Commitments": charts.commitments(c, reader),
        },
    )


# ------------------------------------------------------------------ errors


def install_web_error_handlers(api: FastAPI) -> None:
    from interface.web.session import CrossSiteForm, SignInNeeded

    @api.exception_handler(CrossSiteForm)
    def cross_site_form(request: Request, error: CrossSiteForm) -> HTMLResponse:
        title = "Sent from another site"
        return render(request, "error.html", 403, title=title, detail=error.detail)

    @api.exception_handler(SignInNeeded)
    def sign_in_needed(_: Request, error: SignInNeeded) -> RedirectResponse:
        return RedirectResponse(error.next_url, status_code=303)

    @api.exception_handler(NotAllowed)
    def not_allowed(request: Request, error: NotAllowed) -> HTMLResponse:
        return render(request, "error.html", 403, title="Not for your role", detail=error.detail)

    @api.exception_handler(PageNotFound)
    def page_not_found(request: Request, error: PageNotFound) -> HTMLResponse:
        return render(request, "error.html", 404, title="Not on record", detail=error.detail)
