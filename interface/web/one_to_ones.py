"""Logging a one-to-one from the web app: its form, taking the form in, and the page of one
held."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from domain.account import Role
from domain.campaign import Campaign
from domain.network import Network
from domain.one_to_one import OneToOne
from interface.api import one_to_ones
from interface.api.reading import name_of
from interface.api.routing import WorkerThreadRoute
from interface.web import forms
from interface.web.locale import reader_of
from interface.web.network import offers
from interface.web.pickers import people_picker
from interface.web.records import JustRecorded, RecordPage, Shown
from interface.web.rendering import found, render
from interface.web.session import Visitor, VisitorDep

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)

ORG, LEAD = Role.ORGANISER, Role.LEADER

CHANNELS = {"in_person": "In person", "video": "Video", "phone": "Phone"}
FOLLOW_UP_ROWS = 3


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
        one_to_ones.hold,
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


ONE_TO_ONE = RecordPage(
    "/app/one-to-ones/{id}",
    _one_to_one_page,
    (
        ORG,
        LEAD,
    ),
)


@router.get("/one-to-ones/{id}")
def one_to_ones_page(
    id: UUID, request: Request, visitor: VisitorDep, recorded: JustRecorded = None
) -> HTMLResponse:
    return ONE_TO_ONE.page(request, visitor, id, recorded)


offers(10, "Log a one-to-one", "/app/networks/{id}/one-to-ones/new", ORG, primary=True)
