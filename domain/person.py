"""A person in the network: a peer supporter, a member, an organiser.

Their name and contact details are personal data tied to them; the rest
(communities, languages, ladder stage, skills) is what organising needs to count.
A person can ask to be forgotten: `Forgotten` closes their record (nothing more is
recorded on it), and their key is destroyed (`domain.commands.people.forget_person`),
after which their personal data everywhere reads as "forgotten person".

Private notes about a person (in a one-to-one) are kept only with their consent, and
each time notes are kept their own record says so (`NotesKept`), in the same atomic
write as the notes: a consent withdrawn (or a forgetting) recorded meanwhile changes the
same record, so one of the two writes fails on the store's version check and the notes
are decided again against the withdrawal (`domain.commands.one_to_ones`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.errors import AlreadyForgotten, PersonForgotten
from domain.errors.people import (
    AlreadyConsented,
    AlreadyInCommunity,
    ConsentNotGiven,
    NoSkillNamed,
    NotesNotConsented,
    NotInCommunity,
    SkillsAlreadyOffered,
)
from domain.kinds import AboutThemselves, Kind
from domain.personal import PersonalData
from domain.rules import clean_tags, happened, require_text, upcast_happened_at
from domain.values import ConsentScope, LadderStage


class Person(Aggregate):
    KIND = Kind("person", "/people", parts={"self": "Their own record"})

    class Registered(AboutThemselves, Aggregate.Created):
        network_id: UUID
        name: PersonalData
        contact: PersonalData | None
        communities: list[str]
        languages: list[str]
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    class ContactDetailsProvided(AboutThemselves, Aggregate.Event):
        contact: PersonalData
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    class ConsentGiven(AboutThemselves, Aggregate.Event):
        scope: str
        happened_at: datetime
        recorded_by: UUID

    class ConsentWithdrawn(AboutThemselves, Aggregate.Event):
        scope: str
        happened_at: datetime
        recorded_by: UUID

    class JoinedCommunity(AboutThemselves, Aggregate.Event):
        """The person joined one of the network's communities (a chapter), as well as those
        they belong to: its organisers, and its chapter's accounts, now work with them."""

        community: str
        happened_at: datetime
        recorded_by: UUID

    class LeftCommunity(AboutThemselves, Aggregate.Event):
        """The person left one of their communities: that chapter's accounts no longer find
        them (unless they belong to another chapter of the account's)."""

        community: str
        happened_at: datetime
        recorded_by: UUID

    class LeadershipAssessed(AboutThemselves, Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("reason",)

        stage: str
        reason: str
        assessed_by: UUID
        happened_at: datetime
        recorded_by: UUID

    class SkillsOffered(AboutThemselves, Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("skills[]",)

        skills: list[str]
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    class NotesKept(AboutThemselves, Aggregate.Event):
        """Private notes about the person were kept in a one-to-one (held with notes, or
        its notes corrected), with their consent; carries no personal data."""

        one_to_one_id: UUID
        #: When the notes were taken (the one-to-one, or the correction).
        happened_at: datetime
        recorded_by: UUID

        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_happened_at)

    class Forgotten(AboutThemselves, Aggregate.Event):
        """The person was forgotten at their request; carries no personal data."""

        forgotten_at: datetime
        recorded_by: UUID

    @classmethod
    def register(
        cls,
        *,
        network_id: UUID,
        name: str,
        contact: str | None,
        communities: list[str],
        languages: list[str],
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> Person:
        person_id = uuid4()
        contact = contact.strip() if contact else None
        return cls._create(
            cls.Registered,
            id=person_id,
            network_id=network_id,
            name=PersonalData(person_id, require_text(name, "name")),
            contact=PersonalData(person_id, contact) if contact else None,
            communities=clean_tags(communities, "communities"),
            languages=clean_tags(languages, "languages"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Registered)
    def __init__(
        self,
        network_id: UUID,
        name: PersonalData,
        contact: PersonalData | None,
        communities: list[str],
        languages: list[str],
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.network_id = network_id
        self.name = name
        self.contact = contact
        self.communities = list(communities)
        self.languages = list(languages)
        self.consents: set[ConsentScope] = set()
        self.stage: LadderStage | None = None
        self.assessments: list[tuple[LadderStage, str, UUID, datetime]] = []
        self.skills: list[str] = []
        #: The one-to-ones whose private notes about them were kept (each once, in order).
        self.notes_kept_in: list[UUID] = []
        self._notes_kept_in: set[UUID] = set()  # the same, to look up (a list grows long)
        self.forgotten = False
        self.forgotten_at: datetime | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> Person:
        """A copy that shares nothing that changes, made quickly.

        A person's state holds only values that never change (ids, text, times, enum
        members, personal data, tuples of those), directly or in lists, sets and dicts one
        level deep: copying those containers is a deep copy. `copy.deepcopy` would also
        copy every id, one by one, which made copying someone about whom many notes were
        kept (as `Service._peek` and `Service._to_change` do) the slowest step of keeping
        more: 30 ms at 2,000 one-to-ones."""
        copied = object.__new__(type(self))
        for name, value in vars(self).items():
            copied.__dict__[name] = value.copy() if isinstance(value, list | set | dict) else value
        memo[id(self)] = copied
        return copied

    def has_consented(self, scope: ConsentScope) -> bool:
        return scope in self.consents

    def provide_contact_details(
        self, *, contact: str, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        self._not_forgotten()
        self._contact_details_provided(
            contact=PersonalData(self.id, require_text(contact, "contact")),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(ContactDetailsProvided)
    def _contact_details_provided(
        self, contact: PersonalData, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.contact = contact

    def give_consent(
        self, *, scope: ConsentScope, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        self._not_forgotten()
        if scope in self.consents:
            raise AlreadyConsented(self.id, scope)
        self._consent_given(
            scope=scope.value,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(ConsentGiven)
    def _consent_given(self, scope: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.consents.add(ConsentScope(scope))

    def withdraw_consent(
        self, *, scope: ConsentScope, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        self._not_forgotten()
        if scope not in self.consents:
            raise ConsentNotGiven(self.id, scope)
        self._consent_withdrawn(
            scope=scope.value,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(ConsentWithdrawn)
    def _consent_withdrawn(self, scope: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.consents.discard(ConsentScope(scope))

    def belongs_to(self, community: str) -> bool:
        return community.casefold() in (c.casefold() for c in self.communities)

    def join_community(
        self, *, community: str, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        """Joins a community, named as the network spells it (the command checks the network
        spans it)."""
        self._not_forgotten()
        if self.belongs_to(community):
            raise AlreadyInCommunity(self.id, community)
        self._joined_community(
            community=community,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(JoinedCommunity)
    def _joined_community(self, community: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.communities.append(community)

    def leave_community(
        self, *, community: str, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        self._not_forgotten()
        if not self.belongs_to(community):
            raise NotInCommunity(self.id, community)
        self._left_community(
            community=community,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(LeftCommunity)
    def _left_community(self, community: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.communities = [c for c in self.communities if c.casefold() != community.casefold()]

    def assess_leadership(
        self,
        *,
        stage: LadderStage,
        reason: str,
        assessed_by: UUID,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> None:
        self._not_forgotten()
        self._leadership_assessed(
            stage=stage.value,
            reason=require_text(reason, "reason"),
            assessed_by=assessed_by,
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(LeadershipAssessed)
    def _leadership_assessed(
        self, stage: str, reason: str, assessed_by: UUID, happened_at: datetime, recorded_by: UUID
    ) -> None:
        self.assessments.append((LadderStage(stage), reason, assessed_by, happened_at))
        # Where they stand is the assessment that happened last (of two at the same moment,
        # the one recorded last), whatever order they were recorded in.
        self.stage = max(enumerate(self.assessments), key=lambda a: (a[1][3], a[0]))[1][0]

    def offer_skills(
        self, *, skills: list[str], happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        self._not_forgotten()
        offered = clean_tags(skills, "skills")
        if not offered:
            raise NoSkillNamed()
        known = {k.casefold() for k in self.skills}
        new = [s for s in offered if s.casefold() not in known]
        if not new:
            raise SkillsAlreadyOffered(self.id)
        self._skills_offered(
            skills=new, happened_at=happened(happened_at, now), recorded_by=recorded_by
        )

    @event(SkillsOffered)
    def _skills_offered(self, skills: list[str], happened_at: datetime, recorded_by: UUID) -> None:
        self.skills.extend(skills)

    def keep_notes(self, *, one_to_one_id: UUID, happened_at: datetime, recorded_by: UUID) -> None:
        """Records that private notes about the person were kept in a one-to-one: only
        while they consent to having notes kept, and never once they are forgotten (the
        notes are their personal data). Errors are about the notes (`private_notes`)."""
        if self.forgotten:
            raise PersonForgotten(self.id, "private_notes")
        if not self.has_consented(ConsentScope.KEEP_NOTES):
            raise NotesNotConsented(self.id)
        self._notes_kept(
            one_to_one_id=one_to_one_id, happened_at=happened_at, recorded_by=recorded_by
        )

    @event(NotesKept)
    def _notes_kept(self, one_to_one_id: UUID, happened_at: datetime, recorded_by: UUID) -> None:
        if one_to_one_id not in self._notes_kept_in:
            self._notes_kept_in.add(one_to_one_id)
            self.notes_kept_in.append(one_to_one_id)

    def forget(self, *, now: datetime, recorded_by: UUID) -> None:
        """Records that the person was forgotten: their record takes nothing more."""
        if self.forgotten:
            raise AlreadyForgotten(self.id, "id")
        self._forgotten(forgotten_at=now, recorded_by=recorded_by)

    @event(Forgotten)
    def _forgotten(self, forgotten_at: datetime, recorded_by: UUID) -> None:
        self.forgotten = True
        self.forgotten_at = forgotten_at
        self.name = PersonalData.erased(self.id)
        self.contact = None

    def _not_forgotten(self) -> None:
        if self.forgotten:
            raise PersonForgotten(self.id, "id")
