"""Rules of accounts: their names and passwords, their roles, the networks and chapters
they act within, their tokens and sessions, and disabling them."""

from __future__ import annotations

from uuid import UUID

from domain.errors import RuleBroken


class AccountNameMalformed(RuleBroken):
    """An account's sign-in name was not 2 to 63 lower-case letters, digits, '.', '_', '-'."""

    def __init__(self) -> None:
        super().__init__(
            "name must be 2 to 63 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit.",
            "name",
        )


class AccountAlreadyExists(RuleBroken):
    """An account was created with the name of an account on record (its id is the same)."""

    def __init__(self, account_id: UUID) -> None:
        super().__init__(f"An account named so already exists: {account_id}.", "name")
        self.account_id = account_id


class PasswordLengthRefused(RuleBroken):
    """A password was shorter or longer than a password may be."""

    def __init__(self, shortest: int, longest: int) -> None:
        super().__init__(
            f"password must be {shortest} to {longest} characters (a few words make a good one).",
            "password",
        )
        self.shortest = shortest
        self.longest = longest


class AccountWithoutRole(RuleBroken):
    """An account was created with no role, or its last role was revoked."""

    def __init__(self, account_id: UUID | None = None) -> None:
        if account_id is None:
            super().__init__("An account needs at least one role.", "roles")
        else:
            super().__init__(
                f"Account {account_id} would be left without a role; disable it instead.", "role"
            )
        self.account_id = account_id


class RoleAlreadyGranted(RuleBroken):
    """An account was granted a role it already has."""

    def __init__(self, account_id: UUID, role: str) -> None:
        super().__init__(f"Account {account_id} already has the role {role}.", "role")
        self.account_id = account_id
        self.role = role


class RoleNotGranted(RuleBroken):
    """A role was revoked from an account that does not have it."""

    def __init__(self, account_id: UUID, role: str) -> None:
        super().__init__(f"Account {account_id} does not have the role {role}.", "role")
        self.account_id = account_id
        self.role = role


class OwnAdminRoleRevoked(RuleBroken):
    """An admin revoked their own admin role (another admin may)."""

    def __init__(self, account_id: UUID) -> None:
        super().__init__("An admin cannot revoke their own admin role.", "role")
        self.account_id = account_id


class NetworksAlreadyGranted(RuleBroken):
    """An account was granted only networks it already acts within."""

    def __init__(self, account_id: UUID) -> None:
        super().__init__(
            f"Account {account_id} already acts within every network named.", "network_ids"
        )
        self.account_id = account_id


class NetworkNotGranted(RuleBroken):
    """A network, or chapters of it, were revoked or granted for an account not acting in it."""

    def __init__(self, account_id: UUID, network_id: UUID, *, granting: bool = False) -> None:
        way_on = ": grant the network first" if granting else ""
        super().__init__(
            f"Account {account_id} does not act within network {network_id}{way_on}.",
            "network_id",
        )
        self.account_id = account_id
        self.network_id = network_id


class ChaptersAlreadyGranted(RuleBroken):
    """An account was granted only chapters of a network it already acts within."""

    def __init__(self, account_id: UUID) -> None:
        super().__init__(
            f"Account {account_id} already acts within every chapter named.", "communities"
        )
        self.account_id = account_id


class NotNarrowedToChapters(RuleBroken):
    """Chapters were revoked for an account that acts within the whole network."""

    def __init__(self, account_id: UUID, network_id: UUID) -> None:
        super().__init__(
            f"Account {account_id} acts within no chapters of network {network_id} in particular.",
            "network_id",
        )
        self.account_id = account_id
        self.network_id = network_id


class ChaptersNotHeld(RuleBroken):
    """Chapters were revoked for an account that does not act within them."""

    def __init__(self, account_id: UUID, network_id: UUID, communities: list[str]) -> None:
        super().__init__(
            f"Account {account_id} does not act within the chapters {communities} of network "
            f"{network_id}.",
            "communities",
        )
        self.account_id = account_id
        self.network_id = network_id
        self.communities = communities


class AllChaptersRevoked(RuleBroken):
    """Every chapter of an account was revoked by name, which would widen it to the network."""

    def __init__(self, account_id: UUID, network_id: UUID) -> None:
        super().__init__(
            "Those are all the account's chapters of the network: revoking them would let it "
            "act within the whole network. Name no communities to mean that, or revoke the "
            "network.",
            "communities",
        )
        self.account_id = account_id
        self.network_id = network_id


class AccountDisabled(RuleBroken):
    """A token was issued to, or a session started for, a disabled account."""

    def __init__(self, account_id: UUID, *, signing_in: bool = False) -> None:
        if signing_in:
            super().__init__(f"Account {account_id} is disabled.", "name")
        else:
            super().__init__(f"Account {account_id} is disabled; enable it first.", "id")
        self.account_id = account_id


class NoSuchSession(RuleBroken):
    """A session was ended that the account does not have open."""

    def __init__(self, account_id: UUID) -> None:
        super().__init__(f"Account {account_id} has no such session open.", "session")
        self.account_id = account_id


class AccountAlreadyDisabled(RuleBroken):
    """An account was disabled again."""

    def __init__(self, account_id: UUID) -> None:
        super().__init__(f"Account {account_id} is already disabled.", "id")
        self.account_id = account_id


class AccountNotDisabled(RuleBroken):
    """An account was enabled that is not disabled."""

    def __init__(self, account_id: UUID) -> None:
        super().__init__(f"Account {account_id} is not disabled.", "id")
        self.account_id = account_id


class OwnAccountDisabled(RuleBroken):
    """An account disabled itself (another admin may)."""

    def __init__(self, account_id: UUID) -> None:
        super().__init__("An account cannot disable itself.", "id")
        self.account_id = account_id
