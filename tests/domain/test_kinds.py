"""Each kind of record is declared once, on its aggregate, and found without a list: every
aggregate of the domain declares its kind, and no two kinds share a name, a key or a path."""

from __future__ import annotations

from collections import Counter

from eventsourcing.domain import Aggregate

from domain.kinds import Kind, every_kind, words_of
from domain.network import Network
from domain.store.idempotency import IdempotencyKey

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
