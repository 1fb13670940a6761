"""Decisions in the web app: proposing one with the evidence it cites, positions and the
outcome, and the audit of how it was reached, for leaders (and auditors, for the audit)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from domain.account import Role
from domain.campaign import Campaign
from domain.decision import Decision
from domain.network import Network
from domain.values import DecisionStatus, EvidenceKind
from interface.api import audit, decisions
from interface.api.reading import name_of, read_view
from interface.web import forms
from interface.web.locale import reader_of
from interface.web.pages import people_picker
from interface.web.rendering import found, render
from interface.web.session import Visitor, VisitorDep
from projections.timeline import CampaignTimeline

router = APIRouter(prefix="/app", include_in_schema=False)

ORG, LEAD, AUD = Role.ORGANISER, Role.LEADER, Role.AUDITOR

KINDS = {
    "issue_cut": "Issue cut",
    "target": "Target",
    "tactic": "Tactic",
    "response_to_offer": "Response to an offer",
    "other": "Other",
}
RULES = {"consensus": "Consensus", "majority": "Majority"}
#: What a decision can cite, from a campaign's story: the kind of entry and of evidence.
CITABLE = {
    "/one-to-ones/": EvidenceKind.ONE_TO_ONE,
    "/actions/": EvidenceKind.ACTION,
    "/power-holder-meetings/": EvidenceKind.POWER_HOLDER_MEETING,
    "/gatherings/": EvidenceKind.GATHERING,
}


def _citable(request: Request, campaign_id: UUID | None) -> list[dict[str, Any]]:
    """Records of the campaign a decision may cite: one per record, the first line of its
    story (its one-to-one held, its action planned...)."""
    if campaign_id is None:
        return []
    view, _ = read_view(request, CampaignTimeline)
    seen: dict[str, dict[str, Any]] = {}
    for e in view.entries(campaign_id, kinds=("one_to_one", "action", "meeting"), limit=300):
        kind = next((k for prefix, k in CITABLE.items() if e.source.startswith(prefix)), None)
        if kind is not None and e.source not in seen:
            record = e.source.rsplit("/", 1)[1]
            seen[e.source] = {"value": f"{kind.value}:{record}", "entry": e}
    return list(seen.values())


def _form(
    request: Request,
    visitor: Visitor,
    network: Network,
    values: dict[str, str],
    cited: list[str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    app = request.app.state.groundwork
    campaign = values.get("campaign_id")
    try:
        campaign_id = UUID(campaign) if campaign else None
    except ValueError:
        campaign_id = None
    return render(
        request,
        "decision_form.html",
        status,
        visitor=visitor,
        network=network,
        values=values,
        cited=cited,
        errors=errors,
        people=people_picker(request, network.id),
        campaigns=[app.read(Campaign, c) for c in app.campaign_ids(network.id)],
        citable=_citable(request, campaign_id),
        kinds=KINDS,
        rules=RULES,
    )


@router.get("/networks/{id}/decisions/new")
def new_decision(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    campaign_id: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    visitor.require(LEAD)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    reader = reader_of(request)
    values = {
        "campaign_id": campaign_id or "",
        "proposed_by": str(visitor.caller.person_id or ""),
        "happened_at": datetime.now(reader.zone).strftime("%Y-%m-%dT%H:%M"),
        "kind": "tactic",
        "rule": "consensus",
        "request_key": forms.new_request_key(),
    }
    return _form(request, visitor, network, values, [], {})


def _evidence(cited: list[str]) -> list[dict[str, str]]:
    """The records ticked, as the API's evidence ("kind:id" each)."""
    return [dict(zip(("kind", "id"), c.partition(":")[::2], strict=True)) for c in cited]


@router.post("/networks/{id}/decisions", response_model=None)
async def propose(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(LEAD)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    values = await forms.form_values(request)
    cited = (await forms.form_lists(request)).get("evidence", [])
    reader = reader_of(request, values.get("tz"))
    errors: dict[str, str] = {}
    body = {
        "network_id": str(id),
        "campaign_id": forms.optional(values, "campaign_id"),
        "kind": forms.optional(values, "kind"),
        "question": forms.optional(values, "question"),
        "options": forms.lines(values.get("options", "")),
        "rule": forms.optional(values, "rule"),
        "evidence": _evidence(cited),
        "proposed_by": forms.optional(values, "proposed_by"),
        "happened_at": forms.moment(values, "happened_at", reader.zone, errors),
    }
    done = forms.submitted(
        request,
        visitor,
        values,
        errors,
        decisions.ProposeDecision,
        body,
        decisions.propose_decision,
        "decision",
    )
    if done is not None:
        return RedirectResponse(f"/app/decisions/{done.id}?recorded=1", status_code=303)
    values["tz"] = reader.zone.key
    return _form(request, visitor, network, values, cited, errors, status=422)


def _decision_page(
    request: Request,
    visitor: Visitor,
    id: UUID,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    recorded: str | None = None,
) -> HTMLResponse:
    app = request.app.state.groundwork
    decision = found(lambda: app.get(Decision, id))
    reader = reader_of(request)
    return render(
        request,
        "decision.html",
        status,
        visitor=visitor,
        decision=decisions.DecisionOut.of(decision),
        campaign=app.read(Campaign, decision.campaign_id) if decision.campaign_id else None,
        proposer=name_of(app, decision.proposed_by),
        names={p: name_of(app, p) for p in decision.positions},
        people=people_picker(request, decision.network_id),
        open=decision.status == DecisionStatus.OPEN,
        values=values
        or {
            "happened_at": datetime.now(reader.zone).strftime("%Y-%m-%dT%H:%M"),
            "reached_at": datetime.now(reader.zone).strftime("%Y-%m-%dT%H:%M"),
            "participant_id": str(visitor.caller.person_id or ""),
            "request_key": forms.new_request_key(),
        },
        errors=errors or {},
        recorded=recorded,
        kinds=KINDS,
        rules=RULES,
    )


@router.get("/decisions/{id}")
def decision_page(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    recorded: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    visitor.require(ORG, LEAD, AUD)
    return _decision_page(request, visitor, id, recorded=recorded)


@router.post("/decisions/{id}/positions", response_model=None)
async def take_position(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(LEAD)
    values = await forms.form_values(request)
    reader = reader_of(request, values.get("tz"))
    errors: dict[str, str] = {}
    body = {
        "participant_id": forms.optional(values, "participant_id"),
        "option": forms.optional(values, "option"),
        "reason": values.get("reason", "").strip(),
        "happened_at": forms.moment(values, "happened_at", reader.zone, errors),
    }
    return _decided(request, visitor, id, values, errors, decisions.TakePosition, body, "position")


@router.post("/decisions/{id}/outcome", response_model=None)
async def reach(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(LEAD)
    values = await forms.form_values(request)
    reader = reader_of(request, values.get("tz"))
    errors: dict[str, str] = {}
    body = {
        "outcome": forms.optional(values, "outcome"),
        "rationale": forms.optional(values, "rationale"),
        "happened_at": forms.moment(values, "reached_at", reader.zone, errors),
    }
    return _decided(request, visitor, id, values, errors, decisions.ReachDecision, body, "outcome")


#: The API's route for each step of an open decision the decision page records.
STEPS: dict[str, Any] = {"position": decisions.take_position, "outcome": decisions.reach_decision}


def _decided(
    request: Request,
    visitor: Visitor,
    id: UUID,
    values: dict[str, str],
    errors: dict[str, str],
    model: Any,
    body: dict[str, Any],
    step: str,
) -> Response:
    """Records a position or the outcome, back to the decision's page either way."""
    done = forms.submitted(
        request,
        visitor,
        values,
        errors,
        model,
        body,
        lambda command, ctx: STEPS[step](id, command, ctx),
        step,
        _outcome_field,
    )
    if done is not None:
        return RedirectResponse(f"/app/decisions/{id}?recorded={step}", status_code=303)
    return _decision_page(request, visitor, id, values, errors, status=422)


def _outcome_field(loc: tuple[int | str, ...]) -> str:
    field = forms.field_of(loc)
    return "reached_at" if field == "happened_at" else field


@router.get("/decisions/{id}/audit")
def audit_page(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> HTMLResponse:
    visitor.require(LEAD, AUD)
    app = request.app.state.groundwork
    found(lambda: app.read(Decision, id))
    told = audit.audit(id=id, app=app, request=request, limit=50, offset=offset)
    return render(
        request,
        "audit.html",
        visitor=visitor,
        audit=told,
        campaign=app.read(Campaign, told.campaign_id) if told.campaign_id else None,
        proposer=name_of(app, told.proposed_by),
        kinds=KINDS,
        rules=RULES,
        offset=offset,
    )
