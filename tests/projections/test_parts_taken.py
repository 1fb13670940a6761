"""What a person has taken part in, counted by part: the evidence a leader weighs for their
place on the leadership ladder, read from the records view's parts (`involved()`)."""

from __future__ import annotations

from pathlib import Path

from domain.application import Groundwork
from domain.kinds import every_kind, involved
from domain.values import Channel, GatheringKind
from interface.sample import SampleIds
from projections.follower import Follower, open_views
from projections.records import Records
from tests.domain.conftest import EARLIER, RECORDER, app_on, register_small_network


def test_each_part_a_person_took_is_counted_once_a_record_and_their_own_is_not(
    tmp_path: Path,
) -> None:
    app = app_on(tmp_path / "events.sqlite")
    net = register_small_network(app)
    for _ in range(2):
        app.hold_one_to_one(
            network_id=net.network_id,
            organiser_id=net.organiser_id,
            person_id=net.member_id,
            happened_at=EARLIER,
            channel=Channel.IN_PERSON,
            recorded_by=RECORDER,
        )
    app.hold_gathering(
        network_id=net.network_id,
        series_id=None,
        kind=GatheringKind.TRAINING,
        topic="Holding space",
        happened_at=EARLIER,
        facilitator_id=net.member_id,
        attendee_ids=[net.organiser_id, net.member_id],
        reflections="",
        recorded_by=RECORDER,
    )
    follower = Follower(app, open_views(app))
    try:
        follower.catch_up_all()
        records = follower.view_of(Records)[0]
        assert records.parts_taken(net.member_id) == {"attended": 1, "facilitated": 1, "met": 2}
        assert records.parts_taken(net.organiser_id) == {"attended": 1, "organiser": 2}
    finally:
        follower.close()
        app.close()


def test_every_part_a_recorded_event_names_is_declared_by_its_kind(
    app: Groundwork, sample: SampleIds
) -> None:
    """A part an event names but its kind does not declare would have no words on a page and
    no place in the API's list of parts: every event of the sample network, which records
    every kind, names only declared parts (or "self", a record about the person)."""
    kinds = {cls.__name__: kind for cls, kind in every_kind().items()}
    undeclared: set[tuple[str, str]] = set()
    named = 0
    for notification in app.recorder.select_notifications(start=None, limit=100_000):
        event = app.mapper.to_domain_event(notification)
        kind = kinds.get(type(event).__qualname__.split(".")[0])
        for _, part in involved(event):
            named += 1
            if part != "self" and (kind is None or part not in kind.parts):
                undeclared.add((type(event).__qualname__, part))

    assert named > 100
    assert undeclared == set()
