"""A listening campaign: its question, its sessions and the summary that closes it."""

from __future__ import annotations

from dataclasses import dataclass

from domain.values import Theme
from interface.sample.recording import Moment, Sample


@dataclass(frozen=True)
class ListeningCampaign:
    """A round of listening around one question, across communities."""

    name: str
    question: str
    communities: tuple[str, ...]
    target_conversations: int
    launched: Moment

    def record_in(self, sample: Sample) -> None:
        launched = sample.app.launch_listening_campaign(
            network_id=sample.network,
            question=self.question,
            communities=list(self.communities),
            target_conversations=self.target_conversations,
            happened_at=sample.at(self.launched),
            recorded_by=sample.by,
        )
        sample.name(self.name, launched.id)


@dataclass(frozen=True)
class ListeningSession:
    """A session of a listening campaign (numbered from 1 in the order held): who hosted,
    how many came, the themes heard and how often."""

    campaign: str
    host: str
    community: str
    held: Moment
    participants: int
    themes: tuple[Theme, ...]

    def record_in(self, sample: Sample) -> None:
        sample.app.hold_listening_session(
            sample.id(self.campaign),
            host_id=sample.id(self.host),
            community=self.community,
            happened_at=sample.at(self.held),
            participants=self.participants,
            themes=list(self.themes),
            recorded_by=sample.by,
        )


@dataclass(frozen=True)
class ListeningClosed:
    """The end of a listening campaign, with what it heard."""

    campaign: str
    summary: str
    at: Moment

    def record_in(self, sample: Sample) -> None:
        sample.app.close_listening_campaign(
            sample.id(self.campaign),
            summary=self.summary,
            happened_at=sample.at(self.at),
            recorded_by=sample.by,
        )
