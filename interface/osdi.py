"""People, gatherings and actions in the Open Supporter Data Interface's shapes (OSDI v1.x,
JSON with HAL links), so that they can move to and from other organising tools (Action
Network among them): the shapes, and what maps to what.

A person: Groundwork keeps one name as the person gave it; OSDI wants a given and a family
name, so the first word is sent as `given_name` and the rest as `family_name` (and an
import joins given, additional and family names with spaces). Their one contact field is
sent as an email address if it has an '@' in it, else as a phone number, with the status
"subscribed" only if they consented to being contacted. Communities go in the custom field
`communities` ("Kenya; Portugal"). Consents other than that, the ladder, skills, notes and
history stay in Groundwork.

An event: a gathering (its topic as title, who came as `total_accepted`, each of them an
attendance) or an action (its title, its ask as description, the turnout that came, or the
turnout pledged while it is not held yet, as `total_accepted`; cancelled or confirmed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any, Generic, Literal, TypeVar
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StringConstraints,
    Tag,
)

from domain.action import Action
from domain.gathering import Gathering
from domain.person import Person
from domain.personal import readable
from domain.values import ConsentScope
from interface.api.common import Command, Line, Name, Tags

#: The name other tools know Groundwork's records by, before each id ("groundwork:<id>").
SYSTEM = "groundwork"
ORIGIN = "Groundwork"
#: The custom field a person's communities travel in, separated by semicolons.
COMMUNITIES = "communities"
#: Where the relations ("osdi:people") are documented.
CURIES_HREF = "https://opensupporter.github.io/osdi-docs/{rel}"

# ---------------------------------------------------------------------------- what is sent


def _absent(value: object) -> bool:
    return value is None


class Link(BaseModel):
    href: str = Field(examples=["https://groundwork.example.org/osdi/people/3f0c6a1e-…"])


class Curie(BaseModel):
    name: str = Field(examples=["osdi"])
    href: str = Field(examples=[CURIES_HREF])
    templated: bool


CURIES = [Curie(name="osdi", href=CURIES_HREF, templated=True)]


class EmailAddress(BaseModel):
    address: str = Field(description="Personal data.", examples=["someone@example.org"])
    primary: bool
    status: Literal["subscribed", "unsubscribed"] = Field(
        description="'subscribed' only if the person consented to being contacted."
    )


class PhoneNumber(BaseModel):
    number: str = Field(description="Personal data.", examples=["+254 700 000 000"])
    primary: bool
    status: Literal["subscribed", "unsubscribed"] = Field(
        description="'subscribed' only if the person consented to being contacted."
    )


class SelfLinks(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    self_: Link = Field(alias="self")


class OsdiPerson(BaseModel):
    """A person (OSDI `osdi:person`)."""

    model_config = ConfigDict(populate_by_name=True)

    identifiers: list[str] = Field(examples=[["groundwork:3f0c6a1e-0d3b-4a55-9d8a-2b6f3c1d9e10"]])
    origin_system: str = Field(examples=[ORIGIN])
    created_date: datetime = Field(description="When they were registered.")
    modified_date: datetime = Field(description="When their record last changed.")
    given_name: str = Field(
        description="Personal data: the first word of their name.", examples=["Amina"]
    )
    family_name: str | None = Field(
        description="Personal data: the rest of their name, if it has more than one word.",
        examples=["Wanjiru"],
    )
    email_addresses: list[EmailAddress]
    phone_numbers: list[PhoneNumber]
    languages_spoken: list[str] = Field(examples=[["sw", "en"]])
    custom_fields: dict[str, str] = Field(
        description="`communities`: the communities they belong to, separated by '; '.",
        examples=[{COMMUNITIES: "Kenya; Portugal"}],
    )
    links: SelfLinks = Field(alias="_links")


class PageLinks(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    self_: Link = Field(alias="self")
    next: Link | None = Field(default=None, exclude_if=_absent)
    prev: Link | None = Field(default=None, exclude_if=_absent)
    curies: list[Curie]


L = TypeVar("L", bound=PageLinks)
E = TypeVar("E", bound=BaseModel)


class Collection(BaseModel, Generic[L, E]):
    """What every OSDI collection has: its paging, its links, and the page's resources."""

    model_config = ConfigDict(populate_by_name=True)

    total_pages: int
    per_page: int
    page: int
    total_records: int
    links: L = Field(alias="_links")
    embedded: E = Field(alias="_embedded")


class PeopleLinks(PageLinks):
    people: list[Link] = Field(alias="osdi:people")


class EmbeddedPeople(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    people: list[OsdiPerson] = Field(alias="osdi:people")


class OsdiPeople(Collection[PeopleLinks, EmbeddedPeople]):
    """A page of a network's people (OSDI people collection). Forgotten people are left
    out."""


class EventLinks(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    self_: Link = Field(alias="self")
    attendances: Link | None = Field(
        default=None,
        alias="osdi:attendances",
        exclude_if=_absent,
        description="A gathering's: who came. An action's turnout is a count only.",
    )


class OsdiEvent(BaseModel):
    """A gathering or an action (OSDI `osdi:event`)."""

    model_config = ConfigDict(populate_by_name=True)

    identifiers: list[str] = Field(examples=[["groundwork:3f0c6a1e-0d3b-4a55-9d8a-2b6f3c1d9e10"]])
    origin_system: str = Field(examples=[ORIGIN])
    created_date: datetime
    modified_date: datetime
    name: str = Field(examples=["Delegation to the county health board"])
    title: str = Field(examples=["Delegation to the county health board"])
    description: str | None = Field(description="An action's ask.")
    start_date: datetime = Field(description="When it was held, or is planned for.")
    end_date: datetime | None = Field(
        description="For a gathering of a series, its start and the series' length."
    )
    status: Literal["confirmed", "cancelled"]
    type: Literal["open"]
    total_accepted: int = Field(
        description="Who came: a gathering's attendees and facilitator, an action's turnout; "
        "for an action not held yet, the turnout pledged."
    )
    kind: Literal["gathering", "action"] = Field(alias="groundwork:kind")
    held: bool = Field(alias="groundwork:held")
    links: EventLinks = Field(alias="_links")


class EventsLinks(PageLinks):
    events: list[Link] = Field(alias="osdi:events")


class EmbeddedEvents(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    events: list[OsdiEvent] = Field(alias="osdi:events")


class OsdiEvents(Collection[EventsLinks, EmbeddedEvents]):
    """A page of a network's gatherings and actions (OSDI events collection)."""


class AttendanceLinks(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    person: Link = Field(alias="osdi:person")
    event: Link = Field(alias="osdi:event")


class OsdiAttendance(BaseModel):
    """Someone who came to a gathering (OSDI `osdi:attendance`)."""

    model_config = ConfigDict(populate_by_name=True)

    identifiers: list[str] = Field(examples=[["groundwork:3f0c…/9a1b…"]])
    origin_system: str = Field(examples=[ORIGIN])
    created_date: datetime
    modified_date: datetime
    status: Literal["accepted"]
    attended: bool
    links: AttendanceLinks = Field(alias="_links")


class EmbeddedAttendances(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    attendances: list[OsdiAttendance] = Field(alias="osdi:attendances")


class OsdiAttendances(Collection[PageLinks, EmbeddedAttendances]):
    """A page of who came to a gathering. Forgotten people are left out."""


def identifier(*ids: UUID) -> str:
    return f"{SYSTEM}:{'/'.join(str(i) for i in ids)}"


def person_out(person: Person, base: str) -> OsdiPerson:
    """A person not forgotten, in OSDI's shape (`base`: the API's URL, for links)."""
    given, *rest = person.name.value.split(maxsplit=1)
    contact = readable(person.contact)
    status: Literal["subscribed", "unsubscribed"] = (
        "subscribed" if person.has_consented(ConsentScope.BE_CONTACTED) else "unsubscribed"
    )
    emails, phones = [], []
    if contact and "@" in contact:
        emails.append(EmailAddress(address=contact, primary=True, status=status))
    elif contact:
        phones.append(PhoneNumber(number=contact, primary=True, status=status))
    return OsdiPerson(
        identifiers=[identifier(person.id)],
        origin_system=ORIGIN,
        created_date=person.created_on,
        modified_date=person.modified_on,
        given_name=given,
        family_name=rest[0] if rest else None,
        email_addresses=emails,
        phone_numbers=phones,
        languages_spoken=person.languages,
        custom_fields={COMMUNITIES: "; ".join(person.communities)} if person.communities else {},
        links=SelfLinks(self_=Link(href=f"{base}/osdi/people/{person.id}")),
    )


def came_to(gathering: Gathering) -> list[UUID]:
    """Who came to a gathering: its attendees, then its facilitator if not among them."""
    came = list(gathering.attendee_ids)
    if gathering.facilitator_id is not None and gathering.facilitator_id not in came:
        came.append(gathering.facilitator_id)
    return came


def event_out(record: Gathering | Action, base: str, length: timedelta | None = None) -> OsdiEvent:
    """A gathering or an action in OSDI's shape (`length`: how long a gathering of a series
    lasts, for its end)."""
    href = f"{base}/osdi/events/{record.id}"
    if isinstance(record, Gathering):
        title, description, kind = record.topic, None, "gathering"
        starts, held, cancelled, accepted = record.happened_at, True, False, len(came_to(record))
    else:
        title, description, kind = record.title, record.ask, "action"
        starts, cancelled = record.held_at or record.scheduled_for, record.is_cancelled
        held = record.held_at is not None
        accepted = record.turnout if record.turnout is not None else record.turnout_pledged
    return OsdiEvent(
        identifiers=[identifier(record.id)],
        origin_system=ORIGIN,
        created_date=record.created_on,
        modified_date=record.modified_on,
        name=title,
        title=title,
        description=description,
        start_date=starts,
        end_date=starts + length if length else None,
        status="cancelled" if cancelled else "confirmed",
        type="open",
        total_accepted=accepted,
        kind=kind,
        held=held,
        links=EventLinks(
            self_=Link(href=href),
            attendances=Link(href=f"{href}/attendances") if kind == "gathering" else None,
        ),
    )


@dataclass(frozen=True)
class Paging:
    """Where a page is in a collection of `total` records: pages count from 1."""

    url: str  # the collection's URL, without its query
    page: int
    per_page: int
    total: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def fields(self) -> dict[str, int]:
        return {
            "total_pages": math.ceil(self.total / self.per_page),
            "per_page": self.per_page,
            "page": self.page,
            "total_records": self.total,
        }

    def links(self) -> dict[str, Any]:
        def at(page: int) -> Link:
            return Link(href=f"{self.url}?page={page}&per_page={self.per_page}")

        last = max(1, math.ceil(self.total / self.per_page))
        return {
            "self_": at(self.page),
            "next": at(self.page + 1) if self.page < last else None,
            "prev": at(min(self.page - 1, last)) if self.page > 1 else None,
            "curies": CURIES,
        }


# ---------------------------------------------------------------------------- what is taken


class EmailAddressIn(Command):
    address: Annotated[
        str, StringConstraints(min_length=1, max_length=1_000, pattern=r"^[^\x00]*@[^\x00]*$")
    ] = Field(description="Personal data.", examples=["someone@example.org"])
    primary: StrictBool | None = None
    address_type: str | None = Field(default=None, description="Not kept.")
    status: str | None = Field(
        default=None,
        description="Not kept: a consent to be contacted is given to the network itself.",
    )


class PhoneNumberIn(Command):
    number: Line = Field(description="Personal data.", examples=["+254 700 000 000"])
    primary: StrictBool | None = None
    extension: str | None = Field(default=None, description="Not kept.")
    description: str | None = Field(default=None, description="Not kept.")
    number_type: str | None = Field(default=None, description="Not kept.")
    operator: str | None = Field(default=None, description="Not kept.")
    country: str | None = Field(default=None, description="Not kept.")
    sms_capable: StrictBool | None = Field(default=None, description="Not kept.")
    do_not_call: StrictBool | None = Field(default=None, description="Not kept.")
    status: str | None = Field(default=None, description="Not kept.")


class CustomFieldsIn(BaseModel):
    """Custom fields: `communities` is kept (the network must span them); others are not."""

    model_config = ConfigDict(extra="allow")

    communities: Line | Tags | None = Field(
        default=None,
        description="The communities they belong to: a list, or one text with the names "
        "separated by ';'.",
        examples=["Kenya; Portugal"],
    )


#: A value taken and not kept (OSDI fields Groundwork has no place for).
NotKept = Annotated[Any, Field(default=None, description="Not kept.")]


class OsdiPersonIn(Command):
    """A person in OSDI's shape. Kept: the name (given, additional and family names joined
    with spaces), the primary email address (else the first; else the primary or first
    phone number) as contact details, `languages_spoken`, and the communities of the custom
    field `communities`. Taken but not kept: the other OSDI person fields. A name is
    required: `given_name` or `family_name`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["given_name"], "properties": {"given_name": {"type": "string"}}},
                {"required": ["family_name"], "properties": {"family_name": {"type": "string"}}},
            ]
        },
    )

    given_name: Name | None = Field(default=None, description="Personal data.")
    additional_name: Name | None = Field(default=None, description="Personal data.")
    family_name: Name | None = Field(default=None, description="Personal data.")
    email_addresses: list[EmailAddressIn] = Field(default_factory=list, max_length=100)
    phone_numbers: list[PhoneNumberIn] = Field(default_factory=list, max_length=100)
    languages_spoken: Tags = Field(default_factory=list, examples=[["sw", "en"]])
    custom_fields: CustomFieldsIn | None = None
    # The other fields of OSDI's person (v1.x):
    identifiers: NotKept
    origin_system: NotKept
    created_date: NotKept
    modified_date: NotKept
    modified_by: NotKept
    honorific_prefix: NotKept
    honorific_suffix: NotKept
    gender: NotKept
    gender_identity: NotKept
    party_identification: NotKept
    parties: NotKept
    source: NotKept
    ethnicities: NotKept
    preferred_language: NotKept
    browser_url: NotKept
    administrative_url: NotKept
    birthdate: NotKept
    employer: NotKept
    employer_address: NotKept
    occupation: NotKept
    postal_addresses: NotKept
    profiles: NotKept
    links: NotKept = Field(default=None, alias="_links")
    embedded: NotKept = Field(default=None, alias="_embedded")


class OsdiSignupIn(Command):
    """OSDI's person signup helper: `{"person": {...}}`. Tags are not kept."""

    person: OsdiPersonIn
    add_tags: list[Name] = Field(default_factory=list, max_length=100, description="Not kept.")


#: The tags pydantic puts before the fields of each shape in a problem's place (named so
#: that no field of a body is named alike).
SHAPES = ("Person", "Signup")


def _shape(value: Any) -> str:
    return SHAPES[1] if isinstance(value, dict) and "person" in value else SHAPES[0]


#: What an import takes: a person, or the signup helper's shape around one.
OsdiPersonBody = Annotated[
    Annotated[OsdiPersonIn, Tag(SHAPES[0])] | Annotated[OsdiSignupIn, Tag(SHAPES[1])],
    Discriminator(_shape),
]


@dataclass(frozen=True)
class Registration:
    """What registering an imported person takes."""

    name: str
    contact: str | None
    communities: list[str]
    languages: list[str]


#: Where, in an OSDI person, the domain's fields of a registration come from.
OSDI_FIELDS = {
    "name": "given_name",
    "contact": "email_addresses",
    "communities": "custom_fields.communities",
    "languages": "languages_spoken",
}


class InvalidEntry(Exception):
    """An OSDI person that cannot be registered: `field` says where in it."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field
        self.detail = detail


def registration_of(person: OsdiPersonIn) -> Registration:
    """What an OSDI person registers as; `InvalidEntry` if it has no name."""
    if not (person.given_name or person.family_name):
        raise InvalidEntry("given_name", "a person needs a name: given_name or family_name.")
    names = (person.given_name, person.additional_name, person.family_name)
    return Registration(
        name=" ".join(n.strip() for n in names if n and n.strip()),
        contact=_contact(person),
        communities=_communities(person.custom_fields),
        languages=list(person.languages_spoken),
    )


def _contact(person: OsdiPersonIn) -> str | None:
    def first(values: list[Any]) -> Any:
        return next((v for v in values if v.primary), values[0] if values else None)

    email = first(person.email_addresses)
    if email is not None:
        return str(email.address).strip()
    phone = first(person.phone_numbers)
    return None if phone is None else str(phone.number).strip()


def _communities(fields: CustomFieldsIn | None) -> list[str]:
    given = fields.communities if fields else None
    if given is None:
        return []
    names = given.split(";") if isinstance(given, str) else given
    return [n.strip() for n in names if n.strip()]
