"""The kinds of record the sample is made of: one frozen dataclass per kind, holding the
record's data and recording it through the application's commands (`record_in`).

A new kind of record adds its own class, in a module of its own or beside its aggregate's
kinds; nothing here lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.values import Evaluation
from interface.sample.recording import Moment


@dataclass(frozen=True)
class Evaluated:
    """The reflection after an action or a meeting, and when it was made."""

    evaluation: Evaluation
    at: Moment
