"""A throw-away PostgreSQL cluster for the test suite: `python tests/postgres_cluster.py CMD...`.

Creates a cluster in a temporary directory (initdb), starts it on a free loopback port with
its socket in that directory, runs CMD with GROUNDWORK_TEST_DATABASE_URL pointing at it,
then stops the cluster and removes the directory, whatever CMD's outcome; exits with CMD's
exit code. PostgreSQL refuses to run as root: run as root, the cluster belongs to the
`postgres` user (the Debian package's) and its commands run as that user. The test
superuser is `groundwork`, trusted on loopback: nothing here is worth a password.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SUPERUSER = "groundwork"
VARIABLE = "GROUNDWORK_TEST_DATABASE_URL"
INITDB = ("--auth=trust", "--encoding=UTF8", "--no-sync", "--locale=C")


def bin_dir() -> Path:
    """The newest server installed from Debian's packages (or on PATH)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit("PostgreSQL is not installed: apt-get install postgresql")
    return Path(initdb).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def cluster() -> Iterator[str]:
    """A running cluster's URL (database `postgres`), removed afterwards."""
    binaries = bin_dir()
    as_user: list[str] = []
    directory = Path(tempfile.mkdtemp(prefix="groundwork-pg-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(directory, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = directory / "data", free_port()
    try:
        subprocess.run(
            [*as_user, str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, *INITDB],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # Throw-away: no fsync (nothing here must survive a crash of the machine).
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off"
        options += " -c max_connections=300 -c full_page_writes=off"
        subprocess.run(
            [
                *as_user,
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(directory / "log"),
                "-o",
                options,
                "-w",
                "start",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        try:
            yield f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                check=False,
                stdout=subprocess.DEVNULL,
            )
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # so that the cluster is stopped and removed


def main() -> int:
    signal.signal(signal.SIGTERM, _stopped)
    command = sys.argv[1:]
    if not command:
        raise SystemExit(f"usage: {sys.argv[0]} COMMAND [ARG...]")
    with cluster() as url:
        print(f"PostgreSQL test cluster at {url}", flush=True)
        return subprocess.run(command, env=os.environ | {VARIABLE: url}, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
