"""Skill-shares: a session where a member teaches others a skill (running a one-to-one,
facilitating a community of practice, telling one's story in public), which is how a peer
network grows its leaders from within.

A skill-share records who taught, who learned, the skill, when, in which of the network's
communities, and the group's reflections. Teaching and learning are each a part a person
takes (`involved`), so they show in each person's history and count as evidence for their
place on the leadership ladder; the skills taught roll up per network in a view.

The kind keeps its commands here too (`SkillShares`, over the application service), so
that adding it added no mixin to `Groundwork`: the API calls `SkillShares(app).hold(...)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import RuleBroken
from domain.errors.shared import DurationNotAboveZero
from domain.kinds import Involvement, Kind
from domain.network import Network
from domain.rules import happened, require_text
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey


class NoOneLearned(RuleBroken):
    """A skill-share was recorded with no one learning: a skill is shared with someone."""

    def __init__(self, field: str = "learner_ids") -> None:
        super().__init__("Name at least one person who learned the skill.", field)


class TeacherAmongLearners(RuleBroken):
    """The person who taught was also named as one who learned."""

    def __init__(self, person_id: UUID, field: str = "learner_ids") -> None:
        super().__init__(
            f"Person {person_id} taught this skill-share: name them as teacher only.", field
        )
        self.person_id = person_id


class SkillShare(Aggregate):
    KIND = Kind(
        "skill-share",
        "/skill-shares",
        parts={"taught": "Taught a skill", "learned": "Learned a skill"},
    )

    class Held(Aggregate.Created):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("skill", "reflections")

        network_id: UUID
        community: str | None
        skill: str
        happened_at: datetime
        duration_minutes: int | None
        taught_by: UUID
        learner_ids: list[UUID]
        reflections: str
        recorded_by: UUID

        def involved(self) -> Iterator[Involvement]:
            yield self.taught_by, "taught"
            for learner in self.learner_ids:
                yield learner, "learned"

    @classmethod
    def hold(
        cls,
        *,
        network: Network,
        community: str | None,
        skill: str,
        happened_at: datetime | None,
        duration_minutes: int | None,
        taught_by: UUID,
        learner_ids: list[UUID],
        reflections: str,
        now: datetime,
        recorded_by: UUID,
    ) -> SkillShare:
        if community is not None:  # in the network's own spelling ("kenya " is "Kenya")
            community = network.canonical_communities([community], "community")[0]
        learners = list(dict.fromkeys(learner_ids))
        if not learners:
            raise NoOneLearned()
        if taught_by in learners:
            raise TeacherAmongLearners(taught_by)
        if duration_minutes is not None and duration_minutes <= 0:
            raise DurationNotAboveZero(duration_minutes)
        return cls(
            network_id=network.id,
            community=community,
            skill=require_text(skill, "skill"),
            happened_at=happened(happened_at, now),
            duration_minutes=duration_minutes,
            taught_by=taught_by,
            learner_ids=learners,
            reflections=reflections.strip(),
            recorded_by=recorded_by,
        )

    @event(Held)
    def __init__(
        self,
        *,
        network_id: UUID,
        community: str | None,
        skill: str,
        happened_at: datetime,
        duration_minutes: int | None,
        taught_by: UUID,
        learner_ids: list[UUID],
        reflections: str,
        recorded_by: UUID,
    ) -> None:
        self.network_id = network_id
        self.community = community
        self.skill = skill
        self.happened_at = happened_at
        self.duration_minutes = duration_minutes
        self.taught_by = taught_by
        self.learner_ids = learner_ids
        self.reflections = reflections
        self.recorded_by = recorded_by


class SkillShares:
    """The commands of skill-shares, over the application service: each names the people
    of the network it involves, who must not have been forgotten."""

    def __init__(self, app: Service) -> None:
        self.app = app

    def hold(
        self,
        *,
        network_id: UUID,
        community: str | None,
        skill: str,
        happened_at: datetime | None,
        duration_minutes: int | None,
        taught_by: UUID,
        learner_ids: list[UUID],
        reflections: str,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        app = self.app

        def make() -> SkillShare:
            network = app.get(Network, network_id, "network_id")
            app.remembered(network_id, taught_by, "taught_by")
            for number, learner in enumerate(learner_ids):
                app.remembered(network_id, learner, f"learner_ids[{number}]")
            return SkillShare.hold(
                network=network,
                community=community,
                skill=skill,
                happened_at=happened_at,
                duration_minutes=duration_minutes,
                taught_by=taught_by,
                learner_ids=learner_ids,
                reflections=reflections,
                now=app.clock(),
                recorded_by=recorded_by,
            )

        return app.record_new(make, key)
