"""The server's views follow the log in a process of their own, which lives and dies with it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests import postgres
from tests.interface.conftest import GROUNDWORK, Server, ago, created
from tests.postgres import process_env


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


def record_a_network(api: httpx.Client) -> None:
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


def record_and_wait_for_views(api: httpx.Client) -> None:
    record_a_network(api)
    assert within(15, lambda: not any(v["lag"] for v in api.get("/views").json()))


def test_the_views_follow_in_a_process_of_their_own_that_stops_with_the_server(
    own_server: Server,
) -> None:
    assert own_server.process is not None
    with own_server.client() as api:
        record_and_wait_for_views(api)
    (follower,) = followers_of(own_server.process.pid)
    if postgres.URL is None:  # on PostgreSQL, in the store's database
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


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def test_several_workers_share_one_follower_and_all_see_the_views(tmp_path: Path) -> None:
    server = Server(database=tmp_path / "events.sqlite", env={"GROUNDWORK_WORKERS": "2"})
    server.start()
    try:
        assert server.process is not None
        # Two workers and one follower, all spawned by the serving command; no worker
        # starts a follower of its own.
        assert within(15, lambda: len(followers_of(server.process.pid)) == 3)
        assert all(followers_of(child) == [] for child in followers_of(server.process.pid))
        with server.client() as api:
            for _ in range(6):  # new connections: the workers share them out
                with server.client() as fresh:
                    record_and_wait_for_views(fresh)
            networks = api.get("/networks").json()
        assert len(networks) == 6
    finally:
        server.stop()
    assert within(10, lambda: not followers_of(server.process.pid))


def test_projections_run_keeps_the_views_of_servers_that_do_not_follow(tmp_path: Path) -> None:
    server = Server(database=tmp_path / "events.sqlite", env={"GROUNDWORK_FOLLOW": "false"})
    server.start()
    runner: subprocess.Popen[bytes] | None = None
    try:
        assert server.process is not None and children_of(server.process.pid) == []
        with server.client() as api:
            record_a_network(api)
            time.sleep(1)
            assert all(v["lag"] > 0 for v in api.get("/views").json())  # nobody follows

            runner = subprocess.Popen(
                [str(GROUNDWORK), "projections", "run", "--database", str(server.database)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=process_env(server.database),
            )
            assert within(20, lambda: not any(v["lag"] for v in api.get("/views").json()))
        runner.send_signal(signal.SIGTERM)
        assert runner.wait(timeout=15) == 0
    finally:
        if runner is not None and runner.poll() is None:
            runner.kill()
        server.stop()
