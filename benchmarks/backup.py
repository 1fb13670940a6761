"""Backup benchmark: exporting the log to JSON Lines and restoring it, as the log grows.

For each size of history (default 10,000 and 1,000,000 events), the synthetic network of
`benchmarks/projections.py` is recorded (or reused from `--workdir`), then, in a child
process of its own so that its peak memory is its own, four things are timed on it:

1. raw read: every stored event read with plain SQLite, in batches, doing nothing with it
   (the least an export can cost);
2. export: `groundwork export events` (`domain.store.backup.export_events`): JSON Lines with
   each event's chain link, and the manifest;
3. raw insert: as many rows as the log holds (the same columns, taken from it) inserted
   with plain `executemany` in batches into a fresh SQLite file in one transaction (the
   least a restore can cost);
4. restore: `groundwork import events` without the views' rebuild
   (`domain.store.backup.import_events`: every line checked, chain links recomputed, written
   into a new file that then replaces the store).

Throughput is events per second; export and restore are also given as ratios of the raw
read and raw insert of the same run. Peak memory (VmHWM, reset before each phase) is
reported for each. Target: peak memory independent of the file's size (judged here as the
largest size's peak at most 1.25 times the smallest's). Exits 0 whatever the figures.

    .venv/bin/python benchmarks/backup.py [--sizes 10000,1000000] [--quick] [--seed 1]
        [--workdir DIR (keep, and reuse, the recordings; shared with projections.py)]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from domain.application import Groundwork
from domain.store.backup import BATCH, export_events, import_events
from domain.store.sqlite import TOPIC


def _projections_benchmark() -> Any:
    """benchmarks/projections.py, whose synthetic network and helpers this one reuses (by
    its path: `projections` is also the name of the read side's package)."""
    path = Path(__file__).resolve().with_name("projections.py")
    spec = importlib.util.spec_from_file_location("projections_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


recording = _projections_benchmark()
PHASES = ("raw read", "export", "raw insert", "restore")


def _timed(phase: str, run: Any) -> dict[str, float]:
    recording.reset_peak_memory()
    began = time.perf_counter()
    count = run()
    seconds = time.perf_counter() - began
    return {"events": count, "seconds": seconds, "peak_kb": recording.memory_kb("VmHWM")}


def measure(database: Path, workdir: Path, result: Path) -> None:
    """The child process: the four phases on one recording."""
    file = workdir / "backup.jsonl"
    restored = workdir / "restored.sqlite"
    inserted = workdir / "raw-insert.sqlite"
    for stale in (file, restored, inserted):
        for suffix in ("", "-wal", "-shm", ".manifest.json"):
            Path(f"{stale}{suffix}").unlink(missing_ok=True)

    def raw_read() -> int:
        count, after = 0, 0
        with closing(sqlite3.connect(database)) as db:
            while rows := db.execute(
                "SELECT rowid, originator_id, originator_version, topic, state"
                " FROM stored_events WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (after, BATCH),
            ).fetchall():
                count += len(rows)
                after = rows[-1][0]
        return count

    def raw_insert() -> int:
        count = 0
        with (
            closing(sqlite3.connect(database)) as source,
            closing(sqlite3.connect(inserted, isolation_level=None)) as db,
        ):
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            db.execute(
                "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER,"
                " topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
            )
            rows = source.execute(
                "SELECT rowid, originator_id, originator_version, topic, state"
                " FROM stored_events ORDER BY rowid"
            )
            db.execute("BEGIN")
            while batch := rows.fetchmany(BATCH):
                db.executemany(
                    "INSERT INTO stored_events (rowid, originator_id, originator_version,"
                    " topic, state) VALUES (?, ?, ?, ?, ?)",
                    batch,
                )
                count += len(batch)
            db.execute("COMMIT")
        return count

    def export() -> int:
        return export_events(database, file).events

    def restore() -> int:
        keys = workdir / "restored.keys.sqlite"

        def create(path: Path) -> None:
            env = {"PERSISTENCE_MODULE": TOPIC, "SQLITE_DBNAME": str(path)}
            Groundwork(env=env | {"PERSONAL_KEYS_DBNAME": str(keys)}).close()

        return import_events(file, restored, create).events

    figures = {
        "raw read": _timed("raw read", raw_read),
        "export": _timed("export", export),
        "raw insert": _timed("raw insert", raw_insert),
        "restore": _timed("restore", restore),
    }
    figures["export"]["file_bytes"] = file.stat().st_size
    result.write_text(json.dumps(figures))


def run_size(size: int, workdir: Path, seed: int) -> dict[str, Any]:
    stem = f"events-{size}-seed{seed}"
    database = recording.recording(size, workdir, seed, reuse=True).database
    print(f"  {size:,} events: raw read, export, raw insert, restore (child process)...")
    result = workdir / f"{stem}.backup.json"
    scratch = workdir / f"backup-{size}"
    scratch.mkdir(exist_ok=True)
    subprocess.run(
        [
            *(sys.executable, __file__, "--role", "measure", "--database", str(database)),
            *("--scratch", str(scratch), "--result", str(result)),
        ],
        check=True,
    )
    figures: dict[str, Any] = json.loads(result.read_text())
    return figures


def report(results: dict[int, dict[str, Any]]) -> None:
    print(f"\nCPUs: {os.cpu_count()}; SQLite {sqlite3.sqlite_version}")
    heads = ("seconds", "events/s", "ratio", "peak MB")
    print(f"\n{'events':>10}  {'phase':<11} " + " ".join(f"{h:>9}" for h in heads))
    for size, figures in results.items():
        for phase in PHASES:
            f = figures[phase]
            rate = f["events"] / f["seconds"] if f["seconds"] else 0.0
            base = {"export": "raw read", "restore": "raw insert"}.get(phase)
            ratio = ""
            if base:
                b = figures[base]
                ratio = f"{rate / (b['events'] / b['seconds']):.3f}"
            print(
                f"{size:>10,}  {phase:<11} {f['seconds']:>8.2f} {rate:>11,.0f} {ratio:>7}"
                f" {f['peak_kb'] / 1024:>8.0f}"
            )
        print(f"{'':>10}  the file: {figures['export']['file_bytes'] / 2**20:,.0f} MB")
    sizes = sorted(results)
    small, large = results[sizes[0]], results[sizes[-1]]
    print("\nTARGETS")
    for phase in ("export", "restore"):
        grew = large[phase]["peak_kb"] / small[phase]["peak_kb"]
        verdict = "met" if grew <= 1.25 else "NOT met"
        print(
            f"  {phase} peak memory independent of size ({sizes[-1]:,}/{sizes[0]:,} <= 1.25):"
            f" {verdict} ({grew:.2f}: {small[phase]['peak_kb'] / 1024:.0f} MB,"
            f" {large[phase]['peak_kb'] / 1024:.0f} MB)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--quick", action="store_true", help="2,000 and 20,000 events")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--role", help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.role == "measure":
        measure(args.database, args.scratch, args.result)
        return 0
    sizes = [2_000, 20_000] if args.quick else [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="groundwork-backup-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            results = {size: run_size(size, workdir, args.seed) for size in sizes}
        except subprocess.CalledProcessError as failed:
            print(f"a child process failed: {failed}", file=sys.stderr)
            return 1
        report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
