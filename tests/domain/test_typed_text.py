"""Typed text is personal data: sealed in the store, and reworded when it names someone who
is then forgotten. Given records whose typed text names a person (as organisers type names:
a first name, a phone number dialled locally) / when the person is forgotten / then every
record reads without them, what did not name them reads as it was, the raw files hold none
of their identifiers, and every count stays the same."""

from __future__ import annotations

import base64
import sqlite3
from contextlib import closing
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from domain.action import Action
from domain.application import Groundwork
from domain.decision import Decision
from domain.gathering import Gathering
from domain.one_to_one import OneToOne
from domain.person import Person
from domain.redaction import REDACTED
from tests import postgres
from tests.domain.conftest import EARLIER, RECORDER, SmallNetwork
from tests.domain.test_application import (
    hold_gathering,
    hold_one_to_one,
    launch_campaign,
    plan_action,
    propose,
)
from tests.domain.test_notes_and_consent import consent

NAME = "Zawadi Mwangi-Otieno"
EMAIL = "zawadi.mwangi@example.org"
PHONE = "+254 722 123 456"
LOCAL_PHONE = "0722-123-456"


def forms_of(text: str) -> list[bytes]:
    """The ways a text can sit in a file: UTF-8, UTF-16, base64 of UTF-8."""
    raw = text.encode()
    return [raw, text.encode("utf-16-le"), base64.b64encode(raw)]


def files_of(database: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in database.parent.iterdir() if p.is_file()}


def restatements(app: Groundwork, database: Path) -> list[str]:
    """Every text erasure re-recorded (in place of texts whose keys it destroyed), read."""
    query = "SELECT key, n FROM restated_texts"
    if postgres.URL is not None:
        with postgres.connect(database) as pg:
            places = pg.execute(query).fetchall()
    else:
        (keys_file,) = database.parent.glob("*keys*.sqlite")
        with closing(sqlite3.connect(keys_file)) as db:
            places = db.execute(query).fetchall()
    return [app.keys.restated(UUID(key), n) or "" for key, n in places]


def register(app: Groundwork, net: SmallNetwork, name: str, contact: str | None) -> UUID:
    return app.register_person(
        network_id=net.network_id,
        name=name,
        contact=contact,
        communities=["Lisbon"],
        languages=["sw"],
        recorded_by=RECORDER,
    ).id


def test_typed_text_is_not_in_the_store_in_clear_yet_reads_as_typed(
    app: Groundwork, small_network: SmallNetwork, database: Path
) -> None:
    campaign = launch_campaign(app, small_network)
    action = plan_action(app, campaign, title="Delegation with Wanjiru Kamau").id

    assert app.get(Action, action).title == "Delegation with Wanjiru Kamau"
    for name, content in files_of(database).items():
        for form in forms_of("Wanjiru"):
            assert form not in content, name


def test_forgetting_rewords_every_record_that_names_the_person(
    app: Groundwork, small_network: SmallNetwork, database: Path
) -> None:
    zawadi = register(app, small_network, NAME, f"{EMAIL}, {PHONE}")
    app.offer_skills(zawadi, skills=["Swahili interpreting"], recorded_by=RECORDER)
    one_to_one = hold_one_to_one(
        app,
        small_network,
        interests=["peer respite"],
        follow_ups=[(f"Introduce to Zawadi, call {LOCAL_PHONE}", None), ("Send the survey", None)],
    ).id
    campaign = launch_campaign(app, small_network)
    action = plan_action(app, campaign, title="Assembly at the town hall").id
    app.record_action_held(
        action,
        turnout=31,
        outcome=f"zawadi spoke first; write to {EMAIL}",
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )
    decision = propose(app, small_network, []).id
    app.take_position(
        decision,
        participant_id=small_network.organiser_id,
        option="Housing",
        reason=f"Zawadi ({PHONE}) needs housing now",
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )
    app.reach_decision(
        decision,
        outcome="Housing",
        rationale="As Zawadí Mwangi argued, housing first.",
        happened_at=EARLIER,
        recorded_by=RECORDER,
    )
    gathering = hold_gathering(
        app, small_network, reflections="MWANGI-OTIENO led the circle. Everyone felt heard."
    ).id
    events_before = app.recorder.max_notification_id() or 0
    records = [
        (OneToOne, one_to_one),
        (Action, action),
        (Decision, decision),
        (Gathering, gathering),
    ]
    versions = [app.get(kind, i).version for kind, i in records]

    app.forget_person(zawadi, recorded_by=RECORDER)

    held = app.get(OneToOne, one_to_one)
    assert [f.what for f in held.follow_ups] == [
        f"Introduce to {REDACTED}, call {REDACTED}",
        "Send the survey",
    ]
    assert held.interests == ["peer respite"]
    reached = app.get(Decision, decision)
    assert reached.rationale == f"As {REDACTED} argued, housing first."
    assert reached.outcome == "Housing"
    assert [p.reason for p in reached.positions.values()] == [
        f"{REDACTED} ({REDACTED}) needs housing now"
    ]
    assert app.get(Gathering, gathering).reflections == (
        f"{REDACTED} led the circle. Everyone felt heard."
    )
    assert app.get(Person, zawadi).skills == [""]  # their own record's words are gone
    assert app.recorder.max_notification_id() == events_before + 1  # Forgotten, nothing else
    assert [app.get(kind, i).version for kind, i in records] == versions
    assert app.get(Action, action).outcome == f"{REDACTED} spoke first; write to {REDACTED}"
    assert app.get(Action, action).turnout == 31
    for name, content in files_of(database).items():
        for text in ("Zawadi", "Zawad", "Mwangi", "zawadi.mwangi", "722 123", "722-123"):
            for form in forms_of(text):
                assert form not in content, (name, text)


def test_a_second_forgetting_rewords_what_was_reworded_and_shreds_the_first_rewording(
    app: Groundwork, small_network: SmallNetwork, database: Path
) -> None:
    zawadi = register(app, small_network, NAME, None)
    baraka = register(app, small_network, "Baraka Njoroge", None)
    gathering = hold_gathering(
        app, small_network, reflections="Zawadi and Baraka Njoroge led the circle."
    ).id

    app.forget_person(zawadi, recorded_by=RECORDER)
    first = app.get(Gathering, gathering).reflections
    app.forget_person(baraka, recorded_by=RECORDER)

    assert first == f"{REDACTED} and Baraka Njoroge led the circle."
    assert app.get(Gathering, gathering).reflections == f"{REDACTED} and {REDACTED} led the circle."
    for name, content in files_of(database).items():
        for form in forms_of("Njoroge"):
            assert form not in content, name


def test_text_recorded_before_it_was_sealed_still_reads(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    campaign = launch_campaign(app, small_network)
    planned = next(iter(app.events.get(plan_action(app, campaign).id)))
    stored = app.mapper.to_stored_event(planned)  # type: ignore[arg-type]
    state = app.mapper.transcoder.decode(stored.state)
    state["title"], state["ask"] = "Assembly at the town hall", "Fund peer workers"  # in clear
    legacy = StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=app.mapper.transcoder.encode(state),
    )

    read = app.mapper.to_domain_event(legacy)

    assert isinstance(read, Action.Planned)
    assert (read.title, read.ask) == ("Assembly at the town hall", "Fund peer workers")


def test_what_another_person_shared_is_reworded_for_the_one_it_names_and_stays_theirs(
    app: Groundwork, small_network: SmallNetwork, database: Path
) -> None:
    """A member's story and the notes about her are her personal data, but anyone may be
    named in them: forgetting the one named rewords them; forgetting her leaves no trace of
    them, not even that rewording."""
    zawadi = register(app, small_network, NAME, f"{EMAIL}, {PHONE}")
    consent(app, small_network.member_id)
    one_to_one = hold_one_to_one(
        app,
        small_network,
        person_shared="Zawadi took me to the Kibera circle; the ward frightened me",
        organiser_shared=f"I met Zawadi ({LOCAL_PHONE}) at the clinic",
        private_notes="Ask Zawadi Mwangi-Otieno about the night shelter",
        interests=["peer respite"],
    ).id

    app.forget_person(zawadi, recorded_by=RECORDER)

    held = app.get(OneToOne, one_to_one)
    assert held.person_shared is not None and held.private_notes is not None
    assert held.organiser_shared is not None
    assert held.person_shared.value == (
        f"{REDACTED} took me to the Kibera circle; the ward frightened me"
    )
    assert held.organiser_shared.value == f"I met {REDACTED} ({REDACTED}) at the clinic"
    assert held.private_notes.value == f"Ask {REDACTED} about the night shelter"
    assert held.person_shared.subject == small_network.member_id
    assert held.interests == ["peer respite"]
    for name, content in files_of(database).items():
        for text in ("Zawadi", "Mwangi", "722-123"):
            for form in forms_of(text):
                assert form not in content, (name, text)

    assert any("Kibera circle" in text for text in restatements(app, database))

    app.forget_person(small_network.member_id, recorded_by=RECORDER)

    assert not any("Kibera circle" in text for text in restatements(app, database))
    held = app.get(OneToOne, one_to_one)
    assert held.person_shared is not None and held.person_shared.forgotten
    assert held.private_notes is not None and held.private_notes.forgotten
    assert held.organiser_shared is not None and not held.organiser_shared.forgotten
    assert held.interests == ["peer respite"]
    for name, content in files_of(database).items():
        for text in ("Kibera circle", "night shelter", "frightened"):
            for form in forms_of(text):
                assert form not in content, (name, text)
