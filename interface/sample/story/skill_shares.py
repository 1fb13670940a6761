"""Members teach each other: running a one-to-one, facilitating a circle, telling one's story
in public. The kind of record and its chapter of the story, in one module of their own."""

from __future__ import annotations

from dataclasses import dataclass

from domain.skill_share import SkillShares
from interface.sample.recording import Ago, Chapter, Sample


@dataclass(frozen=True)
class SkillShare:
    """A skill one member taught others, in one of the network's communities."""

    skill: str
    held: Ago
    taught_by: str
    learners: tuple[str, ...]
    community: str | None
    reflections: str
    minutes: int = 90

    def record_in(self, sample: Sample) -> None:
        SkillShares(sample.app).hold(
            network_id=sample.network,
            community=self.community,
            skill=self.skill,
            happened_at=sample.at(self.held),
            duration_minutes=self.minutes,
            taught_by=sample.id(self.taught_by),
            learner_ids=sample.ids_of(self.learners),
            reflections=self.reflections,
            recorded_by=sample.by,
        )


CHAPTER = Chapter(
    order=80,
    title="Skill-shares",
    records=(
        SkillShare(
            "Running a one-to-one",
            Ago(150),
            "amani",
            ("baraka", "zawadi"),
            "Kenya",
            "Practising in pairs first made the real conversations easier.",
        ),
        SkillShare(
            "Facilitating a community of practice",
            Ago(100),
            "marie",
            ("daniel", "sophie"),
            "Canada",
            "A check-in round sets the tone; keep the agenda short.",
        ),
        SkillShare(
            "Running a one-to-one",
            Ago(45),
            "joaquim",
            ("ines", "rui"),
            "Portugal",
            "Listening for self-interest is harder than asking questions.",
        ),
        SkillShare(
            "Telling one's story in public",
            Ago(20),
            "baraka",
            ("zawadi",),
            "Kenya",
            "Three minutes, one moment of change, one ask.",
            minutes=60,
        ),
    ),
)
