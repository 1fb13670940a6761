"""Reading a view "as it stood then", on either clock or both.

- `known_at`: what was on record at that moment. The moment is turned into the last log
  position committed by then (`domain.store.commit_times`), and the view is cut by position:
  an event timestamped before the moment but committed after it is not counted.
- `on`: how things stood at that moment (or at the end of that day, UTC) on the happened
  clock, with everything known now.
- Both: what was believed at `known_at` about `on`.
- `as_of`: the name these reads used first, for the recording clock; it means `known_at`,
  so that no client silently gets another answer. Given both, `known_at` is read (every
  answer says the moments it was read as of): a query that the API's schema allows is
  answered, not refused.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, BeforeValidator, Field, PrivateAttr

from domain.application import Groundwork
from domain.store.commit_times import moment
from interface.api.common import Moment
from projections.view import NOW, Cut

KnownAt = Annotated[
    Moment | None,
    Query(
        description="As it was on record at this moment: what was known then, cut by the "
        "log's order (an event committed after the moment is left out, whatever its time).",
        examples=["2026-07-01T12:00:00+02:00"],
    ),
]


def _whole_day(value: object) -> object:
    """A day alone (2026-06-01) stands for its last moment, UTC."""
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return datetime.combine(date.fromisoformat(value.strip()), time.max, UTC)
        except ValueError:
            return value
    return value


On = Annotated[
    Annotated[Moment, BeforeValidator(_whole_day)] | None,
    Query(
        description="As things stood at this moment (a day: at its end, UTC) by when they "
        "happened, with everything known now. With `known_at`: what was believed then about "
        "this moment.",
        examples=["2026-06-01"],
    ),
]
AsOf = Annotated[
    Moment | None,
    Query(
        description="The same as `known_at` (its first name, kept for older clients); when "
        "both are given, `known_at` is the one read (the answer's `known_at` says which)."
    ),
]


class Clocks(BaseModel):
    """The moments an answer was read as of, on each clock (null: now)."""

    known_at: datetime | None = Field(
        default=None, description="What was on record at this moment (alias: `as_of`)."
    )
    on: datetime | None = Field(
        default=None, description="How things stood at this moment, by when they happened."
    )

    #: The name the recording clock was asked by (`known_at`, or `as_of`), for errors.
    _known_as: str = PrivateAttr(default="known_at")

    @property
    def now(self) -> bool:
        return self.known_at is None and self.on is None

    @property
    def known_field(self) -> str:
        """Where the recording clock's moment was given: 'query.known_at' or 'query.as_of'."""
        return f"query.{self._known_as}"


def clocks(known_at: KnownAt = None, on: On = None, as_of: AsOf = None) -> Clocks:
    """The query's clocks (a dependency of the routes that read as of a moment)."""
    found = Clocks(known_at=known_at or as_of, on=on)
    if known_at is None and as_of is not None:
        found._known_as = "as_of"
    return found


ClocksDep = Annotated[Clocks, Depends(clocks)]


def cut_of(app: Groundwork, when: Clocks | None) -> Cut:
    """The views' cut for the clocks: `known_at` as the last position committed by then."""
    if when is None or when.now:
        return NOW
    known_through = None
    if when.known_at is not None:
        known_through = last_committed_by(app, when.known_at)
    return Cut(known_through=known_through, on=when.on, known_at=when.known_at)


def last_committed_by(app: Groundwork, when: datetime) -> int:
    """The last position of the application's log committed by a moment (0: none)."""
    recorder: Any = app.recorder  # the chained SQLite or PostgreSQL store's
    return int(recorder.last_committed_by(moment(when)))
