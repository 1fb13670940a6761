"""Skill-shares in the web app: logging one (who taught which skill to whom), its page, and
the network page's section with the skills its members have taught each other."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from domain.account import Role
from domain.network import Network
from domain.skill_share import SkillShare
from interface.api import skill_shares
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
RECORDED = "Recorded. It is on the log for good; a correction is a new entry."


def _form(request: Request, visitor: Visitor, network: Network, shown: Shown) -> HTMLResponse:
    return render(
        request,
        "skill_share_form.html",
        shown.status,
        visitor=visitor,
        network=network,
        communities=[{"id": c, "name": c} for c in network.communities],
        people=people_picker(request, network.id, visitor.caller),
        values=shown.values,
        learned=shown.ticked("learner_ids"),
        errors=shown.errors,
    )


@router.get("/networks/{id}/skill-shares/new")
def new_skill_share(id: UUID, request: Request, visitor: VisitorDep) -> HTMLResponse:
    visitor.require(ORG)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    values = {
        "happened_at": forms.now_local(reader_of(request).zone),
        "taught_by": str(visitor.caller.person_id or ""),
    }
    return _form(request, visitor, network, Shown.new(values))


@router.post("/networks/{id}/skill-shares", response_model=None)
async def hold(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    visitor.require(ORG)
    network = found(lambda: request.app.state.groundwork.read(Network, id))
    form = await forms.posted(request)
    body = {
        "network_id": str(id),
        "community": form.choice("community"),
        "skill": form.text("skill"),
        "happened_at": form.moment("happened_at"),
        "duration_minutes": form.number("duration_minutes"),
        "taught_by": form.choice("taught_by"),
        "learner_ids": form.ticked("learner_ids"),
        "reflections": form.text("reflections"),
    }
    return RECORD_PAGE.create(
        request,
        visitor,
        form,
        skill_shares.HoldSkillShare,
        body,
        skill_shares.hold,
        "skill-share",
        lambda shown: _form(request, visitor, network, shown),
    )


def _page(request: Request, visitor: Visitor, id: UUID, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    share = found(lambda: app.get(SkillShare, id))
    return render(
        request,
        "skill_share.html",
        visitor=visitor,
        share=share,
        teacher=name_of(app, share.taught_by),
        learned=sorted((name_of(app, p) for p in share.learner_ids), key=str.casefold),
        recorded=shown.note({"1": RECORDED}),
    )


RECORD_PAGE = RecordPage(
    "/app/skill-shares/{id}",
    _page,
    (
        ORG,
        LEAD,
    ),
)


@router.get("/skill-shares/{id}")
def skill_shares_page(
    id: UUID, request: Request, visitor: VisitorDep, recorded: JustRecorded = None
) -> HTMLResponse:
    return RECORD_PAGE.page(request, visitor, id, recorded)


def _times(on: OnNetworkPage, times: int) -> str:
    return "once" if times == 1 else f"{on.reader.number(times)} times"


@network_section(40)
def _section(on: OnNetworkPage) -> Section:
    readable = on.visitor.may(ORG, LEAD)
    listed = skill_shares.of_network(on.request, on.network.id, limit=10) if readable else None
    cards = [
        Card(
            s.skill,
            f"/app/skill-shares/{s.id}",
            s.community,
            f"{on.reader.day(s.happened_at)} · taught by {name_of(on.app, s.taught_by)} · "
            f"{on.reader.number(s.learners)} learned",
        )
        for s in (listed.skill_shares if listed else [])
    ]
    taught = ", ".join(
        f"{t.skill} ({_times(on, t.times)}, {on.reader.number(t.learners)} learned)"
        for t in (listed.skills_taught if listed else [])
    )
    log = Link("Log a skill-share", f"/app/networks/{on.network.id}/skill-shares/new")
    return Section(
        "Skill-shares",
        cards,
        "No skill-share yet." if readable else "Organisers and leaders see the skill-shares.",
        summary=f"Skills taught: {taught}." if taught else None,
        actions=[log] if on.visitor.may(ORG) else [],
    )
