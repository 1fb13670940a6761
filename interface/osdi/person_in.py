"""A person taken in from OSDI (`POST /networks/{id}/osdi/people`, `groundwork import
osdi-people`): the shapes accepted, and what of them registers a person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StringConstraints,
    Tag,
)

from interface.api.common import Command, Line, Name, Tags


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
