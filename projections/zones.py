"""Each network's time zone, kept by the views that count weeks: a week is the network's
own, from Monday 00:00 in its zone (`projections.view.monday`).

The views follow the log in order, so a network's zone is known (from its founding)
before any of its other events; a view told of a new zone re-counts what it keeps by
week (`zone_changed`).
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from domain.network import DEFAULT_TIME_ZONE, Network
from projections.dialect import Cursor
from projections.view import handles


@cache
def zone_info(name: str) -> ZoneInfo:
    """The zone of a name the domain has checked (`domain.rules.check_time_zone`)."""
    return ZoneInfo(name)


def zones_schema(table: str) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {table} ("
        " network_id TEXT PRIMARY KEY, time_zone TEXT NOT NULL) WITHOUT ROWID"
    )


class NetworkZones:
    """A view's table of each network's zone (a mixin of `View`s: name it in `tables` and
    its `zones_schema` in `schema`)."""

    #: The view's own table of zones.
    zones_table: ClassVar[str]
    #: Each network's zone, while a batch is applied (`zone`); None otherwise.
    _zones: dict[str, ZoneInfo] | None = None

    @handles(Network.Founded)
    def _network_founded(self, c: Cursor, position: int, e: Network.Founded) -> None:
        insert = f"INSERT INTO {self.zones_table} VALUES (?, ?)"  # noqa: S608 (ours)
        c.execute(insert, (e.originator_id.hex, e.time_zone))
        if self._zones is not None:
            self._zones.pop(e.originator_id.hex, None)

    @handles(Network.TimeZoneSet)
    def _time_zone_set(self, c: Cursor, position: int, e: Network.TimeZoneSet) -> None:
        c.execute(
            f"UPDATE {self.zones_table} SET time_zone = ? WHERE network_id = ?",  # noqa: S608
            (e.time_zone, e.originator_id.hex),
        )
        if self._zones is not None:
            self._zones.pop(e.originator_id.hex, None)
        self.zone_changed(c, e.originator_id.hex, zone_info(e.time_zone))

    def zone_changed(self, c: Cursor, network: str, zone: ZoneInfo) -> None:
        """Re-counts what the view keeps by week, in a network's new zone (nothing, for a
        view that counts its weeks when it is read)."""

    def zone_name(self, c: Cursor, network: str) -> str:
        """The network's zone, by name (UTC for one the view has not seen founded)."""
        select = f"SELECT time_zone FROM {self.zones_table} WHERE network_id = ?"  # noqa: S608
        c.execute(select, (network,))
        row: Any = c.fetchone()
        return DEFAULT_TIME_ZONE if row is None else str(row[0])

    def zone(self, c: Cursor, network: str) -> ZoneInfo:
        """The network's zone, kept for the batch being applied (a query for every weekly
        sum was a tenth of applying one)."""
        if self._zones is None:  # not applying a batch
            return zone_info(self.zone_name(c, network))
        found = self._zones.get(network)
        if found is None:
            found = self._zones[network] = zone_info(self.zone_name(c, network))
        return found

    def batch_begins(self) -> None:
        self._zones = {}

    def batch_ends(self) -> None:
        self._zones = None
