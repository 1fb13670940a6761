"""A realistic sample network, recorded through the application's commands.

"Peers Across Borders" is fictional: an international peer-support network in
mental health and substance use, with a monthly community of practice, a
listening campaign across three countries, one-to-ones, an issue cut, and a
campaign for fair pay for peer work with actions and power-holder meetings.
Every name and story here is invented.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from uuid import UUID

from domain.account import COMMAND_LINE, Role
from domain.application import Groundwork
from domain.credentials import account_id
from domain.values import (
    ActionKind,
    Answer,
    CampaignStatus,
    Channel,
    CommitmentStatus,
    ConsentScope,
    DecisionKind,
    DecisionRule,
    Evaluation,
    EvidenceKind,
    EvidenceRef,
    GatheringKind,
    LadderStage,
    MeetingPurpose,
    Stance,
    TargetMetric,
    Theme,
)

#: Who recorded the sample: a fixed id for the sample loader.
SAMPLE_RECORDER = UUID("00000000-0000-4000-8000-00000000000a")

PEOPLE = [
    # name, community, languages, skills
    ("Amani Wanjiru", "Kenya", ["sw", "en"], ["facilitation"]),
    ("Joaquim Reis", "Portugal", ["pt", "en"], ["translation", "data"]),
    ("Marie-Claire Tremblay", "Canada", ["fr", "en"], ["training design"]),
    ("Baraka Otieno", "Kenya", ["sw", "luo", "en"], []),
    ("Inês Carvalho", "Portugal", ["pt"], ["graphic design"]),
    ("Daniel Okafor", "Canada", ["en"], ["media"]),
    ("Zawadi Mwangi", "Kenya", ["sw", "en"], []),
    ("Rui Almeida", "Portugal", ["pt", "es"], []),
    ("Sophie Nguyen", "Canada", ["en", "vi"], ["peer supervision"]),
    ("Lucas Pereira", "Brazil", ["pt"], []),
]


def is_empty(app: Groundwork) -> bool:
    """Whether no network is on record yet (accounts may be)."""
    return not app.network_ids(limit=1)


@dataclass(frozen=True)
class SampleIds:
    """Where to start exploring the sample network (ids only: no personal data)."""

    network: UUID
    listening_campaign: UUID
    campaign: UUID
    issue_cut: UUID
    organiser: UUID

    def __str__(self) -> str:
        return (
            f"network {self.network}, listening campaign {self.listening_campaign}, "
            f"campaign {self.campaign}, issue-cut decision {self.issue_cut}"
        )


#: The sample network's account: every role, linked to the organiser who held the first
#: one-to-ones, so that its private notes can be read too.
SAMPLE_ACCOUNT = "demo"


def record_sample_account(app: Groundwork, sample: SampleIds, token_file: Path) -> None:
    """Creates the sample account with a random password, and writes its API token and its
    password to files only their owner can read (never to the log): `make run` says where.
    The password file is the token file's name with `-password` for `-token`."""
    if account_id(SAMPLE_ACCOUNT) in app.account_ids():
        return
    issued = app.create_account(
        name=SAMPLE_ACCOUNT,
        roles=list(Role),
        person_id=sample.organiser,
        recorded_by=COMMAND_LINE,
        networks=[sample.network],
    )
    password = secrets.token_urlsafe(12)
    app.set_password(issued.recorded.id, password=password, recorded_by=COMMAND_LINE)
    _private(token_file, str(issued.token))
    _private(sample_password_file(token_file), password)


def sample_password_file(token_file: Path) -> Path:
    return token_file.with_name(token_file.name.replace("-token", "-password"))


def _private(path: Path, secret: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(f"{secret}\n")


def record_sample_network_if_empty(app: Groundwork) -> SampleIds | None:
    """Records the sample network when the store holds nothing yet."""
    if not is_empty(app):
        return None
    return record_sample_network(app)


def record_sample_network(app: Groundwork, today: datetime | None = None) -> SampleIds:
    """Records the whole sample network and returns where to start exploring it."""
    now = today or datetime.now(UTC)
    anchor = now.replace(hour=0, minute=0, second=0, microsecond=0)

    def ago(days: int, hour: int = 17) -> datetime:
        return anchor - timedelta(days=days) + timedelta(hours=hour)

    by = SAMPLE_RECORDER
    net = app.found_network(
        name="Peers Across Borders",
        focus="Peer support in mental health and substance use, across countries",
        goals=[
            "Peer work is paid fairly",
            "Every member has a community of practice",
            "Services answer to the people who use them",
        ],
        communities=["Kenya", "Portugal", "Canada"],
        happened_at=ago(400),
        recorded_by=by,
    ).id
    app.add_community(net, community="Brazil", recorded_by=by)
    app.adopt_guidelines(
        net,
        text="We meet as equals. Stories shared here stay here. "
        "Nobody speaks for someone else's recovery.",
        happened_at=ago(390),
        recorded_by=by,
    )
    app.adopt_guidelines(
        net,
        text="We meet as equals. Stories shared here stay here. "
        "Nobody speaks for someone else's recovery. "
        "Anyone may pause a meeting to take care of themselves.",
        happened_at=ago(200),
        recorded_by=by,
    )

    people: list[UUID] = []
    for name, community, languages, skills in PEOPLE:
        person = app.register_person(
            network_id=net,
            name=name,
            contact=None,
            communities=[community],
            languages=languages,
            recorded_by=by,
        ).id
        app.give_consent(
            person, scope=ConsentScope.KEEP_NOTES, happened_at=ago(380), recorded_by=by
        )
        if skills:
            app.offer_skills(person, skills=skills, recorded_by=by)
        people.append(person)
    amani, joaquim, marie, baraka, ines, daniel, zawadi, rui, sophie, lucas = people
    app.provide_contact_details(amani, contact="amani@example.org", recorded_by=by)
    for member in (amani, joaquim, marie):
        app.welcome_to_committee(net, person_id=member, happened_at=ago(380), recorded_by=by)
    app.welcome_to_committee(net, person_id=sophie, happened_at=ago(300), recorded_by=by)
    app.step_down_from_committee(
        net, person_id=sophie, reason="Taking time for family", happened_at=ago(120), recorded_by=by
    )

    cop = app.establish_gathering_series(
        network_id=net,
        name="Monthly community of practice",
        kind=GatheringKind.COMMUNITY_OF_PRACTICE,
        rrule="FREQ=MONTHLY;BYDAY=+4WE",
        starts_on=date(2025, 1, 1),
        local_time=time(18, 0),
        duration_minutes=90,
        time_zone="Europe/Lisbon",
        recorded_by=by,
    ).id
    for months_ago, topic in (
        (3, "Boundaries when supporting a friend"),
        (2, "Peer work and pay: what is fair?"),
        (1, "Holding hope after a relapse"),
    ):
        app.hold_gathering(
            network_id=net,
            series_id=cop,
            kind=GatheringKind.COMMUNITY_OF_PRACTICE,
            topic=topic,
            happened_at=ago(30 * months_ago),
            facilitator_id=marie,
            attendee_ids=people[: 5 + months_ago],
            reflections="The group asked for more time in small circles.",
            recorded_by=by,
        )
    app.hold_gathering(
        network_id=net,
        series_id=None,
        kind=GatheringKind.SKILL_SHARE,
        topic="Running a listening session online",
        happened_at=ago(170),
        facilitator_id=joaquim,
        attendee_ids=[amani, baraka, ines, rui],
        reflections="Breakout rooms helped quieter members speak.",
        recorded_by=by,
    )

    listening = app.launch_listening_campaign(
        network_id=net,
        question="What makes it hard to keep doing peer support?",
        communities=["Kenya", "Portugal", "Canada"],
        target_conversations=60,
        happened_at=ago(180),
        recorded_by=by,
    ).id
    sessions = [
        (
            amani,
            "Kenya",
            14,
            [("paid in vouchers, not wages", 9), ("burnout", 5), ("no supervision", 3)],
        ),
        (baraka, "Kenya", 9, [("paid in vouchers, not wages", 6), ("travel costs", 4)]),
        (
            joaquim,
            "Portugal",
            11,
            [("unpaid peer work", 7), ("burnout", 6), ("stigma from clinical staff", 4)],
        ),
        (marie, "Canada", 8, [("no training budget", 5), ("unpaid peer work", 4)]),
    ]
    for i, (host, community, participants, themes) in enumerate(sessions):
        app.hold_listening_session(
            listening,
            host_id=host,
            community=community,
            happened_at=ago(160 - 10 * i),
            participants=participants,
            themes=[Theme(n, m) for n, m in themes],
            recorded_by=by,
        )

    one_to_ones = []
    pairs = [
        (amani, baraka),
        (amani, zawadi),
        (joaquim, ines),
        (joaquim, rui),
        (marie, daniel),
        (marie, sophie),
        (joaquim, lucas),
    ]
    for i, (organiser, person) in enumerate(pairs):
        one_to_ones.append(
            app.hold_one_to_one(
                network_id=net,
                organiser_id=organiser,
                person_id=person,
                happened_at=ago(150 - 7 * i),
                channel=[Channel.IN_PERSON, Channel.VIDEO, Channel.PHONE][i % 3],
                duration_minutes=40,
                interests=["fair pay", "peer supervision"][: 1 + i % 2],
                concerns=["burnout"] if i % 2 else ["money for travel"],
                organiser_shared="Why I started peer work after my own recovery.",
                person_shared="What keeps me going in this work.",
                leadership_signals=["offered to host a session"] if i % 3 == 0 else [],
                follow_ups=[("Invite to the next community of practice", None)],
                private_notes="Prefers to be contacted after 6pm.",
                listening_campaign_id=listening,
                recorded_by=by,
            ).id
        )
    app.mark_follow_up_done(one_to_ones[0], number=1, happened_at=ago(140), recorded_by=by)
    app.correct_notes(
        one_to_ones[0],
        private_notes="Prefers to be contacted after 7pm.",
        reason="Misheard the time",
        recorded_by=by,
    )
    app.assess_leadership(
        baraka,
        stage=LadderStage.VOLUNTEER,
        reason="Hosted a listening session in Kisumu",
        assessed_by=amani,
        happened_at=ago(120),
        recorded_by=by,
    )
    app.assess_leadership(
        baraka,
        stage=LadderStage.LEADER,
        reason="Brought 12 people to the delegation",
        assessed_by=amani,
        happened_at=ago(30),
        recorded_by=by,
    )
    for person, stage in (
        (ines, LadderStage.PARTICIPANT),
        (rui, LadderStage.CONTACT),
        (daniel, LadderStage.VOLUNTEER),
        (zawadi, LadderStage.PARTICIPANT),
    ):
        app.assess_leadership(
            person,
            stage=stage,
            reason="After our one-to-one",
            assessed_by=joaquim,
            happened_at=ago(100),
            recorded_by=by,
        )

    options = ["Fair pay for peer work", "Training budgets for peer workers"]
    cut = app.propose_decision(
        network_id=net,
        campaign_id=None,
        kind=DecisionKind.ISSUE_CUT,
        question="Which issue do we cut from the listening campaign?",
        options=options,
        rule=DecisionRule.CONSENSUS,
        evidence=[EvidenceRef(EvidenceKind.LISTENING_SESSION, listening, n) for n in (1, 2, 3)]
        + [EvidenceRef(EvidenceKind.ONE_TO_ONE, one_to_ones[0])],
        proposed_by=amani,
        happened_at=ago(115),
        recorded_by=by,
    ).id
    for member in (amani, joaquim, marie, baraka):
        app.take_position(
            cut,
            participant_id=member,
            option=options[0],
            reason="Heard in every community",
            happened_at=ago(114),
            recorded_by=by,
        )
    app.reach_decision(
        cut,
        outcome=options[0],
        rationale="Pay came up in all three countries; it is specific and "
        "winnable at county level first.",
        happened_at=ago(113),
        recorded_by=by,
    )
    app.close_listening_campaign(
        listening,
        summary="Pay for peer work came up everywhere.",
        happened_at=ago(112),
        recorded_by=by,
    )

    campaign = app.launch_campaign(
        network_id=net,
        name="Pay peer workers fairly",
        goal="Mombasa County pays its peer workers a living wage",
        issue="Peer supporters in Mombasa are paid in vouchers, not wages",
        listening_campaign_id=listening,
        happened_at=ago(110),
        recorded_by=by,
    ).id
    for metric, goal in (
        (TargetMetric.ONE_TO_ONES, 40),
        (TargetMetric.TURNOUT, 60),
        (TargetMetric.COMMITMENTS_WON, 3),
        (TargetMetric.LISTENING_PARTICIPANTS, 50),
    ):
        app.set_target(
            campaign,
            metric=metric,
            goal=goal,
            due=(now + timedelta(days=90)).date(),
            reason="",
            recorded_by=by,
        )
    app.set_target(
        campaign,
        metric=TargetMetric.TURNOUT,
        goal=80,
        due=None,
        reason="Two more groups joined the coalition",
        recorded_by=by,
    )

    health_exec = app.identify_power_holder(
        network_id=net,
        name="Dr. Halima Mohamed",
        role="County Executive for Health",
        institution="Mombasa County",
        recorded_by=by,
    ).id
    board_chair = app.identify_power_holder(
        network_id=net,
        name="Peter Kamau",
        role="Chair",
        institution="County Health Board",
        recorded_by=by,
    ).id
    for holder in (health_exec, board_chair):
        app.target_power_holder(campaign, power_holder_id=holder, recorded_by=by)
    app.assess_power_holder(
        health_exec,
        stance=Stance.NEUTRAL,
        influence=5,
        interests=["budget", "re-election"],
        notes="",
        assessed_by=amani,
        happened_at=ago(105),
        recorded_by=by,
    )
    app.assess_power_holder(
        board_chair,
        stance=Stance.LEANING_OPPONENT,
        influence=3,
        interests=["hospital staffing"],
        notes="",
        assessed_by=baraka,
        happened_at=ago(104),
        recorded_by=by,
    )

    research = app.hold_power_holder_meeting(
        network_id=net,
        campaign_id=campaign,
        power_holder_ids=[health_exec],
        attendee_ids=[amani, baraka, zawadi],
        purpose=MeetingPurpose.RESEARCH,
        happened_at=ago(90),
        asks=[
            ("Will you meet peer workers at the clinic?", Answer.YES),
            ("Will you publish what peer workers are paid?", Answer.LATER),
        ],
        summary="Open to meeting; cautious about the budget.",
        recorded_by=by,
    ).id
    app.secure_commitment(
        research,
        power_holder_id=health_exec,
        text="Visit the Likoni clinic and meet peer workers",
        due=(now - timedelta(days=60)).date(),
        recorded_by=by,
    )
    app.record_commitment_outcome(
        research,
        number=1,
        status=CommitmentStatus.KEPT,
        note="Visited and stayed two hours",
        happened_at=ago(65),
        recorded_by=by,
    )
    app.answer_ask(research, number=2, answer=Answer.NO, happened_at=ago(70), recorded_by=by)
    app.evaluate_meeting(
        research,
        evaluation=Evaluation(
            what_worked="Zawadi's story moved the room",
            what_did_not="We ran over time",
            learned="Bring the pay figures on paper",
        ),
        happened_at=ago(89),
        recorded_by=by,
    )
    app.assess_power_holder(
        health_exec,
        stance=Stance.LEANING_ALLY,
        influence=5,
        interests=["budget", "re-election"],
        notes="Warmer after the clinic visit",
        assessed_by=amani,
        happened_at=ago(60),
        recorded_by=by,
    )

    delegation = app.plan_action(
        campaign_id=campaign,
        kind=ActionKind.DELEGATION,
        title="Delegation to the County Health Board",
        scheduled_for=ago(45),
        power_holder_id=board_chair,
        ask="Table peer-worker pay at the next board meeting",
        turnout_pledged=50,
        recorded_by=by,
    ).id
    app.record_action_held(
        delegation,
        happened_at=ago(45),
        turnout=46,
        outcome="The chair agreed to table the proposal",
        recorded_by=by,
    )
    app.evaluate_action(
        delegation,
        evaluation=Evaluation(
            what_worked="Members told their own stories",
            what_did_not="Too few from Likoni",
            learned="Arrange transport a week ahead",
            how_people_felt="Proud and heard",
        ),
        happened_at=ago(44),
        recorded_by=by,
    )
    vigil = app.plan_action(
        campaign_id=campaign,
        kind=ActionKind.VIGIL,
        title="Vigil outside County Hall",
        scheduled_for=ago(20),
        power_holder_id=health_exec,
        ask="Fund the pay rise",
        turnout_pledged=30,
        recorded_by=by,
    ).id
    app.cancel_action(vigil, reason="Heavy rains closed the roads", recorded_by=by)
    app.plan_action(
        campaign_id=campaign,
        kind=ActionKind.PUBLIC_MEETING,
        title="Public meeting on peer-worker pay",
        scheduled_for=now + timedelta(days=21),
        power_holder_id=health_exec,
        ask="Commit to wages in the next budget",
        turnout_pledged=80,
        recorded_by=by,
    )

    negotiation = app.hold_power_holder_meeting(
        network_id=net,
        campaign_id=campaign,
        power_holder_ids=[board_chair, health_exec],
        attendee_ids=[amani, baraka, joaquim],
        purpose=MeetingPurpose.NEGOTIATION,
        happened_at=ago(30),
        asks=[
            ("Will the board table pay in March?", Answer.YES),
            ("Will you replace vouchers with wages this year?", Answer.NO),
        ],
        summary="Agreement to table; no agreement on timing.",
        recorded_by=by,
    ).id
    app.secure_commitment(
        negotiation,
        power_holder_id=board_chair,
        text="Table peer-worker pay at the March board",
        due=(now - timedelta(days=5)).date(),
        recorded_by=by,
    )
    app.secure_commitment(
        negotiation,
        power_holder_id=health_exec,
        text="Share the costed options with the network",
        due=(now - timedelta(days=10)).date(),
        recorded_by=by,
    )
    app.record_commitment_outcome(
        negotiation,
        number=2,
        status=CommitmentStatus.BROKEN,
        note="No options shared by the due date",
        happened_at=ago(8),
        recorded_by=by,
    )

    tactics = ["Public meeting with the press", "Private letter first"]
    tactic = app.propose_decision(
        network_id=net,
        campaign_id=campaign,
        kind=DecisionKind.TACTIC,
        question="How do we respond to the broken commitment on costed options?",
        options=tactics,
        rule=DecisionRule.MAJORITY,
        evidence=[
            EvidenceRef(EvidenceKind.POWER_HOLDER_MEETING, negotiation),
            EvidenceRef(EvidenceKind.ACTION, delegation),
            EvidenceRef(EvidenceKind.POWER_HOLDER_ASSESSMENT, health_exec, 2),
        ],
        proposed_by=baraka,
        happened_at=ago(6),
        recorded_by=by,
    ).id
    for member, option in ((amani, 0), (baraka, 0), (joaquim, 1)):
        app.take_position(
            tactic,
            participant_id=member,
            option=tactics[option],
            reason="",
            happened_at=ago(5),
            recorded_by=by,
        )
    app.reach_decision(
        tactic,
        outcome=tactics[0],
        rationale="Two of three for going public; the letter goes too.",
        happened_at=ago(5),
        recorded_by=by,
    )

    app.hold_one_to_one(
        network_id=net,
        organiser_id=baraka,
        person_id=zawadi,
        happened_at=ago(3),
        channel=Channel.IN_PERSON,
        duration_minutes=35,
        interests=["fair pay"],
        concerns=["losing the voucher income"],
        person_shared="Worried the change takes too long.",
        follow_ups=[("Bring Zawadi to the public meeting", None)],
        campaign_id=campaign,
        recorded_by=by,
    )
    app.move_campaign(
        campaign,
        status=CampaignStatus.PAUSED,
        reason="Elections period",
        happened_at=ago(2),
        recorded_by=by,
    )
    app.move_campaign(
        campaign,
        status=CampaignStatus.ACTIVE,
        reason="Elections over",
        happened_at=ago(1),
        recorded_by=by,
    )
    return SampleIds(
        network=net,
        listening_campaign=listening,
        campaign=campaign,
        issue_cut=cut,
        organiser=amani,
    )
