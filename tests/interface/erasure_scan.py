"""Reading and searching for `test_erasure_everywhere`: every answer that could hold her
(records, histories, feeds, exports, OSDI documents, web pages), where an answer holds her,
the forms in which she could lie in the bytes of a file, and waiting for the views."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from base64 import b64encode
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.interface.conftest import PASSWORD, Server
from tests.interface.erasure_world import SECRETS, World
from tests.postgres import URL

# ------------------------------------------------------------------ reading


def read_planted(server: Server, w: World) -> dict[tuple[str, str], str]:
    read = {}
    for p in w.planted:
        with server.client(p.account) as client:
            read[(p.url, p.label)] = p.read(client.get(p.url).json())
    return read


def shape(api: httpx.Client, w: World) -> dict[str, Any]:
    """What must not change when she is forgotten (and the timeline's entries)."""
    progress = api.get(f"/networks/{w.network.id}/progress").json()
    campaign = api.get(f"/campaigns/{w.campaign}/progress").json()
    timeline = api.get(f"/campaigns/{w.campaign}/timeline", params={"limit": 500}).json()
    decision = api.get(f"/decisions/{w.decision}").json()
    superseded = api.get(f"/decisions/{w.superseded}").json()
    return {
        "totals": (progress["totals"], progress["pipeline"]),
        "campaign_totals": campaign["totals"],
        "kinds": [e["kind"] for e in timeline["entries"]],
        "entries": timeline["entries"],
        "decision": (decision["status"], decision["outcome"]),
        "superseded": (superseded["status"], superseded["outcome"], superseded["superseded_by"]),
        "versions": {url: api.get(url).json()["version"] for url in w.records},
    }


def answers(server: Server, w: World) -> dict[str, tuple[int, str]]:
    """Every answer that could hold her: each record, the histories, timelines, views,
    exports, feeds, OSDI documents and web pages; by URL (and account), with its status."""
    n = w.network
    her, member, organiser = w.person, n.member, n.organiser
    as_tester = [
        *w.records,
        f"/people/{her}/history?limit=500",
        f"/people/{member}/history?limit=500",
        f"/people/{organiser}/history?limit=500",
        f"/campaigns/{w.campaign}/timeline?limit=500",
        f"/campaigns/{w.campaign}/timeline.csv",
        f"/campaigns/{w.campaign}/progress",
        f"/campaigns/{w.campaign}/progress.csv",
        f"/campaigns/{w.campaign}/calendar.ics",
        f"/networks/{n.id}/calendar.ics",
        f"/networks/{n.id}/people?limit=500",
        f"/networks/{n.id}/people.csv",
        f"/networks/{n.id}/power-map?limit=500",
        f"/networks/{n.id}/power-map.csv",
        f"/networks/{n.id}/commitments.csv",
        f"/networks/{n.id}/progress",
        f"/networks/{n.id}/skill-shares",
        f"/power-holders/{w.holder}/power-map",
        f"/networks/{n.id}/osdi/people?per_page=100",
        f"/networks/{n.id}/osdi/events?per_page=100",
        f"/osdi/people/{her}",
        f"/osdi/people/{member}",
        f"/osdi/events/{w.held_action}",
        f"/osdi/events/{w.cancelled_action}",
        f"/osdi/events/{w.gathering}",
        f"/osdi/events/{w.gathering}/attendances",
        f"/decisions/{w.decision}/audit?limit=500",
        f"/decisions/{w.superseded}/audit?limit=500",
    ]
    answers: dict[str, tuple[int, str]] = {}
    with server.client() as api:
        for url in as_tester:
            answers[url] = _get(api, url)
    with server.client() as holder:
        holder.headers.update(w.holder_headers)
        for one_to_one in (w.own_one_to_one, w.other_one_to_one):
            url = f"/one-to-ones/{one_to_one}/private-notes"
            answers[f"{url} (holder)"] = _get(holder, url)
    with server.client("admin") as admin:
        for person in (her, member, organiser):
            answers[f"/people/{person}/export"] = _get(admin, f"/people/{person}/export")
    with server.client("auditor") as auditor:
        for person in (her, member):
            url = f"/access-record?person_id={person}"
            answers[url] = _get(auditor, url)
    with _signed_in(server) as web:
        for page in (
            f"/app/networks/{n.id}",
            f"/app/networks/{n.id}/people",
            f"/app/networks/{n.id}/power-map",
            f"/app/networks/{n.id}/progress",
            f"/app/campaigns/{w.campaign}",
            f"/app/people/{her}",
            f"/app/people/{member}",
            f"/app/skill-shares/{w.skill_share}",
            f"/app/decisions/{w.decision}/audit",
            f"/app/decisions/{w.superseded}/audit",
            f"/app/networks/{n.id}/one-to-ones/new",
            f"/app/networks/{n.id}/decisions/new",
            f"/app/networks/{n.id}/power-holder-meetings/new",
            f"/app/networks/{n.id}/power-holders/new",
            f"/app/networks/{n.id}/gathering-series/new",
            f"/app/networks/{n.id}/listening-campaigns/new",
            f"/app/campaigns/{w.campaign}/actions/new",
            f"/app/gathering-series/{w.series}/gatherings/new",
            f"/app/listening-campaigns/{w.listening}/sessions/new",
        ):
            answers[page] = _get(web, page)
    return answers


def _get(client: httpx.Client, url: str) -> tuple[int, str]:
    response = client.get(url)
    # A page that sent the browser elsewhere (to sign in, say) is not the page.
    status = response.history[0].status_code if response.history else response.status_code
    text = response.text
    if url.split("?")[0].endswith(".ics"):  # unfolded: a long line is split at 75 octets
        text = re.sub(r"\r?\n[ \t]", "", text)
    return status, text


def expected_status(url: str, w: World) -> int:
    if url == f"/osdi/people/{w.person}":
        return 404  # a forgotten person is not handed out (and before: 200)
    if url == f"/app/listening-campaigns/{w.listening}/sessions/new":
        return 409  # it is closed (its page is read all the same)
    return 200


def naming_answers(w: World) -> list[str]:
    """Answers that must have named her before she was forgotten: so that their being
    clean afterwards means something."""
    n = w.network
    return [
        f"/campaigns/{w.campaign}/timeline?limit=500",
        f"/campaigns/{w.campaign}/timeline.csv",
        f"/campaigns/{w.campaign}/calendar.ics",
        f"/networks/{n.id}/calendar.ics",
        f"/networks/{n.id}/people?limit=500",
        f"/networks/{n.id}/people.csv",
        f"/networks/{n.id}/power-map?limit=500",  # (its CSV names the power-holder only)
        f"/networks/{n.id}/commitments.csv",
        f"/networks/{n.id}/osdi/people?per_page=100",
        f"/networks/{n.id}/osdi/events?per_page=100",
        f"/osdi/events/{w.held_action}",
        f"/people/{w.person}/history?limit=500",
        f"/people/{n.member}/history?limit=500",
        f"/decisions/{w.decision}/audit?limit=500",
        f"/people/{w.person}/export",
        f"/app/campaigns/{w.campaign}",
        f"/app/networks/{n.id}/people",
        f"/app/people/{w.person}",
        f"/app/decisions/{w.decision}/audit",
    ]


# ------------------------------------------------------------------ finding her


def named(text: str) -> bool:
    folded = text.casefold()
    return any(secret.casefold() in folded for secret in SECRETS)


def hits(status: int, text: str) -> list[tuple[str, str, str, str]]:
    """Where an answer holds her: (the field, its path, the form of her found, the text)."""
    try:
        body = json.loads(text)
    except ValueError:
        return [("", "", s, "") for s in SECRETS if s.casefold() in text.casefold()]
    return [
        (path.rsplit(".", 1)[-1].split("[")[0], path, s, value)
        for path, value in _strings(body, "")
        for s in SECRETS
        if s.casefold() in value.casefold()
    ]


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield path + "." + str(key), str(key)
            yield from _strings(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _strings(inner, f"{path}[{i}]")


def forms(secret: str) -> list[tuple[str, Callable[[bytes], bool]]]:
    """How a text could lie in a file: UTF-8 (as typed, and without case), UTF-16-LE, and
    base64 of its UTF-8 at each of the three alignments."""
    forms: list[tuple[str, Callable[[bytes], bool]]] = []
    for name, encoded in (
        ("utf-8", secret.encode()),
        ("utf-8, lower case", secret.casefold().encode()),
        ("utf-16-le", secret.encode("utf-16-le")),
        ("utf-16-le, lower case", secret.casefold().encode("utf-16-le")),
    ):
        forms.append((name, _finder(encoded)))
    for shift in range(3):
        whole = b64encode(b"\0" * shift + secret.encode())
        # Only the characters that depend on the secret's bytes alone.
        core = whole[(0, 2, 3)[shift] : 4 * ((shift + len(secret.encode())) // 3)]
        if len(core) >= 8:  # shorter runs turn up by chance in base64 of ciphertext
            forms.append((f"base64, shifted {shift}", _finder(core)))
    return forms


def _finder(encoded: bytes) -> Callable[[bytes], bool]:
    if len(encoded) >= 8:
        return lambda raw: encoded in raw
    # A short word ("Oduya") turns up by chance in base64 of ciphertext: found only as a
    # word of its own there, not inside a run of base64 characters.
    pattern = re.compile(rb"(?<![A-Za-z0-9+/])" + re.escape(encoded) + rb"(?![A-Za-z0-9+/])")
    return lambda raw: pattern.search(raw) is not None


def bytes_in(folder: Path) -> bytes:
    """Every file of the data folder: the events, the views, the keys, their WAL files,
    the server's log."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


# ------------------------------------------------------------------ the server


def wait_for_views(api: httpx.Client, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while any(v["lag"] for v in api.get("/views").json()):
        assert time.monotonic() < deadline, api.get("/views").text
        time.sleep(0.05)


def wait_for_views_derived_again(api: httpx.Client, folder: Path, seconds: float = 60) -> None:
    """Until the views were derived again after the forgetting, and caught up: on SQLite,
    until the views' files have seen every key destroyed; else, a moment for the follower
    to notice (it looks every 0.2 s)."""
    deadline = time.monotonic() + seconds
    if URL is None:
        while not _views_saw_every_forgetting(folder):
            assert time.monotonic() < deadline, "the views were not derived again"
            time.sleep(0.05)
    else:
        time.sleep(2)
    wait_for_views(api, seconds)


def _views_saw_every_forgetting(folder: Path) -> bool:
    def one(path: Path, sql: str) -> int | None:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
            row = db.execute(sql).fetchone()
        return None if row is None else int(row[0])

    destroyed = one(
        folder / "events.keys.sqlite", "SELECT count(*) FROM personal_keys WHERE key IS NULL"
    )
    views = [
        one(path, "SELECT forgettings FROM views_forgettings")
        for path in folder.glob("events.views*.sqlite")
    ]
    return bool(destroyed) and bool(views) and all(v == destroyed for v in views)


@contextmanager
def _signed_in(server: Server) -> Iterator[httpx.Client]:
    """A client of the web app, signed in as the tests' organiser and leader; its forms say
    they come from the site, as a browser's do."""
    with httpx.Client(
        base_url=server.url, timeout=30, follow_redirects=True, headers={"Origin": server.url}
    ) as web:
        signed = web.post("/app/sign-in", data={"name": "tester", "password": PASSWORD})
        assert signed.status_code == 200 and "groundwork_session" in web.cookies, signed.text
        yield web
