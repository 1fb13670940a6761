"""The views on PostgreSQL: kept in the event store's database, with the same SQL as on
SQLite (`projections.dialect`); needs GROUNDWORK_TEST_DATABASE_URL, as `make test` sets."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from domain.application import Groundwork
from interface.sample import SampleIds
from projections.dialect import PostgresViewStore, translate
from projections.follower import Follower, open_views
from tests import postgres
from tests.projections.conftest import open_app
from tests.projections.test_exactly_once import contents


@postgres.needs_postgres
def test_a_rebuild_on_postgresql_equals_the_views_followed_batch_by_batch(
    app: Groundwork, sample: SampleIds
) -> None:
    follower = Follower(app, open_views(app), batch_size=7)
    assert all(isinstance(v.datastore, PostgresViewStore) for v in follower.views)
    follower.catch_up_all()
    followed = contents(follower.views)

    for view in follower.views:
        view.reset()
    Follower(app, follower.views, batch_size=1_000).catch_up_all()

    assert contents(follower.views) == followed
    assert sum(len(rows) for rows in followed.values()) > 100
    head = app.recorder.max_notification_id()
    assert all(view.position() == head for view in follower.views)
    follower.close()


@postgres.needs_postgres
def test_two_followers_of_the_same_views_on_postgresql_apply_each_event_once(
    database: Path, app: Groundwork, sample: SampleIds
) -> None:
    others = [open_app(database) for _ in range(2)]
    followers = [Follower(other, open_views(other), batch_size=5) for other in others]

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda f: f.catch_up_all(), followers))
    for follower in followers:
        follower.catch_up_all()
    together = contents(followers[0].views)
    for view in followers[0].views:
        view.reset()
    Follower(app, followers[0].views, batch_size=1_000).catch_up_all()

    assert contents(followers[0].views) == together
    assert all(not f.failures for f in followers)
    for follower, other in zip(followers, others, strict=True):
        follower.close()
        other.close()


@postgres.needs_postgres
def test_views_do_not_wait_for_the_disk_on_postgresql_but_the_event_store_does(
    app: Groundwork, follower: Follower
) -> None:
    with follower.views[0].datastore.transaction(commit=False) as c:
        c.execute("SHOW synchronous_commit")
        views = c.fetchone()[0]
    with app.factory.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        c.execute("SHOW synchronous_commit")
        events = c.fetchone()["synchronous_commit"]

    assert (views, events) == ("off", "on")


@postgres.needs_postgres
def test_a_view_on_postgresql_waits_while_another_process_holds_its_position(
    database: Path, app: Groundwork, sample: SampleIds
) -> None:
    follower = Follower(app, open_views(app))
    with postgres.connect(database) as blocker, blocker.transaction():
        blocker.execute("SELECT * FROM tracking FOR UPDATE")
        follower.catch_up_all()  # waits for the lock (lock_timeout), then gives up for now
        while_locked = follower.status()
    follower.catch_up_all()

    assert all(s.failure is None and s.lag > 0 for s in while_locked)
    assert all(s.failure is None and s.lag == 0 for s in follower.status())
    follower.close()


@pytest.mark.parametrize(
    ("sqlite", "postgresql"),
    [
        (
            "SELECT a FROM t WHERE b = ? AND c LIKE '%x'",
            "SELECT a FROM t WHERE b = %s AND c LIKE '%%x'",
        ),
        ("SELECT group_concat(role) FROM r", "SELECT string_agg(role, ',') FROM r"),
        (
            "CREATE TABLE t (a INTEGER, b REAL, c BLOB) WITHOUT ROWID",
            "CREATE TABLE t (a BIGINT, b DOUBLE PRECISION, c BYTEA)",
        ),
        ("PRAGMA wal_autocheckpoint = 100", None),
    ],
)
def test_the_views_sqlite_isms_are_translated_for_postgresql(
    sqlite: str, postgresql: str | None
) -> None:
    assert translate(sqlite) == postgresql
