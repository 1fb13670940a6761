"""The event store, its chain, idempotency keys and the key store on PostgreSQL, chosen by
configuration alone (needs GROUNDWORK_TEST_DATABASE_URL, as `make test` sets)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from domain.application import Groundwork
from domain.errors import PersonForgotten
from domain.person import Person
from domain.personal import FORGOTTEN_PERSON
from domain.store.chain import CHAIN_TABLE, verify_recorded
from domain.store.idempotency import RequestKey
from domain.store.postgres import TOPIC, ChainedPostgresFactory
from domain.store.postgres_keys import PostgresPersonalKeys
from interface.sample import record_sample_network
from interface.settings import Settings
from tests import postgres
from tests.domain.conftest import EARLIER, RECORDER
from tests.domain.test_erasure import NAME, record_someone_to_forget


def test_a_database_url_chooses_postgresql_and_its_pool_size() -> None:
    settings = Settings(database_url="postgresql://gw:s3cret@db.example:6543/groundwork")
    env = Settings(
        database_url="postgresql://gw@db.example/groundwork", pool_size=12
    ).event_store_env()

    assert settings.event_store_env() == {
        "PERSISTENCE_MODULE": TOPIC,
        "POSTGRES_DBNAME": "groundwork",
        "POSTGRES_HOST": "db.example",
        "POSTGRES_PORT": "6543",
        "POSTGRES_USER": "gw",
        "POSTGRES_PASSWORD": "s3cret",
        "POSTGRES_POOL_SIZE": "5",
        "POSTGRES_LOCK_TIMEOUT": "10",
    }
    assert (env["POSTGRES_PORT"], env["POSTGRES_POOL_SIZE"]) == ("5432", "12")
    assert "SQLITE_DBNAME" in Settings().event_store_env()  # SQLite stays the default


@pytest.mark.parametrize("url", ["mysql://x@h/d", "postgresql://h", "postgresql:///d"])
def test_a_database_url_that_is_not_postgresql_is_refused_without_repeating_it(url: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Settings(database_url=url)

    assert url not in str(raised.value)


#: The rest runs with GROUNDWORK_TEST_DATABASE_URL, on the fixtures' PostgreSQL databases.
pytestmark_pg = postgres.needs_postgres


def now() -> datetime:
    return datetime.now(UTC)


@pytestmark_pg
def test_the_postgresql_store_chains_every_event_and_finds_a_changed_one(
    make_app: Any, database: Path
) -> None:
    app = make_app(now)
    assert isinstance(app.factory, ChainedPostgresFactory)
    record_sample_network(app)
    events = app.recorder.max_notification_id()

    intact = verify_recorded(app.recorder)
    with postgres.connect(database) as db:
        db.execute(
            "UPDATE groundwork_events SET state = substr(state, 1, length(state) - 1)"
            " WHERE notification_id = 17"
        )
    changed = verify_recorded(app.recorder)

    assert intact.intact and intact.events == events and intact.head_position == events
    assert (changed.intact, changed.position, changed.events) == (False, 17, 16)


@pytestmark_pg
def test_a_postgresql_log_recorded_before_chaining_is_chained_when_opened(
    make_app: Any, database: Path
) -> None:
    first = make_app(now)
    record_sample_network(first)
    before = verify_recorded(first.recorder)
    first.close()
    with postgres.connect(database) as db:
        db.execute(f"DROP TABLE {CHAIN_TABLE}")

    after = verify_recorded(make_app().recorder)

    assert after == before and after.intact


@pytestmark_pg
def test_concurrent_writers_on_postgresql_keep_one_unbroken_chain(
    make_app: Any, database: Path
) -> None:
    writers = [make_app() for _ in range(4)]

    def write(app: Groundwork) -> None:
        for n in range(10):
            app.found_network(
                name=f"Net {n}",
                focus="F",
                goals=[],
                communities=["A"],
                happened_at=EARLIER,
                recorded_by=RECORDER,
            )

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, writers))
    result = verify_recorded(writers[0].recorder)

    assert result.intact and result.events == 40 == writers[0].recorder.max_notification_id()
    times = commit_times(database)  # taken under the table lock: in the log's order
    assert [t for _, t in times] == sorted(t for _, t in times) and len(times) == 40


def commit_times(database: Path) -> list[tuple[int, datetime]]:
    with postgres.connect(database) as db:
        rows = db.execute(
            f"SELECT notification_id, recorded_at FROM {CHAIN_TABLE} ORDER BY notification_id"
        ).fetchall()
    return [(int(r[0]), r[1]) for r in rows]


@pytestmark_pg
def test_a_postgresql_chain_kept_before_commit_times_has_them_filled_when_opened(
    make_app: Any, database: Path
) -> None:
    first = make_app(now)
    record_sample_network(first)
    first.close()
    with postgres.connect(database) as db:
        db.execute(f"ALTER TABLE {CHAIN_TABLE} DROP COLUMN recorded_at")

    app = make_app()
    times = commit_times(database)
    recorder: Any = app.recorder

    assert verify_recorded(recorder).intact
    assert all(t is not None for _, t in times)
    assert [t for _, t in times] == sorted(t for _, t in times)
    assert recorder.last_committed_by(times[-1][1].isoformat()) == times[-1][0]
    assert recorder.last_committed_by("2000-01-01T00:00:00+00:00") == 0


@pytestmark_pg
def test_the_same_request_sent_twice_to_postgresql_is_recorded_once(app: Groundwork) -> None:
    key = RequestKey("client-1:found", "fingerprint-a")

    def found() -> Any:
        return app.found_network(
            name="N",
            focus="F",
            goals=[],
            communities=["A"],
            happened_at=EARLIER,
            recorded_by=RECORDER,
            key=key,
        )

    first = found()
    events = app.recorder.max_notification_id()
    again = found()

    assert again == first
    assert app.recorder.max_notification_id() == events


# ---------------------------------------------------------------- the key store


def stored_key(database: Path, subject: Any) -> bytes | None:
    with postgres.connect(database) as db:
        row = db.execute(
            "SELECT key FROM personal_keys WHERE subject = %s", (subject.hex,)
        ).fetchone()
    assert row is not None
    return None if row[0] is None else bytes(row[0])


def pages_of_key_table(database: Path) -> bytes:
    """Every byte of the key table's pages as PostgreSQL holds them (free space too)."""
    with postgres.connect(database) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        (pages,) = db.execute(
            "SELECT pg_relation_size('personal_keys') / current_setting('block_size')::int"
        ).fetchone()
        return b"".join(
            bytes(db.execute("SELECT get_raw_page('personal_keys', %s)", (n,)).fetchone()[0])
            for n in range(pages)
        )


@pytestmark_pg
def test_on_postgresql_a_forgotten_persons_key_is_gone_from_the_key_tables_pages(
    app: Groundwork, database: Path
) -> None:
    assert isinstance(app.keys, PostgresPersonalKeys)
    r = record_someone_to_forget(app)
    key = stored_key(database, r.person_id)
    assert key is not None and key in pages_of_key_table(database)

    app.forget_person(r.person_id, recorded_by=RECORDER)

    assert stored_key(database, r.person_id) is None  # the tombstone
    assert key not in pages_of_key_table(database)  # no old row version left behind
    assert app.read(Person, r.person_id).name.value == FORGOTTEN_PERSON
    assert verify_recorded(app.recorder).intact


@pytestmark_pg
def test_forgetting_in_another_process_reaches_this_ones_caches_on_postgresql(
    make_app: Any,
) -> None:
    app = make_app()
    r = record_someone_to_forget(app)
    assert app.read(Person, r.person_id).name.value == NAME

    make_app().forget_person(r.person_id, recorded_by=RECORDER)

    assert app.read(Person, r.person_id).name.value == FORGOTTEN_PERSON
    with pytest.raises(PersonForgotten):
        app.keys.key_for(r.person_id)


@pytestmark_pg
def test_with_a_cipher_key_postgresql_holds_events_and_keys_encrypted(database: Path) -> None:
    cipher_key = "aGVyZSBpcyBhIDMyIGJ5dGUga2V5IGZvciB0ZXN0cyE="
    env = postgres.env_for(database) | {
        "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
        "CIPHER_KEY": cipher_key,
    }
    app = Groundwork(env=env)
    try:
        r = record_someone_to_forget(app)
        assert app.read(Person, r.person_id).name.value == NAME
    finally:
        app.close()

    key = stored_key(database, r.person_id)
    with postgres.connect(database) as db:
        states = b"".join(
            bytes(row[0]) for row in db.execute("SELECT state FROM groundwork_events")
        )
    assert key is not None and len(key) > 32  # wrapped with the cipher key
    assert b"Porto" not in states and NAME.encode() not in states
