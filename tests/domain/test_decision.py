"""A decision: proposed with its options and evidence, positions taken, reached by its
rule, then revisited or superseded."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domain.decision import Decision, Position
from domain.errors.decisions import (
    DecisionAlreadyMade,
    DecisionNotReached,
    DecisionSupersedesItself,
    NoPositionsYet,
    NoSuchOption,
    OutcomeNotCarried,
    TooFewOptions,
)
from domain.errors.shared import EmptyEntry, EmptyText, NotYetHappened
from domain.values import DecisionKind, DecisionRule, DecisionStatus, EvidenceKind, EvidenceRef
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
ANA = UUID("00000000-0000-4000-8000-0000000000a1")
BRUNO = UUID("00000000-0000-4000-8000-0000000000b1")
CARLA = UUID("00000000-0000-4000-8000-0000000000b2")
LISTENING = UUID("00000000-0000-4000-8000-0000000000d1")
ONE_TO_ONE = UUID("00000000-0000-4000-8000-0000000000d2")
LATER_DECISION = UUID("00000000-0000-4000-8000-0000000000d3")
SESSION_2 = EvidenceRef(EvidenceKind.LISTENING_SESSION, LISTENING, 2)
CONVERSATION = EvidenceRef(EvidenceKind.ONE_TO_ONE, ONE_TO_ONE)


def propose(**changes: Any) -> Decision:
    arguments: dict[str, Any] = {
        "network_id": NETWORK,
        "campaign_id": None,
        "kind": DecisionKind.ISSUE_CUT,
        "question": "Which issue do we take on first?",
        "options": ["Peer workers", "Housing", "Waiting lists"],
        "rule": DecisionRule.CONSENSUS,
        "evidence": [SESSION_2, CONVERSATION],
        "proposed_by": ANA,
        "happened_at": EARLIER,
        "now": NOW,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return Decision.propose(**arguments)


def take(
    decision: Decision, participant: UUID, option: str, happened_at: datetime = EARLIER
) -> None:
    decision.take_position(
        participant_id=participant,
        option=option,
        reason="What we heard most",
        happened_at=happened_at,
        now=NOW,
        recorded_by=RECORDER,
    )


def with_positions(rule: DecisionRule, *positions: tuple[UUID, str]) -> Decision:
    decision = propose(rule=rule)
    for participant, option in positions:
        take(decision, participant, option)
    return decision


def reach(decision: Decision, outcome: str, happened_at: datetime = NOW) -> None:
    decision.reach(
        outcome=outcome,
        rationale="Most of what we heard",
        happened_at=happened_at,
        now=NOW,
        recorded_by=RECORDER,
    )


def reached() -> Decision:
    decision = with_positions(DecisionRule.CONSENSUS, (ANA, "Housing"), (BRUNO, "Housing"))
    reach(decision, "Housing", happened_at=EARLIER)
    return decision


def superseded() -> Decision:
    decision = reached()
    decision.supersede(
        by_decision_id=LATER_DECISION,
        reason="New evidence",
        happened_at=EARLIER,
        now=NOW,
        recorded_by=RECORDER,
    )
    return decision


# ---------------------------------------------------------------- proposing


def test_a_decision_is_proposed_with_its_options_rule_and_evidence() -> None:
    decision = propose(evidence=[SESSION_2, CONVERSATION, SESSION_2])

    (proposed,) = decision.collect_events()
    assert isinstance(proposed, Decision.Proposed)
    assert proposed.kind == "issue_cut"
    assert proposed.rule == "consensus"
    assert proposed.options == ["Peer workers", "Housing", "Waiting lists"]
    assert proposed.evidence == [SESSION_2, CONVERSATION]
    assert (proposed.proposed_by, proposed.happened_at) == (ANA, EARLIER)
    assert decision.status is DecisionStatus.OPEN


@pytest.mark.parametrize(
    "options",
    [[], ["Housing"], ["Housing", "housing "], ["Housing", "Peer workers", "HOUSING"]],
    ids=["none", "one", "the-same-twice", "a-repeat-among-others"],
)
def test_a_decision_has_two_or_more_different_options(options: list[str]) -> None:
    with pytest.raises(TooFewOptions) as raised:
        propose(options=options)
    assert raised.value.field == "options"


def test_a_blank_option_is_refused() -> None:
    with pytest.raises(EmptyEntry) as raised:
        propose(options=["Housing", " ", "Peer workers"])
    assert raised.value.field == "options"


def test_a_decision_needs_a_question() -> None:
    with pytest.raises(EmptyText) as raised:
        propose(question=" ")
    assert raised.value.field == "question"


def test_a_decision_cannot_be_proposed_in_the_future() -> None:
    with pytest.raises(NotYetHappened) as raised:
        propose(happened_at=LATER)
    assert raised.value.field == "happened_at"


# ---------------------------------------------------------------- positions


def test_a_position_is_taken_for_one_of_the_options() -> None:
    decision = settled(propose())

    take(decision, BRUNO, " housing ")

    (taken,) = decision.collect_events()
    assert isinstance(taken, Decision.PositionTaken)
    assert (taken.participant_id, taken.option) == (BRUNO, "Housing")
    assert taken.reason == "What we heard most"


def test_a_participant_taking_a_new_position_replaces_their_earlier_one() -> None:
    decision = settled(with_positions(DecisionRule.MAJORITY, (BRUNO, "Housing")))

    take(decision, BRUNO, "Peer workers", happened_at=NOW)

    (taken,) = decision.collect_events()
    assert isinstance(taken, Decision.PositionTaken)
    assert taken.option == "Peer workers"
    assert decision.positions[BRUNO].option == "Peer workers"
    assert len(decision.positions) == 1


def test_a_position_for_an_option_not_on_the_table_is_refused() -> None:
    decision = settled(propose())

    with pytest.raises(NoSuchOption) as raised:
        take(decision, BRUNO, "Transport")

    assert raised.value.field == "option"
    assert decision.collect_events() == []


def test_no_position_is_taken_after_the_decision_is_reached() -> None:
    decision = settled(reached())

    with pytest.raises(DecisionAlreadyMade) as raised:
        take(decision, CARLA, "Peer workers", happened_at=NOW)
    assert raised.value.status == "reached"

    assert decision.collect_events() == []


def test_no_position_is_taken_on_a_superseded_decision() -> None:
    decision = settled(superseded())

    with pytest.raises(DecisionAlreadyMade) as raised:
        take(decision, CARLA, "Peer workers", happened_at=NOW)
    assert raised.value.status == "superseded"

    assert decision.collect_events() == []


def test_a_position_cannot_be_dated_in_the_future() -> None:
    decision = settled(propose())

    with pytest.raises(NotYetHappened):
        take(decision, BRUNO, "Housing", happened_at=LATER)

    assert decision.collect_events() == []


# ---------------------------------------------------------------- reaching


def test_a_consensus_decision_is_reached_when_every_position_is_for_the_outcome() -> None:
    decision = settled(with_positions(DecisionRule.CONSENSUS, (ANA, "Housing"), (BRUNO, "housing")))

    reach(decision, "HOUSING")

    (reached_event,) = decision.collect_events()
    assert isinstance(reached_event, Decision.Reached)
    assert reached_event.outcome == "Housing"
    assert reached_event.rationale == "Most of what we heard"
    assert reached_event.happened_at == NOW
    assert decision.status is DecisionStatus.REACHED


def test_a_consensus_decision_is_not_reached_while_one_position_differs() -> None:
    decision = settled(
        with_positions(
            DecisionRule.CONSENSUS, (ANA, "Housing"), (BRUNO, "Housing"), (CARLA, "Peer workers")
        )
    )

    with pytest.raises(OutcomeNotCarried) as raised:
        reach(decision, "Housing")
    assert raised.value.rule == "consensus"

    assert raised.value.field == "outcome"
    assert decision.collect_events() == []
    assert decision.status is DecisionStatus.OPEN


def test_a_majority_decision_is_reached_for_the_option_with_most_positions() -> None:
    decision = settled(
        with_positions(
            DecisionRule.MAJORITY, (ANA, "Housing"), (BRUNO, "Housing"), (CARLA, "Peer workers")
        )
    )

    reach(decision, "Housing")

    (reached_event,) = decision.collect_events()
    assert isinstance(reached_event, Decision.Reached)
    assert reached_event.outcome == "Housing"


def test_a_majority_decision_is_not_reached_on_a_tie() -> None:
    decision = settled(
        with_positions(DecisionRule.MAJORITY, (ANA, "Housing"), (BRUNO, "Peer workers"))
    )

    with pytest.raises(OutcomeNotCarried) as raised:
        reach(decision, "Housing")
    assert raised.value.rule == "majority"

    assert raised.value.field == "outcome"
    assert decision.collect_events() == []


def test_a_majority_decision_is_not_reached_for_an_option_with_fewer_positions() -> None:
    decision = settled(
        with_positions(
            DecisionRule.MAJORITY, (ANA, "Housing"), (BRUNO, "Housing"), (CARLA, "Peer workers")
        )
    )

    with pytest.raises(OutcomeNotCarried) as raised:
        reach(decision, "Peer workers")
    assert raised.value.rule == "majority"

    assert decision.collect_events() == []


def test_a_majority_decision_is_not_reached_for_an_option_nobody_took() -> None:
    decision = settled(with_positions(DecisionRule.MAJORITY, (ANA, "Housing")))

    with pytest.raises(OutcomeNotCarried) as raised:
        reach(decision, "Waiting lists")
    assert raised.value.rule == "majority"

    assert decision.collect_events() == []


@pytest.mark.parametrize("rule", list(DecisionRule))
def test_a_decision_is_not_reached_without_any_positions(rule: DecisionRule) -> None:
    decision = settled(propose(rule=rule))

    with pytest.raises(NoPositionsYet) as raised:
        reach(decision, "Housing")

    assert raised.value.field == "outcome"
    assert decision.collect_events() == []


def test_a_decision_is_not_reached_for_an_outcome_that_is_not_an_option() -> None:
    decision = settled(with_positions(DecisionRule.MAJORITY, (ANA, "Housing")))

    with pytest.raises(NoSuchOption) as raised:
        reach(decision, "Transport")

    assert raised.value.field == "outcome"
    assert decision.collect_events() == []


def test_reaching_a_decision_needs_a_rationale() -> None:
    decision = settled(with_positions(DecisionRule.MAJORITY, (ANA, "Housing")))

    with pytest.raises(EmptyText) as raised:
        decision.reach(
            outcome="Housing", rationale=" ", happened_at=NOW, now=NOW, recorded_by=RECORDER
        )

    assert raised.value.field == "rationale"
    assert decision.collect_events() == []


def test_a_reached_decision_cannot_be_reached_again() -> None:
    decision = settled(reached())

    with pytest.raises(DecisionAlreadyMade) as raised:
        reach(decision, "Housing")
    assert raised.value.status == "reached"

    assert decision.collect_events() == []


def test_a_decision_cannot_be_reached_in_the_future() -> None:
    decision = settled(with_positions(DecisionRule.MAJORITY, (ANA, "Housing")))

    with pytest.raises(NotYetHappened):
        reach(decision, "Housing", happened_at=LATER)

    assert decision.collect_events() == []
    assert decision.status is DecisionStatus.OPEN


# ---------------------------------------------------------------- revisiting


def test_a_reached_decision_is_revisited_with_a_reason() -> None:
    decision = settled(reached())

    decision.revisit(reason="The council changed", happened_at=NOW, now=NOW, recorded_by=RECORDER)

    (revisited,) = decision.collect_events()
    assert isinstance(revisited, Decision.Revisited)
    assert revisited.reason == "The council changed"
    assert decision.status is DecisionStatus.OPEN
    assert decision.outcome is None


def test_an_open_decision_cannot_be_revisited() -> None:
    decision = settled(propose())

    with pytest.raises(DecisionNotReached) as raised:
        decision.revisit(reason="Why not", happened_at=NOW, now=NOW, recorded_by=RECORDER)
    assert raised.value.change == "revisited"

    assert decision.collect_events() == []


def test_revisiting_a_decision_needs_a_reason() -> None:
    decision = settled(reached())

    with pytest.raises(EmptyText) as raised:
        decision.revisit(reason="", happened_at=NOW, now=NOW, recorded_by=RECORDER)

    assert raised.value.field == "reason"
    assert decision.collect_events() == []


def test_revisiting_a_decision_cannot_be_dated_in_the_future() -> None:
    decision = settled(reached())

    with pytest.raises(NotYetHappened):
        decision.revisit(reason="New facts", happened_at=LATER, now=NOW, recorded_by=RECORDER)

    assert decision.collect_events() == []
    assert decision.status is DecisionStatus.REACHED


def test_positions_are_taken_again_once_a_decision_is_revisited() -> None:
    decision = reached()
    decision.revisit(reason="New facts", happened_at=EARLIER, now=NOW, recorded_by=RECORDER)
    settled(decision)

    take(decision, BRUNO, "Peer workers", happened_at=NOW)

    (taken,) = decision.collect_events()
    assert isinstance(taken, Decision.PositionTaken)
    assert decision.positions[BRUNO].option == "Peer workers"
    assert decision.positions[ANA].option == "Housing"


# ---------------------------------------------------------------- superseding


def test_a_decision_is_superseded_by_a_later_one() -> None:
    decision = settled(reached())

    decision.supersede(
        by_decision_id=LATER_DECISION,
        reason="New evidence",
        happened_at=NOW,
        now=NOW,
        recorded_by=RECORDER,
    )

    (superseded_event,) = decision.collect_events()
    assert isinstance(superseded_event, Decision.Superseded)
    assert (superseded_event.by_decision_id, superseded_event.reason) == (
        LATER_DECISION,
        "New evidence",
    )
    assert decision.status is DecisionStatus.SUPERSEDED


def test_a_decision_cannot_supersede_itself() -> None:
    decision = settled(reached())

    with pytest.raises(DecisionSupersedesItself) as raised:
        decision.supersede(
            by_decision_id=decision.id,
            reason="Loop",
            happened_at=NOW,
            now=NOW,
            recorded_by=RECORDER,
        )

    assert raised.value.field == "by_decision_id"
    assert decision.collect_events() == []


def test_a_superseded_decision_cannot_be_superseded_again() -> None:
    decision = settled(superseded())

    with pytest.raises(DecisionNotReached) as raised:
        decision.supersede(
            by_decision_id=ONE_TO_ONE,
            reason="Again",
            happened_at=NOW,
            now=NOW,
            recorded_by=RECORDER,
        )
    assert raised.value.change == "superseded"

    assert decision.collect_events() == []


def test_an_open_decision_cannot_be_superseded() -> None:
    decision = settled(with_positions(DecisionRule.CONSENSUS, (ANA, "Housing")))

    with pytest.raises(DecisionNotReached) as raised:
        decision.supersede(
            by_decision_id=LATER_DECISION,
            reason="New evidence",
            happened_at=NOW,
            now=NOW,
            recorded_by=RECORDER,
        )
    assert (raised.value.status, raised.value.change) == ("open", "superseded")

    assert decision.collect_events() == []


def test_a_revisited_decision_no_longer_shows_its_earlier_outcome() -> None:
    decision = settled(reached())

    decision.revisit(reason="New evidence", happened_at=NOW, now=NOW, recorded_by=RECORDER)

    assert (decision.outcome, decision.rationale, decision.reached_at) == (None, "", None)


def test_a_superseded_decision_cannot_be_revisited() -> None:
    decision = settled(superseded())

    with pytest.raises(DecisionNotReached) as raised:
        decision.revisit(reason="Why not", happened_at=NOW, now=NOW, recorded_by=RECORDER)
    assert raised.value.change == "revisited"

    assert decision.collect_events() == []


def test_superseding_a_decision_needs_a_reason() -> None:
    decision = settled(reached())

    with pytest.raises(EmptyText) as raised:
        decision.supersede(
            by_decision_id=LATER_DECISION,
            reason=" ",
            happened_at=NOW,
            now=NOW,
            recorded_by=RECORDER,
        )

    assert raised.value.field == "reason"
    assert decision.collect_events() == []


def test_superseding_a_decision_cannot_be_dated_in_the_future() -> None:
    decision = settled(reached())

    with pytest.raises(NotYetHappened):
        decision.supersede(
            by_decision_id=LATER_DECISION,
            reason="New evidence",
            happened_at=LATER,
            now=NOW,
            recorded_by=RECORDER,
        )

    assert decision.collect_events() == []
    assert decision.status is DecisionStatus.REACHED


# ---------------------------------------------------------------- replay


def test_a_decision_reads_back_from_the_event_store_as_it_was(tmp_path: Path) -> None:
    decision = reached()

    read_back = saved_and_read_back(tmp_path / "events.sqlite", decision)

    assert_same_state(decision, read_back)
    assert read_back.evidence == [SESSION_2, CONVERSATION]
    assert read_back.evidence[0].kind is EvidenceKind.LISTENING_SESSION
    assert read_back.rule is DecisionRule.CONSENSUS
    assert read_back.status is DecisionStatus.REACHED
    assert read_back.positions[ANA] == Position(ANA, "Housing", "What we heard most", EARLIER)
