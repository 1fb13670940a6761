"""The campaign for fair pay: its targets, the power analysis, and a research meeting with
the County Executive for Health."""

from __future__ import annotations

from domain.values import Answer, CommitmentStatus, Evaluation, MeetingPurpose, Stance, TargetMetric
from interface.sample.kinds import Evaluated
from interface.sample.kinds.campaigns import Campaign, Target
from interface.sample.kinds.power import (
    Commitment,
    CommitmentOutcome,
    LaterAnswer,
    PowerAssessment,
    PowerHolder,
    PowerHolderMeeting,
    Targeted,
)
from interface.sample.recording import Ago, Chapter, Day
from interface.sample.story.listening import LISTENING

CAMPAIGN = "fair-pay campaign"
HEALTH_EXECUTIVE = "health executive"
BOARD_CHAIR = "board chair"
#: When the campaign's first targets are due.
IN_A_QUARTER = Day(90)

RESEARCH = PowerHolderMeeting(
    name="research meeting",
    campaign=CAMPAIGN,
    power_holders=(HEALTH_EXECUTIVE,),
    attendees=("amani", "baraka", "zawadi"),
    purpose=MeetingPurpose.RESEARCH,
    held=Ago(90),
    asks=(
        ("Will you meet peer workers at the clinic?", Answer.YES),
        ("Will you publish what peer workers are paid?", Answer.LATER),
    ),
    summary="Open to meeting; cautious about the budget.",
    commitments=(
        Commitment(HEALTH_EXECUTIVE, "Visit the Likoni clinic and meet peer workers", Day(-60)),
    ),
    outcomes=(
        CommitmentOutcome(1, CommitmentStatus.KEPT, "Visited and stayed two hours", Ago(65)),
    ),
    later_answers=(LaterAnswer(2, Answer.NO, Ago(70)),),
    evaluated=Evaluated(
        Evaluation(
            what_worked="Zawadi's story moved the room",
            what_did_not="We ran over time",
            learned="Bring the pay figures on paper",
        ),
        at=Ago(89),
    ),
)

CHAPTER = Chapter(
    order=40,
    title="The campaign and its power analysis",
    records=(
        Campaign(
            name=CAMPAIGN,
            title="Pay peer workers fairly",
            goal="Mombasa County pays its peer workers a living wage",
            issue="Peer supporters in Mombasa are paid in vouchers, not wages",
            listening=LISTENING,
            launched=Ago(110),
        ),
        Target(CAMPAIGN, TargetMetric.ONE_TO_ONES, 40, due=IN_A_QUARTER, at=Ago(108)),
        Target(CAMPAIGN, TargetMetric.TURNOUT, 60, due=IN_A_QUARTER, at=Ago(108)),
        Target(CAMPAIGN, TargetMetric.COMMITMENTS_WON, 3, due=IN_A_QUARTER, at=Ago(108)),
        Target(CAMPAIGN, TargetMetric.LISTENING_PARTICIPANTS, 50, due=IN_A_QUARTER, at=Ago(108)),
        Target(
            CAMPAIGN,
            TargetMetric.TURNOUT,
            80,
            due=None,
            at=Ago(60),
            reason="Two more groups joined the coalition",
        ),
        PowerHolder(
            HEALTH_EXECUTIVE,
            full_name="Dr. Halima Mohamed",
            role="County Executive for Health",
            institution="Mombasa County",
            identified=Ago(105),
        ),
        PowerHolder(
            BOARD_CHAIR,
            full_name="Peter Kamau",
            role="Chair",
            institution="County Health Board",
            identified=Ago(104),
        ),
        Targeted(CAMPAIGN, HEALTH_EXECUTIVE, at=Ago(105)),
        Targeted(CAMPAIGN, BOARD_CHAIR, at=Ago(104)),
        PowerAssessment(
            HEALTH_EXECUTIVE,
            Stance.NEUTRAL,
            influence=5,
            interests=("budget", "re-election"),
            assessed_by="amani",
            at=Ago(105),
        ),
        PowerAssessment(
            BOARD_CHAIR,
            Stance.LEANING_OPPONENT,
            influence=3,
            interests=("hospital staffing",),
            assessed_by="baraka",
            at=Ago(104),
        ),
        RESEARCH,
        PowerAssessment(
            HEALTH_EXECUTIVE,
            Stance.LEANING_ALLY,
            influence=5,
            interests=("budget", "re-election"),
            assessed_by="amani",
            at=Ago(60),
            notes="Warmer after the clinic visit",
        ),
    ),
)
