"""The load tests' deployment: see `tests.load.deployment`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.load.deployment import Deployment


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    running = Deployment(database=tmp_path / "events.sqlite").start()
    try:
        yield running
    finally:
        running.stop()
