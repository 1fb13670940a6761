"""Writes under way while API workers and the follower of the log are killed (kill -9) at
random moments, at least 20 times, and started again: every write whose outcome was
unknown is sent again with the same Idempotency-Key, and in the end every acknowledged
write is in the store exactly once, versions are contiguous, and no view applied an event
twice or missed one. The negative control sends some writes again with a fresh key, as a
client without idempotency would, and the same check must find the duplicates."""

from __future__ import annotations

import random
import time

from tests.load.deployment import Deployment
from tests.load.workload import (
    new_write,
    record_network,
    run_writers,
    send_until_settled,
    store_problems,
)

KILLS = 24


def test_killing_workers_and_the_follower_loses_and_doubles_nothing(
    deployment: Deployment,
) -> None:
    with deployment.api() as api:
        network = record_network(api)
    rng = random.Random(7)
    next_kill = time.monotonic() + rng.uniform(0.3, 1.0)

    def kill_now_and_then() -> None:
        nonlocal next_kill
        if time.monotonic() < next_kill or sum(deployment.kills.values()) >= KILLS:
            return
        if rng.random() < 0.6:
            deployment.kill_worker(rng.randrange(8))
        else:
            deployment.kill_follower()
        next_kill = time.monotonic() + rng.uniform(0.3, 1.2)

    tally = run_writers(
        deployment.server.url,
        deployment.token,
        network,
        writers=4,
        seconds=45,
        on_tick=kill_now_and_then,
    )

    assert sum(deployment.kills.values()) >= 20, deployment.kills
    assert deployment.kills["worker"] >= 5 and deployment.kills["follower"] >= 5
    assert tally.unknown > 0  # some outcomes were unknown, and were sent again
    assert store_problems(deployment.events(), tally) == []

    # The negative control: writes already acknowledged, sent again with a fresh key (as
    # if their outcome were unknown and the client had no idempotency): recorded twice.
    with deployment.api() as api:
        again = [w for w in (new_write(network, rng) for _ in range(5))]
        for write in again:
            assert send_until_settled(api, write, tally, time.monotonic() + 30)
            assert send_until_settled(
                api, write, tally, time.monotonic() + 30, key=f"fresh-{write.key}"
            )
    problems = store_problems(deployment.events(), tally)
    assert problems and all("in the store for" in p for p in problems), problems

    deployment.wait_for_views()
    deployment.stop()
    assert deployment.views_differ_from_a_rebuild() == []
