"""Signing in: an account's API token, its password and its web sessions, checked.

People sign in to the web app with their account's name and password. Signing in starts a
session: a token like the API's (`gws_<account id>_...`), kept in a cookie and on record
as a hash, that ends when its holder signs out, after `SESSION_HOURS`, or when more than
`MAX_SESSIONS` newer ones were started. How names, tokens and passwords are made and
hashed: `domain.credentials`.

`SignIn` is a plain mixin, not an aggregate: the account's events (`SignedIn`,
`TokenIssued`...) and their topics stay in `domain.account`.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

from domain.credentials import check_password_against_nothing, password_is, token_hash

#: How long a web session lasts, and how many an account may have open at once.
SESSION_HOURS = 12
MAX_SESSIONS = 5


class SignIn:
    """Whether a token or a password lets someone in, read from the account's state (set
    by `domain.account.Account`)."""

    disabled: bool
    token_hash: str | None
    password_hash: str | None
    sessions: dict[str, datetime]

    def accepts(self, token: str, now: datetime) -> bool:
        """Whether the token is this account's current API token, or one of its sessions
        that has not ended, and the account may sign in."""
        if self.disabled:
            return False
        hashed = token_hash(token)
        if token.startswith("gws_"):
            started = next(
                (at for h, at in self.sessions.items() if hmac.compare_digest(h, hashed)), None
            )
            return started is not None and now - started < timedelta(hours=SESSION_HOURS)
        return self.token_hash is not None and hmac.compare_digest(self.token_hash, hashed)

    def password_matches(self, password: str) -> bool:
        """Whether the password is this account's (always False for a disabled account or
        one without a password)."""
        if self.disabled or self.password_hash is None:
            check_password_against_nothing(password)
            return False
        return password_is(self.password_hash, password)
