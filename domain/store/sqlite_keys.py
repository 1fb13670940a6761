"""How the SQLite key store (`domain.store.keys`) stores and selects its rows.

The statements only: what a key store on another database (`domain.store.postgres_keys`)
does its own way. The rules of keeping keys (the cache, a key created once, tombstones,
scrubbing the file) are the key store's, in `domain.store.keys`.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from uuid import UUID

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS personal_keys ("
    " subject TEXT PRIMARY KEY, key BLOB, forgotten_at TEXT,"
    " CHECK ((key IS NULL) = (forgotten_at IS NOT NULL))) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS personal_keys_forgotten ON personal_keys (forgotten_at)"
    " WHERE key IS NULL",
    # Typed text re-recorded by erasure in place of text whose key was destroyed: the
    # text at place `n` of the events sealed with `key`, sealed again with the key `by`.
    "CREATE TABLE IF NOT EXISTS restated_texts ("
    " key TEXT NOT NULL, n INTEGER NOT NULL, by TEXT NOT NULL, cipher TEXT NOT NULL,"
    " PRIMARY KEY (key, n)) WITHOUT ROWID",
)


class SQLiteKeyRows:
    """The rows of the key store's SQLite file, on its one connection (`_db`), which the
    key store opens and uses under its lock."""

    _db: sqlite3.Connection

    def _create_tables(self) -> None:
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        for statement in _SCHEMA:
            self._db.execute(statement)

    def _store_keys(self, rows: list[tuple[UUID, bytes]]) -> None:
        """Stores new keys, all in one commit."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany(
                "INSERT INTO personal_keys (subject, key) VALUES (?, ?)",
                [(s.hex, k) for s, k in rows],
            )
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _store_restated(self, rows: list[tuple[str, int, str, str]]) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany(
                "INSERT INTO restated_texts VALUES (?, ?, ?, ?) ON CONFLICT (key, n)"
                " DO UPDATE SET by = excluded.by, cipher = excluded.cipher",
                rows,
            )
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _select_restated(self, key_id: UUID, n: int) -> tuple[str, str] | None:
        row = self._db.execute(
            "SELECT by, cipher FROM restated_texts WHERE key = ? AND n = ?", (key_id.hex, n)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def _select_restated_by(self, key_id: UUID) -> list[str]:
        rows = self._db.execute(
            "SELECT DISTINCT by FROM restated_texts WHERE key = ?", (key_id.hex,)
        ).fetchall()
        return [r[0] for r in rows]

    def _store_key(self, subject: UUID, stored: bytes) -> None:
        """Stores a new key for the subject, unless a row (key or tombstone) is there."""
        self._db.execute(
            "INSERT INTO personal_keys (subject, key) VALUES (?, ?)"
            " ON CONFLICT (subject) DO NOTHING",
            (subject.hex, stored),
        )

    def _store_tombstone(self, subject: UUID, forgotten_at: datetime) -> None:
        """Overwrites the subject's key with NULL (or stores a tombstone without one)."""
        self._db.execute(
            "INSERT INTO personal_keys (subject, key, forgotten_at) VALUES (?, NULL, ?)"
            " ON CONFLICT (subject) DO UPDATE SET key = NULL,"
            " forgotten_at = excluded.forgotten_at WHERE key IS NOT NULL",
            (subject.hex, forgotten_at.isoformat()),
        )

    def _select_key(self, subject: UUID) -> tuple[bytes | None] | None:
        """The subject's row: (key,) with key None for a tombstone; None for no row."""
        row = self._db.execute(
            "SELECT key FROM personal_keys WHERE subject = ?", (subject.hex,)
        ).fetchone()
        return None if row is None else (row[0],)

    def _select_keys(self, subjects: list[UUID]) -> list[tuple[str, bytes | None]]:
        """The rows of those subjects that have one: (subject hex, key or None)."""
        marks = ", ".join("?" * len(subjects))
        return self._db.execute(
            f"SELECT subject, key FROM personal_keys WHERE subject IN ({marks})",  # noqa: S608
            [s.hex for s in subjects],
        ).fetchall()

    def _count_forgotten(self) -> int:
        (count,) = self._db.execute(
            "SELECT count(*) FROM personal_keys WHERE key IS NULL"
        ).fetchone()
        return int(count)
