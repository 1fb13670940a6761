"""A listening campaign across three countries: sessions, one-to-ones, leaders growing, and
the issue cut that ends it."""

from __future__ import annotations

from domain.values import Channel, DecisionKind, DecisionRule, EvidenceKind, LadderStage, Theme
from interface.sample.kinds.decisions import Decision, Evidence, Position
from interface.sample.kinds.listening import ListeningCampaign, ListeningClosed, ListeningSession
from interface.sample.kinds.one_to_ones import FollowUpDone, NotesCorrected, OneToOne
from interface.sample.kinds.people import LeadershipAssessment
from interface.sample.recording import Ago, Chapter

LISTENING = "listening campaign"
FAIR_PAY = "Fair pay for peer work"


def listened(
    organiser: str,
    person: str,
    held: Ago,
    channel: Channel,
    interests: tuple[str, ...],
    concerns: tuple[str, ...],
    leadership_signals: tuple[str, ...] = (),
) -> OneToOne:
    """A one-to-one of the listening campaign, named "<organiser> and <person>"."""
    return OneToOne(
        name=f"{organiser} and {person}",
        organiser=organiser,
        person=person,
        held=held,
        channel=channel,
        duration_minutes=40,
        interests=interests,
        concerns=concerns,
        follow_ups=("Invite to the next community of practice",),
        organiser_shared="Why I started peer work after my own recovery.",
        person_shared="What keeps me going in this work.",
        leadership_signals=leadership_signals,
        private_notes="Prefers to be contacted after 6pm.",
        listening=LISTENING,
    )


IN_PERSON, VIDEO, PHONE = Channel.IN_PERSON, Channel.VIDEO, Channel.PHONE
PAY = ("fair pay",)
PAY_AND_SUPERVISION = ("fair pay", "peer supervision")
TRAVEL = ("money for travel",)
BURNOUT = ("burnout",)
HOSTS = ("offered to host a session",)

ISSUE_CUT = Decision(
    name="issue cut",
    campaign=None,
    kind=DecisionKind.ISSUE_CUT,
    question="Which issue do we cut from the listening campaign?",
    options=(FAIR_PAY, "Training budgets for peer workers"),
    rule=DecisionRule.CONSENSUS,
    evidence=(
        Evidence(EvidenceKind.LISTENING_SESSION, LISTENING, 1),
        Evidence(EvidenceKind.LISTENING_SESSION, LISTENING, 2),
        Evidence(EvidenceKind.LISTENING_SESSION, LISTENING, 3),
        Evidence(EvidenceKind.ONE_TO_ONE, "amani and baraka"),
    ),
    proposed_by="amani",
    proposed=Ago(115),
    positions=tuple(
        Position(member, FAIR_PAY, "Heard in every community", Ago(114))
        for member in ("amani", "joaquim", "marie", "baraka")
    ),
    outcome=FAIR_PAY,
    rationale="Pay came up in all three countries; it is specific and "
    "winnable at county level first.",
    reached=Ago(113),
)

CHAPTER = Chapter(
    order=30,
    title="Listening",
    records=(
        ListeningCampaign(
            name=LISTENING,
            question="What makes it hard to keep doing peer support?",
            communities=("Kenya", "Portugal", "Canada"),
            target_conversations=60,
            launched=Ago(180),
        ),
        ListeningSession(
            LISTENING,
            host="amani",
            community="Kenya",
            held=Ago(160),
            participants=14,
            themes=(
                Theme("paid in vouchers, not wages", 9),
                Theme("burnout", 5),
                Theme("no supervision", 3),
            ),
        ),
        ListeningSession(
            LISTENING,
            host="baraka",
            community="Kenya",
            held=Ago(150),
            participants=9,
            themes=(Theme("paid in vouchers, not wages", 6), Theme("travel costs", 4)),
        ),
        ListeningSession(
            LISTENING,
            host="joaquim",
            community="Portugal",
            held=Ago(140),
            participants=11,
            themes=(
                Theme("unpaid peer work", 7),
                Theme("burnout", 6),
                Theme("stigma from clinical staff", 4),
            ),
        ),
        ListeningSession(
            LISTENING,
            host="marie",
            community="Canada",
            held=Ago(130),
            participants=8,
            themes=(Theme("no training budget", 5), Theme("unpaid peer work", 4)),
        ),
        listened("amani", "baraka", Ago(150), IN_PERSON, PAY, TRAVEL, HOSTS),
        listened("amani", "zawadi", Ago(143), VIDEO, PAY_AND_SUPERVISION, BURNOUT),
        listened("joaquim", "ines", Ago(136), PHONE, PAY, TRAVEL),
        listened("joaquim", "rui", Ago(129), IN_PERSON, PAY_AND_SUPERVISION, BURNOUT, HOSTS),
        listened("marie", "daniel", Ago(122), VIDEO, PAY, TRAVEL),
        listened("marie", "sophie", Ago(115), PHONE, PAY_AND_SUPERVISION, BURNOUT),
        listened("joaquim", "lucas", Ago(108), IN_PERSON, PAY, TRAVEL, HOSTS),
        FollowUpDone("amani and baraka", number=1, at=Ago(140)),
        NotesCorrected(
            "amani and baraka",
            private_notes="Prefers to be contacted after 7pm.",
            reason="Misheard the time",
            at=Ago(128),
        ),
        LeadershipAssessment(
            "baraka",
            LadderStage.VOLUNTEER,
            reason="Hosted a listening session in Kisumu",
            assessed_by="amani",
            at=Ago(120),
        ),
        LeadershipAssessment(
            "baraka",
            LadderStage.LEADER,
            reason="Brought 12 people to the delegation",
            assessed_by="amani",
            at=Ago(30),
        ),
        *(
            LeadershipAssessment(person, stage, "After our one-to-one", "joaquim", Ago(100))
            for person, stage in (
                ("ines", LadderStage.PARTICIPANT),
                ("rui", LadderStage.CONTACT),
                ("daniel", LadderStage.VOLUNTEER),
                ("zawadi", LadderStage.PARTICIPANT),
            )
        ),
        ISSUE_CUT,
        ListeningClosed(LISTENING, summary="Pay for peer work came up everywhere.", at=Ago(112)),
    ),
)
