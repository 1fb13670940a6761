"""The network's rhythm: the gathering series and actions the calendar feeds are made of,
found by network and by campaign, each action by when it happens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.action import Action
from domain.application import Groundwork
from domain.gathering import GatheringSeries
from domain.values import ActionKind
from interface.sample import SampleIds, record_sample_network
from projections.follower import Follower
from projections.rhythm import Rhythm

NOW = datetime.now(UTC)


def rhythm_of(follower: Follower) -> Rhythm:
    follower.catch_up_all()
    return follower.view_of(Rhythm)[0]


def titles(app: Groundwork, ids: list[UUID]) -> list[str]:
    return [app.read(Action, i).title for i in ids]


def test_a_networks_series_and_actions_are_found_by_network_and_by_campaign(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    other = record_sample_network(app)  # a second network, with the same rhythm

    view = rhythm_of(follower)
    year = NOW - timedelta(days=366)

    assert [app.read(GatheringSeries, i).name for i in view.series(sample.network)] == [
        "Monthly community of practice"
    ]
    assert titles(app, view.network_actions(sample.network, year)) == [  # oldest planned first
        "Delegation to the County Health Board",
        "Vigil outside County Hall",
        "Public meeting on peer-worker pay",
    ]
    assert view.campaign_actions(sample.campaign, year) == view.network_actions(
        sample.network, year
    )
    assert set(view.network_actions(other.network, year)).isdisjoint(
        view.network_actions(sample.network, year)
    )
    assert set(view.series(other.network)).isdisjoint(view.series(sample.network))


def test_an_action_is_found_by_when_it_was_held_else_by_when_it_was_scheduled(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    postponed = app.plan_action(
        campaign_id=sample.campaign,
        kind=ActionKind.ASSEMBLY,
        title="Assembly, postponed",
        scheduled_for=NOW - timedelta(days=100),
        power_holder_id=None,
        ask="Pay peers",
        turnout_pledged=30,
        recorded_by=sample.organiser,
    ).id
    month = NOW - timedelta(days=30)

    before = rhythm_of(follower).campaign_actions(sample.campaign, month)
    app.record_action_held(
        postponed,
        happened_at=NOW - timedelta(days=10),
        turnout=25,
        outcome="Heard",
        recorded_by=sample.organiser,
    )
    after = rhythm_of(follower).campaign_actions(sample.campaign, month)

    # The delegation (held 45 days ago) is too old, and so is the assembly until it is held
    # ten days ago; the vigil (cancelled, 20 days ago) and the public meeting (in three
    # weeks) are not.
    assert titles(app, before) == ["Vigil outside County Hall", "Public meeting on peer-worker pay"]
    assert titles(app, after) == [*titles(app, before), "Assembly, postponed"]
