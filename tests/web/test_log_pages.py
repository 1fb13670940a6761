"""Logging the rest of the organising cycle on a phone, in a real browser against a real
server: a listening session, an action (planned, held, evaluated, or cancelled), a
power-holder meeting (its answers, commitments and their outcomes, its evaluation) and a
gathering. Each form is sent with one thing left out first: the problem is shown next to
its field and nothing typed is lost; then it is recorded and shown on the record's page
and, where it belongs to a campaign, on the campaign's story."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from urllib.parse import urlparse

from playwright.sync_api import Browser, Locator, Page, expect

from tests.interface.conftest import Server
from tests.web.conftest import LAPTOP, PHONE, give_password, new_page, shoot, sign_in

CAMPAIGN = "Pay peer workers fairly"


def signed_in_on_a_phone(browser: Browser, sample: Server) -> Page:
    page = new_page(browser, PHONE)
    sign_in(page, sample)
    expect(page.locator("h1")).to_have_text("Peers Across Borders")
    return page


def shown_on(page: Page, url: str, selector: str, text: str) -> Locator:
    """The first of `selector` on the page at `url` that has `text`, once the views have it
    (they follow the log in the background: a moment, not a promise)."""
    deadline = time.monotonic() + 30  # the machine may be busy
    while True:
        page.goto(url)
        if page.locator(selector, has_text=text).count():
            return page.locator(selector, has_text=text).first
        assert time.monotonic() < deadline, f"{text!r} is not in {selector} on {url}"
        time.sleep(0.3)


def on_the_story(page: Page, campaign_url: str, kind: str, text: str, record: str) -> None:
    """The campaign's story, filtered to one kind of entry, tells `text`, linked to the
    record's page."""
    entry = shown_on(page, f"{campaign_url}?kind={kind}", ".timeline li", text)
    expect(entry).to_contain_text("by demo")
    expect(entry.locator("a")).to_have_attribute("href", urlparse(record).path)


def evaluate(page: Page, worked: str, did_not: str, learned: str, felt: str = "") -> None:
    """Records the evaluation on a record's page, and sees it there."""
    page.fill("#what_worked", worked)
    page.fill("#what_did_not", did_not)
    page.fill("#learned", learned)
    page.fill("#how_people_felt", felt)
    page.click("text=Record the evaluation")
    expect(page.locator(".done")).to_contain_text("evaluation is on record")
    expect(page.locator(".evaluation")).to_contain_text(learned)


def test_an_organiser_launches_a_listening_campaign_and_logs_a_session(
    browser: Browser, sample: Server
) -> None:
    page = signed_in_on_a_phone(browser, sample)
    network = page.url
    page.click("text=Launch a listening campaign")
    page.fill("#question", "What would make peer work sustainable?")
    page.fill("#target_conversations", "40")
    page.click("text=Launch the listening campaign")  # no community ticked

    expect(page.locator("#communities-problem")).to_have_text("Choose at least one.")
    expect(page.locator("#question")).to_have_value("What would make peer work sustainable?")
    expect(page.locator("#target_conversations")).to_have_value("40")
    page.check("input[name=communities][value=Kenya]")
    page.check("input[name=communities][value=Portugal]")
    page.click("text=Launch the listening campaign")
    expect(page.locator(".done")).to_contain_text("Recorded")
    expect(page.locator("h1")).to_have_text("What would make peer work sustainable?")

    page.click("text=Log a listening session")
    page.fill("#participants", "12")
    page.fill("#themes_1_name", "clinic closures")
    page.fill("#themes_1_mentions", "5")
    page.fill("#themes_2_name", "night shifts")
    page.fill("#themes_2_mentions", "3")
    page.click("text=Record the session")  # no community chosen

    expect(page.locator("#problems")).to_be_visible()
    expect(page.locator("#community-problem")).to_have_text("Choose one.")
    expect(page.locator("#themes_1_name")).to_have_value("clinic closures")
    expect(page.locator("#themes_2_mentions")).to_have_value("3")
    expect(page.locator("#participants")).to_have_value("12")
    shoot(page, "phone-listening-session-mistake")
    page.check("input[name=community][value=Kenya]")
    page.click("text=Record the session")

    expect(page.locator(".done")).to_contain_text("Recorded")
    expect(page.locator("#session-1")).to_contain_text("Session 1 in Kenya")
    expect(page.locator("#session-1")).to_contain_text("12 participants")
    themes = page.locator("table tbody tr")
    expect(themes.first).to_contain_text("clinic closures")
    expect(themes.first).to_contain_text("5")
    shoot(page, "phone-listening-campaign")

    page.goto(network)
    listed = page.locator(".cards li", has_text="What would make peer work sustainable?")
    expect(listed).to_contain_text("1 session")


def test_an_organiser_closes_a_listening_campaign_with_what_was_heard(
    browser: Browser, sample: Server
) -> None:
    page = signed_in_on_a_phone(browser, sample)
    page.goto(f"{page.url}/listening-campaigns/new")
    page.fill("#question", "What keeps you in peer work?")
    page.check("input[name=communities][value=Kenya]")
    page.fill("#target_conversations", "10")
    page.click("text=Launch the listening campaign")
    listening = page.url.split("?")[0]
    sessions = f"{listening}/sessions/new"

    page.click("text=Close the listening campaign")  # opens the form
    earlier = (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#closed_at", earlier)
    page.click("button:text('Close the listening campaign')")  # nothing said of what was heard

    expect(page.locator("#summary-problem")).to_have_text("Fill this in.")
    expect(page.locator("#closed_at")).to_have_value(earlier)
    expect(page.locator("#summary")).to_be_visible()  # the form stays open with its problem
    page.fill("#summary", "Being heard keeps people in; unpaid hours push them out.")
    page.click("button:text('Close the listening campaign')")

    expect(page.locator(".done")).to_contain_text("the listening campaign is closed")
    expect(page.locator(".facts")).to_contain_text("closed")
    expect(page.locator(".facts")).to_contain_text("unpaid hours push them out")
    expect(page.get_by_text("Log a listening session")).to_have_count(0)
    expect(page.get_by_text("Close the listening campaign")).to_have_count(0)
    page.goto(sessions)  # the session form is refused, as the API would refuse the session
    expect(page.locator("h1")).to_have_text("Listening closed")
    expect(page.locator("main a", has_text="The listening campaign")).to_have_attribute(
        "href", urlparse(listening).path
    )


def test_an_organiser_plans_an_action_then_records_it_held_and_evaluated(
    browser: Browser, sample: Server
) -> None:
    page = signed_in_on_a_phone(browser, sample)
    page.click(f"text={CAMPAIGN}")
    campaign = page.url
    page.click("text=Plan an action")
    page.check("input[name=kind][value=assembly]")
    page.fill("#ask", "Publish the peer-worker pay scale")
    page.select_option("#power_holder_id", label="Peter Kamau · Chair, County Health Board")
    soon = (datetime.now() + timedelta(days=10)).strftime("%Y-%m-%dT10:00")
    page.fill("#scheduled_for", soon)
    page.fill("#turnout_pledged", "35")
    page.click("text=Plan the action")  # no title

    expect(page.locator("#title-problem")).to_have_text("Fill this in.")
    expect(page.locator("#ask")).to_have_value("Publish the peer-worker pay scale")
    expect(page.locator("#scheduled_for")).to_have_value(soon)
    expect(page.locator("input[name=kind][value=assembly]")).to_be_checked()
    shoot(page, "phone-action-mistake")
    page.fill("#title", "Assembly at Likoni clinic")
    page.click("text=Plan the action")

    expect(page.locator(".done")).to_contain_text("Recorded")
    expect(page.locator("h1")).to_have_text("Assembly at Likoni clinic")
    expect(page.locator(".facts")).to_contain_text("Peter Kamau")
    action = page.url.split("?")[0]
    on_the_story(page, campaign, "action", "Action planned: Assembly at Likoni clinic", action)

    page.goto(action)
    page.fill("#turnout", "41")
    page.click("text=Record it held")  # no outcome
    expect(page.locator("#outcome-problem")).to_have_text("Fill this in.")
    expect(page.locator("#turnout")).to_have_value("41")
    page.fill("#outcome", "The clinic manager will post the pay scale")
    page.click("text=Record it held")
    expect(page.locator(".done")).to_contain_text("the action was held")
    expect(page.locator(".facts")).to_contain_text("41 of 35 pledged")

    evaluate(
        page, "Members chaired it", "The hall was too small", "Book a bigger hall", "Energised"
    )
    shoot(page, "phone-action")
    on_the_story(page, campaign, "action", "Action held: turnout 41", action)


def test_an_organiser_cancels_a_planned_action_with_its_reason(
    browser: Browser, sample: Server
) -> None:
    page = signed_in_on_a_phone(browser, sample)
    page.click(f"text={CAMPAIGN}")
    page.click("a:text('Action planned: Public meeting on peer-worker pay')")
    page.click("text=Cancel the action")  # no reason
    expect(page.locator("#reason-problem")).to_have_text("Fill this in.")
    page.fill("#reason", "The venue withdrew")
    page.click("text=Cancel the action")

    expect(page.locator(".done")).to_contain_text("the action is cancelled")
    expect(page.locator(".facts")).to_contain_text("cancelled The venue withdrew")
    expect(page.locator("text=Record it held")).to_have_count(0)


def test_an_organiser_logs_a_power_holder_meeting_and_follows_it_up(
    browser: Browser, sample: Server
) -> None:
    page = signed_in_on_a_phone(browser, sample)
    page.click(f"text={CAMPAIGN}")
    campaign = page.url
    page.click("text=Log a power-holder meeting")
    expect(page.locator("#campaign_id option:checked")).to_have_text(CAMPAIGN)
    page.fill("input.filter[data-filters=attendee_ids-list]", "zaw")
    page.check("#attendee_ids-list li:visible label:has-text('Zawadi') input")
    page.check("input[name=purpose][value=accountability]")
    page.fill("#asks_1_text", "Will you publish the pay scale?")
    page.check("input[name=asks_1_answer][value=later]")
    page.fill("#asks_2_text", "Will you meet us again in January?")
    page.check("input[name=asks_2_answer][value=yes]")
    page.fill("#summary", "Listened well; no promises on money.")
    page.click("text=Record the meeting")  # no power-holder ticked

    expect(page.locator("#power_holder_ids-problem")).to_have_text("Choose at least one.")
    expect(page.locator("#asks_1_text")).to_have_value("Will you publish the pay scale?")
    expect(page.locator("input[name=asks_1_answer][value=later]")).to_be_checked()
    expect(page.locator("#summary")).to_have_value("Listened well; no promises on money.")
    ticked = page.locator("input[name=attendee_ids]:checked")
    expect(ticked).to_have_count(2)  # Amani, who logs it (ticked already), and Zawadi
    shoot(page, "phone-meeting-mistake")
    page.check("label:has-text('Dr. Halima Mohamed') input")
    page.click("text=Record the meeting")

    expect(page.locator(".done")).to_contain_text("Recorded")
    expect(page.locator("h1")).to_have_text("Accountability meeting with Dr. Halima Mohamed")
    expect(page.locator("main")).to_contain_text("Will you publish the pay scale? · Later")
    meeting = page.url.split("?")[0]
    on_the_story(page, campaign, "meeting", "Power-holder meeting (accountability)", meeting)

    page.goto(meeting)
    page.check("input[name=answer][value=yes]")  # the one ask answered later: chosen already
    page.click("text=Record the answer")
    expect(page.locator(".done")).to_contain_text("answer is on record")
    expect(page.locator("main")).to_contain_text("Will you publish the pay scale? · Yes")

    page.fill("#commitment", "Publish the pay scale on the county website")
    page.fill("#due", (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d"))
    page.click("text=Record the commitment")
    expect(page.locator(".done")).to_contain_text("commitment is on record")
    page.check("input[name=status][value=partly_kept]")
    page.fill("#note", "Published, but only on paper")
    page.click("button:text('Record the outcome')")
    expect(page.locator(".done")).to_contain_text("outcome is on record")
    expect(page.locator("#commitments-h + ol")).to_contain_text("partly kept")

    evaluate(page, "Zawadi's questions", "We forgot the figures", "Bring the figures on paper")
    shoot(page, "phone-meeting")
    page.set_viewport_size(LAPTOP)
    shoot(page, "laptop-meeting")
    on_the_story(
        page,
        campaign,
        "commitment",
        "Commitment 1 partly kept: Published, but only on paper",
        meeting,
    )


def test_an_organiser_identifies_a_power_holder_assesses_them_and_meets_them(
    browser: Browser, sample: Server
) -> None:
    page = signed_in_on_a_phone(browser, sample)
    power_map = f"{page.url}/power-map"
    page.click("text=Power map")
    page.click("text=Identify a power-holder")
    page.fill("#name", "Grace Wanjiru")
    page.fill("#institution", "Mombasa County Assembly")
    page.click("text=Identify the power-holder")  # no role

    expect(page.locator("#role-problem")).to_have_text("Fill this in.")
    expect(page.locator("#name")).to_have_value("Grace Wanjiru")
    expect(page.locator("#institution")).to_have_value("Mombasa County Assembly")
    page.fill("#role", "Chair, Health Committee")
    page.click("text=Identify the power-holder")

    expect(page.locator(".done")).to_contain_text("Assess their stance and influence now")
    expect(page.locator("h1")).to_have_text("Grace Wanjiru")
    expect(page.locator(".facts")).to_contain_text("Not assessed yet")
    holder = page.url.split("?")[0]
    page.check("input[name=stance][value=leaning_ally]")
    page.fill("#interests", "re-election, clinics")
    page.fill("#notes", "Spoke for the clinics at the last budget hearing")
    page.click("text=Record the assessment")  # no influence chosen

    expect(page.locator("#influence-problem")).to_have_text("Choose one.")
    expect(page.locator("input[name=stance][value=leaning_ally]")).to_be_checked()
    expect(page.locator("#interests")).to_have_value("re-election, clinics")
    expect(page.locator("#notes")).to_have_value("Spoke for the clinics at the last budget hearing")
    page.check("input[name=influence][value='4']")
    page.click("text=Record the assessment")

    expect(page.locator(".done")).to_contain_text("the assessment is on record")
    expect(page.locator(".facts")).to_contain_text("Leaning ally")
    expect(page.locator("#assessment-1")).to_contain_text("Leaning ally, influence 4 of 5")
    expect(page.locator("#assessment-1")).to_contain_text("by Amani")
    expect(page.locator("#assessment-1")).to_contain_text("re-election, clinics")

    # Placed on the map, assessed: the row can be shown before the assessment reaches the
    # view (a later batch of the follower), and a page once loaded does not change.
    row = shown_on(page, power_map, "tbody tr:has-text('Grace Wanjiru')", "leaning ally")
    expect(row.locator("td").nth(0)).to_have_text("leaning ally")
    expect(row.locator("td").nth(1)).to_have_text("4")
    expect(
        row.get_by_role("link", name="Assess stance and influence of Grace Wanjiru")
    ).to_have_attribute("href", f"{urlparse(holder).path}#assess")

    page.goto(holder)
    page.click("text=Log a meeting with them")
    expect(page.locator("label:has-text('Grace Wanjiru') input")).to_be_checked()
    expect(page.get_by_role("link", name="Identify a power-holder")).to_be_visible()


def test_an_organiser_logs_a_gathering_ticking_who_came(browser: Browser, sample: Server) -> None:
    page = signed_in_on_a_phone(browser, sample)
    page.click("text=Log a gathering")
    expect(page.locator("#happened_at")).not_to_have_value("")  # when the series last met
    search = page.locator("input.filter[data-filters=attendee_ids-list]")
    for name in ("Amani", "Zawadi"):
        search.fill(name.lower())
        page.check(f"#attendee_ids-list li:visible label:has-text('{name}') input")
    search.fill("")
    page.fill("#reflections", "People asked for a session on pay.")
    page.click("text=Record the gathering")  # no topic

    expect(page.locator("#topic-problem")).to_have_text("Fill this in.")
    expect(page.locator("#reflections")).to_have_value("People asked for a session on pay.")
    expect(page.locator("input[name=attendee_ids]:checked")).to_have_count(2)
    shoot(page, "phone-gathering-mistake")
    page.fill("#topic", "Rest as resistance")
    page.click("text=Record the gathering")

    expect(page.locator(".done")).to_contain_text("Recorded")
    expect(page.locator("h1")).to_have_text("Rest as resistance")
    expect(page.locator(".facts dd", has_text="Zawadi")).to_have_text(re.compile(r"^2: Amani.*"))


def test_an_organiser_sets_up_a_gathering_series_in_words_then_logs_a_gathering_of_it(
    browser: Browser, sample: Server
) -> None:
    page = signed_in_on_a_phone(browser, sample)
    network = page.url
    page.click("text=Set up a gathering series")
    expect(page.locator("#time_zone")).to_have_value("Africa/Nairobi")  # the reader's own
    page.fill("#name", "Evening skill share")
    page.check("input[name=kind][value=skill_share]")
    page.check("input[name=rhythm][value=monthly]")
    page.select_option("#weekday", label="Tuesday")
    since = (datetime.now() - timedelta(days=90)).strftime("%Y-%m-%d")
    page.fill("#starts_on", since)
    page.fill("#local_time", "18:30")
    page.click("text=Set up the series")  # monthly, but on which week?

    expect(page.locator("#week-problem")).to_have_text("Choose which week of the month.")
    expect(page.locator("#name")).to_have_value("Evening skill share")
    expect(page.locator("input[name=rhythm][value=monthly]")).to_be_checked()
    expect(page.locator("#weekday")).to_have_value("TU")
    expect(page.locator("#starts_on")).to_have_value(since)
    expect(page.locator("#local_time")).to_have_value("18:30")
    page.select_option("#week", label="Second")
    page.click("text=Set up the series")

    expect(page.locator(".done")).to_contain_text("the series is set up")
    expect(page.locator("h1")).to_have_text("Evening skill share")
    facts = page.locator(".facts")
    expect(facts).to_contain_text("On the second Tuesday of each month")
    expect(facts).to_contain_text("18:30 in Africa/Nairobi, for 90 minutes")
    first = next(  # the first second Tuesday from the day it starts
        day
        for day in (datetime.now() - timedelta(days=90 - n) for n in range(45))
        if day.weekday() == 1 and 8 <= day.day <= 14
    )
    expect(page.locator(".facts dt:text('First gathering') + dd")).to_have_text(
        re.compile(rf"^{first.day} \w+ {first.year}, 18:30:00$")
    )

    page.click("text=Log a gathering")
    expect(page.locator("#happened_at")).to_have_value(re.compile(r"T18:30$"))  # when it met
    page.fill("#topic", "Writing a budget submission")
    page.click("text=Record the gathering")
    expect(page.locator(".done")).to_contain_text("Recorded")
    expect(page.locator("main a", has_text="Evening skill share")).to_be_visible()
    page.goto(network)
    expect(page.get_by_label("Log a gathering of Evening skill share")).to_be_visible()


def test_an_auditor_is_offered_only_what_their_role_may_read(
    browser: Browser, sample: Server
) -> None:
    give_password(sample, "auditor")
    page = new_page(browser, PHONE)
    sign_in(page, sample, name="auditor")
    network = page.url
    for logging in (
        "Log a power-holder meeting",
        "Launch a listening campaign",
        "Log a gathering",
        "Set up a gathering series",
    ):
        expect(page.get_by_text(logging)).to_have_count(0)
    expect(page.locator("a[href*='/app/listening-campaigns/']")).to_have_count(0)

    page.click(f"text={CAMPAIGN}")  # auditors read a campaign's story
    expect(page.get_by_text("Plan an action")).to_have_count(0)
    expect(page.locator(".timeline a[href*='/app/actions/']")).to_have_count(0)
    expect(page.locator(".timeline li", has_text="Action held").first).to_be_visible()
    expect(page.locator(".timeline a[href*='/app/decisions/']").first).to_be_visible()

    page.goto(network.replace("/networks/", "/listening-campaigns/"))  # any id: the role first
    expect(page.locator("h1")).to_have_text("Not for your role")
