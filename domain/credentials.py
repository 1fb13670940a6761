"""What an account signs in with: its name, bearer and session tokens, and passwords.

An account's name is a sign-in handle, unique in the deployment: its id is derived from it,
so the event store itself refuses a second account of the same name.

A bearer token is shown once, when it is issued, and stored only as its SHA-256 hash:
tokens are 256 random bits, so a fast hash is enough. The token names its account
(`gw_<account id>_<secret>`), so checking it reads one account rather than searching every
account for the hash.

A password is guessable, so it is kept only as an Argon2id hash (`argon2-cffi`, its
recommended parameters).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from uuid import UUID, uuid5

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.errors.accounts import AccountNameMalformed

_NAMESPACE = UUID("0b1e5d3c-7a52-4b0e-9c55-5a0e9f6f1d2e")
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,62}")
_TOKEN = re.compile(r"gws?_([0-9a-f]{32})_([A-Za-z0-9_-]{43})")
_PASSWORDS = PasswordHasher()
#: A password's length, in characters: long enough to resist guessing (NIST SP 800-63B asks
#: for at least 8; a passphrase is better), short enough not to be a denial of service.
PASSWORD_LENGTH = (10, 256)


def account_id(name: str) -> UUID:
    """The id of the account with this sign-in name."""
    return uuid5(_NAMESPACE, name)


def check_name(name: str) -> str:
    name = name.strip().lower()
    if not _NAME.fullmatch(name):
        raise AccountNameMalformed()
    return name


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def token_account(token: str) -> UUID | None:
    """The account a token claims to belong to, or None when it is not shaped like a token."""
    match = _TOKEN.fullmatch(token)
    return UUID(match.group(1)) if match else None


def hash_password(password: str) -> str:
    return _PASSWORDS.hash(password)


def password_is(password_hash: str, password: str) -> bool:
    """Whether the password is the one hashed (False for a hash that is not one)."""
    try:
        return _PASSWORDS.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_NOTHING = _PASSWORDS.hash("a password nobody has, to compare with")


def check_password_against_nothing(password: str) -> None:
    """Spends the time a password check takes, for a name with no account (or no password),
    so that how long a failed sign-in takes does not tell which names exist."""
    with contextlib.suppress(VerificationError, InvalidHashError):
        _PASSWORDS.verify(_NOTHING, password)
