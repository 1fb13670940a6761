"""Commands of the application service.

One-to-ones: held, follow-ups done, notes corrected. Nothing new is recorded about a
forgotten person: no one-to-one with them (as person or organiser), no notes corrected;
marking a follow-up done records no personal data and is still allowed.

Private notes are kept in the same consistency boundary as the consent that allows them:
a command that keeps notes (a one-to-one held with notes, notes corrected) takes the
person they are about as they stand now, to change (`Service._to_change`), and records
`Person.NotesKept` on their record in the same atomic write as the notes. A consent
withdrawn or a forgetting recorded by anyone between the check and the write takes the
same next version of the person's record, so one of the two writes fails on the store's
unique (id, version); `Service._execute` then decides this command again on fresh state,
and the notes are refused. Commands of one process keeping notes about the same person
take turns rather than race (`writes_to`). Only the person the notes are about is
involved: the organiser (who may be in other one-to-ones at the same moment) is only
read. A one-to-one without notes only reads the person, read-only from the cache, and
writes nothing to their record: it costs what it did.

A one-to-one and its notes belong to the organiser who held it. An account records one
as that organiser (the person it is linked to); a leader may record one for another
organiser (from their paper notes, say) by saying so, and the event says so too. Only the
organiser's own account reads or corrects the private notes: to every other account they
are not on record. Its follow-ups are marked done by that organiser, or by a leader (who
hands work on); any other organiser is refused (`FollowUpOfAnotherOrganiser`). What the
server records itself (the command line, the sample data) has no account, and is not held
to this: whoever runs commands on the server already holds every key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.account import Account, Role
from domain.campaign import Campaign
from domain.errors import (
    FollowUpOfAnotherOrganiser,
    ForAnotherOrganiser,
    NotFound,
    PersonForgotten,
)
from domain.listening import ListeningCampaign
from domain.one_to_one import OneToOne
from domain.person import Person
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey
from domain.values import (
    Channel,
    ConsentScope,
)


class OneToOneCommands(Service):
    def hold_one_to_one(
        self,
        *,
        network_id: UUID,
        organiser_id: UUID,
        person_id: UUID,
        happened_at: datetime | None = None,
        channel: Channel,
        duration_minutes: int | None = None,
        interests: Sequence[str] = (),
        concerns: Sequence[str] = (),
        organiser_shared: str | None = None,
        person_shared: str | None = None,
        leadership_signals: Sequence[str] = (),
        follow_ups: Sequence[tuple[str, date | None]] = (),
        private_notes: str | None = None,
        campaign_id: UUID | None = None,
        listening_campaign_id: UUID | None = None,
        recorded_by: UUID,
        for_another_organiser: bool = False,
        key: RequestKey | None = None,
    ) -> Recorded:
        keeps_notes = bool(private_notes and private_notes.strip())
        for_another_organiser = self._for_another(recorded_by, organiser_id, for_another_organiser)

        def decide() -> tuple[list[Aggregate], Recorded]:
            # The network is checked through its members: both must belong to it. Neither
            # may have been forgotten: a one-to-one records what each of them shared.
            self._remembered(network_id, organiser_id, "organiser_id")
            person = self._remembered(network_id, person_id, "person_id", to_change=keeps_notes)
            self._check_one_to_one_campaigns(network_id, campaign_id, listening_campaign_id)
            one_to_one = OneToOne.hold(
                network_id=network_id,
                organiser_id=organiser_id,
                person_id=person_id,
                campaign_id=campaign_id,
                listening_campaign_id=listening_campaign_id,
                happened_at=happened_at,
                channel=channel,
                duration_minutes=duration_minutes,
                interests=list(interests),
                concerns=list(concerns),
                organiser_shared=organiser_shared,
                person_shared=person_shared,
                leadership_signals=list(leadership_signals),
                follow_ups=list(follow_ups),
                private_notes=private_notes,
                notes_consented=person.has_consented(ConsentScope.KEEP_NOTES),
                now=self.clock(),
                recorded_by=recorded_by,
                for_another_organiser=for_another_organiser,
            )
            # Without notes, `person` is the cache's, never to be changed.
            return _held(one_to_one, person if keeps_notes else None, recorded_by)

        return self._execute(decide, key, writes_to=person_id if keeps_notes else None)

    def _for_another(self, recorded_by: UUID, organiser_id: UUID, for_another: bool) -> bool:
        """Whether the one-to-one is recorded for another organiser than the recording
        account's own person: never when it names that person; else only a leader may say so
        (`ForAnotherOrganiser`). The server itself (no account) is taken at its word."""
        account = self._recording_account(recorded_by)
        if account is None:
            return for_another
        if account.person_id == organiser_id:
            return False
        if not (for_another and Role.LEADER in account.roles):
            raise ForAnotherOrganiser(organiser_id)
        return for_another

    def _check_one_to_one_campaigns(
        self, network_id: UUID, campaign_id: UUID | None, listening_campaign_id: UUID | None
    ) -> None:
        """Checks that the campaigns a one-to-one is part of, if any, are the network's."""
        if campaign_id is not None:
            self._member(network_id, Campaign, campaign_id, "campaign_id")
        if listening_campaign_id is not None:
            self._member(
                network_id, ListeningCampaign, listening_campaign_id, "listening_campaign_id"
            )

    def mark_follow_up_done(
        self,
        one_to_one_id: UUID,
        *,
        number: int,
        happened_at: datetime | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        account = self._recording_account(recorded_by)
        if account is not None and Role.LEADER not in account.roles:
            held = self._peek(OneToOne, one_to_one_id, "id")
            if account.person_id != held.organiser_id:
                raise FollowUpOfAnotherOrganiser(one_to_one_id)

        def change(one_to_one: OneToOne) -> int:
            one_to_one.mark_follow_up_done(
                number=number, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            )
            return number

        return self._update(OneToOne, one_to_one_id, change, key)

    def correct_notes(
        self,
        one_to_one_id: UUID,
        *,
        private_notes: str,
        reason: str,
        recorded_by: UUID,
        happened_at: datetime | None = None,
        key: RequestKey | None = None,
    ) -> Recorded:
        # Who the notes are about never changes: the cached one-to-one says whose turn to take.
        held = self._peek(OneToOne, one_to_one_id, "id")
        self.require_notes_owner(held, recorded_by)
        person_id = held.person_id

        def decide() -> tuple[list[Aggregate], Recorded]:
            one_to_one = self.get(OneToOne, one_to_one_id)
            person = self._to_change(Person, person_id, "person_id")
            if person.forgotten:  # the notes are their personal data
                raise PersonForgotten(person.id, "private_notes")
            one_to_one.correct_notes(
                private_notes=private_notes,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
                notes_consented=person.has_consented(ConsentScope.KEEP_NOTES),
            )
            person.keep_notes(
                one_to_one_id=one_to_one.id,
                happened_at=one_to_one.corrected_at,
                recorded_by=recorded_by,
            )
            return [one_to_one, person], Recorded(id=one_to_one.id, version=one_to_one.version)

        return self._execute(decide, key, writes_to=person_id)

    def require_notes_owner(self, one_to_one: OneToOne, account_id: UUID) -> None:
        """Raises `NotesNotYours` unless the account is the one of the organiser who held the
        one-to-one (or the server itself: see the module's docstring)."""
        account = self._recording_account(account_id)
        if account is not None:
            one_to_one.require_notes_owner(account.person_id)

    def _recording_account(self, recorded_by: UUID) -> Account | None:
        """The account recording, or None for the server itself (an id no account has)."""
        try:
            return self.read(Account, recorded_by)
        except NotFound:
            return None


def _held(
    one_to_one: OneToOne, notes_about: Person | None, recorded_by: UUID
) -> tuple[list[Aggregate], Recorded]:
    """What holding a one-to-one writes: the one-to-one, and when it keeps notes, the person
    they are about with `Person.NotesKept` (in the same atomic write: see the module)."""
    recorded = Recorded(id=one_to_one.id, version=one_to_one.version)
    if notes_about is None:
        return [one_to_one], recorded
    notes_about.keep_notes(
        one_to_one_id=one_to_one.id, happened_at=one_to_one.happened_at, recorded_by=recorded_by
    )
    return [one_to_one, notes_about], recorded
