"""Forgetting a person reaches every free text that named them, through a real server.

A person with a distinctive name, e-mail and phone is recorded with her own story, notes,
skills and a ladder assessment; then her name, her first name alone, her e-mail and her
phone as dialled locally are typed into the free text of every other kind of record the
API records (a one-to-one with someone else, a notes correction, a listening campaign, a
campaign and its targets, actions, a power-holder and a meeting with them, decisions, a
gathering series and a gathering, the network's guidelines and committee). She is then
forgotten: no answer of the API, no CSV, no calendar feed, no OSDI document, no web page
and no byte of any file in the data folder holds her in any of these forms; where she was
named, each text says "[forgotten person]"; counts, timelines, decisions and versions keep
their shape (docs/free-text-erasure.md).

What another person shared in a one-to-one, and the private notes about them, are that
person's personal data, and typed text too: naming her there is reworded as well (checked
on its own, last).
"""

from __future__ import annotations

import os
from base64 import b64encode
from pathlib import Path

from eventsourcing.utils import get_topic

from domain.kinds import every_kind
from tests.interface import erasure_scan as scan
from tests.interface.conftest import Server, give_password
from tests.interface.erasure_recording import record
from tests.interface.erasure_world import FORGOTTEN, PROBES, REDACTED, SECRETS
from tests.postgres import URL, pages_of_every_table, stored_events


def test_a_forgotten_person_is_in_no_answer_no_page_and_no_byte(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    server = Server(database=folder / "events.sqlite").start()
    try:
        with server.client() as api, server.client("admin") as admin:
            world = record(server, api)
            give_password(server, "tester")
            scan.wait_for_views(api)
            before = scan.shape(api, world)
            named_before = scan.answers(server, world)
            planted_before = scan.read_planted(server, world)

            erased = admin.post(f"/people/{world.person}/erasure", json={})
            assert erased.status_code == 201, erased.text
            scan.wait_for_views_derived_again(api, folder)

            after = scan.shape(api, world)
            answers = scan.answers(server, world)
            planted_after = scan.read_planted(server, world)
            own = api.get(f"/people/{world.person}").json()
    finally:
        server.stop()

    # Every kind of event that carries typed text was recorded here, so none escapes the test
    # (of events sharing their typed fields, as a campaign's changes of status do, one).
    typed: dict[str, list[str]] = {}
    for aggregate in every_kind():
        for event in vars(aggregate).values():
            if getattr(event, "typed_text", ()) and hasattr(event, "mutate"):
                owner = next(k for k in event.__mro__ if "typed_text" in vars(k))
                typed.setdefault(owner.__qualname__, []).append(get_topic(event))
    events = folder / "events.sqlite"
    untried = [
        o for o, topics in typed.items() if not any(stored_events(events, t) for t in topics)
    ]
    assert not untried, untried

    # Every typed text named her before, and says "[forgotten person]" where she was.
    for where, text in planted_before.items():
        assert scan.named(text), (where, text)
    reworded = {where: text for where, text in planted_after.items() if scan.named(text)}
    assert not reworded, reworded
    missing = {where: text for where, text in planted_after.items() if REDACTED not in text}
    assert not missing, missing

    # Every answer is whole, and the feeds, exports and views named her before.
    statuses = {url: status for url, (status, _) in answers.items()}
    assert statuses == {url: scan.expected_status(url, world) for url in answers}
    silent = [url for url in scan.naming_answers(world) if not scan.hits(*named_before[url])]
    assert not silent, silent

    # No answer holds her in any form (but for the probes: see the end).
    found = {url: scan.hits(*answer) for url, answer in answers.items()}
    typed = {url: [h[:3] for h in hits if h[3] not in PROBES] for url, hits in found.items()}
    assert not {url: hits for url, hits in typed.items() if hits}

    # Counts, timelines, decisions and versions keep their shape; her own record closes.
    assert after["totals"] == before["totals"]
    assert after["campaign_totals"] == before["campaign_totals"]
    assert after["kinds"] == before["kinds"] and len(after["kinds"]) == len(before["kinds"])
    assert after["decision"] == before["decision"] == ("reached", "Wait for the board")
    assert after["superseded"] == before["superseded"]
    her = f"/people/{world.person}"
    assert after["versions"][her] == before["versions"][her] + 1  # Person.Forgotten
    others = {url: v for url, v in after["versions"].items() if url != her}
    assert others == {url: v for url, v in before["versions"].items() if url != her}
    assert (own["name"], own["contact"]) == (FORGOTTEN, None)
    assert not any(scan.named(s) for s in own["skills"])
    assert not any(scan.named(a["reason"]) for a in own["assessments"])
    assert any(REDACTED in e["summary"] for e in after["entries"])  # the views, derived again

    # Every byte of the data folder; on PostgreSQL, every page of every table and index.
    raw = scan.bytes_in(folder)
    if URL is None:
        assert (folder / "events.views.sqlite").is_file()
        assert (folder / "events.keys.sqlite").is_file()
    else:
        raw += pages_of_every_table(folder / "events.sqlite")
    left = [(secret, form) for secret in SECRETS for form, n in scan.forms(secret) if n(raw)]
    assert not left, left
    assert b"Kenya" in raw  # what is not personal data is still there

    print(
        f"\n{len(world.planted)} typed fields named her, {len(answers)} answers checked "
        f"({sum(len(body) for _, body in answers.values())} characters) for "
        f"{len(SECRETS)} forms of her"
    )

    # What the member shared, and the private notes about them, are the member's personal
    # data: forgetting her rewords them too (GET /one-to-ones/{id} .person_shared, the
    # holder's GET .../private-notes, the member's own export).
    probes = {
        url: sorted({(h[1], h[2]) for h in hits if h[3] in PROBES}) for url, hits in found.items()
    }
    assert not {url: where for url, where in probes.items() if where}


def test_the_byte_scan_finds_each_form_of_her_among_noise() -> None:
    """The scan of the data folder finds a text in each encoding it looks for, wherever it
    lies among random bytes and base64 (so that finding nothing means something)."""
    noise = os.urandom(4096)
    noisy = b64encode(os.urandom(3000))
    for secret in SECRETS:
        forms = dict(scan.forms(secret))
        assert not any(found(noise + noisy) for found in forms.values()), secret
        assert forms["utf-8"](noise + f" {secret} ".encode() + noisy), secret
        assert forms["utf-8, lower case"](noisy + f'"{secret.lower()}"'.encode()), secret
        assert forms["utf-16-le"](noise + secret.encode("utf-16-le") + noise), secret
        for shift in range(3 if len(secret) >= 8 else 0):  # "Oduya": see `scan.forms`
            encoded = b64encode(os.urandom(3 * 7 + shift) + secret.encode() + os.urandom(5))
            assert any(found(noise + encoded) for found in forms.values()), (secret, shift)
