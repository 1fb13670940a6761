"""The monthly community of practice meets, and a member teaches a skill."""

from __future__ import annotations

from datetime import date, time

from domain.values import GatheringKind
from interface.sample.kinds.gatherings import Gathering, GatheringSeries
from interface.sample.recording import Ago, Chapter

COP = "community of practice"
#: The members who come, the longest-standing first: fewer each month.
REGULARS = ("amani", "joaquim", "marie", "baraka", "ines", "daniel", "zawadi", "rui")


def met(topic: str, held: Ago, attendees: tuple[str, ...]) -> Gathering:
    """A monthly meeting of the community of practice, facilitated by Marie-Claire."""
    return Gathering(
        series=COP,
        kind=GatheringKind.COMMUNITY_OF_PRACTICE,
        topic=topic,
        held=held,
        facilitator="marie",
        attendees=attendees,
        reflections="The group asked for more time in small circles.",
    )


CHAPTER = Chapter(
    order=20,
    title="Community of practice",
    records=(
        GatheringSeries(
            name=COP,
            title="Monthly community of practice",
            kind=GatheringKind.COMMUNITY_OF_PRACTICE,
            rrule="FREQ=MONTHLY;BYDAY=+4WE",
            starts_on=date(2025, 1, 1),
            local_time=time(18, 0),
            duration_minutes=90,
            time_zone="Europe/Lisbon",
            established=Ago(380),
        ),
        met("Boundaries when supporting a friend", Ago(90), REGULARS),
        met("Peer work and pay: what is fair?", Ago(60), REGULARS[:7]),
        met("Holding hope after a relapse", Ago(30), REGULARS[:6]),
        Gathering(
            series=None,
            kind=GatheringKind.SKILL_SHARE,
            topic="Running a listening session online",
            held=Ago(170),
            facilitator="joaquim",
            attendees=("amani", "baraka", "ines", "rui"),
            reflections="Breakout rooms helped quieter members speak.",
        ),
    ),
)
