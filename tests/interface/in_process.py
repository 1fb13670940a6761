"""The server the API tests share, in the test process: the app `groundwork serve` builds
(`create_app`), served by uvicorn in a thread on a free loopback port, and its views followed
and its webhooks delivered by threads beside it, as the follower's process does for
`serve`. Real HTTP, a real store (the SQLite file given, or with
GROUNDWORK_TEST_DATABASE_URL the PostgreSQL database standing for it), no process to start:
such tests belong to the fast tier. Tests of a process itself (kill -9, restarts, the
follower's process) keep `Server`."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from uvicorn.logging import AccessFormatter, DefaultFormatter

from domain.account import COMMAND_LINE
from domain.application import Groundwork
from domain.credentials import account_id, check_name
from domain.roles import Role
from interface.api.app import SERVER_BATCH, create_app
from interface.cli.common import open_groundwork
from interface.serving import uvicorn_options
from interface.settings import Settings
from interface.webhooks import Deliveries
from projections.follower import Follower, open_views
from tests.interface.conftest import Server
from tests.postgres import server_env

#: How often the follower thread reads the log: more often than the follower's process
#: (0.2 s), as tests wait for the views after nearly every write (reading an idle log
#: costs ~0.4 ms).
FOLLOW_INTERVAL = 0.05
#: The loggers whose records the server's log file receives while it runs, in the formats
#: of uvicorn's own logging configuration (which `groundwork serve` uses).
LOGGERS = {
    "uvicorn.error": DefaultFormatter("%(levelprefix)s %(message)s", use_colors=False),
    "uvicorn.access": AccessFormatter(
        '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False
    ),
    "groundwork": DefaultFormatter("%(levelprefix)s %(name)s: %(message)s", use_colors=False),
}


class Following:
    """What `interface.api.following.follow` runs in the follower's process, in threads of
    this one: the views brought up to date with the log, and the log delivered to webhooks,
    through an application of their own."""

    def __init__(self, settings: Settings) -> None:
        self.app = Groundwork(env=settings.event_store_env())
        self.follower = Follower(self.app, open_views(self.app), batch_size=SERVER_BATCH)
        self.follower.forget_failures()
        self.deliveries = Deliveries(self.app, retry_seconds=settings.webhook_retry_seconds)
        self.follower.start(FOLLOW_INTERVAL)
        self.deliveries.start()

    def stop(self) -> None:
        self.deliveries.close()
        self.follower.close()
        self.app.close()


def create_admin(settings: Settings) -> str:
    """The `admin` account, as `groundwork accounts add admin --role admin` creates it; its
    token."""
    app = open_groundwork(settings)
    try:
        issued = app.create_account(
            name="admin", roles=[Role.ADMIN], person_id=None, recorded_by=COMMAND_LINE, networks=[]
        )
    finally:
        app.close()
    return issued.token


@dataclass
class InProcessServer(Server):
    """`Server`'s surface (url, clients, accounts, tokens, views, events), served from this
    process: uvicorn in a thread, the views' follower and webhook deliveries in threads."""

    _uvicorn: uvicorn.Server | None = field(default=None, init=False, repr=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)
    _following: Following | None = field(default=None, init=False, repr=False)
    _log_handlers: dict[str, logging.Handler] = field(default_factory=dict, init=False, repr=False)

    def settings(self) -> Settings:
        """What `groundwork serve --database ... --port ...` would read: the environment,
        the PostgreSQL database standing for the file (see `tests.postgres.server_env`),
        `env`, and the options; the follower runs here, not in a process of the app's."""
        given = server_env(self.database) | self.env
        overrides: dict[str, Any] = {
            name.removeprefix("GROUNDWORK_").lower(): value
            for name, value in given.items()
            if name.startswith("GROUNDWORK_")
        }
        overrides |= {
            "database": self.database,
            "host": "127.0.0.1",
            "port": self.port,
            "sample_data": self.sample_data,
            "follow": False,
        }
        return Settings(**overrides)

    def start(self) -> InProcessServer:
        settings = self.settings()
        self.log = self.database.with_suffix(f".{self.port}.log")
        if self.tokens_file.exists():
            self.tokens = json.loads(self.tokens_file.read_text())
        else:
            self.tokens = {"admin": create_admin(settings)}
        self._log_to_file()
        config = uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=self.port,
            log_level="info",
            log_config=None,  # the test process's logging is left as it is
            timeout_graceful_shutdown=5,
            **uvicorn_options(settings),
        )
        self._uvicorn = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._uvicorn.run, name=f"uvicorn-{self.port}", daemon=True
        )
        self._thread.start()
        try:
            self._wait_until_serving()
            # The views are opened (created) by the app as it starts, then followed.
            self._following = Following(settings)
            self._add_test_accounts()
        except BaseException:
            self.stop()
            raise
        return self

    def set_password(self, account: str, password: str) -> None:
        """As `groundwork accounts password` sets it, through the application."""
        app = open_groundwork(self.settings())
        try:
            app.set_password(
                account_id(check_name(account)), password=password, recorded_by=COMMAND_LINE
            )
        finally:
            app.close()

    def _wait_until_serving(self) -> None:
        assert self._uvicorn is not None and self._thread is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if not self._thread.is_alive():
                raise RuntimeError(f"server stopped early: {self._log_text()}")
            if self._uvicorn.started:
                response = httpx.get(f"{self.url}/health", timeout=5)
                assert response.status_code == 200, response.text
                return
            time.sleep(0.02)
        raise RuntimeError("server did not start within 30 s")

    def stop(self) -> None:
        """Stops serving (the app's lifespan closes what it opened), then the follower,
        and waits for their threads."""
        if self._uvicorn is not None and self._thread is not None:
            self._uvicorn.should_exit = True
            self._thread.join(timeout=30)
            assert not self._thread.is_alive(), "uvicorn did not stop within 30 s"
        self._uvicorn = self._thread = None
        if self._following is not None:
            self._following.stop()
            self._following = None
        for name, handler in self._log_handlers.items():
            logging.getLogger(name).removeHandler(handler)
            handler.close()
        self._log_handlers = {}

    def _log_to_file(self) -> None:
        """The server's log file, as the process wrote it: what uvicorn and Groundwork log
        while it runs (in this process, other servers' lines too)."""
        assert self.log is not None
        self.log.write_bytes(b"")
        for name, formatter in LOGGERS.items():
            handler = logging.FileHandler(self.log, encoding="utf-8")
            handler.setFormatter(formatter)
            logging.getLogger(name).addHandler(handler)
            self._log_handlers[name] = handler

    def _log_text(self) -> str:
        return "" if self.log is None or not self.log.exists() else self.log.read_text()
