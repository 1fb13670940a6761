"""Skill-shares: a skill taught, in a person's history and a network's story."""

from __future__ import annotations

from domain.skill_share import SkillShare
from projections.summaries.base import Summary, entry_kind, summarises

SKILL_SHARE = entry_kind("skill_share", "Skill-shares", on_timeline=False)


@summarises(SkillShare.Held)
def _held(e: SkillShare.Held) -> Summary:
    learners = len(e.learner_ids)
    return Summary(
        SKILL_SHARE,
        f"Skill shared: {e.skill}; {learners} learned",
        f"/skill-shares/{e.originator_id}",
        e.happened_at,
    )
