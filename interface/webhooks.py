"""Delivering the log to webhooks: in order, at least once, signed, never in the way of writes.

A background thread follows the log for each webhook from the moment it was registered,
with its position kept in a table of the store (committed after each delivery), so a
restart goes on where it stopped: an event is delivered again only if the process stopped
between the receiver's answer and that commit (at least once). Events are sent one at a
time, in the order of the log: its kind, the record's path (ids only), when it happened and
was recorded, and by which account — no text anyone typed. A timeline's one-line summary
quotes what organisers typed (an action's title, a theme), and any text a person typed may
name someone: a receiver would keep it where erasure cannot reach, so it is not sent. A
delivery that fails (no 2xx within the timeout) is tried again after a back-off that
doubles each time, and nothing after it is sent until it succeeds. Each request carries
`Groundwork-Signature: sha256=<hex>`, the HMAC-SHA256 of its body with the webhook's
secret, and `Groundwork-Delivery`, the same for every try of one delivery, so a receiver
can check where it came from and ignore repeats.

The positions stay in the store's file, not in the views' (`projections.view.views_name`):
they are positions in this very log, so they go with it (a store restored from a backup,
or replaced, starts without them, and deliveries start again from each webhook's
registration: repeats, which receivers can drop, never a gap; in the views' file they
would outlive the log and could point past a restored log's head, skipping its new
events). Nor are they derived from the log alone, as views are: they say what receivers
answered, and losing them sends everything again. A delivery commits one row, taking
turns with the commands' writers (`derived_datastore`); what moved the views out of the
store's file was their long transactions, and the views' file has one writer, the
server's follower process, which these deliveries (a thread of the server) are not. On
PostgreSQL, the store's database holds the events, the views and these positions alike
(`projections.dialect.views_datastore`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
from eventsourcing.utils import get_topic

from domain.application import Groundwork
from domain.webhook import Webhook
from projections.dialect import schema_transaction, views_datastore
from projections.summaries import Summary, summarise, summarised
from projections.view import moment

log = logging.getLogger("groundwork.webhooks")

#: The topics of every event with a summary: the only ones a webhook can be told of.
TOPICS = sorted(get_topic(cls) for cls in summarised())
WEBHOOK_TOPICS = [get_topic(Webhook.Registered), get_topic(Webhook.Removed)]
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS webhook_positions ("
    " webhook_id TEXT PRIMARY KEY, position INTEGER NOT NULL, attempts INTEGER NOT NULL,"
    " last_error TEXT, delivered INTEGER NOT NULL) WITHOUT ROWID"
)


def signature(secret: str, body: bytes) -> str:
    """What `Groundwork-Signature` carries for a body: `sha256=` and the HMAC in hex."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class DeliveryState:
    """Where a webhook's deliveries stand."""

    position: int
    attempts: int
    last_error: str | None
    delivered: int


class Deliveries:
    """The thread that delivers the log to every webhook."""

    def __init__(
        self,
        app: Groundwork,
        *,
        retry_seconds: float = 1.0,
        longest_wait: float = 300.0,
        poll_seconds: float = 0.5,
        timeout_seconds: float = 5.0,
    ) -> None:
        self.app = app
        self.retry_seconds = retry_seconds
        self.longest_wait = longest_wait
        self.poll_seconds = poll_seconds
        self.datastore = views_datastore(app)
        with schema_transaction(self.datastore) as c:
            c.execute(SCHEMA)
        self._client = httpx.Client(timeout=timeout_seconds, follow_redirects=False)
        self._not_before: dict[UUID, float] = {}
        #: The webhooks on record, read from the log up to position `_scanned`.
        self._registered: dict[UUID, int] = {}
        self._current: list[tuple[int, Webhook]] = []
        self._scanned = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._client.close()
        self.datastore.close()

    # ------------------------------------------------------------------ state

    def state(self, webhook_id: UUID) -> DeliveryState | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT position, attempts, last_error, delivered FROM webhook_positions"
                " WHERE webhook_id = ?",
                (webhook_id.hex,),
            )
            row = c.fetchone()
        return None if row is None else DeliveryState(row[0], row[1], row[2], row[3])

    def _save(self, webhook_id: UUID, state: DeliveryState) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                "INSERT INTO webhook_positions VALUES (?, ?, ?, ?, ?) ON CONFLICT (webhook_id)"
                " DO UPDATE SET position = excluded.position, attempts = excluded.attempts,"
                " last_error = excluded.last_error, delivered = excluded.delivered",
                (
                    webhook_id.hex,
                    state.position,
                    state.attempts,
                    state.last_error,
                    state.delivered,
                ),
            )

    # ------------------------------------------------------------------ delivering

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.deliver_due()
            except Exception:  # a store error: try again at the next poll
                log.exception("webhook deliveries failed; trying again")
                busy = False
            if not busy:
                self._stop.wait(self.poll_seconds)

    def _webhooks(self) -> list[tuple[int, Webhook]]:
        """Every webhook not removed, with the position it was registered at. The log is
        read for webhooks only where it was not read before: a poll of a long log that has
        no webhooks asks for the rows written since the last one, not the whole log."""
        head = self.app.recorder.max_notification_id() or 0
        changed = False
        while self._scanned < head:
            found = self.app.recorder.select_notifications(
                start=self._scanned,
                limit=1_000,
                stop=head,
                topics=WEBHOOK_TOPICS,
                inclusive_of_start=False,
            )
            for n in found:
                self._registered.setdefault(UUID(str(n.originator_id)), n.id)
            changed = changed or bool(found)
            self._scanned = found[-1].id if len(found) == 1_000 else head
        if changed:
            self._current = [
                (registered_at, webhook)
                for webhook_id, registered_at in self._registered.items()
                if not (webhook := self.app.read(Webhook, webhook_id)).removed
            ]
        return self._current

    def deliver_due(self) -> bool:
        """Delivers what is due to every webhook: one event each at most; whether any was."""
        busy = False
        webhooks = self._webhooks()
        head = self._scanned
        for registered_at, webhook in webhooks:
            if time.monotonic() < self._not_before.get(webhook.id, 0.0):
                continue
            state = self.state(webhook.id) or DeliveryState(registered_at, 0, None, 0)
            busy = self._deliver_next(webhook, state, head) or busy
        return busy

    def _deliver_next(self, webhook: Webhook, state: DeliveryState, head: int) -> bool:
        """Sends the webhook's next event up to the log's `head`, if it has one; else
        notes that it has had everything up to there, so the next poll reads from there."""
        position = state.position
        if position >= head:
            return False
        while True:
            notifications = self.app.recorder.select_notifications(
                start=position + 1, limit=100, stop=head, topics=TOPICS
            )
            if not notifications:
                position = max(position, head)
                if position != state.position:
                    self._save(webhook.id, DeliveryState(position, 0, None, state.delivered))
                return False
            for n in notifications:
                event = self.app.mapper.to_domain_event(n)
                summary = summarise(event)
                if summary is None or summary.kind not in webhook.kinds:
                    position = n.id
                    continue
                return self._send(webhook, state, n.id, event, summary)
            position = notifications[-1].id

    def _send(
        self, webhook: Webhook, state: DeliveryState, position: int, event: Any, s: Summary
    ) -> bool:
        body = json.dumps(
            {
                "webhook_id": str(webhook.id),
                "position": position,
                "kind": s.kind,
                "event": type(event).__qualname__,
                "source": s.source,
                "happened_at": moment(s.happened_at) if s.happened_at else None,
                "recorded_at": moment(event.timestamp),
                "recorded_by": str(getattr(event, "recorded_by", "")) or None,
                "correction": s.correction,
            },
            separators=(",", ":"),
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Groundwork webhooks",
            "Groundwork-Signature": signature(webhook.secret, body),
            "Groundwork-Delivery": f"{webhook.id}:{position}",
            "Groundwork-Event": s.kind,
        }
        try:
            answer = self._client.post(webhook.url, content=body, headers=headers)
            error = None if answer.is_success else f"answered {answer.status_code}"
        except httpx.HTTPError as failure:
            error = f"{type(failure).__name__}"
        if error is None:
            self._not_before.pop(webhook.id, None)
            self._save(webhook.id, DeliveryState(position, 0, None, state.delivered + 1))
            return True
        attempts = state.attempts + 1
        wait = min(self.retry_seconds * 2 ** (attempts - 1), self.longest_wait)
        self._not_before[webhook.id] = time.monotonic() + wait
        # Kept just before this event: nothing after it is sent before it is.
        self._save(webhook.id, DeliveryState(position - 1, attempts, error, state.delivered))
        log.info(
            "webhook %s: delivery of position %s %s; again in %.1f s",
            webhook.id,
            position,
            error,
            wait,
        )
        return False
