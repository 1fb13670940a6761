"""Commands of the application service.

Webhooks: registered (with a secret shown once) and removed.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.commands.accounts import Issued
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey
from domain.webhook import Webhook


class WebhookCommands(Service):
    def register_webhook(
        self, *, url: str, kinds: list[str], recorded_by: UUID, key: RequestKey | None = None
    ) -> Issued:
        """A new webhook, and its signing secret (shown once: `Issued.token`)."""
        made: list[tuple[Recorded, str]] = []

        def decide() -> tuple[list[Aggregate], Recorded]:
            webhook = Webhook.register(url=url, kinds=kinds, recorded_by=recorded_by)
            recorded = Recorded(webhook.id, webhook.version)
            made.append((recorded, webhook.secret))
            return [webhook], recorded

        recorded = self._execute(decide, key)
        secrets = [secret for r, secret in made if r is recorded]
        return Issued(recorded, secrets[-1] if secrets else None)

    def remove_webhook(
        self, webhook_id: UUID, *, recorded_by: UUID, key: RequestKey | None = None
    ) -> Recorded:
        return self._update(Webhook, webhook_id, lambda w: w.remove(recorded_by=recorded_by), key)

    def webhook_ids(self, limit: int = 1_000) -> list[UUID]:
        """The ids of the webhooks ever registered, oldest first (a deployment has few)."""
        registered = self.recorder.select_notifications(
            start=None, limit=limit, topics=[get_topic(Webhook.Registered)]
        )
        return [UUID(str(n.originator_id)) for n in registered]
