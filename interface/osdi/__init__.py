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

The shapes live in a module each (`hal` and `paging` for what every document has, `people`
and `events` for what is sent, `person_in` for what is taken); their names are all
importable from here, where the API and the command line import them.
"""

from __future__ import annotations

from interface.osdi.events import (
    AttendanceLinks,
    EmbeddedAttendances,
    EmbeddedEvents,
    EventLinks,
    EventsLinks,
    OsdiAttendance,
    OsdiAttendances,
    OsdiEvent,
    OsdiEvents,
    came_to,
    event_out,
)
from interface.osdi.hal import (
    CURIES,
    CURIES_HREF,
    ORIGIN,
    SYSTEM,
    Collection,
    Curie,
    Link,
    PageLinks,
    SelfLinks,
    identifier,
)
from interface.osdi.paging import Paging
from interface.osdi.people import (
    COMMUNITIES,
    EmailAddress,
    EmbeddedPeople,
    OsdiPeople,
    OsdiPerson,
    PeopleLinks,
    PhoneNumber,
    person_out,
)
from interface.osdi.person_in import (
    OSDI_FIELDS,
    SHAPES,
    CustomFieldsIn,
    EmailAddressIn,
    InvalidEntry,
    NotKept,
    OsdiPersonBody,
    OsdiPersonIn,
    OsdiSignupIn,
    PhoneNumberIn,
    Registration,
    registration_of,
)

__all__ = [
    "COMMUNITIES",
    "CURIES",
    "CURIES_HREF",
    "ORIGIN",
    "OSDI_FIELDS",
    "SHAPES",
    "SYSTEM",
    "AttendanceLinks",
    "Collection",
    "Curie",
    "CustomFieldsIn",
    "EmailAddress",
    "EmailAddressIn",
    "EmbeddedAttendances",
    "EmbeddedEvents",
    "EmbeddedPeople",
    "EventLinks",
    "EventsLinks",
    "InvalidEntry",
    "Link",
    "NotKept",
    "OsdiAttendance",
    "OsdiAttendances",
    "OsdiEvent",
    "OsdiEvents",
    "OsdiPeople",
    "OsdiPerson",
    "OsdiPersonBody",
    "OsdiPersonIn",
    "OsdiSignupIn",
    "PageLinks",
    "Paging",
    "PeopleLinks",
    "PhoneNumber",
    "PhoneNumberIn",
    "Registration",
    "SelfLinks",
    "came_to",
    "event_out",
    "identifier",
    "person_out",
    "registration_of",
]
