"""Gatherings: a recurring meeting of a group (a gathering series, such as the
monthly community of practice on the 4th Wednesday) and each gathering held,
trainings and skill-shares among them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from uuid import UUID
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from eventsourcing.domain import Aggregate, event

from domain.errors.gatherings import (
    RecurrenceEndsOutsideYears,
    RecurrenceFrequencyUnknown,
    RecurrenceMalformed,
    RecurrenceNeverOccurs,
    RecurrenceNotAlone,
    RecurrenceOutOfBounds,
    RecurrencePartsRefused,
)
from domain.errors.shared import DurationNotAboveZero
from domain.kinds import Involvement, Kind
from domain.rules import (
    YEARS,
    check_time_zone,
    happened,
    plausible_day,
    require_text,
    upcast_happened_at,
)
from domain.values import GatheringKind

_WEEK_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "WKST"}
_MONTH_PARTS = _WEEK_PARTS | {"BYMONTH", "BYMONTHDAY", "BYSETPOS"}
_ALLOWED_PARTS = {
    "DAILY": _WEEK_PARTS,
    "WEEKLY": _WEEK_PARTS,
    "MONTHLY": _MONTH_PARTS,
    "YEARLY": _MONTH_PARTS | {"BYWEEKNO", "BYYEARDAY"},
}
#: Bounds that keep expanding a rule quick: a rule with INTERVAL=0 never advances.
_LIMITS = {"INTERVAL": 1_000, "COUNT": 10_000}


def check_rrule(rule: str, starts: datetime, field: str = "rrule") -> str:
    """An RFC 5545 recurrence rule such as 'FREQ=MONTHLY;BYDAY=+4WE', checked against the
    series' first start in its own time zone (so an UNTIL must be given in UTC, 'Z').

    Only what a gathering needs is accepted, so that expanding the rule stays quick: a daily
    to yearly rhythm, no time-of-day parts (that is local_time), an INTERVAL of 1 to 1,000
    and a COUNT of 1 to 10,000.
    """
    rule = rule.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    if "DTSTART" in rule.upper() or any(ch.isspace() for ch in rule):
        raise RecurrenceNotAlone(field)
    parts = dict(part.partition("=")[::2] for part in rule.upper().split(";"))
    frequency = parts.get("FREQ", "")
    if frequency not in _ALLOWED_PARTS:
        raise RecurrenceFrequencyUnknown(frequency, field)
    extra = sorted(parts.keys() - _ALLOWED_PARTS[frequency])
    if extra:
        # Day-level filters on a daily or weekly rule that never match would be expanded
        # day by day up to the year 9999.
        raise RecurrencePartsRefused(frequency, extra, field)
    for part, limit in _LIMITS.items():
        value = parts.get(part)
        if value is not None and not (value.isdigit() and 1 <= int(value) <= limit):
            raise RecurrenceOutOfBounds(part, limit, field)
    until = parts.get("UNTIL")
    if until is not None and not (until[:4].isdigit() and int(until[:4]) in YEARS):
        raise RecurrenceEndsOutsideYears(YEARS, field)
    try:
        first = rrulestr(rule, dtstart=starts, forceset=False).after(starts, inc=True)
    except Exception as error:
        raise RecurrenceMalformed(str(error), field) from None
    if first is None:
        raise RecurrenceNeverOccurs(field)
    return rule


class GatheringSeries(Aggregate):
    KIND = Kind("gathering series", "/gathering-series")

    class Established(Aggregate.Created):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("name",)

        network_id: UUID
        name: str
        kind: str
        rrule: str
        starts_on: date
        local_time: time
        duration_minutes: int
        time_zone: str
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    @classmethod
    def establish(
        cls,
        *,
        network_id: UUID,
        name: str,
        kind: GatheringKind,
        rrule: str,
        starts_on: date,
        local_time: time,
        duration_minutes: int,
        time_zone: str,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> GatheringSeries:
        if duration_minutes < 1:
            raise DurationNotAboveZero(duration_minutes)
        zone = ZoneInfo(check_time_zone(time_zone))
        local_time = local_time.replace(tzinfo=None)
        first = datetime.combine(plausible_day(starts_on, "starts_on"), local_time, tzinfo=zone)
        return cls(
            network_id=network_id,
            name=require_text(name, "name"),
            kind=kind.value,
            rrule=check_rrule(rrule, first),
            starts_on=starts_on,
            local_time=local_time,
            duration_minutes=duration_minutes,
            time_zone=time_zone,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Established)
    def __init__(
        self,
        network_id: UUID,
        name: str,
        kind: str,
        rrule: str,
        starts_on: date,
        local_time: time,
        duration_minutes: int,
        time_zone: str,
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.network_id = network_id
        self.name = name
        self.kind = GatheringKind(kind)
        self.rrule = rrule
        self.starts_on = starts_on
        self.local_time = local_time
        self.duration_minutes = duration_minutes
        self.time_zone = time_zone

    def latest_start(self, now: datetime) -> datetime | None:
        """When the series last met (or was due to) at or before `now`, in its own zone;
        None before its first gathering."""
        zone = ZoneInfo(self.time_zone)
        first = datetime.combine(self.starts_on, self.local_time)
        local_now = now.astimezone(zone).replace(tzinfo=None)
        found = rrulestr(self.rrule, dtstart=first, forceset=False).before(local_now, inc=True)
        return None if found is None else found.replace(tzinfo=zone)

    @property
    def first_start(self) -> datetime:
        """When its first gathering starts, in its own time zone: the rule's first
        occurrence on or after `starts_on`, at `local_time` (`starts_on` need not be on the
        rule: a series of 4th Wednesdays may be said to start on the 1st of a month)."""
        start = datetime.combine(self.starts_on, self.local_time, tzinfo=ZoneInfo(self.time_zone))
        first = rrulestr(self.rrule, dtstart=start, forceset=False).after(start, inc=True)
        return first or start  # never None: the rule was checked to occur when established


class Gathering(Aggregate):
    KIND = Kind(
        "gathering", "/gatherings", parts={"facilitated": "Facilitated", "attended": "Attended"}
    )

    class Held(Aggregate.Created):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("topic", "reflections")

        network_id: UUID
        series_id: UUID | None
        kind: str
        topic: str
        happened_at: datetime
        facilitator_id: UUID | None
        attendee_ids: list[UUID]
        reflections: str
        recorded_by: UUID

        def involved(self) -> Iterator[Involvement]:
            if self.facilitator_id is not None:
                yield self.facilitator_id, "facilitated"
            for attendee in self.attendee_ids:
                yield attendee, "attended"

    @classmethod
    def hold(
        cls,
        *,
        network_id: UUID,
        series_id: UUID | None,
        kind: GatheringKind,
        topic: str,
        happened_at: datetime | None,
        facilitator_id: UUID | None,
        attendee_ids: list[UUID],
        reflections: str,
        now: datetime,
        recorded_by: UUID,
    ) -> Gathering:
        return cls(
            network_id=network_id,
            series_id=series_id,
            kind=kind.value,
            topic=require_text(topic, "topic"),
            happened_at=happened(happened_at, now),
            facilitator_id=facilitator_id,
            attendee_ids=list(dict.fromkeys(attendee_ids)),
            reflections=reflections.strip(),
            recorded_by=recorded_by,
        )

    @event(Held)
    def __init__(
        self,
        network_id: UUID,
        series_id: UUID | None,
        kind: str,
        topic: str,
        happened_at: datetime,
        facilitator_id: UUID | None,
        attendee_ids: list[UUID],
        reflections: str,
        recorded_by: UUID,
    ) -> None:
        self.network_id = network_id
        self.series_id = series_id
        self.kind = GatheringKind(kind)
        self.topic = topic
        self.happened_at = happened_at
        self.facilitator_id = facilitator_id
        self.attendee_ids = list(attendee_ids)
        self.reflections = reflections
