"""Skill-shares: a member teaches others a skill. The kind added end to end to prove a kind
of record is declared once: its aggregate, commands and rules live in `domain.skill_share`,
and its parts in a person's history, its summary and its view are found from there."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.application import Groundwork
from domain.errors import NotFound, PersonForgotten
from domain.errors.network import CommunitiesNotSpanned, InAnotherNetwork
from domain.errors.shared import EmptyText, NotYetHappened
from domain.kinds import involved
from domain.skill_share import NoOneLearned, SkillShare, SkillShares, TeacherAmongLearners
from projections.follower import Follower, open_views
from projections.records import Records
from projections.skill_shares import SkillShares as SkillSharesView
from projections.summaries import summarise
from tests.domain.conftest import EARLIER, LATER, RECORDER, SmallNetwork, register_small_network


def hold(app: Groundwork, net: SmallNetwork, **changes: Any) -> SkillShare:
    arguments: dict[str, Any] = {
        "network_id": net.network_id,
        "community": "Lisbon",
        "skill": "  Running a one-to-one ",
        "happened_at": EARLIER,
        "duration_minutes": 90,
        "taught_by": net.organiser_id,
        "learner_ids": [net.member_id, net.member_id],
        "reflections": " Practise in pairs first. ",
        "recorded_by": RECORDER,
    }
    arguments.update(changes)
    recorded = SkillShares(app).hold(**arguments)
    return app.get(SkillShare, recorded.id)


def test_a_skill_share_records_who_taught_whom_what_when_and_where(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    share = hold(app, small_network)

    assert (share.skill, share.community, share.happened_at) == (
        "Running a one-to-one",
        "Lisbon",
        EARLIER,
    )
    assert share.learner_ids == [small_network.member_id]  # named twice, learned once
    assert share.reflections == "Practise in pairs first."
    held = app.history(SkillShare, share.id)[0]
    assert list(involved(held)) == [
        (small_network.organiser_id, "taught"),
        (small_network.member_id, "learned"),
    ]
    assert hold(app, small_network, community=" lisbon").community == "Lisbon"  # its spelling
    summary = summarise(held)
    assert summary is not None
    assert (summary.kind, summary.text) == (
        "skill_share",
        "Skill shared: Running a one-to-one; 1 learned",
    )


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"learner_ids": []}, NoOneLearned, "learner_ids"),
        ({"skill": "  "}, EmptyText, "skill"),
        ({"community": "Braga"}, CommunitiesNotSpanned, "community"),
        ({"happened_at": LATER + timedelta(hours=1)}, NotYetHappened, "happened_at"),
    ],
)
def test_a_skill_share_that_breaks_a_rule_records_nothing(
    app: Groundwork,
    small_network: SmallNetwork,
    changes: dict[str, Any],
    error: type[Exception],
    field: str,
) -> None:
    before = app.recorder.max_notification_id()
    with pytest.raises(error) as refused:
        hold(app, small_network, **changes)
    assert getattr(refused.value, "field", None) == field
    assert app.recorder.max_notification_id() == before


def test_the_teacher_is_not_also_a_learner(app: Groundwork, small_network: SmallNetwork) -> None:
    with pytest.raises(TeacherAmongLearners) as refused:
        hold(app, small_network, learner_ids=[small_network.member_id, small_network.organiser_id])
    assert refused.value.person_id == small_network.organiser_id


def test_people_of_another_network_or_forgotten_cannot_be_named(
    app: Groundwork, small_network: SmallNetwork
) -> None:
    other = register_small_network(app, "Peer Support Brasil")
    with pytest.raises(InAnotherNetwork) as elsewhere:
        hold(app, small_network, learner_ids=[other.member_id])
    assert elsewhere.value.field == "learner_ids[0]"
    with pytest.raises(NotFound):
        hold(app, small_network, network_id=other.organiser_id)

    app.forget_person(small_network.member_id, recorded_by=RECORDER)
    with pytest.raises(PersonForgotten):
        hold(app, small_network)


def test_teaching_and_learning_show_in_each_history_and_skills_roll_up_per_network(
    app: Groundwork, small_network: SmallNetwork, tmp_path: Path
) -> None:
    hold(app, small_network)
    hold(app, small_network, skill="running a ONE-TO-ONE", happened_at=EARLIER + timedelta(hours=1))
    hold(app, small_network, skill="Telling one's story", community=None)
    follower = Follower(app, open_views(app), batch_size=3)
    try:
        follower.catch_up_all()
        records = follower.view_of(Records)[0]
        teacher = records.person_history(small_network.organiser_id, kinds=["skill_share"])
        assert [e.roles for e in teacher] == [["taught"]] * 3
        assert len(records.person_history(small_network.organiser_id)) > 3  # and their own
        learned = records.records_of(small_network.member_id)
        assert [parts for _, parts in learned][-3:] == [["learned"]] * 3

        view = follower.view_of(SkillSharesView)[0]
        taught = view.skills_taught(small_network.network_id)
        assert [(s.skill.casefold(), s.times, s.learners) for s in taught] == [
            ("running a one-to-one", 2, 2),
            ("telling one's story", 1, 1),
        ]
        listed = view.of_network(small_network.network_id)
        assert listed[0].skill == "running a ONE-TO-ONE"  # the latest first
        assert len(listed) == 3
    finally:
        follower.close()
