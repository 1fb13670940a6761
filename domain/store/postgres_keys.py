"""Per-person encryption keys in PostgreSQL, for an event store there (see `domain.store.keys`).

The keys live in a `personal_keys` table: by default in the event store's own database, so
that a deployment has one database to run, replicate and secure; or in another database,
named by `PERSONAL_KEYS_URL` (GROUNDWORK_KEY_STORE_URL), for a deployment that wants to back
the keys up apart from the events, as the SQLite key store's separate file allows. Either
way, the keys are never in the events table, and with a cipher key they are stored wrapped
with it.

- Destroying a key overwrites it with NULL in one transaction with a count of forgettings,
  then rewrites the table (and that of texts erasure re-recorded) with `VACUUM FULL`
  (outside any transaction): PostgreSQL keeps an updated row's old version until the
  table is vacuumed, and a plain VACUUM leaves the freed space of a page as it was. The
  tables are small, so rewriting them takes milliseconds.
  What VACUUM cannot reach: the write-ahead log keeps the key's insertion until its
  segments are recycled, and so do WAL archives and base backups taken since (as SQLite
  backups keep destroyed keys): keep those short-lived, or set a cipher key, with which
  the stored keys are wrapped.
- Other processes may forget people too: every look-up first reads the one-row count of
  forgettings (an index look-up on a primary key) and drops the cache when it moved. A
  subject without a key is never cached as such (another process may give them one).
"""

from __future__ import annotations

import threading
import time
from base64 import b64decode
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import psycopg
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from psycopg.conninfo import make_conninfo

from domain.store.keys import PersonalKeys, ShreddingIncomplete

#: The environment key naming the key store's PostgreSQL database, when not the events'.
KEYS_URL = "PERSONAL_KEYS_URL"
#: How often a look-up is tried again on a new connection (the server restarted, say).
ATTEMPTS = 3

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS personal_keys ("
    " subject text PRIMARY KEY, key bytea, forgotten_at text,"
    " CHECK ((key IS NULL) = (forgotten_at IS NOT NULL)))",
    "CREATE TABLE IF NOT EXISTS personal_keys_forgettings ("
    " one boolean PRIMARY KEY DEFAULT true CHECK (one), forgettings bigint NOT NULL)",
    "INSERT INTO personal_keys_forgettings VALUES (true, 0) ON CONFLICT DO NOTHING",
    "CREATE TABLE IF NOT EXISTS restated_texts ("
    " key text NOT NULL, n integer NOT NULL, by text NOT NULL, cipher text NOT NULL,"
    " PRIMARY KEY (key, n))",
)
#: Serialises the creation of the tables by several processes starting at once.
_SCHEMA_LOCK = 0x6B657973  # "keys"

T = TypeVar("T")


def conninfo_of(env: Mapping[str, str] | Any) -> str:
    """A connection string for the event store's database, from the library's environment."""
    return make_conninfo(
        dbname=env.get("POSTGRES_DBNAME") or "",
        host=env.get("POSTGRES_HOST") or "",
        port=env.get("POSTGRES_PORT") or "",
        user=env.get("POSTGRES_USER") or "",
        password=env.get("POSTGRES_PASSWORD") or "",
    )


class PostgresPersonalKeys(PersonalKeys):
    """`PersonalKeys` in a PostgreSQL table. Thread-safe: one connection, under a lock."""

    caches_absence = False

    def __init__(
        self, conninfo: str, *, cipher_key: str | None = None, lock_timeout: float = 5.0
    ) -> None:
        self._conninfo = conninfo
        self._lock_timeout = lock_timeout
        database = psycopg.conninfo.conninfo_to_dict(conninfo).get("dbname") or conninfo
        # Named in messages without the password (a URL may carry one).
        self.dbname = f"personal_keys of PostgreSQL database {database}"
        self._wrapper = AESGCM(b64decode(cipher_key)) if cipher_key else None
        self._lock = threading.Lock()
        self._cache: dict[UUID, bytes | None] = {}
        self._data_version = None
        self._forgettings = -1
        self._pg: psycopg.Connection[Any] | None = None
        self._text_keys: list[UUID] = []
        with self._lock:
            self._run(self._create)
            self._refresh()

    # ------------------------------------------------------------------ connection

    def _connection(self) -> psycopg.Connection[Any]:
        if self._pg is None or self._pg.closed:
            self._pg = psycopg.connect(self._conninfo, autocommit=True)
            self._pg.execute(f"SET lock_timeout = '{int(self._lock_timeout * 1000)}ms'")
        return self._pg

    def _run(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        """Runs `work` on the connection, on a new one if it was lost meanwhile."""
        for attempt in range(ATTEMPTS):
            connection = self._connection()
            try:
                return work(connection)
            except psycopg.OperationalError:
                if not connection.closed or attempt == ATTEMPTS - 1:
                    raise
                time.sleep(0.1 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _create(pg: psycopg.Connection[Any]) -> None:
        with pg.transaction():
            pg.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            for statement in _SCHEMA:
                pg.execute(statement)

    def close(self) -> None:
        with self._lock:
            self._cache.clear()
            if self._pg is not None:
                self._pg.close()

    # ------------------------------------------------------------------ storage

    def _store_key(self, subject: UUID, stored: bytes) -> None:
        self._run(
            lambda pg: pg.execute(
                "INSERT INTO personal_keys (subject, key) VALUES (%s, %s)"
                " ON CONFLICT (subject) DO NOTHING",
                (subject.hex, stored),
            )
        )

    def _store_keys(self, rows: list[tuple[UUID, bytes]]) -> None:
        def store(pg: psycopg.Connection[Any]) -> None:
            with pg.transaction(), pg.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO personal_keys (subject, key) VALUES (%s, %s)",
                    [(s.hex, k) for s, k in rows],
                )

        self._run(store)

    def _store_restated(self, rows: list[tuple[str, int, str, str]]) -> None:
        def store(pg: psycopg.Connection[Any]) -> None:
            with pg.transaction(), pg.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO restated_texts VALUES (%s, %s, %s, %s) ON CONFLICT (key, n)"
                    " DO UPDATE SET by = excluded.by, cipher = excluded.cipher",
                    rows,
                )

        self._run(store)

    def _select_restated(self, key_id: UUID, n: int) -> tuple[str, str] | None:
        row = self._run(
            lambda pg: pg.execute(
                "SELECT by, cipher FROM restated_texts WHERE key = %s AND n = %s",
                (key_id.hex, n),
            ).fetchone()
        )
        return None if row is None else (str(row[0]), str(row[1]))

    def _select_restated_by(self, key_id: UUID) -> list[str]:
        rows = self._run(
            lambda pg: pg.execute(
                "SELECT DISTINCT by FROM restated_texts WHERE key = %s", (key_id.hex,)
            ).fetchall()
        )
        return [str(r[0]) for r in rows]

    def _store_tombstone(self, subject: UUID, forgotten_at: datetime) -> None:
        def tombstone(pg: psycopg.Connection[Any]) -> None:
            with pg.transaction():
                changed = pg.execute(
                    "INSERT INTO personal_keys (subject, key, forgotten_at)"
                    " VALUES (%s, NULL, %s) ON CONFLICT (subject) DO UPDATE SET key = NULL,"
                    " forgotten_at = excluded.forgotten_at"
                    " WHERE personal_keys.key IS NOT NULL",
                    (subject.hex, forgotten_at.isoformat()),
                ).rowcount
                if changed:
                    pg.execute("UPDATE personal_keys_forgettings SET forgettings = forgettings + 1")

        self._run(tombstone)

    def _select_key(self, subject: UUID) -> tuple[bytes | None] | None:
        row = self._run(
            lambda pg: pg.execute(
                "SELECT key FROM personal_keys WHERE subject = %s", (subject.hex,), prepare=True
            ).fetchone()
        )
        return None if row is None else (None if row[0] is None else bytes(row[0]),)

    def _select_keys(self, subjects: list[UUID]) -> list[tuple[str, bytes | None]]:
        rows = self._run(
            lambda pg: pg.execute(
                "SELECT subject, key FROM personal_keys WHERE subject = ANY(%s)",
                ([s.hex for s in subjects],),
            ).fetchall()
        )
        return [(s, None if k is None else bytes(k)) for s, k in rows]

    def _refresh(self) -> None:
        """Drops the cache if anyone forgot someone since it was filled."""
        forgettings = self._count_forgotten()
        if forgettings != self._forgettings:
            self._forgettings = forgettings
            self._cache.clear()

    def _count_forgotten(self) -> int:
        row = self._run(
            lambda pg: pg.execute(
                "SELECT forgettings FROM personal_keys_forgettings", prepare=True
            ).fetchone()
        )
        return int(row[0]) if row else 0

    def _scrub(self) -> None:
        try:
            self._run(lambda pg: pg.execute("VACUUM FULL personal_keys"))
            self._run(lambda pg: pg.execute("VACUUM FULL restated_texts"))
        except psycopg.errors.LockNotAvailable:
            raise ShreddingIncomplete(
                f"The key store ({self.dbname}) stayed busy: the table could not be vacuumed, "
                "so the destroyed key's old row may remain in it. Forget the person again to "
                "finish."
            ) from None
