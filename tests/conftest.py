"""What every test shares: with GROUNDWORK_TEST_DATABASE_URL, PostgreSQL databases dropped
when the test that made them ends (see `tests.postgres`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import postgres


@pytest.fixture(autouse=True)
def _drop_test_databases(tmp_path: Path) -> Iterator[None]:
    """Drops the databases standing for stores in the test's own directory once it ends
    (after its other fixtures, which close their applications and servers); those of
    stores shared by a session (a server's) go when the session does."""
    yield
    if postgres.URL is not None:
        mine = tmp_path.resolve()
        postgres.drop([p for p in postgres.created if p.is_relative_to(mine)])


#: Fixtures that start a browser. (The `server` fixture, and `api` and `network` with it,
#: serve the app in the test process: `tests.interface.in_process`.)
PROCESS_FIXTURES = frozenset({"browser"})
#: What, in a test module's text, starts a process of the slow tier: a `groundwork serve`
#: process (`Server(`), a PostgreSQL cluster, a browser.
PROCESS_WORDS = ("Server(", "postgres_cluster", "sync_playwright")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks the slow tier: tests that start a server process, drive a browser or need a
    PostgreSQL server (`make check` runs the rest, in-process). With
    GROUNDWORK_TEST_DATABASE_URL, tests about SQLite's own files are skipped: their
    PostgreSQL counterparts are in the tests named `test_postgres*`."""
    starts: dict[str, bool] = {}
    for item in items:
        source = str(item.path)
        if source not in starts:
            text = item.path.read_text(encoding="utf-8")
            starts[source] = any(word in text for word in PROCESS_WORDS)
        fixtures = set(getattr(item, "fixturenames", ()))
        if starts[source] or fixtures & PROCESS_FIXTURES or "/tests/load/" in source:
            item.add_marker(pytest.mark.process)
    if postgres.URL is None:
        return
    skip = pytest.mark.skip(reason="about SQLite's files: runs on SQLite only")
    for item in items:
        if item.get_closest_marker("sqlite_only") is not None:
            item.add_marker(skip)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if postgres.URL is not None:
        postgres.drop(list(postgres.created))
