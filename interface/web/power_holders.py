"""Power-holders in the web app: identifying one (their name, role and institution), and
their page, where an organiser assesses their stance and influence (right after
identifying them, and again as these change)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from domain.account import Role
from domain.network import Network
from domain.power_holder import PowerHolder
from interface.api import power
from interface.api.reading import name_of
from interface.api.routing import WorkerThreadRoute
from interface.web import forms
from interface.web.locale import reader_of
from interface.web.pickers import people_picker
from interface.web.records import JustRecorded, RecordPage, Shown
from interface.web.rendering import found, render
from interface.web.session import Visitor, VisitorDep

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)

ORG, LEAD = Role.ORGANISER, Role.LEADER

#: Stances, from the most to the least on the network's side.
STANCES = {
    "ally": "Ally",
    "leaning_ally": "Leaning ally",
    "neutral": "Neutral",
    "leaning_opponent": "Leaning opponent",
    "opponent": "Opponent",
    "unknown": "Not known yet",
}
INFLUENCE = {
    "1": "1 · little",
    "2": "2",
    "3": "3",
    "4": "4",
    "5": "5 · decisive",
}
RECORDED = {
    "1": "Recorded: they are on the power map. Assess their stance and influence now, below.",
    "assessment": "Recorded: the assessment is on record; the power map places them by it.",
}


# ------------------------------------------------------------------ identifying one


def _identify_form(
    request: Request, visitor: Visitor, network: Network, shown: Shown
) -> HTMLResponse:
    return render(
        request,
        "power_holder_form.html",
        shown.status,
        visitor=visitor,
        network=network,
        values=shown.values,
        errors=shown.errors,
    )


@router.get("/networks/{id}/power-holders/new")
def new_power_holder(id: UUID, request: Request, visitor: VisitorDep) -> HTMLResponse:
    visitor.require(ORG)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    now = forms.now_local(reader_of(request).zone)
    return _identify_form(request, visitor, network, Shown.new({"happened_at": now}))


@router.post("/networks/{id}/power-holders", response_model=None)
async def identify(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(ORG)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    form = await forms.posted(request)
    body = {
        "network_id": str(id),
        "name": form.text("name"),
        "role": form.text("role"),
        "institution": form.text("institution"),
        "happened_at": form.moment("happened_at"),
    }
    return RECORD_PAGE.create(
        request,
        visitor,
        form,
        power.IdentifyPowerHolder,
        body,
        power.identify,
        "power-holder",
        lambda shown: _identify_form(request, visitor, network, shown),
    )


# ------------------------------------------------------------------ their page


def _page(request: Request, visitor: Visitor, id: UUID, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    holder = power.PowerHolderOut.of(found(lambda: app.get(PowerHolder, id)))
    defaults = {
        "assessed_at": forms.now_local(reader_of(request).zone),
        "assessed_by": str(visitor.caller.person_id or ""),  # who assesses, most likely
    }
    return render(
        request,
        "power_holder.html",
        shown.status,
        visitor=visitor,
        holder=holder,
        latest=holder.assessments[-1] if holder.assessments else None,
        network=app.read(Network, holder.network_id),
        assessors={a.assessed_by: name_of(app, a.assessed_by) for a in holder.assessments},
        people=people_picker(request, holder.network_id, visitor.caller)
        if visitor.may(ORG)
        else [],
        stances=STANCES,
        influence=INFLUENCE,
        values=shown.over(defaults),
        errors=shown.errors,
        recorded=shown.note(RECORDED),
    )


def assessment(form: forms.Posted) -> dict[str, Any]:
    """The body of the API's `AssessPowerHolder` from the page's assessment form."""
    rating = form.number("influence")
    return {
        "stance": form.choice("stance"),
        # a rating not chosen is left out, so that the API's model says "Choose one."
        **({"influence": rating} if rating is not None else {}),
        "interests": forms.tags(form.text("interests")),
        "notes": form.text("notes"),
        "assessed_by": form.choice("assessed_by"),
        "happened_at": form.moment("assessed_at"),
    }


RECORD_PAGE = RecordPage(
    "/app/power-holders/{id}",
    _page,
    (
        ORG,
        LEAD,
    ),
)


@router.get("/power-holders/{id}")
def power_holders_page(
    id: UUID, request: Request, visitor: VisitorDep, recorded: JustRecorded = None
) -> HTMLResponse:
    return RECORD_PAGE.page(request, visitor, id, recorded)


@router.post("/power-holders/{id}/assessments", response_model=None)
async def record_assessment_power_holders(
    id: UUID, request: Request, visitor: VisitorDep
) -> Response:
    visitor.require(ORG)
    form = await forms.posted(request)
    body = assessment(form)
    return RECORD_PAGE.step(
        request,
        visitor,
        id,
        form,
        power.AssessPowerHolder,
        body,
        power.assess,
        "assessment",
        forms.renamed({"happened_at": "assessed_at"}),
    )
