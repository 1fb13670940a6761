"""Collective progress, people, the power map and each record's story, fed by the sample
network (and what each test adds) recorded through the real application."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

from domain.account import COMMAND_LINE
from domain.application import Groundwork
from domain.network import Network
from domain.person import Person
from domain.values import (
    ActionKind,
    Answer,
    Channel,
    ConsentScope,
    LadderStage,
    MeetingPurpose,
    Stance,
)
from interface.sample import SampleIds, record_sample_network
from projections.collective import CollectiveProgress
from projections.collective_reading import OPEN_WITH_DUE_DAY
from projections.follower import Follower, open_views
from projections.interop import Interop
from projections.people import People
from projections.power import PowerMap
from projections.records import Records
from tests.postgres import sqlite_only
from tests.projections.conftest import known_at, open_app

TODAY = datetime.now(UTC).date()


def committee(app: Groundwork, sample: SampleIds) -> list[UUID]:
    return list(app.get(Network, sample.network).committee)


# collective progress


def test_collective_progress_counts_the_whole_network(
    follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()

    c = follower.view_of(CollectiveProgress)[0].collective(sample.network, today=TODAY)

    # The sample: ten people, eight one-to-ones with seven of them, four listening sessions
    # of 42 participants in all, one delegation 46 strong against 50 pledged, a vigil
    # cancelled, three commitments won (one kept, one broken, one past due).
    assert c.totals["people_registered"] == 10
    assert (c.totals["one_to_ones"], c.totals["people_reached"]) == (8, 7)
    assert (c.totals["listening_sessions"], c.totals["listening_participants"]) == (4, 42)
    assert (c.totals["actions_held"], c.totals["actions_cancelled"]) == (1, 1)
    assert c.turnout_ratio == round(46 / 50, 3)
    assert (c.totals["commitments_won"], c.totals["commitments_kept"]) == (3, 1)
    assert c.commitments_overdue == 1
    assert sum(c.pipeline.values()) == 10
    assert c.themes[0].mentions >= c.themes[-1].mentions


def test_what_is_overdue_depends_on_the_day_asked_about(
    follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()
    view = follower.view_of(CollectiveProgress)[0]

    def overdue(today: date) -> int | None:
        return view.collective(sample.network, today=today).commitments_overdue

    # The sample's one open commitment with a due day: not yet due long ago, overdue today
    # and for ever after; the running count behind it is not shown as a measure.
    assert overdue(date(2000, 1, 1)) == 0
    assert overdue(TODAY) == 1
    assert overdue(date(2999, 1, 1)) == 1
    assert OPEN_WITH_DUE_DAY not in view.collective(sample.network, today=TODAY).totals


def test_a_period_bounds_the_weekly_series_but_not_the_totals(
    follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()
    view = follower.view_of(CollectiveProgress)[0]
    whole = view.collective(sample.network, today=TODAY)
    weeks = sorted({w.week for w in whole.weekly})
    assert len(weeks) >= 2, "the sample spreads its work over several weeks"
    first = weeks[len(weeks) // 2]
    since = first + timedelta(days=3)  # a Thursday: its week counts from its Monday

    part = view.collective(sample.network, today=TODAY, since=since)

    assert part.totals == whole.totals and part.pipeline == whole.pipeline
    assert part.weekly == [w for w in whole.weekly if w.week >= first]
    assert len(part.weekly) < len(whole.weekly)
    # Each week's running total still counts the weeks before the period.
    for measure in {w.measure for w in part.weekly}:
        series = [w for w in part.weekly if w.measure == measure]
        assert series[-1].cumulative == whole.totals[measure]
        assert series[0].cumulative - series[0].amount == sum(
            w.amount for w in whole.weekly if w.measure == measure and w.week < first
        )


def test_the_pipeline_follows_each_person_up_the_ladder(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()
    view = follower.view_of(CollectiveProgress)[0]
    before = view.collective(sample.network, today=TODAY)
    person = app.get(Person, committee(app, sample)[0])
    when = datetime.now(UTC) - timedelta(days=1)
    to = LadderStage.ORGANISER if person.stage != LadderStage.ORGANISER else LadderStage.LEADER

    app.assess_leadership(
        person.id,
        stage=to,
        reason="Ran the last training",
        assessed_by=committee(app, sample)[1],
        happened_at=when,
        recorded_by=committee(app, sample)[1],
    )
    follower.catch_up_all()
    after = view.collective(sample.network, today=TODAY)

    from_stage = person.stage or "unassessed"
    assert after.pipeline[to] == before.pipeline[to] + 1
    assert after.pipeline[from_stage] == before.pipeline[from_stage] - 1
    assert after.movements[-1].from_stage == from_stage and after.movements[-1].to_stage == to
    assert after.movements[-1].week.weekday() == 0


def test_each_community_counts_its_own(follower: Follower, sample: SampleIds) -> None:
    follower.catch_up_all()
    view = follower.view_of(CollectiveProgress)[0]
    whole = view.collective(sample.network, today=TODAY)
    communities = follower.app.get(Network, sample.network).communities

    parts = [view.collective(sample.network, today=TODAY, community=k) for k in communities]

    # Each listening session is in one community; a one-to-one counts for each community
    # of the person met, and each sample member is in one.
    for measure in ("listening_sessions", "listening_participants", "one_to_ones"):
        assert sum(p.totals[measure] for p in parts) == whole.totals[measure]
    assert all(p.totals["actions_held"] == 0 and p.commitments_overdue is None for p in parts)
    assert sum(sum(p.pipeline.values()) for p in parts) == sum(whole.pipeline.values())


def test_a_persons_stage_counts_in_the_communities_they_are_in_now(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()
    view = follower.view_of(CollectiveProgress)[0]
    person = next(
        p for p in committee(app, sample) if "Kenya" not in app.get(Person, p).communities
    )
    (former,) = app.get(Person, person).communities

    def pipeline(community: str) -> int:
        return sum(
            view.collective(sample.network, today=TODAY, community=community).pipeline.values()
        )

    kenya, before = pipeline("Kenya"), pipeline(former)
    app.join_community(person, community="Kenya", happened_at=_just_now(), recorded_by=COMMAND_LINE)
    app.leave_community(person, community=former, happened_at=_just_now(), recorded_by=COMMAND_LINE)
    follower.catch_up_all()

    assert (pipeline("Kenya"), pipeline(former)) == (kenya + 1, before - 1)


# people


def test_the_directory_lists_people_without_keeping_their_names(
    follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()
    people = follower.view_of(People)[0]

    listed = people.directory(sample.network, limit=100)
    kenya = people.directory(sample.network, community="Kenya", limit=100)

    assert len(listed) == 10
    assert {p.person_id for p in kenya} < {p.person_id for p in listed}
    assert all("Kenya" in p.communities for p in kenya)
    assert sum(p.one_to_ones for p in listed) == 2 * 8  # each one-to-one has two sides
    name = follower.app.get(Person, listed[0].person_id).name.value
    with people.datastore.transaction(commit=False) as c:  # SQLite's or PostgreSQL's
        for table in People.tables:
            c.execute(f"SELECT * FROM {table}")
            assert name not in str(c.fetchall())


def _just_now() -> datetime:
    return datetime.now(UTC) - timedelta(minutes=1)


def test_the_directory_follows_people_into_and_out_of_communities(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()
    people = follower.view_of(People)[0]
    outside = next(
        p for p in people.directory(sample.network, limit=100) if "Kenya" not in p.communities
    )
    kenya = frozenset({"Kenya"})
    before = [p.person_id for p in people.directory(sample.network, chapters=kenya, limit=100)]
    assert outside.person_id not in before
    assert people.count(sample.network, chapters=kenya) == len(before)

    app.join_community(
        outside.person_id, community="Kenya", happened_at=_just_now(), recorded_by=COMMAND_LINE
    )
    follower.catch_up_all()
    joined = people.directory(sample.network, chapters=kenya, limit=100)
    in_kenya = people.directory(sample.network, community="Kenya", limit=100)
    assert outside.person_id in {p.person_id for p in joined}
    assert {p.person_id for p in joined} == {p.person_id for p in in_kenya}
    assert people.count(sample.network, chapters=kenya) == len(before) + 1
    assert "Kenya" in (people.listing(outside.person_id) or outside).communities

    app.leave_community(
        outside.person_id, community="Kenya", happened_at=_just_now(), recorded_by=COMMAND_LINE
    )
    follower.catch_up_all()
    after = [p.person_id for p in people.directory(sample.network, chapters=kenya, limit=100)]
    assert after == before
    assert people.listing(outside.person_id) == outside
    assert people.directory(sample.network, chapters=frozenset(), limit=100) == []


def test_what_is_shared_with_other_tools_is_the_people_on_record_and_the_events(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()
    interop = follower.view_of(Interop)[0]
    people = interop.people(sample.network, limit=100, offset=0)
    listed = follower.view_of(People)[0].directory(sample.network, limit=100)

    app.forget_person(people[3], recorded_by=sample.organiser)
    follower.catch_up_all()

    assert people == [p.person_id for p in listed]  # in the order they registered
    assert interop.people(sample.network, limit=100, offset=0) == people[:3] + people[4:]
    assert interop.people(sample.network, limit=2, offset=3) == people[4:6]
    assert interop.count(sample.network, "people") == len(people) - 1
    # The sample: four gatherings, then a delegation held, a vigil cancelled, a public
    # meeting planned.
    events = interop.events(sample.network, limit=100, offset=0)
    assert [kind for _, kind in events] == ["gathering"] * 4 + ["action"] * 3
    assert interop.count(sample.network, "events") == 7


def test_a_persons_history_is_every_record_they_took_part_in(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    organiser, person = committee(app, sample)[:2]
    one_to_one = app.hold_one_to_one(
        network_id=sample.network,
        organiser_id=organiser,
        person_id=person,
        happened_at=datetime.now(UTC) - timedelta(hours=3),
        channel=Channel.PHONE,
        follow_ups=[("Share the survey", None)],
        person_shared="Struggling this month",
        recorded_by=organiser,
    ).id
    app.mark_follow_up_done(
        one_to_one, number=1, happened_at=datetime.now(UTC), recorded_by=organiser
    )
    follower.catch_up_all()

    history = follower.view_of(Records)[0].person_history(person, limit=1_000)
    follow_ups = follower.view_of(People)[0].follow_ups(organiser)

    newest = [h for h in history if h.entry.record_id == one_to_one]
    assert [h.entry.summary for h in newest] == [
        "Follow-up 1 done",
        "One-to-one held (phone); 1 follow-up(s) agreed",
    ]
    assert all(h.roles == ["met"] for h in newest)
    assert "Struggling" not in str(history)
    assert {h.entry.kind for h in history} >= {"profile", "one_to_one"}
    mine = [f for f in follow_ups if f.one_to_one_id == one_to_one]
    assert [(f.role, f.done_at is not None) for f in mine] == [("organiser", True)]


def test_notes_kept_about_a_person_are_a_line_of_their_history_that_quotes_nothing(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    organiser = committee(app, sample)[0]
    person = app.register_person(
        network_id=sample.network,
        name="Wanjiru K.",
        contact=None,
        communities=[],
        languages=["sw"],
        recorded_by=organiser,
    ).id
    when = datetime.now(UTC) - timedelta(hours=3)
    app.give_consent(person, scope=ConsentScope.KEEP_NOTES, happened_at=when, recorded_by=organiser)
    one_to_one = app.hold_one_to_one(
        network_id=sample.network,
        organiser_id=organiser,
        person_id=person,
        happened_at=when,
        channel=Channel.VIDEO,
        private_notes="Wanjiru prefers evening calls",
        recorded_by=organiser,
    ).id
    follower.catch_up_all()

    history = follower.view_of(Records)[0].person_history(person, limit=1_000)

    kept = [h for h in history if h.entry.record_id == person and h.entry.kind == "consent"]
    assert [(h.roles, h.entry.summary) for h in kept] == [
        (["self"], f"Private notes kept (one-to-one {one_to_one})"),
        (["self"], "Consent given: keep notes"),
    ]
    assert kept[0].entry.source == f"/people/{person}"
    assert "Wanjiru" not in str(history) and "evening" not in str(history)


# the power map


def power_holders(follower: Follower, sample: SampleIds, **kwargs: datetime) -> dict[str, object]:
    maps = follower.view_of(PowerMap)[0].holders(sample.network, today=TODAY, **kwargs)
    return {m.name: m for m in maps}


def test_the_power_map_shows_stance_meetings_asks_and_commitments(
    follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()

    maps = follower.view_of(PowerMap)[0].holders(sample.network, today=TODAY)

    assert len(maps) == 2
    total = sum(m.scorecard.kept + m.scorecard.broken + m.scorecard.open for m in maps)
    assert total == 3  # the commitments won
    assert sum(m.scorecard.overdue for m in maps) == 1
    assert sum(m.asks for m in maps) >= 4
    changed = [m for m in maps if len(m.assessments) > 1]
    assert changed and changed[0].stance == changed[0].assessments[-1].stance
    assert changed[0].assessments[0].stance != changed[0].assessments[-1].stance


def test_the_power_map_as_of_a_moment_leaves_out_what_came_later(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()
    view = follower.view_of(PowerMap)[0]
    then = datetime.now(UTC)
    before = view.holders(sample.network, today=TODAY)
    holder = before[0].power_holder_id
    organiser = committee(app, sample)[0]
    app.assess_power_holder(
        holder,
        stance=Stance.OPPONENT,
        influence=2,
        interests=[],
        notes="",
        assessed_by=organiser,
        happened_at=then,
        recorded_by=organiser,
    )
    meeting = app.hold_power_holder_meeting(
        network_id=sample.network,
        campaign_id=sample.campaign,
        power_holder_ids=[holder],
        attendee_ids=[organiser],
        purpose=MeetingPurpose.ACCOUNTABILITY,
        happened_at=then,
        asks=[("Will you keep your word?", Answer.LATER)],
        summary="",
        recorded_by=organiser,
    ).id
    app.answer_ask(meeting, number=1, answer=Answer.NO, happened_at=then, recorded_by=organiser)
    follower.catch_up_all()

    now = view.holder(holder, today=TODAY)
    as_then = view.holder(holder, today=TODAY, cut=known_at(app, then))

    assert now is not None and (now.stance, now.influence) == ("opponent", 2)
    assert now.meetings[-1].asks[0].answer == "no"
    assert as_then == before[0]


def test_an_action_cancelled_counts_as_cancelled_not_held(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    follower.catch_up_all()
    view = follower.view_of(CollectiveProgress)[0]
    before = view.collective(sample.network, today=TODAY).totals
    action = app.plan_action(
        campaign_id=sample.campaign,
        kind=ActionKind.VIGIL,
        title="Vigil",
        scheduled_for=datetime.now(UTC) + timedelta(days=3),
        power_holder_id=None,
        ask="Pay peers",
        turnout_pledged=30,
        recorded_by=committee(app, sample)[0],
    ).id
    app.cancel_action(action, reason="Storm warning", recorded_by=committee(app, sample)[0])
    follower.catch_up_all()

    after = view.collective(sample.network, today=TODAY).totals

    assert after["actions_cancelled"] == before["actions_cancelled"] + 1
    assert (after["actions_held"], after["turnout_pledged"]) == (
        before["actions_held"],
        before["turnout_pledged"],
    )


# each record's story


def test_a_records_story_as_of_a_moment_leaves_out_what_came_later(
    app: Groundwork, follower: Follower, sample: SampleIds
) -> None:
    organiser = committee(app, sample)[0]
    action = app.plan_action(
        campaign_id=sample.campaign,
        kind=ActionKind.ASSEMBLY,
        title="Assembly",
        scheduled_for=datetime.now(UTC) - timedelta(hours=1),
        power_holder_id=None,
        ask="Pay peers",
        turnout_pledged=30,
        recorded_by=organiser,
    ).id
    then = datetime.now(UTC)
    app.record_action_held(
        action,
        happened_at=datetime.now(UTC) - timedelta(minutes=30),
        turnout=25,
        outcome="Heard",
        recorded_by=organiser,
    )
    follower.catch_up_all()
    records = follower.view_of(Records)[0]

    assert [line.kind for line in records.story(action)] == ["action", "action"]
    then_story = records.story(action, cut=known_at(app, then))
    assert [line.summary[:14] for line in then_story] == ["Action planned"]


@sqlite_only  # the views' own SQLite file outliving the store's; on PostgreSQL they share one
def test_views_derived_from_another_log_are_rebuilt_from_this_one(tmp_path: Path) -> None:
    """The views' file outlives an event store deleted and started again: its positions
    belong to the old log, and the new log's events would be skipped."""
    database, views_file = tmp_path / "events.sqlite", tmp_path / "events.views.sqlite"
    old = open_app(database)
    first = record_sample_network(old)
    Follower(old, open_views(old)).catch_up_all()
    old.close()
    for leftover in tmp_path.glob("events.sqlite*"):
        leftover.unlink()  # the event store only: the views' file stays
    assert views_file.exists()

    new = open_app(database)
    try:
        second = record_sample_network(new)
        follower = Follower(new, open_views(new))
        follower.catch_up_all()

        people = follower.view_of(People)[0]
        assert people.directory(second.network, limit=100)
        assert not people.directory(first.network, limit=100)
        assert all(s.position == new.recorder.max_notification_id() for s in follower.status())
    finally:
        new.close()
