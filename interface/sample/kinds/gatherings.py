"""Gatherings: a recurring series (the monthly community of practice) and each meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from domain.values import GatheringKind
from interface.sample.recording import Moment, Sample


@dataclass(frozen=True)
class GatheringSeries:
    """A recurring gathering, by an iCalendar rule in the time zone it meets in."""

    name: str
    title: str
    kind: GatheringKind
    rrule: str
    starts_on: date
    local_time: time
    duration_minutes: int
    time_zone: str
    established: Moment

    def record_in(self, sample: Sample) -> None:
        established = sample.app.establish_gathering_series(
            network_id=sample.network,
            name=self.title,
            kind=self.kind,
            rrule=self.rrule,
            starts_on=self.starts_on,
            local_time=self.local_time,
            duration_minutes=self.duration_minutes,
            time_zone=self.time_zone,
            happened_at=sample.at(self.established),
            recorded_by=sample.by,
        )
        sample.name(self.name, established.id)


@dataclass(frozen=True)
class Gathering:
    """A gathering held, of a series or on its own: who facilitated, who came."""

    series: str | None
    kind: GatheringKind
    topic: str
    held: Moment
    facilitator: str
    attendees: tuple[str, ...]
    reflections: str

    def record_in(self, sample: Sample) -> None:
        sample.app.hold_gathering(
            network_id=sample.network,
            series_id=sample.id_or_none(self.series),
            kind=self.kind,
            topic=self.topic,
            happened_at=sample.at(self.held),
            facilitator_id=sample.id(self.facilitator),
            attendee_ids=sample.ids_of(self.attendees),
            reflections=self.reflections,
            recorded_by=sample.by,
        )
