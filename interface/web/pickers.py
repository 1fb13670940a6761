"""What a form offers to choose from: the network's people, its power-holders."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Request

from domain.values import ConsentScope
from interface.api.access import Caller
from interface.api.reading import in_chapters, name_of, read_view, today
from projections.people import People
from projections.power import PowerMap


def people_picker(request: Request, network_id: UUID, caller: Caller) -> list[dict[str, Any]]:
    """The network's people for the picker, by name, with their communities and whether
    they consented to having notes kept: those of the caller's chapters, when it acts for
    some chapters of the network only."""
    app = request.app.state.groundwork
    view, _ = read_view(request, People)
    chapters = caller.chapters_in(network_id)
    listed = view.directory(network_id, chapters=chapters, limit=2000)
    if chapters is not None:  # as their records have it now: they may have just left
        listed = [p for p in listed if in_chapters(app, p.person_id, chapters)]
    people = [
        {
            "id": p.person_id,
            "name": name_of(app, p.person_id),
            "communities": ", ".join(p.communities),
            "notes": ConsentScope.KEEP_NOTES.value in p.consents,
        }
        for p in listed
    ]
    return sorted(people, key=lambda p: str(p["name"]).casefold())


def power_holders(request: Request, network_id: UUID) -> list[dict[str, Any]]:
    """The network's power-holders, by name, with their role and institution (from the
    power map, which lists them)."""
    view, _ = read_view(request, PowerMap)
    holders = [
        {"id": h.power_holder_id, "name": h.name, "about": f"{h.role}, {h.institution}"}
        for h in view.holders(network_id, today=today(), limit=500)
    ]
    return sorted(holders, key=lambda h: str(h["name"]).casefold())
