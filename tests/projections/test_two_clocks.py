"""Answers "as it stood then" on both clocks: `known_at` (what was on record, a cut of the log
by position) and `on` (what had happened, with all that is known now), through the real
application on a real SQLite file (or PostgreSQL, with GROUNDWORK_TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.application import Groundwork
from domain.decision import Decision
from domain.network import Network
from domain.store.commit_times import moment
from domain.values import DecisionKind, DecisionRule
from interface.sample import SampleIds
from projections.follower import Follower
from projections.timeline import CampaignTimeline
from projections.view import Cut
from tests.projections.conftest import known_at, one_to_one_for_the_campaign

ONE_TO_ONES = 30


def _propose(app: Groundwork, sample: SampleIds, by: UUID) -> UUID:
    return app.propose_decision(
        network_id=sample.network,
        campaign_id=sample.campaign,
        kind=DecisionKind.TACTIC,
        question="Do we hold a vigil?",
        options=["Yes", "No"],
        rule=DecisionRule.CONSENSUS,
        evidence=[],
        proposed_by=by,
        happened_at=datetime.now(UTC),
        recorded_by=by,
    ).id


def _race(app: Groundwork, sample: SampleIds, decision: UUID) -> None:
    """One writer holds one-to-ones for the campaign while another reaches the decision."""
    organiser = app.get(Network, sample.network).committee[0]
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def one_to_ones() -> None:
        start.wait()
        for _ in range(ONE_TO_ONES):
            one_to_one_for_the_campaign(app, sample, datetime.now(UTC) - timedelta(days=1))

    def outcome() -> None:
        start.wait()
        app.reach_decision(
            decision,
            outcome="Yes",
            rationale="Agreed",
            happened_at=datetime.now(UTC),
            recorded_by=organiser,
        )

    def running(work: Any) -> None:
        try:
            work()
        except BaseException as failed:  # reported by the test, not lost in the thread
            failures.append(failed)

    threads = [threading.Thread(target=running, args=(w,)) for w in (one_to_ones, outcome)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures


def test_an_event_committed_after_an_outcome_never_counts_as_known_at_it(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    organiser = app.get(Network, sample.network).committee[0]
    decision = _propose(app, sample, organiser)
    app.take_position(
        decision,
        participant_id=organiser,
        option="Yes",
        reason="Ready",
        happened_at=datetime.now(UTC),
        recorded_by=organiser,
    )
    _race(app, sample, decision)
    follower.catch_up_all()
    recorder: Any = app.recorder
    reached = next(e for e in app.history(Decision, decision) if isinstance(e, Decision.Reached))
    outcome_at = recorder.position_of(decision, reached.originator_version)
    view = follower.view_of(CampaignTimeline)[0]

    everything = view.entries(sample.campaign, limit=10_000)
    as_known = view.entries(sample.campaign, cut=Cut(known_through=outcome_at), limit=10_000)

    assert {e.position for e in as_known} == {
        e.position for e in everything if e.position <= outcome_at
    }
    assert len([e for e in everything if e.kind == "one_to_one"]) >= ONE_TO_ONES
    # By moment: nothing is on record before it was committed, whatever its timestamp; what
    # was committed by a moment is all there, in the log's order.
    for n in recorder.select_notifications(start=None, limit=100_000):
        event = app.mapper.to_domain_event(n)
        assert recorder.last_committed_by(moment(event.timestamp)) < n.id
    now = recorder.last_committed_by(moment(datetime.now(UTC)))
    assert now == recorder.max_notification_id()


def test_known_at_and_on_differ_for_what_was_recorded_late_about_an_early_date(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()
    view = follower.view_of(CampaignTimeline)[0]
    then = datetime.now(UTC)
    early = then - timedelta(days=300)
    one_to_one_for_the_campaign(app, sample, early)
    follower.catch_up_all()

    def early_ones(cut: Cut) -> list[Any]:
        entries = view.entries(sample.campaign, cut=cut, limit=10_000)
        return [e for e in entries if e.happened_at == early]

    known = known_at(app, then)
    assert early_ones(known) == []  # not on record then
    assert len(early_ones(Cut(on=early + timedelta(days=1)))) == 1  # it had happened by then
    assert early_ones(Cut(on=early - timedelta(days=1))) == []  # it had not happened yet
    both = Cut(known_through=known.known_through, on=early + timedelta(days=1), known_at=then)
    assert early_ones(both) == []  # not believed then, about then
