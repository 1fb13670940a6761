"""A write load through the HTTP API, and the checks that every acknowledged write is kept
exactly once: shared by the concurrency and fault tests and by `benchmarks/scale.py`.

Each logical write has its own Idempotency-Key. A response settles it: a 2xx
(acknowledged: its record's id and version are noted), or a 409 that says others kept
changing the same records (`ConflictingWrite`: nothing was recorded). Anything else
(the connection refused or cut, a 5xx, a 409 saying the key is still being processed)
leaves its outcome unknown, and it is sent again with the same key until it settles.

Writers record into one campaign of a small network, so that they collide: one-to-ones
with private notes (each also writes to the person's record, and the people are few) and
targets set on the campaign itself (every one of them writes to the same record).
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

#: The kinds of write, with the topics of the events each records exactly once.
KINDS: dict[str, tuple[str, ...]] = {
    "one_to_one": ("domain.one_to_one:OneToOne.Held",),
    "target": ("domain.campaign:Campaign.TargetSet", "domain.campaign:Campaign.TargetRevised"),
}
METRICS = ("one_to_ones", "people_reached", "turnout", "actions_held")


def ago(**delta: float) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


@dataclass(frozen=True)
class Network:
    """The records the load writes into: a network, its campaign, people who consented."""

    id: str
    campaign: str
    organiser: str
    people: list[str]


def record_network(api: httpx.Client, people: int = 4) -> Network:
    def created(response: httpx.Response) -> str:
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    network = created(
        api.post(
            "/networks",
            json={
                "name": "Load Peers",
                "focus": "Peer support",
                "goals": ["Fair pay"],
                "communities": ["Kenya"],
                "happened_at": ago(days=100),
            },
        )
    )
    ids = []
    for n in range(people + 1):
        person = created(
            api.post(
                "/people",
                json={"network_id": network, "name": f"Member {n}", "communities": ["Kenya"]},
            )
        )
        created(
            api.post(
                f"/people/{person}/consents",
                json={"scope": "keep_notes", "happened_at": ago(days=89)},
            )
        )
        ids.append(person)
    campaign = created(
        api.post(
            "/campaigns",
            json={
                "network_id": network,
                "name": "Fair pay",
                "goal": "Peer workers paid",
                "issue": "Vouchers",
                "happened_at": ago(days=80),
            },
        )
    )
    return Network(network, campaign, ids[0], ids[1:])


@dataclass
class Write:
    key: str
    kind: str
    path: str
    body: dict[str, Any]


def new_write(network: Network, rng: random.Random) -> Write:
    key = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if rng.random() < 0.75:
        return Write(
            key,
            "one_to_one",
            "/one-to-ones",
            {
                "network_id": network.id,
                "campaign_id": network.campaign,
                "organiser_id": network.organiser,
                "person_id": rng.choice(network.people),
                "happened_at": ago(hours=rng.uniform(1, 500)),
                "channel": "phone",
                "interests": ["fair pay"],
                "private_notes": "Talked about the night shifts.",
                "for_another_organiser": True,
            },
        )
    return Write(
        key,
        "target",
        f"/campaigns/{network.campaign}/targets",
        # goals from a wide range: a target set again to the goal it has is refused
        {"metric": rng.choice(METRICS), "goal": rng.randint(1, 10_000_000), "reason": "Load"},
    )


@dataclass
class Tally:
    """What the writers saw."""

    acknowledged: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # key: kind, id, v
    refused: Counter[str] = field(default_factory=Counter)  # settled without a record, by error
    unknown: int = 0  # sends whose outcome was unknown (each was sent again)
    statuses: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def acknowledged_of(self, kind: str) -> int:
        return sum(1 for k, _, _ in self.acknowledged.values() if k == kind)


def send_until_settled(
    client: httpx.Client, write: Write, tally: Tally, give_up: float, key: str | None = None
) -> bool:
    """Sends a write (again and again while its outcome is unknown, with the same key, or
    with `key` when given); True once it settled."""
    while time.monotonic() < give_up:
        try:
            response = client.post(
                write.path, json=write.body, headers={"Idempotency-Key": key or write.key}
            )
        except httpx.HTTPError:
            with tally.lock:
                tally.unknown += 1
            time.sleep(0.1)
            continue
        with tally.lock:
            tally.statuses[response.status_code] += 1
        if response.is_success:
            out = response.json()
            with tally.lock:
                tally.acknowledged[write.key] = (write.kind, out["id"], out["version"])
            return True
        error = response.json().get("error") if response.status_code < 500 else None
        if response.status_code == 409 and error != "RequestInProgress":
            with tally.lock:
                tally.refused[str(error)] += 1
            return True
        assert response.status_code in (409, 500, 502, 503, 504), response.text
        with tally.lock:
            tally.unknown += 1
        time.sleep(0.1)
    return False


def run_writers(
    url: str,
    token: str,
    network: Network,
    *,
    writers: int,
    seconds: float,
    seed: int = 1,
    settle_within: float = 120.0,
    on_tick: Callable[[], None] | None = None,
    rate: float | None = None,
) -> Tally:
    """`writers` threads, each with its own connection, writing for `seconds`; a write
    under way when the time is up is still settled (within `settle_within`). With `rate`,
    the writers together start about that many writes a second, not as many as they can."""
    tally = Tally()
    stop_at = time.monotonic() + seconds
    unsettled: list[Write] = []

    def writer(n: int) -> None:
        rng = random.Random(seed * 1_000 + n)
        with httpx.Client(
            base_url=url, timeout=30, headers={"Authorization": f"Bearer {token}"}
        ) as client:
            due = time.monotonic()
            while time.monotonic() < stop_at:
                if rate is not None:
                    due += writers / rate
                    time.sleep(max(0.0, due - time.monotonic()))
                write = new_write(network, rng)
                if not send_until_settled(client, write, tally, stop_at + settle_within):
                    unsettled.append(write)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        if on_tick is not None:
            on_tick()
        time.sleep(0.05)
    assert not unsettled, f"{len(unsettled)} writes never settled"
    return tally


def store_problems(events: list[tuple[str, int, str]], tally: Tally) -> list[str]:
    """What is wrong with the store, given every event in it (record id, version, topic)
    and what the writers were told: an acknowledged write missing or kept more than once,
    or a record whose versions have a gap."""
    problems = []
    versions: dict[str, list[int]] = {}
    topics: Counter[str] = Counter()
    present = set()
    for record, version, topic in events:
        versions.setdefault(record, []).append(version)
        topics[topic] += 1
        present.add((record, version))
    for record, seen in versions.items():
        if sorted(seen) != list(range(1, len(seen) + 1)):
            problems.append(f"record {record}: versions {sorted(seen)[:10]}... have a gap")
    for key, (_, record, version) in tally.acknowledged.items():
        if (uuid.UUID(record).hex, version) not in present and (record, version) not in present:
            problems.append(f"write {key}: acknowledged as {record} v{version}, not in the store")
    for kind, kind_topics in KINDS.items():
        kept = sum(topics[t] for t in kind_topics)
        if kept != tally.acknowledged_of(kind):
            problems.append(
                f"{kind}: {kept} in the store for {tally.acknowledged_of(kind)} acknowledged"
            )
    return problems
