"""Per-person encryption keys, kept apart from the event store, and destroyed to forget.

Every piece of personal data is encrypted with the key of the person it is about (its
subject: see `domain.personal`). The keys live here, in a small SQLite file of their own,
never in the event store. Forgetting a person destroys their key: the ciphertext stays in
the log, which is never edited, but nothing can read it any more (crypto-shredding).

- One row per subject: `subject` (hex), `key` (32 random bytes for AES-256-GCM; NULL once
  destroyed) and `forgotten_at`. A destroyed key's row is kept as a tombstone, so that a
  forgotten person can never silently be given a new key (`PersonForgotten`).
- A new key is committed (synchronous=FULL) before it is handed out, so it is on disk
  before any event encrypted with it can be committed to the event store.
- Destroying a key overwrites it with NULL under `secure_delete`, then truncates the
  write-ahead log and vacuums the file, so no old copy of the key is left in the log,
  in free pages or in the page it was on.
- Keys are cached in memory (a key-store query for every piece of personal data would
  be on the write path). Other processes may forget people too: the cache is dropped
  whenever SQLite's `data_version` says another connection changed the file, which costs
  one PRAGMA per look-up, not a query.
- With a whole-store cipher key (the application's `CIPHER_KEY`), each key is itself
  stored encrypted with it (AES-GCM, the subject as associated data). Keys stored before
  a cipher key was configured (32 bytes) are still read as they are.

The file is named by the environment's `PERSONAL_KEYS_DBNAME`; by default it sits next to
the event store's SQLite file (`events.sqlite` -> `events.keys.sqlite`), and is in memory
for an application whose events are.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from base64 import b64decode
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from uuid import UUID, uuid4

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.errors import PersonForgotten
from domain.store.ids import uuid_of
from domain.store.sqlite_keys import SQLiteKeyRows

#: The environment key naming the key store's SQLite file.
DBNAME = "PERSONAL_KEYS_DBNAME"
MEMORY = ":memory:"
#: AES-256.
KEY_SIZE = 32
NONCE_SIZE = 12
#: How often a busy write-ahead log is tried again before shredding is reported incomplete.
CHECKPOINT_ATTEMPTS = 5

#: How many keys for typed text a process stores at once (one commit for them all).
TEXT_KEY_BATCH = 64
#: How many keys the cache holds before it starts again: a key for every event with typed
#: text would otherwise grow it with the log.
CACHE_SIZE = 100_000
#: Keys read in one query by `prefetch` (SQLite's limit on parameters is 32,766).
PREFETCH_CHUNK = 500

#: What the cache holds for a subject the store has no row for.
_NO_ROW = b""


class PersonalKeyMissing(Exception):
    """Personal data is encrypted with a key this key store never held: it is not the key
    store of this event store, or it was lost."""


class KeyStoreUnreadable(Exception):
    """The key store's keys are encrypted with another cipher key than the one given."""


class ShreddingIncomplete(Exception):
    """A key was destroyed, but other processes kept the key store's write-ahead log busy,
    so an old copy of the key may remain in it until it is truncated; forgetting the
    person again finishes the job."""


def key_store_name(env: dict[str, str]) -> str:
    """The key store's file: named by `PERSONAL_KEYS_DBNAME`, else next to the event
    store's SQLite file, else (events in memory) in memory. `env` is the application's
    (an `eventsourcing.utils.Environment`: keys prefixed with its name come first)."""
    named = env.get(DBNAME)
    if named:
        return named
    events = env.get("SQLITE_DBNAME")
    if not events or events == MEMORY or "mode=memory" in events:
        return MEMORY
    path = Path(events)
    return str(path.with_name(f"{path.stem}.keys.sqlite"))


def open_personal_keys(env: dict[str, str]) -> PersonalKeys:
    """The key store an application's environment configures."""
    cipher_key = env.get("CIPHER_KEY")
    return PersonalKeys(
        key_store_name(env),
        cipher_key=b64decode(cipher_key) if cipher_key else None,
        lock_timeout=float(env.get("SQLITE_LOCK_TIMEOUT") or 5),
    )


class PersonalKeys(SQLiteKeyRows):
    """One AES-256-GCM key per person, created when first needed, destroyed to forget them.

    Thread-safe: one connection, used under a lock."""

    #: Whether the cache remembers that a subject has no row: here, another process storing
    #: a key changes the file's `data_version`, which drops the cache.
    caches_absence = True

    def __init__(
        self, dbname: str, *, cipher_key: bytes | None = None, lock_timeout: float = 5.0
    ) -> None:
        self.dbname = dbname
        self._wrapper = AESGCM(cipher_key) if cipher_key else None
        if dbname != MEMORY:
            Path(dbname).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            dbname, timeout=lock_timeout, isolation_level=None, check_same_thread=False
        )
        self._lock = threading.Lock()
        #: subject -> key; None for a destroyed key, `_NO_ROW` for a subject with no row.
        self._cache: dict[UUID, bytes | None] = {}
        self._data_version: int | None = None
        self._forgettings = 0
        self._text_keys: list[UUID] = []
        with self._lock:
            self._create_tables()
            self._refresh()

    # ------------------------------------------------------------------ reading

    def key_for(self, subject: UUID) -> bytes:
        """The subject's key, created (and on disk) if they have none yet; `PersonForgotten`
        if their key was destroyed."""
        with self._lock:
            self._refresh()
            found = self._lookup(subject)
            if found is None:
                raise PersonForgotten(subject)
            if found:
                return found
            self._store_key(subject, self._wrap(subject, AESGCM.generate_key(KEY_SIZE * 8)))
            # Another process may have stored a key (or a tombstone) first: use what is stored.
            self._cache.pop(subject, None)
            found = self._lookup(subject)
            if found is None:
                raise PersonForgotten(subject)
            assert found
            return found

    @contextmanager
    def steady(self) -> Iterator[None]:
        """For reading a batch of events in this thread: the store is asked whether anyone
        was forgotten once, here, rather than at every key read (`key_of`, `restated`), which
        was a query each: a twentieth of a rebuild, and a round trip each on PostgreSQL.
        A forgetting meanwhile is seen at the next batch; a follower derives its views again
        after any forgetting anyway."""
        local = self._local()
        if getattr(local, "steady", False):  # already, further up
            yield
            return
        with self._lock:
            self._refresh()
        local.steady = True
        try:
            yield
        finally:
            local.steady = False

    def prefetch(self, subjects: set[UUID]) -> None:
        """Reads the keys of these subjects (or typed text keys) not in the cache yet, in a
        few queries rather than one each: a batch of events read for the views names a
        key of its own for each event's typed text (`domain.store.text.text_keys_in`)."""
        with self._lock:
            wanted = [s for s in subjects if s not in self._cache]
            if len(self._cache) + len(wanted) >= CACHE_SIZE:
                self._cache.clear()
            for start in range(0, len(wanted), PREFETCH_CHUNK):
                for subject_hex, stored in self._select_keys(
                    wanted[start : start + PREFETCH_CHUNK]
                ):
                    subject = uuid_of(subject_hex)
                    self._cache[subject] = None if stored is None else self._unwrap(subject, stored)

    def _local(self) -> threading.local:
        found: threading.local | None = self.__dict__.get("_steady")
        if found is None:
            found = self.__dict__.setdefault("_steady", threading.local())
        return found

    def _refresh_for_reading(self) -> None:
        if not getattr(self._local(), "steady", False):
            self._refresh()

    def key_of(self, subject: UUID) -> bytes | None:
        """The subject's key to read their data with, or None if it was destroyed;
        `PersonalKeyMissing` if this store never held one."""
        with self._lock:
            self._refresh_for_reading()
            found = self._lookup(subject)
        if found == _NO_ROW:
            raise PersonalKeyMissing(
                f"The key store {self.dbname} holds no key for person (or typed text) "
                f"{subject}: is it the key store of this event store (GROUNDWORK_KEY_STORE)?"
            )
        return found

    def is_forgotten(self, subject: UUID) -> bool:
        """Whether the subject's key was destroyed (they were forgotten)."""
        with self._lock:
            self._refresh()
            return self._lookup(subject) is None

    def forgettings(self) -> int:
        """How many people have been forgotten: it changes when anyone is, in this process
        or another, so that caches of decoded data know when to let go of it."""
        with self._lock:
            self._refresh()
            return self._forgettings

    def text_key(self) -> UUID:
        """A new key for an event's typed text, already on disk: taken from a batch stored
        in one commit, so that sealing text adds no write to a command."""
        with self._lock:
            if not self._text_keys:
                batch = [
                    (uuid4(), AESGCM.generate_key(KEY_SIZE * 8)) for _ in range(TEXT_KEY_BATCH)
                ]
                self._store_keys([(s, self._wrap(s, k)) for s, k in batch])
                self._refresh()
                self._cache.update(batch)
                self._text_keys = [s for s, _ in batch]
            return self._text_keys.pop()

    def restated(self, key_id: UUID, n: int) -> str | None:
        """What erasure re-recorded in place of the text at place `n` of the events sealed
        with the (destroyed) key, or None."""
        from domain.store.text import unseal  # the text module builds on this one

        with self._lock:
            row = self._select_restated(key_id, n)
            if row is None:
                return None
            by = UUID(row[0])
            self._refresh_for_reading()
            key = self._lookup(by)
        return None if not key else unseal(key, key_id, n, row[1])

    def restate(self, key_id: UUID, texts: dict[int, str]) -> None:
        """Re-records the texts of the events sealed with `key_id` (by place), sealed with a
        new key, before `key_id` is destroyed."""
        from domain.store.text import seal

        by = self.text_key()
        key = self.key_for(by)
        rows = [(key_id.hex, n, by.hex, seal(key, key_id, n, text)) for n, text in texts.items()]
        with self._lock:
            self._store_restated(rows)

    def restated_by(self, key_id: UUID) -> set[UUID]:
        """The keys the texts restated in place of `key_id`'s are sealed with."""
        with self._lock:
            return {UUID(by) for by in self._select_restated_by(key_id)}

    # ------------------------------------------------------------------ forgetting

    def destroy(self, subject: UUID, forgotten_at: datetime) -> bool:
        """Destroys the subject's key, leaving a tombstone, and scrubs the file of old copies.
        True if a key (or no row at all) was there; False if it was already destroyed."""
        with self._lock:
            self._refresh()
            destroyed = self._lookup(subject) is not None
            if destroyed:
                self._store_tombstone(subject, forgotten_at)
                self._cache[subject] = None
                self._forgettings = self._count_forgotten()
            self._scrub()
            return destroyed

    def destroy_all(self, subjects: set[UUID], forgotten_at: datetime) -> None:
        """Destroys many keys (those of typed text that named a forgotten person), then
        scrubs the file once."""
        with self._lock:
            self._refresh()
            for subject in subjects:
                if self._lookup(subject) is not None:
                    self._store_tombstone(subject, forgotten_at)
                self._cache[subject] = None
            self._forgettings = self._count_forgotten()
            self._scrub()

    def scrub(self) -> None:
        """Truncates the write-ahead log and vacuums the file, so that no old copy of a
        destroyed key is left in either (what `destroy` does after destroying)."""
        with self._lock:
            self._scrub()

    def _scrub(self) -> None:
        for attempt in range(CHECKPOINT_ATTEMPTS):
            busy, _, _ = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                break
            time.sleep(0.1 * (attempt + 1))
        else:
            raise ShreddingIncomplete(
                f"The key store {self.dbname} stayed busy: its write-ahead log could not be "
                "truncated. Forget the person again to finish."
            )
        self._db.execute("VACUUM")  # rewrites the (small) file: no free page keeps a key
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            self._cache.clear()
            self._db.close()

    # ------------------------------------------------------------------ plumbing
    # What a key store on another database (`domain.store.postgres_keys`) does its own way,
    # with the statements of `SQLiteKeyRows`.

    def _refresh(self) -> None:
        """Drops the cache if another connection changed the file since it was filled."""
        (version,) = self._db.execute("PRAGMA data_version").fetchone()
        if version != self._data_version:
            self._data_version = version
            self._cache.clear()
            self._forgettings = self._count_forgotten()

    def _lookup(self, subject: UUID) -> bytes | None:
        try:
            return self._cache[subject]
        except KeyError:
            pass
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        row = self._select_key(subject)
        found = None if row is not None and row[0] is None else _NO_ROW
        if row is not None and row[0] is not None:
            found = self._unwrap(subject, row[0])
        if found != _NO_ROW or self.caches_absence:
            self._cache[subject] = found
        return found

    def _wrap(self, subject: UUID, key: bytes) -> bytes:
        if self._wrapper is None:
            return key
        nonce = os.urandom(NONCE_SIZE)
        return nonce + self._wrapper.encrypt(nonce, key, subject.bytes)

    def _unwrap(self, subject: UUID, stored: bytes) -> bytes:
        if len(stored) == KEY_SIZE:  # stored before a cipher key was configured
            return bytes(stored)
        if self._wrapper is None:
            raise KeyStoreUnreadable(
                f"The key store {self.dbname} holds keys encrypted with a cipher key: "
                "give it as GROUNDWORK_CIPHER_KEY."
            )
        try:
            return self._wrapper.decrypt(stored[:NONCE_SIZE], stored[NONCE_SIZE:], subject.bytes)
        except InvalidTag:
            raise KeyStoreUnreadable(
                f"The key store {self.dbname} holds keys encrypted with another cipher key "
                "than the one given."
            ) from None
