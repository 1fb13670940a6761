"""A power-holder meeting: asks and answers, commitments secured and their outcomes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domain.errors.power import (
    AnswerStillLater,
    AskAlreadyAnswered,
    CommitmentAlreadySettled,
    CommitmentOutcomeOpen,
    NoAttendeeFromNetwork,
    NoPowerHolderMet,
    NoSuchAsk,
    NoSuchCommitment,
    PowerHolderNotAtMeeting,
)
from domain.errors.shared import EmptyText, NotYetHappened
from domain.meeting import Commitment, PowerHolderMeeting
from domain.values import Answer, Ask, CommitmentStatus, Evaluation, MeetingPurpose
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
CAMPAIGN = UUID("00000000-0000-4000-8000-0000000000c2")
DIRECTOR = UUID("00000000-0000-4000-8000-0000000000c1")
MAYOR = UUID("00000000-0000-4000-8000-0000000000c3")
ANA = UUID("00000000-0000-4000-8000-0000000000a1")
EVALUATION = Evaluation("We were ready", "Ran out of time", "Bring one ask", "Heard")


def hold(**changes: Any) -> PowerHolderMeeting:
    arguments: dict[str, Any] = {
        "network_id": NETWORK,
        "campaign_id": CAMPAIGN,
        "power_holder_ids": [DIRECTOR],
        "attendee_ids": [ANA],
        "purpose": MeetingPurpose.NEGOTIATION,
        "happened_at": EARLIER,
        "asks": [("Fund a pilot", Answer.LATER), ("Meet the members", Answer.YES)],
        "summary": " Cordial ",
        "now": NOW,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    return PowerHolderMeeting.hold(**arguments)


def with_commitment() -> PowerHolderMeeting:
    meeting = hold()
    meeting.secure_commitment(
        happened_at=None,
        now=NOW,
        power_holder_id=DIRECTOR,
        text="Fund a pilot",
        due=date(2025, 9, 1),
        recorded_by=RECORDER,
    )
    return meeting


def record_outcome(
    meeting: PowerHolderMeeting, status: CommitmentStatus, number: int = 1, **changes: Any
) -> None:
    arguments: dict[str, Any] = {
        "number": number,
        "status": status,
        "note": " As promised ",
        "happened_at": NOW,
        "now": NOW,
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    meeting.record_commitment_outcome(**arguments)


# ---------------------------------------------------------------- holding


def test_a_meeting_is_held_with_its_asks_numbered_and_answered() -> None:
    meeting = hold(power_holder_ids=[DIRECTOR, MAYOR, DIRECTOR], attendee_ids=[ANA, ANA])

    (held,) = meeting.collect_events()
    assert isinstance(held, PowerHolderMeeting.Held)
    assert held.purpose == "negotiation"
    assert held.power_holder_ids == [DIRECTOR, MAYOR]
    assert held.attendee_ids == [ANA]
    assert held.asks == [
        Ask(1, "Fund a pilot", Answer.LATER),
        Ask(2, "Meet the members", Answer.YES),
    ]
    assert held.summary == "Cordial"


def test_a_meeting_is_with_at_least_one_power_holder() -> None:
    with pytest.raises(NoPowerHolderMet) as raised:
        hold(power_holder_ids=[])
    assert raised.value.field == "power_holder_ids"


def test_a_meeting_has_at_least_one_attendee_from_the_network() -> None:
    with pytest.raises(NoAttendeeFromNetwork) as raised:
        hold(attendee_ids=[])
    assert raised.value.field == "attendee_ids"


def test_an_ask_must_say_what_was_asked() -> None:
    with pytest.raises(EmptyText) as raised:
        hold(asks=[("Fund a pilot", Answer.NO), ("", Answer.YES)])
    assert raised.value.field == "asks[1].text"


def test_a_meeting_cannot_be_held_in_the_future() -> None:
    with pytest.raises(NotYetHappened) as raised:
        hold(happened_at=LATER)
    assert raised.value.field == "happened_at"


# ---------------------------------------------------------------- asks


@pytest.mark.parametrize("answer", [Answer.YES, Answer.NO])
def test_an_ask_answered_later_is_answered(answer: Answer) -> None:
    meeting = settled(hold())

    meeting.answer_ask(number=1, answer=answer, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    (answered,) = meeting.collect_events()
    assert isinstance(answered, PowerHolderMeeting.AskAnswered)
    assert (answered.number, answered.answer, answered.happened_at) == (1, answer.value, NOW)
    assert meeting.asks[1] == Ask(1, "Fund a pilot", answer)


def test_an_ask_already_answered_yes_or_no_cannot_be_answered_again() -> None:
    meeting = settled(hold())

    with pytest.raises(AskAlreadyAnswered) as raised:
        meeting.answer_ask(
            number=2, answer=Answer.NO, happened_at=NOW, now=NOW, recorded_by=RECORDER
        )
    assert raised.value.answer == "yes"

    assert raised.value.field == "number"
    assert meeting.collect_events() == []


def test_an_ask_answered_later_cannot_be_answered_twice() -> None:
    meeting = hold()
    meeting.answer_ask(
        number=1, answer=Answer.YES, happened_at=EARLIER, now=NOW, recorded_by=RECORDER
    )
    settled(meeting)

    with pytest.raises(AskAlreadyAnswered) as raised:
        meeting.answer_ask(
            number=1, answer=Answer.NO, happened_at=NOW, now=NOW, recorded_by=RECORDER
        )
    assert raised.value.answer == "yes"

    assert meeting.collect_events() == []


def test_a_later_answer_is_yes_or_no_not_later_again() -> None:
    meeting = settled(hold())

    with pytest.raises(AnswerStillLater) as raised:
        meeting.answer_ask(
            number=1, answer=Answer.LATER, happened_at=NOW, now=NOW, recorded_by=RECORDER
        )

    assert raised.value.field == "answer"
    assert meeting.collect_events() == []


def test_an_ask_that_was_not_made_cannot_be_answered() -> None:
    meeting = settled(hold())

    with pytest.raises(NoSuchAsk) as raised:
        meeting.answer_ask(
            number=3, answer=Answer.YES, happened_at=NOW, now=NOW, recorded_by=RECORDER
        )
    assert raised.value.number == 3

    assert raised.value.field == "number"
    assert meeting.collect_events() == []


def test_an_answer_cannot_be_dated_in_the_future() -> None:
    meeting = settled(hold())

    with pytest.raises(NotYetHappened):
        meeting.answer_ask(
            number=1, answer=Answer.YES, happened_at=LATER, now=NOW, recorded_by=RECORDER
        )

    assert meeting.collect_events() == []


# ---------------------------------------------------------------- commitments


def test_a_commitment_is_secured_from_a_power_holder_at_the_meeting() -> None:
    meeting = settled(hold())

    number = meeting.secure_commitment(
        happened_at=None,
        now=NOW,
        power_holder_id=DIRECTOR,
        text=" Fund a pilot ",
        due=date(2025, 9, 1),
        recorded_by=RECORDER,
    )

    (secured,) = meeting.collect_events()
    assert isinstance(secured, PowerHolderMeeting.CommitmentSecured)
    assert number == secured.number == 1
    assert (secured.power_holder_id, secured.text) == (DIRECTOR, "Fund a pilot")
    assert secured.due == date(2025, 9, 1)
    assert meeting.commitments[1].status is CommitmentStatus.OPEN


def test_a_commitment_cannot_come_from_a_power_holder_who_was_not_at_the_meeting() -> None:
    meeting = settled(hold())

    with pytest.raises(PowerHolderNotAtMeeting) as raised:
        meeting.secure_commitment(
            happened_at=None,
            now=NOW,
            power_holder_id=MAYOR,
            text="Fund a pilot",
            due=None,
            recorded_by=RECORDER,
        )

    assert raised.value.field == "power_holder_id"
    assert meeting.collect_events() == []


def test_a_commitment_must_say_what_was_committed_to() -> None:
    meeting = settled(hold())

    with pytest.raises(EmptyText) as raised:
        meeting.secure_commitment(
            happened_at=None,
            now=NOW,
            power_holder_id=DIRECTOR,
            text=" ",
            due=None,
            recorded_by=RECORDER,
        )

    assert raised.value.field == "text"
    assert meeting.collect_events() == []


@pytest.mark.parametrize(
    ("status", "recorded_as"),
    [
        (CommitmentStatus.KEPT, PowerHolderMeeting.CommitmentKept),
        (CommitmentStatus.PARTLY_KEPT, PowerHolderMeeting.CommitmentPartlyKept),
        (CommitmentStatus.BROKEN, PowerHolderMeeting.CommitmentBroken),
    ],
)
def test_a_commitments_outcome_is_recorded(
    status: CommitmentStatus, recorded_as: type[PowerHolderMeeting.CommitmentOutcome]
) -> None:
    meeting = settled(with_commitment())

    record_outcome(meeting, status)

    (outcome,) = meeting.collect_events()
    assert type(outcome) is recorded_as
    assert (outcome.number, outcome.note, outcome.happened_at) == (1, "As promised", NOW)
    assert meeting.commitments[1].status is status


def test_a_commitments_outcome_is_recorded_once_only() -> None:
    meeting = with_commitment()
    record_outcome(meeting, CommitmentStatus.PARTLY_KEPT, happened_at=EARLIER)
    settled(meeting)

    with pytest.raises(CommitmentAlreadySettled) as raised:
        record_outcome(meeting, CommitmentStatus.KEPT)
    assert raised.value.status == "partly_kept"

    assert raised.value.field == "number"
    assert meeting.collect_events() == []
    assert meeting.commitments[1].status is CommitmentStatus.PARTLY_KEPT


def test_open_is_not_an_outcome_of_a_commitment() -> None:
    meeting = settled(with_commitment())

    with pytest.raises(CommitmentOutcomeOpen) as raised:
        record_outcome(meeting, CommitmentStatus.OPEN)

    assert raised.value.field == "status"
    assert meeting.collect_events() == []


def test_the_outcome_of_a_commitment_that_was_not_secured_is_refused() -> None:
    meeting = settled(with_commitment())

    with pytest.raises(NoSuchCommitment) as raised:
        record_outcome(meeting, CommitmentStatus.KEPT, number=2)
    assert raised.value.number == 2

    assert raised.value.field == "number"
    assert meeting.collect_events() == []


def test_a_commitments_outcome_cannot_be_dated_in_the_future() -> None:
    meeting = settled(with_commitment())

    with pytest.raises(NotYetHappened):
        record_outcome(meeting, CommitmentStatus.KEPT, happened_at=LATER)

    assert meeting.collect_events() == []


# ---------------------------------------------------------------- evaluation


def test_a_meeting_is_evaluated() -> None:
    meeting = settled(hold())

    meeting.evaluate(evaluation=EVALUATION, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    (evaluated,) = meeting.collect_events()
    assert isinstance(evaluated, PowerHolderMeeting.Evaluated)
    assert evaluated.evaluation == EVALUATION


def test_a_meeting_evaluation_cannot_be_dated_in_the_future() -> None:
    meeting = settled(hold())

    with pytest.raises(NotYetHappened):
        meeting.evaluate(evaluation=EVALUATION, happened_at=LATER, now=NOW, recorded_by=RECORDER)

    assert meeting.collect_events() == []


# ---------------------------------------------------------------- replay


def test_a_meeting_reads_back_from_the_event_store_as_it_was(tmp_path: Path) -> None:
    meeting = with_commitment()
    meeting.answer_ask(
        number=1, answer=Answer.NO, happened_at=EARLIER, now=NOW, recorded_by=RECORDER
    )
    record_outcome(meeting, CommitmentStatus.BROKEN)
    meeting.evaluate(evaluation=EVALUATION, happened_at=NOW, now=NOW, recorded_by=RECORDER)

    read_back = saved_and_read_back(tmp_path / "events.sqlite", meeting)

    assert_same_state(meeting, read_back)
    assert read_back.purpose is MeetingPurpose.NEGOTIATION
    assert read_back.asks[1].answer is Answer.NO
    assert read_back.asks[2].answer is Answer.YES
    assert read_back.commitments[1] == Commitment(
        1, DIRECTOR, "Fund a pilot", date(2025, 9, 1), CommitmentStatus.BROKEN, "As promised"
    )
    assert type(read_back.commitments[1].due) is date
