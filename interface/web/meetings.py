"""Power-holder meetings in the web app: logging one (who met whom, why, each ask and the
answer given), then on its page the answers that came later, the commitments made, whether
they were kept, and the evaluation."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from domain.account import Role
from domain.campaign import Campaign
from domain.meeting import PowerHolderMeeting
from domain.network import Network
from domain.power_holder import PowerHolder
from domain.values import Answer, CommitmentStatus
from interface.api import power
from interface.api.reading import name_of
from interface.api.routing import WorkerThreadRoute
from interface.web import forms
from interface.web.locale import reader_of
from interface.web.network import offers
from interface.web.pickers import people_picker, power_holders
from interface.web.records import JustRecorded, RecordPage, Shown
from interface.web.rendering import found, render
from interface.web.session import Visitor, VisitorDep

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)

ORG, LEAD = Role.ORGANISER, Role.LEADER

PURPOSES = {
    "research": "Research",
    "negotiation": "Negotiation",
    "accountability": "Accountability",
}
ANSWERS = {"yes": "Yes", "no": "No", "later": "Later"}
OUTCOMES = {"kept": "Kept", "partly_kept": "Partly kept", "broken": "Broken"}
#: Empty rows of asks on the form: a meeting makes two or three.
ASK_ROWS = 3
RECORDED = {
    "1": "Recorded: the meeting is on the log for good; a correction is a new entry.",
    "answer": "Recorded: the answer is on record.",
    "commitment": "Recorded: the commitment is on record, to be followed up.",
    "outcome": "Recorded: the commitment's outcome is on record.",
    "evaluation": "Recorded: the evaluation is on record.",
}
# ------------------------------------------------------------------ logging a meeting


def _form(request: Request, visitor: Visitor, network: Network, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    return render(
        request,
        "meeting_form.html",
        shown.status,
        visitor=visitor,
        network=network,
        campaigns=[
            {"id": c.id, "name": c.name}
            for c in (app.read(Campaign, i) for i in app.campaign_ids(network.id))
        ],
        holders=power_holders(request, network.id),
        people=people_picker(request, network.id, visitor.caller),
        purposes=PURPOSES,
        answers=ANSWERS,
        values=shown.values,
        ticked=shown.lists,
        errors=shown.errors,
        ask_rows=range(1, ASK_ROWS + 1),
    )


@router.get("/networks/{id}/power-holder-meetings/new")
def new_meeting(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    campaign_id: Annotated[str | None, Query(max_length=64)] = None,
    power_holder_id: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    visitor.require(ORG)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    values = {
        "campaign_id": campaign_id or "",
        "happened_at": forms.now_local(reader_of(request).zone),
    }
    me = visitor.caller.person_id
    ticked = {
        "attendee_ids": [str(me)] if me else [],  # who logs it was there, most likely
        "power_holder_ids": [power_holder_id] if power_holder_id else [],  # from their page
    }
    return _form(request, visitor, network, replace(Shown.new(values), lists=ticked))


@router.post("/networks/{id}/power-holder-meetings", response_model=None)
async def hold(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(ORG)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    form = await forms.posted(request)
    body = {
        "network_id": str(id),
        "campaign_id": form.choice("campaign_id"),
        "power_holder_ids": form.ticked("power_holder_ids"),
        "attendee_ids": form.ticked("attendee_ids"),
        "purpose": form.choice("purpose"),
        "happened_at": form.moment("happened_at"),
        "asks": [
            {"text": a["text"], "answer": a["answer"] or None}
            for a in forms.rows(form.values, "asks", ASK_ROWS, "text", "answer")
        ],
        "summary": form.text("summary"),
    }
    return RECORD_PAGE.create(
        request,
        visitor,
        form,
        power.HoldMeeting,
        body,
        power.hold_meeting,
        "power-holder-meeting",
        lambda shown: _form(request, visitor, network, shown),
        forms.row_field,
    )


# ------------------------------------------------------------------ its page


def _page(request: Request, visitor: Visitor, id: UUID, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    meeting = power.MeetingOut.of(found(lambda: app.get(PowerHolderMeeting, id)))
    holders = {h: app.read(PowerHolder, h) for h in meeting.power_holder_ids}
    later = {str(a.number): a.text for a in meeting.asks if a.answer == Answer.LATER}
    open_ = {
        str(c.number): c.text for c in meeting.commitments if c.status == CommitmentStatus.OPEN
    }
    zone = reader_of(request).zone
    now = forms.now_local(zone)
    defaults = {
        # Most commitments are made at the meeting itself.
        "secured_at": meeting.happened_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
        "answered_at": now,
        "settled_at": now,
        "evaluated_at": now,
        "ask": next(iter(later)) if len(later) == 1 else "",
        "holder_id": str(meeting.power_holder_ids[0]) if len(holders) == 1 else "",
        "commitment_number": next(iter(open_)) if len(open_) == 1 else "",
    }
    return render(
        request,
        "meeting.html",
        shown.status,
        visitor=visitor,
        meeting=meeting,
        campaign=app.read(Campaign, meeting.campaign_id) if meeting.campaign_id else None,
        holders=holders,
        holder_choices=[{"id": i, "name": h.name, "about": h.role} for i, h in holders.items()],
        attendees=[name_of(app, p) for p in meeting.attendee_ids],
        later=later,
        open_commitments=open_,
        purposes=PURPOSES,
        answers=ANSWERS,
        final_answers={"yes": "Yes", "no": "No"},
        outcomes=OUTCOMES,
        values=shown.over(defaults),
        errors=shown.errors,
        recorded=shown.note(RECORDED),
    )


RECORD_PAGE = RecordPage(
    "/app/power-holder-meetings/{id}",
    _page,
    (
        ORG,
        LEAD,
    ),
)


@router.get("/power-holder-meetings/{id}")
def power_holder_meetings_page(
    id: UUID, request: Request, visitor: VisitorDep, recorded: JustRecorded = None
) -> HTMLResponse:
    return RECORD_PAGE.page(request, visitor, id, recorded)


@router.post("/power-holder-meetings/{id}/answers", response_model=None)
async def record_answer_power_holder_meetings(
    id: UUID, request: Request, visitor: VisitorDep
) -> Response:
    visitor.require(ORG)
    form = await forms.posted(request)
    body = {
        "number": form.number("ask"),
        "answer": form.choice("answer"),
        "happened_at": form.moment("answered_at"),
    }
    return RECORD_PAGE.step(
        request,
        visitor,
        id,
        form,
        power.AnswerAsk,
        body,
        power.record_answer,
        "answer",
        forms.renamed({"number": "ask", "happened_at": "answered_at"}),
    )


@router.post("/power-holder-meetings/{id}/commitments", response_model=None)
async def record_commitment_power_holder_meetings(
    id: UUID, request: Request, visitor: VisitorDep
) -> Response:
    visitor.require(ORG)
    form = await forms.posted(request)
    body = {
        "power_holder_id": form.choice("holder_id"),
        "text": form.text("commitment"),
        "due": form.choice("due"),
        "happened_at": form.moment("secured_at"),
    }
    return RECORD_PAGE.step(
        request,
        visitor,
        id,
        form,
        power.SecureCommitment,
        body,
        power.record_commitment,
        "commitment",
        forms.renamed(
            {"power_holder_id": "holder_id", "text": "commitment", "happened_at": "secured_at"}
        ),
    )


@router.post("/power-holder-meetings/{id}/commitment-outcomes", response_model=None)
async def record_outcome_power_holder_meetings(
    id: UUID, request: Request, visitor: VisitorDep
) -> Response:
    visitor.require(ORG)
    form = await forms.posted(request)
    body = {
        "number": form.number("commitment_number"),
        "status": form.choice("status"),
        "note": form.text("note"),
        "happened_at": form.moment("settled_at"),
    }
    return RECORD_PAGE.step(
        request,
        visitor,
        id,
        form,
        power.RecordCommitmentOutcome,
        body,
        power.record_outcome,
        "outcome",
        forms.renamed({"number": "commitment_number", "happened_at": "settled_at"}),
    )


@router.post("/power-holder-meetings/{id}/evaluations", response_model=None)
async def record_evaluation_power_holder_meetings(
    id: UUID, request: Request, visitor: VisitorDep
) -> Response:
    return await RECORD_PAGE.evaluation(request, visitor, id, power.evaluate, ORG)


offers(20, "Log a power-holder meeting", "/app/networks/{id}/power-holder-meetings/new", ORG)
