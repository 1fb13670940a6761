"""Idempotency keys are recorded under the topics they always had, wherever the module is."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from eventsourcing.utils import get_topic, resolve_topic

from domain.application import Groundwork
from domain.store.idempotency import IdempotencyKey, RequestKey


def test_a_consumed_key_is_recorded_under_the_topic_it_had_before_storage_moved(
    app: Groundwork,
) -> None:
    key = RequestKey("client-1:found", "fingerprint-a")
    app.found_network(
        key=key,
        name="Peer Support Portugal",
        focus="Peer support",
        goals=[],
        communities=[],
        happened_at=datetime(2025, 1, 1, tzinfo=UTC),
        recorded_by=uuid4(),
    )

    (stored,) = app.recorder.select_events(key.id)
    (event,) = app.events.get(key.id)

    assert stored.topic == "domain.idempotency:IdempotencyKey.Consumed"
    assert event.originator_topic == "domain.idempotency:IdempotencyKey"  # type: ignore[attr-defined]
    assert isinstance(app.repository.get(key.id), IdempotencyKey)


def test_the_topics_keys_were_recorded_with_resolve_to_the_moved_classes() -> None:
    assert resolve_topic("domain.idempotency:IdempotencyKey") is IdempotencyKey
    assert resolve_topic("domain.idempotency:IdempotencyKey.Consumed") is IdempotencyKey.Consumed
    assert get_topic(IdempotencyKey.Consumed) == "domain.idempotency:IdempotencyKey.Consumed"
