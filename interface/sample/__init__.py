"""A realistic sample network, recorded through the application's commands.

"Peers Across Borders" is fictional: an international peer-support network in
mental health and substance use, with a monthly community of practice, a
listening campaign across three countries, one-to-ones, an issue cut, and a
campaign for fair pay for peer work with actions and power-holder meetings.
Every name and story here is invented.

The sample is data: its story is told in the chapters of `story/`, each a list of records
of the kinds in `kinds/`, walked in order by `recording` (which says how to add to it).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from domain.account import COMMAND_LINE, Role
from domain.application import Groundwork
from domain.credentials import account_id
from interface.sample import story
from interface.sample.recording import SAMPLE_RECORDER, Sample, chapters_in, record_chapters
from interface.sample.story.campaign import CAMPAIGN
from interface.sample.story.listening import ISSUE_CUT, LISTENING

__all__ = [
    "SAMPLE_ACCOUNT",
    "SAMPLE_RECORDER",
    "SampleIds",
    "is_empty",
    "record_sample_account",
    "record_sample_network",
    "record_sample_network_if_empty",
    "sample_password_file",
]


def is_empty(app: Groundwork) -> bool:
    """Whether no network is on record yet (accounts may be)."""
    return not app.network_ids(limit=1)


@dataclass(frozen=True)
class SampleIds:
    """Where to start exploring the sample network (ids only: no personal data)."""

    network: UUID
    listening_campaign: UUID
    campaign: UUID
    issue_cut: UUID
    organiser: UUID

    def __str__(self) -> str:
        return (
            f"network {self.network}, listening campaign {self.listening_campaign}, "
            f"campaign {self.campaign}, issue-cut decision {self.issue_cut}"
        )


#: The sample network's account: every role, linked to the organiser who held the first
#: one-to-ones, so that its private notes can be read too.
SAMPLE_ACCOUNT = "demo"


def record_sample_account(app: Groundwork, sample: SampleIds, token_file: Path) -> None:
    """Creates the sample account with a random password, and writes its API token and its
    password to files only their owner can read (never to the log): `make run` says where.
    The password file is the token file's name with `-password` for `-token`."""
    if account_id(SAMPLE_ACCOUNT) in app.account_ids():
        return
    issued = app.create_account(
        name=SAMPLE_ACCOUNT,
        roles=list(Role),
        person_id=sample.organiser,
        recorded_by=COMMAND_LINE,
        networks=[sample.network],
    )
    password = secrets.token_urlsafe(12)
    app.set_password(issued.recorded.id, password=password, recorded_by=COMMAND_LINE)
    _private(token_file, str(issued.token))
    _private(sample_password_file(token_file), password)


def sample_password_file(token_file: Path) -> Path:
    return token_file.with_name(token_file.name.replace("-token", "-password"))


def _private(path: Path, secret: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(f"{secret}\n")


def record_sample_network_if_empty(app: Groundwork) -> SampleIds | None:
    """Records the sample network when the store holds nothing yet."""
    if not is_empty(app):
        return None
    return record_sample_network(app)


def record_sample_network(app: Groundwork, today: datetime | None = None) -> SampleIds:
    """Records the whole sample network and returns where to start exploring it."""
    sample = Sample(app, now=today or datetime.now(UTC))
    record_chapters(sample, chapters_in(story))
    return SampleIds(
        network=sample.network,
        listening_campaign=sample.id(LISTENING),
        campaign=sample.id(CAMPAIGN),
        issue_cut=sample.id(ISSUE_CUT.name),
        organiser=sample.id("amani"),
    )
