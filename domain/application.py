"""The application service: one method per command of the organising cycle.

Each command loads what it needs, lets the aggregates check their rules, and saves every
new event in one atomic write, together with the request's idempotency key when one is
given (`domain.service`). The commands live in `domain.commands`, one module for each
part of the cycle.
"""

from __future__ import annotations

from domain.commands.accounts import AccountCommands, Issued
from domain.commands.actions import ActionCommands
from domain.commands.campaigns import CampaignCommands
from domain.commands.corrections import CorrectionCommands
from domain.commands.decisions import DecisionCommands
from domain.commands.gatherings import GatheringCommands
from domain.commands.grants import GrantCommands
from domain.commands.listening import ListeningCommands
from domain.commands.network import NetworkCommands
from domain.commands.one_to_ones import OneToOneCommands
from domain.commands.people import PeopleCommands
from domain.commands.power import PowerCommands
from domain.commands.webhooks import WebhookCommands
from domain.service import Recorded

__all__ = ["Groundwork", "Issued", "Recorded"]


class Groundwork(
    NetworkCommands,
    PeopleCommands,
    OneToOneCommands,
    ListeningCommands,
    CampaignCommands,
    ActionCommands,
    PowerCommands,
    DecisionCommands,
    GatheringCommands,
    CorrectionCommands,
    AccountCommands,
    GrantCommands,
    WebhookCommands,
):
    """Records the organising cycle as immutable events."""

    name = "Groundwork"
