"""Write-path benchmark: Groundwork's `POST /one-to-ones` against a bare durable insert.

Two real uvicorn processes on loopback, one after the other, each on a fresh SQLite file:

* baseline: `benchmarks/baseline_app.py`, a bare FastAPI endpoint doing one durable SQLite
  insert per request (WAL, synchronous=FULL), the least a durable HTTP write can cost;
* groundwork: `groundwork serve --no-sample-data`, recording each one-to-one as an event
  (validation, consent check, idempotency record, event store commit); its private notes
  also record `NotesKept` on the person's record, in the same commit.

The same N concurrent clients (threads, each with its own httpx.Client) send the same number
of requests to each, after a warm-up that is not counted; each request carries a fresh
`Idempotency-Key`, as a real client's would. The target is groundwork/baseline throughput
>= 0.7 at 8 and at 16 clients (issue "views at the limit"), with a p99 no worse than the
baseline's. The script exits 0 whatever the ratio, and 1 if any request failed.

    .venv/bin/python benchmarks/write_path.py [--clients 8] [--requests 2000] [--quick]

Request and response bodies are never printed: they hold (fictional) personal data.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx

BENCHMARKS = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
GROUNDWORK = BIN / "groundwork"
UVICORN = BIN / "uvicorn"
TARGET_RATIO = 0.7
READY_TIMEOUT = 30.0
REQUEST_TIMEOUT = 60.0

#: An offset other than UTC, so the server's conversion is on the path too.
LISBON_SUMMER = timezone(timedelta(hours=1))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def moment(ago: timedelta) -> str:
    """An ISO 8601 time in the past, with its UTC offset."""
    return (datetime.now(LISBON_SUMMER) - ago).isoformat(timespec="seconds")


# --- servers ------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    args: list[str]
    env: dict[str, str]
    port: int
    log: Path
    ready_path: str = "/health"
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self.args, stdout=log, stderr=subprocess.STDOUT, env=self.env, cwd=BENCHMARKS
            )
        deadline = time.monotonic() + READY_TIMEOUT
        with httpx.Client(base_url=self.url, timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"{self.name} exited with {self.process.returncode} before it was "
                        f"ready:\n{self.log_tail()}"
                    )
                try:
                    status = client.get(self.ready_path).status_code
                except httpx.TransportError:
                    time.sleep(0.1)
                    continue
                if status == 200:
                    return
                raise RuntimeError(
                    f"{self.name} answered {self.ready_path} with {status}:\n{self.log_tail()}"
                )
        raise RuntimeError(
            f"{self.name} was not ready after {READY_TIMEOUT:.0f}s:\n{self.log_tail()}"
        )

    def log_tail(self) -> str:
        """The end of the server's log; read only before any request body was sent."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@contextmanager
def running(server: Server) -> Iterator[Server]:
    try:
        server.start()
        yield server
    finally:
        server.stop()


def baseline_server(workdir: Path, threads: int) -> Server:
    port = free_port()
    env = os.environ.copy()
    env["BASELINE_DATABASE"] = str(workdir / "baseline.sqlite")
    env["BASELINE_WORKER_THREADS"] = str(threads)
    return Server(
        name="baseline",
        args=[
            str(UVICORN),
            "--factory",
            "--app-dir",
            str(BENCHMARKS),
            "baseline_app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        port=port,
        log=workdir / "baseline.log",
    )


#: Every request carries a bearer token: Groundwork's signs in an organiser-and-leader
#: account; the baseline gets the same header (and ignores it), so both parse the same bytes.
AUTH: dict[str, str] = {}


def groundwork_server(workdir: Path, threads: int) -> Server:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROUNDWORK_")}
    env["GROUNDWORK_WORKER_THREADS"] = str(threads)
    database = workdir / "groundwork.sqlite"
    if not AUTH:
        added = subprocess.run(
            [
                *(str(GROUNDWORK), "accounts", "add", "bench"),
                *("--role", "organiser", "--role", "leader", "--database", str(database)),
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        AUTH["Authorization"] = f"Bearer {added.stdout.strip()}"
    return Server(
        name="groundwork",
        args=[
            str(GROUNDWORK),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--database",
            str(database),
            "--no-sample-data",
        ],
        env=env,
        port=port,
        log=workdir / "groundwork.log",
    )


# --- request bodies -----------------------------------------------------------------------


@dataclass(frozen=True)
class Parties:
    network_id: str
    organiser_id: str
    person_ids: list[str]


def created_id(response: httpx.Response, what: str) -> str:
    if response.status_code != 201:
        raise RuntimeError(f"setting up {what} answered {response.status_code}, not 201")
    value: str = response.json()["id"]
    return value


#: How many people the organisers meet: one-to-ones with notes about the same person are
#: recorded one after another (the person's record is where consent is checked), and an
#: organising team meets many people, not one person eight times at once.
PEOPLE = 64


def set_up_groundwork(url: str) -> Parties:
    """A network, an organiser, and people who consented to having notes kept."""
    with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT, headers=AUTH) as client:

        def post(path: str, body: dict[str, Any]) -> httpx.Response:
            return client.post(path, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})

        network_id = created_id(
            post(
                "/networks",
                {
                    "name": "Peers Across Borders",
                    "focus": "Peer support in mental health and substance use",
                    "goals": ["Peer work is paid fairly"],
                    "communities": ["Portugal", "Kenya", "Canada"],
                    "happened_at": moment(timedelta(days=400)),
                },
            ),
            "the network",
        )
        organiser_id = created_id(
            post(
                "/people",
                {
                    "network_id": network_id,
                    "name": "Inês M.",
                    "contact": "ines@example.org",
                    "communities": ["Portugal"],
                    "languages": ["pt", "en"],
                },
            ),
            "the organiser",
        )
        person_ids = []
        for n in range(PEOPLE):
            person_id = created_id(
                post(
                    "/people",
                    {
                        "network_id": network_id,
                        "name": f"Amani W. {n}",
                        "contact": f"amani{n}@example.org",
                        "communities": ["Kenya"],
                        "languages": ["sw", "en"],
                    },
                ),
                "a person",
            )
            created_id(
                post(
                    f"/people/{person_id}/consents",
                    {"scope": "keep_notes", "happened_at": moment(timedelta(days=30))},
                ),
                "a consent",
            )
            person_ids.append(person_id)
    return Parties(network_id=network_id, organiser_id=organiser_id, person_ids=person_ids)


def one_to_one(parties: Parties) -> dict[str, Any]:
    """A realistic `POST /one-to-ones` body (fictional people; never printed)."""
    return {
        "network_id": parties.network_id,
        "organiser_id": parties.organiser_id,
        "person_id": random.choice(parties.person_ids),
        "happened_at": moment(timedelta(days=2, hours=3)),
        "channel": "video",
        "for_another_organiser": True,  # its account is a leader linked to no one
        "interests": ["fair pay for peer work", "training for new peer workers"],
        "concerns": ["burnout", "unpaid overtime"],
        "person_shared": (
            "Has worked as a peer supporter in Mombasa for six years. Started after her "
            "own recovery; the clinic now relies on her for night shifts but pays her as "
            "a volunteer. Three others in her team are in the same position."
        ),
        "follow_ups": [
            {
                "what": "Send Amani the peer-work pay survey",
                "due": (datetime.now(LISBON_SUMMER) + timedelta(days=7)).date().isoformat(),
            },
            {"what": "Introduce her to the Lisbon peer workers' group"},
        ],
        "private_notes": (
            "Tired but determined. Would host a listening session for her team if we "
            "bring the survey results. Prefers calls after 18:00 EAT."
        ),
    }


# --- load ---------------------------------------------------------------------------------


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, p: int) -> float:
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000


def drive(url: str, body: Callable[[], dict[str, Any]], clients: int, total: int) -> Run:
    """`total` POST /one-to-ones from `clients` threads, each with its own connection."""
    run = Run()
    lock = threading.Lock()
    remaining = [total]
    start = threading.Barrier(clients + 1)

    def take() -> bool:
        with lock:
            if remaining[0] <= 0:
                return False
            remaining[0] -= 1
            return True

    def client_loop() -> None:
        latencies: list[float] = []
        ids: list[str] = []
        statuses: Counter[str] = Counter()
        errors = 0
        with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT, headers=AUTH) as client:
            client.get("/health")  # open the connection before the clock starts
            start.wait()
            while take():
                payload = body()
                headers = {"Idempotency-Key": str(uuid.uuid4())}
                began = time.perf_counter()
                try:
                    response = client.post("/one-to-ones", json=payload, headers=headers)
                    status = str(response.status_code)
                    failed = not response.is_success
                    if not failed:
                        ids.append(str(response.json()["id"]))
                except (httpx.HTTPError, ValueError, KeyError) as error:
                    status = type(error).__name__
                    failed = True
                latencies.append(time.perf_counter() - began)
                statuses[status] += 1
                errors += failed
        with lock:
            run.latencies.extend(latencies)
            run.ids.extend(ids)
            run.statuses.update(statuses)
            run.errors += errors

    threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    return run


@dataclass
class Result:
    name: str
    run: Run
    warm_up_errors: int
    #: What the server wrote during warm-up and run: rows (baseline) or events (groundwork).
    written: int = 0
    unit: str = "rows"
    note: str = ""

    @property
    def duplicate_ids(self) -> int:
        return len(self.run.ids) - len(set(self.run.ids))


def measure(
    server: Server,
    body: Callable[[], dict[str, Any]],
    clients: int,
    requests: int,
    warm_up: int,
) -> Result:
    print(f"  {server.name}: warming up ({warm_up} requests)...", flush=True)
    warm = drive(server.url, body, clients, warm_up) if warm_up else Run()
    print(f"  {server.name}: measuring ({requests} requests, {clients} clients)...", flush=True)
    return Result(server.name, drive(server.url, body, clients, requests), warm.errors)


def baseline_rows(database: Path) -> int:
    """How many one-to-ones the baseline committed (read after the server stopped)."""
    with closing(sqlite3.connect(database)) as connection:
        (count,) = connection.execute("SELECT count(*) FROM one_to_ones").fetchone()
    return int(count)


def groundwork_events(url: str) -> int:
    """How many events Groundwork's log holds, as its /health reports."""
    response = httpx.get(f"{url}/health", timeout=REQUEST_TIMEOUT)
    response.raise_for_status()
    return int(response.json()["events"])


# --- report -------------------------------------------------------------------------------


def report(rounds: list[tuple[Result, Result]], clients: int, threads: int) -> int:
    print()
    print(f"{'round':<7}{'server':<12}{'requests':>10}{'commands/s':>12}{'p50 ms':>10}", end="")
    print(f"{'p99 ms':>10}{'errors':>8}{'ratio':>8}")
    ratios = []
    for n, pair in enumerate(rounds, start=1):
        baseline, groundwork = (r.run for r in pair)
        ratio = groundwork.per_second / baseline.per_second if baseline.per_second else 0.0
        ratios.append(ratio)
        for r in pair:
            shown = f"{ratio:>8.2f}" if r.name == "groundwork" else ""
            print(
                f"{n:<7}{r.name:<12}{r.run.requests:>10}{r.run.per_second:>12.1f}"
                f"{r.run.percentile_ms(50):>10.1f}{r.run.percentile_ms(99):>10.1f}"
                f"{r.run.errors:>8}{shown}"
            )
    results = [r for pair in rounds for r in pair]
    print()
    for name in ("baseline", "groundwork"):
        mine = [r for r in results if r.name == name]
        unit, note = mine[-1].unit, mine[-1].note
        print(f"{name}: {mine[-1].written} {unit} written (warm-ups and runs{note})")
    for r in results:
        if r.duplicate_ids:
            print(f"  {r.name}: {r.duplicate_ids} duplicate ids")
        if r.run.errors or r.warm_up_errors:
            codes = ", ".join(f"{s}: {n}" for s, n in sorted(r.run.statuses.items()))
            print(f"  {r.name}: responses {codes}; warm-up errors {r.warm_up_errors}")
    ratio = statistics.median(ratios)
    failed = sum(r.run.errors + r.warm_up_errors + r.duplicate_ids for r in results)
    met = "met" if ratio >= TARGET_RATIO else "NOT met"
    if failed:
        met = "not judged: requests failed"
    print()
    print(
        f"throughput ratio groundwork/baseline, median of {len(ratios)} rounds: {ratio:.2f} "
        f"(target >= {TARGET_RATIO}: {met}); rounds: {', '.join(f'{x:.2f}' for x in ratios)}"
    )
    p99 = {
        name: statistics.median(r.run.percentile_ms(99) for r in results if r.name == name)
        for name in ("baseline", "groundwork")
    }
    worse = "met" if p99["groundwork"] <= p99["baseline"] else "NOT met"
    print(
        f"p99 ms, median of the rounds: groundwork {p99['groundwork']:.1f}, baseline "
        f"{p99['baseline']:.1f} (target: no worse than the baseline's: {worse})"
    )
    print(f"clients: {clients}; worker threads in each server: {threads}")
    if failed:
        print(f"{failed} request(s) failed or answered a duplicate id", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--requests", type=int, default=2000, help="measured requests per round (default 2000)"
    )
    parser.add_argument(
        "--warm-up", type=int, default=50, help="uncounted requests first (default 50)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds, each measuring the baseline then groundwork (default 3; median reported)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=max(2, os.cpu_count() or 1),
        help="worker threads in both servers (default: Groundwork's, the core count, at least 2)",
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: 200 requests, 1 round")
    args = parser.parse_args(argv)
    clients: int = args.clients
    requests: int = 200 if args.quick else args.requests
    warm_up: int = min(args.warm_up, 20) if args.quick else args.warm_up
    rounds: int = 1 if args.quick else args.rounds
    threads: int = args.threads
    if clients < 1 or requests < 1 or warm_up < 0 or rounds < 1 or threads < 1:
        parser.error("--clients, --requests, --rounds and --threads must be at least 1")

    print(
        f"CPUs: {os.cpu_count()}; Python {platform.python_version()} "
        f"({platform.python_implementation()}); SQLite {sqlite3.sqlite_version}; "
        f"{platform.system()} {platform.machine()}"
    )
    print(
        f"{clients} clients, {requests} measured requests per server and round, "
        f"{warm_up} warm-up, {rounds} round(s)"
    )

    measured: list[tuple[Result, Result]] = []
    with tempfile.TemporaryDirectory(prefix="groundwork-bench-") as tmp:
        workdir = Path(tmp)
        with (
            running(baseline_server(workdir, threads)) as baseline,
            running(groundwork_server(workdir, threads)) as groundwork,
        ):
            real = set_up_groundwork(groundwork.url)
            fake = Parties(str(uuid.uuid4()), str(uuid.uuid4()), [str(uuid.uuid4())])
            before = groundwork_events(groundwork.url)
            for _ in range(rounds):
                base = measure(baseline, lambda: one_to_one(fake), clients, requests, warm_up)
                ours = measure(groundwork, lambda: one_to_one(real), clients, requests, warm_up)
                ours.unit = "events"
                ours.note = "; a one-to-one, its notes kept and an idempotency key each"
                measured.append((base, ours))
            written = groundwork_events(groundwork.url) - before
        measured[-1][0].written = baseline_rows(workdir / "baseline.sqlite")
        measured[-1][1].written = written
    return report(measured, clients, threads)


if __name__ == "__main__":
    sys.exit(main())
