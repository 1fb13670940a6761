"""The right to be forgotten, by crypto-shredding, on real SQLite files.

Personal data is stored encrypted with a key per person, kept in a key store apart from the
event store; forgetting a person records `Person.Forgotten` and destroys their key, so that
no file holds their data in a readable form, while counts, timelines and the log's chain
stay as they were."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.application import Groundwork
from domain.errors import AlreadyForgotten, PersonForgotten
from domain.one_to_one import OneToOne
from domain.person import Person
from domain.personal import FORGOTTEN_PERSON, PersonalData, PersonalDataAsDict, readable
from domain.store.chain import verify
from domain.store.keys import PersonalKeys, key_store_name
from domain.store.sqlite import StoreUnreadable, check_readable
from domain.values import Channel, ConsentScope
from projections.collective import CollectiveProgress
from projections.follower import REBUILD_BATCH, Follower, open_views
from projections.progress import CampaignProgress
from tests import postgres
from tests.domain.conftest import EARLIER, NOW, RECORDER, app_on, register_small_network
from tests.postgres import sqlite_only, store_env

NAME = "Zephyrine Quillfeather-Ostrowska"
CONTACT = "zephyrine.quillfeather@example.org"
SHARED = "Quillfeather story: the ward where I first heard a peer"
NOTES = "Quillfeather notes: calls best after the night shift"
ORGANISER_SHARED = "Why the organiser does this work"
#: Every distinctive string the forgotten person's records hold.
THEIRS = (NAME, CONTACT, SHARED, NOTES, "Zephyrine", "Quillfeather")


@dataclasses.dataclass(frozen=True)
class Recorded:
    network_id: UUID
    organiser_id: UUID
    person_id: UUID
    campaign_id: UUID
    one_to_one_id: UUID


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def app(data: Path) -> Iterator[Groundwork]:
    application = app_on(data / "events.sqlite")
    yield application
    application.close()


def record_someone_to_forget(app: Groundwork) -> Recorded:
    net = register_small_network(app)
    campaign_id = app.launch_campaign(
        network_id=net.network_id,
        name="Peer workers in every ward",
        goal="A paid peer worker in each ward",
        issue="No peer roles in hospitals",
        listening_campaign_id=None,
        happened_at=EARLIER,
        recorded_by=RECORDER,
    ).id
    person_id = app.register_person(
        network_id=net.network_id,
        name=NAME,
        contact=None,
        communities=["Porto"],
        languages=["pt"],
        recorded_by=RECORDER,
    ).id
    app.provide_contact_details(person_id, contact=CONTACT, recorded_by=RECORDER)
    app.give_consent(
        person_id, scope=ConsentScope.KEEP_NOTES, happened_at=EARLIER, recorded_by=RECORDER
    )
    one_to_one_id = app.hold_one_to_one(
        network_id=net.network_id,
        organiser_id=net.organiser_id,
        person_id=person_id,
        campaign_id=campaign_id,
        happened_at=EARLIER,
        channel=Channel.IN_PERSON,
        interests=["fair pay"],
        organiser_shared=ORGANISER_SHARED,
        person_shared=SHARED,
        follow_ups=[("Send the survey", date(2025, 4, 1))],
        private_notes=NOTES,
        recorded_by=RECORDER,
    ).id
    return Recorded(net.network_id, net.organiser_id, person_id, campaign_id, one_to_one_id)


def rebuild_every_view(app: Groundwork) -> Follower:
    """What `groundwork projections rebuild` does: empty every view, apply the whole log."""
    follower = Follower(app, open_views(app), batch_size=REBUILD_BATCH)
    total = app.recorder.max_notification_id() or 0
    for view in follower.views:
        view.reset()
    while any(v.position() < total for v in follower.views):
        follower.catch_up_all()
    assert not follower.failures
    return follower


def counts(follower: Follower, r: Recorded) -> tuple[Any, Any]:
    collective, _ = follower.view_of(CollectiveProgress)
    progress, _ = follower.view_of(CampaignProgress)
    return (
        collective.collective(r.network_id, today=NOW.date()),
        progress.progress(r.campaign_id, today=NOW.date()),
    )


def holding(folder: Path, needle: str | bytes) -> list[str]:
    """The files of the folder (databases, write-ahead logs, shared memory) whose raw bytes
    hold the needle (a text as UTF-8)."""
    raw = needle.encode() if isinstance(needle, str) else needle
    return sorted(p.name for p in folder.iterdir() if p.is_file() and raw in p.read_bytes())


def stored_key(keys_file: Path, subject: UUID) -> bytes | None:
    with closing(sqlite3.connect(keys_file)) as db:
        row = db.execute(
            "SELECT key FROM personal_keys WHERE subject = ?", (subject.hex,)
        ).fetchone()
    assert row is not None
    return None if row[0] is None else bytes(row[0])


# ---------------------------------------------------------------- the whole story


@sqlite_only  # scans the SQLite files' bytes; on PostgreSQL: tests/domain/test_postgres.py
def test_a_forgotten_person_is_nowhere_in_any_file_and_the_counts_and_chain_stay(
    app: Groundwork, data: Path
) -> None:
    r = record_someone_to_forget(app)
    follower = rebuild_every_view(app)
    before = counts(follower, r)
    key = stored_key(data / "events.keys.sqlite", r.person_id)

    assert before[0].totals["one_to_ones"] == 1 and before[1].totals["one_to_ones"] == 1
    assert before[0].pipeline["unassessed"] == 3
    assert key is not None and len(key) == 32
    # The key store holds the key, apart from the events; no file holds plaintext.
    assert holding(data, key) in (["events.keys.sqlite"], ["events.keys.sqlite-wal"])
    for text in (*THEIRS, ORGANISER_SHARED):
        assert holding(data, text) == [], text
    assert app.read(Person, r.person_id).name.value == NAME

    app.forget_person(r.person_id, recorded_by=RECORDER)
    follower.close()
    follower = rebuild_every_view(app)
    after = counts(follower, r)
    follower.close()

    assert {p.name for p in data.iterdir()} >= {
        "events.sqlite",
        "events.sqlite-wal",
        "events.keys.sqlite",
        "events.keys.sqlite-wal",
    }
    assert holding(data, key) == []
    for text in THEIRS:
        assert holding(data, text) == [], text
    assert stored_key(data / "events.keys.sqlite", r.person_id) is None  # the tombstone
    assert after == before
    assert verify(app.factory.datastore).intact  # type: ignore[attr-defined]

    for reader in (app, app_on(data / "events.sqlite")):  # this process's caches, and anew
        person = reader.read(Person, r.person_id)
        one_to_one = reader.read(OneToOne, r.one_to_one_id)
        assert (person.name.value, person.contact, person.forgotten) == (
            FORGOTTEN_PERSON,
            None,
            True,
        )
        assert readable(one_to_one.person_shared) is None
        assert readable(one_to_one.private_notes) is None
        assert readable(one_to_one.organiser_shared) == ORGANISER_SHARED  # not theirs
        registered = reader.history(Person, r.person_id)[0]
        assert registered.name == PersonalData.erased(r.person_id)
        if reader is not app:
            reader.close()


def test_a_forgotten_person_gets_no_new_key_and_no_new_personal_data(app: Groundwork) -> None:
    r = record_someone_to_forget(app)
    app.forget_person(r.person_id, recorded_by=RECORDER)
    before = app.recorder.max_notification_id()

    refused = [
        lambda: app.keys.key_for(r.person_id),
        lambda: app.provide_contact_details(r.person_id, contact=CONTACT, recorded_by=RECORDER),
        lambda: app.offer_skills(r.person_id, skills=["design"], recorded_by=RECORDER),
        lambda: app.hold_one_to_one(
            network_id=r.network_id,
            organiser_id=r.organiser_id,
            person_id=r.person_id,
            happened_at=EARLIER,
            channel=Channel.VIDEO,
            person_shared=SHARED,
            recorded_by=RECORDER,
        ),
        lambda: app.hold_one_to_one(
            network_id=r.network_id,
            organiser_id=r.person_id,
            person_id=r.organiser_id,
            happened_at=EARLIER,
            channel=Channel.VIDEO,
            recorded_by=RECORDER,
        ),
        lambda: app.correct_notes(
            r.one_to_one_id, private_notes=NOTES, reason="typo", recorded_by=RECORDER
        ),
    ]
    for command in refused:
        with pytest.raises(PersonForgotten) as raised:
            command()
        assert str(r.person_id) in raised.value.detail
        assert "Quillfeather" not in raised.value.detail
    assert app.recorder.max_notification_id() == before
    # A follow-up done records no personal data: it is still counted.
    app.mark_follow_up_done(r.one_to_one_id, number=1, happened_at=NOW, recorded_by=RECORDER)


def test_forgetting_twice_is_refused_as_already_forgotten(app: Groundwork) -> None:
    r = record_someone_to_forget(app)
    first = app.forget_person(r.person_id, recorded_by=RECORDER)

    with pytest.raises(AlreadyForgotten, match=f"Person {r.person_id} is already forgotten"):
        app.forget_person(r.person_id, recorded_by=RECORDER)
    assert app.get(Person, r.person_id).version == first.version


@sqlite_only  # reads the key store's SQLite file and scans its bytes
def test_forgetting_again_finishes_a_forgetting_interrupted_before_the_key_was_destroyed(
    app: Groundwork, data: Path
) -> None:
    r = record_someone_to_forget(app)
    person = app.get(Person, r.person_id)
    person.forget(now=NOW, recorded_by=RECORDER)
    app.save(person)  # recorded, then the process died before destroying the key
    key = stored_key(data / "events.keys.sqlite", r.person_id)
    assert key is not None

    again = app.forget_person(r.person_id, recorded_by=RECORDER)

    assert again.version == person.version  # nothing new recorded
    assert stored_key(data / "events.keys.sqlite", r.person_id) is None
    assert holding(data, key) == []
    assert app.read(OneToOne, r.one_to_one_id).private_notes == PersonalData.erased(r.person_id)


def test_forgetting_someone_not_on_record_is_not_found(app: Groundwork) -> None:
    unknown = uuid4()
    with pytest.raises(Exception, match=f"No person with id {unknown}"):
        app.forget_person(unknown, recorded_by=RECORDER)
    assert not app.keys.is_forgotten(unknown)


def test_forgetting_in_another_process_reaches_this_ones_caches(
    app: Groundwork, data: Path
) -> None:
    r = record_someone_to_forget(app)
    assert app.read(OneToOne, r.one_to_one_id).private_notes == PersonalData(r.person_id, NOTES)
    other = app_on(data / "events.sqlite")  # its own connections, as another process has

    other.forget_person(r.person_id, recorded_by=RECORDER)
    other.close()

    assert app.read(Person, r.person_id).name.value == FORGOTTEN_PERSON
    assert readable(app.read(OneToOne, r.one_to_one_id).private_notes) is None
    with pytest.raises(PersonForgotten):
        app.keys.key_for(r.person_id)


# ---------------------------------------------------------------- the key store


def test_personal_data_is_stored_encrypted_and_bound_to_its_subject(app: Groundwork) -> None:
    r = record_someone_to_forget(app)
    (stored,) = [
        n
        for n in app.recorder.select_notifications(start=None, limit=100)
        if n.originator_id == r.person_id and n.originator_version == 2
    ]
    other = uuid4()
    app.keys.key_for(other)

    assert b'"cipher"' in stored.state and CONTACT.encode() not in stored.state
    moved = stored.state.replace(r.person_id.hex.encode(), other.hex.encode())
    with pytest.raises(Exception, match=f"person {other} does not decrypt"):
        app.mapper.transcoder.decode(moved)


def test_the_key_store_sits_next_to_the_event_store_unless_named() -> None:
    assert key_store_name({"SQLITE_DBNAME": "data/groundwork.sqlite"}) == (
        "data/groundwork.keys.sqlite"
    )
    assert key_store_name({"SQLITE_DBNAME": ":memory:"}) == ":memory:"
    assert key_store_name({}) == ":memory:"
    assert key_store_name(
        {"SQLITE_DBNAME": "a.sqlite", "PERSONAL_KEYS_DBNAME": "/keys/k.sqlite"}
    ) == ("/keys/k.sqlite")


def test_a_new_key_is_on_disk_before_it_is_handed_out(tmp_path: Path) -> None:
    keys = PersonalKeys(str(tmp_path / "k.sqlite"))
    subject = uuid4()
    key = keys.key_for(subject)

    assert stored_key(tmp_path / "k.sqlite", subject) == key  # read by another connection
    assert keys.key_for(subject) == key
    keys.close()


def test_with_a_cipher_key_the_keys_are_stored_encrypted(tmp_path: Path) -> None:
    cipher_key = bytes(range(32))
    keys = PersonalKeys(str(tmp_path / "k.sqlite"), cipher_key=cipher_key)
    subject = uuid4()
    key = keys.key_for(subject)
    keys.close()

    assert holding(tmp_path, key) == []
    reopened = PersonalKeys(str(tmp_path / "k.sqlite"), cipher_key=cipher_key)
    assert reopened.key_of(subject) == key
    reopened.close()
    without = PersonalKeys(str(tmp_path / "k.sqlite"))
    with pytest.raises(Exception, match="GROUNDWORK_CIPHER_KEY"):
        without.key_of(subject)
    without.close()


def test_a_forgotten_subject_never_gets_a_new_key_even_after_reopening(tmp_path: Path) -> None:
    keys = PersonalKeys(str(tmp_path / "k.sqlite"))
    subject = uuid4()
    keys.key_for(subject)

    assert keys.destroy(subject, NOW) is True
    assert keys.destroy(subject, NOW) is False
    keys.close()
    reopened = PersonalKeys(str(tmp_path / "k.sqlite"))
    with pytest.raises(PersonForgotten, match=str(subject)):
        reopened.key_for(subject)
    assert reopened.key_of(subject) is None and reopened.is_forgotten(subject)
    reopened.close()


# ---------------------------------------------------------------- legacy plaintext


class PlaintextPersonalData(Transcoding):
    """How personal data was stored before it was encrypted."""

    type = PersonalData
    name = "personal_data"

    def encode(self, obj: PersonalData) -> dict[str, Any]:
        return {"subject": obj.subject.hex, "value": obj.value}

    def decode(self, data: dict[str, Any]) -> PersonalData:
        raise AssertionError("only for writing")


class BeforeEncryption(Groundwork):
    name = "Groundwork"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(PlaintextPersonalData())


def test_personal_data_stored_in_plaintext_before_encryption_still_reads(
    data: Path,
) -> None:
    database = data / "events.sqlite"
    old = BeforeEncryption(env=store_env(database))
    net = register_small_network(old)
    old.close()

    app = app_on(database)
    organiser = app.get(Person, net.organiser_id)
    assert organiser.name == PersonalData(net.organiser_id, "Ana Organiser")
    assert organiser.contact == PersonalData(net.organiser_id, "ana@example.org")

    # Forgotten, it reads as forgotten; but its plaintext stays in the log (not shredded).
    app.forget_person(net.organiser_id, recorded_by=RECORDER)
    app.close()
    reader = app_on(database)
    assert reader.get(Person, net.organiser_id).name.value == FORGOTTEN_PERSON
    assert reader.history(Person, net.organiser_id)[0].name.forgotten
    reader.close()
    if postgres.URL is None:  # the SQLite file still holds it
        assert holding(data, "Ana Organiser")


def test_the_plaintext_transcoding_decodes_the_old_shape_directly(tmp_path: Path) -> None:
    keys = PersonalKeys(str(tmp_path / "k.sqlite"))
    subject = uuid4()
    transcoding = PersonalDataAsDict(keys)

    assert transcoding.decode({"subject": subject.hex, "value": "Old"}) == PersonalData(
        subject, "Old"
    )
    encoded = transcoding.encode(PersonalData(subject, "New"))
    assert set(encoded) == {"subject", "cipher"}
    assert transcoding.decode(encoded) == PersonalData(subject, "New")
    keys.close()


def test_what_is_left_of_forgotten_data_is_stored_as_a_mark_without_a_key(tmp_path: Path) -> None:
    keys = PersonalKeys(str(tmp_path / "k.sqlite"))
    subject = uuid4()
    transcoding = PersonalDataAsDict(keys)

    encoded = transcoding.encode(PersonalData.erased(subject))

    assert encoded == {"subject": subject.hex, "forgotten": True}
    assert transcoding.decode(encoded) == PersonalData.erased(subject)
    assert not keys.is_forgotten(subject)  # no key, and no tombstone, was made for it
    keys.close()


# ---------------------------------------------------------------- opening a store


def test_an_event_store_opened_with_another_key_store_is_reported_when_opened(
    app: Groundwork, data: Path
) -> None:
    record_someone_to_forget(app)
    check_readable(app)
    elsewhere = app_on(data / "events.sqlite", keys=data / "other.keys.sqlite")

    with pytest.raises(StoreUnreadable, match="holds no key for person") as raised:
        check_readable(elsewhere)
    elsewhere.close()
    assert "Quillfeather" not in str(raised.value)
