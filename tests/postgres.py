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
from pathlib import Path
from typing import Any

import psycopg
import pytest

from domain.postgres import postgres_env

URL = os.environ.get("GROUNDWORK_TEST_DATABASE_URL") or None
#: Databases created so far, by the path they stand for.
created: dict[Path, str] = {}

needs_postgres = pytest.mark.skipif(URL is None, reason="GROUNDWORK_TEST_DATABASE_URL is not set")


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


def drop(paths: list[Path]) -> None:
    """Drops the databases standing for the given paths (closing whatever still uses them)."""
    if not paths:
        return
    with _admin() as admin:
        for path in paths:
            name = created.pop(path)
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def connect(path: Path) -> psycopg.Connection[Any]:
    """A connection to the database standing for `path` (autocommit), to look inside."""
    return psycopg.connect(url_for(path), autocommit=True)
