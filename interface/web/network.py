"""A network's page: what there is to do in it, and a section for each kind of record it
keeps (its campaigns, listening campaigns, gatherings...).

Nothing here names a kind of record. Each kind's web module declares what it offers from
the network page (`offers(...)`: a link to a form or a view, for the roles that may use it)
and the section it shows there (`@network_section(order)`: a function drawing its cards),
so that a new kind of record appears on the page by declaring its own, in its own module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from domain.account import Role
from domain.application import Groundwork
from domain.network import Network
from interface.api import networks
from interface.api.routing import WorkerThreadRoute
from interface.web import forms
from interface.web.locale import Reader, reader_of, zone_choices
from interface.web.records import JustRecorded, RecordPage, Shown
from interface.web.rendering import found, render
from interface.web.session import Visitor, VisitorDep

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    #: What a screen reader says, where the label alone is not enough ("Log a gathering of
    #: the community of practice").
    aria_label: str | None = None


@dataclass(frozen=True)
class Card:
    """One record in a section: its title, a link to its page where the visitor may read
    it, a tag (its status), a muted line under it, and a link to act on it."""

    title: str
    href: str | None = None
    tag: str | None = None
    note: str | None = None
    action: Link | None = None


@dataclass(frozen=True)
class Section:
    heading: str
    cards: list[Card]
    #: What the section says when there is nothing in it yet.
    empty: str
    #: A line under the heading: what the records add up to.
    summary: str | None = None
    actions: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class OnNetworkPage:
    """What a section is drawn from: the request (for the views), the application, the
    network, and who is reading."""

    request: Request
    app: Groundwork
    network: Network
    visitor: Visitor
    reader: Reader


@dataclass(frozen=True)
class Offer:
    """A link at the top of a network's page, to the roles that may use it; `path` takes
    the network's id (`/app/networks/{id}/one-to-ones/new`)."""

    order: int
    label: str
    path: str
    roles: tuple[Role, ...]
    primary: bool = False


DrawSection = Callable[[OnNetworkPage], Section]
_OFFERS: list[Offer] = []
_SECTIONS: list[tuple[int, DrawSection]] = []


def offers(order: int, label: str, path: str, *roles: Role, primary: bool = False) -> None:
    """Declares a link at the top of every network's page (smaller `order` first)."""
    _OFFERS.append(Offer(order, label, path, roles, primary))
    _OFFERS.sort(key=lambda offer: offer.order)


def network_section(order: int) -> Callable[[DrawSection], DrawSection]:
    """Declares the decorated function as the section it draws on every network's page
    (smaller `order` first)."""

    def register(draw: DrawSection) -> DrawSection:
        _SECTIONS.append((order, draw))
        _SECTIONS.sort(key=lambda section: section[0])
        return draw

    return register


RECORDED = {"time-zone": "Recorded: the network's weeks are counted in its new time zone."}


def _network_page(request: Request, visitor: Visitor, id: UUID, shown: Shown) -> HTMLResponse:
    app = request.app.state.groundwork
    network = found(lambda: app.read(Network, id))
    on_page = OnNetworkPage(request, app, network, visitor, reader_of(request))
    links = [
        (Link(offer.label, offer.path.format(id=network.id)), offer.primary)
        for offer in _OFFERS
        if visitor.may(*offer.roles)
    ]
    values = shown.over({"time_zone": network.time_zone})
    return render(
        request,
        "network.html",
        shown.status,
        visitor=visitor,
        network=network,
        links=links,
        sections=[draw(on_page) for _, draw in _SECTIONS],
        zones=zone_choices(values["time_zone"]),
        values=values,
        errors=shown.errors,
        recorded=shown.note(RECORDED),
    )


#: Every role reads a network's page; its sections and offers say what each may see and do.
NETWORK_PAGE = RecordPage("/app/networks/{id}", _network_page, tuple(Role))


@router.get("/networks/{id}")
def network_page(
    id: UUID, request: Request, visitor: VisitorDep, recorded: JustRecorded = None
) -> HTMLResponse:
    return NETWORK_PAGE.page(request, visitor, id, recorded)


@router.post("/networks/{id}/time-zone", response_model=None)
async def set_time_zone(id: UUID, request: Request, visitor: VisitorDep) -> Response:
    """The network's weeks counted in another zone: a leader's choice, as in the API."""
    visitor.require(Role.LEADER)
    form = await forms.posted(request)
    body = {"time_zone": form.choice("time_zone")}
    return NETWORK_PAGE.step(
        request, visitor, id, form, networks.SetTimeZone, body, networks.set_time_zone, "time-zone"
    )
