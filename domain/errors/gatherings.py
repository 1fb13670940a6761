"""Rules of a gathering series: the recurrence rule it follows, which must be one a gathering
can follow and quick to expand (its time zone is checked as every zone is, `shared`)."""

from __future__ import annotations

from domain.errors import RuleBroken


class RecurrenceRefused(RuleBroken):
    """A gathering series' recurrence rule is not one it can follow: each way is a subclass."""


class RecurrenceNotAlone(RecurrenceRefused):
    """A recurrence rule came with its start or other text, not as one RRULE alone."""

    def __init__(self, field: str = "rrule") -> None:
        super().__init__("Give one RRULE alone, without spaces; the start is its own field.", field)


class RecurrenceFrequencyUnknown(RecurrenceRefused):
    """A recurrence rule's frequency was not daily, weekly, monthly or yearly."""

    def __init__(self, frequency: str, field: str = "rrule") -> None:
        super().__init__("A gathering recurs DAILY, WEEKLY, MONTHLY or YEARLY (FREQ=...).", field)
        self.frequency = frequency


class RecurrencePartsRefused(RecurrenceRefused):
    """A recurrence rule used parts its frequency does not take (slow to expand, or hourly)."""

    def __init__(self, frequency: str, parts: list[str], field: str = "rrule") -> None:
        super().__init__(f"A {frequency} gathering's rule cannot use {', '.join(parts)}.", field)
        self.frequency = frequency
        self.parts = parts


class RecurrenceOutOfBounds(RecurrenceRefused):
    """A recurrence rule's INTERVAL or COUNT was not a whole number within its bounds."""

    def __init__(self, part: str, limit: int, field: str = "rrule") -> None:
        super().__init__(f"{part} is a whole number from 1 to {limit:,}.", field)
        self.part = part
        self.limit = limit


class RecurrenceEndsOutsideYears(RecurrenceRefused):
    """A recurrence rule's UNTIL fell outside the plausible years."""

    def __init__(self, years: range, field: str = "rrule") -> None:
        super().__init__(
            f"UNTIL must lie between the years {years.start} and {years.stop - 1}.", field
        )


class RecurrenceMalformed(RecurrenceRefused):
    """A recurrence rule could not be read as RFC 5545 says."""

    def __init__(self, reason: str, field: str = "rrule") -> None:
        super().__init__(f"The recurrence rule is not valid: {reason}.", field)
        self.reason = reason


class RecurrenceNeverOccurs(RecurrenceRefused):
    """A recurrence rule never occurs on or after the series' start."""

    def __init__(self, field: str = "rrule") -> None:
        super().__init__("The recurrence rule never occurs on or after its start.", field)
