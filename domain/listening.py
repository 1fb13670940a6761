"""A listening campaign: a planned round of one-to-ones and listening sessions
across communities, around one question."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors.listening import (
    CommunityNotReached,
    ListeningCampaignAlreadyClosed,
    ListeningCampaignClosed,
    NoCommunityReached,
    SessionWithoutParticipants,
    ThemeNotMentioned,
    ThemeRepeated,
)
from domain.kinds import Kind
from domain.rules import clean_tags, happened, not_negative, require_text
from domain.values import Theme


@dataclass(frozen=True)
class ListeningSession:
    """A listening session (house meeting) as it stands in its campaign."""

    number: int
    host_id: UUID
    community: str
    happened_at: datetime
    participants: int
    themes: list[Theme]


class ListeningCampaign(Aggregate):
    KIND = Kind("listening campaign", "/listening-campaigns")

    class Launched(Aggregate.Created):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("question",)

        network_id: UUID
        question: str
        communities: list[str]
        target_conversations: int
        happened_at: datetime
        recorded_by: UUID

    class SessionHeld(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("themes[].name",)

        number: int
        host_id: UUID
        community: str
        happened_at: datetime
        participants: int
        themes: list[Theme]
        recorded_by: UUID

    class Closed(Aggregate.Event):
        #: Free text a person typed: sealed with a key of the event's own (`domain.store.text`).
        typed_text = ("summary",)

        summary: str
        happened_at: datetime
        recorded_by: UUID

    @classmethod
    def launch(
        cls,
        *,
        network_id: UUID,
        question: str,
        communities: list[str],
        target_conversations: int,
        happened_at: datetime | None,
        now: datetime,
        recorded_by: UUID,
    ) -> ListeningCampaign:
        communities = clean_tags(communities, "communities")
        if not communities:
            raise NoCommunityReached()
        return cls(
            network_id=network_id,
            question=require_text(question, "question"),
            communities=communities,
            target_conversations=not_negative(target_conversations, "target_conversations"),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Launched)
    def __init__(
        self,
        network_id: UUID,
        question: str,
        communities: list[str],
        target_conversations: int,
        happened_at: datetime,
        recorded_by: UUID,
    ) -> None:
        self.network_id = network_id
        self.question = question
        self.communities = list(communities)
        self.target_conversations = target_conversations
        self.launched_at = happened_at
        self.sessions: list[ListeningSession] = []
        self.closed_at: datetime | None = None
        self.summary = ""

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def hold_session(
        self,
        *,
        host_id: UUID,
        community: str,
        happened_at: datetime | None,
        participants: int,
        themes: list[Theme],
        now: datetime,
        recorded_by: UUID,
    ) -> int:
        if self.is_closed:
            raise ListeningCampaignClosed(self.id)
        canonical = [c for c in self.communities if c.casefold() == community.strip().casefold()]
        if not canonical:
            raise CommunityNotReached(self.id, self.communities)
        if participants < 1:
            raise SessionWithoutParticipants(participants)
        names = clean_tags([t.name for t in themes], "themes")
        if len(names) != len(themes):
            raise ThemeRepeated()
        for i, theme in enumerate(themes):
            if theme.mentions < 1:
                raise ThemeNotMentioned(theme.mentions, f"themes[{i}].mentions")
        number = len(self.sessions) + 1
        self._session_held(
            number=number,
            host_id=host_id,
            community=canonical[0],
            happened_at=happened(happened_at, now),
            participants=participants,
            themes=[Theme(name=n, mentions=t.mentions) for n, t in zip(names, themes, strict=True)],
            recorded_by=recorded_by,
        )
        return number

    @event(SessionHeld)
    def _session_held(
        self,
        number: int,
        host_id: UUID,
        community: str,
        happened_at: datetime,
        participants: int,
        themes: list[Theme],
        recorded_by: UUID,
    ) -> None:
        self.sessions.append(
            ListeningSession(number, host_id, community, happened_at, participants, list(themes))
        )

    def close(
        self, *, summary: str, happened_at: datetime | None, now: datetime, recorded_by: UUID
    ) -> None:
        if self.is_closed:
            raise ListeningCampaignAlreadyClosed(self.id)
        self._closed(
            summary=summary.strip(),
            happened_at=happened(happened_at, now),
            recorded_by=recorded_by,
        )

    @event(Closed)
    def _closed(self, summary: str, happened_at: datetime, recorded_by: UUID) -> None:
        self.closed_at = happened_at
        self.summary = summary
