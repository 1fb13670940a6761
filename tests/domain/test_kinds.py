"""Each kind of record is declared once, on its aggregate, and found without a list: every
aggregate of the domain declares its kind, and no two kinds share a name, a key or a path."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from eventsourcing.domain import Aggregate
from eventsourcing.utils import resolve_topic

from domain.application import Groundwork
from domain.kinds import Kind, every_kind, every_part, involved, words_of
from domain.network import Network
from domain.store.idempotency import IdempotencyKey
from interface.sample import record_sample_network
from tests.postgres import store_env

#: Aggregates that are not records anyone reads: a request's key, kept for retries.
NOT_RECORDS = {IdempotencyKey}


def _subclasses(cls: type[Aggregate]) -> set[type[Aggregate]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_aggregate_of_the_domain_declares_its_kind() -> None:
    kinds = every_kind()  # imports every module of the domain
    ours = {c for c in _subclasses(Aggregate) if c.__module__.startswith("domain.")}
    assert ours - NOT_RECORDS - set(kinds) == set()
    assert len(kinds) >= 14


def test_no_two_kinds_share_words_a_key_or_a_path() -> None:
    kinds = list(every_kind().values())
    for part in ("words", "key", "path"):
        counts = Counter(getattr(k, part) for k in kinds if getattr(k, part) is not None)
        assert [v for v, n in counts.items() if n > 1] == [], part


def test_a_kind_is_named_in_words_and_keyed_by_its_path() -> None:
    assert words_of(Network) == "network"
    assert words_of(IdempotencyKey) == "record"  # declares no kind
    assert Kind("power-holder meeting", "/power-holder-meetings").key == "power_holder_meetings"
    assert Kind("access record", None).key == "access_record"


def test_every_part_an_event_names_is_declared_by_its_kind_and_each_is_named(
    tmp_path: Path,
) -> None:
    """Who took part in what is said by the events (`involved()`), in the words their kind
    declares: recorded here over the sample network, which holds every kind of record."""
    app = Groundwork(env=store_env(tmp_path / "events.sqlite"))
    try:
        record_sample_network(app)
        named: dict[type[Aggregate], set[str]] = {}
        for notification in app.recorder.select_notifications(start=None, limit=10_000):
            event = app.mapper.to_domain_event(notification)
            aggregate = resolve_topic(notification.topic.rsplit(".", 1)[0])
            parts = {part for _, part in involved(event)}
            assert parts <= set(every_kind()[aggregate].parts), type(event).__qualname__
            named.setdefault(aggregate, set()).update(parts)
    finally:
        app.close()
    for aggregate, kind in every_kind().items():
        assert set(kind.parts) == named.get(aggregate, set()), aggregate.__name__
    assert "met" in every_part() and "self" in every_part()
