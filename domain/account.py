"""Accounts: who may read and record, and with which roles.

Accounts are event-sourced like everything else, so every change of access (an account
created, a role granted or revoked, a token issued, an account disabled) is on record,
with who made it and when.

An account's name is a sign-in handle, unique in the deployment (its id is derived from
it, so the event store itself refuses a second account of the same name). It may be linked
to the person the account belongs to, which is how an organiser is known to have held a
one-to-one.

A bearer token is shown once, when it is issued, and stored only as its SHA-256 hash:
tokens are 256 random bits, so a fast hash is enough (passwords, which are guessable, need
a slow one). The token names its account (`gw_<account id>_<secret>`), so checking it
reads one account rather than searching every account for the hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import RuleBroken

_NAMESPACE = UUID("0b1e5d3c-7a52-4b0e-9c55-5a0e9f6f1d2e")
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,62}")
_TOKEN = re.compile(r"gw_([0-9a-f]{32})_([A-Za-z0-9_-]{43})")

#: Who recorded what was recorded on the server's own command line (`groundwork ...`) or by
#: the sample data: whoever can run commands on the server already holds every key.
COMMAND_LINE = UUID("00000000-0000-4000-8000-000000000001")


class Role(StrEnum):
    """What an account may do (see `interface.api.access` for each endpoint's roles)."""

    ORGANISER = "organiser"  #: records and reads the organising work
    LEADER = "leader"  #: reads every campaign view and progress, records decisions
    AUDITOR = "auditor"  #: reads the log's verification, decision audits, the access record
    ADMIN = "admin"  #: manages accounts, erases people, exports a person's record


def account_id(name: str) -> UUID:
    """The id of the account with this sign-in name."""
    return uuid5(_NAMESPACE, name)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def token_account(token: str) -> UUID | None:
    """The account a token claims to belong to, or None when it is not shaped like a token."""
    match = _TOKEN.fullmatch(token)
    return UUID(match.group(1)) if match else None


def check_name(name: str) -> str:
    name = name.strip().lower()
    if not _NAME.fullmatch(name):
        raise RuleBroken(
            "name must be 2 to 63 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit.",
            "name",
        )
    return name


class Account(Aggregate):
    class Created(Aggregate.Created):
        name: str
        roles: list[str]
        person_id: UUID | None
        recorded_by: UUID

    class TokenIssued(Aggregate.Event):
        token_hash: str
        recorded_by: UUID

    class RoleGranted(Aggregate.Event):
        role: str
        recorded_by: UUID

    class RoleRevoked(Aggregate.Event):
        role: str
        recorded_by: UUID

    class Disabled(Aggregate.Event):
        reason: str
        recorded_by: UUID

    class Enabled(Aggregate.Event):
        recorded_by: UUID

    @classmethod
    def create(
        cls, *, name: str, roles: list[Role], person_id: UUID | None, recorded_by: UUID
    ) -> Account:
        name = check_name(name)
        if not roles:
            raise RuleBroken("An account needs at least one role.", "roles")
        return cls._create(
            cls.Created,
            id=account_id(name),
            name=name,
            roles=sorted({r.value for r in roles}),
            person_id=person_id,
            recorded_by=recorded_by,
        )

    @event(Created)
    def __init__(
        self, name: str, roles: list[str], person_id: UUID | None, recorded_by: UUID
    ) -> None:
        self.name = name
        self.roles = {Role(r) for r in roles}
        self.person_id = person_id
        self.token_hash: str | None = None
        self.disabled = False

    def issue_token(self, *, recorded_by: UUID) -> str:
        """A new bearer token for this account, replacing any earlier one. Returned once:
        only its hash is recorded."""
        if self.disabled:
            raise RuleBroken(f"Account {self.id} is disabled; enable it first.", "id")
        token = f"gw_{self.id.hex}_{secrets.token_urlsafe(32)}"
        self._token_issued(token_hash=token_hash(token), recorded_by=recorded_by)
        return token

    @event(TokenIssued)
    def _token_issued(self, token_hash: str, recorded_by: UUID) -> None:
        self.token_hash = token_hash

    def accepts(self, token: str) -> bool:
        """Whether the token is this account's current one and the account may sign in."""
        if self.disabled or self.token_hash is None:
            return False
        return hmac.compare_digest(self.token_hash, token_hash(token))

    def grant(self, *, role: Role, recorded_by: UUID) -> None:
        if role in self.roles:
            raise RuleBroken(f"Account {self.id} already has the role {role}.", "role")
        self._role_granted(role=role.value, recorded_by=recorded_by)

    @event(RoleGranted)
    def _role_granted(self, role: str, recorded_by: UUID) -> None:
        self.roles.add(Role(role))

    def revoke(self, *, role: Role, recorded_by: UUID) -> None:
        if role not in self.roles:
            raise RuleBroken(f"Account {self.id} does not have the role {role}.", "role")
        if len(self.roles) == 1:
            raise RuleBroken(
                f"Account {self.id} would be left without a role; disable it instead.", "role"
            )
        self._role_revoked(role=role.value, recorded_by=recorded_by)

    @event(RoleRevoked)
    def _role_revoked(self, role: str, recorded_by: UUID) -> None:
        self.roles.discard(Role(role))

    def disable(self, *, reason: str, recorded_by: UUID) -> None:
        if self.disabled:
            raise RuleBroken(f"Account {self.id} is already disabled.", "id")
        self._disabled(reason=reason.strip(), recorded_by=recorded_by)

    @event(Disabled)
    def _disabled(self, reason: str, recorded_by: UUID) -> None:
        self.disabled = True
        self.token_hash = None  # a disabled account's token never works again

    def enable(self, *, recorded_by: UUID) -> None:
        if not self.disabled:
            raise RuleBroken(f"Account {self.id} is not disabled.", "id")
        self._enabled(recorded_by=recorded_by)

    @event(Enabled)
    def _enabled(self, recorded_by: UUID) -> None:
        self.disabled = False
