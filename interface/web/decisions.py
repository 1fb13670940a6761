"""Decisions in the web app: proposing one with the evidence it cites, positions and the
outcome, and the audit of how it was reached, for leaders (and auditors, for the audit)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from domain.account import Role
from domain.campaign import Campaign
from domain.decision import Decision
from domain.network import Network
from domain.values import DecisionStatus, EvidenceKind
from interface.api import audit, decisions
from interface.api.reading import name_of, read_view
from interface.api.routing import WorkerThreadRoute
from interface.web import forms
from interface.web.clocks import Minute, form_values, page_clocks
from interface.web.locale import reader_of
from interface.web.network import offers
from interface.web.pickers import people_picker
from interface.web.records import JustRecorded, RecordPage, Shown
from interface.web.rendering import found, render
from interface.web.session import Visitor, VisitorDep
from projections.timeline import CampaignTimeline

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)

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


def _form(request: Request, visitor: Visitor, network: Network, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    campaign = shown.values.get("campaign_id")
    try:
        campaign_id = UUID(campaign) if campaign else None
    except ValueError:
        campaign_id = None
    return render(
        request,
        "decision_form.html",
        shown.status,
        visitor=visitor,
        network=network,
        values=shown.values,
        cited=shown.ticked("evidence"),
        errors=shown.errors,
        people=people_picker(request, network.id, visitor.caller),
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
        "happened_at": forms.now_local(reader.zone),
        "kind": "tactic",
        "rule": "consensus",
    }
    return _form(request, visitor, network, Shown.new(values))


def _evidence(cited: list[str]) -> list[dict[str, str]]:
    """The records ticked, as the API's evidence ("kind:id" each)."""
    return [dict(zip(("kind", "id"), c.partition(":")[::2], strict=True)) for c in cited]


@router.post("/networks/{id}/decisions", response_model=None)
async def propose(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(LEAD)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    form = await forms.posted(request)
    body = {
        "network_id": str(id),
        "campaign_id": form.choice("campaign_id"),
        "kind": form.choice("kind"),
        "question": form.text("question"),
        "options": forms.lines(form.values.get("options", "")),
        "rule": form.choice("rule"),
        "evidence": _evidence(form.ticked("evidence")),
        "proposed_by": form.choice("proposed_by"),
        "happened_at": form.moment("happened_at"),
    }
    return RECORD_PAGE.create(
        request,
        visitor,
        form,
        decisions.ProposeDecision,
        body,
        decisions.propose,
        "decision",
        lambda shown: _form(request, visitor, network, shown),
    )


def _decision_page(request: Request, visitor: Visitor, id: UUID, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    decision = found(lambda: app.get(Decision, id))
    reader = reader_of(request)
    return render(
        request,
        "decision.html",
        shown.status,
        visitor=visitor,
        decision=decisions.DecisionOut.of(decision),
        campaign=app.read(Campaign, decision.campaign_id) if decision.campaign_id else None,
        proposer=name_of(app, decision.proposed_by),
        names={p: name_of(app, p) for p in decision.positions},
        people=people_picker(request, decision.network_id, visitor.caller),
        open=decision.status == DecisionStatus.OPEN,
        values=shown.over(
            {
                "happened_at": forms.now_local(reader.zone),
                "reached_at": forms.now_local(reader.zone),
                "participant_id": str(visitor.caller.person_id or ""),
            }
        ),
        errors=shown.errors,
        recorded=shown.recorded,
        kinds=KINDS,
        rules=RULES,
    )


RECORD_PAGE = RecordPage(
    "/app/decisions/{id}",
    _decision_page,
    (
        ORG,
        LEAD,
        AUD,
    ),
)


@router.get("/decisions/{id}")
def decisions_page(
    id: UUID, request: Request, visitor: VisitorDep, recorded: JustRecorded = None
) -> HTMLResponse:
    return RECORD_PAGE.page(request, visitor, id, recorded)


@router.post("/decisions/{id}/positions", response_model=None)
async def record_position_decisions(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(LEAD)
    form = await forms.posted(request)
    body = {
        "participant_id": form.choice("participant_id"),
        "option": form.choice("option"),
        "reason": form.text("reason"),
        "happened_at": form.moment("happened_at"),
    }
    return RECORD_PAGE.step(
        request,
        visitor,
        id,
        form,
        decisions.TakePosition,
        body,
        decisions.record_position,
        "position",
    )


@router.post("/decisions/{id}/outcome", response_model=None)
async def record_outcome_decisions(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(LEAD)
    form = await forms.posted(request)
    body = {
        "outcome": form.choice("outcome"),
        "rationale": form.text("rationale"),
        "happened_at": form.moment("reached_at"),
    }
    return RECORD_PAGE.step(
        request,
        visitor,
        id,
        form,
        decisions.ReachDecision,
        body,
        decisions.reach,
        "outcome",
        forms.renamed({"happened_at": "reached_at"}),
    )


@router.get("/decisions/{id}/audit")
def audit_page(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    known_at: Minute = None,
    on: Minute = None,
) -> HTMLResponse:
    visitor.require(LEAD, AUD)
    app = request.app.state.groundwork
    found(lambda: app.read(Decision, id))
    zone = reader_of(request).zone
    clocks = page_clocks(known_at, on, zone)
    told = audit.audit_of(id=id, app=app, request=request, clocks=clocks, limit=50, offset=offset)
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
        clocks=clocks,
        clock_values=form_values(clocks, zone),
    )


offers(30, "Propose a decision", "/app/networks/{id}/decisions/new", LEAD)
