"""The data folder and its files are for Groundwork's own user only: the folder 0700, the
event store, key store and views 0600 (each with SQLite's -wal and -shm beside it).

Files are created so by the process's umask (`keep_private`, set when the command line
starts: SQLite creates its files 0644 less the umask, and every process a command starts
inherits it). Files an older version left readable by others are tightened when a command
opens the store (`tighten`); a folder that already existed is left as it is, but named.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from interface.settings import Settings

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def keep_private() -> None:
    """New files and folders, of this process and those it starts: for this user only."""
    os.umask(0o077)


def store_files(settings: Settings) -> list[Path]:
    """The SQLite files that hold personal data (none with PostgreSQL)."""
    if settings.database_url is not None:
        return []
    return [
        Path(f"{base}{suffix}")
        for base in (settings.database, settings.key_store_path(), settings.views_path())
        for suffix in ("", "-wal", "-shm")
    ]


def tighten(settings: Settings) -> list[Path]:
    """Makes the store's files 0600; returns the folders holding them that others may
    still enter or read, for a warning."""
    open_folders: set[Path] = set()
    for path in store_files(settings):
        try:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(FILE_MODE)
            if stat.S_IMODE(path.parent.stat().st_mode) & 0o077:
                open_folders.add(path.parent)
        except FileNotFoundError:
            continue
    return sorted(open_folders)
