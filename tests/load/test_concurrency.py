"""Eight writers at once for 30 seconds through the HTTP API, several API workers, many of
the writes to the same records: every acknowledged write is kept exactly once, no record's
versions have a gap, collisions came back as retries or 409s, and the views, once caught
up, are what a rebuild from scratch makes of the log."""

from __future__ import annotations

from tests.load.deployment import Deployment
from tests.load.workload import record_network, run_writers, store_problems


def test_eight_writers_at_once_keep_every_acknowledged_write_exactly_once(
    deployment: Deployment,
) -> None:
    with deployment.api() as api:
        network = record_network(api)

    tally = run_writers(deployment.server.url, deployment.token, network, writers=8, seconds=30)

    assert tally.acknowledged_of("one_to_one") > 50 and tally.acknowledged_of("target") > 10
    assert set(tally.statuses) <= {201, 409}, tally.statuses  # never a 5xx
    assert set(tally.refused) <= {"ConflictingWrite"}, tally.refused
    assert store_problems(deployment.events(), tally) == []
    deployment.wait_for_views()
    deployment.stop()
    assert deployment.views_differ_from_a_rebuild() == []
