"""OSDI: a network's people, gatherings and actions in the Open Supporter Data Interface's
JSON (HAL) shapes, for other organising tools, and people taken from them as registrations
(`interface.osdi` says what maps to what).

Each person exported is a read of their personal data, kept in the access record as one
read per person (`Access.OSDI`), so that each person's own access record (and a subject
access request) shows that their name and contact details were handed out, by whom and
when. Forgotten people are left out of every list, and their record is not found.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from contextlib import suppress
from datetime import timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from domain.access import Access
from domain.action import Action
from domain.application import Groundwork
from domain.errors import ChapterNotGranted, NotFound, NotOnRecord, RuleBroken
from domain.gathering import Gathering, GatheringSeries
from domain.network import Network
from domain.person import Person
from interface.api.access import ADM, LEAD, ORG, CallerDep, may
from interface.api.common import AppDep, Ctx, RecordedOut
from interface.api.errors import READ, SIGNED_IN, WRITE, as_json
from interface.api.reading import in_chapters, read_view
from interface.api.routing import WorkerThreadRoute
from interface.osdi import (
    ORIGIN,
    OSDI_FIELDS,
    SHAPES,
    AttendanceLinks,
    EmbeddedAttendances,
    EmbeddedEvents,
    EmbeddedPeople,
    EventsLinks,
    InvalidEntry,
    Link,
    OsdiAttendance,
    OsdiAttendances,
    OsdiEvent,
    OsdiEvents,
    OsdiPeople,
    OsdiPerson,
    OsdiPersonBody,
    OsdiSignupIn,
    PageLinks,
    Paging,
    PeopleLinks,
    came_to,
    event_out,
    identifier,
    person_out,
    registration_of,
)
from projections.interop import EventKind, Interop
from projections.people import People

HAL = "application/hal+json"


class HalJSONResponse(JSONResponse):
    media_type = HAL


class _PlacedRoute(WorkerThreadRoute):
    """Says where a problem is in the body as the client wrote it: `body.person.given_name`,
    without the name of the shape (person or signup helper) pydantic puts before it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def placed(request: Request) -> Response:
            try:
                return await handle(request)
            except RequestValidationError as error:
                raise RequestValidationError(
                    [_placed(e) for e in error.errors()], body=error.body
                ) from None

        return placed


def _placed(error: Any) -> Any:
    loc = tuple(error.get("loc", ()))
    if len(loc) > 1 and loc[0] == "body" and loc[1] in SHAPES:
        return {**error, "loc": ("body", *loc[2:])}
    return error


networks = APIRouter(prefix="/networks", tags=["osdi"], route_class=WorkerThreadRoute)
imports = APIRouter(prefix="/networks", tags=["osdi"], route_class=_PlacedRoute)
records = APIRouter(prefix="/osdi", tags=["osdi"], route_class=WorkerThreadRoute)
#: Refusals (401, 403, 429) are documented in JSON, though the answers are HAL.
REFUSALS = as_json(SIGNED_IN)

PageNumber = Annotated[int, Query(ge=1, le=100_000, description="Which page, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=100, description="How many on a page.")]
HAL_READ: dict[int | str, dict[str, Any]] = as_json(READ)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@networks.get("/{id}/osdi/people", response_class=HalJSONResponse, responses=HAL_READ)
@may(ORG, LEAD, ADM)
def osdi_people(
    id: UUID,
    app: AppDep,
    caller: CallerDep,
    request: Request,
    page: PageNumber = 1,
    per_page: PerPage = 25,
) -> OsdiPeople:
    """The network's people as an OSDI people collection, in the order they registered:
    names and contact details among the rest. Forgotten people are left out; so are, for an
    account acting for some chapters of the network only, the people of other chapters.
    Each person on the page is a read of their personal data, kept in their access record."""
    app.read(Network, id)
    base = _base(request)
    url = f"{base}/networks/{id}/osdi/people"
    chapters = caller.chapters_in(id)
    if chapters is None:
        view, _ = read_view(request, Interop)
        paging = Paging(url, page, per_page, view.count(id, "people"))
        ids = view.people(id, limit=per_page, offset=paging.offset)
    else:  # their chapters' people only, in the order they registered
        directory, _ = read_view(request, People)
        paging = Paging(url, page, per_page, directory.count(id, chapters=chapters))
        listed = directory.directory(id, chapters=chapters, limit=per_page, offset=paging.offset)
        ids = [p.person_id for p in listed if in_chapters(app, p.person_id, chapters)]
    found = [app.read(Person, p) for p in ids]
    people = [p for p in found if not p.forgotten]  # forgotten since the view's position
    app.record_reads(
        account=caller.account_id, what=Access.OSDI, people=[(p.id, p.id) for p in people]
    )
    items = [person_out(p, base) for p in people]
    return OsdiPeople(
        **paging.fields(),
        links=PeopleLinks(**paging.links(), people=[i.links.self_ for i in items]),
        embedded=EmbeddedPeople(people=items),
    )


@networks.get("/{id}/osdi/events", response_class=HalJSONResponse, responses=HAL_READ)
@may(ORG, LEAD)
def osdi_events(
    id: UUID,
    app: AppDep,
    request: Request,
    page: PageNumber = 1,
    per_page: PerPage = 25,
) -> OsdiEvents:
    """The network's gatherings and actions as an OSDI events collection, in the order they
    were recorded: a gathering's attendance and an action's turnout as `total_accepted`."""
    app.read(Network, id)
    view, _ = read_view(request, Interop)
    base = _base(request)
    paging = Paging(f"{base}/networks/{id}/osdi/events", page, per_page, view.count(id, "events"))
    found = view.events(id, limit=per_page, offset=paging.offset)
    items = [_event(app, _record(app, record_id, kind), base) for record_id, kind in found]
    return OsdiEvents(
        **paging.fields(),
        links=EventsLinks(**paging.links(), events=[i.links.self_ for i in items]),
        embedded=EmbeddedEvents(events=items),
    )


def _record(app: Groundwork, id: UUID, kind: EventKind | None = None) -> Gathering | Action:
    """A gathering or an action (either, unless `kind` says which)."""
    classes: dict[EventKind, type[Gathering | Action]] = {
        "gathering": Gathering,
        "action": Action,
    }
    for its_kind, cls in classes.items():
        if kind in (None, its_kind):
            with suppress(NotFound):
                return app.read(cls, id)
    raise NotFound("gathering or action", id, "id")


def _event(app: Groundwork, record: Gathering | Action, base: str) -> OsdiEvent:
    length = None
    if isinstance(record, Gathering) and record.series_id is not None:
        length = timedelta(minutes=app.read(GatheringSeries, record.series_id).duration_minutes)
    return event_out(record, base, length)


@imports.post("/{id}/osdi/people", status_code=201, responses=WRITE)
@may(ORG)
def import_osdi_person(
    id: UUID,
    body: Annotated[OsdiPersonBody, Body()],
    ctx: Ctx,
) -> RecordedOut:
    """Register a person given in OSDI's shape (or in the person signup helper's,
    `{"person": {...}}`) in the network: their name (given, additional and family names),
    the primary email address or phone number as contact details, the languages they speak,
    and the communities of the custom field `communities` (which the network must span).
    Other OSDI fields are taken but not kept; a consent to be contacted is not taken from
    another tool's email status."""
    person = body.person if isinstance(body, OsdiSignupIn) else body
    at: tuple[str, ...] = ("body", "person") if person is not body else ("body",)
    try:
        registration = registration_of(person)
    except InvalidEntry as invalid:
        problem = {"type": "missing", "loc": (*at, invalid.field), "msg": invalid.detail}
        raise RequestValidationError([problem]) from None
    ctx.app.read(Network, id)
    try:
        recorded = ctx.app.register_person(
            network_id=id,
            name=registration.name,
            contact=registration.contact,
            communities=registration.communities,
            languages=registration.languages,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    except (RuleBroken, ChapterNotGranted) as broken:  # said of the OSDI field it came from
        field = OSDI_FIELDS.get(broken.field or "")
        if field is None:
            raise
        broken.field = ".".join([*at[1:], field])
        raise
    return RecordedOut.of(recorded)


@records.get("/people/{id}", response_class=HalJSONResponse, responses=HAL_READ)
@may(ORG, LEAD, ADM)
def osdi_person(id: UUID, app: AppDep, caller: CallerDep, request: Request) -> OsdiPerson:
    """A person as an OSDI person: a read of their personal data, kept in their access
    record. A forgotten person is not found."""
    person = app.read(Person, id)
    if person.forgotten:
        raise NotOnRecord(f"Person {id} was forgotten at their request: nothing is shared.", "id")
    app.record_read(account=caller.account_id, what=Access.OSDI, record_id=id, person_id=id)
    return person_out(person, _base(request))


@records.get("/events/{id}", response_class=HalJSONResponse, responses=HAL_READ)
@may(ORG, LEAD)
def osdi_event(id: UUID, app: AppDep, request: Request) -> OsdiEvent:
    """A gathering or an action as an OSDI event."""
    return _event(app, _record(app, id), _base(request))


@records.get("/events/{id}/attendances", response_class=HalJSONResponse, responses=HAL_READ)
@may(ORG, LEAD)
def osdi_attendances(
    id: UUID,
    app: AppDep,
    request: Request,
    page: PageNumber = 1,
    per_page: PerPage = 25,
) -> OsdiAttendances:
    """Who came to a gathering (its attendees, and its facilitator), as OSDI attendances
    linking to each person and to the gathering; ids only, no names. Forgotten people are
    left out (the gathering's `total_accepted` still counts them). An action has no
    attendances: its turnout is a count."""
    gathering = app.read(Gathering, id)
    shared = [p for p in came_to(gathering) if not app.read(Person, p).forgotten]
    base = _base(request)
    event = Link(href=f"{base}/osdi/events/{id}")
    paging = Paging(f"{event.href}/attendances", page, per_page, len(shared))
    items = [
        OsdiAttendance(
            identifiers=[identifier(id, p)],
            origin_system=ORIGIN,
            created_date=gathering.created_on,
            modified_date=gathering.modified_on,
            status="accepted",
            attended=True,
            links=AttendanceLinks(person=Link(href=f"{base}/osdi/people/{p}"), event=event),
        )
        for p in shared[paging.offset : paging.offset + per_page]
    ]
    return OsdiAttendances(
        **paging.fields(),
        links=PageLinks(**paging.links()),
        embedded=EmbeddedAttendances(attendances=items),
    )
