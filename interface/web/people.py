"""People and power in the web app: the directory, a person's page (their relational
history; for admins, their export and erasure), and the power map."""

from __future__ import annotations

import json
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from domain.account import Role
from domain.campaign import Campaign
from domain.kinds import every_part
from domain.network import Network
from domain.person import Person
from domain.values import LadderStage
from interface.api import directory, people, power_map, rights
from interface.api.access import Caller
from interface.api.clocks import Clocks
from interface.api.routing import WorkerThreadRoute
from interface.web import charts, forms
from interface.web.clocks import Minute, form_values, page_clocks
from interface.web.locale import reader_of
from interface.web.network import offers
from interface.web.records import readers
from interface.web.rendering import found, render
from interface.web.session import Visitor, VisitorDep

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)

ORG, LEAD, ADM = Role.ORGANISER, Role.LEADER, Role.ADMIN
STAGES = [s.value for s in LadderStage]


@router.get("/networks/{id}/people")
def people_page(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    community: Annotated[str | None, Query(max_length=200)] = None,
    stage: Annotated[str | None, Query(max_length=40)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> HTMLResponse:
    visitor.require(ORG, LEAD, ADM)
    app = request.app.state.groundwork
    network = found(lambda: app.read(Network, id))
    chosen = community if community in network.communities else None
    rung = LadderStage(stage) if stage in STAGES else None
    listed = directory.directory_of(
        id=id,
        app=app,
        caller=visitor.caller,
        request=request,
        community=chosen,
        stage=rung,
        limit=50,
        offset=offset,
    )
    return render(
        request,
        "people.html",
        visitor=visitor,
        network=network,
        listed=listed,
        community=chosen or "",
        stage=rung.value if rung else "",
        stages=STAGES,
    )


def _person_page(
    request: Request,
    visitor: Visitor,
    id: UUID,
    status: int = 200,
    clocks: Clocks | None = None,
    **extra: object,
) -> HTMLResponse:
    app = request.app.state.groundwork
    found(lambda: app.read(Person, id))
    caller: Caller = visitor.caller
    record = people.person_of(id=id, app=app, caller=caller)  # a read: on the access record
    history = None
    if visitor.may(ORG, LEAD):
        history = directory.history_of(
            id=id, app=app, caller=caller, request=request, clocks=clocks, limit=50, offset=0
        )
    clocks = clocks or Clocks()
    return render(
        request,
        "person.html",
        status,
        visitor=visitor,
        person=record,
        history=history,
        part_words=every_part(),
        forgotten=app.read(Person, id).forgotten,
        clocks=clocks,
        clock_values=form_values(clocks, reader_of(request).zone),
        **extra,
    )


PERSON_READERS = readers("/app/people/{id}", ORG, LEAD, ADM)


@router.get("/people/{id}")
def person_page(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    recorded: Annotated[str | None, Query(max_length=20)] = None,
    known_at: Minute = None,
    on: Minute = None,
) -> HTMLResponse:
    visitor.require(*PERSON_READERS)
    clocks = page_clocks(known_at, on, reader_of(request).zone)
    return _person_page(request, visitor, id, clocks=clocks, recorded=recorded, errors={})


@router.get("/people/{id}/export", response_model=None)
def export(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    """Everything held about the person, as a JSON file (on the access record)."""
    visitor.require(ADM)
    app = request.app.state.groundwork
    found(lambda: app.read(Person, id))
    exported = rights.export_of(id=id, app=app, caller=visitor.caller, request=request)
    return Response(
        json.dumps(exported.model_dump(mode="json"), indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="person-{id}.json"'},
    )


@router.post("/people/{id}/erasure", response_model=None)
async def erase(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    """Forget the person, once the admin has confirmed they asked to be."""
    visitor.require(ADM)
    values = await forms.form_values(request)
    errors: dict[str, str] = {}
    if values.get("confirm") != "yes":
        errors["confirm"] = "Confirm that the person asked to be forgotten."
    else:
        done = forms.submitted(
            request, visitor, values, errors, rights.Erase, {}, _forget(id), "erasure"
        )
        if done is not None:
            return RedirectResponse(f"/app/people/{id}?recorded=forgotten", status_code=303)
    return _person_page(request, visitor, id, status=422, errors=errors)


def _forget(id: UUID) -> forms.Command[rights.Erase]:
    return lambda body, ctx: rights.forget(id, body, ctx)


@router.get("/networks/{id}/power-map")
def power_map_page(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    campaign_id: Annotated[str | None, Query(max_length=64)] = None,
    known_at: Minute = None,
    on: Minute = None,
) -> HTMLResponse:
    visitor.require(ORG, LEAD)
    app = request.app.state.groundwork
    reader = reader_of(request)
    clocks = page_clocks(known_at, on, reader.zone)
    network = found(lambda: app.read(Network, id))
    campaigns = [app.read(Campaign, c) for c in app.campaign_ids(id)]
    chosen = next((c.id for c in campaigns if str(c.id) == campaign_id), None)
    mapped = power_map.power_map_of(
        id=id, app=app, request=request, campaign_id=chosen, clocks=clocks, limit=100, offset=0
    )
    return render(
        request,
        "power_map.html",
        visitor=visitor,
        network=network,
        campaigns=campaigns,
        chosen=chosen,
        mapped=mapped,
        chart=charts.power(mapped, reader),
        clocks=clocks,
        clock_values=form_values(clocks, reader.zone),
    )


offers(50, "Power map", "/app/networks/{id}/power-map", ORG, LEAD)
offers(60, "People", "/app/networks/{id}/people", ORG, LEAD, ADM)
