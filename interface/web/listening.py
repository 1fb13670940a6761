"""Listening in the web app: launching a listening campaign, logging its sessions (house
meetings) with the themes heard, a listening campaign's page with the themes so far, and
closing it with what was heard."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from domain.account import Role
from domain.campaign import Campaign
from domain.listening import ListeningCampaign
from domain.network import Network
from interface.api import listening
from interface.api.reading import name_of
from interface.api.routing import WorkerThreadRoute
from interface.web import forms
from interface.web.locale import reader_of
from interface.web.network import Card, Link, OnNetworkPage, Section, network_section
from interface.web.pickers import people_picker
from interface.web.records import JustRecorded, RecordPage, Shown
from interface.web.rendering import found, render
from interface.web.session import Visitor, VisitorDep

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)

ORG, LEAD = Role.ORGANISER, Role.LEADER

#: Empty rows of theme and count on the session form: a session hears a handful.
THEME_ROWS = 6


# ------------------------------------------------------------------ launching one


def _launch_form(
    request: Request, visitor: Visitor, network: Network, shown: Shown
) -> HTMLResponse:
    return render(
        request,
        "listening_form.html",
        shown.status,
        visitor=visitor,
        network=network,
        communities=[{"id": c, "name": c} for c in network.communities],
        values=shown.values,
        chosen=shown.ticked("communities"),
        errors=shown.errors,
    )


@router.get("/networks/{id}/listening-campaigns/new")
def new_listening_campaign(id: UUID, request: Request, visitor: VisitorDep) -> HTMLResponse:
    visitor.require(ORG)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    values = {"happened_at": forms.now_local(reader_of(request).zone)}
    return _launch_form(request, visitor, network, Shown.new(values))


@router.post("/networks/{id}/listening-campaigns", response_model=None)
async def launch(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(ORG)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    form = await forms.posted(request)
    body = {
        "network_id": str(id),
        "question": form.text("question"),
        "communities": form.ticked("communities"),
        "target_conversations": form.number("target_conversations"),
        "happened_at": form.moment("happened_at"),
    }
    return RECORD_PAGE.create(
        request,
        visitor,
        form,
        listening.LaunchListeningCampaign,
        body,
        listening.launch,
        "listening-campaign",
        lambda shown: _launch_form(request, visitor, network, shown),
    )


# ------------------------------------------------------------------ its page


def themes_so_far(lc: listening.ListeningCampaignOut) -> list[dict[str, Any]]:
    """Each theme heard, with its mentions and the sessions it came up in, most heard
    first."""
    themes: dict[str, dict[str, Any]] = {}
    for s in lc.sessions:
        for t in s.themes:
            theme = themes.setdefault(t.name.casefold(), {"name": t.name, "mentions": 0, "in": 0})
            theme["mentions"] += t.mentions
            theme["in"] += 1
    return sorted(themes.values(), key=lambda t: (-t["mentions"], t["name"].casefold()))


RECORDED = {
    "1": "Recorded: the listening campaign is launched. Log its sessions as they are held.",
    "session": "Recorded: the session is on the log for good; a correction is a new entry.",
    "close": "Recorded: the listening campaign is closed; its themes stand as heard.",
}


def _listening_page(request: Request, visitor: Visitor, id: UUID, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    lc = listening.ListeningCampaignOut.of(found(lambda: app.get(ListeningCampaign, id)))
    campaigns = [app.read(Campaign, c) for c in app.campaign_ids(lc.network_id)]
    return render(
        request,
        "listening.html",
        shown.status,
        visitor=visitor,
        lc=lc,
        network=app.read(Network, lc.network_id),
        hosts={s.host_id: name_of(app, s.host_id) for s in lc.sessions},
        themes=themes_so_far(lc),
        campaigns=[c for c in campaigns if c.listening_campaign_id == id],
        values=shown.over({"closed_at": forms.now_local(reader_of(request).zone)}),
        errors=shown.errors,
        recorded=shown.note(RECORDED),
    )


RECORD_PAGE = RecordPage(
    "/app/listening-campaigns/{id}",
    _listening_page,
    (
        ORG,
        LEAD,
    ),
)


@router.get("/listening-campaigns/{id}")
def listening_campaigns_page(
    id: UUID, request: Request, visitor: VisitorDep, recorded: JustRecorded = None
) -> HTMLResponse:
    return RECORD_PAGE.page(request, visitor, id, recorded)


@router.post("/listening-campaigns/{id}/close", response_model=None)
async def record_close_listening_campaigns(
    id: UUID, request: Request, visitor: VisitorDep
) -> Response:
    visitor.require(ORG)
    form = await forms.posted(request)
    body = {"summary": form.text("summary"), "happened_at": form.moment("closed_at")}
    return RECORD_PAGE.step(
        request,
        visitor,
        id,
        form,
        listening.CloseListeningCampaign,
        body,
        listening.close,
        "close",
        forms.renamed({"happened_at": "closed_at"}),
    )


# ------------------------------------------------------------------ logging a session


def _session_form(
    request: Request, visitor: Visitor, lc: ListeningCampaign, shown: Shown
) -> HTMLResponse:
    return render(
        request,
        "listening_session_form.html",
        shown.status,
        visitor=visitor,
        lc=lc,
        people=people_picker(request, lc.network_id, visitor.caller),
        communities={c: c for c in lc.communities},
        values=shown.values,
        errors=shown.errors,
        theme_rows=range(1, THEME_ROWS + 1),
    )


@router.get("/listening-campaigns/{id}/sessions/new")
def new_session(id: UUID, request: Request, visitor: VisitorDep) -> HTMLResponse:
    visitor.require(ORG)
    lc = found(lambda: request.app.state.groundwork.get(ListeningCampaign, id))
    if lc.is_closed:  # the API would refuse the session: said before anything is typed
        detail = "This listening campaign is closed: no session can be added to it."
        back = {"href": RECORD_PAGE.path.format(id=id), "label": "The listening campaign"}
        return render(
            request, "error.html", 409, title="Listening closed", detail=detail, back=back
        )
    values = {
        "host_id": str(visitor.caller.person_id or ""),
        "community": lc.communities[0] if len(lc.communities) == 1 else "",
        "happened_at": forms.now_local(reader_of(request).zone),
    }
    return _session_form(request, visitor, lc, Shown.new(values))


@router.post("/listening-campaigns/{id}/sessions", response_model=None)
async def hold_session(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(ORG)
    lc = found(lambda: request.app.state.groundwork.get(ListeningCampaign, id))
    form = await forms.posted(request)
    body = {
        "host_id": form.choice("host_id"),
        "community": form.choice("community"),
        "happened_at": form.moment("happened_at"),
        "participants": form.number("participants"),
        "themes": [
            {"name": t["name"], "mentions": forms.whole(t["mentions"])}
            for t in forms.rows(form.values, "themes", THEME_ROWS, "name", "mentions")
        ],
    }
    return RECORD_PAGE.step(
        request,
        visitor,
        id,
        form,
        listening.HoldListeningSession,
        body,
        listening.hold_session,
        "session",
        forms.row_field,
        again=lambda shown: _session_form(request, visitor, lc, shown),
    )


@network_section(20)
def _listening_campaigns(on: OnNetworkPage) -> Section:
    readable = on.visitor.may(ORG, LEAD)
    every = [
        on.app.read(ListeningCampaign, i) for i in on.app.listening_campaign_ids(on.network.id)
    ]
    cards = [
        Card(
            c.question,
            f"/app/listening-campaigns/{c.id}" if readable else None,
            "closed" if c.closed_at else "listening",
            f"{', '.join(c.communities)} · {on.reader.number(len(c.sessions))} "
            f"session{'s' if len(c.sessions) != 1 else ''}",
        )
        for c in every
    ]
    launch = Link(
        "Launch a listening campaign", f"/app/networks/{on.network.id}/listening-campaigns/new"
    )
    return Section(
        "Listening campaigns",
        cards,
        "No listening campaign yet.",
        actions=[launch] if on.visitor.may(ORG) else [],
    )
