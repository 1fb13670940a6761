"""Which views there are, and opening them beside an application's event store."""

from __future__ import annotations

import hashlib
import importlib
import logging
import pkgutil
from typing import Any

from eventsourcing.application import Application

from projections.dialect import schema_transaction, views_datastore
from projections.view import View, views_name

log = logging.getLogger("groundwork.projections")


def every_view() -> tuple[type[View], ...]:
    """Every view of the projections package, found rather than listed (each module is
    imported, so a new view is kept up to date by being defined), in the order of their
    names: each keeps tables of its own, so the order they are brought up to date in is
    only kept the same from one run to the next."""
    import projections

    for module in pkgutil.walk_packages(projections.__path__, "projections."):
        importlib.import_module(module.name)
    found: list[type[View]] = []
    pending = list(View.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("projections.") and "name" in vars(cls):
            found.append(cls)
    return tuple(sorted(found, key=lambda cls: cls.name))


def open_views(app: Application[Any], *, bulk: bool = False) -> list[View]:
    """The views (created when missing), beside the event store: in a SQLite file of their
    own (see `views_name`), or in the same PostgreSQL database (see `views_datastore`),
    through connections that do not wait for the disk on every commit.

    On SQLite their own file, so that whatever writes them never waits for the commands'
    writes, nor makes a command wait: one SQLite file takes one writer at a time, and the
    views' transactions, which run Python for every event they apply, held the event
    store's write lock while commands queued behind them. They hold nothing that cannot be
    derived again from the events. `bulk`: for a rebuild, through connections set for it
    (`domain.store.sqlite.BulkSQLiteConnectionPool`)."""
    datastore = views_datastore(app, views_name(app.env), bulk=bulk)
    views = []
    for cls in VIEW_CLASSES:
        view = cls(datastore=datastore)
        view.create_table()
        views.append(view)
    _of_this_log(app, datastore, views)
    return views


def _of_this_log(app: Application[Any], datastore: Any, views: list[View]) -> None:
    """Empties the views when their file was derived from another log than the one they
    now follow, so that they are rebuilt from it.

    The views live in a file of their own, which can outlive the events' file: an event
    store deleted and started again, or a store opened with the views of another. Their
    positions would then point into the wrong log, and they would silently skip its
    events. The file notes the identity of the log it was derived from (its first event:
    its record's id and a hash of what it holds, which includes when it was recorded); a
    different first event, or a view ahead of the log's head, means another log."""
    first = app.recorder.select_notifications(start=None, limit=1)
    identity = (
        f"{first[0].originator_id}:{hashlib.sha256(first[0].state).hexdigest()}" if first else None
    )
    head = app.recorder.max_notification_id() or 0
    with schema_transaction(datastore) as c:
        c.execute(
            "CREATE TABLE IF NOT EXISTS views_log ("
            ' "only" INTEGER PRIMARY KEY CHECK ("only" = 1), first_event TEXT NOT NULL)'
        )
        c.execute("SELECT first_event FROM views_log")
        row = c.fetchone()
    noted = row[0] if row else None
    if (noted is not None and identity is not None and noted != identity) or any(
        view.position() > head for view in views
    ):
        log.warning("The views were derived from another log; they are rebuilt from this one.")
        for view in views:
            view.reset()
        noted = None
    if identity is not None and noted is None:
        with datastore.transaction(commit=True) as c:
            # Processes starting at once (API workers) may each write it: the same row.
            c.execute(
                'INSERT INTO views_log VALUES (1, ?) ON CONFLICT ("only")'
                " DO UPDATE SET first_event = excluded.first_event",
                (identity,),
            )


#: Every view, in the order they are brought up to date (found last: the modules imported
#: to find them may import this one, and find its functions defined).
VIEW_CLASSES = every_view()
