"""A person in OSDI's shape, as sent (the mapping is in `interface.osdi`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.person import Person
from domain.personal import readable
from domain.values import ConsentScope
from interface.osdi.hal import ORIGIN, Collection, Link, PageLinks, SelfLinks, identifier

#: The custom field a person's communities travel in, separated by semicolons.
COMMUNITIES = "communities"


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


class PeopleLinks(PageLinks):
    people: list[Link] = Field(alias="osdi:people")


class EmbeddedPeople(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    people: list[OsdiPerson] = Field(alias="osdi:people")


class OsdiPeople(Collection[PeopleLinks, EmbeddedPeople]):
    """A page of a network's people (OSDI people collection). Forgotten people are left
    out."""


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
