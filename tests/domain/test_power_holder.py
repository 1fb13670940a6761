"""A power-holder: identified in their public role, and assessed over time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domain.errors.power import InfluenceOutOfRange
from domain.errors.shared import EmptyText, NotYetHappened
from domain.power_holder import Assessment, PowerHolder
from domain.values import Stance
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
ASSESSOR = UUID("00000000-0000-4000-8000-0000000000a1")


def identify(**changes: Any) -> PowerHolder:
    arguments: dict[str, Any] = {
        "network_id": NETWORK,
        "name": "Dr. Costa",
        "role": "Director of mental health services",
        "institution": "Lisbon Health Authority",
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return PowerHolder.identify(happened_at=None, now=NOW, **arguments)


def assess(
    holder: PowerHolder,
    *,
    influence: int = 4,
    stance: Stance = Stance.NEUTRAL,
    happened_at: datetime = EARLIER,
) -> int:
    return holder.assess(
        stance=stance,
        influence=influence,
        interests=["budget", " Budget ", "re-election"],
        notes=" Open to a pilot ",
        assessed_by=ASSESSOR,
        happened_at=happened_at,
        now=NOW,
        recorded_by=RECORDER,
    )


def test_a_power_holder_is_identified_in_their_public_role() -> None:
    holder = identify()

    (identified,) = holder.collect_events()
    assert isinstance(identified, PowerHolder.Identified)
    assert identified.name == "Dr. Costa"
    assert identified.role == "Director of mental health services"
    assert identified.institution == "Lisbon Health Authority"


@pytest.mark.parametrize("field", ["name", "role", "institution"])
def test_a_power_holder_needs_a_name_a_role_and_an_institution(field: str) -> None:
    with pytest.raises(EmptyText) as raised:
        identify(**{field: ""})
    assert raised.value.field == field


def test_a_power_holder_is_assessed() -> None:
    holder = settled(identify())

    number = assess(holder, stance=Stance.LEANING_ALLY, influence=4)

    (assessed,) = holder.collect_events()
    assert isinstance(assessed, PowerHolder.Assessed)
    assert number == assessed.number == 1
    assert assessed.stance == "leaning_ally"
    assert assessed.influence == 4
    assert assessed.interests == ["budget", "re-election"]
    assert assessed.notes == "Open to a pilot"
    assert assessed.assessed_by == ASSESSOR


def test_assessments_are_numbered_over_time() -> None:
    holder = identify()
    assess(holder)
    settled(holder)

    number = assess(holder, stance=Stance.ALLY, happened_at=NOW)

    (assessed,) = holder.collect_events()
    assert isinstance(assessed, PowerHolder.Assessed)
    assert number == assessed.number == 2
    assert [a.stance for a in holder.assessments] == [Stance.NEUTRAL, Stance.ALLY]


@pytest.mark.parametrize("influence", [1, 5])
def test_influence_is_rated_from_one_to_five(influence: int) -> None:
    holder = settled(identify())

    assess(holder, influence=influence)

    (assessed,) = holder.collect_events()
    assert isinstance(assessed, PowerHolder.Assessed)
    assert assessed.influence == influence


@pytest.mark.parametrize("influence", [0, 6, -1])
def test_influence_outside_one_to_five_is_refused(influence: int) -> None:
    holder = settled(identify())

    with pytest.raises(InfluenceOutOfRange) as e:
        assess(holder, influence=influence)
    assert e.value.influence == influence

    assert e.value.field == "influence"
    assert holder.collect_events() == []


def test_an_assessment_cannot_be_dated_in_the_future() -> None:
    holder = settled(identify())

    with pytest.raises(NotYetHappened):
        assess(holder, happened_at=LATER)

    assert holder.collect_events() == []
    assert holder.assessments == []


def test_a_power_holder_reads_back_from_the_event_store_as_they_were(tmp_path: Path) -> None:
    holder = identify()
    assess(holder, stance=Stance.OPPONENT, influence=5)

    read_back = saved_and_read_back(tmp_path / "events.sqlite", holder)

    assert_same_state(holder, read_back)
    assert read_back.assessments == [
        Assessment(
            1, Stance.OPPONENT, 5, ["budget", "re-election"], "Open to a pilot", ASSESSOR, EARLIER
        )
    ]
    assert read_back.assessments[0].stance is Stance.OPPONENT
