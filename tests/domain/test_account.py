"""Accounts: tokens that sign in only while current, roles granted and revoked, names that
are taken once, and reads of personal data on record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import uuid4

import pytest

from domain.access import Access, AccessRecord
from domain.account import MAX_SESSIONS, SESSION_HOURS, Account, Role
from domain.application import Groundwork
from domain.credentials import PASSWORD_LENGTH, account_id, token_hash
from domain.errors.accounts import (
    AccountAlreadyExists,
    AccountDisabled,
    AccountNameMalformed,
    AccountWithoutRole,
    PasswordLengthRefused,
    RoleAlreadyGranted,
)
from domain.store.idempotency import RequestKey
from tests.domain.conftest import NOW, RECORDER


def test_a_token_signs_in_its_account_until_replaced(app: Groundwork) -> None:
    first = app.create_account(name="amina", roles=[Role.ORGANISER], recorded_by=RECORDER)
    assert first.token is not None
    signed_in = app.signed_in(first.token)
    second = app.issue_token(first.recorded.id, recorded_by=RECORDER)
    assert second.token is not None

    assert signed_in is not None and signed_in.id == account_id("amina")
    assert app.signed_in(first.token) is None
    assert app.signed_in(second.token) is not None
    assert app.signed_in(second.token[:-1] + ("A" if second.token[-1] != "A" else "B")) is None
    assert app.signed_in("not a token") is None
    assert app.signed_in(f"gw_{uuid4().hex}_{'x' * 43}") is None  # no such account


def test_only_the_hash_of_a_token_is_recorded(app: Groundwork, database: object) -> None:
    issued = app.create_account(name="amina", roles=[Role.ADMIN], recorded_by=RECORDER)
    assert issued.token is not None
    stored = b"".join(bytes(e.state) for e in app.recorder.select_events(issued.recorded.id))

    assert issued.token.encode() not in stored
    assert token_hash(issued.token).encode() in stored


def test_a_disabled_account_cannot_sign_in_or_get_a_token(app: Groundwork) -> None:
    issued = app.create_account(name="amina", roles=[Role.LEADER], recorded_by=RECORDER)
    assert issued.token is not None
    app.disable_account(issued.recorded.id, reason="Left", recorded_by=RECORDER)

    assert app.signed_in(issued.token) is None
    with pytest.raises(AccountDisabled):
        app.issue_token(issued.recorded.id, recorded_by=RECORDER)
    app.enable_account(issued.recorded.id, recorded_by=RECORDER)
    assert app.signed_in(issued.token) is None  # enabling does not revive the old token
    renewed = app.issue_token(issued.recorded.id, recorded_by=RECORDER).token
    assert renewed is not None and app.signed_in(renewed) is not None


def test_roles_are_granted_and_revoked_but_never_all(app: Groundwork) -> None:
    made = app.create_account(name="amina", roles=[Role.ORGANISER], recorded_by=RECORDER)
    id_ = made.recorded.id
    app.grant_role(id_, role=Role.LEADER, recorded_by=RECORDER)
    with pytest.raises(RoleAlreadyGranted):
        app.grant_role(id_, role=Role.LEADER, recorded_by=RECORDER)
    app.revoke_role(id_, role=Role.ORGANISER, recorded_by=RECORDER)
    with pytest.raises(AccountWithoutRole) as refused:
        app.revoke_role(id_, role=Role.LEADER, recorded_by=RECORDER)

    assert app.get(Account, id_).roles == {Role.LEADER}
    assert refused.value.field == "role"
    assert [type(e).__name__ for e in app.history(Account, id_)] == [
        "Created",
        "NetworksGranted",  # none named: it acts within no network
        "TokenIssued",
        "RoleGranted",
        "RoleRevoked",
    ]


@pytest.mark.parametrize("name", ["", "a", "Has Space", "-dash", "ü", "x" * 64])
def test_names_are_handles(app: Groundwork, name: str) -> None:
    with pytest.raises(AccountNameMalformed) as refused:
        app.create_account(name=name, roles=[Role.AUDITOR], recorded_by=RECORDER)
    assert refused.value.field == "name"


def test_a_name_is_taken_once_whatever_its_case(app: Groundwork) -> None:
    app.create_account(name="amina", roles=[Role.AUDITOR], recorded_by=RECORDER)
    with pytest.raises(AccountAlreadyExists):
        app.create_account(name="AMINA", roles=[Role.ADMIN], recorded_by=RECORDER)


def test_a_retried_request_gets_the_account_but_never_a_second_token(
    make_app: Callable[[], Groundwork],
) -> None:
    app = make_app()
    key = RequestKey(key="k", fingerprint="f")
    first = app.create_account(name="amina", roles=[Role.ADMIN], recorded_by=RECORDER, key=key)
    again = make_app().create_account(
        name="amina", roles=[Role.ADMIN], recorded_by=RECORDER, key=key
    )

    assert first.token is not None and app.signed_in(first.token) is not None
    assert again.recorded == first.recorded and again.token is None


def test_a_read_of_personal_data_is_recorded_with_ids_only(app: Groundwork) -> None:
    account, record, person = uuid4(), uuid4(), uuid4()
    app.record_read(account=account, what=Access.PRIVATE_NOTES, record_id=record, person_id=person)
    [notification] = app.recorder.select_notifications(start=None, limit=10)
    read = app.mapper.to_domain_event(notification)

    assert isinstance(read, AccessRecord.Read)
    assert (read.account_id, read.what, read.record_id, read.person_id) == (
        account,
        "private_notes",
        record,
        person,
    )


def test_reads_of_many_people_are_recorded_one_for_each_person(app: Groundwork) -> None:
    account, people = uuid4(), [uuid4(), uuid4(), uuid4()]
    app.record_reads(account=account, what=Access.OSDI, people=[(p, p) for p in people])
    app.record_reads(account=account, what=Access.OSDI, people=[])
    notifications = app.recorder.select_notifications(start=None, limit=10)
    reads = [app.mapper.to_domain_event(n) for n in notifications]

    assert [(r.what, r.person_id, r.record_id) for r in reads] == [("osdi", p, p) for p in people]
    assert len({n.originator_id for n in notifications}) == 3  # a record of its own each


def test_a_password_signs_in_to_a_session_that_ends_when_signed_out(app: Groundwork) -> None:
    made = app.create_account(name="amina", roles=[Role.ORGANISER], recorded_by=RECORDER)
    app.set_password(made.recorded.id, password="correct horse battery", recorded_by=RECORDER)

    assert app.sign_in("amina", "wrong horse battery") is None
    assert app.sign_in("nobody", "correct horse battery") is None
    signed_in = app.sign_in("Amina", "correct horse battery")
    assert signed_in is not None
    account, session = signed_in
    assert account.id == made.recorded.id and session.startswith("gws_")
    assert app.signed_in(session) is not None
    app.sign_out(session)
    assert app.signed_in(session) is None
    stored = b"".join(bytes(e.state) for e in app.recorder.select_events(made.recorded.id))
    assert b"correct horse battery" not in stored and session.encode() not in stored


def test_sessions_end_with_a_new_password_a_disabled_account_or_time(
    make_app: Callable[[], Groundwork],
) -> None:
    app = make_app()
    id_ = app.create_account(name="amina", roles=[Role.LEADER], recorded_by=RECORDER).recorded.id
    app.set_password(id_, password="correct horse battery", recorded_by=RECORDER)
    first = app.sign_in("amina", "correct horse battery")
    assert first is not None
    app.set_password(id_, password="another long phrase", recorded_by=RECORDER)
    second = app.sign_in("amina", "another long phrase")
    assert second is not None

    assert app.signed_in(first[1]) is None
    assert app.signed_in(second[1]) is not None
    later = Groundwork(env=app.env, clock=lambda: NOW + timedelta(hours=SESSION_HOURS))
    try:
        assert later.signed_in(second[1]) is None  # expired
    finally:
        later.close()
    app.disable_account(id_, reason="Left", recorded_by=RECORDER)
    assert app.signed_in(second[1]) is None
    assert app.sign_in("amina", "another long phrase") is None


def test_an_account_keeps_its_newest_sessions_only(app: Groundwork) -> None:
    id_ = app.create_account(name="amina", roles=[Role.LEADER], recorded_by=RECORDER).recorded.id
    app.set_password(id_, password="correct horse battery", recorded_by=RECORDER)
    sessions = []
    for _ in range(MAX_SESSIONS + 1):
        signed_in = app.sign_in("amina", "correct horse battery")
        assert signed_in is not None
        sessions.append(signed_in[1])

    assert app.signed_in(sessions[0]) is None
    assert all(app.signed_in(s) is not None for s in sessions[1:])


@pytest.mark.parametrize("password", ["short", "x" * 257])
def test_a_password_has_a_sensible_length(app: Groundwork, password: str) -> None:
    id_ = app.create_account(name="amina", roles=[Role.LEADER], recorded_by=RECORDER).recorded.id
    with pytest.raises(PasswordLengthRefused) as refused:
        app.set_password(id_, password=password, recorded_by=RECORDER)
    assert refused.value.field == "password"
    assert (refused.value.shortest, refused.value.longest) == PASSWORD_LENGTH
