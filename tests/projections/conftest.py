"""Real applications on SQLite files, with the sample network recorded through them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.application import Groundwork
from interface.sample import SampleIds, record_sample_network
from projections.follower import Follower, open_views
from projections.timeline import CampaignTimeline
from tests.postgres import store_env


def open_app(database: Path) -> Groundwork:
    """An application on the SQLite file (or, with GROUNDWORK_TEST_DATABASE_URL, in the
    PostgreSQL database standing for it)."""
    return Groundwork(env=store_env(database))


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "events.sqlite"


@pytest.fixture
def app(database: Path) -> Iterator[Groundwork]:
    application = open_app(database)
    yield application
    application.close()


@pytest.fixture
def sample(app: Groundwork) -> SampleIds:
    return record_sample_network(app)


@pytest.fixture
def follower(app: Groundwork) -> Follower:
    return Follower(app, open_views(app), batch_size=7)


def timeline_of(follower: Follower) -> CampaignTimeline:
    return follower.view_of(CampaignTimeline)[0]
