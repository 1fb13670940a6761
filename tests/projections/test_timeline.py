"""The campaign timeline, fed by events recorded through the real application."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.action import Action
from domain.application import Groundwork
from domain.campaign import Campaign
from domain.network import Network
from domain.values import Channel
from interface.sample import SampleIds
from projections.follower import Follower, open_views
from projections.registry import VIEW_CLASSES
from projections.timeline import CampaignTimeline, Entry
from projections.view import ViewCannotApply, views_name
from tests.postgres import sqlite_only
from tests.projections.conftest import (
    known_at,
    one_to_one_for_the_campaign,
    open_app,
    timeline_of,
)

RECORDER = uuid4()
PAST_WEEK = datetime.now(UTC) - timedelta(days=7)


def story(view: CampaignTimeline, campaign: UUID) -> list[Entry]:
    return view.entries(campaign, limit=1_000)


def test_a_campaigns_story_is_in_order_of_when_things_happened(
    follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up(timeline_of(follower))

    entries = story(timeline_of(follower), sample.campaign)

    moments = [(e.happened_at, e.position) for e in entries]
    assert moments == sorted(moments)
    assert entries[0].summary.startswith("Listening campaign launched")


def test_the_story_includes_its_listening_assessments_actions_meetings_and_decisions(
    follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up(timeline_of(follower))

    kinds = {e.kind for e in story(timeline_of(follower), sample.campaign)}

    assert kinds >= {
        "listening",
        "one_to_one",
        "campaign",
        "target",
        "power_holder",
        "assessment",
        "action",
        "meeting",
        "commitment",
        "decision",
        "status",
        "evaluation",
    }


def test_a_cancelled_action_and_corrections_are_shown_as_such(
    follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up(timeline_of(follower))

    entries = story(timeline_of(follower), sample.campaign)

    assert any(e.summary == "Action cancelled: Heavy rains closed the roads" for e in entries)
    corrected = [e.summary for e in entries if e.correction]
    assert "Notes of a one-to-one corrected" in corrected
    assert "Misheard" not in str(corrected)  # the reason could quote the notes
    assert any(s.startswith("Target revised: turnout 80") for s in corrected)


def test_entries_name_no_person_and_link_to_their_source(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up(timeline_of(follower))

    entries = story(timeline_of(follower), sample.campaign)

    text = " ".join(e.summary for e in entries)
    for personal in (
        "Amani",
        "Baraka",
        "Zawadi",
        "Joaquim",
        "after 6pm",
        "after 7pm",
        "keeps me going",
    ):
        assert personal not in text
    for entry in entries:
        kind, record = entry.source.strip("/").split("/")
        assert kind in {
            "campaigns",
            "listening-campaigns",
            "one-to-ones",
            "actions",
            "power-holders",
            "power-holder-meetings",
            "decisions",
        }
        app.repository.get(UUID(record))  # the source is on record


def test_an_untagged_one_to_one_belongs_to_no_campaign(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    view = timeline_of(follower)
    follower.catch_up(view)
    before = story(view, sample.campaign)
    organiser, person = app.get(Network, sample.network).committee[:2]
    app.hold_one_to_one(
        network_id=sample.network,
        organiser_id=organiser,
        person_id=person,
        happened_at=datetime.now(UTC) - timedelta(hours=1),
        channel=Channel.PHONE,
        recorded_by=RECORDER,
    )
    follower.catch_up(view)

    assert story(view, sample.campaign) == before


def test_a_one_to_one_tagged_to_the_campaign_joins_its_story(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    view = timeline_of(follower)
    organiser, person = app.get(Network, sample.network).committee[:2]
    held = app.hold_one_to_one(
        network_id=sample.network,
        organiser_id=organiser,
        person_id=person,
        campaign_id=sample.campaign,
        happened_at=datetime.now(UTC) - timedelta(minutes=5),
        channel=Channel.VIDEO,
        interests=["transport"],
        recorded_by=RECORDER,
    )
    follower.catch_up(view)

    (entry,) = [e for e in story(view, sample.campaign) if e.source == f"/one-to-ones/{held.id}"]
    assert entry.summary == "One-to-one held (video); interests: transport"
    assert entry.recorded_by == RECORDER
    assert entry.position == app.recorder.max_notification_id()


def test_filters_by_kind_and_by_when_it_happened_and_pages(
    follower: Follower, sample: SampleIds
) -> None:
    view = timeline_of(follower)
    follower.catch_up(view)
    everything = story(view, sample.campaign)
    middle = everything[len(everything) // 2].happened_at

    actions = view.entries(sample.campaign, kinds=["action"], limit=100)
    later = view.entries(sample.campaign, since=middle, limit=100)
    pages = [view.entries(sample.campaign, limit=10, offset=o) for o in range(0, 100, 10)]

    assert actions and {e.kind for e in actions} == {"action"}
    assert later and all(e.happened_at >= middle for e in later)
    assert [e for page in pages for e in page] == everything


def test_a_rebuild_gives_the_same_story_as_following_along(
    follower: Follower, sample: SampleIds
) -> None:
    view = timeline_of(follower)
    follower.catch_up(view)
    followed = story(view, sample.campaign)

    view.reset()
    assert story(view, sample.campaign) == [] and view.position() == 0
    Follower(follower.app, [view], batch_size=1_000).catch_up(view)

    assert story(view, sample.campaign) == followed


def test_a_follower_that_restarts_applies_each_event_exactly_once(
    database: Path, app: Groundwork, sample: SampleIds
) -> None:
    first = Follower(app, open_views(app), batch_size=10)
    view = timeline_of(first)
    # Stop part-way: apply only the first three batches.
    position = 0
    for _ in range(3):
        batch = app.recorder.select_notifications(
            start=position, limit=10, inclusive_of_start=False
        )
        view.apply([(n.id, app.mapper.to_domain_event(n)) for n in batch], after=position)
        position = batch[-1].id
    restarted_app = open_app(database)
    try:
        restarted = Follower(restarted_app, open_views(restarted_app), batch_size=10)
        restarted.catch_up(timeline_of(restarted))
        resumed = story(timeline_of(restarted), sample.campaign)
    finally:
        restarted_app.close()
    view.reset()
    Follower(app, [view]).catch_up(view)

    assert resumed == story(view, sample.campaign)
    assert len({e.position for e in resumed}) == len(resumed)


def test_a_batch_applied_twice_is_refused_and_changes_nothing(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    view = timeline_of(follower)
    batch = [
        (n.id, app.mapper.to_domain_event(n))
        for n in app.recorder.select_notifications(start=None, limit=20)
    ]
    view.apply(batch, after=0)
    before = story(view, sample.campaign)

    with pytest.raises(Exception):  # noqa: B017 (the position check, whichever form it takes)
        view.apply(batch, after=0)

    assert story(view, sample.campaign) == before
    assert view.position() == batch[-1][0]


def test_a_view_that_cannot_apply_an_event_stops_before_it(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    view = timeline_of(follower)
    follower.catch_up(view)
    position = view.position()
    orphan = Action.Held(
        originator_id=uuid4(),
        originator_version=2,
        timestamp=datetime.now(UTC),
        happened_at=datetime.now(UTC),
        turnout=3,
        outcome="x",
        recorded_by=RECORDER,
    )

    with pytest.raises(ViewCannotApply):
        view.apply([(position + 1, orphan)], after=position)

    assert view.position() == position


def test_the_follower_thread_keeps_the_view_up_to_date_and_reports_lag(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    follower.start(interval=0.05)
    try:
        deadline = datetime.now(UTC) + timedelta(seconds=10)
        while any(s.lag for s in follower.status()) and datetime.now(UTC) < deadline:
            follower._stop.wait(0.05)
    finally:
        follower.stop()

    for status in follower.status():
        assert status.lag == 0 and status.failure is None
        assert status.position == app.recorder.max_notification_id()


def test_as_of_a_moment_the_story_leaves_out_what_was_recorded_later(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    view = timeline_of(follower)
    follower.catch_up(view)
    then = datetime.now(UTC)
    before = story(view, sample.campaign)
    one_to_one_for_the_campaign(app, sample, PAST_WEEK)
    follower.catch_up(view)

    assert view.entries(sample.campaign, cut=known_at(app, then), limit=1_000) == before
    assert len(story(view, sample.campaign)) == len(before) + 1


def test_a_view_stored_with_another_version_is_rebuilt_on_opening(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    view = timeline_of(follower)
    follower.catch_up(view)
    built = story(view, sample.campaign)
    with view.datastore.transaction(commit=True) as c:
        c.execute("UPDATE view_versions SET version = 0 WHERE name = ?", (view.name,))

    reopened = timeline_of(Follower(app, open_views(app)))
    assert (
        reopened.position() == 0
        and story(timeline_of(Follower(app, [reopened])), sample.campaign) == []
    )
    Follower(app, [reopened]).catch_up(reopened)

    assert story(timeline_of(Follower(app, [reopened])), sample.campaign) == built


@sqlite_only  # PostgreSQL's counterpart: tests/projections/test_postgres_views.py
def test_views_do_not_wait_for_the_disk_but_the_event_store_does(
    app: Groundwork, follower: Follower
) -> None:
    def synchronous(pool: Any) -> int:
        connection = pool.get_connection(is_writer=True)
        try:
            return int(connection._sqlite_conn.execute("PRAGMA synchronous").fetchone()[0])
        finally:
            pool.put_connection(connection)

    assert synchronous(timeline_of(follower).datastore.pool) == 1  # NORMAL: re-derivable
    assert synchronous(app.factory.datastore.pool) == 2  # type: ignore[attr-defined]  # FULL


@sqlite_only  # PostgreSQL's counterpart: tests/projections/test_postgres_views.py
def test_a_view_waits_while_another_writer_holds_the_lock_and_then_catches_up(
    app: Groundwork, sample: SampleIds
) -> None:
    follower = Follower(app, open_views(app))
    blocker = sqlite3.connect(str(views_name(app.env)), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        follower.catch_up_all()
        while_locked = follower.status()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    follower.catch_up_all()

    assert all(s.failure is None and s.lag > 0 for s in while_locked)
    assert all(s.failure is None and s.lag == 0 for s in follower.status())


@sqlite_only  # their own SQLite file; on PostgreSQL they share the store's database
def test_views_are_kept_in_a_file_of_their_own_that_commands_never_wait_for(
    database: Path, app: Groundwork, sample: SampleIds
) -> None:
    follower = Follower(app, open_views(app))
    with closing(sqlite3.connect(database, isolation_level=None)) as events:
        events.execute("BEGIN IMMEDIATE")  # a command's write, taking its time
        try:
            follower.catch_up_all()
            while_writing = follower.status()
        finally:
            events.execute("ROLLBACK")
        tables = {row[0] for row in events.execute("SELECT name FROM sqlite_master")}
    follower.close()

    assert views_name(app.env) == str(database.with_name("events.views.sqlite"))
    assert all(s.failure is None and s.lag == 0 for s in while_writing)
    assert not tables & {t for cls in VIEW_CLASSES for t in cls.tables}


def test_a_view_that_stops_says_so_in_its_status_and_the_others_carry_on(
    app: Groundwork, follower: Follower, sample: SampleIds, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot(view: Any, c: Any, position: int, event: Any) -> None:
        raise ViewCannotApply(f"test: position {position}")

    monkeypatch.setitem(CampaignTimeline._handlers, Campaign.Launched, cannot)

    follower.catch_up_all()

    statuses = {s.name: s for s in follower.status()}
    assert statuses["campaign_timeline"].failure is not None
    assert statuses["campaign_timeline"].lag > 0
    others = [s for name, s in statuses.items() if name != "campaign_timeline"]
    assert len(others) == len(VIEW_CLASSES) - 1
    assert all(s.failure is None and s.lag == 0 for s in others)


def test_a_views_failure_is_kept_in_its_file_for_other_processes_until_it_is_forgotten(
    app: Groundwork, follower: Follower, sample: SampleIds, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot(view: Any, c: Any, position: int, event: Any) -> None:
        raise ViewCannotApply(f"test: position {position}")

    with monkeypatch.context() as patched:
        patched.setitem(CampaignTimeline._handlers, Campaign.Launched, cannot)
        follower.catch_up_all()
    elsewhere = Follower(app, open_views(app))  # the server, reading what its follower wrote
    reported = {s.name: s.failure for s in elsewhere.status()}
    elsewhere.forget_failures(["campaign_timeline"])  # a rebuild, say
    follower.catch_up_all()  # the follower reads that it may go on

    assert reported["campaign_timeline"] is not None
    assert {n for n, f in reported.items() if f is not None} == {"campaign_timeline"}
    assert all(s.failure is None and s.lag == 0 for s in elsewhere.status())
    elsewhere.close()
