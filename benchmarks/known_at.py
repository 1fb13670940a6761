"""`known_at` benchmark: the timeline, progress and power-map queries as known at a moment, as
history grows.

The requirement (issue 16, "two clocks"): the timeline, progress and power-map queries with
`known_at` (alias `as_of`) at 1,000,000 events within 1.5 times the same at 10,000 (p95).

For each size of history (default 10,000 and 1,000,000 events):

1. The synthetic network of `benchmarks/projections.py`, recorded through the real domain in a
   child process by that script's own code (chapters, each with its campaign, starting ever
   more often over four years: history grows by more campaigns, people and records while
   each campaign's story stays about the same length). `--workdir DIR` keeps the recordings
   and reuses them (the same files as `projections.py --workdir DIR`). A recording made
   before commit times were kept gets them when it is opened (`domain.store.commit_times`).
2. The views brought up to the log's head (`Follower.catch_up_all`; timed, not a target).
3. For campaigns drawn at random (fixed seed), each query as the API answers it: `known_at`
   (the moment the middle line of the campaign's story was committed) turned into the last
   log position committed by then (a bisection of the chain's commit-time index), then the
   view read up to that position: the timeline's first page (50 entries), the campaign's
   progress, and the power map of the power-holders it targets. The position lookup alone
   is timed too. A warm-up first queries each chosen campaign once (its first touch: timed,
   shown, not judged); the timed run follows with the file's pages in memory, so that what
   is compared is the work each query does at each size.

Printed: p50 and p95 of each query at each size, and each size's ratio to the smallest size's
(the baseline, measured in the same run); the target is met when the largest size's p95 is
at most 1.5 times the smallest's. Exits 0 whatever the figures.

    .venv/bin/python benchmarks/known_at.py [--sizes 10000,1000000] [--queries 300]
        [--seed 1] [--workdir DIR (keep, and reuse, the recordings)]

Nothing personal is printed: the people are fictional, and only counts and timings are shown.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Groundwork's packages and the other benchmarks are imported from the repository's root.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date, datetime  # noqa: E402
from typing import Any  # noqa: E402
from uuid import UUID  # noqa: E402

from benchmarks import projections as history  # noqa: E402
from domain.application import Groundwork  # noqa: E402
from domain.campaign import Campaign  # noqa: E402
from domain.store.commit_times import moment  # noqa: E402
from projections.follower import Follower, open_views  # noqa: E402
from projections.power import PowerMap  # noqa: E402
from projections.progress import CampaignProgress  # noqa: E402
from projections.timeline import CampaignTimeline  # noqa: E402
from projections.view import Cut  # noqa: E402

TARGET_RATIO = 1.5
Query = Callable[[Any], int]


def queries_of(
    app: Groundwork, follower: Follower, networks: dict[str, UUID], moments: dict[str, str]
) -> dict[str, Query]:
    """Each query timed, on a campaign (a `CampaignRef` of the recording); `networks`: each
    campaign's network, read beforehand (the API reads it from the store, not timed here);
    `moments`: the moment each campaign is asked about."""
    recorder: Any = app.recorder
    timeline = follower.view_of(CampaignTimeline)[0]
    progress = follower.view_of(CampaignProgress)[0]
    power = follower.view_of(PowerMap)[0]
    today = date.today()

    def known(ref: Any) -> Cut:
        at = datetime.fromisoformat(moments[ref.id])
        return Cut(known_through=recorder.last_committed_by(moment(at)), known_at=at)

    def power_map(ref: Any) -> int:
        campaign = UUID(ref.id)
        holders = power.holders(networks[ref.id], today=today, campaign_id=campaign, cut=known(ref))
        return len(holders)

    return {
        "position by moment": lambda ref: int(known(ref).position > 0),
        "timeline, known_at": lambda ref: len(
            timeline.entries(UUID(ref.id), cut=known(ref), limit=50)
        ),
        "progress, known_at": lambda ref: int(
            progress.progress(UUID(ref.id), today=today, cut=known(ref)) is not None
        ),
        "power map, known_at": power_map,
    }


def measure(size: int, workdir: Path, seed: int, queries: int, reuse: bool) -> dict[str, Any]:
    recorded = history.recording(size, workdir, seed, reuse)
    app = history.open_app(recorded.database)
    follower = Follower(app, open_views(app))
    began = time.perf_counter()
    follower.catch_up_all()
    caught_up = time.perf_counter() - began
    refs = [history.CampaignRef(**c) for c in json.loads(recorded.campaigns.read_text())]
    chosen = [r for r in refs if r.as_of]  # under way for a while: a story to cut
    rng = random.Random(seed)
    sample = [rng.choice(chosen) for _ in range(queries)]
    networks = {r.id: app.read(Campaign, UUID(r.id)).network_id for r in sample}
    moments = history.halfway(recorded.database, follower, sample)
    kinds = queries_of(app, follower, networks, moments)

    def timed(refs: list[Any]) -> tuple[dict[str, list[float]], dict[str, int]]:
        into: dict[str, list[float]] = {name: [] for name in kinds}
        empty = dict.fromkeys(kinds, 0)
        for ref in refs:
            for name, run in kinds.items():
                start = time.perf_counter()
                found = run(ref)
                into[name].append(time.perf_counter() - start)
                empty[name] += found == 0
        return into, empty

    first_touch, _ = timed(list({r.id: r for r in sample}.values()))
    latencies, empty = timed(sample)
    events = app.recorder.max_notification_id() or 0
    follower.close()
    app.close()
    return {
        "events": events,
        "caught_up": caught_up,
        "latencies": latencies,
        "first_touch": first_touch,
        "empty": empty,
    }


def ms(values: list[float], p: int) -> float:
    return history.percentile(values, p) * 1000


def report(results: list[dict[str, Any]], queries: int) -> None:
    small, large = results[0], results[-1]
    print()
    print(f"views brought up to date (not a target); {queries} of each query, after a warm-up")
    for r in results:
        print(f"  {r['events']:>10,} events: {r['caught_up']:.1f}s")
    print()
    print(
        f"  {'query':<22}{'events':>10}{'p50':>8}{'p95':>8}{'first p50':>11}{'no rows':>9}"
        f"{'p95 ratio':>11}"
    )
    for name in small["latencies"]:
        base = ms(small["latencies"][name], 95)
        for r in results:
            lat = r["latencies"][name]
            print(
                f"  {name:<22}{r['events']:>10,}{ms(lat, 50):>8.3f}{ms(lat, 95):>8.3f}"
                f"{ms(r['first_touch'][name], 50):>11.3f}{r['empty'][name]:>9}"
                f"{ms(lat, 95) / base:>11.2f}"
            )
    print()
    print(
        f"target: p95 at {large['events']:,} events at most {TARGET_RATIO} times that at "
        f"{small['events']:,}"
    )
    for name in small["latencies"]:
        ratio = ms(large["latencies"][name], 95) / ms(small["latencies"][name], 95)
        print(f"  {name:<22} {ratio:.2f}  {history.met(ratio <= TARGET_RATIO)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else "")
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    asked = parser.parse_args(argv)
    sizes = [int(s) for s in asked.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="groundwork-known-at-") as temporary:
        workdir = asked.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        results = [
            measure(size, workdir, asked.seed, asked.queries, asked.workdir is not None)
            for size in sizes
        ]
    report(results, asked.queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
