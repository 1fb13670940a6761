"""The list views as CSV files (`interface.exports`): each the same list as its JSON
endpoint, with a stable column order and headers in plain words, streamed."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from interface.api.access import ADM, AUD, LEAD, ORG, Caller, CallerDep, may
from interface.api.clocks import Clocks, ClocksDep, cut_of
from interface.api.common import AppDep
from interface.api.errors import READ
from interface.api.reading import read_view
from interface.api.routing import WorkerThreadRoute
from interface.exports import EXPORTS, check_subject, csv_lines

networks = APIRouter(prefix="/networks", tags=["exports"], route_class=WorkerThreadRoute)
campaigns = APIRouter(prefix="/campaigns", tags=["exports"], route_class=WorkerThreadRoute)

CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "CSV with a header row; UTF-8.",
    }
}


def _csv(
    name: str, app: AppDep, caller: Caller, request: Request, id: UUID, clocks: Clocks | None = None
) -> StreamingResponse:
    export = EXPORTS[name]
    check_subject(app, export, id)  # a 404 before the first line is streamed

    def view_of(cls: Any) -> Any:
        return read_view(request, cls)[0]

    chapters = caller.chapters_in(id)
    if chapters is not None and export.rows_within is not None:  # their chapters' people
        rows = export.rows_within(app, view_of, id, chapters)
    else:
        rows = export.rows(app, view_of, id, cut_of(app, clocks))
    return StreamingResponse(
        csv_lines(export, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}-{id}.csv"'},
    )


def _headed(name: str) -> dict[str, Any]:
    return {
        "response_class": StreamingResponse,
        "responses": CSV | READ,
        "operation_id": f"export_{name.replace('-', '_')}_csv",
        "name": f"{name} as CSV",
    }


@networks.get("/{id}/people.csv", **_headed("people"))
@may(ORG, LEAD, ADM)
def people_csv(id: UUID, app: AppDep, caller: CallerDep, request: Request) -> StreamingResponse:
    """The people directory (names are personal data)."""
    return _csv("people", app, caller, request, id)


@networks.get("/{id}/power-map.csv", **_headed("power-map"))
@may(ORG, LEAD)
def power_map_csv(
    id: UUID, app: AppDep, caller: CallerDep, request: Request, clocks: ClocksDep
) -> StreamingResponse:
    """Each power-holder's stance, influence and commitments scorecard."""
    return _csv("power-map", app, caller, request, id, clocks)


@networks.get("/{id}/commitments.csv", **_headed("commitments"))
@may(ORG, LEAD)
def commitments_csv(
    id: UUID, app: AppDep, caller: CallerDep, request: Request, clocks: ClocksDep
) -> StreamingResponse:
    """Every commitment power-holders made, with what became of it (as it stood at
    `known_at` / `on`, if given)."""
    return _csv("commitments", app, caller, request, id, clocks)


@campaigns.get("/{id}/timeline.csv", **_headed("timeline"))
@may(ORG, LEAD, AUD)
def timeline_csv(
    id: UUID, app: AppDep, caller: CallerDep, request: Request, clocks: ClocksDep
) -> StreamingResponse:
    """A campaign's whole story, in order of when."""
    return _csv("timeline", app, caller, request, id, clocks)


@campaigns.get("/{id}/progress.csv", **_headed("progress"))
@may(ORG, LEAD, AUD)
def progress_csv(
    id: UUID, app: AppDep, caller: CallerDep, request: Request, clocks: ClocksDep
) -> StreamingResponse:
    """A campaign's progress, week by week."""
    return _csv("progress", app, caller, request, id, clocks)
