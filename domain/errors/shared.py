"""Rules every record's input keeps (`domain.rules`): text says something, counts are not
negative, moments carry their offset, lie in plausible years and have already happened, and
time zones are known ones."""

from __future__ import annotations

from datetime import datetime

from domain.errors import RuleBroken


class EmptyText(RuleBroken):
    """Text a record needs (a name, a reason, an outcome) was empty or only spaces."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field} must not be empty.", field)


class EmptyEntry(RuleBroken):
    """A list of short words (interests, themes, skills, options) had an empty entry."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field} must not contain empty entries.", field)


class BelowZero(RuleBroken):
    """A count (a turnout, a pledge) was below zero."""

    def __init__(self, field: str, value: int) -> None:
        super().__init__(f"{field} cannot be below zero (got {value}).", field)
        self.value = value


class DurationNotAboveZero(RuleBroken):
    """A duration in minutes (of a one-to-one, of a gathering) was zero or less."""

    def __init__(self, minutes: int, field: str = "duration_minutes") -> None:
        super().__init__(f"{field} must be above zero.", field)
        self.minutes = minutes


class YearOutOfRange(RuleBroken):
    """A moment or a day fell outside the plausible years (a typing slip)."""

    def __init__(self, field: str, year: int, years: range) -> None:
        super().__init__(
            f"{field} must lie between the years {years.start} and {years.stop - 1}.", field
        )
        self.year = year


class NoTimeZoneOffset(RuleBroken):
    """A moment was given without its time zone offset."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field} must include a time zone offset.", field)


class UnknownTimeZone(RuleBroken):
    """A time zone was named that is not a known IANA time zone (a gathering series' or a
    network's; 'Berlin' rather than 'Europe/Berlin', say)."""

    def __init__(self, name: str, field: str = "time_zone") -> None:
        super().__init__(f"{name!r} is not a known IANA time zone (e.g. 'Europe/Lisbon').", field)
        self.name = name


class NotYetHappened(RuleBroken):
    """Something recorded as held or done lay in the future (beyond a little clock skew)."""

    def __init__(self, field: str, happened_at: datetime) -> None:
        super().__init__(
            f"{field} lies in the future ({happened_at.isoformat()}); "
            "record things once they have happened.",
            field,
        )
        self.happened_at = happened_at
