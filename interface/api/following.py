"""The server's views, kept up to date by a process of their own, which also delivers the
log to webhooks.

Following the log (decoding events, applying them to every view) is Python work, and in a
thread of the server it took the interpreter from the requests: measured with
benchmarks/write_path.py, a fifth to a quarter of the server's CPU per one-to-one went to the
follower thread and to the switching between it and the request threads. In a process
of its own it runs on another core. It writes only the views' file (see
`projections.follower.open_views`), so neither it nor the commands ever wait for each
other's writes; the server reads the views and their status from that file.

The server starts it in its lifespan, starts it again if it dies, and stops it when the
server stops; it also stops by itself when the server is gone (killed, say). With several
API workers (`groundwork serve --workers N`) the serving command starts one for them all;
with `GROUNDWORK_FOLLOW=false` the servers start none, and `groundwork projections run`
runs it as a process of its own (on another host, say, beside a shared database).

Webhooks are delivered here too, so that however many API workers there are, each event
is delivered by one process; the servers only read where deliveries stand.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from multiprocessing.process import BaseProcess

log = logging.getLogger("groundwork.projections")

#: How often the server checks that the follower is still running.
WATCH_INTERVAL = 1.0


class FollowingProcess:
    """Runs `follow` in a process of its own, started again should it stop."""

    def __init__(
        self,
        env: dict[str, str],
        batch_size: int,
        interval: float = 0.2,
        webhook_retry_seconds: float = 1.0,
    ) -> None:
        """`env`: the application's configuration (the event store, the key store, the
        views' file; the cipher key, passed through a pipe, never on a command line)."""
        self.env = env
        self.batch_size = batch_size
        self.interval = interval
        self.webhook_retry_seconds = webhook_retry_seconds
        self._process: BaseProcess | None = None
        self._stopping = threading.Event()
        self._watch: threading.Thread | None = None

    def start(self) -> None:
        self._process = self._spawn()
        self._watch = threading.Thread(target=self._watching, name="views-watch", daemon=True)
        self._watch.start()

    def stop(self) -> None:
        """Asks the follower to finish the batch it is applying, and waits for it."""
        self._stopping.set()
        if self._watch is not None:
            self._watch.join()
        process = self._process
        if process is None:
            return
        process.terminate()  # SIGTERM: it stops after its current batch
        process.join(timeout=10)
        if process.is_alive():  # pragma: no cover - a batch stuck for 10 s
            process.kill()
            process.join()

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def _spawn(self) -> BaseProcess:
        # A fresh interpreter (spawn): nothing of the server's threads or locks is copied.
        process = multiprocessing.get_context("spawn").Process(
            target=follow,
            args=(
                self.env,
                os.getpid(),
                self.batch_size,
                self.interval,
                self.webhook_retry_seconds,
            ),
            name="groundwork-views",
            daemon=True,
        )
        process.start()
        return process

    def _watching(self) -> None:
        while not self._stopping.wait(WATCH_INTERVAL):
            process = self._process
            if process is not None and not process.is_alive():
                log.error(
                    "The views' follower stopped (exit code %s); starting it again.",
                    process.exitcode,
                )
                self._process = self._spawn()


def follow(
    env: dict[str, str],
    server: int | None,
    batch_size: int,
    interval: float,
    webhook_retry_seconds: float,
) -> None:
    """The follower: applies the log to the views, and delivers it to webhooks, until asked
    to stop (SIGTERM, or SIGINT without a server), or until the server that started it is
    gone. `server`: the pid of that server; None for `groundwork projections run`, a
    process of its own beside the servers."""
    # Local imports: a spawned process imports what it needs, and the server module does
    # not import the application twice.
    from domain.application import Groundwork
    from interface.webhooks import Deliveries
    from projections.follower import Follower, open_views

    stopping = threading.Event()
    if server is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which stops us
    else:
        signal.signal(signal.SIGINT, lambda *_: stopping.set())
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    app = Groundwork(env=env)
    follower = Follower(app, open_views(app), batch_size=batch_size)
    follower.forget_failures()  # each run tries every view again, as a server restart did
    deliveries = Deliveries(app, retry_seconds=webhook_retry_seconds)
    follower.start(interval)
    deliveries.start()
    try:
        while not stopping.wait(interval) and (server is None or os.getppid() == server):
            pass
    finally:
        deliveries.close()
        follower.close()
        app.close()
