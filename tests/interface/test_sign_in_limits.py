"""Sign-in limits that a header cannot fool: a real `groundwork serve` that trusts no proxy
on loopback ignores X-Forwarded-For from it, so rotating the header neither escapes the
limit nor gets in while locked out; one that trusts its proxy counts each forwarded address
apart, and someone else's failures lock out neither another account nor another address."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from interface.api.limits import SignInGuard, TooManyAttempts
from interface.settings import Settings
from tests.interface.conftest import Server, add_account, set_password

PASSWORD = "correct horse battery staple"


@contextmanager
def serving(tmp_path: Path, **env: str) -> Iterator[Server]:
    """A server with two web accounts, `ana` and `ben`, and the settings given."""
    database = tmp_path / "events.sqlite"
    for name in ("ana", "ben"):
        add_account(database, name, "organiser")
        set_password(database, name, PASSWORD)
    server = Server(database=database, env=env).start()
    try:
        yield server
    finally:
        server.stop()


def sign_in(
    client: httpx.Client, name: str, password: str, forwarded_for: str | None = None
) -> httpx.Response:
    headers = {"Origin": str(client.base_url).rstrip("/")}
    if forwarded_for is not None:
        headers["X-Forwarded-For"] = forwarded_for
    return client.post("/app/sign-in", data={"name": name, "password": password}, headers=headers)


def test_a_rotating_forwarded_for_from_an_untrusted_client_is_limited_all_the_same(
    tmp_path: Path,
) -> None:
    # The proxies trusted exclude loopback, where the test's requests come from.
    with (
        serving(
            tmp_path,
            GROUNDWORK_TRUSTED_PROXIES="10.0.0.0/8",
            GROUNDWORK_SIGN_IN_ATTEMPTS="5",
            GROUNDWORK_SIGN_IN_ADDRESS_ATTEMPTS="8",
        ) as server,
        server.client(None) as client,
    ):
        tokens = [
            client.get(
                "/networks",
                headers={
                    "Authorization": f"Bearer gw_wrong{n}",
                    "X-Forwarded-For": f"203.0.113.{n}",
                },
            ).status_code
            for n in range(20)
        ]
        token_meanwhile = client.get(
            "/networks",
            headers={
                "Authorization": f"Bearer {server.tokens['tester']}",
                "X-Forwarded-For": "198.51.100.77",
            },
        )
        passwords = [
            sign_in(client, "ana", f"wrong {n}", f"192.0.2.{n}").status_code for n in range(5)
        ]
        password_meanwhile = sign_in(client, "ana", PASSWORD, "198.51.100.78")

    assert tokens[:5] == [401] * 5 and set(tokens[5:]) == {429}
    assert token_meanwhile.status_code == 429, token_meanwhile.text
    assert int(token_meanwhile.headers["Retry-After"]) >= 1
    assert token_meanwhile.json()["error"] == "TooManyAttempts"
    # 5 failed tokens from loopback, then 3 wrong passwords reach the address's limit of 8
    assert passwords == [401, 401, 401, 429, 429]
    assert password_meanwhile.status_code == 429 and "groundwork_session" not in (
        password_meanwhile.cookies
    )
    assert int(password_meanwhile.headers["Retry-After"]) >= 1
    assert "Too many failed sign-ins" in password_meanwhile.text


def test_someone_elses_failures_lock_out_neither_another_account_nor_another_address(
    tmp_path: Path,
) -> None:
    # Loopback is the trusted proxy here: the forwarded address is the client's.
    with (
        serving(
            tmp_path, GROUNDWORK_TRUSTED_PROXIES="127.0.0.1", GROUNDWORK_SIGN_IN_ATTEMPTS="3"
        ) as server,
        server.client(None) as client,
    ):
        guesses = [sign_in(client, "ana", f"wrong {n}", "192.0.2.1").status_code for n in range(4)]
        ana_there = sign_in(client, "ana", PASSWORD, "192.0.2.1")
        ben_there = sign_in(client, "ben", PASSWORD, "192.0.2.1")
        ana_elsewhere = sign_in(client, "ana", PASSWORD, "192.0.2.2")

    assert guesses == [401, 401, 401, 429]
    assert ana_there.status_code == 429  # the pair is locked out, even with the password
    assert ben_there.status_code == 303 and "groundwork_session" in ben_there.cookies
    assert ana_elsewhere.status_code == 303 and "groundwork_session" in ana_elsewhere.cookies


def test_an_address_is_limited_across_account_names() -> None:
    guard = SignInGuard(attempts=3, address_attempts=5, concurrent_checks=1)
    for n in range(5):
        guard.check("192.0.2.1", f"name{n}")
        guard.failed("192.0.2.1", f"name{n}")

    with pytest.raises(TooManyAttempts) as limited:
        guard.check("192.0.2.1", "somebody-new")
    guard.check("192.0.2.2", "somebody-new")  # another address is not held up
    assert limited.value.status == 429


def test_an_account_name_is_counted_in_one_spelling() -> None:
    guard = SignInGuard(attempts=2, address_attempts=100, concurrent_checks=1)
    guard.failed("192.0.2.1", "Ana")
    guard.failed("192.0.2.1", " ana ")

    with pytest.raises(TooManyAttempts):
        guard.check("192.0.2.1", "ANA")
    guard.check("192.0.2.1", "ben")


def test_passwords_checked_at_once_are_bounded_and_answered_not_queued() -> None:
    guard = SignInGuard(attempts=3, address_attempts=5, concurrent_checks=2)
    with (
        guard.checking_password(),
        guard.checking_password(),
        pytest.raises(TooManyAttempts) as busy,
        guard.checking_password(),
    ):
        pass
    with guard.checking_password():  # freed again
        pass
    assert busy.value.status == 503 and busy.value.headers == {"Retry-After": "1"}


def test_the_sign_in_guard_forgets_the_quietest_addresses_beyond_its_bound() -> None:
    guard = SignInGuard(attempts=1, address_attempts=100, concurrent_checks=1)
    guard.pairs.max_keys = guard.addresses.max_keys = 3
    for n in range(5):
        guard.failed(f"10.0.0.{n}")

    with pytest.raises(TooManyAttempts) as limited:
        guard.check("10.0.0.4")
    guard.check("10.0.0.0")  # forgotten: its failure, the oldest, no longer counts
    assert limited.value.status == 429
    assert len(guard.pairs.recent) <= 3 and len(guard.addresses.recent) <= 3


def test_trusted_proxies_are_addresses_or_networks() -> None:
    settings = Settings(trusted_proxies=" 10.0.0.1/8, ::1 ,192.0.2.7")
    assert settings.trusted_proxies == "10.0.0.0/8,::1/128,192.0.2.7/32"
    assert Settings().trusted_proxies == ""
    with pytest.raises(ValueError, match="not an IP address or network"):
        Settings(trusted_proxies="proxy.example")
