"""`groundwork views`: list views as files, for spreadsheets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interface.cli.common import Database, add_group, fail, open_groundwork, settings_for


def register(cli: typer.Typer) -> None:
    add_group(cli, "views", "Views as files: lists for spreadsheets.", {"export": views_export})


def views_export(
    name: Annotated[
        str, typer.Argument(help="people, timeline, progress, power-map or commitments.")
    ],
    of: Annotated[
        str,
        typer.Option("--of", help="The network's id (a campaign's, for a timeline or progress)."),
    ],
    csv: Annotated[bool, typer.Option("--csv", help="As CSV (the only format yet).")] = True,
    out: Annotated[Path | None, typer.Option(help="The file to write (default: stdout).")] = None,
    database: Database = None,
) -> None:
    """Write one list view as CSV, with a stable column order and headers in plain words.
    The views are brought up to date first."""
    import sys
    from uuid import UUID

    from domain.errors import DomainError
    from interface.exports import EXPORTS, check_subject, csv_lines
    from projections.follower import Follower, open_views
    from projections.view import NOW

    export = EXPORTS.get(name)
    if export is None:
        raise fail(f"There is no list called {name!r}: {', '.join(EXPORTS)}.", 2)
    try:
        id_ = UUID(of)
    except ValueError:
        raise fail(f"--of takes the id of a {export.of}.", 2) from None
    app = open_groundwork(settings_for(database))
    follower = Follower(app, open_views(app))
    target = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        check_subject(app, export, id_)
        follower.catch_up_all()
        for text in csv_lines(
            export, export.rows(app, lambda cls: follower.view_of(cls)[0], id_, NOW)
        ):
            target.write(text)
    except DomainError as error:
        raise fail(error.detail) from None
    finally:
        if out:
            target.close()
        follower.close()
        app.close()
