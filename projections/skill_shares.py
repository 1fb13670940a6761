"""Skill-shares by network: each one held, newest first, and the skills taught rolled up
(how often each was taught, to how many), so that a network sees what its members teach
each other and a leader sees which skills nobody is passing on yet.

The skill is typed text: like every view, this one is derived again after someone is
forgotten (`Follower.derive_again_after_forgetting`), so a skill that named them is then
read as the log now reads it. Who taught and who learned are kept as ids and counts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.skill_share import SkillShare
from projections.dialect import Cursor
from projections.view import View, handles, moment


@dataclass(frozen=True)
class SkillShareListing:
    skill_share_id: UUID
    community: str | None
    skill: str
    happened_at: datetime
    taught_by: UUID
    learners: int


@dataclass(frozen=True)
class SkillTaught:
    """A skill as the network has taught it: how many times, to how many learners in all,
    and when last (skills typed differently only in case count as one)."""

    skill: str
    times: int
    learners: int
    last_taught_at: datetime


class SkillShares(View):
    name = "skill_shares"
    tables = ("skill_shares",)
    schema = (
        "CREATE TABLE IF NOT EXISTS skill_shares ("
        " record_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, community TEXT,"
        " skill TEXT NOT NULL, skill_key TEXT NOT NULL, happened_at TEXT NOT NULL,"
        " taught_by TEXT NOT NULL, learners INTEGER NOT NULL, position INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS skill_shares_by_network"
        " ON skill_shares (network_id, happened_at)",
    )

    @handles(SkillShare.Held)
    def _held(self, c: Cursor, position: int, e: SkillShare.Held) -> None:
        c.execute(
            "INSERT INTO skill_shares VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e.originator_id.hex,
                e.network_id.hex,
                e.community,
                e.skill,
                e.skill.casefold(),
                moment(e.happened_at),
                e.taught_by.hex,
                len(e.learner_ids),
                position,
            ),
        )

    def of_network(
        self, network_id: UUID, *, limit: int = 50, offset: int = 0
    ) -> list[SkillShareListing]:
        """A network's skill-shares, the most recently held first."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT record_id, community, skill, happened_at, taught_by, learners"
                " FROM skill_shares WHERE network_id = ?"
                " ORDER BY happened_at DESC, position DESC LIMIT ? OFFSET ?",
                (network_id.hex, limit, offset),
            )
            return [
                SkillShareListing(
                    UUID(r[0]), r[1], r[2], datetime.fromisoformat(r[3]), UUID(r[4]), r[5]
                )
                for r in c.fetchall()
            ]

    def skills_taught(self, network_id: UUID, *, limit: int = 100) -> list[SkillTaught]:
        """The skills a network's members have taught, the most often taught first."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT min(skill), count(*), sum(learners), max(happened_at)"
                " FROM skill_shares WHERE network_id = ? GROUP BY skill_key"
                " ORDER BY count(*) DESC, sum(learners) DESC, min(skill) LIMIT ?",
                (network_id.hex, limit),
            )
            return [
                SkillTaught(r[0], r[1], r[2], datetime.fromisoformat(r[3])) for r in c.fetchall()
            ]
