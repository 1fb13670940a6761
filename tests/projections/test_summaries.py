"""Each kind of line in a story is declared once, with its heading, by the summaries that
write it; a summary of a kind nobody declared is refused where it is made, not shown raw."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from eventsourcing.domain import Aggregate

from domain.kinds import every_kind
from projections.summaries import (
    ENTRY_KEYS,
    ENTRY_KINDS,
    Summary,
    check_every_event_told,
    entry_kind,
    tells_no_story,
)
from projections.summaries.base import _SUMMARIES, summarise, summarises
from projections.timeline import TIMELINE_KINDS


@dataclass(frozen=True)
class Happened:
    """An event of no aggregate, for a summary of a kind nobody declared."""


def test_every_kind_of_line_has_a_heading_in_words() -> None:
    assert len(ENTRY_KEYS) >= 16
    for key in ENTRY_KEYS:
        heading = ENTRY_KINDS[key].heading
        assert heading and "_" not in heading and heading[0].isupper(), key


def test_a_campaign_timeline_tells_the_work_and_not_peoples_own_records() -> None:
    assert {"one_to_one", "action", "decision", "commitment"} <= set(TIMELINE_KINDS)
    assert {"profile", "consent", "ladder", "gathering"} & set(TIMELINE_KINDS) == set()


def test_a_kind_of_line_cannot_be_declared_twice() -> None:
    with pytest.raises(ValueError, match="'one_to_one' is declared twice"):
        entry_kind("one_to_one", "Again")


def test_a_summary_of_an_undeclared_kind_is_refused_where_it_is_made() -> None:
    summarises(Happened)(lambda e: Summary("undeclared", "Something happened", "/nowhere"))
    try:
        with pytest.raises(ValueError, match="no kind of line 'undeclared'"):
            summarise(Happened())
    finally:
        del _SUMMARIES[Happened]


def test_a_kind_with_an_event_told_nowhere_is_refused_naming_the_event() -> None:
    class Meeting(Aggregate):
        class Held(Aggregate.Created):
            topic: str

        class Adjourned(Aggregate.Event):
            pass

    summarises(Meeting.Held)(lambda e: Summary("meeting", "Held", "/meetings"))
    try:
        with pytest.raises(RuntimeError, match=r"no summary: .*Meeting\.Adjourned \("):
            check_every_event_told([Meeting])
        tells_no_story(Meeting.Adjourned)
        check_every_event_told([Meeting])  # now declared: accepted
    finally:
        del _SUMMARIES[Meeting.Held]


def test_every_event_of_every_kind_is_told_or_declared_untold() -> None:
    """Accounts, webhooks and the access record belong to no network's story."""
    check_every_event_told(cls for cls, kind in every_kind().items() if kind.of_network)
