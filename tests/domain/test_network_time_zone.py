"""A network's time zone, in which its weeks are counted: set at founding, changed later,
and UTC for networks founded before networks had one."""

from __future__ import annotations

import pytest

from domain.application import Groundwork
from domain.errors.shared import NotYetHappened, UnknownTimeZone
from domain.network import Network
from tests.domain.conftest import (
    EARLIER,
    LATER,
    NOW,
    RECORDER,
    SmallNetwork,
    read_as_version_1,
    settled,
)
from tests.domain.test_network import found

# ---------------------------------------------------------------- time zone


def test_a_network_founded_without_a_zone_counts_its_weeks_in_utc() -> None:
    (founded,) = found().collect_events()

    assert isinstance(founded, Network.Founded)
    assert founded.time_zone == "UTC"


def test_a_network_is_founded_in_its_own_time_zone() -> None:
    network = found(time_zone="Africa/Nairobi")

    (founded,) = network.collect_events()
    assert isinstance(founded, Network.Founded)
    assert founded.time_zone == "Africa/Nairobi"
    assert network.time_zone == "Africa/Nairobi"


@pytest.mark.parametrize("zone", ["Berlin", "Mars/Olympus", "America", "../etc/passwd", ""])
def test_a_network_cannot_be_founded_in_an_unknown_zone(zone: str) -> None:
    with pytest.raises(UnknownTimeZone) as raised:
        found(time_zone=zone)
    assert raised.value.field == "time_zone"


def test_a_networks_time_zone_is_set_with_who_and_when() -> None:
    network = settled(found())

    network.set_time_zone(
        time_zone="Europe/Berlin", happened_at=EARLIER, now=NOW, recorded_by=RECORDER
    )

    (zone_set,) = network.collect_events()
    assert isinstance(zone_set, Network.TimeZoneSet)
    assert (zone_set.time_zone, zone_set.happened_at) == ("Europe/Berlin", EARLIER)
    assert zone_set.recorded_by == RECORDER
    assert network.time_zone == "Europe/Berlin"


def test_setting_the_zone_a_network_already_has_records_nothing() -> None:
    network = settled(found(time_zone="Europe/Berlin"))

    network.set_time_zone(time_zone="Europe/Berlin", happened_at=NOW, now=NOW, recorded_by=RECORDER)

    assert network.collect_events() == []
    assert network.time_zone == "Europe/Berlin"


def test_an_unknown_zone_is_refused_and_the_zone_is_kept() -> None:
    network = settled(found(time_zone="Europe/Berlin"))

    with pytest.raises(UnknownTimeZone) as raised:
        network.set_time_zone(time_zone="CET+1", happened_at=NOW, now=NOW, recorded_by=RECORDER)

    assert raised.value.field == "time_zone"
    assert network.collect_events() == []
    assert network.time_zone == "Europe/Berlin"


def test_a_zone_cannot_be_set_in_the_future() -> None:
    network = settled(found())

    with pytest.raises(NotYetHappened):
        network.set_time_zone(
            time_zone="Europe/Berlin", happened_at=LATER, now=NOW, recorded_by=RECORDER
        )

    assert network.collect_events() == []


# ---------------------------------------------------------------- the application


def test_a_zone_set_without_a_moment_happened_now(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    app.set_time_zone(small_network.network_id, time_zone="Europe/Lisbon", recorded_by=RECORDER)

    network = app.get(Network, small_network.network_id)
    assert network.time_zone == "Europe/Lisbon"
    zone_set = list(app.events.get(small_network.network_id))[-1]
    assert isinstance(zone_set, Network.TimeZoneSet)
    assert zone_set.happened_at == NOW


def test_setting_the_same_zone_again_writes_nothing(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    app.set_time_zone(small_network.network_id, time_zone="Europe/Lisbon", recorded_by=RECORDER)
    before = app.recorder.max_notification_id()

    again = app.set_time_zone(
        small_network.network_id, time_zone="Europe/Lisbon", recorded_by=RECORDER
    )

    assert app.recorder.max_notification_id() == before
    assert again.version == app.get(Network, small_network.network_id).version


def test_a_network_founded_before_networks_had_a_zone_reads_back_in_utc(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    founded = next(iter(app.events.get(small_network.network_id)))

    read = read_as_version_1(app, founded, "time_zone")

    assert isinstance(read, Network.Founded)
    assert read.time_zone == "UTC"
    assert read.name == "Peer Support Portugal"
