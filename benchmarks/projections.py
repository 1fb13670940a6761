"""Projection benchmark: rebuilding the views from the log, and querying them, as history grows.

For each size of history (default 10,000 and 1,000,000 events), on a fresh SQLite file in a
temporary folder:

1. Recording (in a child process; timed, but not a target). A synthetic network is recorded
   through the real domain: aggregates built with their own classmethods and methods, so every
   rule is checked, and stored with the application's `save`, many records' events at once in
   one transaction per batch (one command per request would take hours at 1,000,000 events).
   The stored events are the real domain events the views consume, in the order they
   happened. The network grows the way a real one does: chapter after chapter, ever more often
   (chapters start at a rate that rises steadily over four years of history). Each chapter
   lasts about six months and records about 300 events: people registering and consenting,
   their leadership assessed, gatherings, one-to-ones (most tagged to the chapter's campaign,
   a third untagged) and their follow-ups; half the time a listening campaign with its
   sessions and one-to-ones, which the campaign is launched from; the campaign with its
   targets, power-holders identified, assessed and targeted (its own and, most of the time,
   one that a chapter of the same period identified: none is targeted by more than three
   campaigns), actions planned, held, evaluated or cancelled, power-holder meetings with asks,
   answers and commitments kept or broken, decisions proposed with evidence, positions,
   reached, revisited or superseded, sometimes a pause, and its end. So at 1,000,000 events
   there are about 100 times as many campaigns, people and records as at 10,000, while each
   campaign's own story is about the same length; the chapters started last are still under
   way when recording stops, as in a live network. Query latency is per campaign, so this
   measures whether views slow down as *the network's* history grows; a single campaign whose
   story grows for ever (or a power-holder targeted by every campaign for years) would be a
   different question. No idempotency keys are recorded, so every event is a domain event
   (the API would add one key per command, which views skip without decoding).

2. Rebuild, baseline and queries (in a second child process, so that its peak memory is its
   own). The baseline first: plain batched `executemany` inserts of as many rows as the log
   holds events, into a fresh table of a fresh SQLite file opened the way views are
   (`domain.store.sqlite.derived_datastore`: WAL, synchronous=NORMAL), in batches of the
   follower's size, one transaction per batch; each row a few TEXT columns of about 200 bytes,
   like a timeline entry; only the inserts and commits are timed. Then every view in
   `VIEW_CLASSES` is emptied and brought up to date from position 0 as
   `groundwork projections rebuild` does it: `Follower.catch_up_all`, reading and decoding
   the log once for every view and applying each batch to all of them in one transaction;
   rebuild speed is the log's size over the seconds that took. `--per-view` then rebuilds
   each view alone as well, to show where the time goes, and `--profile` runs the rebuild
   under cProfile.
   Then the queries, on campaigns chosen at random (fixed seed), each timed alone: the
   timeline's first page (50 entries), a timeline page filtered by kind (actions, meetings,
   commitments) as known at the moment the middle line of the campaign's story was committed
   (`halfway`: cut at the last log position committed by then, as the API's `known_at`
   is, so that every answer holds about half its story at every size), the
   campaign's progress, and the lookup of its calendar feed (its actions, from the rhythm
   view). A warm-up first queries each chosen campaign once; those first
   touches are timed and shown, but at a large size they may read pages from disk, as much
   as the OS page cache of the machine decides, so they are not judged. The timed run that
   follows has the file's pages in memory, a server's steady state, and so compares the work
   each query does at each size.

Targets: rebuild at least 0.1 of the baseline's rows per second; the p50 and p95 of each
query (after the warm-up) at the largest size at most 1.5 times those at the smallest; peak
resident memory of the rebuild-and-query process that does not grow with the events (judged
here as at most 1.25 times the smallest size's peak). The script exits 0 whatever the
figures, and 1 if a child process failed.

    .venv/bin/python benchmarks/projections.py [--sizes 10000,1000000] [--queries 300]
        [--quick] [--seed 1] [--workdir DIR (keep, and reuse, the recordings)] [--profile]
        [--per-view]

Nothing personal is printed: the people are fictional, and only counts and timings are shown.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
# This script is called projections.py: keep its folder off the path, so that `projections`
# is Groundwork's package, not this file.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCHMARKS]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import cProfile  # noqa: E402
import heapq  # noqa: E402
import io  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import pstats  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import Counter, deque  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import closing, contextmanager, suppress  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402
from uuid import UUID  # noqa: E402

from eventsourcing.domain import Aggregate  # noqa: E402
from eventsourcing.sqlite import SQLiteDatastore  # noqa: E402

from domain.action import Action  # noqa: E402
from domain.application import Groundwork  # noqa: E402
from domain.campaign import Campaign  # noqa: E402
from domain.decision import Decision  # noqa: E402
from domain.errors import RuleBroken  # noqa: E402
from domain.gathering import Gathering  # noqa: E402
from domain.listening import ListeningCampaign  # noqa: E402
from domain.meeting import PowerHolderMeeting  # noqa: E402
from domain.network import Network  # noqa: E402
from domain.one_to_one import OneToOne  # noqa: E402
from domain.person import Person  # noqa: E402
from domain.power_holder import PowerHolder  # noqa: E402
from domain.store.chain import CHAIN_TABLE  # noqa: E402
from domain.store.commit_times import COMMITTED, moment  # noqa: E402
from domain.store.sqlite import TOPIC, derived_datastore  # noqa: E402
from domain.values import (  # noqa: E402
    ActionKind,
    Answer,
    CampaignStatus,
    Channel,
    CommitmentStatus,
    ConsentScope,
    DecisionKind,
    DecisionRule,
    DecisionStatus,
    Evaluation,
    EvidenceKind,
    EvidenceRef,
    GatheringKind,
    LadderStage,
    MeetingPurpose,
    Stance,
    TargetMetric,
    Theme,
)
from projections.collective import CollectiveProgress  # noqa: E402
from projections.follower import (  # noqa: E402
    REBUILD_BATCH,
    REBUILD_CHECKPOINT_PAGES,
    Follower,
    open_views,
)
from projections.progress import CampaignProgress  # noqa: E402
from projections.registry import VIEW_CLASSES  # noqa: E402
from projections.rhythm import Rhythm  # noqa: E402
from projections.timeline import CampaignTimeline  # noqa: E402
from projections.view import Cut, views_name  # noqa: E402

DEFAULT_SIZES = (10_000, 1_000_000)
QUICK_SIZES = (2_000, 50_000)
#: The follower's batch size in the server and the command line (`Follower`'s default).
BATCH = REBUILD_BATCH
#: How many steps (events) are stored in one `save`, one transaction.
RECORD_BATCH = 2_000

TARGET_REBUILD_RATIO = 0.1
TARGET_LATENCY_RATIO = 1.5
MEMORY_TOLERANCE = 1.25

HISTORY_DAYS = 4 * 365
#: The weeks the dashboard's progress queries read, as its default period does.
DASHBOARD_WEEKS = 52
CHAPTER_DAYS = 180
#: About how many events a chapter records (its length is drawn from this range).
CHAPTER_STEPS = (260, 340)
EVENTS_PER_CHAPTER = sum(CHAPTER_STEPS) // 2

#: Who recorded the synthetic network: a fixed id.
BY = UUID("00000000-0000-4000-8000-0000000000b7")
#: The kinds shown by the filtered timeline query.
FILTER_KINDS = ("action", "meeting", "commitment")


# --- a synthetic network, recorded through the domain ---------------------------------------

COMMUNITIES = ["North", "South", "East", "West", "Harbour", "Valley", "Hills", "Riverside"]
FIRST = ["Ada", "Ben", "Chi", "Dara", "Eli", "Fen", "Gia", "Hal", "Ira", "Jo", "Kai", "Lin"]
TOPICS = [
    "fair pay for peer work",
    "training for new peer workers",
    "supervision",
    "travel costs",
    "burnout",
    "stigma from clinical staff",
    "housing first",
    "night shifts",
    "unpaid overtime",
    "childcare at meetings",
]
THEMES = ["paid in vouchers, not wages", "burnout", "no supervision", "travel costs", "stigma"]
STORY = (
    "Has worked as a peer supporter for six years; started after their own recovery. The "
    "service relies on them for night shifts but pays them as a volunteer."
)
NOTES = "Tired but determined. Would host a listening session. Prefers calls after 18:00."
METRICS = list(TargetMetric)


def evaluation(rng: random.Random) -> Evaluation:
    return Evaluation(
        what_worked="Members told their own stories and the room listened",
        what_did_not=rng.choice(["We ran over time", "Too few came from the east side"]),
        learned=rng.choice(["Bring the figures on paper", "Arrange transport a week ahead"]),
        how_people_felt=rng.choice(["", "Proud and heard"]),
    )


@dataclass
class CampaignRef:
    """A campaign recorded, and the moment (wall clock) it was halfway through its story."""

    id: str
    as_of: str | None = None


class Simulation:
    """The whole network: chapters started over time, their steps run in order of when they
    happen, and their events saved in batches."""

    def __init__(self, app: Groundwork, rng: random.Random, target: int) -> None:
        self.app = app
        self.rng = rng
        self.target = target
        self.now = datetime.now(UTC)
        self.latest = self.now - timedelta(hours=1)
        self.start = self.now - timedelta(days=HISTORY_DAYS + CHAPTER_DAYS)
        self.events: list[Any] = []
        self.recorded = 0
        self.saves = 0
        self.people = 0
        self.refused = 0
        self.campaigns: list[CampaignRef] = []
        #: The power-holders identified lately, and the chapters whose campaigns target them.
        self.holders: deque[tuple[PowerHolder, list[int]]] = deque(maxlen=8)
        self.network = Network.found(
            name="Peers Across Regions",
            focus="Peer support in mental health and substance use",
            goals=["Peer work is paid fairly", "Every member has a community of practice"],
            communities=COMMUNITIES,
            happened_at=self.start - timedelta(days=30),
            now=self.now,
            recorded_by=BY,
        )
        self.touch(self.network)

    def touch(self, aggregate: Aggregate) -> None:
        """Takes the aggregate's new events, in the order they happened."""
        self.events.extend(aggregate.collect_events())

    def flush(self) -> None:
        if self.events:
            self.recorded += len(self.app.save(*self.events))
            self.saves += 1
            self.events = []

    def launcher(self, schedule: Callable[[Iterator[datetime]], None]) -> Iterator[datetime]:
        """Starts chapters ever more often: their rate rises steadily over the history. The
        chapters started in its last months are still under way when it ends, so a few more
        are started than whole chapters would need; if the target is not reached at the end
        of the history, chapters go on starting (at its last moment) until it is."""
        whole = 1 - CHAPTER_DAYS / HISTORY_DAYS
        expected = max(1.0, self.target / (EVENTS_PER_CHAPTER * whole))
        for number in itertools.count():
            share = math.sqrt(number / expected)
            at = min(self.start + timedelta(days=HISTORY_DAYS * share), self.latest)
            yield at
            schedule(Chapter(self, number, at).run())

    def record(self, progress: Callable[[int], None]) -> None:
        heap: list[tuple[datetime, int, Iterator[datetime]]] = []
        order = itertools.count()

        def schedule(story: Iterator[datetime]) -> None:
            with suppress(StopIteration):
                heapq.heappush(heap, (next(story), next(order), story))

        schedule(self.launcher(schedule))
        while heap and self.recorded + len(self.events) < self.target:
            _, _, story = heapq.heappop(heap)
            schedule(story)  # runs the step it was waiting for, and waits for its next one
            if len(self.events) >= RECORD_BATCH:
                self.flush()
                progress(self.recorded)
        self.flush()
        progress(self.recorded)


class Chapter:
    """A chapter's story: new people, untagged organising, and a campaign from start to end."""

    ACTIVITIES: tuple[tuple[str, float], ...] = (
        ("campaign_one_to_one", 16),
        ("untagged_one_to_one", 8),
        ("follow_up", 9),
        ("correct_notes", 1),
        ("register", 6),
        ("consent", 5),
        ("leadership", 3),
        ("skills", 1),
        ("gathering", 2),
        ("plan", 4),
        ("hold_action", 3),
        ("cancel_action", 1),
        ("evaluate_action", 2),
        ("meeting", 2.5),
        ("answer", 1),
        ("commit", 2),
        ("outcome", 1.5),
        ("evaluate_meeting", 1),
        ("assess", 2),
        ("revise_target", 0.7),
        ("propose", 1),
        ("position", 4),
        ("reach", 1.5),
        ("revisit", 0.3),
        ("supersede", 0.3),
    )
    NAMES = tuple(name for name, _ in ACTIVITIES)
    WEIGHTS = tuple(itertools.accumulate(weight for _, weight in ACTIVITIES))

    def __init__(self, sim: Simulation, number: int, start: datetime) -> None:
        self.sim = sim
        self.rng = sim.rng
        self.number = number
        self.t = start
        self.length = self.rng.randint(*CHAPTER_STEPS)
        self.gap = timedelta(days=CHAPTER_DAYS) / self.length
        self.steps = 0
        self.community = self.rng.choice(COMMUNITIES)
        self.people: list[Person] = []
        self.listening: ListeningCampaign | None = None
        self.campaign: Campaign | None = None
        self.ref: CampaignRef | None = None
        self.holders: list[PowerHolder] = []
        self.follow_ups: list[OneToOne] = []
        self.noted: list[tuple[OneToOne, Person]] = []
        self.planned: list[Action] = []
        self.held: list[Action] = []
        self.meetings: deque[PowerHolderMeeting] = deque(maxlen=8)
        self.open_decisions: list[Decision] = []
        self.reached: list[Decision] = []
        self.evidence: deque[EvidenceRef] = deque(maxlen=4)

    # ------------------------------------------------------------------ the story

    def tick(self) -> datetime:
        self.steps += 1
        self.t += self.gap * self.rng.uniform(0.4, 1.6)
        return self.moment()

    def moment(self) -> datetime:
        """When the chapter's story stands now: what it records happened then."""
        return min(self.t, self.sim.latest)

    def run(self) -> Iterator[datetime]:
        """Yields when its next step happens; does the step when resumed."""
        rng = self.rng
        for _ in range(8):
            yield (at := self.tick())
            self.register(at)
        for person in self.people[:6]:
            yield (at := self.tick())
            self.give_consent(person, at)
        if rng.random() < 0.5:
            yield (at := self.tick())
            self.launch_listening(at)
            for _ in range(rng.randint(6, 10)):
                yield (at := self.tick())
                self.session(at)
                for _ in range(2):
                    yield (at := self.tick())
                    self.one_to_one(at, tag="listening")
            yield (at := self.tick())
            self.close_listening(at)
        yield (at := self.tick())
        self.launch(at)
        for metric in rng.sample(METRICS, 4):
            yield (at := self.tick())
            self.set_target(metric)
        yield (at := self.tick())
        own = self.identify_holder()
        for holder in self.pick_holders(own):
            yield (at := self.tick())
            self.target(holder)
        campaign = self.campaign
        assert campaign is not None
        middle = (self.steps + self.length) // 2
        pause = rng.randint(self.steps + 1, self.length - 10) if rng.random() < 0.3 else -10
        while self.steps < self.length - 3:
            yield (at := self.tick())
            if self.steps == pause:
                self.move(CampaignStatus.PAUSED, "Elections period", at)
            elif self.steps == pause + 5 and campaign.status == CampaignStatus.PAUSED:
                self.move(CampaignStatus.ACTIVE, "Elections over", at)
            else:
                self.activity(at)
            if self.steps == middle and self.ref is not None:
                self.ref.as_of = datetime.now(UTC).isoformat()
        yield (at := self.tick())
        if campaign.status != CampaignStatus.ACTIVE:
            self.move(CampaignStatus.ACTIVE, "Back to work", at)
        else:
            won = rng.random() < 0.6
            self.move(CampaignStatus.WON if won else CampaignStatus.LOST, "The vote", at)
        yield (at := self.tick())
        campaign.evaluate(
            evaluation=evaluation(rng), happened_at=at, now=self.sim.now, recorded_by=BY
        )
        self.sim.touch(campaign)
        yield (at := self.tick())
        if campaign.status in (CampaignStatus.WON, CampaignStatus.LOST):
            self.move(CampaignStatus.CLOSED, "", at)
        else:
            self.one_to_one(at, tag="campaign")

    def activity(self, at: datetime) -> None:
        """One of the campaign's everyday steps, chosen at random; a one-to-one when the one
        chosen has nothing to act on (no action due, no open decision...) or is refused."""
        name = self.rng.choices(self.NAMES, cum_weights=self.WEIGHTS)[0]
        done = False
        try:
            done = bool(getattr(self, f"do_{name}")(at))
        except RuleBroken:
            self.sim.refused += 1
        if not done:
            self.one_to_one(at, tag="campaign")

    # ------------------------------------------------------------------ people

    def organiser(self) -> Person:
        return self.people[self.rng.randrange(min(3, len(self.people)))]

    def member(self, other_than: Person | None = None) -> Person:
        while True:
            person = self.rng.choice(self.people)
            if person is not other_than:
                return person

    def register(self, at: datetime) -> None:
        rng = self.rng
        person = Person.register(
            network_id=self.network_id,
            name=f"{rng.choice(FIRST)} {chr(65 + rng.randrange(26))}.",
            contact=f"member{self.sim.people}@example.org" if rng.random() < 0.5 else None,
            communities=[self.community],
            languages=rng.sample(["en", "pt", "sw", "fr", "es"], 2),
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.people += 1
        self.people.append(person)
        self.sim.touch(person)

    @property
    def network_id(self) -> UUID:
        return self.sim.network.id

    def give_consent(self, person: Person, at: datetime) -> bool:
        if person.has_consented(ConsentScope.KEEP_NOTES):
            return False
        person.give_consent(
            scope=ConsentScope.KEEP_NOTES, happened_at=at, now=self.sim.now, recorded_by=BY
        )
        self.sim.touch(person)
        return True

    def do_register(self, at: datetime) -> bool:
        if len(self.people) >= 40:
            return False
        self.register(at)
        return True

    def do_consent(self, at: datetime) -> bool:
        waiting = [p for p in self.people if not p.has_consented(ConsentScope.KEEP_NOTES)]
        return bool(waiting) and self.give_consent(self.rng.choice(waiting), at)

    def do_leadership(self, at: datetime) -> bool:
        person = self.member()
        person.assess_leadership(
            stage=self.rng.choice(list(LadderStage)),
            reason="After our one-to-one",
            assessed_by=self.organiser().id,
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(person)
        return True

    def do_skills(self, at: datetime) -> bool:
        person = self.member()
        person.offer_skills(
            skills=[f"{self.rng.choice(['facilitation', 'translation', 'media'])} {self.steps}"],
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(person)
        return True

    def do_gathering(self, at: datetime) -> bool:
        gathering = Gathering.hold(
            network_id=self.network_id,
            series_id=None,
            kind=self.rng.choice(list(GatheringKind)),
            topic=f"Community of practice: {self.rng.choice(TOPICS)}",
            happened_at=at,
            facilitator_id=self.organiser().id,
            attendee_ids=[p.id for p in self.rng.sample(self.people, min(6, len(self.people)))],
            reflections="The group asked for more time in small circles.",
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(gathering)
        return True

    # ------------------------------------------------------------------ one-to-ones

    def one_to_one(self, at: datetime, tag: str) -> None:
        rng = self.rng
        organiser = self.organiser()
        person = self.member(other_than=organiser)
        consented = person.has_consented(ConsentScope.KEEP_NOTES)
        campaign = self.campaign.id if tag == "campaign" and self.campaign else None
        listening = self.listening.id if tag == "listening" and self.listening else None
        one_to_one = OneToOne.hold(
            network_id=self.network_id,
            organiser_id=organiser.id,
            person_id=person.id,
            campaign_id=campaign,
            listening_campaign_id=listening,
            happened_at=at,
            channel=rng.choice(list(Channel)),
            duration_minutes=rng.choice([None, 30, 45, 60]),
            interests=rng.sample(TOPICS, 2),
            concerns=rng.sample(TOPICS, 1),
            organiser_shared="Why I started peer work after my own recovery.",
            person_shared=STORY,
            leadership_signals=["offered to host a session"] if rng.random() < 0.2 else [],
            follow_ups=[
                ("Send the pay survey", (at + timedelta(days=7)).date()),
                ("Invite to the next community of practice", None),
            ][: rng.randrange(3)],
            private_notes=NOTES if consented else None,
            notes_consented=consented,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(one_to_one)
        if consented:  # in the same write as the notes, as `hold_one_to_one` records it
            person.keep_notes(one_to_one_id=one_to_one.id, happened_at=at, recorded_by=BY)
            self.sim.touch(person)
        if one_to_one.follow_ups:
            self.follow_ups.append(one_to_one)
            del self.follow_ups[:-20]
        if consented:
            self.noted.append((one_to_one, person))
            del self.noted[:-10]
        if campaign or listening:
            self.evidence.append(EvidenceRef(EvidenceKind.ONE_TO_ONE, one_to_one.id))

    def do_campaign_one_to_one(self, at: datetime) -> bool:
        self.one_to_one(at, tag="campaign")
        return True

    def do_untagged_one_to_one(self, at: datetime) -> bool:
        self.one_to_one(at, tag="")
        return True

    def do_follow_up(self, at: datetime) -> bool:
        if not self.follow_ups:
            return False
        one_to_one = self.rng.choice(self.follow_ups)
        number = next(
            f.number for f in one_to_one.follow_ups if f.number not in one_to_one.follow_ups_done
        )
        one_to_one.mark_follow_up_done(
            number=number, happened_at=at, now=self.sim.now, recorded_by=BY
        )
        self.sim.touch(one_to_one)
        if len(one_to_one.follow_ups_done) == len(one_to_one.follow_ups):
            self.follow_ups.remove(one_to_one)
        return True

    def do_correct_notes(self, at: datetime) -> bool:
        if not self.noted:
            return False
        one_to_one, person = self.noted.pop()
        one_to_one.correct_notes(
            private_notes=NOTES.replace("18:00", "19:00"),
            reason="Misheard the time",
            notes_consented=person.has_consented(ConsentScope.KEEP_NOTES),
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(one_to_one)
        person.keep_notes(one_to_one_id=one_to_one.id, happened_at=at, recorded_by=BY)
        self.sim.touch(person)
        return True

    # ------------------------------------------------------------------ listening

    def launch_listening(self, at: datetime) -> None:
        self.listening = ListeningCampaign.launch(
            network_id=self.network_id,
            question="What makes it hard to keep doing peer support?",
            communities=[self.community, *self.rng.sample(COMMUNITIES, 2)],
            target_conversations=self.rng.randint(20, 80),
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(self.listening)

    def session(self, at: datetime) -> None:
        listening = self.listening
        assert listening is not None
        number = listening.hold_session(
            host_id=self.organiser().id,
            community=self.rng.choice(listening.communities),
            happened_at=at,
            participants=self.rng.randint(4, 20),
            themes=[Theme(t, self.rng.randint(1, 9)) for t in self.rng.sample(THEMES, 3)],
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(listening)
        self.evidence.append(EvidenceRef(EvidenceKind.LISTENING_SESSION, listening.id, number))

    def close_listening(self, at: datetime) -> None:
        listening = self.listening
        assert listening is not None
        listening.close(
            summary="Pay for peer work came up everywhere.",
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(listening)

    # ------------------------------------------------------------------ the campaign

    def launch(self, at: datetime) -> None:
        self.campaign = Campaign.launch(
            network_id=self.network_id,
            name=f"Fair pay in the {self.community} region, round {self.number}",
            goal="The county pays its peer workers a living wage",
            issue="Peer supporters are paid in vouchers, not wages",
            listening_campaign_id=self.listening.id if self.listening else None,
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(self.campaign)
        self.ref = CampaignRef(self.campaign.id.hex)
        self.sim.campaigns.append(self.ref)

    def set_target(self, metric: TargetMetric, reason: str = "") -> None:
        campaign = self.campaign
        assert campaign is not None
        campaign.set_target(
            metric=metric,
            goal=self.rng.randint(5, 120),
            due=(self.t + timedelta(days=120)).date() if self.rng.random() < 0.7 else None,
            reason=reason,
            happened_at=self.moment(),
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(campaign)

    def do_revise_target(self, at: datetime) -> bool:
        assert self.campaign is not None
        if self.campaign.status == CampaignStatus.CLOSED or not self.campaign.targets:
            return False
        metric = self.rng.choice(list(self.campaign.targets))
        self.set_target(metric, reason="Two more groups joined the coalition")
        return True

    def move(self, status: CampaignStatus, reason: str, at: datetime) -> None:
        campaign = self.campaign
        assert campaign is not None
        campaign.move_to(
            status=status, reason=reason, happened_at=at, now=self.sim.now, recorded_by=BY
        )
        self.sim.touch(campaign)

    # ------------------------------------------------------------------ power

    def identify_holder(self) -> PowerHolder:
        holder = PowerHolder.identify(
            network_id=self.network_id,
            name=f"Official {self.number}",
            role=self.rng.choice(["County Executive for Health", "Chair", "Director"]),
            institution=f"{self.community} County",
            happened_at=self.moment(),
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(holder)
        return holder

    def pick_holders(self, own: PowerHolder) -> list[PowerHolder]:
        """The power-holder this chapter identified and, most of the time, one that a chapter
        of the same period identified (the latest that fewer than three campaigns target)."""
        picked = [own]
        if self.rng.random() < 0.8:
            for holder, campaigns in reversed(self.sim.holders):
                if len(campaigns) < 3:
                    picked.append(holder)
                    campaigns.append(self.number)
                    break
        self.sim.holders.append((own, [self.number]))
        return picked

    def target(self, holder: PowerHolder) -> None:
        campaign = self.campaign
        assert campaign is not None
        campaign.target_power_holder(
            power_holder_id=holder.id, happened_at=self.moment(), now=self.sim.now, recorded_by=BY
        )
        self.sim.touch(campaign)
        self.holders.append(holder)

    def do_assess(self, at: datetime) -> bool:
        if not self.holders:
            return False
        holder = self.rng.choice(self.holders)
        number = holder.assess(
            stance=self.rng.choice(list(Stance)),
            influence=self.rng.randint(1, 5),
            interests=self.rng.sample(["budget", "re-election", "staffing", "press"], 2),
            notes="Warmer after the clinic visit",
            assessed_by=self.organiser().id,
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(holder)
        self.evidence.append(EvidenceRef(EvidenceKind.POWER_HOLDER_ASSESSMENT, holder.id, number))
        return True

    def do_meeting(self, at: datetime) -> bool:
        if not self.holders:
            return False
        rng = self.rng
        meeting = PowerHolderMeeting.hold(
            network_id=self.network_id,
            campaign_id=self.campaign.id if self.campaign and rng.random() < 0.9 else None,
            power_holder_ids=[
                h.id for h in rng.sample(self.holders, min(len(self.holders), rng.randint(1, 2)))
            ],
            attendee_ids=[p.id for p in rng.sample(self.people, min(3, len(self.people)))],
            purpose=rng.choice(list(MeetingPurpose)),
            happened_at=at,
            asks=[
                (f"Will you {rng.choice(TOPICS)}?", rng.choice(list(Answer)))
                for _ in range(rng.randint(1, 3))
            ],
            summary="Open to meeting; cautious about the budget.",
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(meeting)
        self.meetings.append(meeting)
        self.evidence.append(EvidenceRef(EvidenceKind.POWER_HOLDER_MEETING, meeting.id))
        return True

    def do_answer(self, at: datetime) -> bool:
        for meeting in self.meetings:
            for ask in meeting.asks.values():
                if ask.answer == Answer.LATER:
                    meeting.answer_ask(
                        number=ask.number,
                        answer=self.rng.choice([Answer.YES, Answer.NO]),
                        happened_at=at,
                        now=self.sim.now,
                        recorded_by=BY,
                    )
                    self.sim.touch(meeting)
                    return True
        return False

    def do_commit(self, at: datetime) -> bool:
        if not self.meetings:
            return False
        meeting = self.rng.choice(self.meetings)
        meeting.secure_commitment(
            power_holder_id=self.rng.choice(meeting.power_holder_ids),
            text="Table peer-worker pay at the next board meeting",
            due=(at + timedelta(days=self.rng.randint(10, 60))).date(),
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(meeting)
        return True

    def do_outcome(self, at: datetime) -> bool:
        for meeting in self.meetings:
            for commitment in meeting.commitments.values():
                if commitment.status == CommitmentStatus.OPEN:
                    meeting.record_commitment_outcome(
                        number=commitment.number,
                        status=self.rng.choice(
                            [
                                CommitmentStatus.KEPT,
                                CommitmentStatus.PARTLY_KEPT,
                                CommitmentStatus.BROKEN,
                            ]
                        ),
                        note="Checked at the next board meeting",
                        happened_at=at,
                        now=self.sim.now,
                        recorded_by=BY,
                    )
                    self.sim.touch(meeting)
                    return True
        return False

    def do_evaluate_meeting(self, at: datetime) -> bool:
        for meeting in self.meetings:
            if not meeting.evaluations:
                meeting.evaluate(
                    evaluation=evaluation(self.rng),
                    happened_at=at,
                    now=self.sim.now,
                    recorded_by=BY,
                )
                self.sim.touch(meeting)
                return True
        return False

    # ------------------------------------------------------------------ actions

    def do_plan(self, at: datetime) -> bool:
        campaign = self.campaign
        if campaign is None or campaign.status != CampaignStatus.ACTIVE:
            return False  # the command plans actions in active campaigns only
        rng = self.rng
        action = Action.plan(
            network_id=self.network_id,
            campaign_id=campaign.id,
            kind=rng.choice(list(ActionKind)),
            title=f"Delegation to the {self.community} County Health Board",
            scheduled_for=at + timedelta(days=rng.randint(3, 20)),
            power_holder_id=rng.choice(self.holders).id if self.holders else None,
            ask="Table peer-worker pay at the next board meeting",
            turnout_pledged=rng.randint(5, 80),
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(action)
        self.planned.append(action)
        return True

    def do_hold_action(self, at: datetime) -> bool:
        for action in self.planned:
            if action.scheduled_for <= at:
                self.planned.remove(action)
                action.record_held(
                    happened_at=action.scheduled_for,
                    turnout=self.rng.randint(0, 90),
                    outcome="The chair agreed to table the proposal",
                    now=self.sim.now,
                    recorded_by=BY,
                )
                self.sim.touch(action)
                self.held.append(action)
                self.evidence.append(EvidenceRef(EvidenceKind.ACTION, action.id))
                return True
        return False

    def do_cancel_action(self, at: datetime) -> bool:
        for action in self.planned:
            if action.scheduled_for > at:
                self.planned.remove(action)
                action.cancel(
                    reason="Heavy rains closed the roads",
                    happened_at=at,
                    now=self.sim.now,
                    recorded_by=BY,
                )
                self.sim.touch(action)
                return True
        return False

    def do_evaluate_action(self, at: datetime) -> bool:
        if not self.held:
            return False
        action = self.held.pop(0)
        action.evaluate(
            evaluation=evaluation(self.rng), happened_at=at, now=self.sim.now, recorded_by=BY
        )
        self.sim.touch(action)
        return True

    # ------------------------------------------------------------------ decisions

    def do_propose(self, at: datetime) -> bool:
        if self.campaign is None or len(self.open_decisions) >= 2:
            return False
        rng = self.rng
        decision = Decision.propose(
            network_id=self.network_id,
            campaign_id=self.campaign.id if rng.random() < 0.9 else None,
            kind=rng.choice(list(DecisionKind)),
            question="How do we respond to the broken commitment?",
            options=["Public meeting with the press", "Private letter first", "Wait a month"][
                : rng.randint(2, 3)
            ],
            rule=rng.choice(list(DecisionRule)),
            evidence=list(self.evidence),
            proposed_by=self.organiser().id,
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(decision)
        self.open_decisions.append(decision)
        return True

    def do_position(self, at: datetime) -> bool:
        for decision in self.open_decisions:
            waiting = [p for p in self.people if p.id not in decision.positions]
            if waiting and len(decision.positions) < 7:  # an odd number breaks a tie
                lean = decision.rule == DecisionRule.CONSENSUS or self.rng.random() < 0.75
                decision.take_position(
                    participant_id=self.rng.choice(waiting).id,
                    option=decision.options[0 if lean else 1],
                    reason="Heard in every community",
                    happened_at=at,
                    now=self.sim.now,
                    recorded_by=BY,
                )
                self.sim.touch(decision)
                return True
        return False

    def do_reach(self, at: datetime) -> bool:
        for decision in self.open_decisions:
            if len(decision.positions) >= 3:
                counts = Counter(p.option for p in decision.positions.values())
                decision.reach(
                    outcome=counts.most_common(1)[0][0],
                    rationale="It came up in every community; it is specific and winnable.",
                    happened_at=at,
                    now=self.sim.now,
                    recorded_by=BY,
                )  # refused (OutcomeNotCarried) when the positions do not carry it yet
                self.sim.touch(decision)
                self.open_decisions.remove(decision)
                self.reached.append(decision)
                return True
        return False

    def do_revisit(self, at: datetime) -> bool:
        if not self.reached:
            return False
        decision = self.reached.pop(0)
        decision.revisit(
            reason="The board changed its offer", happened_at=at, now=self.sim.now, recorded_by=BY
        )
        self.sim.touch(decision)
        self.open_decisions.append(decision)
        return True

    def do_supersede(self, at: datetime) -> bool:
        if len(self.reached) < 2:
            return False
        decision, later = self.reached[0], self.reached[-1]
        decision.supersede(
            by_decision_id=later.id,
            reason="A later decision replaces it",
            happened_at=at,
            now=self.sim.now,
            recorded_by=BY,
        )
        self.sim.touch(decision)
        self.reached.remove(decision)
        assert later.status != DecisionStatus.SUPERSEDED
        return True


# --- the child processes ------------------------------------------------------------------


def open_app(database: Path) -> Groundwork:
    return Groundwork(env={"PERSISTENCE_MODULE": TOPIC, "SQLITE_DBNAME": str(database)})


def memory_kb(field_name: str) -> int:
    """A line of /proc/self/status in kB (VmHWM: peak resident set; VmRSS: current)."""
    with suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field_name}:"):
                return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def reset_peak_memory() -> bool:
    """Resets VmHWM to the current resident set (Linux 4.0+), so the peak is the phase's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def database_bytes(database: Path) -> int:
    return sum(p.stat().st_size for p in database.parent.glob(f"{database.name}*"))


def stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def record_child(database: Path, events: int, seed: int, result: Path, campaigns: Path) -> None:
    app = open_app(database)
    sim = Simulation(app, random.Random(seed), events)
    began = time.perf_counter()
    next_report = [events // 5]

    def progress(recorded: int) -> None:
        if recorded >= next_report[0] and recorded < events:
            stderr(f"    recorded {recorded:,} of {events:,} ({time.perf_counter() - began:.0f}s)")
            next_report[0] += events // 5

    sim.record(progress)
    seconds = time.perf_counter() - began
    with closing(sqlite3.connect(database)) as connection:
        topics = dict(
            connection.execute("SELECT topic, count(*) FROM stored_events GROUP BY topic")
        )
    applied = frozenset().union(*(cls.topics for cls in VIEW_CLASSES))
    app.close()
    campaigns.write_text(json.dumps([asdict(c) for c in sim.campaigns]))
    result.write_text(
        json.dumps(
            {
                "events": sim.recorded,
                "seconds": seconds,
                "saves": sim.saves,
                "campaigns": len(sim.campaigns),
                "people": sim.people,
                "refused": sim.refused,
                "applied": sum(n for topic, n in topics.items() if topic in applied),
                "bytes": database_bytes(database),
                "peak_rss_kb": memory_kb("VmHWM"),
                "topics": topics,
            }
        )
    )


def baseline_rows(rng: random.Random, start: int, count: int) -> list[tuple[Any, ...]]:
    """Rows like a timeline entry: a stream, a position, a time, a kind, a summary, a source
    (about 200 bytes of TEXT)."""
    rows = []
    for position in range(start, start + count):
        stream = uuid.UUID(int=rng.getrandbits(128)).hex
        rows.append(
            (
                stream,
                position,
                f"2025-{1 + position % 12:02d}-{1 + position % 28:02d}T17:00:00.000000+00:00",
                "one_to_one",
                f"One-to-one held (video, 45 min); interests: {TOPICS[position % 10]}, burnout",
                f"/one-to-ones/{uuid.UUID(stream)}",
            )
        )
    return rows


def halfway(database: Path, follower: Follower, sample: list[CampaignRef]) -> dict[str, str]:
    """For each campaign, the moment the middle line of its story was committed: what it is
    asked about "as known at a moment", so that every answer, at every size, holds about
    half its story. (The recording's own halfway moments, `CampaignRef.as_of`, fall before
    its batched saves commit, often before the campaign's launch was on record at all: at
    10,000 events, two answers in three were empty.)"""
    timeline = follower.view_of(CampaignTimeline)[0]
    found = {}
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        for ref in sample:
            story = timeline.entries(UUID(ref.id), limit=1_000_000)
            middle = story[len(story) // 2].position
            row = db.execute(
                f"SELECT {COMMITTED} FROM {CHAIN_TABLE} WHERE notification_id = ?",
                (middle,),
            ).fetchone()
            found[ref.id] = row[0]
    return found


def baseline(path: Path, rows: int, batch: int) -> tuple[float, float]:
    """Seconds to insert `rows` rows in batches of `batch`, one transaction each, into a fresh
    table of a fresh file opened like the views' (see `derived_datastore`), and the rows'
    average size in bytes."""
    for stale in path.parent.glob(f"{path.name}*"):
        stale.unlink()
    library = SQLiteDatastore(db_name=str(path))
    datastore = derived_datastore(library)
    library.close()
    rng = random.Random(7)
    try:
        with datastore.transaction(commit=True) as c:
            c.execute(
                "CREATE TABLE rows (stream_id TEXT NOT NULL, position INTEGER NOT NULL,"
                " happened_at TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL,"
                " source TEXT NOT NULL)"
            )
        seconds = 0.0
        for start in range(1, rows + 1, batch):
            chunk = baseline_rows(rng, start, min(batch, rows + 1 - start))
            began = time.perf_counter()
            with datastore.transaction(commit=True) as c:
                c.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)", chunk)
            seconds += time.perf_counter() - began
        with datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT count(*), avg(length(stream_id) + 8 + length(happened_at) + length(kind)"
                " + length(summary) + length(source)) FROM rows"
            )
            count, row_bytes = c.fetchone()
        assert count == rows
    finally:
        datastore.close()
    return seconds, float(row_bytes)


def view_rows(database: Path) -> tuple[int, float]:
    """How many rows the views hold in their file, and their average size in bytes (TEXT and
    BLOB lengths, 8 for a number)."""
    total, size = 0, 0.0
    with closing(sqlite3.connect(database)) as connection:
        for cls in VIEW_CLASSES:
            for table in cls.tables:
                columns = [r[1] for r in connection.execute(f"PRAGMA table_info({table})")]
                lengths = " + ".join(f"coalesce(length(CAST({c} AS BLOB)), 0)" for c in columns)
                count, average = connection.execute(
                    f"SELECT count(*), avg({lengths}) FROM {table}"
                ).fetchone()
                total += count
                size += count * (average or 0.0)
    return total, size / total if total else 0.0


def percentile(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def measure_child(
    database: Path,
    campaigns_file: Path,
    queries: int,
    seed: int,
    profile: bool,
    per_view: bool,
    result: Path,
) -> None:
    reset = reset_peak_memory()
    rss_start = memory_kb("VmRSS")
    app = open_app(database)
    log_size = app.recorder.max_notification_id() or 0
    # Opened for a rebuild, as `groundwork projections rebuild` opens them; for the queries,
    # opened again as a server opens them.
    views = open_views(app, bulk=True)
    follower = Follower(app, views, batch_size=BATCH, checkpoint_pages=REBUILD_CHECKPOINT_PAGES)

    baseline_seconds, baseline_row_bytes = baseline(
        database.parent / "baseline.sqlite", log_size, BATCH
    )

    # The rebuild, as `groundwork projections rebuild` does it.
    for view in follower.views:
        view.reset()
    profiler = cProfile.Profile() if profile else None
    if profiler is not None:
        profiler.enable()
    began = time.perf_counter()
    follower.catch_up_all()
    all_at_once = time.perf_counter() - began
    if profiler is not None:
        profiler.disable()
    behind = [v.name for v in follower.views if v.position() != log_size]
    if behind or follower.failures:
        raise RuntimeError(f"catch_up_all left views behind: {behind} {follower.failures}")
    profile_text = ""
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
        profile_text = out.getvalue()
    # Each view alone, reading the log for itself: where the time goes (not the target).
    rebuild: dict[str, float] = {}
    for view in follower.views if per_view else ():
        view.reset()
        began = time.perf_counter()
        read = follower.catch_up(view)
        rebuild[view.name] = time.perf_counter() - began
        if read != log_size:
            raise RuntimeError(f"{view.name} read {read} events of {log_size}")
    rss_after_rebuild = memory_kb("VmHWM")
    follower.close()
    follower = Follower(app, open_views(app))

    timeline = follower.view_of(CampaignTimeline)[0]
    progress = follower.view_of(CampaignProgress)[0]
    rhythm = follower.view_of(Rhythm)[0]
    collective = follower.view_of(CollectiveProgress)[0]
    with collective.datastore.transaction(commit=False) as c:
        c.execute("SELECT network_id, MAX(week) FROM collective_weekly")
        found, last = c.fetchone()
    network = UUID(found)
    # The dashboard's read: a year of weeks up to the story's last (the story lies years
    # before the wall clock), without the moves, the same period at every size.
    since = date.fromisoformat(last) - timedelta(weeks=DASHBOARD_WEEKS - 1)
    refs = [CampaignRef(**c) for c in json.loads(campaigns_file.read_text())]
    chosen = [c for c in refs if c.as_of] or refs
    rng = random.Random(seed)
    today = date.today()

    EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

    recorder: Any = app.recorder
    moments: dict[str, str] = {}  # filled once the sample is drawn (`halfway`)

    def known_at(ref: CampaignRef) -> Cut:
        """As the API reads `known_at` (alias `as_of`): the last position committed by then."""
        at = datetime.fromisoformat(moments[ref.id])
        return Cut(known_through=recorder.last_committed_by(moment(at)), known_at=at)

    kinds: dict[str, Callable[[CampaignRef], int]] = {
        "timeline, first page": lambda ref: len(timeline.entries(UUID(ref.id), limit=50)),
        "timeline, kinds + known_at": lambda ref: len(
            timeline.entries(UUID(ref.id), kinds=FILTER_KINDS, cut=known_at(ref), limit=50)
        ),
        "progress": lambda ref: int(progress.progress(UUID(ref.id), today=today) is not None),
        # what a campaign's calendar feed looks up (`GET /campaigns/{id}/calendar.ics`), for
        # all its actions: the synthetic story's times lie years before its wall clock
        "calendar, actions": lambda ref: len(rhythm.campaign_actions(UUID(ref.id), EPOCH)),
        # the network's and a community's progress, as the dashboard reads them: a year of
        # weeks, each measure's total, the pipeline, the themes heard most, what is overdue
        "network progress": lambda ref: len(
            collective.collective(network, today=today, movements=False, since=since).weekly
        ),
        "community progress": lambda ref: len(
            collective.collective(
                network,
                today=today,
                community=rng.choice(COMMUNITIES),
                movements=False,
                since=since,
            ).weekly
        ),
    }
    sample = [rng.choice(chosen) for _ in range(queries)]
    moments.update(halfway(database, follower, sample))

    def timed(refs: list[CampaignRef], into: dict[str, list[float]]) -> None:
        for ref in refs:
            for name, run in kinds.items():
                began = time.perf_counter()
                found = run(ref)
                into[name].append(time.perf_counter() - began)
                empty[name] += found == 0
                held[name] += found

    # The warm-up queries each campaign of the sample once: its first touch, which at a large
    # size may read pages from disk, depending on what the OS keeps in its page cache (timed,
    # shown, not judged). Then the sample is timed with the file's pages in memory, the
    # steady state of a server, so that what is compared is the work each query does.
    empty: dict[str, int] = dict.fromkeys(kinds, 0)
    held: dict[str, int] = dict.fromkeys(kinds, 0)  # what the answers held, in all
    first_touch: dict[str, list[float]] = {name: [] for name in kinds}
    timed(list({ref.id: ref for ref in sample}.values()), first_touch)
    empty, held = dict.fromkeys(kinds, 0), dict.fromkeys(kinds, 0)
    latencies: dict[str, list[float]] = {name: [] for name in kinds}
    timed(sample, latencies)
    stories = [len(timeline.entries(UUID(ref.id), limit=1_000_000)) for ref in sample[:50]]
    rows, row_bytes = view_rows(Path(views_name(app.env) or database))
    follower.close()
    app.close()
    result.write_text(
        json.dumps(
            {
                "log_size": log_size,
                "baseline_seconds": baseline_seconds,
                "baseline_row_bytes": baseline_row_bytes,
                "rebuild": rebuild,
                "all_at_once": all_at_once,
                "latencies": latencies,
                "first_touch": first_touch,
                "empty": empty,
                "held": {name: count / max(1, len(sample)) for name, count in held.items()},
                "story_median": statistics.median(stories),
                "story_max": max(stories),
                "view_rows": rows,
                "view_row_bytes": row_bytes,
                "rss_start_kb": rss_start,
                "peak_rebuild_kb": rss_after_rebuild,
                "peak_kb": memory_kb("VmHWM"),
                "peak_reset": reset,
                "profile": profile_text,
            }
        )
    )


# --- the parent: one pair of children per size, then the report ----------------------------


@dataclass
class SizeResult:
    size: int
    recording: dict[str, Any] = field(default_factory=dict)
    measured: dict[str, Any] = field(default_factory=dict)

    @property
    def events(self) -> int:
        return int(self.measured["log_size"])

    @property
    def rebuild_seconds(self) -> float:
        return float(self.measured["all_at_once"])

    @property
    def rebuild_rate(self) -> float:
        return self.events / self.rebuild_seconds

    @property
    def baseline_rate(self) -> float:
        return self.events / float(self.measured["baseline_seconds"])

    @property
    def rebuild_ratio(self) -> float:
        return self.rebuild_rate / self.baseline_rate

    def latency_ms(self, query: str, p: int) -> float:
        return percentile(self.measured["latencies"][query], p) * 1000

    def first_touch_ms(self, query: str, p: int) -> float:
        return percentile(self.measured["first_touch"][query], p) * 1000

    @property
    def peak_mb(self) -> float:
        return float(self.measured["peak_kb"]) / 1024


def child(role: str, *args: str) -> None:
    """Runs this script again in a child process, in the given role."""
    command = [sys.executable, str(Path(__file__).resolve()), "--role", role, *args]
    subprocess.run(command, check=True, cwd=ROOT)


@dataclass(frozen=True)
class Recording:
    """A synthetic network recorded in a workdir: its event store (with the key store beside
    it), what recording it took, and the campaigns it launched (a list of `CampaignRef`)."""

    database: Path
    result: Path
    campaigns: Path
    stem: str


def recording(size: int, workdir: Path, seed: int, reuse: bool) -> Recording:
    """The network of `size` events recorded with `seed`: the one already in `workdir` when
    `reuse` is asked and it is there, else recorded afresh in a child process. Also used by
    `benchmarks/pages.py`, to time the web pages on the same histories."""
    stem = f"events-{size}-seed{seed}"
    found = Recording(
        database=workdir / f"{stem}.sqlite",
        result=workdir / f"{stem}.recorded.json",
        campaigns=workdir / f"{stem}.campaigns.json",
        stem=stem,
    )
    if reuse and all(p.exists() for p in (found.database, found.result, found.campaigns)):
        print(f"  {size:,} events: reusing the recording in {workdir}", flush=True)
        return found
    for stale in workdir.glob(f"{stem}*"):
        stale.unlink()
    print(f"  {size:,} events: recording (child process)...", flush=True)
    child(
        "record",
        *("--database", str(found.database), "--events", str(size), "--seed", str(seed)),
        *("--result", str(found.result), "--campaigns", str(found.campaigns)),
    )
    return found


def run_size(
    size: int, workdir: Path, seed: int, queries: int, profile: bool, per_view: bool, reuse: bool
) -> SizeResult:
    result = SizeResult(size)
    recorded = recording(size, workdir, seed, reuse)
    database, campaigns, stem = recorded.database, recorded.campaigns, recorded.stem
    result.recording = json.loads(recorded.result.read_text())
    print(f"  {size:,} events: baseline, rebuild, queries (child process)...", flush=True)
    measured = workdir / f"{stem}.measured.json"
    child(
        "measure",
        *("--database", str(database), "--campaigns", str(campaigns), "--result", str(measured)),
        *("--queries", str(queries), "--seed", str(seed)),
        *(["--profile"] if profile else []),
        *(["--per-view"] if per_view else []),
    )
    result.measured = json.loads(measured.read_text())
    return result


# --- report -------------------------------------------------------------------------------


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report(results: list[SizeResult], queries: int) -> None:
    small, large = results[0], results[-1]
    print()
    print("recording the synthetic network (not a target)")
    print(
        f"  {'events':>10}{'campaigns':>11}{'people':>9}{'seconds':>9}{'events/s':>10}"
        f"{'file MB':>9}{'peak MB':>9}"
    )
    for r in results:
        rec = r.recording
        print(
            f"  {rec['events']:>10,}{rec['campaigns']:>11,}{rec['people']:>9,}"
            f"{rec['seconds']:>9.1f}{rec['events'] / rec['seconds']:>10,.0f}"
            f"{rec['bytes'] / 2**20:>9.0f}{rec['peak_rss_kb'] / 1024:>9.0f}"
        )

    print()
    print(
        f"rebuild from position 0, as `groundwork projections rebuild` does it (catch_up_all:"
        f" the log read once for every view, batches of {BATCH}, one commit per batch);"
        " with --per-view, each view alone (applies: the share of the log's events it decodes)"
    )
    print(f"  {'events':>10}  {'view':<20}{'seconds':>9}{'events/s':>11}{'applies':>9}")
    topics = {cls.name: cls.topics for cls in VIEW_CLASSES}
    for r in results:
        label = f"{r.events:,}"
        for name, seconds in r.measured["rebuild"].items():
            applied = sum(n for t, n in r.recording["topics"].items() if t in topics.get(name, ()))
            print(
                f"  {label:>10}  {name:<20}{seconds:>9.1f}{r.events / seconds:>11,.0f}"
                f"{applied / r.events:>9.0%}"
            )
            label = ""
        print(
            f"  {label:>10}  {'every view at once':<20}{r.rebuild_seconds:>9.1f}"
            f"{r.rebuild_rate:>11,.0f}"
        )
        print(
            f"  {'':>10}  {'baseline inserts':<20}{r.measured['baseline_seconds']:>9.1f}"
            f"{r.baseline_rate:>11,.0f}   ratio {r.rebuild_ratio:.3f}"
        )
        print(
            f"  {'':>10}  the views wrote {r.measured['view_rows']:,} rows "
            f"({r.measured['view_rows'] / r.events:.2f} per event, "
            f"{r.measured['view_row_bytes']:.0f} bytes on average; "
            f"{r.measured['view_rows'] / r.rebuild_seconds:,.0f} rows/s, "
            f"{r.measured['view_rows'] / r.rebuild_seconds / r.baseline_rate:.3f} of the "
            f"baseline's); baseline rows {r.measured['baseline_row_bytes']:.0f} bytes"
        )

    print()
    print(
        f"query latency (ms; {queries} of each, on campaigns drawn at random, after a warm-up "
        "that queried each of them once: its first touch)"
    )
    print(
        f"  {'query':<26}{'events':>10}{'p50':>8}{'p95':>8}{'first touch p50':>17}"
        f"{'p95':>8}{'no rows':>9}{'rows':>7}{'story':>7}"
    )
    for query in small.measured["latencies"]:
        label = query
        for r in results:
            print(
                f"  {label:<26}{r.events:>10,}{r.latency_ms(query, 50):>8.2f}"
                f"{r.latency_ms(query, 95):>8.2f}{r.first_touch_ms(query, 50):>17.2f}"
                f"{r.first_touch_ms(query, 95):>8.2f}{r.measured['empty'][query]:>9}"
                f"{r.measured.get('held', {}).get(query, 0):>7.0f}"
                f"{r.measured['story_median']:>7.0f}"
            )
            label = ""
    print(
        "  (rows: what an answer held on average: timeline entries, actions, or weekly figures"
        " of the year read, which a small network's dashboard has fewer of; story: median"
        " entries in the timeline of the campaigns queried)"
    )

    print()
    print("memory of the rebuild-and-query process (MB; VmHWM, the peak resident set)")
    print(f"  {'events':>10}{'at start':>10}{'peak, rebuild':>15}{'peak, all':>11}")
    for r in results:
        m = r.measured
        print(
            f"  {r.events:>10,}{m['rss_start_kb'] / 1024:>10.0f}"
            f"{m['peak_rebuild_kb'] / 1024:>15.0f}{r.peak_mb:>11.0f}"
        )
    if not all(r.measured["peak_reset"] for r in results):
        print("  (the peak could not be reset at the phase's start: it includes start-up)")

    print()
    print("TARGETS")
    rebuild_ok = all(r.rebuild_ratio >= TARGET_REBUILD_RATIO for r in results)
    ratios = ", ".join(f"{r.events:,}: {r.rebuild_ratio:.3f}" for r in results)
    print(f"  rebuild >= {TARGET_REBUILD_RATIO} x baseline rows/s: {met(rebuild_ok)} ({ratios})")
    if len(results) < 2:
        print("  latency and memory ratios need two sizes")
        return
    scale = f"{large.events:,}/{small.events:,}"
    for query in small.measured["latencies"]:
        p50 = large.latency_ms(query, 50) / small.latency_ms(query, 50)
        p95 = large.latency_ms(query, 95) / small.latency_ms(query, 95)
        ok = p50 <= TARGET_LATENCY_RATIO and p95 <= TARGET_LATENCY_RATIO
        first50 = large.first_touch_ms(query, 50) / small.first_touch_ms(query, 50)
        first95 = large.first_touch_ms(query, 95) / small.first_touch_ms(query, 95)
        print(
            f"  {query} latency {scale} <= {TARGET_LATENCY_RATIO}: {met(ok)} "
            f"(p50 {p50:.2f}, p95 {p95:.2f}; first touch, not judged: p50 {first50:.2f}, "
            f"p95 {first95:.2f})"
        )
    growth = large.peak_mb / small.peak_mb
    print(
        f"  memory does not grow with events (peak {scale} <= {MEMORY_TOLERANCE}): "
        f"{met(growth <= MEMORY_TOLERANCE)} ({growth:.2f}: {small.peak_mb:.0f} MB, "
        f"{large.peak_mb:.0f} MB)"
    )


# --- what the benchmarks that record synthetic histories share (see benchmarks/pages.py) ---


def history_arguments(parser: argparse.ArgumentParser) -> None:
    """--sizes, --seed and --workdir."""
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="sizes of history in events, comma-separated (default 10000,1000000)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the databases here and reuse recordings of the same size and seed "
        "(default: a temporary folder, removed at the end)",
    )


def sizes_asked(parser: argparse.ArgumentParser, sizes: str) -> list[int]:
    try:
        return sorted({int(s.replace("_", "")) for s in sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas")


def machine() -> str:
    return (
        f"CPUs: {os.cpu_count()}; Python {platform.python_version()} "
        f"({platform.python_implementation()}); SQLite {sqlite3.sqlite_version}; "
        f"{platform.system()} {platform.machine()}"
    )


@contextmanager
def working_folder(asked: Path | None) -> Iterator[Path]:
    """The folder asked for (kept), or a temporary one removed at the end."""
    with tempfile.TemporaryDirectory(prefix="groundwork-bench-") as tmp:
        workdir = asked or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        yield workdir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    history_arguments(parser)
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 2000 and 50000 events, 100 queries"
    )
    parser.add_argument(
        "--queries", type=int, default=300, help="timed queries of each kind per size (300)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run the rebuild under cProfile (slower) and print the top 15 cumulative entries",
    )
    parser.add_argument(
        "--per-view",
        action="store_true",
        help="also rebuild each view alone, to show where the time goes (slower)",
    )
    # The child processes' roles and arguments.
    parser.add_argument("--role", choices=["record", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--events", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--campaigns", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.role == "record":
        record_child(args.database, args.events, args.seed, args.result, args.campaigns)
        return 0
    if args.role == "measure":
        measure_child(
            args.database,
            args.campaigns,
            args.queries,
            args.seed,
            args.profile,
            args.per_view,
            args.result,
        )
        return 0

    sizes = sizes_asked(parser, args.sizes)
    queries: int = args.queries
    if args.quick:
        sizes, queries = list(QUICK_SIZES), min(queries, 100)
    if not sizes or min(sizes) < 1_000 or queries < 1:
        parser.error("sizes start at 1000 events, and --queries at 1")

    print(machine())
    print(
        f"sizes: {', '.join(f'{s:,}' for s in sizes)} events; seed {args.seed}; "
        f"views: {', '.join(cls.name for cls in VIEW_CLASSES)}"
    )
    results: list[SizeResult] = []
    with working_folder(args.workdir) as workdir:
        try:
            for size in sizes:
                results.append(
                    run_size(
                        size,
                        workdir,
                        args.seed,
                        queries,
                        args.profile,
                        args.per_view,
                        args.workdir is not None,
                    )
                )
        except subprocess.CalledProcessError as error:
            print(f"a child process failed ({error.returncode}); see above", file=sys.stderr)
            return 1
    report(results, queries)
    for r in results:
        if r.measured["profile"]:
            print()
            print(f"cProfile of the rebuild at {r.events:,} events (top 15, cumulative):")
            print(r.measured["profile"].rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
