"""Property: for any sequence of commands, and however the follower is interrupted, every
view equals one rebuilt from scratch, with every event applied exactly once."""

from __future__ import annotations

import tempfile
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.application import Groundwork
from domain.errors import DomainError
from domain.network import Network
from domain.person import Person
from domain.values import (
    ActionKind,
    Answer,
    Channel,
    CommitmentStatus,
    ConsentScope,
    DecisionKind,
    DecisionRule,
    EvidenceKind,
    EvidenceRef,
    GatheringKind,
    LadderStage,
    MeetingPurpose,
    Stance,
    TargetMetric,
)
from projections.follower import Follower, open_views
from projections.timeline import CampaignTimeline, Entry
from projections.view import View
from tests.projections.conftest import open_app, timeline_of
from tests.projections.test_progress import progress_view

BY = uuid4()
PAST = datetime.now(UTC) - timedelta(days=30)

#: Commands a step can run, each given the world so far and a number to vary it.
STEPS = (
    "one_to_one",
    "untagged_one_to_one",
    "plan",
    "hold",
    "cancel",
    "target",
    "assess",
    "meeting",
    "follow_up",
    "commitment",
    "gathering",
    "ladder",
    "decision",
    "campaign",
    "consent",
    "notes",
    "zone",
    "catch_up",
    "restart",
)


class World:
    def __init__(self, app: Groundwork) -> None:
        self.app = app
        self.network = app.found_network(
            name="N", focus="F", goals=[], communities=["A"], happened_at=PAST, recorded_by=BY
        ).id
        self.people = [
            app.register_person(
                network_id=self.network,
                name=f"P{i}",
                contact=None,
                communities=["A"],
                languages=[],
                recorded_by=BY,
            ).id
            for i in range(3)
        ]
        app.give_consent(  # the first member's notes may be kept, until a step withdraws it
            self.people[1], scope=ConsentScope.KEEP_NOTES, happened_at=PAST, recorded_by=BY
        )
        self.holder = app.identify_power_holder(
            network_id=self.network, name="H", role="R", institution="I", recorded_by=BY
        ).id
        self.campaigns = [self.launch()]
        self.actions: list[UUID] = []
        self.one_to_ones: list[UUID] = []
        self.meetings: list[UUID] = []
        self.noted: list[UUID] = []  # one-to-ones whose private notes were kept

    def launch(self) -> UUID:
        return self.app.launch_campaign(
            network_id=self.network,
            name="C",
            goal="G",
            issue="I",
            listening_campaign_id=None,
            happened_at=PAST,
            recorded_by=BY,
        ).id

    def run(self, step: str, n: int) -> None:
        app, when = self.app, PAST + timedelta(hours=n)
        campaign = self.campaigns[n % len(self.campaigns)]
        if step in ("one_to_one", "untagged_one_to_one"):
            self.one_to_ones.append(
                app.hold_one_to_one(
                    network_id=self.network,
                    organiser_id=self.people[0],
                    person_id=self.people[1 + n % 2],
                    happened_at=when,
                    channel=Channel.VIDEO,
                    follow_ups=[("call", None)],
                    recorded_by=BY,
                    campaign_id=campaign if step == "one_to_one" else None,
                ).id
            )
        elif step == "plan":
            self.actions.append(
                app.plan_action(
                    campaign_id=campaign,
                    kind=ActionKind.ASSEMBLY,
                    title="T",
                    scheduled_for=when,
                    power_holder_id=None,
                    ask="A",
                    turnout_pledged=n,
                    recorded_by=BY,
                ).id
            )
        elif step in ("hold", "cancel") and self.actions:
            action = self.actions[n % len(self.actions)]
            if step == "hold":
                app.record_action_held(
                    action, happened_at=when, turnout=n, outcome="O", recorded_by=BY
                )
            else:
                app.cancel_action(action, reason="R", recorded_by=BY)
        elif step == "target":
            app.set_target(
                campaign,
                metric=TargetMetric.TURNOUT,
                goal=1 + n,
                due=None,
                reason="More",
                recorded_by=BY,
            )
        elif step == "assess":
            app.target_power_holder(campaign, power_holder_id=self.holder, recorded_by=BY)
        elif step == "meeting":
            app.assess_power_holder(
                self.holder,
                stance=Stance.NEUTRAL,
                influence=1 + n % 5,
                interests=[],
                notes="",
                assessed_by=self.people[0],
                happened_at=when,
                recorded_by=BY,
            )
            meeting = app.hold_power_holder_meeting(
                network_id=self.network,
                campaign_id=campaign,
                power_holder_ids=[self.holder],
                attendee_ids=self.people[:1],
                purpose=MeetingPurpose.RESEARCH,
                happened_at=when,
                asks=[("Q", Answer.LATER)],
                summary="",
                recorded_by=BY,
            )
            self.meetings.append(meeting.id)
        elif step == "follow_up" and self.one_to_ones:
            app.mark_follow_up_done(
                self.one_to_ones[n % len(self.one_to_ones)],
                number=1,
                happened_at=when,
                recorded_by=BY,
            )
        elif step == "commitment" and self.meetings:
            meeting = self.meetings[n % len(self.meetings)]
            if n % 3 == 0:
                app.answer_ask(
                    meeting, number=1, answer=Answer.YES, happened_at=when, recorded_by=BY
                )
            number = app.secure_commitment(
                meeting, power_holder_id=self.holder, text="T", due=when.date(), recorded_by=BY
            ).number
            if n % 2 and number is not None:
                app.record_commitment_outcome(
                    meeting,
                    number=number,
                    status=(CommitmentStatus.KEPT, CommitmentStatus.BROKEN)[n % 4 // 2],
                    note="",
                    happened_at=when,
                    recorded_by=BY,
                )
        elif step == "gathering":
            app.hold_gathering(
                network_id=self.network,
                series_id=None,
                kind=GatheringKind.TRAINING,
                topic="T",
                happened_at=when,
                facilitator_id=self.people[n % 3],
                attendee_ids=self.people[: 1 + n % 3],
                reflections="",
                recorded_by=BY,
            )
        elif step == "ladder":
            app.assess_leadership(
                self.people[n % 3],
                stage=list(LadderStage)[n % len(LadderStage)],
                reason="R",
                assessed_by=self.people[0],
                happened_at=when,
                recorded_by=BY,
            )
        elif step == "decision":
            evidence = [EvidenceRef(EvidenceKind.ACTION, a) for a in self.actions[-1:]]
            decision = app.propose_decision(
                network_id=self.network,
                campaign_id=campaign,
                kind=DecisionKind.TACTIC,
                question="Q?",
                options=["A", "B"],
                rule=DecisionRule.MAJORITY,
                evidence=evidence,
                proposed_by=self.people[0],
                happened_at=when,
                recorded_by=BY,
            ).id
            app.take_position(
                decision,
                participant_id=self.people[1],
                option="A",
                reason="",
                happened_at=when,
                recorded_by=BY,
            )
            if n % 2:
                app.reach_decision(
                    decision, outcome="A", rationale="R", happened_at=when, recorded_by=BY
                )
        elif step == "campaign":
            self.campaigns.append(self.launch())
        elif step == "consent":  # to keeping notes: withdrawn if given, else given
            person, scope = self.people[1 + n % 2], ConsentScope.KEEP_NOTES
            if app.read(Person, person).has_consented(scope):
                app.withdraw_consent(person, scope=scope, happened_at=when, recorded_by=BY)
            else:
                app.give_consent(person, scope=scope, happened_at=when, recorded_by=BY)
        elif step == "zone":  # weeks counted in another zone: those counted before too
            zones = ("Europe/Berlin", "Pacific/Kiritimati", "UTC", "America/St_Johns")
            app.set_time_zone(self.network, time_zone=zones[n % len(zones)], recorded_by=BY)
        elif step == "notes":  # kept only with consent: refused otherwise
            if self.noted and n % 2:
                app.correct_notes(
                    self.noted[n % len(self.noted)], private_notes="N2", reason="R", recorded_by=BY
                )
            else:
                self.noted.append(
                    app.hold_one_to_one(
                        network_id=self.network,
                        organiser_id=self.people[0],
                        person_id=self.people[1 + n % 2],
                        happened_at=when,
                        channel=Channel.PHONE,
                        private_notes="N",
                        recorded_by=BY,
                        campaign_id=campaign if n % 3 else None,
                    ).id
                )


def stories(view: CampaignTimeline, campaigns: list[UUID]) -> list[list[Entry]]:
    return [view.entries(c, limit=10_000) for c in campaigns]


def contents(views: list[View]) -> dict[str, list[Any]]:
    """Every row of every table of every view, in a stable order."""
    rows = {}
    for view in views:
        with view.datastore.transaction(commit=False) as c:
            for table in view.tables:
                c.execute(f"SELECT * FROM {table}")
                rows[table] = sorted(tuple(r) for r in c.fetchall())
    return rows


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 50)), max_size=40),
    batch_size=st.integers(1, 20),
)
def test_followed_views_equal_rebuilt_ones(steps: list[tuple[str, int]], batch_size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "events.sqlite"
        app = open_app(database)
        world = World(app)
        follower = Follower(app, open_views(app), batch_size=batch_size)
        restarted: list[Groundwork] = []
        try:
            for step, n in steps:
                if step == "catch_up":
                    if n % 2:
                        follower.catch_up_all()
                    else:
                        follower.catch_up(timeline_of(follower))
                elif step == "restart":  # a new process picks up where the last one stopped
                    restarted.append(open_app(database))
                    follower = Follower(
                        restarted[-1], open_views(restarted[-1]), batch_size=1 + n % 20
                    )
                else:
                    with suppress(DomainError):  # a command the rules refuse records nothing
                        world.run(step, n)
            follower.catch_up_all()
            followed = stories(timeline_of(follower), world.campaigns)
            progress = progress_view(follower)
            today = datetime.now(UTC).date()
            followed_progress = [progress.progress(c, today=today) for c in world.campaigns]
            followed_rows = contents(follower.views)

            rebuilt_view = timeline_of(follower)
            for view in follower.views:
                view.reset()
                Follower(app, [view], batch_size=1_000).catch_up(view)

            assert contents(follower.views) == followed_rows
            assert stories(rebuilt_view, world.campaigns) == followed
            assert [progress.progress(c, today=today) for c in world.campaigns] == (
                followed_progress
            )
            for story in followed:  # within a story, each event appears once
                positions = [e.position for e in story]
                assert len(positions) == len(set(positions))
            head = app.recorder.max_notification_id()
            assert all(view.position() == head for view in follower.views)
            assert app.get(Network, world.network).name == "N"
        finally:
            for other in restarted:
                other.close()
            app.close()
