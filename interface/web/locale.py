"""The reader's language and time zone: dates and numbers in their locale, times in their
zone (all times are stored in UTC).

The locale comes from the browser's Accept-Language; the time zone from the `tz` cookie the
app's script sets from the browser (`Intl`), or from a form's `tz` field, else UTC, and
every page says which zone its times are in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time, get_timezone_location
from babel.numbers import format_decimal, format_percent
from fastapi import Request

UTC_ZONE = ZoneInfo("UTC")
ENGLISH = Locale("en", "GB")


@dataclass(frozen=True)
class Reader:
    locale: Locale
    zone: ZoneInfo

    def when(self, moment: datetime) -> str:
        """A moment in the reader's zone and locale, e.g. "23 Nov 2026, 18:30"."""
        return format_datetime(moment, "medium", tzinfo=self.zone, locale=self.locale)

    def time(self, moment: datetime) -> str:
        return format_time(moment, "short", tzinfo=self.zone, locale=self.locale)

    def day(self, day: date | datetime) -> str:
        if isinstance(day, datetime):
            day = day.astimezone(self.zone).date()
        return format_date(day, "medium", locale=self.locale)

    def zone_in_words(self, name: str) -> str:
        """A time zone as a place, in the reader's language ("Germany (Berlin) Time" for
        Europe/Berlin); UTC as itself."""
        zone = _zone(name)
        if zone is None or name == "UTC":
            return name
        return str(get_timezone_location(zone, locale=self.locale))

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, value: float) -> str:
        return format_percent(value, locale=self.locale)

    @property
    def language(self) -> str:
        return self.locale.language


def _zone(name: str | None) -> ZoneInfo | None:
    if not name or len(name) > 64 or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _locale(accept_language: str) -> Locale:
    """The first locale the reader's browser asks for that Babel knows."""
    for part in accept_language.split(",")[:10]:
        tag = part.split(";")[0].strip().replace("-", "_")
        if not tag or tag == "*":
            continue
        try:
            return Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
    return ENGLISH


def reader_of(request: Request, zone: str | None = None) -> Reader:
    return Reader(
        locale=_locale(request.headers.get("accept-language", "")),
        zone=_zone(zone) or _zone(unquote(request.cookies.get("tz", ""))) or UTC_ZONE,
    )


@cache
def _zones() -> tuple[str, ...]:
    """The IANA time zones by their place names (not the legacy aliases), and UTC."""
    legacy = ("posix/", "right/", "Etc/", "SystemV/", "US/")
    return (
        "UTC",
        *sorted(z for z in available_timezones() if "/" in z and not z.startswith(legacy)),
    )


def zone_choices(chosen: str) -> list[dict[str, str]]:
    """The zones to choose from in a form, the one chosen among them even if it is not one
    of the place names (so a form drawn again keeps what was sent)."""
    zones = _zones() if chosen in _zones() or not chosen else (chosen, *_zones())
    return [{"id": z, "name": z.replace("_", " ")} for z in zones]
