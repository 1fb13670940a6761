"""Roles per network: an account acts within the networks granted to it (admins and
auditors within all), a founder within the network they found, and an account from before
roles were per network within every network then on record, granted by events."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.account import COMMAND_LINE, Account, Role
from domain.application import Groundwork
from domain.credentials import account_id
from domain.errors import NotFound
from domain.errors.accounts import NetworkNotGranted, NetworksAlreadyGranted
from tests.domain.conftest import EARLIER, RECORDER, SmallNetwork, register_small_network


def _found(app: Groundwork, by: UUID) -> UUID:
    return app.found_network(
        name="Another",
        focus="Peer support",
        goals=[],
        communities=[],
        happened_at=EARLIER,
        recorded_by=by,
    ).id


def test_an_account_acts_within_the_networks_granted_to_it(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    other = register_small_network(app, "Elsewhere").network_id
    created = app.create_account(
        name="amina",
        roles=[Role.ORGANISER],
        recorded_by=RECORDER,
        networks=[small_network.network_id],
    )
    account = app.get(Account, created.recorded.id)

    assert account.scoped
    assert account.may_act_in(small_network.network_id)
    assert not account.may_act_in(other)

    app.grant_networks(account.id, network_ids=[other], recorded_by=RECORDER)
    assert app.get(Account, account.id).may_act_in(other)
    app.revoke_network(account.id, network_id=small_network.network_id, recorded_by=RECORDER)
    assert not app.get(Account, account.id).may_act_in(small_network.network_id)
    with pytest.raises(NetworkNotGranted):
        app.revoke_network(account.id, network_id=small_network.network_id, recorded_by=RECORDER)
    with pytest.raises(NetworksAlreadyGranted):
        app.grant_networks(account.id, network_ids=[other], recorded_by=RECORDER)


def test_only_networks_on_record_are_granted(app: Groundwork) -> None:
    with pytest.raises(NotFound):
        app.create_account(
            name="amina", roles=[Role.ORGANISER], recorded_by=RECORDER, networks=[uuid4()]
        )
    app.create_account(name="amina", roles=[Role.ORGANISER], recorded_by=RECORDER)
    with pytest.raises(NotFound):
        app.grant_networks(account_id("amina"), network_ids=[uuid4()], recorded_by=RECORDER)


def test_admins_and_auditors_act_within_every_network(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    for role in (Role.ADMIN, Role.AUDITOR):
        created = app.create_account(name=f"a-{role}", roles=[role], recorded_by=RECORDER)
        assert app.get(Account, created.recorded.id).may_act_in(small_network.network_id)


def test_the_founder_of_a_network_acts_within_it(app: Groundwork) -> None:
    founder = app.create_account(name="lead", roles=[Role.LEADER], recorded_by=RECORDER)
    network = _found(app, founder.recorded.id)
    by_command_line = _found(app, COMMAND_LINE)

    account = app.get(Account, founder.recorded.id)
    assert account.networks == {network}
    assert not account.may_act_in(by_command_line)


def test_an_account_from_before_roles_were_per_network_is_granted_every_network_once(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    other = register_small_network(app, "Elsewhere").network_id
    legacy = Account._create(
        Account.Created,
        id=account_id("old-hand"),
        name="old-hand",
        roles=["organiser"],
        person_id=None,
        recorded_by=RECORDER,
    )  # as accounts were created before: no grant of networks recorded
    token = legacy.issue_token(recorded_by=RECORDER)
    app.save(legacy)
    app.create_account(name="newer", roles=[Role.ORGANISER], recorded_by=RECORDER)
    assert not app.get(Account, legacy.id).may_act_in(small_network.network_id)

    assert app.scope_accounts_to_networks() == 1
    assert app.scope_accounts_to_networks() == 0  # idempotent

    events = list(app.events.get(legacy.id))
    granted = [e for e in events if isinstance(e, Account.NetworksGranted)]
    assert len(granted) == 1
    assert set(granted[0].network_ids) == {small_network.network_id, other}
    assert granted[0].recorded_by == COMMAND_LINE
    signed_in = app.signed_in(token)
    assert signed_in is not None and signed_in.may_act_in(other)
    assert app.get(Account, account_id("newer")).networks == set()  # created scoped: untouched
