"""The webhooks' poll reads only what was written since the last one: a long log with
nothing new costs it no read, webhooks registered or removed meanwhile are found."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from domain.application import Groundwork
from interface.sample import SampleIds, record_sample_network
from interface.webhooks import WEBHOOK_TOPICS, Deliveries
from tests.interface.test_webhooks import Receiver, receiving
from tests.postgres import store_env
from tests.projections.conftest import one_to_one_for_the_campaign


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Groundwork]:
    application = Groundwork(env=store_env(tmp_path / "events.sqlite"))
    yield application
    application.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving(failures=0) as running:
        yield running


def one_to_one(app: Groundwork, sample: SampleIds) -> None:
    one_to_one_for_the_campaign(app, sample, happened_at=datetime.now(UTC))


def test_a_poll_reads_only_the_log_written_since_the_last(
    app: Groundwork, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = record_sample_network(app)
    admin = uuid4()
    first = app.register_webhook(url=receiver.url, kinds=["one_to_one"], recorded_by=admin)
    one_to_one(app, sample)
    deliveries = Deliveries(app)
    reads: list[dict[str, Any]] = []
    select = app.recorder.select_notifications

    def counted(start: int | None, limit: int, *args: Any, **kwargs: Any) -> Any:
        reads.append({"start": start, **kwargs})
        return select(start, limit, *args, **kwargs)

    monkeypatch.setattr(app.recorder, "select_notifications", counted)
    try:
        while deliveries.deliver_due():  # one event a poll
            pass
        sent = len(receiver.received)
        reads.clear()
        assert not deliveries.deliver_due()
        idle = list(reads)

        one_to_one(app, sample)
        app.remove_webhook(first.recorded.id, recorded_by=admin)
        second = app.register_webhook(url=receiver.url, kinds=["one_to_one"], recorded_by=admin)
        head = app.recorder.max_notification_id()
        reads.clear()
        deliveries.deliver_due()
        after = list(reads)
        one_to_one(app, sample)
        while deliveries.deliver_due():
            pass
    finally:
        deliveries.close()

    assert sent == 1  # the one-to-one after it was registered reached the first webhook
    assert idle == []  # nothing written: nothing read
    webhook_reads = [r for r in after if r.get("topics") == WEBHOOK_TOPICS]
    assert webhook_reads and all(r["start"] >= head - 3 for r in webhook_reads)
    delivered = receiver.received[sent:]
    # The removed webhook got nothing more; the new one only what came after it.
    assert len(delivered) == 1, delivered
    assert str(second.recorded.id).encode() in delivered[0][1]
