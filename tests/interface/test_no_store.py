"""Answers that may carry people's names and stories tell every cache, shared or the
browser's own, to keep no copy (`Cache-Control: no-store`); the site's own files, which name
no one, may be cached."""

from __future__ import annotations

import httpx

from interface.api.headers import PAGE_HEADERS
from tests.interface.conftest import Network, Server


def test_answers_carrying_personal_data_are_not_stored_by_any_cache(
    server: Server, api: httpx.Client, network: Network
) -> None:
    answers = {
        "a person": api.get(f"/people/{network.member}"),
        "the network's people": api.get(f"/networks/{network.id}/people"),
        "OSDI people": api.get(f"/networks/{network.id}/osdi/people"),
        "a refusal": api.get("/people/00000000-0000-0000-0000-000000000000"),
        "the sign-in page": httpx.get(f"{server.url}/app/sign-in"),
    }
    stylesheet = httpx.get(f"{server.url}/static/app.css")

    for what, answer in answers.items():
        assert answer.status_code in (200, 404), (what, answer.status_code)
        assert answer.headers.get("Cache-Control") == "no-store", what
    assert stylesheet.status_code == 200
    assert "no-store" not in stylesheet.headers.get("Cache-Control", "")


def test_pages_and_files_forbid_other_origins_framing_and_sniffing(
    server: Server, api: httpx.Client
) -> None:
    page = httpx.get(f"{server.url}/app/sign-in")
    stylesheet = httpx.get(f"{server.url}/static/app.css")
    answer = api.get("/health")

    for what, sent in {"a page": page, "a file": stylesheet}.items():
        assert sent.status_code == 200, what
        for name, value in PAGE_HEADERS.items():
            assert sent.headers.get(name) == value, (what, name)
        # each header once, even where the answer had set some of its own
        assert len(sent.headers.get_list("content-security-policy")) == 1, what
    assert "content-security-policy" not in answer.headers
    assert answer.headers.get("Cache-Control") == "no-store"
