"""What the sample network records is pinned: every event's kind, the record it belongs to,
and every field it carries, at a fixed `today`, against a fingerprint checked in beside this
file (taken from the sample as it was one long function, before it became data).

Ids are generated, so each is written as the place of its first appearance (`#1`, `#2`, ...);
the time an event was recorded is the clock's, so it is left out. A change to the sample that
is meant rewrites the fingerprint: `.venv/bin/python -m tests.interface.test_sample_network`.

The story is found a chapter to a module, so a new kind of record brings its sample in a module
of its own: the last tests say such a module is told in the place it declares.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.application import Groundwork
from interface.sample import SampleIds, record_sample_network
from interface.sample.recording import chapters_in
from tests.postgres import store_env

#: A `today` with a time of day: some of the sample is relative to the moment, not the day.
TODAY = datetime(2026, 3, 15, 10, 30, tzinfo=UTC)
FINGERPRINT = Path(__file__).with_name("sample_network.jsonl")
#: Set by the clock when the event is recorded, not by the sample.
UNSTATED = {"timestamp", "originator_id", "originator_version"}


class Ids:
    """Generated ids, named by the place of their first appearance."""

    def __init__(self) -> None:
        self.places: dict[UUID, str] = {}

    def __call__(self, id: UUID) -> str:
        return self.places.setdefault(id, f"#{len(self.places) + 1}")


def plain(value: Any, ids: Ids) -> Any:
    """The value as JSON, with ids by place."""
    if isinstance(value, UUID):
        return ids(value)
    if isinstance(value, Enum):
        return plain(value.value, ids)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), ids) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [plain(each, ids) for each in value]
    if isinstance(value, dict):
        return {str(plain(k, ids)): plain(v, ids) for k, v in value.items()}
    return value


def fingerprint(app: Groundwork, sample: SampleIds) -> list[dict[str, Any]]:
    """Each event in the order recorded, then where the sample says to start exploring."""
    ids = Ids()
    lines: list[dict[str, Any]] = []
    for notification in app.recorder.select_notifications(start=None, limit=10_000):
        event = app.mapper.to_domain_event(notification)
        state = vars(event)
        lines.append(
            {
                "event": type(event).__qualname__,
                "record": ids(event.originator_id),
                "version": event.originator_version,
                "fields": {k: plain(v, ids) for k, v in sorted(state.items()) if k not in UNSTATED},
            }
        )
    lines.append({"sample": plain(sample, ids)})
    return lines


def recorded(database: Path) -> list[dict[str, Any]]:
    app = Groundwork(env=store_env(database))
    try:
        return fingerprint(app, record_sample_network(app, today=TODAY))
    finally:
        app.close()


def test_the_sample_network_records_what_its_fingerprint_says(tmp_path: Path) -> None:
    expected = [json.loads(line) for line in FINGERPRINT.read_text().splitlines()]
    actual = recorded(tmp_path / "events.sqlite")

    assert len(actual) == len(expected)
    for number, (got, want) in enumerate(zip(actual, expected, strict=True), start=1):
        assert got == want, f"event {number} differs"


def story_of(folder: Path, monkeypatch: pytest.MonkeyPatch, **orders: int) -> list[str]:
    """The titles of the chapters found in a package of one module per chapter."""
    name = f"story_{uuid4().hex}"  # a package imported once: each test has its own
    package = folder / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    for title, order in orders.items():
        (package / f"{title}.py").write_text(
            "from interface.sample.recording import Chapter\n"
            f"CHAPTER = Chapter(order={order}, title={title!r}, records=())\n"
        )
    monkeypatch.syspath_prepend(str(folder))
    return [chapter.title for chapter in chapters_in(importlib.import_module(name))]


def test_a_chapter_is_added_by_a_module_of_its_own_and_told_in_its_declared_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    titles = story_of(tmp_path, monkeypatch, founding=10, skill_shares=25, listening=30)

    assert titles == ["founding", "skill_shares", "listening"]


def test_two_chapters_cannot_share_a_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="share the order 10"):
        story_of(tmp_path, monkeypatch, founding=10, skill_shares=10)


if __name__ == "__main__":  # rewrite the fingerprint after a change to the sample meant
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        lines = recorded(Path(folder) / "events.sqlite")
    FINGERPRINT.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    print(f"{len(lines)} lines written to {FINGERPRINT}")
