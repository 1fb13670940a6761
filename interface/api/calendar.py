"""iCalendar feeds of the network's rhythm: its gathering series and the actions it plans.

A calendar app subscribes to a feed's URL and shows each series where its members live: a
series is one recurring event in its own time zone (DTSTART with a TZID, the RRULE, and a
VTIMEZONE for the zone), so the community of practice at 18:00 in Lisbon shows at 13:00 in
Toronto in winter and 14:00 in March, when Toronto has changed its clocks and Lisbon not
yet. Each action is one event at its moment, in UTC; cancelled ones stay in the feed,
marked cancelled, so that calendars that had them take them off.

What a feed holds, and what it leaves out:

- the network's feed: its gathering series and the actions of all its campaigns; a
  campaign's feed: that campaign's actions only (a series belongs to the network, not to a
  campaign);
- actions planned, and those of the past year, each at the time it was held when it was
  (else as scheduled): older ones are in the campaign's timeline, and a feed that grew
  with all of history would be re-read in full by every calendar on every refresh;
- not the gatherings held: they are recorded after they happen (their topic, who came,
  the group's reflections), and the series already shows when the group meets;
- no one's name, ever: feeds are subscribed to by calendar apps and shared, so an event
  says what happens (a series' name, an action's title and kind) and never who facilitates,
  attends or is targeted, nor an action's ask (which may name a power-holder).

The series and actions are found through the rhythm view (`projections.rhythm`), not by a
pass over the log: every subscribed calendar fetches its feed every hour or so, and at
1,000,000 events such a pass took 3 s, the view's lookup 10 ms. They are then read from
their records as they stand.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Request, Response
from icalendar import STATUS, Calendar, Event, vDuration, vRecur

from domain.action import Action
from domain.campaign import Campaign
from domain.gathering import GatheringSeries
from domain.network import Network
from interface.api.access import LEAD, ORG, may
from interface.api.common import AppDep
from interface.api.errors import READ
from interface.api.reading import read_view
from interface.api.routing import WorkerThreadRoute
from projections.rhythm import Rhythm

networks = APIRouter(prefix="/networks", tags=["calendar"], route_class=WorkerThreadRoute)
campaigns = APIRouter(prefix="/campaigns", tags=["calendar"], route_class=WorkerThreadRoute)

MEDIA_TYPE = "text/calendar; charset=utf-8"
#: The OpenAPI declaration of a feed: iCalendar text, not JSON.
FEED: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/calendar": {"schema": {"type": "string"}}},
        "description": "An iCalendar (RFC 5545) feed.",
    }
}
#: How often calendar apps are asked to fetch a feed again.
REFRESH = timedelta(hours=1)
#: How far back a feed reaches for actions.
HISTORY = timedelta(days=366)
PRODID = "-//Groundwork//Calendar feed//EN"
#: The earliest day a feed gives time zones from (the years a command takes start there).
EARLIEST = date(1900, 1, 2)

log = logging.getLogger(__name__)
Record = TypeVar("Record", GatheringSeries, Action)


def _uid(kind: str, id: UUID) -> str:
    """An event's UID: stable for as long as the record is on record."""
    return f"{kind}-{id}@groundwork"


def series_event(series: GatheringSeries) -> Event:
    """A gathering series: one recurring event, in its own time zone."""
    event = Event.new(
        uid=_uid("gathering-series", series.id),
        summary=series.name,
        start=series.first_start,
        stamp=series.modified_on.astimezone(UTC),
        categories=[series.kind.value.replace("_", " ")],
        status=STATUS.CONFIRMED,
    )
    event.add("rrule", vRecur.from_ical(series.rrule))
    event.add("duration", timedelta(minutes=series.duration_minutes))
    return event


def _when(action: Action) -> datetime:
    return action.held_at or action.scheduled_for


def action_event(action: Action) -> Event:
    """An action: one event, at the time it was held, else as scheduled; cancelled or not.
    SEQUENCE rises with each fact recorded about it, so a calendar app takes the newest."""
    return Event.new(
        uid=_uid("action", action.id),
        summary=f"{action.title} ({action.kind.value.replace('_', ' ')})",
        start=_when(action).astimezone(UTC),
        stamp=action.modified_on.astimezone(UTC),
        categories=[action.kind.value.replace("_", " ")],
        status=STATUS.CANCELLED if action.is_cancelled else STATUS.CONFIRMED,
        sequence=action.version - 1,
    )


def feed(
    uid: str,
    name: str,
    series: Iterable[GatheringSeries],
    actions: Iterable[Action],
    now: datetime,
) -> bytes:
    """The calendar (`uid` names it, so apps know it for the same one on every fetch): the
    series, the actions, and a VTIMEZONE for every zone the
    series use, from their first gathering to ten years past `now` (a calendar app reading
    a series beyond that goes by its own knowledge of the zone, by its TZID, as most do
    anyway)."""
    calendar = Calendar.new(prodid=PRODID, uid=uid, name=name, refresh_interval=REFRESH)
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-published-ttl", vDuration(REFRESH))  # as older apps know it
    first_days = []
    for record in series:
        if event := _event_of(series_event, record):
            calendar.add_component(event)
            first_days.append(record.first_start.date())
    for action in actions:
        if event := _event_of(action_event, action):
            calendar.add_component(event)
    if first_days:
        calendar.add_missing_timezones(
            first_date=max(min(first_days), EARLIEST) - timedelta(days=1),
            last_date=date(now.year + 10, 12, 31),
        )
    text: bytes = calendar.to_ical()
    return text


def _event_of(make: Callable[[Record], Event], record: Record) -> Event | None:
    """A record's event, or None for one that cannot be written (recorded by an older
    version, with a time zone since retired, say): the feed leaves it out, with a line in
    the log naming its id, rather than fail for every calendar subscribed to it."""
    try:
        event = make(record)
        event.to_ical()
    except Exception as error:  # any one record; the feed goes on
        log.warning(
            "Calendar feed: %s %s left out (%s)",
            type(record).__name__,
            record.id,
            type(error).__name__,
        )
        return None
    return event


def _feed_response(body: bytes) -> Response:
    return Response(content=body, media_type=MEDIA_TYPE)


@networks.get("/{id}/calendar.ics", response_class=Response, responses=FEED | READ)
@may(ORG, LEAD)
def network_calendar(id: UUID, app: AppDep, request: Request) -> Response:
    """The network's rhythm as an iCalendar feed, for calendar apps to subscribe to: each
    gathering series as a recurring event in its own time zone, and the actions its
    campaigns planned, from a year ago on (cancelled ones marked cancelled). Names no one."""
    network = app.get(Network, id)
    rhythm, _ = read_view(request, Rhythm)
    now = app.clock()
    return _feed_response(
        feed(
            _uid("network", id),
            network.name,
            (app.read(GatheringSeries, i) for i in rhythm.series(id)),
            (app.read(Action, i) for i in rhythm.network_actions(id, now - HISTORY)),
            now,
        )
    )


@campaigns.get("/{id}/calendar.ics", response_class=Response, responses=FEED | READ)
@may(ORG, LEAD)
def campaign_calendar(id: UUID, app: AppDep, request: Request) -> Response:
    """A campaign's actions as an iCalendar feed, for calendar apps to subscribe to: those
    planned, and those of the past year (cancelled ones marked cancelled). Names no one."""
    campaign = app.get(Campaign, id)
    rhythm, _ = read_view(request, Rhythm)
    now = app.clock()
    return _feed_response(
        feed(
            _uid("campaign", id),
            campaign.name,
            (),
            (app.read(Action, i) for i in rhythm.campaign_actions(id, now - HISTORY)),
            now,
        )
    )
