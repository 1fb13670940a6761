"""Accounts (for admins), the caller's own account, and the access record (for auditors)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from domain.account import Account, Role
from domain.application import Issued
from interface.api.access import ADM, AUD, EVERYONE, CallerDep, may
from interface.api.common import AppDep, Command, Ctx, Line, Moment, RecordedOut, Tags
from interface.api.errors import READ, WRITE
from interface.api.reading import Limit, Offset, Page, page, read_view
from interface.api.routing import WorkerThreadRoute
from projections.access import AccessLog

router = APIRouter(prefix="/accounts", tags=["accounts"], route_class=WorkerThreadRoute)
access_record = APIRouter(prefix="/access-record", tags=["audit"], route_class=WorkerThreadRoute)

AccountName = Annotated[
    str, Field(min_length=2, max_length=63, pattern=r"^[a-z0-9][a-z0-9._-]+$", examples=["amina"])
]


class CreateAccount(Command):
    name: AccountName = Field(
        description="A sign-in handle, unique in the deployment: lower-case letters, digits, "
        "'.', '_' or '-'. Prefer a handle to a full name."
    )
    roles: list[Role] = Field(min_length=1, max_length=4, examples=[["organiser"]])
    person_id: UUID | None = Field(
        default=None,
        description="The person the account belongs to: an organiser reads the private notes "
        "of the one-to-ones that person held.",
    )
    networks: list[UUID] = Field(
        default_factory=list,
        max_length=100,
        description="The networks the account acts within: outside them its roles find "
        "nothing. Admins and auditors act within every network whatever is named here.",
    )
    chapters: dict[UUID, Tags] = Field(
        default_factory=dict,
        max_length=100,
        description="For networks named in `networks`, the chapters (communities) within "
        "which alone the account acts: it finds only their people. A network not here: "
        "all of it.",
        examples=[{"3f0c6a1e-0d3b-4a55-9d8a-2b6f3c1d9e10": ["Lisbon"]}],
    )


class GrantNetworks(Command):
    network_ids: list[UUID] = Field(min_length=1, max_length=100)


class RevokeNetwork(Command):
    network_id: UUID


class GrantChapters(Command):
    network_id: UUID
    communities: Tags = Field(min_length=1, examples=[["Lisbon"]])


class RevokeChapters(Command):
    network_id: UUID
    communities: Tags | None = Field(
        default=None,
        examples=[["Lisbon"]],
        description="The chapters to revoke, some of the account's there; none (null or "
        "left out): all of them, so that the account acts within the whole network again.",
    )


class ChangeRole(Command):
    role: Role


class Disable(Command):
    reason: Line = Field(examples=["Left the organising team"])


class Empty(Command):
    """No fields."""


class AccountOut(BaseModel):
    id: UUID
    version: int
    name: str
    roles: list[Role]
    person_id: UUID | None
    networks: list[UUID] = Field(description="The networks granted to the account.")
    chapters: dict[UUID, list[str]] = Field(
        description="The networks within which it acts for some chapters (communities) only, "
        "and those chapters; in the others of `networks`, it acts for every chapter."
    )
    every_network: bool = Field(
        description="Whether its roles act within every network (admins and auditors)."
    )
    disabled: bool
    created_at: datetime

    @classmethod
    def of(cls, a: Account) -> AccountOut:
        return cls(
            id=a.id,
            version=a.version,
            name=a.name,
            roles=sorted(a.roles),
            person_id=a.person_id,
            networks=sorted(a.networks, key=str),
            chapters={n: sorted(c) for n, c in sorted(a.chapters.items(), key=str)},
            every_network=a.everywhere,
            disabled=a.disabled,
            created_at=a.created_on,
        )


class TokenOut(RecordedOut):
    token: str | None = Field(
        description="The bearer token: shown this once and never again (only its hash is "
        "kept). Null when a retried request (same Idempotency-Key) got the first response: "
        "issue a new token then.",
        examples=["gw_5f0c..._..."],
    )

    @classmethod
    def issued(cls, issued: Issued) -> TokenOut:
        r = issued.recorded
        return cls(id=r.id, version=r.version, number=r.number, token=issued.token)


class AccountsOut(BaseModel):
    accounts: list[AccountOut]


@router.get("/me", responses=READ)
@may(*EVERYONE)
def me(app: AppDep, caller: CallerDep) -> AccountOut:
    """The account the bearer token signs in: its name and roles."""
    return AccountOut.of(app.get(Account, caller.account_id))


@router.get("", responses=READ)
@may(ADM)
def list_accounts(app: AppDep) -> AccountsOut:
    """Every account, oldest first."""
    return AccountsOut(accounts=[AccountOut.of(app.get(Account, i)) for i in app.account_ids()])


@router.post("", status_code=201, responses=WRITE)
@may(ADM)
def create_account(body: CreateAccount, ctx: Ctx) -> TokenOut:
    """Create an account with its roles and the networks it acts within, and issue its first
    bearer token."""
    return TokenOut.issued(
        ctx.app.create_account(
            name=body.name,
            roles=body.roles,
            person_id=body.person_id,
            recorded_by=ctx.by,
            networks=body.networks,
            chapters=body.chapters,
            key=ctx.key,
        )
    )


@router.get("/{id}", responses=READ)
@may(ADM)
def get_account(id: UUID, app: AppDep) -> AccountOut:
    return AccountOut.of(app.get(Account, id))


@router.post("/{id}/tokens", status_code=201, responses=WRITE)
@may(ADM)
def issue_token(id: UUID, body: Empty, ctx: Ctx) -> TokenOut:
    """Issue a new bearer token for the account; its earlier token stops working at once."""
    return TokenOut.issued(ctx.app.issue_token(id, recorded_by=ctx.by, key=ctx.key))


@router.post("/{id}/roles", status_code=201, responses=WRITE)
@may(ADM)
def grant_role(id: UUID, body: ChangeRole, ctx: Ctx) -> RecordedOut:
    """Grant the account a role."""
    return RecordedOut.of(ctx.app.grant_role(id, role=body.role, recorded_by=ctx.by, key=ctx.key))


@router.post("/{id}/role-revocations", status_code=201, responses=WRITE)
@may(ADM)
def revoke_role(id: UUID, body: ChangeRole, ctx: Ctx) -> RecordedOut:
    """Revoke one of the account's roles (an account keeps at least one; disable it instead)."""
    return RecordedOut.of(ctx.app.revoke_role(id, role=body.role, recorded_by=ctx.by, key=ctx.key))


@router.post("/{id}/networks", status_code=201, responses=WRITE)
@may(ADM)
def grant_networks(id: UUID, body: GrantNetworks, ctx: Ctx) -> RecordedOut:
    """Let the account act within more networks: its roles then reach their records."""
    return RecordedOut.of(
        ctx.app.grant_networks(id, network_ids=body.network_ids, recorded_by=ctx.by, key=ctx.key)
    )


@router.post("/{id}/network-revocations", status_code=201, responses=WRITE)
@may(ADM)
def revoke_network(id: UUID, body: RevokeNetwork, ctx: Ctx) -> RecordedOut:
    """The account no longer acts within the network: its records are not found by it."""
    return RecordedOut.of(
        ctx.app.revoke_network(id, network_id=body.network_id, recorded_by=ctx.by, key=ctx.key)
    )


@router.post("/{id}/chapters", status_code=201, responses=WRITE)
@may(ADM)
def grant_chapters(id: UUID, body: GrantChapters, ctx: Ctx) -> RecordedOut:
    """Within a network granted to it, the account acts for the people of these chapters
    (communities) only, as well as those granted before: a network leader is granted none
    and sees every chapter. The network's other records stay in its reach."""
    return RecordedOut.of(
        ctx.app.grant_chapters(
            id,
            network_id=body.network_id,
            communities=body.communities,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/chapter-revocations", status_code=201, responses=WRITE)
@may(ADM)
def revoke_chapters(id: UUID, body: RevokeChapters, ctx: Ctx) -> RecordedOut:
    """The account no longer acts for these chapters' people; naming none, it acts within
    the whole network again (naming all its chapters is refused, so that a slip never
    widens anyone's reach)."""
    return RecordedOut.of(
        ctx.app.revoke_chapters(
            id,
            network_id=body.network_id,
            communities=body.communities,
            recorded_by=ctx.by,
            key=ctx.key,
        )
    )


@router.post("/{id}/disablement", status_code=201, responses=WRITE)
@may(ADM)
def disable_account(id: UUID, body: Disable, ctx: Ctx) -> RecordedOut:
    """Disable the account: its token stops working at once."""
    return RecordedOut.of(
        ctx.app.disable_account(id, reason=body.reason, recorded_by=ctx.by, key=ctx.key)
    )


@router.post("/{id}/enablement", status_code=201, responses=WRITE)
@may(ADM)
def enable_account(id: UUID, body: Empty, ctx: Ctx) -> RecordedOut:
    """Enable a disabled account again; it needs a new token (POST /accounts/{id}/tokens)."""
    return RecordedOut.of(ctx.app.enable_account(id, recorded_by=ctx.by, key=ctx.key))


class ReadOut(BaseModel):
    position: int = Field(description="The read's position in the log.")
    account_id: UUID = Field(description="Who read.")
    what: str = Field(examples=["private_notes"])
    record_id: UUID = Field(description="The record read from.")
    person_id: UUID = Field(description="Whom the personal data read is about.")
    read_at: datetime


class AccessRecordOut(Page):
    reads: list[ReadOut] = Field(description="Newest first.")


@access_record.get("", responses=READ)
@may(AUD)
def list_reads(
    request: Request,
    account_id: UUID | None = None,
    person_id: UUID | None = None,
    since: Annotated[Moment | None, Query(description="Reads at or after this moment.")] = None,
    until: Annotated[Moment | None, Query(description="Reads before this moment.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> AccessRecordOut:
    """Who read private notes or a person's full record, and when: every such read is
    recorded as it happens. Filter by the account that read or the person read about."""
    view, freshness = read_view(request, AccessLog)
    found = view.reads(
        account_id=account_id,
        person_id=person_id,
        since=since,
        until=until,
        limit=limit + 1,
        offset=offset,
    )
    return AccessRecordOut(
        reads=[ReadOut(**vars(r)) for r in found[:limit]],
        **page(freshness, limit, offset, len(found)),
    )
