"""Moving a store started before typed text was sealed onto a new one that seals it: export
its events, import them (with its key store beside the new store). The new store holds no
typed text in clear, reads the same, passes `verify`, and forgetting someone then reaches
the words typed about them before."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Mapper

from domain.action import Action
from domain.application import Groundwork
from domain.redaction import REDACTED
from domain.values import ActionKind
from interface.sample import record_sample_network
from tests.interface.conftest import GROUNDWORK
from tests.postgres import sqlite_only, store_env

pytestmark = sqlite_only  # export and import are SQLite's

TITLE = "Delegation with Wilhelmina Quarrington"


class OlderGroundwork(Groundwork):
    """Groundwork as it was before typed text was sealed: the library's own mapper."""

    def construct_mapper(self) -> Mapper[Any]:
        return Application.construct_mapper(self)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GROUNDWORK), *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_an_older_store_moves_on_to_one_whose_typed_text_is_sealed(tmp_path: Path) -> None:
    old, new = tmp_path / "old" / "events.sqlite", tmp_path / "new" / "events.sqlite"
    old.parent.mkdir()
    new.parent.mkdir()
    older = OlderGroundwork(env=store_env(old))
    try:
        sample = record_sample_network(older)
        wilhelmina = older.register_person(
            network_id=sample.network,
            name="Wilhelmina Quarrington",
            contact=None,
            communities=["Kenya"],
            languages=["en"],
            recorded_by=sample.organiser,
        ).id
        action = older.plan_action(
            campaign_id=sample.campaign,
            kind=ActionKind.DELEGATION,
            title=TITLE,
            scheduled_for=older.clock() - timedelta(days=1),
            power_holder_id=None,
            ask="Fund peer respite",
            turnout_pledged=12,
            recorded_by=sample.organiser,
        ).id
    finally:
        older.close()
    assert b"Quarrington" in old.read_bytes()  # in clear, as older versions kept it
    shutil.copy(old.with_name("events.keys.sqlite"), new.with_name("events.keys.sqlite"))

    exported = run("export", "events", str(tmp_path / "log.jsonl"), "--database", str(old))
    imported = run("import", "events", str(tmp_path / "log.jsonl"), "--database", str(new))
    verified = run("verify", "--database", str(new))

    assert exported.returncode == 0, exported.stderr
    assert imported.returncode == 0, imported.stderr
    assert verified.returncode == 0 and "intact" in verified.stdout, verified.stderr
    assert b"Quarrington" not in new.read_bytes()
    assert b"Peers Across Borders" not in new.read_bytes()
    moved = Groundwork(env=store_env(new))
    try:
        assert moved.get(Action, action).title == TITLE
        moved.forget_person(wilhelmina, recorded_by=sample.organiser)
        assert moved.get(Action, action).title == f"Delegation with {REDACTED}"
    finally:
        moved.close()
