"""Commands of the application service.

People: registration, the communities (chapters) they join and leave, contact details,
consent, the ladder, skills, and forgetting.

An account acting within some chapters of a network only records people in those, and
memberships of those (`ChapterNotGranted`): what it records stays within its reach, and it
reaches no other chapter's people by recording.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from domain.account import Account
from domain.errors import AlreadyForgotten, ChapterNotGranted, NotFound
from domain.network import Network
from domain.person import Person
from domain.rules import require_text
from domain.service import Recorded, Service
from domain.store.erasure import identifiers_of, reword
from domain.store.idempotency import RequestKey
from domain.values import (
    ConsentScope,
    LadderStage,
)


class PeopleCommands(Service):
    def register_person(
        self,
        *,
        network_id: UUID,
        name: str,
        contact: str | None,
        communities: list[str],
        languages: list[str],
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> Person:
            person = self._registration(
                self.get(Network, network_id, "network_id"),
                name=name,
                contact=contact,
                communities=communities,
                languages=languages,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )
            self._within_chapters(recorded_by, network_id, person.communities, "communities")
            return person

        return self._create(make, key)

    def check_registration(
        self,
        *,
        network_id: UUID,
        name: str,
        contact: str | None,
        communities: list[str],
        languages: list[str],
        happened_at: datetime | None = None,
    ) -> None:
        """The checks `register_person` makes, recording nothing: for an import that checks
        every entry before it records any. `NotFound` or `RuleBroken` as it would raise."""
        self._registration(
            self.read(Network, network_id, "network_id"),
            name=name,
            contact=contact,
            communities=communities,
            languages=languages,
            happened_at=happened_at,
            now=self.clock(),
            recorded_by=network_id,  # not recorded: any id will do
        )

    @staticmethod
    def _registration(
        network: Network,
        *,
        name: str,
        contact: str | None,
        communities: list[str],
        languages: list[str],
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> Person:
        return Person.register(
            network_id=network.id,
            name=name,
            contact=contact,
            communities=network.canonical_communities(communities),
            languages=languages,
            happened_at=happened_at,
            now=now,
            recorded_by=recorded_by,
        )

    def join_community(
        self,
        person_id: UUID,
        *,
        community: str,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        """Records that a person joined one of the network's communities (a chapter)."""
        return self._membership(
            person_id, Person.join_community, community, happened_at, recorded_by, key
        )

    def leave_community(
        self,
        person_id: UUID,
        *,
        community: str,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        """Records that a person left one of their communities (a chapter)."""
        return self._membership(
            person_id, Person.leave_community, community, happened_at, recorded_by, key
        )

    def _membership(
        self,
        person_id: UUID,
        act: Callable[..., None],
        community: str,
        happened_at: datetime | None,
        recorded_by: UUID,
        key: RequestKey | None,
    ) -> Recorded:
        def change(person: Person) -> None:
            act(
                person,
                community=self._community_of(person, community, recorded_by),
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(Person, person_id, change, key)

    def _community_of(self, person: Person, community: str, recorded_by: UUID) -> str:
        """A community of the person's network, as the network spells it, that the recording
        account may record memberships of."""
        network = self.read(Network, person.network_id)
        named = network.canonical_communities([require_text(community, "community")], "community")
        self._within_chapters(recorded_by, network.id, named, "community")
        return named[0]

    def _within_chapters(
        self, recorded_by: UUID, network_id: UUID, communities: list[str], field: str
    ) -> None:
        """Refuses an account acting within some chapters of the network only to record
        people (or memberships) outside them, or in no chapter at all."""
        try:
            account = self.read(Account, recorded_by)
        except NotFound:  # the server itself (the command line, the sample data)
            return
        if not account.may_act_for(network_id, communities):
            raise ChapterNotGranted(account.id, network_id, field)

    def provide_contact_details(
        self,
        person_id: UUID,
        *,
        contact: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Person,
            person_id,
            lambda p: p.provide_contact_details(
                contact=contact, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    def give_consent(
        self,
        person_id: UUID,
        *,
        scope: ConsentScope,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Person,
            person_id,
            lambda p: p.give_consent(
                scope=scope, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    def withdraw_consent(
        self,
        person_id: UUID,
        *,
        scope: ConsentScope,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Person,
            person_id,
            lambda p: p.withdraw_consent(
                scope=scope, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    def assess_leadership(
        self,
        person_id: UUID,
        *,
        stage: LadderStage,
        reason: str,
        assessed_by: UUID,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(person: Person) -> None:
            self._member(person.network_id, Person, assessed_by, "assessed_by")
            person.assess_leadership(
                stage=stage,
                reason=reason,
                assessed_by=assessed_by,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(Person, person_id, change, key)

    def offer_skills(
        self,
        person_id: UUID,
        *,
        skills: list[str],
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Person,
            person_id,
            lambda p: p.offer_skills(
                skills=skills, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    def forget_person(
        self, person_id: UUID, *, recorded_by: UUID, key: RequestKey | None = None
    ) -> Recorded:
        """Forgets a person at their request (the right to be forgotten).

        First records `Person.Forgotten`, which closes their record to anything new, then
        destroys their key, which makes every piece of their personal data in the log
        unreadable for good (see `domain.store.keys`); then lets go of every decoded state kept
        in memory. In that order, a process that dies in between leaves a forgotten person
        whose key still exists: forgetting them again destroys it. Forgetting someone whose
        key is already destroyed is `AlreadyForgotten`. Counts, timelines and decisions that
        refer to them by id are unchanged.

        Every typed text that names them (in any record: a follow-up, an action's outcome,
        a decision's rationale) is reworded without them, and the typed text of their own
        record is shredded with it (`domain.store.erasure`).

        Afterwards their own record takes nothing more, and no one-to-one with them (as
        person or organiser) or correction of notes about them is accepted. Other records
        may still name them by id (an attendee, a committee member, a position taken, a
        follow-up done): those carry no personal data of theirs, and keep counts whole.
        """
        now = self.clock()
        # What names them in typed text, read while their key still opens their name.
        identifiers = identifiers_of(self.history(Person, person_id))
        try:
            recorded = self._update(
                Person, person_id, lambda p: p.forget(now=now, recorded_by=recorded_by), key
            )
        except AlreadyForgotten:
            if self.keys.is_forgotten(person_id):
                self.keys.scrub()  # in case an earlier attempt could not finish scrubbing
                raise
            person = self.get(Person, person_id)  # recorded, but the key was not destroyed
            recorded = Recorded(id=person.id, version=person.version)
            now = person.forgotten_at or now
        reword(self, self.keys, person_id, identifiers, now)
        self.keys.destroy(person_id, now)
        self._forget_decoded()
        return recorded
