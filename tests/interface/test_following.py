"""The server's views follow the log in a process of their own, which lives and dies with it."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.interface.conftest import Server, ago, created


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Server]:
    """A server of this test's own, on an empty database."""
    running = Server(database=tmp_path / "events.sqlite").start()
    yield running
    running.stop()


def followers_of(server_pid: int) -> list[int]:
    """The server's child processes that are spawned interpreters (the views' follower)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == server_pid and fields[0] != "Z" and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def within(seconds: float, condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def record_and_wait_for_views(api: httpx.Client) -> None:
    created(
        api.post(
            "/networks",
            json={
                "name": "Peers",
                "focus": "Peer support",
                "goals": ["Fair pay"],
                "communities": ["Kenya"],
                "happened_at": ago(days=10),
            },
        )
    )
    assert within(15, lambda: not any(v["lag"] for v in api.get("/views").json()))


def test_the_views_follow_in_a_process_of_their_own_that_stops_with_the_server(
    own_server: Server,
) -> None:
    assert own_server.process is not None
    with own_server.client() as api:
        record_and_wait_for_views(api)
    (follower,) = followers_of(own_server.process.pid)
    assert own_server.database.with_name("events.views.sqlite").exists()

    own_server.stop()

    assert within(10, lambda: not running(follower))


def test_a_follower_that_dies_is_started_again(own_server: Server) -> None:
    assert own_server.process is not None
    (follower,) = followers_of(own_server.process.pid)
    os.kill(follower, signal.SIGKILL)

    assert within(10, lambda: [p for p in followers_of(own_server.process.pid) if p != follower])
    with own_server.client() as api:
        record_and_wait_for_views(api)


def test_a_follower_whose_server_was_killed_stops_by_itself(own_server: Server) -> None:
    assert own_server.process is not None
    (follower,) = followers_of(own_server.process.pid)
    own_server.process.kill()
    own_server.process.wait()

    assert within(10, lambda: not running(follower))
