"""The follower applies batches while commands of the same process are being recorded."""

from __future__ import annotations

import logging
import threading
from uuid import UUID, uuid4

import pytest

from domain.application import Groundwork
from interface.sample import SampleIds
from projections.follower import Follower

WRITERS = 2
COMMANDS_EACH = 60


def test_views_never_wait_for_commands_of_their_own_process(
    app: Groundwork, sample: SampleIds, follower: Follower, caplog: pytest.LogCaptureFixture
) -> None:
    # A view's batch reads its position, then writes. Were the views in the events' file,
    # and their writers not taking turns with the commands' writers, a command committed in
    # between would leave it with a stale snapshot (SQLite answers "busy" at once), and the
    # batch would be put off ("Views wait").
    caplog.set_level(logging.WARNING, logger="groundwork.projections")
    by = uuid4()
    recorded: list[UUID] = []
    done = threading.Event()

    def record(n: int) -> None:
        for i in range(COMMANDS_EACH):
            recorded.append(
                app.register_person(
                    network_id=sample.network,
                    name=f"Person {n}.{i}",
                    contact=None,
                    communities=[],
                    languages=["en"],
                    recorded_by=by,
                ).id
            )

    def follow() -> None:
        while not done.is_set():
            follower.catch_up_all()

    writers = [threading.Thread(target=record, args=(n,)) for n in range(WRITERS)]
    following = threading.Thread(target=follow)
    following.start()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    done.set()
    following.join()
    follower.catch_up_all()

    assert len(recorded) == WRITERS * COMMANDS_EACH
    assert [r.getMessage() for r in caplog.records] == []
    head = app.recorder.max_notification_id()
    assert all(status.lag == 0 and status.position == head for status in follower.status())
