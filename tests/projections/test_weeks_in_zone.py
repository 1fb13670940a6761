"""Weeks are the network's own: they start on Monday at midnight in its time zone, in the
collective progress and in each campaign's, and are counted again when the zone changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.application import Groundwork
from domain.values import LadderStage
from projections.collective import CollectiveProgress
from projections.collective_reading import Collective
from projections.follower import Follower
from projections.progress import CampaignProgress, Progress
from tests.domain.conftest import RECORDER, SmallNetwork, register_small_network
from tests.domain.test_application import hold_one_to_one, launch_campaign

BERLIN = ZoneInfo("Europe/Berlin")
#: 00:30 on Monday 17 March 2025 in Berlin: 23:30 on Sunday 16 March in UTC.
MONDAY_PAST_MIDNIGHT = datetime(2025, 3, 17, 0, 30, tzinfo=BERLIN)
TODAY = date(2025, 6, 1)


def in_zone(app: Groundwork, time_zone: str) -> tuple[SmallNetwork, UUID]:
    """A small network counting its weeks in the zone, and a campaign of it."""
    network = register_small_network(app, time_zone=time_zone)
    return network, launch_campaign(app, network)


def hold(app: Groundwork, network: SmallNetwork, campaign: UUID, when: datetime) -> None:
    hold_one_to_one(app, network, happened_at=when, campaign_id=campaign)


def collective(follower: Follower, network: SmallNetwork) -> Collective:
    follower.catch_up_all()
    view = follower.view_of(CollectiveProgress)[0]
    return view.collective(network.network_id, today=TODAY)


def progress(follower: Follower, campaign: UUID) -> Progress:
    follower.catch_up_all()
    found = follower.view_of(CampaignProgress)[0].progress(campaign, today=TODAY)
    assert found is not None
    return found


def weeks(series: Collective | Progress, measure: str = "one_to_ones") -> dict[date, int]:
    return {w.week: w.amount for w in series.weekly if w.measure == measure}


def test_a_one_to_one_past_midnight_on_monday_counts_in_that_week_in_a_berlin_network(
    app: Groundwork, follower: Follower
) -> None:
    network, campaign = in_zone(app, "Europe/Berlin")
    hold(app, network, campaign, MONDAY_PAST_MIDNIGHT)

    assert weeks(collective(follower, network)) == {date(2025, 3, 17): 1}
    assert weeks(progress(follower, campaign)) == {date(2025, 3, 17): 1}
    assert collective(follower, network).time_zone == "Europe/Berlin"
    assert progress(follower, campaign).time_zone == "Europe/Berlin"


def test_the_same_moment_counts_in_the_week_before_in_a_utc_network(
    app: Groundwork, follower: Follower
) -> None:
    network, campaign = in_zone(app, "UTC")
    hold(app, network, campaign, MONDAY_PAST_MIDNIGHT)

    assert weeks(collective(follower, network)) == {date(2025, 3, 10): 1}
    assert weeks(progress(follower, campaign)) == {date(2025, 3, 10): 1}
    assert collective(follower, network).time_zone == "UTC"


def test_a_network_that_changes_zone_has_its_weeks_counted_again(
    app: Groundwork, follower: Follower
) -> None:
    network, campaign = in_zone(app, "UTC")
    hold(app, network, campaign, MONDAY_PAST_MIDNIGHT)
    app.assess_leadership(
        network.member_id,
        stage=LadderStage.PARTICIPANT,
        reason="Came twice",
        assessed_by=network.organiser_id,
        happened_at=MONDAY_PAST_MIDNIGHT + timedelta(minutes=5),
        recorded_by=RECORDER,
    )
    before = collective(follower, network)
    assert weeks(before) == {date(2025, 3, 10): 1}
    assert [m.week for m in before.movements] == [date(2025, 3, 10)]

    app.set_time_zone(network.network_id, time_zone="Europe/Berlin", recorded_by=RECORDER)
    hold(app, network, campaign, MONDAY_PAST_MIDNIGHT + timedelta(days=7))

    after = collective(follower, network)
    assert weeks(after) == {date(2025, 3, 17): 1, date(2025, 3, 24): 1}
    assert weeks(after, "people_reached") == {date(2025, 3, 17): 1}
    assert [(m.week, m.to_stage) for m in after.movements] == [(date(2025, 3, 17), "participant")]
    assert [w.cumulative for w in after.weekly if w.measure == "one_to_ones"] == [1, 2]
    assert weeks(progress(follower, campaign)) == {date(2025, 3, 17): 1, date(2025, 3, 24): 1}
    assert after.time_zone == "Europe/Berlin"


def test_weeks_across_the_change_to_summer_time_start_at_local_midnight_on_mondays(
    app: Groundwork, follower: Follower
) -> None:
    network, campaign = in_zone(app, "Europe/Berlin")
    # Summer time starts on Sunday 30 March 2025 at 02:00 in Berlin (+01:00 to +02:00).
    for when in (
        datetime(2025, 3, 24, 0, 30, tzinfo=BERLIN),  # Monday, +01:00: 23:30 UTC on Sunday
        datetime(2025, 3, 30, 23, 30, tzinfo=BERLIN),  # Sunday, +02:00: 21:30 UTC
        datetime(2025, 3, 31, 0, 30, tzinfo=BERLIN),  # Monday, +02:00: 22:30 UTC on Sunday
    ):
        hold(app, network, campaign, when)

    expected = {date(2025, 3, 24): 2, date(2025, 3, 31): 1}
    assert weeks(collective(follower, network)) == expected
    assert weeks(progress(follower, campaign)) == expected
