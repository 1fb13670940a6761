"""People: registration, the communities (chapters) they join and leave, contact details,
consent, the leadership ladder, skills."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.access import Access
from domain.application import Groundwork
from domain.person import Person
from domain.personal import readable
from domain.values import ConsentScope, LadderStage
from interface.api.access import ADM, LEAD, ORG, Caller, CallerDep, may
from interface.api.common import (
    AppDep,
    Command,
    Ctx,
    HappenedAt,
    Line,
    Name,
    RecordedOut,
    Tags,
)
from interface.api.errors import READ, WRITE
from interface.api.routing import WorkerThreadRoute

router = APIRouter(prefix="/people", tags=["people"], route_class=WorkerThreadRoute)


class RegisterPerson(Command):
    happened_at: HappenedAt = None
    network_id: UUID
    name: Name = Field(
        description="Personal data: kept so that it can be erased.", examples=["A. W."]
    )
    contact: Line | None = Field(
        default=None, description="Personal data.", examples=["someone@example.org"]
    )
    communities: Tags = Field(default_factory=list, examples=[["Kenya"]])
    languages: Tags = Field(default_factory=list, examples=[["sw", "en"]])


class Membership(Command):
    community: Name = Field(
        description="One of the network's communities (its chapters), as it names them.",
        examples=["Kenya"],
    )
    happened_at: HappenedAt = None


class ProvideContactDetails(Command):
    happened_at: HappenedAt = None
    contact: Line = Field(description="Personal data.", examples=["+254 700 000 000"])


class Consent(Command):
    scope: ConsentScope
    happened_at: HappenedAt = None


class AssessLeadership(Command):
    stage: LadderStage
    reason: Line = Field(examples=["Hosted two listening sessions in Mombasa"])
    assessed_by: UUID
    happened_at: HappenedAt = None


class OfferSkills(Command):
    happened_at: HappenedAt = None
    skills: Tags = Field(min_length=1, examples=[["facilitation", "translation"]])


class LeadershipAssessmentOut(BaseModel):
    stage: LadderStage
    reason: str
    assessed_by: UUID
    assessed_at: datetime


class PersonOut(BaseModel):
    id: UUID
    version: int
    network_id: UUID
    name: str
    contact: str | None
    communities: list[str]
    languages: list[str]
    consents: list[ConsentScope]
    stage: LadderStage | None
    assessments: list[LeadershipAssessmentOut]
    skills: list[str]

    @classmethod
    def of(cls, p: Person) -> PersonOut:
        return cls(
            id=p.id,
            version=p.version,
            network_id=p.network_id,
            name=p.name.value,
            contact=readable(p.contact),
            communities=p.communities,
            languages=p.languages,
            consents=sorted(p.consents),
            stage=p.stage,
            assessments=[
                LeadershipAssessmentOut(stage=s, reason=r, assessed_by=b, assessed_at=a)
                for s, r, b, a in p.assessments
            ],
            skills=p.skills,
        )


@router.post("", status_code=201, responses=WRITE)
@may(ORG)
def register_person(
    body: RegisterPerson,
    ctx: Ctx,
) -> RecordedOut:
    """Register a person with the communities and languages they belong to."""
    return RecordedOut.of(
        ctx.app.register_person(
            network_id=body.network_id,
            name=body.name,
            contact=body.contact,
            communities=body.communities,
            languages=body.languages,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.get("/{id}", responses=READ)
@may(ORG, LEAD, ADM)
def get_person(id: UUID, app: AppDep, caller: CallerDep) -> PersonOut:
    """A person as they stand now: their name and contact details among the rest. Each read
    is kept in the access record."""
    return person_of(id, app, caller)


def person_of(id: UUID, app: Groundwork, caller: Caller) -> PersonOut:
    """The query, as the API and the web pages both read it."""
    person = app.get(Person, id)
    app.record_read(account=caller.account_id, what=Access.PERSON, record_id=id, person_id=id)
    return PersonOut.of(person)


@router.post("/{id}/memberships", status_code=201, responses=WRITE)
@may(ORG, LEAD)
def join_community(id: UUID, body: Membership, ctx: Ctx) -> RecordedOut:
    """Record that a person joined one of the network's communities (a chapter), as well as
    those they belong to: the accounts of that chapter now find them. An account acting for
    some chapters only records memberships of those (403 otherwise)."""
    return RecordedOut.of(
        ctx.app.join_community(
            id,
            community=body.community,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/membership-endings", status_code=201, responses=WRITE)
@may(ORG, LEAD)
def leave_community(id: UUID, body: Membership, ctx: Ctx) -> RecordedOut:
    """Record that a person left one of their communities: from then on, the accounts of
    that chapter no longer find them (unless they are in another chapter of theirs)."""
    return RecordedOut.of(
        ctx.app.leave_community(
            id,
            community=body.community,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/contact-details", status_code=201, responses=WRITE)
@may(ORG)
def provide_contact_details(
    id: UUID,
    body: ProvideContactDetails,
    ctx: Ctx,
) -> RecordedOut:
    """Record new contact details for a person."""
    return RecordedOut.of(
        ctx.app.provide_contact_details(
            id, contact=body.contact, happened_at=body.happened_at, recorded_by=ctx.by, key=ctx.key
        )
    )


@router.post("/{id}/consents", status_code=201, responses=WRITE)
@may(ORG)
def give_consent(
    id: UUID,
    body: Consent,
    ctx: Ctx,
) -> RecordedOut:
    """Record that a person consented to having notes kept, or to being contacted."""
    return RecordedOut.of(
        ctx.app.give_consent(
            id, scope=body.scope, happened_at=body.happened_at, recorded_by=ctx.by, key=ctx.key
        )
    )


@router.post("/{id}/consent-withdrawals", status_code=201, responses=WRITE)
@may(ORG)
def withdraw_consent(
    id: UUID,
    body: Consent,
    ctx: Ctx,
) -> RecordedOut:
    """Record that a person withdrew a consent they had given."""
    return RecordedOut.of(
        ctx.app.withdraw_consent(
            id, scope=body.scope, happened_at=body.happened_at, recorded_by=ctx.by, key=ctx.key
        )
    )


@router.post("/{id}/leadership-assessments", status_code=201, responses=WRITE)
@may(ORG)
def assess_leadership(
    id: UUID,
    body: AssessLeadership,
    ctx: Ctx,
) -> RecordedOut:
    """Record where a person stands on the leadership ladder, by whom and why."""
    return RecordedOut.of(
        ctx.app.assess_leadership(
            id,
            stage=body.stage,
            reason=body.reason,
            assessed_by=body.assessed_by,
            happened_at=body.happened_at,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/skills", status_code=201, responses=WRITE)
@may(ORG)
def offer_skills(
    id: UUID,
    body: OfferSkills,
    ctx: Ctx,
) -> RecordedOut:
    """Record skills a person offers to share."""
    return RecordedOut.of(
        ctx.app.offer_skills(
            id, skills=body.skills, happened_at=body.happened_at, recorded_by=ctx.by, key=ctx.key
        )
    )
