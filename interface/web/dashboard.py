"""The network's collective progress: the dashboard's charts and tables, for the whole
network or one community, over a period, each table downloadable as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from domain.account import Role
from domain.network import Network
from interface.api import collective
from interface.api.routing import WorkerThreadRoute
from interface.web import charts
from interface.web.locale import reader_of
from interface.web.network import offers
from interface.web.rendering import found, render
from interface.web.session import VisitorDep
from projections.collective import MEASURES

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)

ORG, LEAD = Role.ORGANISER, Role.LEADER

#: The tables of the dashboard, each downloadable as CSV: name -> (title, CSV columns).
TABLES = {
    "totals": ("Totals", ("measure", "count")),
    "weekly": ("Week by week", ("measure", "week", "amount", "cumulative")),
    "pipeline": ("Leadership pipeline", ("stage", "people")),
    "themes": ("Themes heard most", ("theme", "mentions", "sessions")),
}

#: The periods the dashboard's weekly charts and tables can cover: how many weeks, up to
#: this one (None: the whole history). A bounded period keeps the page as quick to draw at
#: a network's fifth year as in its first.
PERIODS: dict[str, tuple[str, int | None]] = {
    "13": ("The last 3 months", 13),
    "26": ("The last 6 months", 26),
    "52": ("The last year", 52),
    "104": ("The last 2 years", 104),
    "all": ("Everything on record", None),
}
DEFAULT_PERIOD = "52"


def _rows(c: collective.CollectiveOut, table: str) -> list[tuple[Any, ...]]:
    """A table's rows as its CSV gives them (the weekly series one row per measure and week,
    for a spreadsheet to pivot)."""
    if table == "totals":
        return sorted(c.totals.items())
    if table == "weekly":
        return [(w.measure, w.week.isoformat(), w.amount, w.cumulative) for w in c.weekly]
    if table == "pipeline":
        return list(c.pipeline.items())
    return [(t.theme, t.mentions, t.sessions) for t in c.themes]


def _shown(
    c: collective.CollectiveOut, table: str, since: date | None
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """A table's columns and rows as the page shows them: the weekly series one row per week
    of the period (the weeks the charts draw), a column per measure with data in it."""
    if table != "weekly":
        return TABLES[table][1], _rows(c, table)
    measures = [m for m in MEASURES if any(w.measure == m for w in c.weekly)]
    amounts = {(w.measure, w.week): w.amount for w in c.weekly}
    weeks = charts.weeks_of([w.week for w in c.weekly], since, c.time_zone)
    rows = [(week, *(amounts.get((m, week), 0) for m in measures)) for week in weeks]
    return ("week", *measures), rows


def _csv(c: collective.CollectiveOut, table: str) -> Response:
    """A table of the dashboard as a CSV file to download."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TABLES[table][1])
    writer.writerows(_rows(c, table))
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{table}.csv"'},
    )


@router.get("/networks/{id}/progress", response_model=None)
def dashboard(
    id: UUID,
    request: Request,
    visitor: VisitorDep,
    community: Annotated[str | None, Query(max_length=200)] = None,
    period: Annotated[str | None, Query(max_length=10)] = None,
    download: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    visitor.require(ORG, LEAD)
    app = request.app.state.groundwork
    network = found(lambda: app.read(Network, id))
    chosen = community if community in network.communities else None
    period = period if period in PERIODS else DEFAULT_PERIOD
    weeks = PERIODS[period][1]
    since = charts.weeks_back(weeks, network.time_zone) if weeks else None
    c = collective.collective_of(
        id=id, app=app, request=request, community=chosen, movements=False, since=since
    )
    if download in TABLES:
        return _csv(c, download)
    reader = reader_of(request)
    chosen_query = {"community": chosen, "period": period if period != DEFAULT_PERIOD else None}
    return render(
        request,
        "dashboard.html",
        visitor=visitor,
        network=network,
        community=chosen,
        period=period,
        periods={key: title for key, (title, _) in PERIODS.items()},
        query=urlencode({k: v for k, v in chosen_query.items() if v}),
        progress=c,
        tables={name: (title, *_shown(c, name, since)) for name, (title, _) in TABLES.items()},
        charts={
            "One-to-ones per week": charts.weekly(
                c, "one_to_ones", "One-to-ones per week", reader, since
            ),
            "Leadership pipeline": charts.pipeline(c, reader),
            "Listening reach": charts.weekly(
                c, "listening_participants", "Listening: participants per week", reader, since
            ),
            "Themes heard most": charts.themes(c, reader),
            "Turnout against pledges": charts.turnout(c, reader, since),
            "Commitments": charts.commitments(c, reader),
        },
    )


offers(40, "Collective progress", "/app/networks/{id}/progress", ORG, LEAD)
