"""Events of a kind are found through an index on their topic, not by reading the whole log:
a network's campaigns, listening campaigns and series for its pages, webhooks to deliver."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from eventsourcing.utils import get_topic

from domain.application import Groundwork
from domain.campaign import Campaign
from interface.sample import record_sample_network
from tests import postgres
from tests.postgres import store_env


def test_events_of_a_kind_are_found_through_the_topic_index(tmp_path: Path) -> None:
    database = tmp_path / "events.sqlite"
    app = Groundwork(env=store_env(database, None))
    try:
        sample = record_sample_network(app)
        launched = app.recorder.select_notifications(
            start=None, limit=100, topics=[get_topic(Campaign.Launched)]
        )
        campaigns = app.campaign_ids(sample.network)
    finally:
        app.close()

    assert [n.originator_id for n in launched] == campaigns and sample.campaign in campaigns
    query = "SELECT rowid, * FROM stored_events WHERE rowid>? AND topic IN (?) ORDER BY rowid"
    if postgres.URL is not None:
        with postgres.connect(database) as pg:
            (definition,) = pg.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname LIKE '%%events_by_topic'"
            ).fetchone()
        assert "(topic, notification_id)" in definition
        return
    with closing(sqlite3.connect(database)) as db:
        plan = db.execute(f"EXPLAIN QUERY PLAN {query}", (0, "t")).fetchall()
    assert "USING INDEX stored_events_by_topic (topic=? AND rowid>?)" in plan[0][3]
