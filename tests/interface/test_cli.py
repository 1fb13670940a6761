"""The `groundwork` command line."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from domain.application import Groundwork
from domain.person import Person
from interface.cli import create_cli
from interface.settings import Settings
from projections.follower import every_view
from tests import postgres
from tests.postgres import process_env, sqlite_only

GROUNDWORK = Path(sys.executable).with_name("groundwork")
RECORDER = UUID("00000000-0000-4000-8000-00000000000a")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`groundwork ARGS...`, on the store its `--database` names (see `tests.postgres`)."""
    env = process_env(Path(args[args.index("--database") + 1])) if "--database" in args else None
    return subprocess.run(
        [str(GROUNDWORK), *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_help_lists_the_commands() -> None:
    result = run("--help")

    assert result.returncode == 0
    for command in ("serve", "demo"):
        assert command in result.stdout


def test_demo_records_the_sample_network_once(tmp_path: Path) -> None:
    database = tmp_path / "sample.sqlite"

    first = run("demo", "--database", str(database))
    second = run("demo", "--database", str(database))

    assert first.returncode == 0, first.stderr
    assert "Recorded the sample network" in first.stdout
    assert second.returncode == 1
    assert "already holds events" in second.stderr


def test_migrate_creates_every_table_and_can_run_twice_at_once(tmp_path: Path) -> None:
    database = tmp_path / "events.sqlite"
    command = [str(GROUNDWORK), "migrate", "--database", str(database)]
    env = process_env(database)
    together = [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in together]
    again = run("migrate", "--database", str(database))

    assert [process.returncode for process in together] == [0, 0]
    assert (
        again.returncode == 0
        and "Ready" in again.stdout
        and f"{len(every_view())} views" in again.stdout
    )
    assert all("Ready" in out for out in outputs)

    if postgres.URL is not None:  # one database holds them all
        assert {
            "groundwork_events",
            "event_chain",
            "webhook_positions",
            "personal_keys",
            "tracking",
            "timeline_entries",
            "collective_weekly",
        } <= postgres.table_names(database)
        return

    def tables(path: Path) -> set[str]:
        with closing(sqlite3.connect(path)) as db:
            return {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    assert {"stored_events", "event_chain", "webhook_positions"} <= tables(database)
    assert "personal_keys" in tables(tmp_path / "events.keys.sqlite")
    assert {"tracking", "timeline_entries", "collective_weekly"} <= tables(
        tmp_path / "events.views.sqlite"
    )


def test_a_bad_setting_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(GROUNDWORK), "serve"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"GROUNDWORK_PORT": "not-a-port", "PATH": "/usr/bin:/bin"},
    )

    assert result.returncode == 2
    assert "Invalid setting GROUNDWORK_PORT" in result.stderr


def test_projections_can_be_rebuilt_and_report_their_status(tmp_path: Path) -> None:
    database = tmp_path / "sample.sqlite"
    run("demo", "--database", str(database))

    rebuilt = run("projections", "rebuild", "--database", str(database))
    status = run("projections", "status", "--database", str(database))
    unknown = run("projections", "rebuild", "gossip", "--database", str(database))

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "campaign_timeline: rebuilt up to position" in rebuilt.stdout
    assert "campaign_progress: position" in status.stdout and "0 behind the log" in status.stdout
    assert unknown.returncode == 2 and "No view named 'gossip'" in unknown.stderr


@sqlite_only  # about GROUNDWORK_VIEWS, the views' own SQLite file
def test_the_views_are_rebuilt_in_the_file_groundwork_views_names(tmp_path: Path) -> None:
    database = tmp_path / "sample.sqlite"
    views = tmp_path / "read-models.sqlite"
    run("demo", "--database", str(database))

    def with_views(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(GROUNDWORK), *args, "--database", str(database)],
            capture_output=True,
            text=True,
            timeout=120,
            env=os.environ | {"GROUNDWORK_VIEWS": str(views)},
        )

    rebuilt = with_views("projections", "rebuild")
    status = with_views("projections", "status")

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "campaign_progress: position" in status.stdout and "0 behind the log" in status.stdout
    with closing(sqlite3.connect(views)) as db:
        assert db.execute("SELECT count(*) FROM progress_targets").fetchone()[0] > 0
    with closing(sqlite3.connect(database)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert "progress_targets" not in tables
    assert not database.with_name("sample.views.sqlite").exists()


@sqlite_only  # tampers with the SQLite file; on PostgreSQL: tests/domain/test_postgres.py
def test_verify_reports_an_intact_log_and_the_first_altered_event(tmp_path: Path) -> None:
    database = tmp_path / "sample.sqlite"
    run("demo", "--database", str(database))

    intact = run("verify", "--database", str(database))
    head = intact.stdout.rsplit("head ", 1)[-1].strip().rstrip(".")
    still = run("verify", "--database", str(database), "--noted", head)
    malformed = run("verify", "--database", str(database), "--noted", "yesterday")
    with closing(sqlite3.connect(database)) as db, db:
        db.execute("DELETE FROM stored_events WHERE rowid = 12")
    altered = run("verify", "--database", str(database))

    assert intact.returncode == 0, intact.stderr
    assert "The log is intact" in intact.stdout
    assert still.returncode == 0, still.stderr
    assert malformed.returncode == 2 and "POSITION:HASH" in malformed.stderr
    assert altered.returncode == 1
    assert "altered at position 12: the event there was removed" in altered.stderr
    assert "The 11 events before it are intact" in altered.stderr


@sqlite_only  # scans the SQLite files' bytes; on PostgreSQL: tests/domain/test_postgres.py
def test_a_person_is_forgotten_from_the_command_line_by_id_only(tmp_path: Path) -> None:
    database = tmp_path / "events.sqlite"
    settings = Settings(database=database)
    app = Groundwork(env=settings.event_store_env())
    network = app.found_network(
        name="Peers",
        focus="Peer support",
        goals=["Fair pay"],
        communities=["Porto"],
        happened_at=datetime(2025, 1, 1, tzinfo=UTC),
        recorded_by=RECORDER,
    ).id
    person = app.register_person(
        network_id=network,
        name="Quillfeather Forgettable",
        contact="quillfeather@example.org",
        communities=["Porto"],
        languages=["pt"],
        recorded_by=RECORDER,
    ).id
    app.close()

    forgotten = run("people", "forget", str(person), "--database", str(database))
    again = run("people", "forget", str(person), "--database", str(database))
    unknown = run("people", "forget", str(uuid4()), "--database", str(database))
    malformed = run("people", "forget", "Quillfeather", "--database", str(database))
    verified = run("verify", "--database", str(database))

    assert forgotten.returncode == 0, forgotten.stderr
    assert f"Person {person} forgotten" in forgotten.stdout
    assert "events.keys.sqlite" in forgotten.stdout
    assert again.returncode == 1 and f"Person {person} is already forgotten" in again.stderr
    assert unknown.returncode == 1 and "No person with id" in unknown.stderr
    assert malformed.returncode == 2 and "UUID" in malformed.stderr
    assert verified.returncode == 0 and "intact" in verified.stdout
    for result in (forgotten, again, unknown):
        assert "Quillfeather" not in result.stdout + result.stderr
    for path in tmp_path.iterdir():
        assert b"Quillfeather" not in path.read_bytes(), path.name
    reader = Groundwork(env=settings.event_store_env())
    try:
        assert reader.get(Person, person).name.value == "forgotten person"
    finally:
        reader.close()


def test_every_module_of_commands_is_registered() -> None:
    import interface.cli as package

    names = [m.name for m in pkgutil.iter_modules(package.__path__)]
    modules = [importlib.import_module(f"interface.cli.{name}") for name in names]

    assert {m for m in modules if hasattr(m, "register")} == set(package.GROUPS)


def test_every_command_answers_help_in_process() -> None:
    cli = create_cli()
    app = typer.main.get_command(cli)
    assert isinstance(app, TyperGroup)
    commands: list[tuple[str, ...]] = [(name,) for name in app.commands]
    commands += [
        (name, sub)
        for name, group in app.commands.items()
        if isinstance(group, TyperGroup)
        for sub in group.commands
    ]

    for command in commands:
        shown = CliRunner().invoke(cli, [*command, "--help"], prog_name="groundwork")

        assert shown.exit_code == 0, (command, shown.output)
        assert f"groundwork {' '.join(command)}" in shown.output
    assert {("serve",), ("accounts", "add"), ("import", "osdi-people")} <= set(commands)
