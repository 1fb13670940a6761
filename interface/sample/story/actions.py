"""The campaign's actions: a delegation held, a vigil rained off, a public meeting to come."""

from __future__ import annotations

from domain.values import ActionKind, Evaluation
from interface.sample.kinds import Evaluated
from interface.sample.kinds.actions import Action, Held
from interface.sample.recording import Ago, Ahead, Chapter
from interface.sample.story.campaign import BOARD_CHAIR, CAMPAIGN, HEALTH_EXECUTIVE

CHAPTER = Chapter(
    order=50,
    title="Actions",
    records=(
        Action(
            name="delegation",
            campaign=CAMPAIGN,
            kind=ActionKind.DELEGATION,
            title="Delegation to the County Health Board",
            scheduled_for=Ago(45),
            planned=Ago(70),
            power_holder=BOARD_CHAIR,
            ask="Table peer-worker pay at the next board meeting",
            turnout_pledged=50,
            held=Held(Ago(45), turnout=46, outcome="The chair agreed to table the proposal"),
            evaluated=Evaluated(
                Evaluation(
                    what_worked="Members told their own stories",
                    what_did_not="Too few from Likoni",
                    learned="Arrange transport a week ahead",
                    how_people_felt="Proud and heard",
                ),
                at=Ago(44),
            ),
        ),
        Action(
            name="vigil",
            campaign=CAMPAIGN,
            kind=ActionKind.VIGIL,
            title="Vigil outside County Hall",
            scheduled_for=Ago(20),
            planned=Ago(40),
            cancelled_at=Ago(21, hour=9),
            power_holder=HEALTH_EXECUTIVE,
            ask="Fund the pay rise",
            turnout_pledged=30,
            cancelled="Heavy rains closed the roads",
        ),
        Action(
            name="public meeting",
            campaign=CAMPAIGN,
            kind=ActionKind.PUBLIC_MEETING,
            title="Public meeting on peer-worker pay",
            scheduled_for=Ahead(21),
            planned=Ago(10),
            power_holder=HEALTH_EXECUTIVE,
            ask="Commit to wages in the next budget",
            turnout_pledged=80,
        ),
    ),
)
