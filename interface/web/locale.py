"""The reader's language and time zone: dates and numbers in their locale, times in their
zone (all times are stored in UTC).

The locale comes from the browser's Accept-Language; the time zone from the `tz` cookie the
app's script sets from the browser (`Intl`), or from a form's `tz` field, else UTC, and
every page says which zone its times are in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time
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
