"""Domain errors: plain exceptions with a readable message and the ids involved.

They know nothing of HTTP; `interface/` maps each family to a status code.
Messages name ids, never people: no personal data ever goes into an error.

Here are the base of each family, the named errors of not found and not permitted, and a
person forgotten (which the key store raises too). Each rule of the organising cycle that a
command can break has an error of its own, a `RuleBroken` named for what is wrong, in the
module of its part of the cycle: `shared` (input every record takes: text, numbers,
moments), `network`, `people` (and their one-to-ones), `listening`, `campaigns` (and their
actions), `power` (holders and meetings), `decisions`, `gatherings`, `accounts` and
`webhooks`.
"""

from __future__ import annotations

from uuid import UUID


class DomainError(Exception):
    """Base of every error the domain raises on purpose.

    `field` names the input the error is about, when there is one, so that a
    client can show the message next to it.
    """

    def __init__(self, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class NotFound(DomainError):
    """Something named by id is not on record (or is not the kind expected)."""

    def __init__(self, kind: str, id: UUID, field: str | None = None) -> None:
        super().__init__(f"No {kind} with id {id} is on record.", field)
        self.kind = kind
        self.id = id


class NotOnRecord(NotFound):
    """Something asked about is not on record, though what holds it is: a community of a
    network, a record as of a moment before it was recorded."""

    def __init__(self, detail: str, field: str | None = None) -> None:
        DomainError.__init__(self, detail, field)


class NotesNotYours(NotOnRecord):
    """A one-to-one's private notes asked for, or corrected, by someone other than the
    organiser who held it: to them, there are no notes on record."""

    def __init__(self, one_to_one_id: UUID, field: str | None = "id") -> None:
        super().__init__(
            f"No private notes of yours are on record for one-to-one {one_to_one_id}: "
            "notes belong to the organiser who held it.",
            field,
        )
        self.id = one_to_one_id


class NotPermitted(DomainError):
    """The account may call this command, but not on this record: it is someone else's."""


class ForAnotherOrganiser(NotPermitted):
    """A one-to-one recorded for an organiser other than the account's own person, without a
    leader saying so explicitly (`for_another_organiser`)."""

    def __init__(self, organiser_id: UUID) -> None:
        super().__init__(
            f"This account is not organiser {organiser_id}: a one-to-one held by another "
            "organiser is recorded by a leader, saying so (for_another_organiser).",
            "organiser_id",
        )


class FollowUpOfAnotherOrganiser(NotPermitted):
    """A follow-up agreed in a one-to-one held by another organiser, marked done by an
    account that is neither that organiser's nor a leader's: the record is theirs."""

    def __init__(self, one_to_one_id: UUID) -> None:
        super().__init__(
            f"This account did not hold one-to-one {one_to_one_id}: its follow-ups are marked "
            "done by the organiser who held it, or by a leader.",
            "id",
        )


class ChapterNotGranted(NotPermitted):
    """An account whose grant on a network is narrowed to some of its chapters (communities)
    named another community of it, or none, for a person it registers, or a membership it
    records: it acts for the people of its own chapters only."""

    def __init__(self, account_id: UUID, network_id: UUID, field: str) -> None:
        super().__init__(
            f"Account {account_id} acts within some chapters of network {network_id} only: "
            "it records people in those chapters, and memberships of them, only.",
            field,
        )


class RuleBroken(DomainError):
    """A command would break one of the domain's rules; nothing was recorded.

    Never raised itself: each rule raises a subclass named for what is wrong, so that a
    caller (and a test) can tell the rules apart by type, not by the words of a message.
    """


class PersonForgotten(RuleBroken):
    """A person was forgotten at their request: their personal data is erased, and nothing
    that would record new personal data about them (or give them a new key) is allowed."""

    def __init__(self, person_id: UUID, field: str | None = None, detail: str | None = None):
        super().__init__(
            detail
            or f"Person {person_id} has been forgotten: nothing more about them can be recorded.",
            field,
        )
        self.person_id = person_id


class AlreadyForgotten(PersonForgotten):
    """Forgetting was asked for a person already forgotten (their key already destroyed)."""

    def __init__(self, person_id: UUID, field: str | None = None):
        super().__init__(person_id, field, f"Person {person_id} is already forgotten.")


class ConflictingWrite(DomainError):
    """Others kept changing the same records; retries could not settle it."""


class IdempotencyKeyReused(DomainError):
    """An idempotency key was sent again with a different request."""


class RequestInProgress(DomainError):
    """A request with the same idempotency key is still being processed."""
