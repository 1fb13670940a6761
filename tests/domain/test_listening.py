"""A listening campaign: its question, the communities it reaches, sessions and closing."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domain.errors.listening import (
    CommunityNotReached,
    ListeningCampaignAlreadyClosed,
    ListeningCampaignClosed,
    NoCommunityReached,
    SessionWithoutParticipants,
    ThemeNotMentioned,
    ThemeRepeated,
)
from domain.errors.shared import BelowZero, EmptyText, NotYetHappened
from domain.listening import ListeningCampaign, ListeningSession
from domain.values import Theme
from tests.domain.conftest import (
    EARLIER,
    LATER,
    NOW,
    RECORDER,
    assert_same_state,
    saved_and_read_back,
    settled,
)

NETWORK = UUID("00000000-0000-4000-8000-0000000000e1")
HOST = UUID("00000000-0000-4000-8000-0000000000a1")
LAUNCHED_AT = EARLIER - timedelta(days=30)


def launch(**changes: Any) -> ListeningCampaign:
    arguments: dict[str, Any] = {
        "network_id": NETWORK,
        "question": "What gets in the way of recovery here?",
        "communities": ["Lisbon", "Porto"],
        "target_conversations": 60,
        "happened_at": LAUNCHED_AT,
        "now": NOW,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return ListeningCampaign.launch(**arguments)


def hold_session(
    listening: ListeningCampaign,
    *,
    community: str = "Lisbon",
    happened_at: datetime = EARLIER,
    participants: int = 8,
    themes: list[Theme] | None = None,
) -> int:
    return listening.hold_session(
        host_id=HOST,
        community=community,
        happened_at=happened_at,
        participants=participants,
        themes=[Theme("waiting lists", 5)] if themes is None else themes,
        now=NOW,
        recorded_by=RECORDER,
    )


def closed() -> ListeningCampaign:
    listening = launch()
    listening.close(summary="Heard enough", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)
    return listening


# ---------------------------------------------------------------- launching


def test_a_listening_campaign_is_launched_around_one_question() -> None:
    listening = launch()

    (launched,) = listening.collect_events()
    assert isinstance(launched, ListeningCampaign.Launched)
    assert launched.question == "What gets in the way of recovery here?"
    assert launched.communities == ["Lisbon", "Porto"]
    assert launched.target_conversations == 60
    assert launched.happened_at == LAUNCHED_AT


def test_a_listening_campaign_reaches_at_least_one_community() -> None:
    with pytest.raises(NoCommunityReached) as raised:
        launch(communities=[])
    assert raised.value.field == "communities"


def test_a_listening_campaign_needs_a_question() -> None:
    with pytest.raises(EmptyText) as raised:
        launch(question="")
    assert raised.value.field == "question"


def test_a_listening_campaign_cannot_aim_for_fewer_than_zero_conversations() -> None:
    with pytest.raises(BelowZero) as raised:
        launch(target_conversations=-1)
    assert raised.value.field == "target_conversations"


def test_a_listening_campaign_cannot_be_launched_in_the_future() -> None:
    with pytest.raises(NotYetHappened) as raised:
        launch(happened_at=LATER)
    assert raised.value.field == "happened_at"


# ---------------------------------------------------------------- sessions


def test_a_listening_session_is_held_with_the_themes_heard() -> None:
    listening = settled(launch())

    number = hold_session(
        listening,
        community=" lisbon ",
        themes=[Theme(" waiting lists ", 5), Theme("stigma at work", 2)],
    )

    (held,) = listening.collect_events()
    assert isinstance(held, ListeningCampaign.SessionHeld)
    assert number == held.number == 1
    assert held.host_id == HOST
    assert held.community == "Lisbon"
    assert held.participants == 8
    assert held.themes == [Theme("waiting lists", 5), Theme("stigma at work", 2)]


def test_listening_sessions_are_numbered_in_the_order_they_are_recorded() -> None:
    listening = launch()
    hold_session(listening)
    settled(listening)

    number = hold_session(listening, community="Porto")

    (held,) = listening.collect_events()
    assert isinstance(held, ListeningCampaign.SessionHeld)
    assert number == held.number == 2
    assert [s.number for s in listening.sessions] == [1, 2]


def test_a_session_in_a_community_the_campaign_does_not_reach_is_refused() -> None:
    listening = settled(launch())

    with pytest.raises(CommunityNotReached) as raised:
        hold_session(listening, community="Faro")

    assert raised.value.field == "community"
    assert listening.collect_events() == []


def test_a_closed_listening_campaign_refuses_sessions() -> None:
    listening = settled(closed())

    with pytest.raises(ListeningCampaignClosed):
        hold_session(listening)

    assert listening.collect_events() == []


@pytest.mark.parametrize("participants", [0, -2])
def test_a_listening_session_has_at_least_one_participant(participants: int) -> None:
    listening = settled(launch())

    with pytest.raises(SessionWithoutParticipants) as raised:
        hold_session(listening, participants=participants)

    assert raised.value.field == "participants"
    assert listening.collect_events() == []


def test_a_theme_is_named_once_per_session() -> None:
    listening = settled(launch())

    with pytest.raises(ThemeRepeated) as raised:
        hold_session(listening, themes=[Theme("stigma", 1), Theme("Stigma ", 2)])

    assert raised.value.field == "themes"
    assert listening.collect_events() == []


def test_a_theme_heard_was_mentioned_at_least_once() -> None:
    listening = settled(launch())

    with pytest.raises(ThemeNotMentioned) as raised:
        hold_session(listening, themes=[Theme("stigma", 1), Theme("housing", 0)])

    assert raised.value.field == "themes[1].mentions"
    assert listening.collect_events() == []


def test_a_listening_session_cannot_be_held_in_the_future() -> None:
    listening = settled(launch())

    with pytest.raises(NotYetHappened) as raised:
        hold_session(listening, happened_at=LATER)

    assert raised.value.field == "happened_at"
    assert listening.collect_events() == []


# ---------------------------------------------------------------- closing


def test_a_listening_campaign_is_closed_with_a_summary() -> None:
    listening = settled(launch())

    listening.close(summary=" Housing came first ", happened_at=NOW, now=NOW, recorded_by=RECORDER)

    (closed_event,) = listening.collect_events()
    assert isinstance(closed_event, ListeningCampaign.Closed)
    assert (closed_event.summary, closed_event.happened_at) == ("Housing came first", NOW)
    assert listening.is_closed


def test_a_closed_listening_campaign_cannot_be_closed_again() -> None:
    listening = settled(closed())

    with pytest.raises(ListeningCampaignAlreadyClosed):
        listening.close(summary="", happened_at=NOW, now=NOW, recorded_by=RECORDER)

    assert listening.collect_events() == []


def test_a_listening_campaign_cannot_be_closed_in_the_future() -> None:
    listening = settled(launch())

    with pytest.raises(NotYetHappened):
        listening.close(summary="", happened_at=LATER, now=NOW, recorded_by=RECORDER)

    assert listening.collect_events() == []
    assert not listening.is_closed


# ---------------------------------------------------------------- replay


def test_a_listening_campaign_reads_back_from_the_event_store_as_it_was(tmp_path: Path) -> None:
    listening = launch()
    hold_session(listening, themes=[Theme("housing", 3), Theme("stigma", 1)])
    listening.close(summary="Done", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)

    read_back = saved_and_read_back(tmp_path / "events.sqlite", listening)

    assert_same_state(listening, read_back)
    assert read_back.sessions == [
        ListeningSession(1, HOST, "Lisbon", EARLIER, 8, [Theme("housing", 3), Theme("stigma", 1)])
    ]
    assert read_back.closed_at == EARLIER
