"""Campaign progress, fed by the sample network recorded through the real application."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.application import Groundwork
from interface.sample import SampleIds
from projections.follower import Follower
from projections.progress import CampaignProgress, Progress
from tests.projections.conftest import known_at, one_to_one_for_the_campaign

TODAY = datetime.now(UTC).date()


def progress_view(follower: Follower) -> CampaignProgress:
    return follower.view_of(CampaignProgress)[0]


def progress_of(follower: Follower, sample: SampleIds, **kwargs: Any) -> Progress:
    progress = progress_view(follower).progress(sample.campaign, today=TODAY, **kwargs)
    assert progress is not None
    return progress


def test_totals_count_what_the_campaign_and_its_listening_did(
    follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()

    totals = progress_of(follower, sample).totals

    # The sample's four listening sessions had 14, 9, 11 and 8 participants; one delegation
    # came 46 strong against 50 pledged (the vigil was cancelled, the public meeting is ahead).
    assert totals["listening_participants"] == 42
    assert (totals["actions_held"], totals["turnout"], totals["turnout_pledged"]) == (1, 46, 50)
    assert totals["one_to_ones"] == 8 and totals["people_reached"] == 7
    assert (totals["asks"], totals["asks_answered_yes"]) == (4, 2)
    assert (
        totals["commitments_won"],
        totals["commitments_kept"],
        totals["commitments_broken"],
    ) == (3, 1, 1)


def test_targets_are_measured_against_what_was_done(follower: Follower, sample: SampleIds) -> None:
    follower.catch_up_all()

    targets = {t.metric: (t.goal, t.done) for t in progress_of(follower, sample).targets}

    assert targets["turnout"] == (80, 46)  # the revised goal, not the first one
    assert targets["listening_participants"] == (50, 42)
    assert targets["commitments_won"] == (3, 3)


def test_a_commitment_past_due_without_an_outcome_is_overdue(
    follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()

    assert progress_of(follower, sample).commitments_overdue == 1


def test_the_weekly_series_adds_up_to_the_totals(follower: Follower, sample: SampleIds) -> None:
    follower.catch_up_all()
    progress = progress_of(follower, sample)

    for measure, total in progress.totals.items():
        weeks = [w for w in progress.weekly if w.measure == measure]
        if measure != "people_reached":
            assert sum(w.amount for w in weeks) == total
        assert [w.cumulative for w in weeks] == sorted(w.cumulative for w in weeks)
        assert all(w.week.weekday() == 0 for w in weeks)


def test_as_of_a_moment_progress_leaves_out_what_was_recorded_later(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()
    then = datetime.now(UTC)
    before = progress_of(follower, sample)
    one_to_one_for_the_campaign(app, sample, then - timedelta(days=1))
    follower.catch_up_all()

    assert progress_of(follower, sample).totals["one_to_ones"] == before.totals["one_to_ones"] + 1
    assert progress_of(follower, sample, cut=known_at(app, then)) == before


def test_a_rebuild_gives_the_same_progress(follower: Follower, sample: SampleIds) -> None:
    follower.catch_up_all()
    followed = progress_of(follower, sample)
    view = progress_view(follower)

    view.reset()
    Follower(follower.app, [view], batch_size=1_000).catch_up(view)

    assert progress_of(follower, sample) == followed
