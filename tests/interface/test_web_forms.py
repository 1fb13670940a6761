"""Every state-changing form of the web app must come from a page of this site: a same-origin
Origin, or when there is none a same-origin Referer; anything else is refused with a page
saying why, and nothing is recorded."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from fastapi.routing import APIRoute

from interface.api.app import create_app
from interface.settings import Settings
from tests.interface.conftest import Server
from tests.interface.test_routing import client_of, routes_of

PASSWORD = "correct horse battery staple"
FOREIGN = "https://evil.example"


def _sign_in(server: Server, headers: dict[str, str]) -> httpx.Response:
    with httpx.Client(base_url=server.url) as client:
        return client.post(
            "/app/sign-in", data={"name": "tester", "password": PASSWORD}, headers=headers
        )


def test_signing_in_needs_a_same_origin_origin_or_referer(server: Server) -> None:
    server.set_password("tester", PASSWORD)
    here = server.url
    refused = {
        "no Origin nor Referer": _sign_in(server, {}),
        "a foreign Origin": _sign_in(server, {"Origin": FOREIGN}),
        "a null Origin": _sign_in(server, {"Origin": "null"}),
        "a foreign Referer": _sign_in(server, {"Referer": f"{FOREIGN}/app/sign-in"}),
        "a foreign Origin, same Referer": _sign_in(
            server, {"Origin": FOREIGN, "Referer": f"{here}/app/sign-in"}
        ),
    }
    by_origin = _sign_in(server, {"Origin": here})
    by_referer = _sign_in(server, {"Referer": f"{here}/app/sign-in?next=/app/"})

    for why, response in refused.items():
        assert response.status_code == 403, why
        assert "groundwork_session" not in response.cookies, why
        assert "did not come from a page of this site" in response.text, why
    assert by_origin.status_code == 303 and "groundwork_session" in by_origin.cookies
    assert by_referer.status_code == 303 and "groundwork_session" in by_referer.cookies


def test_a_form_posted_with_the_session_cookie_but_from_elsewhere_records_nothing(
    server: Server,
) -> None:
    server.set_password("tester", PASSWORD)
    with httpx.Client(base_url=server.url) as browser:
        signed_in = browser.post(
            "/app/sign-in",
            data={"name": "tester", "password": PASSWORD},
            headers={"Origin": server.url},
        )
        assert signed_in.status_code == 303
        before = server.event_count()
        without_origin = browser.post("/app/sign-out")
        foreign = browser.post("/app/sign-out", headers={"Origin": FOREIGN})
        after = server.event_count()
        still_signed_in = browser.get("/app/sign-in")  # a page, to check the session below
        accounts_page = browser.get("/app/")
        signed_out = browser.post("/app/sign-out", headers={"Origin": server.url})

    assert without_origin.status_code == foreign.status_code == 403
    assert after == before  # the session was not ended: nothing recorded
    assert still_signed_in.status_code == 200
    assert accounts_page.status_code in (200, 303)
    assert "/app/sign-in" not in accounts_page.headers.get("location", "")
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/app/sign-in"


def test_every_form_of_the_web_app_is_refused_from_another_site(tmp_path: Path) -> None:
    api = create_app(Settings(database=tmp_path / "events.sqlite"))
    posts = sorted(
        re.sub(r"\{\w+\}", "00000000-0000-4000-8000-000000000000", route.path)
        for route in routes_of(api.routes)
        if isinstance(route, APIRoute)
        and route.path.startswith("/app")
        and set(route.methods or ()) - {"GET", "HEAD", "OPTIONS"}
    )
    # Not started (no lifespan): the check comes before signing in or reading anything.
    client = client_of(api, follow_redirects=False)
    statuses = {path: client.post(path, headers={"Origin": FOREIGN}).status_code for path in posts}

    assert len(posts) > 20 and "/app/sign-in" in posts
    assert statuses == dict.fromkeys(posts, 403)
