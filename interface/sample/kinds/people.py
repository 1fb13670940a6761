"""People: who they are, their contact details and their place on the leadership ladder."""

from __future__ import annotations

from dataclasses import dataclass

from domain.values import ConsentScope, LadderStage
from interface.sample.recording import Moment, Sample


@dataclass(frozen=True)
class Person:
    """A member, registered with no contact details, who consented to notes being kept,
    and the skills they offer."""

    name: str
    full_name: str
    community: str
    languages: tuple[str, ...]
    consented: Moment
    skills: tuple[str, ...] = ()
    #: When they joined (the day they agreed to notes being kept, unless said otherwise);
    #: their skills are offered as they join.
    registered: Moment | None = None

    def record_in(self, sample: Sample) -> None:
        registered = sample.app.register_person(
            network_id=sample.network,
            name=self.full_name,
            contact=None,
            communities=[self.community],
            languages=list(self.languages),
            happened_at=sample.at(self.registered or self.consented),
            recorded_by=sample.by,
        )
        person = sample.name(self.name, registered.id)
        sample.app.give_consent(
            person,
            scope=ConsentScope.KEEP_NOTES,
            happened_at=sample.at(self.consented),
            recorded_by=sample.by,
        )
        if self.skills:
            sample.app.offer_skills(
                person,
                skills=list(self.skills),
                happened_at=sample.at(self.registered or self.consented),
                recorded_by=sample.by,
            )


@dataclass(frozen=True)
class ContactDetails:
    """How to reach a person, given after they were registered."""

    person: str
    contact: str
    at: Moment

    def record_in(self, sample: Sample) -> None:
        sample.app.provide_contact_details(
            sample.id(self.person),
            contact=self.contact,
            happened_at=sample.at(self.at),
            recorded_by=sample.by,
        )


@dataclass(frozen=True)
class LeadershipAssessment:
    """Where a person stands on the leadership ladder, in someone's judgement, and why."""

    person: str
    stage: LadderStage
    reason: str
    assessed_by: str
    at: Moment

    def record_in(self, sample: Sample) -> None:
        sample.app.assess_leadership(
            sample.id(self.person),
            stage=self.stage,
            reason=self.reason,
            assessed_by=sample.id(self.assessed_by),
            happened_at=sample.at(self.at),
            recorded_by=sample.by,
        )
