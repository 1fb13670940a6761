"""Scale benchmark: write throughput with 1, 2 and 4 API workers, on SQLite and on
PostgreSQL in the same run, and how far the views lag behind the log under a steady load.

The requirement (issue "scale out on PostgreSQL"): print write throughput with 1, 2 and 4
workers on PostgreSQL and on SQLite, projection lag under a steady load, and the ratios
between them, with the machine's core count. Not a test: it prints figures.

For each store and each number of workers, a deployment of real processes on a fresh
store, as on several hosts: `groundwork serve --workers N --no-follow` and
`groundwork projections run` beside it (`tests.load.deployment`). PostgreSQL is a
throw-away cluster started for the run (`tests/postgres_cluster.py`; Debian's package
must be installed, as `make test` does). Then:

1. Throughput: eight client threads, each with its own connection, write as fast as the
   answers come for `--seconds` (the load of the concurrency test: one-to-ones with notes
   and targets, into one campaign, each with an Idempotency-Key; a 409 for writes that
   kept colliding counts as answered, not as written). Acknowledged writes per second.
2. Lag (2 workers): the same writers held to half the throughput measured with 2 workers
   for `--seconds`, while `GET /views` is asked every 0.2 s how many events each view is
   behind the log. The largest view's lag: p50, p95 and the most, in events.

    .venv/bin/python benchmarks/scale.py [--seconds 15] [--stores sqlite,postgresql]

Nothing personal is printed: the people are fictional, and only counts and timings are
shown.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402

from tests import postgres  # noqa: E402
from tests.load.deployment import Deployment  # noqa: E402
from tests.load.workload import record_network, run_writers  # noqa: E402

WORKERS = (1, 2, 4)
WRITERS = 8


@contextmanager
def store(kind: str) -> Iterator[None]:
    """Deployments made meanwhile use a fresh store of this kind: SQLite files, or a
    database of a throw-away PostgreSQL cluster for each (`tests.postgres`)."""
    if kind == "sqlite":
        yield
        return
    from tests.postgres_cluster import cluster

    with cluster() as url:
        postgres.URL = url
        try:
            yield
        finally:
            postgres.URL = None


def throughput(deployment: Deployment, seconds: float) -> float:
    with deployment.api() as api:
        network = record_network(api)
    began = time.monotonic()
    tally = run_writers(
        deployment.server.url, deployment.token, network, writers=WRITERS, seconds=seconds
    )
    return len(tally.acknowledged) / (time.monotonic() - began)


def lag(deployment: Deployment, seconds: float, rate: float) -> list[int]:
    with deployment.api() as api:
        network = record_network(api)
        deployment.wait_for_views()
        seen: list[int] = []
        stop = threading.Event()

        def watch() -> None:
            while not stop.wait(0.2):
                seen.append(max(v["lag"] for v in api.get("/views").json()))

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            run_writers(
                deployment.server.url,
                deployment.token,
                network,
                writers=WRITERS,
                seconds=seconds,
                rate=rate,
                seed=2,  # keys of their own: the throughput's writes used seed 1's
            )
        finally:
            stop.set()
            watcher.join()
    return seen


def measure(kind: str, seconds: float) -> tuple[dict[int, float], list[int]]:
    rates: dict[int, float] = {}
    lags: list[int] = []
    with store(kind), tempfile.TemporaryDirectory(prefix="gw-scale-") as work:
        for workers in WORKERS:
            folder = Path(work) / f"{kind}-{workers}"
            folder.mkdir()
            deployment = Deployment(database=folder / "events.sqlite", workers=workers)
            deployment.start()
            try:
                rates[workers] = throughput(deployment, seconds)
                print(f"  {kind}, {workers} worker(s): {rates[workers]:.1f} writes/s", flush=True)
                if workers == 2:
                    lags = lag(deployment, seconds, rates[workers] / 2)
            finally:
                deployment.stop()
    return rates, lags


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=15.0, help="each load's length (15)")
    parser.add_argument(
        "--stores", default="sqlite,postgresql", help="which stores (sqlite,postgresql)"
    )
    asked = parser.parse_args(argv)
    kinds = [k for k in asked.stores.split(",") if k]
    print(f"CPUs: {os.cpu_count()}; {WRITERS} client threads; {asked.seconds:.0f} s per load")
    results = {kind: measure(kind, asked.seconds) for kind in kinds}

    print()
    print("write throughput, acknowledged writes/s (ratio to 1 worker of the same store)")
    print(f"  {'workers':>8}" + "".join(f"{kind:>24}" for kind in kinds))
    for workers in WORKERS:
        cells = []
        for kind in kinds:
            rates = results[kind][0]
            cells.append(f"{rates[workers]:>12.1f} ({rates[workers] / rates[1]:.2f}x)")
        print(f"  {workers:>8}" + "".join(f"{c:>24}" for c in cells))
    if "sqlite" in results and "postgresql" in results:
        print()
        print("postgresql / sqlite, same workers")
        for workers in WORKERS:
            ratio = results["postgresql"][0][workers] / results["sqlite"][0][workers]
            print(f"  {workers} worker(s): {ratio:.2f}")
    print()
    print("views' lag under a steady load (2 workers, half their throughput), events")
    for kind in kinds:
        seen = sorted(results[kind][1]) or [0]
        p95 = seen[min(len(seen) - 1, int(len(seen) * 0.95))]
        print(
            f"  {kind}: p50 {statistics.median(seen):.0f}, p95 {p95}, most {seen[-1]}"
            f" ({len(seen)} samples)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
