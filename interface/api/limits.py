"""Limits on signing in, that neither a forged header nor someone else's failures can get
round or turn against other people.

Failed sign-ins are counted over a sliding minute twice: by account name and address
together (a bearer token names no account, so tokens count as one name of their own), and
by address alone, with a higher limit. Someone guessing one account's password from one
address is stopped by the first; someone trying many names from one address by the
second; and neither locks out anybody signing in from another address, nor another
account from the same address until the address's own, higher limit is reached. The
address is the connection's (`guard_of`): uvicorn replaces it with a proxy header's only
when the connection comes from a trusted proxy (`GROUNDWORK_TRUSTED_PROXIES`).

Checking a password (Argon2) costs about half a second of CPU on purpose, so the checks
under way at once are bounded too: beyond the bound a sign-in is answered at once with 503
and Retry-After, rather than queued behind the others to tie up every worker thread.

Kept in the process's memory: each API worker counts its own. Names are kept only as long
as they have recent failures, and never logged.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Hashable, Iterator
from contextlib import contextmanager

from fastapi import Request

#: The "account name" that failed bearer tokens and session cookies are counted under.
TOKENS = ""


class TooManyAttempts(Exception):
    """A sign-in refused before its secret was checked: too many recent failures (429), or
    too many passwords being checked at once (503). Says when to try again."""

    def __init__(self, status: int, error: str, detail: str, wait: int) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail
        self.wait = wait

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.wait)}


class _Failures:
    """Failures by key over a sliding window, for at most `max_keys` keys (the quietest are
    forgotten first, so that failures under very many keys cannot grow memory unbounded)."""

    def __init__(self, limit: int, window: float, max_keys: int) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.recent: dict[Hashable, deque[float]] = {}

    def _of(self, key: Hashable, now: float) -> deque[float]:
        failures = self.recent.setdefault(key, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def wait(self, key: Hashable, now: float) -> int | None:
        """Seconds until `key` may try again, or None if it may now."""
        failures = self._of(key, now)
        if not failures:
            del self.recent[key]  # no memory kept for quiet keys
            return None
        if len(failures) < self.limit:
            return None
        return max(1, int(failures[0] + self.window - now) + 1)

    def add(self, key: Hashable, now: float) -> None:
        self._of(key, now).append(now)
        if len(self.recent) > self.max_keys:
            quietest = min(self.recent, key=lambda k: self.recent[k][-1])
            del self.recent[quietest]


class SignInGuard:
    """The process's limits on signing in (see the module's docstring)."""

    window = 60.0
    #: Pairs (and addresses) remembered at most.
    max_keys = 10_000

    def __init__(self, attempts: int, address_attempts: int, concurrent_checks: int) -> None:
        self.pairs = _Failures(attempts, self.window, self.max_keys)
        self.addresses = _Failures(address_attempts, self.window, self.max_keys)
        self.concurrent_checks = concurrent_checks
        self._checking = threading.BoundedSemaphore(concurrent_checks)
        self._lock = threading.Lock()

    def check(self, address: str, name: str = TOKENS) -> None:
        """Refuses (429) a sign-in as `name` from `address` while either is over its limit,
        even one that would succeed: the limit is on guessing, not on wrong guesses."""
        now = time.monotonic()
        with self._lock:
            pair = self.pairs.wait((_account(name), address), now)
            whole = self.addresses.wait(address, now)
        if pair is not None:
            what = "with this token" if name == TOKENS else "to this account"
            raise TooManyAttempts(
                429,
                "TooManyAttempts",
                f"Too many failed sign-ins {what} from this address; try again in {pair} s.",
                pair,
            )
        if whole is not None:
            raise TooManyAttempts(
                429,
                "TooManyAttempts",
                f"Too many failed sign-ins from this address; try again in {whole} s.",
                whole,
            )

    def failed(self, address: str, name: str = TOKENS) -> None:
        now = time.monotonic()
        with self._lock:
            self.pairs.add((_account(name), address), now)
            self.addresses.add(address, now)

    @contextmanager
    def checking_password(self) -> Iterator[None]:
        """Holds one of the password checks allowed at once, or refuses (503) when none is
        free."""
        if not self._checking.acquire(blocking=False):
            raise TooManyAttempts(
                503,
                "TooManySignIns",
                "Too many sign-ins are being checked at this moment; try again in a second.",
                1,
            )
        try:
            yield
        finally:
            self._checking.release()


def _account(name: str) -> str:
    """Account names as they are compared: one spelling of each."""
    return name.strip().casefold()


def guard_of(request: Request) -> tuple[SignInGuard, str]:
    """The process's sign-in guard and the caller's address, as every way in counts them:
    the connection's, which uvicorn takes from X-Forwarded-For only when the connection
    comes from a trusted proxy (`interface.serving`)."""
    guard: SignInGuard = request.app.state.sign_in_guard
    return guard, request.client.host if request.client else "unknown"
