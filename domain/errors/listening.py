"""Rules of a listening campaign: the communities it reaches, the sessions held in it and
the themes heard, and its closing."""

from __future__ import annotations

from uuid import UUID

from domain.errors import RuleBroken


class NoCommunityReached(RuleBroken):
    """A listening campaign was launched reaching no community."""

    def __init__(self) -> None:
        super().__init__("A listening campaign reaches at least one community.", "communities")


class ListeningCampaignClosed(RuleBroken):
    """A listening session was held in a listening campaign already closed."""

    def __init__(self, listening_campaign_id: UUID) -> None:
        super().__init__(f"Listening campaign {listening_campaign_id} is closed.")
        self.listening_campaign_id = listening_campaign_id


class CommunityNotReached(RuleBroken):
    """A listening session was held in a community its listening campaign does not reach."""

    def __init__(self, listening_campaign_id: UUID, communities: list[str]) -> None:
        super().__init__(
            f"Listening campaign {listening_campaign_id} does not reach that community; "
            f"it reaches {communities}.",
            "community",
        )
        self.listening_campaign_id = listening_campaign_id
        self.communities = communities


class SessionWithoutParticipants(RuleBroken):
    """A listening session was held with no one taking part."""

    def __init__(self, participants: int) -> None:
        super().__init__("A listening session has at least one participant.", "participants")
        self.participants = participants


class ThemeRepeated(RuleBroken):
    """A theme was named twice in one listening session."""

    def __init__(self) -> None:
        super().__init__("Each theme is named once per session.", "themes")


class ThemeNotMentioned(RuleBroken):
    """A theme heard in a listening session was said to be mentioned less than once."""

    def __init__(self, mentions: int, field: str) -> None:
        super().__init__(f"A theme heard was mentioned at least once (got {mentions}).", field)
        self.mentions = mentions


class ListeningCampaignAlreadyClosed(RuleBroken):
    """A listening campaign was closed again."""

    def __init__(self, listening_campaign_id: UUID) -> None:
        super().__init__(f"Listening campaign {listening_campaign_id} is already closed.")
        self.listening_campaign_id = listening_campaign_id
