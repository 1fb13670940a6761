"""The `groundwork` command line."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

GROUNDWORK = Path(sys.executable).with_name("groundwork")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(GROUNDWORK), *args], capture_output=True, text=True, timeout=120)


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
