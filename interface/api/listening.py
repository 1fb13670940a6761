"""Listening campaigns and their sessions."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.listening import ListeningCampaign
from domain.values import Theme
from interface.api.access import LEAD, ORG, may
from interface.api.common import (
    AppDep,
    Command,
    CommandContext,
    Count,
    Ctx,
    HappenedAt,
    Line,
    Name,
    RecordedOut,
    Story,
    Tags,
)
from interface.api.errors import READ, WRITE
from interface.api.routing import WorkerThreadRoute

router = APIRouter(prefix="/listening-campaigns", tags=["listening"], route_class=WorkerThreadRoute)


class LaunchListeningCampaign(Command):
    network_id: UUID
    question: Line = Field(examples=["What makes peer support work hard to keep doing?"])
    communities: Tags = Field(min_length=1, examples=[["Kenya", "Portugal"]])
    target_conversations: Count = Field(ge=0, le=1_000_000, examples=[120])
    happened_at: HappenedAt = None


class ThemeIn(Command):
    name: Name = Field(examples=["unpaid peer work"])
    mentions: Count = Field(ge=1, le=1_000_000, examples=[7])


class HoldListeningSession(Command):
    host_id: UUID
    community: Name = Field(examples=["Kenya"])
    happened_at: HappenedAt = None
    participants: Count = Field(ge=1, le=1_000_000, examples=[12])
    themes: list[ThemeIn] = Field(default_factory=list, max_length=100)


class CloseListeningCampaign(Command):
    summary: Story = Field(examples=["Pay and recognition came up in every community."])
    happened_at: HappenedAt = None


class ThemeOut(BaseModel):
    name: str
    mentions: int


class SessionOut(BaseModel):
    number: int
    host_id: UUID
    community: str
    happened_at: datetime
    participants: int
    themes: list[ThemeOut]


class ListeningCampaignOut(BaseModel):
    id: UUID
    version: int
    network_id: UUID
    question: str
    communities: list[str]
    target_conversations: int
    launched_at: datetime
    sessions: list[SessionOut]
    closed_at: datetime | None
    summary: str

    @classmethod
    def of(cls, lc: ListeningCampaign) -> ListeningCampaignOut:
        return cls(
            id=lc.id,
            version=lc.version,
            network_id=lc.network_id,
            question=lc.question,
            communities=lc.communities,
            target_conversations=lc.target_conversations,
            launched_at=lc.launched_at,
            sessions=[
                SessionOut(
                    number=s.number,
                    host_id=s.host_id,
                    community=s.community,
                    happened_at=s.happened_at,
                    participants=s.participants,
                    themes=[ThemeOut(name=t.name, mentions=t.mentions) for t in s.themes],
                )
                for s in lc.sessions
            ],
            closed_at=lc.closed_at,
            summary=lc.summary,
        )


@router.post("", status_code=201, responses=WRITE)
@may(ORG)
def launch_listening_campaign(
    body: LaunchListeningCampaign,
    ctx: Ctx,
) -> RecordedOut:
    """Launch a listening campaign: its question, communities and target conversations."""
    return launch(body, ctx)


def launch(body: LaunchListeningCampaign, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.launch_listening_campaign(
            network_id=body.network_id,
            question=body.question,
            communities=body.communities,
            target_conversations=body.target_conversations,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.get("/{id}", responses=READ)
@may(ORG, LEAD)
def get_listening_campaign(id: UUID, app: AppDep) -> ListeningCampaignOut:
    """A listening campaign and its sessions as they stand now."""
    return ListeningCampaignOut.of(app.get(ListeningCampaign, id))


@router.post("/{id}/sessions", status_code=201, responses=WRITE)
@may(ORG)
def hold_listening_session(
    id: UUID,
    body: HoldListeningSession,
    ctx: Ctx,
) -> RecordedOut:
    """Record a listening session (house meeting): host, participants, themes with counts."""
    return hold_session(id, body, ctx)


def hold_session(id: UUID, body: HoldListeningSession, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.hold_listening_session(
            id,
            host_id=body.host_id,
            community=body.community,
            happened_at=body.happened_at,
            participants=body.participants,
            themes=[Theme(name=t.name, mentions=t.mentions) for t in body.themes],
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/close", status_code=201, responses=WRITE)
@may(ORG)
def close_listening_campaign(
    id: UUID,
    body: CloseListeningCampaign,
    ctx: Ctx,
) -> RecordedOut:
    """Record that the listening campaign closed."""
    return close(id, body, ctx)


def close(id: UUID, body: CloseListeningCampaign, ctx: CommandContext) -> RecordedOut:
    """The command, as the API and the web form both record it."""
    return RecordedOut.of(
        ctx.app.close_listening_campaign(
            id, summary=body.summary, happened_at=body.happened_at, recorded_by=ctx.by, key=ctx.key
        )
    )
