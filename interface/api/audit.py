"""A decision's audit: how it was reached, from what was on record then.

The decision is read from its own events as they stood when it was last reached; the
evidence it cited and its campaign's timeline are read from the views as known then: cut at
the log position of the outcome's event (not at its timestamp, which is taken before the
commit), so an auditor sees what the decision-makers could have known, and nothing
recorded later. An auditor may also ask for them as known at another moment, or as things
stood on another (`interface.api.clocks`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from domain.application import Groundwork
from domain.decision import Decision
from domain.values import DecisionKind, DecisionRule, DecisionStatus, EvidenceKind
from interface.api.access import AUD, LEAD, may
from interface.api.clocks import Clocks, ClocksDep, cut_of
from interface.api.common import AppDep
from interface.api.errors import READ
from interface.api.reading import Limit, Offset, Page, fields_of, name_of, page, read_view
from interface.api.routing import WorkerThreadRoute
from interface.api.timeline import EntryOut
from projections.records import Records
from projections.timeline import CampaignTimeline
from projections.view import Cut

router = APIRouter(prefix="/decisions", tags=["decisions"], route_class=WorkerThreadRoute)


class LineOut(BaseModel):
    position: int = Field(description="The event's position in the log.")
    happened_at: datetime
    recorded_at: datetime
    recorded_by: UUID
    kind: str = Field(examples=["listening"])
    summary: str = Field(examples=["Listening session 2 in Kenya: 12 participants"])
    correction: bool


class EvidenceAuditOut(BaseModel):
    kind: EvidenceKind
    id: UUID
    item: int | None
    source: str | None = Field(description="Where the record cited is read.")
    lines: list[LineOut] = Field(
        description="The record cited, as it stood then: only what was recorded before."
    )


class PositionAuditOut(BaseModel):
    participant_id: UUID
    participant_name: str = Field(description="Personal data, read from the person's record.")
    option: str
    reason: str
    taken_at: datetime


class AuditOut(Page):
    decision_id: UUID
    campaign_id: UUID | None
    kind: DecisionKind
    question: str = Field(examples=["Which issue do we cut from the listening?"])
    options: list[str]
    rule: DecisionRule
    proposed_by: UUID
    proposed_at: datetime
    status: DecisionStatus = Field(description="Where the decision stands now.")
    superseded_by: UUID | None
    reached: bool = Field(description="Whether it was reached (and not reopened since).")
    as_of: datetime | None = Field(
        description="When its outcome was recorded: the moment the evidence, positions and "
        "timeline below are read as of. Null while the decision is open (read as of now)."
    )
    outcome: str | None
    rationale: str
    reached_at: datetime | None = Field(description="When it was reached, as recorded.")
    known_through: int | None = Field(
        description="The log position the evidence and timeline are read up to: the outcome's "
        "(or the last committed by `known_at`, if asked). Null: read as of now."
    )
    on: datetime | None = Field(
        default=None, description="If asked: evidence and timeline as things stood then."
    )
    positions: list[PositionAuditOut] = Field(description="Each participant's, as they stood.")
    evidence: list[EvidenceAuditOut]
    history: list[LineOut] = Field(
        description="Everything recorded about the decision, to this day: proposal, "
        "positions, outcome, and any revisiting or superseding since."
    )
    since: list[LineOut] = Field(
        description="What was recorded about the decision after its outcome (revisiting, "
        "superseding): its history without its own proposal, positions and reaching."
    )
    timeline: list[EntryOut] = Field(
        description="The campaign's story as it stood at `as_of` (paged by limit/offset)."
    )


@router.get("/{id}/audit", responses=READ)
@may(LEAD, AUD)
def audit(
    id: UUID,
    app: AppDep,
    request: Request,
    clocks: ClocksDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> AuditOut:
    """How a decision was reached: the question, options and rule, each participant's
    position and reason, the outcome and rationale, the evidence it cited as that evidence
    stood then, and the campaign's timeline as it was known when the outcome was recorded
    (or as known at `known_at`, alias `as_of`, and as things stood `on` a moment, if asked)."""
    return audit_of(id, app, request, clocks=clocks, limit=limit, offset=offset)


def audit_of(
    id: UUID,
    app: Groundwork,
    request: Request,
    clocks: Clocks | None = None,
    limit: int = 50,
    offset: int = 0,
) -> AuditOut:
    """The query, as the API and the web pages both read it."""
    events = app.history(Decision, id)
    reached = next((e for e in reversed(events) if isinstance(e, Decision.Reached)), None)
    now = app.read(Decision, id)
    is_reached = now.status != DecisionStatus.OPEN and reached is not None
    as_of = reached.timestamp if is_reached and reached else None
    then = app.state_at(Decision, id, reached.originator_version) if as_of and reached else now
    outcome_at = position_of(app, id, reached.originator_version) if as_of and reached else None
    cut = Cut(known_through=outcome_at) if clocks is None or clocks.now else cut_of(app, clocks)
    records, freshness = read_view(request, Records)
    evidence = _evidence(records, then, cut)
    timeline = _timeline(request, then, cut, limit + 1, offset)
    history = [LineOut(**fields_of(line, LineOut)) for line in records.story(id)]
    return AuditOut(
        decision_id=id,
        campaign_id=then.campaign_id,
        kind=then.kind,
        question=then.question,
        options=then.options,
        rule=then.rule,
        proposed_by=then.proposed_by,
        proposed_at=then.proposed_at,
        status=now.status,
        superseded_by=now.superseded_by,
        reached=is_reached,
        as_of=as_of,
        outcome=then.outcome,
        rationale=then.rationale,
        reached_at=then.reached_at,
        known_through=cut.known_through,
        on=cut.on,
        positions=_positions(app, then),
        evidence=evidence,
        history=history,
        since=[line for line in history if outcome_at is not None and line.position > outcome_at],
        timeline=timeline[:limit],
        **page(freshness, limit, offset, len(timeline)),
    )


def position_of(app: Groundwork, id: UUID, version: int) -> int | None:
    """The log position of one event of a record (the chained store's query)."""
    recorder: Any = app.recorder
    found: int | None = recorder.position_of(id, version)
    return found


def _evidence(records: Records, then: Decision, cut: Cut) -> list[EvidenceAuditOut]:
    """Each record the decision cited, as it stood at the cut."""
    evidence = []
    for ref in then.evidence:
        lines = records.story(ref.id, item=ref.item, cut=cut)
        evidence.append(
            EvidenceAuditOut(
                kind=ref.kind,
                id=ref.id,
                item=ref.item,
                source=lines[0].source if lines else None,
                lines=[LineOut(**fields_of(line, LineOut)) for line in lines],
            )
        )
    return evidence


def _timeline(
    request: Request, then: Decision, cut: Cut, limit: int, offset: int
) -> list[EntryOut]:
    """The decision's campaign's timeline as it stood at the cut (none without a campaign)."""
    if then.campaign_id is None:
        return []
    view, _ = read_view(request, CampaignTimeline)
    entries = view.entries(then.campaign_id, cut=cut, limit=limit, offset=offset)
    return [EntryOut(**vars(e)) for e in entries]


def _positions(app: Groundwork, then: Decision) -> list[PositionAuditOut]:
    """Each participant's position, with their name as their record holds it now."""
    return [
        PositionAuditOut(
            participant_id=p.participant_id,
            participant_name=name_of(app, p.participant_id),
            option=p.option,
            reason=p.reason,
            taken_at=p.happened_at,
        )
        for p in then.positions.values()
    ]
