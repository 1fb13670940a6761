"""A deployment as on several hosts: `groundwork serve --workers N --no-follow` and a
`groundwork projections run` beside it, real processes on one store."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests import postgres
from tests.interface.conftest import GROUNDWORK, Server
from tests.interface.test_following import followers_of, within
from tests.postgres import process_env


@dataclass
class Deployment:
    """API workers behind one port, and the follower of the log in a process of its own."""

    database: Path
    workers: int = 2
    server: Server = field(init=False)
    follower: subprocess.Popen[bytes] | None = None
    kills: dict[str, int] = field(default_factory=lambda: {"worker": 0, "follower": 0})

    def start(self) -> Deployment:
        self.server = Server(
            database=self.database,
            env={"GROUNDWORK_WORKERS": str(self.workers), "GROUNDWORK_FOLLOW": "false"},
        ).start()
        self.start_follower()
        return self

    @property
    def token(self) -> str:
        return self.server.tokens["tester"]

    def api(self) -> httpx.Client:
        return self.server.client()

    def start_follower(self) -> None:
        log = self.database.with_suffix(f".follower{self.kills['follower']}.log")
        with log.open("wb") as out:
            self.follower = subprocess.Popen(
                [str(GROUNDWORK), "projections", "run", "--database", str(self.database)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=process_env(self.database),
            )

    def worker_pids(self) -> list[int]:
        assert self.server.process is not None
        return followers_of(self.server.process.pid)  # the spawned children: the workers

    def kill_worker(self, pick: int) -> None:
        """kill -9 one API worker; uvicorn starts another in its place."""
        workers = self.worker_pids()
        if workers:
            os.kill(workers[pick % len(workers)], signal.SIGKILL)
            self.kills["worker"] += 1

    def kill_follower(self) -> None:
        """kill -9 the follower, then start it again, as a supervisor (systemd) would."""
        assert self.follower is not None
        self.follower.kill()
        self.follower.wait()
        self.kills["follower"] += 1
        self.start_follower()

    def wait_for_views(self, seconds: float = 120) -> None:
        with self.api() as api:
            assert within(seconds, lambda: not any(v["lag"] for v in api.get("/views").json())), (
                api.get("/views").json()
            )

    def stop(self) -> None:
        if self.follower is not None and self.follower.poll() is None:
            self.follower.send_signal(signal.SIGTERM)
            try:
                self.follower.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.follower.kill()
        self.server.stop()

    def events(self) -> list[tuple[str, int, str]]:
        """Every event in the store: its record's id, version and topic."""
        if postgres.URL is not None:
            with postgres.connect(self.database) as pg:
                rows = pg.execute(
                    "SELECT originator_id, originator_version, topic FROM groundwork_events"
                ).fetchall()
            return [(str(r), int(v), str(t)) for r, v, t in rows]
        with closing(sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)) as db:
            rows = db.execute("SELECT originator_id, originator_version, topic FROM stored_events")
            return [(str(r), int(v), str(t)) for r, v, t in rows]

    def views_differ_from_a_rebuild(self) -> list[str]:
        """The views as followed, against the same views rebuilt from the log into a file
        of their own: the tables whose rows differ (none, if nothing was applied twice or
        missed). The deployment must be stopped. On PostgreSQL, whose views share the
        store's database, they are rebuilt in place and compared with what they were."""
        if postgres.URL is not None:
            followed_rows = postgres.view_rows(self.database)
            done = subprocess.run(
                [str(GROUNDWORK), "projections", "rebuild", "--database", str(self.database)],
                env=process_env(self.database),
                capture_output=True,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            rebuilt_rows = postgres.view_rows(self.database)
            assert sum(len(rows) for rows in rebuilt_rows.values()) > 10
            return [t for t in rebuilt_rows if rebuilt_rows[t] != followed_rows[t]]
        rebuilt = self.database.with_name("rebuilt.views.sqlite")
        done = subprocess.run(
            [str(GROUNDWORK), "projections", "rebuild", "--database", str(self.database)],
            env=os.environ | {"GROUNDWORK_VIEWS": str(rebuilt)},
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        followed = self.database.with_name(f"{self.database.stem}.views.sqlite")
        return tables_that_differ(followed, rebuilt)


def tables_that_differ(a: Path, b: Path) -> list[str]:
    with (
        closing(sqlite3.connect(f"file:{a}?mode=ro", uri=True)) as x,
        closing(sqlite3.connect(f"file:{b}?mode=ro", uri=True)) as y,
    ):
        names = [n for (n,) in y.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert len(names) > 10, names  # the views' tables, not an empty file
        return [
            name
            for name in names
            if sorted(x.execute(f"SELECT * FROM {name}"))
            != sorted(y.execute(f"SELECT * FROM {name}"))
        ]
