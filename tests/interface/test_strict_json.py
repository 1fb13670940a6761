"""A JSON body that names a key twice is refused with 422 naming the key, in the API's one
error shape, and nothing is recorded: Python's `json` would keep the last value, where
another reader of the same text might have seen the first."""

from __future__ import annotations

import json

import httpx

from tests.interface.conftest import Network, Server, ago, one_to_one_body


def _post(api: httpx.Client, path: str, text: str) -> httpx.Response:
    return api.post(path, content=text, headers={"Content-Type": "application/json"})


def test_a_key_named_twice_is_refused_naming_it_and_nothing_is_recorded(
    server: Server, api: httpx.Client
) -> None:
    before = [n["id"] for n in api.get("/networks").json()]
    text = (
        '{"name": "Peers", "name": "Other Peers", "focus": "Peer support", '
        f'"goals": ["Fair pay"], "communities": ["Kenya"], "happened_at": "{ago(days=3)}"}}'
    )
    refused = _post(api, "/networks", text)
    after = [n["id"] for n in api.get("/networks").json()]
    accepted = _post(api, "/networks", text.replace('"name": "Other Peers", ', ""))

    assert refused.status_code == 422
    body = refused.json()
    assert body["error"] == "InvalidInput" and body["field"] == "body"
    assert "'name' appears more than once" in body["detail"]
    assert body["problems"] == [{"field": "body", "detail": body["detail"].removeprefix("body: ")}]
    assert after == before
    assert accepted.status_code == 201, accepted.text


def test_a_key_named_twice_deep_inside_the_body_is_refused_too(
    network: Network, api: httpx.Client
) -> None:
    body = one_to_one_body(network)
    text = json.dumps(body).replace(
        '"due": "2030-01-01"', '"due": "2030-01-01", "what": "Something else"'
    )
    assert text != json.dumps(body)  # the follow-up names "what" twice

    refused = _post(api, "/one-to-ones", text)
    recorded = _post(api, "/one-to-ones", json.dumps(body))

    assert refused.status_code == 422
    assert "'what' appears more than once" in refused.json()["detail"]
    assert recorded.status_code == 201, recorded.text
