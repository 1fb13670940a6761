"""Real applications on SQLite files, with the sample network recorded through them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from domain.application import Groundwork
from domain.network import Network
from domain.store.commit_times import moment
from domain.values import Channel
from interface.sample import SampleIds, record_sample_network
from projections.follower import Follower, open_views
from projections.timeline import CampaignTimeline
from projections.view import Cut
from tests.postgres import store_env


def known_at(app: Groundwork, when: datetime) -> Cut:
    """The views' cut for what was on record at a moment: the log up to the last position
    committed by then."""
    recorder: Any = app.recorder
    return Cut(known_through=recorder.last_committed_by(moment(when)), known_at=when)


def one_to_one_for_the_campaign(app: Groundwork, sample: SampleIds, happened_at: datetime) -> None:
    """A one-to-one between two of the committee, tagged to the sample campaign."""
    organiser, person = app.get(Network, sample.network).committee[:2]
    app.hold_one_to_one(
        network_id=sample.network,
        organiser_id=organiser,
        person_id=person,
        campaign_id=sample.campaign,
        happened_at=happened_at,
        channel=Channel.PHONE,
        recorded_by=organiser,
    )


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
