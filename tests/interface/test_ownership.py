"""Through the API: a one-to-one's notes belong to the organiser who held it. Another
organiser's correction is refused as if the notes were not there (404) and changes nothing;
recording a one-to-one for another organiser takes a leader saying so (403 otherwise), and
the record says who recorded it for whom."""

from __future__ import annotations

import httpx

from tests.interface.conftest import Network, Server, created, one_to_one_body
from tests.interface.test_access import _organisers


def correct(client: httpx.Client, one_to_one: str, notes: str) -> httpx.Response:
    return client.post(
        f"/one-to-ones/{one_to_one}/notes-corrections",
        json={"private_notes": notes, "reason": "Heard it wrong"},
    )


def test_another_organiser_cannot_correct_the_notes_and_changes_nothing(
    api: httpx.Client, network: Network, server: Server
) -> None:
    holder, other = _organisers(server, network)
    with holder, other:
        one_to_one = created(holder.post("/one-to-ones", json=one_to_one_body(network)))
        before = server.event_count()
        by_other = correct(other, one_to_one, "Words the holder never wrote")
        by_leader = correct(api, one_to_one, "Words the holder never wrote")
        unchanged = server.event_count()
        by_holder = correct(holder, one_to_one, "Call after seven")
        notes = holder.get(f"/one-to-ones/{one_to_one}/private-notes").json()

    assert by_other.status_code == 404 and by_other.json()["field"] == "path.id"
    assert by_leader.status_code == 404
    assert unchanged == before
    assert by_holder.status_code == 201
    assert notes["private_notes"] == "Call after seven" and notes["corrections"] == 1


def test_an_organiser_cannot_record_a_one_to_one_held_by_another(
    network: Network, server: Server
) -> None:
    _, other = _organisers(server, network)  # an organiser, linked to the member
    with other:
        before = server.event_count()
        as_other = other.post(
            "/one-to-ones",
            json=one_to_one_body(network, person_id=network.member, private_notes=None),
        )
        after = server.event_count()

    assert as_other.status_code == 403
    assert as_other.json()["error"] == "ForAnotherOrganiser"
    assert as_other.json()["field"] == "body.organiser_id"
    assert after == before


def test_a_leader_records_for_another_organiser_only_saying_so(
    api: httpx.Client, network: Network
) -> None:
    silent = api.post("/one-to-ones", json=one_to_one_body(network, for_another_organiser=False))
    saying_so = created(api.post("/one-to-ones", json=one_to_one_body(network)))
    history = api.get(f"/one-to-ones/{saying_so}").json()

    assert silent.status_code == 403 and silent.json()["field"] == "body.organiser_id"
    assert history["organiser_id"] == network.organiser
    assert history["for_another_organiser"] is True
    assert history["recorded_by"] == api.get("/accounts/me").json()["id"]
