"""Negotiation with both power-holders, a commitment broken, and the tactic chosen in
response."""

from __future__ import annotations

from domain.values import (
    Answer,
    CommitmentStatus,
    DecisionKind,
    DecisionRule,
    EvidenceKind,
    MeetingPurpose,
)
from interface.sample.kinds.decisions import Decision, Evidence, Position
from interface.sample.kinds.power import Commitment, CommitmentOutcome, PowerHolderMeeting
from interface.sample.recording import Ago, Chapter, Day
from interface.sample.story.campaign import BOARD_CHAIR, CAMPAIGN, HEALTH_EXECUTIVE

NEGOTIATION = "negotiation"
GO_PUBLIC = "Public meeting with the press"
WRITE_FIRST = "Private letter first"

CHAPTER = Chapter(
    order=60,
    title="Negotiation",
    records=(
        PowerHolderMeeting(
            name=NEGOTIATION,
            campaign=CAMPAIGN,
            power_holders=(BOARD_CHAIR, HEALTH_EXECUTIVE),
            attendees=("amani", "baraka", "joaquim"),
            purpose=MeetingPurpose.NEGOTIATION,
            held=Ago(30),
            asks=(
                ("Will the board table pay in March?", Answer.YES),
                ("Will you replace vouchers with wages this year?", Answer.NO),
            ),
            summary="Agreement to table; no agreement on timing.",
            commitments=(
                Commitment(BOARD_CHAIR, "Table peer-worker pay at the March board", Day(-5)),
                Commitment(HEALTH_EXECUTIVE, "Share the costed options with the network", Day(-10)),
            ),
            outcomes=(
                CommitmentOutcome(
                    2, CommitmentStatus.BROKEN, "No options shared by the due date", Ago(8)
                ),
            ),
        ),
        Decision(
            name="response to the broken commitment",
            campaign=CAMPAIGN,
            kind=DecisionKind.TACTIC,
            question="How do we respond to the broken commitment on costed options?",
            options=(GO_PUBLIC, WRITE_FIRST),
            rule=DecisionRule.MAJORITY,
            evidence=(
                Evidence(EvidenceKind.POWER_HOLDER_MEETING, NEGOTIATION),
                Evidence(EvidenceKind.ACTION, "delegation"),
                Evidence(EvidenceKind.POWER_HOLDER_ASSESSMENT, HEALTH_EXECUTIVE, 2),
            ),
            proposed_by="baraka",
            proposed=Ago(6),
            positions=(
                Position("amani", GO_PUBLIC, "", Ago(5)),
                Position("baraka", GO_PUBLIC, "", Ago(5)),
                Position("joaquim", WRITE_FIRST, "", Ago(5)),
            ),
            outcome=GO_PUBLIC,
            rationale="Two of three for going public; the letter goes too.",
            reached=Ago(5),
        ),
    ),
)
