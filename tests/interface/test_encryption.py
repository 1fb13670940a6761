"""Encryption at rest: with GROUNDWORK_CIPHER_KEY, every event's record is stored
encrypted (AES-GCM), the log still verifies without the key, and a store opened with the
wrong key, or with none, is refused with a clear message before anything is served."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from interface.settings import Settings
from tests.postgres import process_env, stored_records

GROUNDWORK = Path(sys.executable).with_name("groundwork")


def run(*args: str, key: str | None = None) -> subprocess.CompletedProcess[str]:
    database = Path(args[args.index("--database") + 1]) if "--database" in args else None
    env = process_env(database) if database else dict(os.environ)
    env.pop("GROUNDWORK_CIPHER_KEY", None)
    if key is not None:
        env["GROUNDWORK_CIPHER_KEY"] = key
    return subprocess.run(
        [str(GROUNDWORK), *args], capture_output=True, text=True, timeout=120, env=env
    )


def stored_states(database: Path) -> bytes:
    """Every event's record as stored, read straight from the store (SQLite's or
    PostgreSQL's)."""
    return stored_records(database)


def test_records_are_encrypted_and_the_key_is_needed_to_read_them(tmp_path: Path) -> None:
    key = run("keys", "cipher").stdout.strip()
    other = run("keys", "cipher").stdout.strip()
    encrypted, plain = tmp_path / "encrypted.sqlite", tmp_path / "plain.sqlite"

    recorded = run("demo", "--database", str(encrypted), key=key)
    run("demo", "--database", str(plain))
    with_key = run("projections", "rebuild", "--database", str(encrypted), key=key)
    without = run("projections", "status", "--database", str(encrypted))
    wrong = run("projections", "status", "--database", str(encrypted), key=other)
    verified = run("verify", "--database", str(encrypted))

    assert recorded.returncode == 0, recorded.stderr
    assert key != other and len(key) == 44  # 32 bytes in base64
    # A member's community is in the plain store's records, and in none of the encrypted
    # store's; the network's name, typed text, is sealed in both (`domain.store.text`).
    assert b"Kenya" in stored_states(plain)
    assert b"Kenya" not in stored_states(encrypted)
    assert b"Peers Across Borders" not in stored_states(plain) + stored_states(encrypted)
    assert with_key.returncode == 0, with_key.stderr
    assert without.returncode == 2 and "GROUNDWORK_CIPHER_KEY" in without.stderr
    assert wrong.returncode == 2 and "cipher key given" in wrong.stderr
    assert verified.returncode == 0 and "intact" in verified.stdout
    assert key not in without.stderr + wrong.stderr + recorded.stdout


def test_a_malformed_key_is_refused_without_echoing_it(tmp_path: Path) -> None:
    short = run("demo", "--database", str(tmp_path / "e.sqlite"), key="c2hvcnQ=")
    garbage = run("demo", "--database", str(tmp_path / "e.sqlite"), key="not a key!")

    assert short.returncode == 2 and "GROUNDWORK_CIPHER_KEY" in short.stderr
    assert "16, 24 or 32" in short.stderr and "c2hvcnQ" not in short.stderr
    assert garbage.returncode == 2 and "not a key" not in garbage.stderr


def test_settings_errors_never_repeat_a_rejected_key() -> None:
    with pytest.raises(ValidationError) as error:
        Settings(cipher_key="c2hvcnRrZXlzZWNyZXQ=")  # type: ignore[arg-type]

    assert "cipher_key" in str(error.value) and "14 bytes" in str(error.value)
    assert "c2hvcnRrZXlzZWNyZXQ" not in str(error.value)
