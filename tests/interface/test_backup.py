"""Backing up the log and restoring it: a round trip reproduces the log, its chain and every
view exactly; a file truncated, reordered, changed, foreign or without its manifest is
refused with the line and the reason, and nothing is restored."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from projections.registry import VIEW_CLASSES
from tests.interface.conftest import GROUNDWORK
from tests.postgres import sqlite_only

#: backs up and restores the SQLite file (PostgreSQL: pg_dump).
pytestmark = sqlite_only


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GROUNDWORK), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ | (env or {}),
        check=False,
    )


def rows(database: Path) -> dict[str, list[Any]]:
    """The log and its chain (in the store's file), and every view's rows (in the views'
    file beside it), in a stable order."""
    views = database.with_name(f"{database.stem}.views.sqlite")
    found = {}
    with closing(sqlite3.connect(database)) as db:
        for table in ("stored_events", "event_chain"):
            columns = "rowid, *" if table == "stored_events" else "*"
            found[table] = sorted(db.execute(f"SELECT {columns} FROM {table}").fetchall())
        found["tables"] = sorted(n for (n,) in db.execute("SELECT name FROM sqlite_master"))
    with closing(sqlite3.connect(f"file:{views}?mode=ro", uri=True)) as db:
        for table in (t for v in VIEW_CLASSES for t in v.tables):
            found[table] = sorted(db.execute(f"SELECT * FROM {table}").fetchall())
    return found


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample network, with an account and a person forgotten, backed up: the store and
    the file."""
    folder = tmp_path_factory.mktemp("backup")
    database = folder / "events.sqlite"
    assert run("demo", "--database", str(database)).returncode == 0
    assert (
        run("accounts", "add", "kofi", "--role", "leader", "--database", str(database)).returncode
        == 0
    )
    with closing(sqlite3.connect(database)) as db:
        person = db.execute(
            "SELECT originator_id FROM stored_events WHERE topic LIKE '%Person.Registered'"
            " ORDER BY rowid DESC LIMIT 1"
        ).fetchone()[0]
    assert run("people", "forget", person, "--database", str(database)).returncode == 0
    assert run("projections", "rebuild", "--database", str(database)).returncode == 0
    file = folder / "log.jsonl"
    exported = run("export", "events", str(file), "--database", str(database))
    assert exported.returncode == 0, exported.stderr
    return database, file


def test_a_round_trip_reproduces_the_log_its_chain_and_every_view(
    backup: tuple[Path, Path], tmp_path: Path
) -> None:
    database, file = backup
    keys = tmp_path / "keys.sqlite"
    shutil.copy(database.with_name("events.keys.sqlite"), keys)
    restored = tmp_path / "restored.sqlite"

    done = run(
        "import",
        "events",
        str(file),
        "--database",
        str(restored),
        env={"GROUNDWORK_KEY_STORE": str(keys)},
    )
    original_head = run("verify", "--database", str(database)).stdout
    restored_head = run("verify", "--database", str(restored)).stdout

    assert done.returncode == 0, done.stderr
    manifest = json.loads(Path(f"{file}.manifest.json").read_text())
    assert f"Restored {manifest['events']:,} events" in done.stdout
    assert manifest["events"] > 100
    assert rows(restored) == rows(database)
    assert not {t for v in VIEW_CLASSES for t in v.tables} & set(rows(restored)["tables"])
    assert "intact" in restored_head and restored_head == original_head
    assert not list(tmp_path.glob("*.restoring*"))


def lines_of(file: Path) -> list[str]:
    return file.read_text(encoding="utf-8").splitlines(keepends=True)


def tampered(file: Path, folder: Path, lines: list[str], name: str) -> Path:
    """A copy of the backup with other lines, beside a copy of its manifest."""
    copy = folder / name
    copy.write_text("".join(lines), encoding="utf-8")
    shutil.copy(Path(f"{file}.manifest.json"), Path(f"{copy}.manifest.json"))
    return copy


def changed(lines: list[str]) -> list[str]:
    record = json.loads(lines[10])
    record["state"] = record["state"].replace("recorded_by", "recorded_bx", 1)
    return [*lines[:10], json.dumps(record, separators=(",", ":")) + "\n", *lines[11:]]


CASES = {
    "changed": (changed, "line 11: the event at position 10 is not the one recorded there"),
    "removed": (lambda ls: ls[:30] + ls[31:], "line 31: the event at position 31"),
    "swapped": (
        lambda ls: [*ls[:20], ls[21], ls[20], *ls[22:]],
        "line 21: the event at position 21 is not the one recorded there",
    ),
    "truncated": (lambda ls: [*ls[:-1], ls[-1][:40]], "the file is truncated"),
    "cut short": (lambda ls: ls[:-5], "its manifest says"),
    "foreign": (
        lambda ls: ['{"format": "groundwork-events/0"}\n', *ls[1:]],
        "line 1: not a groundwork-events/1 file",
    ),
    "not json": (lambda ls: [*ls[:5], "{not json\n", *ls[6:]], "line 6: not a stored event"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_file_is_refused_with_its_line_and_nothing_is_restored(
    backup: tuple[Path, Path], tmp_path: Path, case: str
) -> None:
    _, file = backup
    damage, reason = CASES[case]
    copy = tampered(file, tmp_path, damage(lines_of(file)), f"{case.replace(' ', '-')}.jsonl")
    restored = tmp_path / "restored.sqlite"

    done = run("import", "events", str(copy), "--database", str(restored))

    assert done.returncode == 1
    assert reason in done.stderr and "Nothing was restored" in done.stderr
    assert not restored.exists() and not list(tmp_path.glob("*.restoring*"))


def test_a_file_without_its_manifest_or_into_a_store_with_events_is_refused(
    backup: tuple[Path, Path], tmp_path: Path
) -> None:
    database, file = backup
    alone = tmp_path / "alone.jsonl"
    shutil.copy(file, alone)
    before = rows(database)

    no_manifest = run("import", "events", str(alone), "--database", str(tmp_path / "x.sqlite"))
    not_empty = run("import", "events", str(file), "--database", str(database))

    assert no_manifest.returncode == 1 and "manifest" in no_manifest.stderr
    assert not_empty.returncode == 1 and "already holds events" in not_empty.stderr
    assert rows(database) == before


def test_a_restore_without_the_key_store_is_refused_in_words_and_nothing_is_restored(
    backup: tuple[Path, Path], tmp_path: Path
) -> None:
    _, file = backup
    restored = tmp_path / "restored.sqlite"

    done = run("import", "events", str(file), "--database", str(restored))

    assert done.returncode == 1
    assert "holds no key" in done.stderr and "Nothing was restored" in done.stderr
    assert "Traceback" not in done.stderr
    assert not restored.exists() and not list(tmp_path.glob("*.restoring*"))
