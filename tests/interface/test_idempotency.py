"""Idempotency-Key (IETF draft): safe retries, refused reuse, and duplicates in flight."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest

from tests import postgres
from tests.interface.conftest import Network, Server, ago, one_to_one_body


def test_a_retry_with_the_same_key_and_body_returns_the_first_response_and_records_nothing(
    api: httpx.Client, network: Network, server: Server
) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = one_to_one_body(network)
    before = server.event_count("OneToOne.Held")

    first = api.post("/one-to-ones", json=body, headers=key)
    retry = api.post("/one-to-ones", json=body, headers=key)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert server.event_count("OneToOne.Held") == before + 1


def test_the_same_key_with_a_different_body_is_422_and_records_nothing(
    api: httpx.Client, network: Network, server: Server
) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    api.post("/one-to-ones", json=one_to_one_body(network), headers=key)
    before = server.event_count()

    reused = api.post("/one-to-ones", json=one_to_one_body(network, channel="phone"), headers=key)

    assert reused.status_code == 422
    assert reused.json()["error"] == "IdempotencyKeyReused"
    assert reused.json()["field"] == "header.Idempotency-Key"
    assert server.event_count() == before


def test_a_failed_command_does_not_consume_its_key(
    api: httpx.Client, network: Network, server: Server
) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    future = "2999-01-01T00:00:00+00:00"

    refused = api.post(
        "/one-to-ones", json=one_to_one_body(network, happened_at=future), headers=key
    )
    accepted = api.post("/one-to-ones", json=one_to_one_body(network), headers=key)

    assert refused.status_code == 409
    assert accepted.status_code == 201


@pytest.mark.parametrize("key", ["has spaces in it", '""', '"'])
def test_a_malformed_key_is_422(api: httpx.Client, network: Network, key: str) -> None:
    response = api.post(
        "/one-to-ones", json=one_to_one_body(network), headers={"Idempotency-Key": key}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "header.Idempotency-Key"


def test_keys_belong_to_who_records(api: httpx.Client, network: Network, server: Server) -> None:
    key = str(uuid.uuid4())
    body = one_to_one_body(network)
    before = server.event_count("OneToOne.Held")

    other = server.tokens.get("other-organiser") or server.add_account(
        "other-organiser", ["organiser", "leader"]
    )
    mine = api.post("/one-to-ones", json=body, headers={"Idempotency-Key": key})
    theirs = api.post(
        "/one-to-ones",
        json=body,
        headers={"Idempotency-Key": key, "Authorization": f"Bearer {other}"},
    )

    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]
    assert server.event_count("OneToOne.Held") == before + 2


@pytest.fixture
def locked_store(server: Server) -> Iterator[Callable[[], None]]:
    """Holds the event store's write lock, as a long transaction of another writer would
    (SQLite's file lock, or PostgreSQL's lock on the events table); yields what lets go."""
    if postgres.URL is not None:
        pg = postgres.connect(server.database)
        pg.execute("BEGIN")
        pg.execute("LOCK TABLE groundwork_events IN EXCLUSIVE MODE")
        try:
            yield lambda: pg.execute("ROLLBACK") and None
        finally:
            pg.close()
        return
    connection = sqlite3.connect(server.database, isolation_level=None, timeout=10)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield lambda: connection.execute("ROLLBACK") and None
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()


def test_a_duplicate_that_arrives_while_the_first_is_processed_is_409(
    network: Network, server: Server, locked_store: Callable[[], None]
) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = one_to_one_body(network)
    results: dict[str, httpx.Response] = {}

    def first_request() -> None:
        with server.client() as client:
            results["first"] = client.post("/one-to-ones", json=body, headers=key)

    first = threading.Thread(target=first_request)
    first.start()
    time.sleep(0.5)  # the first request now waits for the write lock
    with server.client() as client:
        duplicate = client.post("/one-to-ones", json=body, headers=key)
    locked_store()
    first.join(timeout=15)

    assert duplicate.status_code == 409
    assert duplicate.json()["error"] == "RequestInProgress"
    assert results["first"].status_code == 201
    with server.client() as client:
        retry = client.post("/one-to-ones", json=body, headers=key)
    assert retry.json() == results["first"].json()


def test_distinct_keys_record_distinct_one_to_ones(
    api: httpx.Client, network: Network, server: Server
) -> None:
    before = server.event_count("OneToOne.Held")
    ids = {
        api.post(
            "/one-to-ones",
            json=one_to_one_body(network, happened_at=ago(hours=3)),
            headers={"Idempotency-Key": str(uuid.uuid4())},
        ).json()["id"]
        for _ in range(3)
    }

    assert len(ids) == 3
    assert server.event_count("OneToOne.Held") == before + 3
