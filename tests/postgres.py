"""PostgreSQL for the tests: a database of its own for each store a test opens.

GROUNDWORK_TEST_DATABASE_URL names a cluster the tests may create databases in (as
`tests/postgres_cluster.py` starts for `make test`). A store is named in the tests by the
SQLite file it would have been (`tmp_path / "events.sqlite"`): `url_for(path)` gives that
path a database of its own, created empty the first time, so tests stay as isolated from
each other as their temporary directories are. `tests/conftest.py` drops a test's databases
when it ends.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest

from domain.store.postgres import postgres_env
from domain.store.postgres_keys import KEYS_URL
from domain.store.sqlite import TOPIC as SQLITE

URL = os.environ.get("GROUNDWORK_TEST_DATABASE_URL") or None
#: Databases created so far, by the path they stand for.
created: dict[Path, str] = {}

needs_postgres = pytest.mark.skipif(URL is None, reason="GROUNDWORK_TEST_DATABASE_URL is not set")
#: For a test about SQLite's files themselves (see `tests/conftest.py`).
sqlite_only = pytest.mark.sqlite_only


def _admin() -> psycopg.Connection[Any]:
    assert URL is not None
    return psycopg.connect(URL, autocommit=True)


def url_for(path: Path) -> str:
    """The URL of the database standing for the store at `path` (created when missing)."""
    assert URL is not None, "GROUNDWORK_TEST_DATABASE_URL is not set"
    path = path.resolve()
    name = created.get(path)
    if name is None:
        name = "gw_" + hashlib.sha256(str(path).encode()).hexdigest()[:24]
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        created[path] = name
    return URL.rsplit("/", 1)[0] + "/" + name


def env_for(path: Path, pool_size: int = 2) -> dict[str, str]:
    """The library's environment for the database standing for `path`."""
    return postgres_env(url_for(path), pool_size=pool_size, lock_timeout=10)


def store_env(database: Path, keys: Path | None = None) -> dict[str, str]:
    """An application's environment for the store at `database` (and a key store at `keys`):
    the SQLite files, or with GROUNDWORK_TEST_DATABASE_URL the databases standing for them."""
    if URL is None:
        env = {"PERSISTENCE_MODULE": SQLITE, "SQLITE_DBNAME": str(database)}
        if keys is not None:
            env["PERSONAL_KEYS_DBNAME"] = str(keys)
        return env
    env = env_for(database)
    if keys is not None:
        env[KEYS_URL] = url_for(keys)
    return env


def server_env(database: Path) -> dict[str, str]:
    """What a `groundwork` process is given for the store at `database` (besides
    `--database`): nothing, or with GROUNDWORK_TEST_DATABASE_URL the database standing for
    it."""
    return {} if URL is None else {"GROUNDWORK_DATABASE_URL": url_for(database)}


def process_env(database: Path) -> dict[str, str]:
    """The whole environment for a `groundwork` process on the store at `database`."""
    return os.environ | server_env(database)


def drop(paths: list[Path]) -> None:
    """Drops the databases standing for the given paths (closing whatever still uses them)."""
    if not paths:
        return
    with _admin() as admin:
        for path in paths:
            name = created.pop(path)
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def stored_events(database: Path, topic_suffix: str = "") -> int:
    """How many events (of topics ending so) are in the store, read straight from it."""
    if URL is None:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            row = db.execute(
                "SELECT COUNT(*) FROM stored_events WHERE topic LIKE ?", (f"%{topic_suffix}",)
            ).fetchone()
    else:
        with connect(database) as pg:
            row = pg.execute(
                "SELECT COUNT(*) FROM groundwork_events WHERE topic LIKE %s", (f"%{topic_suffix}",)
            ).fetchone()
    assert row is not None
    return int(row[0])


def stored_records(database: Path) -> bytes:
    """Every event's record (its state) as stored, one after the other."""
    if URL is None:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            return b"".join(row[0] for row in db.execute("SELECT state FROM stored_events"))
    with connect(database) as pg:
        return b"".join(bytes(row[0]) for row in pg.execute("SELECT state FROM groundwork_events"))


def founded_networks(database: Path) -> list[str]:
    """The id of every network on record, oldest first, read straight from the store."""
    sql = "SELECT originator_id FROM {} WHERE topic LIKE '%:Network.Founded' ORDER BY {}"
    if URL is None:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            rows = db.execute(sql.format("stored_events", "rowid")).fetchall()
    else:
        with connect(database) as pg:
            rows = pg.execute(sql.format("groundwork_events", "notification_id")).fetchall()
    return [str(UUID(str(row[0]))) for row in rows]


def first_events(database: Path) -> list[tuple[str, str]]:
    """The (record id, topic) of every record's first event, read straight from the store."""
    if URL is None:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            rows = db.execute(
                "SELECT originator_id, topic FROM stored_events WHERE originator_version = 1"
            ).fetchall()
    else:
        with connect(database) as pg:
            rows = pg.execute(
                "SELECT originator_id, topic FROM groundwork_events WHERE originator_version = 1"
            ).fetchall()
    return [(str(originator_id), topic) for originator_id, topic in rows]


def table_names(database: Path) -> set[str]:
    """The tables of the PostgreSQL database standing for `database`."""
    with connect(database) as pg:
        rows = pg.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return {name for (name,) in rows}


def view_rows(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every view's table in the PostgreSQL database standing for `database`,
    in a stable order."""
    from projections.registry import VIEW_CLASSES

    with connect(database) as pg:
        return {
            table: sorted(tuple(row) for row in pg.execute(f"SELECT * FROM {table}"))
            for cls in VIEW_CLASSES
            for table in cls.tables
        }


def connect(path: Path) -> psycopg.Connection[Any]:
    """A connection to the database standing for `path` (autocommit), to look inside."""
    return psycopg.connect(url_for(path), autocommit=True)


def pages_of_every_table(path: Path) -> bytes:
    """Every byte of every table's and index's pages in the database standing for `path`
    (TOAST too), as PostgreSQL holds them: rows deleted or updated but not yet vacuumed
    away, and free space, included."""
    with connect(path) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        relations = db.execute(
            "SELECT c.oid::regclass::text,"
            " pg_relation_size(c.oid) / current_setting('block_size')::int"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 't', 'i', 'm') AND c.relpersistence = 'p'"
            " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
        return b"".join(
            bytes(db.execute("SELECT get_raw_page(%s, %s)", (name, n)).fetchone()[0])
            for name, pages in relations
            for n in range(pages)
        )
