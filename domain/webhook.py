"""Webhooks: a URL an admin registered to be told of new events of some kinds.

Deliveries follow the log in order (see `interface.webhooks`). Each is signed with the
webhook's secret (HMAC-SHA256), which the receiver is given once, when the webhook is
registered. The secret has to be kept to sign with, so it is in the registering event; the
log is the server's own and, with a cipher key configured, encrypted at rest.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.errors.webhooks import (
    NoEventKindNamed,
    WebhookAlreadyRemoved,
    WebhookUrlNotHttp,
    WebhookUrlWithCredentials,
)
from domain.kinds import Kind


def check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookUrlNotHttp()
    if parts.username or parts.password:
        raise WebhookUrlWithCredentials()
    return url


class Webhook(Aggregate):
    KIND = Kind("webhook", "/webhooks", of_network=False)

    class Registered(Aggregate.Created):
        url: str
        kinds: list[str]
        secret: str
        recorded_by: UUID

    class Removed(Aggregate.Event):
        recorded_by: UUID

    @classmethod
    def register(cls, *, url: str, kinds: list[str], recorded_by: UUID) -> Webhook:
        """`kinds` are the kinds of the log's summaries (checked by the interface, which knows
        them: `projections.summaries.KINDS`)."""
        if not kinds:
            raise NoEventKindNamed()
        return cls._create(
            cls.Registered,
            id=uuid4(),
            url=check_url(url),
            kinds=sorted(set(kinds)),
            secret=secrets.token_urlsafe(32),
            recorded_by=recorded_by,
        )

    @event(Registered)
    def __init__(self, url: str, kinds: list[str], secret: str, recorded_by: UUID) -> None:
        self.url = url
        self.kinds = list(kinds)
        self.secret = secret
        self.removed = False

    def remove(self, *, recorded_by: UUID) -> None:
        if self.removed:
            raise WebhookAlreadyRemoved(self.id)
        self._removed(recorded_by=recorded_by)

    @event(Removed)
    def _removed(self, recorded_by: UUID) -> None:
        self.removed = True

    def __repr__(self) -> str:  # never the secret in a log or a traceback
        return f"Webhook(id={self.id}, kinds={self.kinds}, removed={self.removed})"
