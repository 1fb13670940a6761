"""Accounts: who may read and record, and with which roles.

Accounts are event-sourced like everything else, so every change of access (an account
created, a role granted or revoked, a network or some of its chapters granted or revoked, a
token issued, an account disabled) is on record, with who made it and when.

An account's name is a sign-in handle, unique in the deployment (its id is derived from
it, so the event store itself refuses a second account of the same name). It may be linked
to the person the account belongs to, which is how an organiser is known to have held a
one-to-one.

Names, tokens and passwords: `domain.credentials`. What the account's state answers, kept
beside it in mixins so that this module holds its events and the rules that record them:
where it acts (`domain.roles`), and whether a token or password lets someone in, with how
long a web session lasts (`domain.sessions`). Their names are importable from here too.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.credentials import PASSWORD_LENGTH, account_id, check_name, hash_password, token_hash
from domain.errors.accounts import (
    AccountAlreadyDisabled,
    AccountDisabled,
    AccountNotDisabled,
    AccountWithoutRole,
    AllChaptersRevoked,
    ChaptersAlreadyGranted,
    ChaptersNotHeld,
    NetworkNotGranted,
    NetworksAlreadyGranted,
    NoSuchSession,
    NotNarrowedToChapters,
    PasswordLengthRefused,
    RoleAlreadyGranted,
    RoleNotGranted,
)
from domain.kinds import Kind
from domain.roles import DEPLOYMENT_WIDE, Reach, Role
from domain.sessions import MAX_SESSIONS, SESSION_HOURS, SignIn

__all__ = [
    "COMMAND_LINE",
    "DEPLOYMENT_WIDE",
    "MAX_SESSIONS",
    "SESSION_HOURS",
    "Account",
    "Role",
]

#: Who recorded what was recorded on the server's own command line (`groundwork ...`) or by
#: the sample data: whoever can run commands on the server already holds every key.
COMMAND_LINE = UUID("00000000-0000-4000-8000-000000000001")


class Account(Aggregate, Reach, SignIn):
    KIND = Kind("account", "/accounts", of_network=False)

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

    class NetworksGranted(Aggregate.Event):
        """The account may act within these networks (as well as those granted before).
        Recorded when an account is created (naming none, perhaps), when a network's founder
        founds it, when an admin grants one, and once for an account created before roles
        were per network, with every network then on record (see `scope_to`)."""

        network_ids: list[UUID]
        recorded_by: UUID

    class NetworkRevoked(Aggregate.Event):
        network_id: UUID
        recorded_by: UUID

    class ChaptersGranted(Aggregate.Event):
        """Within a network granted to it, the account acts for the people of these of its
        communities (its chapters), as well as those granted before: an account acting within
        the whole network is narrowed to them. Records of the network that belong to no one
        chapter (campaigns, actions, decisions...) stay in reach."""

        network_id: UUID
        communities: list[str]
        recorded_by: UUID

    class ChaptersRevoked(Aggregate.Event):
        """The account no longer acts within these chapters of the network; when they were
        all it had there, it acts within the whole network again (asked for in so many
        words: see `revoke_chapters`)."""

        network_id: UUID
        communities: list[str]
        recorded_by: UUID

    class Disabled(Aggregate.Event):
        reason: str
        recorded_by: UUID

    class Enabled(Aggregate.Event):
        recorded_by: UUID

    class PasswordSet(Aggregate.Event):
        password_hash: str
        recorded_by: UUID

    class SignedIn(Aggregate.Event):
        session_hash: str
        started_at: datetime

    class SignedOut(Aggregate.Event):
        session_hash: str

    @classmethod
    def create(
        cls,
        *,
        name: str,
        roles: list[Role],
        person_id: UUID | None,
        recorded_by: UUID,
        networks: list[UUID] | None = None,
        chapters: dict[UUID, list[str]] | None = None,
    ) -> Account:
        """A new account, and the networks it may act within (recorded even when none, so
        that it is never taken for an account from before roles were per network), narrowed
        to some chapters of those named in `chapters`, spelt as each network spells them."""
        name = check_name(name)
        if not roles:
            raise AccountWithoutRole()
        account = cls._create(
            cls.Created,
            id=account_id(name),
            name=name,
            roles=sorted({r.value for r in roles}),
            person_id=person_id,
            recorded_by=recorded_by,
        )
        account._networks_granted(network_ids=_sorted(networks or []), recorded_by=recorded_by)
        for network_id, communities in (chapters or {}).items():
            account.grant_chapters(
                network_id=network_id, communities=communities, recorded_by=recorded_by
            )
        return account

    @event(Created)
    def __init__(
        self, name: str, roles: list[str], person_id: UUID | None, recorded_by: UUID
    ) -> None:
        self.name = name
        self.roles = {Role(r) for r in roles}
        self.person_id = person_id
        self.token_hash: str | None = None
        self.disabled = False
        self.password_hash: str | None = None
        #: The hash of each open session's token, with when it started, oldest first.
        self.sessions: dict[str, datetime] = {}
        #: The networks the account may act within (see `DEPLOYMENT_WIDE` for the roles
        #: that act on all of them).
        self.networks: set[UUID] = set()
        #: The networks (of `networks`) within which it acts for some chapters only: those
        #: communities, by the network's spelling. A network not here: every chapter of it.
        self.chapters: dict[UUID, set[str]] = {}
        #: False for an account created before roles were per network, until its roles are
        #: made grants on every network (`scope_to`): until then it acts within none.
        self.scoped = False

    def grant_networks(self, *, network_ids: list[UUID], recorded_by: UUID) -> None:
        new = set(network_ids) - self.networks
        if not new:
            raise NetworksAlreadyGranted(self.id)
        self._networks_granted(network_ids=_sorted(new), recorded_by=recorded_by)

    def scope_to(self, *, network_ids: list[UUID], recorded_by: UUID) -> bool:
        """For an account created before roles were per network: its roles, which held on
        every network, become grants on every network on record now. Whether anything was
        recorded (nothing for an account already scoped)."""
        if self.scoped:
            return False
        self._networks_granted(network_ids=_sorted(network_ids), recorded_by=recorded_by)
        return True

    @event(NetworksGranted)
    def _networks_granted(self, network_ids: list[UUID], recorded_by: UUID) -> None:
        self.networks.update(network_ids)
        self.scoped = True

    def revoke_network(self, *, network_id: UUID, recorded_by: UUID) -> None:
        if network_id not in self.networks:
            raise NetworkNotGranted(self.id, network_id)
        self._network_revoked(network_id=network_id, recorded_by=recorded_by)

    @event(NetworkRevoked)
    def _network_revoked(self, network_id: UUID, recorded_by: UUID) -> None:
        self.networks.discard(network_id)
        self.chapters.pop(network_id, None)  # granted again, it is granted whole

    def grant_chapters(
        self, *, network_id: UUID, communities: list[str], recorded_by: UUID
    ) -> None:
        """Narrows (or widens, when already narrowed) the account's grant on a network to
        these of its communities, spelt as the network spells them."""
        if network_id not in self.networks:
            raise NetworkNotGranted(self.id, network_id, granting=True)
        new = set(communities) - self.chapters.get(network_id, set())
        if not new:
            raise ChaptersAlreadyGranted(self.id)
        self._chapters_granted(
            network_id=network_id, communities=sorted(new), recorded_by=recorded_by
        )

    @event(ChaptersGranted)
    def _chapters_granted(
        self, network_id: UUID, communities: list[str], recorded_by: UUID
    ) -> None:
        self.chapters.setdefault(network_id, set()).update(communities)

    def revoke_chapters(
        self, *, network_id: UUID, communities: list[str] | None, recorded_by: UUID
    ) -> None:
        """Ends the account's grant on these chapters of the network. Revoking every chapter
        it has there widens it to the whole network, so that is done by naming none (None),
        never by naming them all: a slip cannot widen anyone's reach."""
        held = self.chapters.get(network_id)
        if not held:
            raise NotNarrowedToChapters(self.id, network_id)
        if communities is None:
            revoked = held
        else:
            revoked = set(communities)
            if not revoked <= held:
                raise ChaptersNotHeld(self.id, network_id, sorted(revoked - held))
            if revoked == held:
                raise AllChaptersRevoked(self.id, network_id)
        self._chapters_revoked(
            network_id=network_id, communities=sorted(revoked), recorded_by=recorded_by
        )

    @event(ChaptersRevoked)
    def _chapters_revoked(
        self, network_id: UUID, communities: list[str], recorded_by: UUID
    ) -> None:
        left = self.chapters.get(network_id, set()) - set(communities)
        if left:
            self.chapters[network_id] = left
        else:
            self.chapters.pop(network_id, None)

    def issue_token(self, *, recorded_by: UUID) -> str:
        """A new bearer token for this account, replacing any earlier one. Returned once:
        only its hash is recorded."""
        if self.disabled:
            raise AccountDisabled(self.id)
        token = f"gw_{self.id.hex}_{secrets.token_urlsafe(32)}"
        self._token_issued(token_hash=token_hash(token), recorded_by=recorded_by)
        return token

    @event(TokenIssued)
    def _token_issued(self, token_hash: str, recorded_by: UUID) -> None:
        self.token_hash = token_hash

    def set_password(self, *, password: str, recorded_by: UUID) -> None:
        shortest, longest = PASSWORD_LENGTH
        if not shortest <= len(password) <= longest:
            raise PasswordLengthRefused(shortest, longest)
        self._password_set(password_hash=hash_password(password), recorded_by=recorded_by)

    @event(PasswordSet)
    def _password_set(self, password_hash: str, recorded_by: UUID) -> None:
        self.password_hash = password_hash
        self.sessions.clear()  # a new password ends every session

    def start_session(self, now: datetime) -> str:
        """A new session's token (returned once; only its hash is recorded)."""
        if self.disabled:
            raise AccountDisabled(self.id, signing_in=True)
        token = f"gws_{self.id.hex}_{secrets.token_urlsafe(32)}"
        self._signed_in(session_hash=token_hash(token), started_at=now)
        return token

    @event(SignedIn)
    def _signed_in(self, session_hash: str, started_at: datetime) -> None:
        self.sessions[session_hash] = started_at
        while len(self.sessions) > MAX_SESSIONS:
            self.sessions.pop(next(iter(self.sessions)))

    def end_session(self, token: str) -> None:
        hashed = token_hash(token)
        if hashed not in self.sessions:
            raise NoSuchSession(self.id)
        self._signed_out(session_hash=hashed)

    @event(SignedOut)
    def _signed_out(self, session_hash: str) -> None:
        self.sessions.pop(session_hash, None)

    def grant(self, *, role: Role, recorded_by: UUID) -> None:
        if role in self.roles:
            raise RoleAlreadyGranted(self.id, role)
        self._role_granted(role=role.value, recorded_by=recorded_by)

    @event(RoleGranted)
    def _role_granted(self, role: str, recorded_by: UUID) -> None:
        self.roles.add(Role(role))

    def revoke(self, *, role: Role, recorded_by: UUID) -> None:
        if role not in self.roles:
            raise RoleNotGranted(self.id, role)
        if len(self.roles) == 1:
            raise AccountWithoutRole(self.id)
        self._role_revoked(role=role.value, recorded_by=recorded_by)

    @event(RoleRevoked)
    def _role_revoked(self, role: str, recorded_by: UUID) -> None:
        self.roles.discard(Role(role))

    def disable(self, *, reason: str, recorded_by: UUID) -> None:
        if self.disabled:
            raise AccountAlreadyDisabled(self.id)
        self._disabled(reason=reason.strip(), recorded_by=recorded_by)

    @event(Disabled)
    def _disabled(self, reason: str, recorded_by: UUID) -> None:
        self.disabled = True
        self.token_hash = None  # a disabled account's token never works again
        self.sessions.clear()

    def enable(self, *, recorded_by: UUID) -> None:
        if not self.disabled:
            raise AccountNotDisabled(self.id)
        self._enabled(recorded_by=recorded_by)

    @event(Enabled)
    def _enabled(self, recorded_by: UUID) -> None:
        self.disabled = False


def _sorted(ids: set[UUID] | list[UUID]) -> list[UUID]:
    return sorted(set(ids), key=str)
