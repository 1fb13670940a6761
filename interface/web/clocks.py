"""The pages' "as it stood then" form: two date-time inputs, in the reader's zone, to the
minute: "as it was on record at" (`known_at`, also read from the older `as_of`) and "as things
stood on" (`on`). They become the API's clocks (`interface.api.clocks`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Query
from fastapi.exceptions import RequestValidationError

from interface.api.clocks import Clocks

#: A date-time input's value: 2026-07-01T18:30.
Minute = Annotated[str | None, Query(max_length=16)]


def page_clocks(known_at: str | None, on: str | None, zone: ZoneInfo) -> Clocks:
    """The clocks a page's form asked for, read in the reader's zone; a value that is not a
    date and time is refused (422) naming its field."""
    return Clocks(known_at=_minute("known_at", known_at, zone), on=_minute("on", on, zone))


def form_values(clocks: Clocks, zone: ZoneInfo) -> dict[str, str]:
    """The form's values again, in the reader's zone, to the minute."""
    return {
        name: value.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if value else ""
        for name, value in (("known_at", clocks.known_at), ("on", clocks.on))
    }


def _minute(name: str, text: str | None, zone: ZoneInfo) -> datetime | None:
    if not text:
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", name),
                    "msg": "expected a date and time, e.g. 2026-07-01T18:30",
                    "type": "value_error",
                }
            ]
        ) from None
    return found.replace(tzinfo=zone) if found.tzinfo is None else found
