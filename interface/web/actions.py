"""Actions in the web app: planning one in a campaign, then on its page recording that it
was held (the turnout that came, the outcome) and its evaluation, or that it was
cancelled."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from domain.account import Role
from domain.action import Action
from domain.campaign import Campaign
from domain.power_holder import PowerHolder
from interface.api import actions
from interface.api.routing import WorkerThreadRoute
from interface.web import forms
from interface.web.locale import reader_of
from interface.web.pickers import power_holders
from interface.web.records import JustRecorded, RecordPage, Shown
from interface.web.rendering import found, render
from interface.web.session import Visitor, VisitorDep

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)

ORG, LEAD = Role.ORGANISER, Role.LEADER

KINDS = {
    "delegation": "Delegation",
    "assembly": "Assembly",
    "public_meeting": "Public meeting",
    "vigil": "Vigil",
    "petition": "Petition",
    "media": "Media",
    "other": "Other",
}
RECORDED = {
    "1": "Recorded: the action is planned. Come back to record the turnout and outcome.",
    "held": "Recorded: the action was held.",
    "evaluation": "Recorded: the evaluation is on record.",
    "cancellation": "Recorded: the action is cancelled.",
}


# ------------------------------------------------------------------ planning one


def _plan_form(
    request: Request, visitor: Visitor, campaign: Campaign, shown: Shown
) -> HTMLResponse:
    return render(
        request,
        "action_form.html",
        shown.status,
        visitor=visitor,
        campaign=campaign,
        holders=power_holders(request, campaign.network_id),
        kinds=KINDS,
        values=shown.values,
        errors=shown.errors,
    )


@router.get("/campaigns/{id}/actions/new")
def new_action(id: UUID, request: Request, visitor: VisitorDep) -> HTMLResponse:
    visitor.require(ORG)
    campaign = found(lambda: request.app.state.groundwork.read(Campaign, id))
    now = forms.now_local(reader_of(request).zone)
    return _plan_form(
        request, visitor, campaign, Shown.new({"kind": "delegation", "happened_at": now})
    )


@router.post("/campaigns/{id}/actions", response_model=None)
async def plan(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(ORG)
    campaign = found(lambda: request.app.state.groundwork.read(Campaign, id))
    form = await forms.posted(request)
    body = {
        "campaign_id": str(id),
        "kind": form.choice("kind"),
        "title": form.text("title"),
        "ask": form.text("ask"),
        "power_holder_id": form.choice("power_holder_id"),
        "scheduled_for": form.moment("scheduled_for"),
        "turnout_pledged": form.number("turnout_pledged"),
        "happened_at": form.moment("happened_at"),
    }
    return RECORD_PAGE.create(
        request,
        visitor,
        form,
        actions.PlanAction,
        body,
        actions.plan,
        "action",
        lambda shown: _plan_form(request, visitor, campaign, shown),
    )


# ------------------------------------------------------------------ its page


def _action_page(request: Request, visitor: Visitor, id: UUID, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    action = actions.ActionOut.of(found(lambda: app.get(Action, id)))
    now = forms.now_local(reader_of(request).zone)
    target = app.read(PowerHolder, action.power_holder_id) if action.power_holder_id else None
    return render(
        request,
        "action.html",
        shown.status,
        visitor=visitor,
        action=action,
        campaign=app.read(Campaign, action.campaign_id),
        target=target,
        kinds=KINDS,
        values=shown.over({"held_at": now, "evaluated_at": now, "cancelled_at": now}),
        errors=shown.errors,
        recorded=shown.note(RECORDED),
    )


RECORD_PAGE = RecordPage(
    "/app/actions/{id}",
    _action_page,
    (
        ORG,
        LEAD,
    ),
)


@router.get("/actions/{id}")
def actions_page(
    id: UUID, request: Request, visitor: VisitorDep, recorded: JustRecorded = None
) -> HTMLResponse:
    return RECORD_PAGE.page(request, visitor, id, recorded)


@router.post("/actions/{id}/held", response_model=None)
async def record_held_actions(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(ORG)
    form = await forms.posted(request)
    body = {
        "happened_at": form.moment("held_at"),
        "turnout": form.number("turnout"),
        "outcome": form.text("outcome"),
    }
    return RECORD_PAGE.step(
        request,
        visitor,
        id,
        form,
        actions.RecordActionHeld,
        body,
        actions.record_held,
        "held",
        forms.renamed({"happened_at": "held_at"}),
    )


@router.post("/actions/{id}/evaluations", response_model=None)
async def record_evaluation_actions(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    return await RECORD_PAGE.evaluation(request, visitor, id, actions.evaluate, ORG)


@router.post("/actions/{id}/cancellation", response_model=None)
async def record_cancellation_actions(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(ORG)
    form = await forms.posted(request)
    body = {"reason": form.text("reason"), "happened_at": form.moment("cancelled_at")}
    return RECORD_PAGE.step(
        request,
        visitor,
        id,
        form,
        actions.CancelAction,
        body,
        actions.cancel,
        "cancellation",
        forms.renamed({"happened_at": "cancelled_at"}),
    )
