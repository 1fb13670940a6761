"""An idle follower sleeps: it reads nothing while nothing is written, and wakes when
something is (SQLite's `data_version`; PostgreSQL's NOTIFY)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from domain.application import Groundwork
from interface.sample import SampleIds
from projections.follower import Follower
from projections.waking import FULL_LOOK_SECONDS, FileWatch


def within(seconds: float, done: Callable[[], bool]) -> float:
    """How long until `done()` held (failing after `seconds`)."""
    began = time.monotonic()
    while not done():
        assert time.monotonic() - began < seconds, "not in time"
        time.sleep(0.005)
    return time.monotonic() - began


def caught_up(follower: Follower) -> bool:
    return not any(status.lag for status in follower.status())


def test_an_idle_follower_reads_nothing_and_wakes_when_something_is_written(
    app: Groundwork, sample: SampleIds, follower: Follower, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower.start(interval=0.2)
    try:
        within(30, lambda: caught_up(follower))
        reads: list[Any] = []
        select = app.recorder.select_notifications

        def counted(*args: Any, **kwargs: Any) -> Any:
            reads.append(args)
            return select(*args, **kwargs)

        monkeypatch.setattr(app.recorder, "select_notifications", counted)
        time.sleep(FULL_LOOK_SECONDS / 2)
        idle = len(reads)
        app.register_person(
            network_id=sample.network,
            name="Wanjiru K.",
            contact=None,
            communities=[],
            languages=["sw"],
            recorded_by=uuid4(),
        )
        woke = within(FULL_LOOK_SECONDS / 2, lambda: caught_up(follower))
    finally:
        follower.stop()

    # Following every 0.2 s read the log 5 times in a second; a full look comes every 2 s.
    assert idle <= 1, reads
    assert len(reads) > idle  # the write was read, well before the next full look
    assert woke < FULL_LOOK_SECONDS / 2


def test_a_sleeping_follower_stops_at_once(follower: Follower) -> None:
    follower.start(interval=0.2)
    within(30, lambda: caught_up(follower))
    time.sleep(0.3)  # asleep: waiting for a sign from the store, up to `FULL_LOOK_SECONDS`
    began = time.monotonic()
    follower.stop()
    # On PostgreSQL the wait is on the channel, not on the stop: stopping notifies it.
    assert time.monotonic() - began < FULL_LOOK_SECONDS / 4


@pytest.fixture
def file(tmp_path: Path) -> Path:
    path = tmp_path / "watched.sqlite"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE t (n INTEGER)")
        db.commit()
    return path


def test_a_file_watch_sees_another_connections_commit_and_nothing_else(file: Path) -> None:
    watch = FileWatch([str(file)], longest_tick=0.05)
    stop = threading.Event()
    try:
        began = time.monotonic()
        assert not watch.wait(0.2, stop)  # nothing committed: the whole timeout
        assert time.monotonic() - began >= 0.2

        def commit() -> None:
            time.sleep(0.1)
            with closing(sqlite3.connect(file)) as db:
                db.execute("INSERT INTO t VALUES (1)")
                db.commit()

        writer = threading.Thread(target=commit)
        writer.start()
        began = time.monotonic()
        assert watch.wait(5, stop)
        woke = time.monotonic() - began
        writer.join()
        assert not watch.changed()  # seen once
        stop.set()
        began = time.monotonic()
        assert not watch.wait(5, stop)  # stopping ends the wait at once
    finally:
        watch.close()
    assert 0.1 <= woke < 1
    assert time.monotonic() - began < 1
