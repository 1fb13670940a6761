"""The data folder is for Groundwork's user only (0700), and so are the event store, the key
store and the views (0600), whether `groundwork serve` creates them or an older version
left them readable by others."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

from tests.interface.conftest import GROUNDWORK, Server, record_network
from tests.postgres import process_env, sqlite_only

STORE = ("events.sqlite", "events.keys.sqlite", "events.views.sqlite")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@sqlite_only
def test_serve_creates_the_data_folder_and_its_files_for_its_user_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = Server(database=data / "events.sqlite").start()
    try:
        with server.client() as api:
            record_network(api)
        server.wait_for_views()
        # the store's files, not the test's own (its log, its tokens)
        files = {p.name: mode(p) for p in data.iterdir() if p.name.startswith(STORE)}
    finally:
        server.stop()

    assert mode(data) == 0o700
    assert set(STORE) <= set(files)
    assert any(name.endswith("-wal") for name in files)  # SQLite's own files too
    assert {name: m for name, m in files.items() if m != 0o600} == {}


@sqlite_only
def test_files_left_readable_by_others_are_tightened_and_the_folder_named(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    database = data / "events.sqlite"
    env = process_env(database)
    migrate = [str(GROUNDWORK), "migrate", "--database", str(database)]
    subprocess.run(migrate, check=True, capture_output=True, env=env)
    for name in STORE:
        (data / name).chmod(0o644)
    data.chmod(0o755)

    again = subprocess.run(migrate, check=True, capture_output=True, text=True, env=env)

    assert {name: mode(data / name) for name in STORE} == dict.fromkeys(STORE, 0o600)
    assert f"{data} may be read by other users of this machine: chmod 700 it." in again.stderr
