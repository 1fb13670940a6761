"""A rebuild opens the views for bulk (no wait for the disk: see
`domain.store.sqlite.BulkSQLiteConnectionPool`), and still derives what following did."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from interface.sample import record_sample_network
from projections.follower import REBUILD_BATCH, REBUILD_CHECKPOINT_PAGES, Follower, open_views
from projections.registry import VIEW_CLASSES
from tests.postgres import sqlite_only
from tests.projections.conftest import open_app


def every_row(views_file: Path) -> dict[str, list[tuple[Any, ...]]]:
    with closing(sqlite3.connect(views_file)) as db:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for cls in VIEW_CLASSES
            for table in (*cls.tables, "tracking")
        }


def settings(follower: Follower) -> tuple[int, int]:
    with follower.views[0].datastore.transaction(commit=False) as c:
        c.execute("PRAGMA synchronous")
        synchronous = c.fetchone()[0]
        c.execute("PRAGMA cache_size")
        return synchronous, c.fetchone()[0]


@sqlite_only  # the views' own SQLite file and its settings
def test_a_rebuild_skips_the_disk_and_equals_following(
    tmp_path: Path,
) -> None:
    database = tmp_path / "events.sqlite"
    app = open_app(database)
    try:
        record_sample_network(app)
        followed = Follower(app, open_views(app), batch_size=7)
        assert followed.catch_up_all()
        served = settings(followed)
        followed.close()
        before = every_row(tmp_path / "events.views.sqlite")

        rebuilding = Follower(
            app,
            open_views(app, bulk=True),
            batch_size=REBUILD_BATCH,
            checkpoint_pages=REBUILD_CHECKPOINT_PAGES,
        )
        for view in rebuilding.views:
            view.reset()
        assert rebuilding.catch_up_all()
        bulk = settings(rebuilding)
        rebuilding.close()
        after = every_row(tmp_path / "events.views.sqlite")
    finally:
        app.close()

    assert served == (1, -2000)  # NORMAL, SQLite's 2 MB
    assert bulk == (0, -2000)  # OFF
    assert sum(map(len, before.values())) > 100
    assert after == before
