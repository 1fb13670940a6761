"""Webhooks, for admins: register a URL for kinds of event, see where deliveries stand,
remove it (`interface.webhooks` delivers)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import AnyHttpUrl, BaseModel, Field

from domain.webhook import Webhook
from interface.api.access import ADM, may
from interface.api.accounts import Empty, TokenOut
from interface.api.common import AppDep, Command, Ctx, RecordedOut
from interface.api.errors import READ, WRITE
from interface.api.routing import WorkerThreadRoute
from interface.webhooks import Deliveries
from projections.summaries import ENTRY_KEYS

router = APIRouter(prefix="/webhooks", tags=["webhooks"], route_class=WorkerThreadRoute)

Kind = Literal[ENTRY_KEYS]  # type: ignore[valid-type]


class RegisterWebhook(Command):
    url: AnyHttpUrl = Field(
        description="Where each delivery is POSTed (JSON), e.g. a receiver of your own.",
        examples=["https://example.org/groundwork-hook"],
    )
    kinds: list[Kind] = Field(
        min_length=1, max_length=len(ENTRY_KEYS), examples=[["one_to_one", "action"]]
    )


class RegisteredOut(TokenOut):
    """The webhook, and its secret in `token`: check each delivery's
    `Groundwork-Signature` (`sha256=` and the hex HMAC-SHA256 of the body) with it. Shown
    this once."""


class WebhookOut(BaseModel):
    id: UUID
    url: str
    kinds: list[str]
    position: int | None = Field(description="The log position delivered (or passed) up to.")
    delivered: int = Field(description="How many deliveries succeeded.")
    attempts: int = Field(description="Failed tries of the delivery now due (0: none failed).")
    last_error: str | None = Field(description="What went wrong with the last try, if it did.")


class WebhooksOut(BaseModel):
    webhooks: list[WebhookOut]


@router.post("", status_code=201, responses=WRITE)
@may(ADM)
def register_webhook(body: RegisterWebhook, ctx: Ctx) -> RegisteredOut:
    """Register a URL to be told of new events of some kinds, in order, at least once,
    signed; deliveries never include private notes or names."""
    issued = ctx.app.register_webhook(
        url=str(body.url), kinds=list(body.kinds), recorded_by=ctx.by, key=ctx.key
    )
    r = issued.recorded
    return RegisteredOut(id=r.id, version=r.version, number=r.number, token=issued.token)


@router.get("", responses=READ)
@may(ADM)
def list_webhooks(app: AppDep, request: Request) -> WebhooksOut:
    """Every webhook not removed, and where its deliveries stand."""
    deliveries: Deliveries | None = getattr(request.app.state, "deliveries", None)
    found = []
    for webhook_id in app.webhook_ids():
        webhook = app.read(Webhook, webhook_id)
        if webhook.removed:
            continue
        state = deliveries.state(webhook_id) if deliveries else None
        found.append(
            WebhookOut(
                id=webhook.id,
                url=webhook.url,
                kinds=webhook.kinds,
                position=state.position if state else None,
                delivered=state.delivered if state else 0,
                attempts=state.attempts if state else 0,
                last_error=state.last_error if state else None,
            )
        )
    return WebhooksOut(webhooks=found)


@router.post("/{id}/removal", status_code=201, responses=WRITE)
@may(ADM)
def remove_webhook(id: UUID, body: Empty, ctx: Ctx) -> RecordedOut:
    """Stop delivering to the webhook."""
    return RecordedOut.of(ctx.app.remove_webhook(id, recorded_by=ctx.by, key=ctx.key))
