"""Commands of the application service.

Accounts (created, tokens issued, roles granted and revoked, disabled and enabled) and the
access record (reads of personal data).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.access import Access, AccessRecord
from domain.account import Account, Role
from domain.credentials import (
    account_id,
    check_name,
    check_password_against_nothing,
    token_account,
)
from domain.errors import NotFound, RuleBroken
from domain.errors.accounts import AccountAlreadyExists, OwnAccountDisabled, OwnAdminRoleRevoked
from domain.network import Network
from domain.person import Person
from domain.service import Recorded, Service
from domain.store.idempotency import RequestKey


@dataclass(frozen=True)
class Issued:
    """What issuing a token recorded, and the token itself: shown this once, never stored.
    None when a retried request (same Idempotency-Key) is answered with the first result."""

    recorded: Recorded
    token: str | None


class AccountCommands(Service):
    def create_account(
        self,
        *,
        name: str,
        roles: list[Role],
        person_id: UUID | None = None,
        recorded_by: UUID,
        networks: list[UUID] | None = None,
        chapters: dict[UUID, list[str]] | None = None,
        key: RequestKey | None = None,
    ) -> Issued:
        """A new account with its first bearer token, acting within the networks named (and
        within some chapters only of those named in `chapters`)."""
        issued: list[tuple[Recorded, str]] = []

        def decide() -> tuple[list[Aggregate], Recorded]:
            wanted = account_id(check_name(name))
            try:
                self.get(Account, wanted)
            except NotFound:
                pass
            else:
                raise AccountAlreadyExists(wanted)
            if person_id is not None:
                self.read(Person, person_id, "person_id")
            for network_id in networks or []:
                self.read(Network, network_id, "networks")
            account = Account.create(
                name=name,
                roles=roles,
                person_id=person_id,
                recorded_by=recorded_by,
                networks=networks,
                chapters={
                    n: self.read(Network, n, "chapters").canonical_communities(c, "chapters")
                    for n, c in (chapters or {}).items()
                },
            )
            token = account.issue_token(recorded_by=recorded_by)
            recorded = Recorded(account.id, account.version)
            issued.append((recorded, token))
            return [account], recorded

        return self._issued(self._execute(decide, key), issued)

    def issue_token(
        self, account: UUID, *, recorded_by: UUID, key: RequestKey | None = None
    ) -> Issued:
        """A new bearer token for an account; its earlier token stops working."""
        issued: list[tuple[Recorded, str]] = []

        def decide() -> tuple[list[Aggregate], Recorded]:
            found = self.get(Account, account)
            token = found.issue_token(recorded_by=recorded_by)
            recorded = Recorded(found.id, found.version)
            issued.append((recorded, token))
            return [found], recorded

        return self._issued(self._execute(decide, key), issued)

    @staticmethod
    def _issued(recorded: Recorded, issued: list[tuple[Recorded, str]]) -> Issued:
        # Only a token whose hash this very call saved is shown: a retried request is
        # answered with the first result, and an attempt lost to a conflict saved nothing.
        tokens = [token for made, token in issued if made is recorded]
        return Issued(recorded, tokens[-1] if tokens else None)

    def grant_role(
        self, account: UUID, *, role: Role, recorded_by: UUID, key: RequestKey | None = None
    ) -> Recorded:
        return self._update(
            Account, account, lambda a: a.grant(role=role, recorded_by=recorded_by), key
        )

    def revoke_role(
        self, account: UUID, *, role: Role, recorded_by: UUID, key: RequestKey | None = None
    ) -> Recorded:
        if account == recorded_by and role is Role.ADMIN:
            raise OwnAdminRoleRevoked(account)
        return self._update(
            Account, account, lambda a: a.revoke(role=role, recorded_by=recorded_by), key
        )

    def disable_account(
        self, account: UUID, *, reason: str, recorded_by: UUID, key: RequestKey | None = None
    ) -> Recorded:
        if account == recorded_by:
            raise OwnAccountDisabled(account)
        return self._update(
            Account, account, lambda a: a.disable(reason=reason, recorded_by=recorded_by), key
        )

    def enable_account(
        self, account: UUID, *, recorded_by: UUID, key: RequestKey | None = None
    ) -> Recorded:
        return self._update(Account, account, lambda a: a.enable(recorded_by=recorded_by), key)

    def account_ids(self, limit: int = 1_000) -> list[UUID]:
        """The ids of the accounts on record, oldest first (a deployment has few)."""
        created = self.recorder.select_notifications(
            start=None, limit=limit, topics=[get_topic(Account.Created)]
        )
        return [UUID(str(n.originator_id)) for n in created]

    def signed_in(self, token: str) -> Account | None:
        """The account a bearer token signs in, or None: not a token, no such account, not
        its current token, or the account is disabled. Costs one small query when the
        account's state is cached (see `Service.read`)."""
        claimed = token_account(token)
        if claimed is None:
            return None
        try:
            account = self.read(Account, claimed)
        except NotFound:
            return None
        return account if account.accepts(token, self.clock()) else None

    def set_password(
        self, account: UUID, *, password: str, recorded_by: UUID, key: RequestKey | None = None
    ) -> Recorded:
        """Sets the password the account signs in to the web app with (ending its sessions)."""
        return self._update(
            Account,
            account,
            lambda a: a.set_password(password=password, recorded_by=recorded_by),
            key,
        )

    def sign_in(self, name: str, password: str) -> tuple[Account, str] | None:
        """The account and a new session's token, or None: no such account, not its
        password, or disabled. Takes as long whichever it is (Argon2 is slow on purpose)."""
        try:
            wanted = account_id(check_name(name))
            account = self.get(Account, wanted)
        except (RuleBroken, NotFound):
            check_password_against_nothing(password)
            return None
        if not account.password_matches(password):
            return None
        token = account.start_session(self.clock())
        self.save(account)
        return account, token

    def sign_out(self, token: str) -> None:
        """Ends the session the token belongs to, if it is still open."""
        claimed = token_account(token)
        if claimed is None:
            return
        try:
            account = self.get(Account, claimed)
            account.end_session(token)
        except (NotFound, RuleBroken):
            return
        self.save(account)

    def record_read(self, *, account: UUID, what: Access, record_id: UUID, person_id: UUID) -> None:
        """Records that an account read a person's personal data (see `domain.access`)."""
        self.record_reads(account=account, what=what, people=[(record_id, person_id)])

    def record_reads(self, *, account: UUID, what: Access, people: list[tuple[UUID, UUID]]) -> None:
        """Records that an account read the personal data of several people at once (a list
        exported for another tool): one read each, as (record id, person id), so that each
        person's own access record shows it; all in one atomic write."""
        if people:
            self.save(
                *(
                    AccessRecord.read(
                        account_id=account, what=what, record_id=record_id, person_id=person_id
                    )
                    for record_id, person_id in people
                )
            )
