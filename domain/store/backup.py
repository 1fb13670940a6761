"""Backing up the event log to a file, and restoring it into an empty store.

The file is JSON Lines: a header line naming the format, then one line per stored event, in
the order of the log: its position, record (aggregate) id, version, type (topic), when it
was recorded (when the record is readable without a key), its state exactly as stored
(personal data, and everything under a whole-store cipher key, stays encrypted), and its
link in the tamper-evident chain (`domain.store.chain`). A manifest beside it
(`FILE.manifest.json`) gives the format, the number of events, the chain's head and the
SHA-256 of the file.

Restoring reads the file as a stream, twice at most, never whole: every line is checked
(its format, its position after the one before, its chain link recomputed from the state),
so a truncated, reordered, changed or foreign file is refused with the line and the
reason. The events are written into a new file beside the store, which replaces the (empty)
store only once everything was checked: nothing is ever half-restored. Keys are not in the
file: the key store of personal data (`domain.store.keys`) is backed up on its own, and without
it the personal data in a restored log cannot be read.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from domain.store.chain import CHAIN_TABLE, GENESIS, link
from domain.store.commit_times import COMMITTED, TIMESTAMP
from domain.store.keys import PersonalKeyMissing

FORMAT = "groundwork-events/1"
#: How many events are read, or written, at a time.
BATCH = 2_000

Progress = Callable[[int], None]
#: Given an event as stored, a new state for it, or None to keep it (`import_events`).
Reseal = Callable[[StoredEvent], bytes | None]
#: A batch of the log with each event's chain link (a constant: no input reaches it).
_EXPORTED = (
    "SELECT e.rowid, e.originator_id, e.originator_version, e.topic, e.state, c.hash,"  # noqa: S608
    f" c.{COMMITTED}"
    f" FROM stored_events e JOIN {CHAIN_TABLE} c ON c.notification_id = e.rowid"
    " WHERE e.rowid > ? ORDER BY e.rowid LIMIT ?"
)


class BackupRefused(Exception):
    """A backup file that cannot be restored: where (its line) and why."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {reason}" if line is not None else reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Manifest:
    format: str
    events: int
    first_position: int | None
    last_position: int | None
    head: str
    sha256: str

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text())
            return cls(**{k: data[k] for k in cls.__dataclass_fields__})
        except FileNotFoundError:
            raise BackupRefused(f"the manifest {path.name} is missing") from None
        except (ValueError, KeyError, TypeError):
            raise BackupRefused(f"the manifest {path.name} is not a Groundwork manifest") from None


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def _line(
    position: int,
    originator_id: str,
    version: int,
    topic: str,
    state: bytes,
    hash_: bytes,
    committed: str | None,
) -> str:
    state, hash_ = bytes(state), bytes(hash_)
    found = TIMESTAMP.match(state)
    record: dict[str, Any] = {
        "position": position,
        "aggregate": str(UUID(originator_id)),
        "version": version,
        "type": topic,
        "time": found.group(1).decode() if found else None,
    }
    try:
        record["state"] = state.decode("utf-8")
    except UnicodeDecodeError:
        record["state_base64"] = base64.b64encode(state).decode()
    record["hash"] = hash_.hex()
    if committed is not None:  # when it was committed (`domain.store.commit_times`)
        record["committed"] = committed
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_events(database: Path, path: Path, progress: Progress | None = None) -> Manifest:
    """Writes the whole log of the store in `database` to `path`, and its manifest."""
    digest = hashlib.sha256()
    count, first, last, head = 0, None, None, GENESIS
    with contextlib.closing(_reader(database)) as db, path.open("wb") as out:

        def write(text: str) -> None:
            data = text.encode("utf-8")
            digest.update(data)
            out.write(data)

        write(json.dumps({"format": FORMAT}) + "\n")
        after = 0
        while True:
            rows = db.execute(_EXPORTED, (after, BATCH)).fetchall()
            if not rows:
                break
            for row in rows:
                write(_line(*row))
                first = row[0] if first is None else first
                last, head = row[0], bytes(row[5])
            count += len(rows)
            after = rows[-1][0]
            if progress:
                progress(count)
    if count != _count(database):
        raise BackupRefused("events were recorded while exporting; export again")
    manifest = Manifest(FORMAT, count, first, last, head.hex(), digest.hexdigest())
    manifest.write(manifest_path(path))
    return manifest


def _reader(database: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    db.execute("BEGIN")  # one snapshot of the log for the whole export
    return db


def _count(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        return int(db.execute("SELECT count(*) FROM stored_events").fetchone()[0])


@dataclass
class _Event:
    position: int
    originator_id: str
    version: int
    topic: str
    state: bytes
    hash: bytes
    committed: str | None = None


def _events(file: IO[bytes], digest: Any) -> Iterator[tuple[int, _Event]]:
    """Each event of the file with its line number, checked on its own (its shape)."""
    header = file.readline()
    digest.update(header)
    try:
        if json.loads(header).get("format") != FORMAT:
            raise BackupRefused(
                f"not a {FORMAT} file (its header says {json.loads(header).get('format')!r})", 1
            )
    except (ValueError, AttributeError):
        raise BackupRefused(
            f"not a {FORMAT} file: the header is not what it should be", 1
        ) from None
    for number, raw in enumerate(file, start=2):
        digest.update(raw)
        if not raw.endswith(b"\n"):
            raise BackupRefused("the line is cut short: the file is truncated", number)
        try:
            data = json.loads(raw)
            state = (
                data["state"].encode("utf-8")
                if "state" in data
                else base64.b64decode(data["state_base64"], validate=True)
            )
            event = _Event(
                position=int(data["position"]),
                originator_id=UUID(str(data["aggregate"])).hex,
                version=int(data["version"]),
                topic=str(data["type"]),
                state=state,
                hash=bytes.fromhex(data["hash"]),
                committed=str(data["committed"]) if "committed" in data else None,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise BackupRefused(
                "not a stored event (a field is missing or malformed)", number
            ) from None
        yield number, event


def check_backup(path: Path, progress: Progress | None = None) -> Manifest:
    """Reads the whole file, checking every line and the chain, and that it is the file its
    manifest describes; `BackupRefused` at the first problem."""
    manifest = _manifest_of(path)
    for _ in _checked(path, manifest, progress):
        pass
    return manifest


def _checked(path: Path, manifest: Manifest, progress: Progress | None) -> Iterator[list[_Event]]:
    """The file's events in batches, each checked against the one before (position order,
    the chain), and at the end the count and hash against the manifest."""
    digest = hashlib.sha256()
    previous, after, count, batch = GENESIS, 0, 0, []
    with path.open("rb") as file:
        for number, e in _events(file, digest):
            if e.position <= after:
                raise BackupRefused(
                    f"position {e.position} comes after position {after}: the events are out "
                    "of order",
                    number,
                )
            expected = link(previous, e.position, e.originator_id, e.version, e.topic, e.state)
            if expected != e.hash:
                missing = (
                    f"position {after + 1} is missing or out of order"
                    if e.position != after + 1
                    else "it was changed"
                )
                raise BackupRefused(
                    f"the event at position {e.position} is not the one recorded there (its "
                    f"link in the chain does not match: {missing})",
                    number,
                )
            previous, after, count = expected, e.position, count + 1
            batch.append(e)
            if len(batch) >= BATCH:
                yield batch
                batch = []
                if progress:
                    progress(count)
        if batch:
            yield batch
    if count != manifest.events:
        raise BackupRefused(
            f"the file holds {count} events but its manifest says {manifest.events}: it is "
            "truncated, or not the file the manifest was written with",
            count + 2,
        )
    if previous.hex() != manifest.head or digest.hexdigest() != manifest.sha256:
        raise BackupRefused("the file is not the one its manifest describes (its hash differs)")
    if progress:
        progress(count)


def import_events(
    path: Path,
    database: Path,
    create: Callable[[Path], None],
    progress: Progress | None = None,
    reseal: Reseal | None = None,
) -> Manifest:
    """Restores the file into `database`, which must hold no event.

    `create(file)` makes an empty store in a file (its tables). The events are written into
    a new file beside `database` and checked as they go; only when all were, and the
    versions of every record follow each other, does it replace `database`.

    `reseal(event)`, if given, may return a new state for an event (its typed text, recorded
    in clear by an older Groundwork, sealed: `domain.store.text.resealing`); the store's chain is
    then a new one, linking the states as written. The whole file is then checked first, so
    that a damaged file is refused for its damage before any event is read with a key, and
    a key store without the file's keys is refused in words.
    """
    if database.exists() and _count(database) > 0:
        raise BackupRefused(f"{database} already holds events: restore into an empty store")
    manifest = _manifest_of(path)
    if reseal is not None:
        for _ in _checked(path, manifest, None):
            pass
    building = database.with_name(database.name + ".restoring")
    _remove(building)
    create(building)
    try:
        _write_events(building, _checked(path, manifest, progress), reseal)
        _replace(database, building)
    except BaseException:
        _remove(building)
        raise
    return manifest


def _manifest_of(path: Path) -> Manifest:
    """The manifest beside the file, refused if it describes another format."""
    manifest = Manifest.read(manifest_path(path))
    if manifest.format != FORMAT:
        raise BackupRefused(f"the manifest is for {manifest.format!r}, not {FORMAT!r}")
    return manifest


def _write_events(building: Path, batches: Iterator[list[_Event]], reseal: Reseal | None) -> None:
    """Writes the file's events into the new store as they are checked, in one transaction,
    made durable once, at the end, when the versions of every record were checked too."""
    with contextlib.closing(sqlite3.connect(building, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")  # made durable once, before it replaces
        db.execute("BEGIN")
        chain = GENESIS
        for batch in batches:
            if reseal is not None:
                chain = _reseal_batch(reseal, batch, chain)
            _insert(db, batch)
        _check_versions(db)
        db.execute("COMMIT")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _reseal_batch(reseal: Reseal, batch: list[_Event], chain: bytes) -> bytes:
    """Reseals the batch's events, linking them on from `chain` (a new chain, of the states
    as written); the new chain's head."""
    for e in batch:
        e.state = _resealed(reseal, e)
        chain = e.hash = link(chain, e.position, e.originator_id, e.version, e.topic, e.state)
    return chain


def _insert(db: sqlite3.Connection, batch: list[_Event]) -> None:
    db.executemany(
        "INSERT INTO stored_events (rowid, originator_id, originator_version,"
        " topic, state) VALUES (?, ?, ?, ?, ?)",
        [(e.position, e.originator_id, e.version, e.topic, e.state) for e in batch],
    )
    # Without commit times (an older file), they are filled when the store is opened.
    db.executemany(
        f"INSERT INTO {CHAIN_TABLE} VALUES (?, ?, ?)",  # noqa: S608 (a constant)
        [(e.position, e.hash, e.committed) for e in batch],
    )


def _check_versions(db: sqlite3.Connection) -> None:
    """Refuses the file unless the versions of every record follow each other from 1."""
    gap = db.execute(
        "SELECT originator_id FROM stored_events GROUP BY originator_id"
        " HAVING max(originator_version) != count(*) OR min(originator_version) != 1"
        " LIMIT 1"
    ).fetchone()
    if gap is not None:
        raise BackupRefused(
            f"the versions of record {UUID(gap[0])} do not follow each other from 1"
        )


def _replace(database: Path, building: Path) -> None:
    """Puts the new store, once on disk, in place of the (empty) one."""
    with open(building, "rb") as written:
        os.fsync(written.fileno())
    _remove(database)
    os.replace(building, database)


def _resealed(reseal: Reseal, e: _Event) -> bytes:
    stored = StoredEvent(
        originator_id=UUID(e.originator_id),
        originator_version=e.version,
        topic=e.topic,
        state=e.state,
    )
    try:
        return reseal(stored) or e.state
    except Exception as failed:
        missing = failed if isinstance(failed, PersonalKeyMissing) else failed.__cause__
        if isinstance(missing, PersonalKeyMissing):
            raise BackupRefused(
                f"the event at position {e.position} cannot be read: {missing} Restore with "
                "the key store that was backed up with the file"
            ) from None
        raise


def _remove(database: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{database}{suffix}").unlink()
