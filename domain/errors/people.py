"""Rules about people: the communities they belong to, their consent, the skills they
offer, and the one-to-ones held with them and what was agreed in them."""

from __future__ import annotations

from uuid import UUID

from domain.errors import RuleBroken


class AlreadyInCommunity(RuleBroken):
    """A person was said to join a community (a chapter) they already belong to."""

    def __init__(self, person_id: UUID, community: str) -> None:
        super().__init__(f"Person {person_id} already belongs to {community}.", "community")
        self.person_id = person_id


class NotInCommunity(RuleBroken):
    """A person was said to leave a community (a chapter) they do not belong to."""

    def __init__(self, person_id: UUID, community: str) -> None:
        super().__init__(f"Person {person_id} does not belong to {community}.", "community")
        self.person_id = person_id


class AlreadyConsented(RuleBroken):
    """A person's consent was recorded for a scope they have already consented to."""

    def __init__(self, person_id: UUID, scope: str) -> None:
        super().__init__(f"Person {person_id} has already consented to {scope}.", "scope")
        self.person_id = person_id
        self.scope = scope


class ConsentNotGiven(RuleBroken):
    """A person's consent was withdrawn for a scope they have not consented to."""

    def __init__(self, person_id: UUID, scope: str) -> None:
        super().__init__(f"Person {person_id} has not consented to {scope}.", "scope")
        self.person_id = person_id
        self.scope = scope


class NotesNotConsented(RuleBroken):
    """Private notes were kept, or corrected, about a person who has not consented to it."""

    def __init__(self, person_id: UUID, *, notes_optional: bool = True) -> None:
        # Where notes are optional (holding a one-to-one), leaving them out is a way on.
        way_on = "; leave private_notes empty or record their consent first"
        way_on = way_on if notes_optional else ""
        super().__init__(
            f"Person {person_id} has not consented to having notes kept{way_on}.",
            "private_notes",
        )
        self.person_id = person_id


class NoSkillNamed(RuleBroken):
    """Skills were offered without naming any."""

    def __init__(self) -> None:
        super().__init__("skills must name at least one skill.", "skills")


class SkillsAlreadyOffered(RuleBroken):
    """A person offered only skills they already offer."""

    def __init__(self, person_id: UUID) -> None:
        super().__init__(f"Person {person_id} already offers those skills.", "skills")
        self.person_id = person_id


class OneToOneWithOneself(RuleBroken):
    """A one-to-one was recorded with the organiser as the person met."""

    def __init__(self, person_id: UUID) -> None:
        super().__init__(
            "A one-to-one is between two people: organiser and person differ.", "person_id"
        )
        self.person_id = person_id


class NoSuchFollowUp(RuleBroken):
    """A follow-up was marked done that the one-to-one did not agree."""

    def __init__(self, one_to_one_id: UUID, number: int) -> None:
        super().__init__(f"One-to-one {one_to_one_id} has no follow-up number {number}.", "number")
        self.one_to_one_id = one_to_one_id
        self.number = number


class FollowUpAlreadyDone(RuleBroken):
    """A follow-up of a one-to-one was marked done again."""

    def __init__(self, one_to_one_id: UUID, number: int) -> None:
        super().__init__(
            f"Follow-up {number} of one-to-one {one_to_one_id} is already done.", "number"
        )
        self.one_to_one_id = one_to_one_id
        self.number = number
