"""Webhooks with a real receiving HTTP server on loopback: deliveries arrive in order, a
receiver that fails twice gets the event on the third try, signatures verify, and nothing
personal is ever sent."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.interface.conftest import (
    Server,
    ago,
    created,
    free_port,
    launch_campaign,
    one_to_one_body,
    record_network,
)


class Receiver(ThreadingHTTPServer):
    """Records every request; answers 500 to the first `failures` of them."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, str], bytes, int]] = []
        super().__init__(("127.0.0.1", free_port()), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        status = 500 if len(self.server.received) < self.server.failures else 204
        self.server.received.append((dict(self.headers), body, status))
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:  # quiet
        pass


@contextmanager
def receiving(failures: int) -> Iterator[Receiver]:
    """A receiver serving in a thread of its own until the block ends."""
    running = Receiver(failures=failures)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    try:
        yield running
    finally:
        running.shutdown()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving(failures=2) as running:
        yield running


@pytest.fixture
def quick(tmp_path: Path) -> Iterator[Server]:
    """A server whose failed deliveries are retried after 0.2 s (then 0.4 s...)."""
    server = Server(
        database=tmp_path / "events.sqlite", env={"GROUNDWORK_WEBHOOK_RETRY_SECONDS": "0.2"}
    ).start()
    yield server
    server.stop()


def delivered(receiver: Receiver, count: int) -> list[tuple[dict[str, str], bytes, int]]:
    deadline = time.monotonic() + 20
    while len([r for r in receiver.received if r[2] == 204]) < count:
        assert time.monotonic() < deadline, receiver.received
        time.sleep(0.05)
    return receiver.received


def test_deliveries_arrive_in_order_signed_and_again_after_failures(
    quick: Server, receiver: Receiver
) -> None:
    with quick.client() as api, quick.client("admin") as admin:
        network = record_network(api)
        hook = admin.post("/webhooks", json={"url": receiver.url, "kinds": ["one_to_one"]})
        assert hook.status_code == 201, hook.text
        secret = hook.json()["token"]
        made = [
            created(api.post("/one-to-ones", json=one_to_one_body(network, interests=[tag])))
            for tag in ("first", "second", "third")
        ]
        launch_campaign(api, network)
        received = delivered(receiver, 3)
        listed = admin.get("/webhooks").json()["webhooks"]

    statuses = [status for _, _, status in received]
    bodies = [json.loads(body) for _, body, _ in received]
    assert statuses == [500, 500, 204, 204, 204]  # the first event: on the third try
    assert bodies[0] == bodies[1] == bodies[2]  # the same delivery, tried again
    ok = [b for b, (_, _, s) in zip(bodies, received, strict=True) if s == 204]
    assert [b["source"] for b in ok] == [f"/one-to-ones/{i}" for i in made]  # in order
    assert [b["position"] for b in ok] == sorted(b["position"] for b in ok)
    assert all(b["kind"] == "one_to_one" for b in ok)  # the campaign was not asked for
    assert {key for b in ok for key in b} == {
        "webhook_id",
        "position",
        "kind",
        "event",
        "source",
        "happened_at",
        "recorded_at",
        "recorded_by",
        "correction",
    }  # ids, kinds and times: no text anyone typed
    for headers, body, _ in received:
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["Groundwork-Signature"], expected)
        assert b"Call after six" not in body and b"What keeps me going" not in body
        assert b"Organiser" not in body and b"Member" not in body  # no names
    assert received[0][0]["Groundwork-Delivery"] == received[2][0]["Groundwork-Delivery"]
    assert listed[0]["delivered"] == 3 and listed[0]["last_error"] is None


def test_a_webhook_is_for_admins_and_takes_only_known_kinds_and_web_addresses(
    api: httpx.Client, server: Server
) -> None:
    with server.client("admin") as admin:
        bad_kind = admin.post("/webhooks", json={"url": "https://example.org", "kinds": ["x"]})
        bad_url = admin.post("/webhooks", json={"url": "file:///etc/passwd", "kinds": ["action"]})
    not_admin = api.post("/webhooks", json={"url": "https://example.org", "kinds": ["action"]})

    assert bad_kind.status_code == 422 and bad_kind.json()["field"].startswith("body.kinds")
    assert bad_url.status_code == 422 and bad_url.json()["field"] == "body.url"
    assert not_admin.status_code == 403


def test_a_delivery_carries_no_text_anyone_typed(quick: Server, receiver: Receiver) -> None:
    name = "Wanjiru Kamau-Otieno"
    with quick.client() as api, quick.client("admin") as admin:
        network = record_network(api)
        hook = admin.post("/webhooks", json={"url": receiver.url, "kinds": ["action", "campaign"]})
        assert hook.status_code == 201, hook.text
        campaign = launch_campaign(api, network)
        action = created(
            api.post(
                "/actions",
                json={
                    "campaign_id": campaign,
                    "kind": "delegation",
                    "title": f"Delegation with {name}",
                    "scheduled_for": ago(hours=-48),
                    "ask": f"Meet {name} about fair pay",
                    "turnout_pledged": 12,
                },
            )
        )
        received = delivered(receiver, 2)

    bodies = [body for _, body, status in received if status == 204]
    assert [json.loads(b)["source"] for b in bodies][-1] == f"/actions/{action}"
    for body in bodies:
        for form in (name, name.split()[0]):
            assert form.encode() not in body
            assert form.encode("utf-16-le") not in body
