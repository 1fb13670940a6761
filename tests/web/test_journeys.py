"""What organisers and leaders do in the web app, in a real browser against a real server:
sign in on a phone, log a one-to-one (a mistake first: nothing typed is lost), see it on the
campaign's story and in the dashboard's counts; the pages at phone and laptop sizes are
saved as screenshots for the README."""

from __future__ import annotations

import json
import re
import time
from datetime import date, timedelta

from playwright.sync_api import Browser, Page, expect

from tests.interface.conftest import (
    Server,
    ago,
    created,
    launch_campaign,
    one_to_one_body,
    record_network,
)
from tests.web.conftest import LAPTOP, PHONE, new_page, shoot, sign_in

INTEREST = "night-shift pay"


def one_to_ones_counted(page: Page, dashboard: str) -> int:
    page.goto(dashboard)
    return int(page.locator('dd[data-measure="one_to_ones"]').inner_text().replace(",", ""))


def counted_after(page: Page, dashboard: str, before: int) -> int:
    """The dashboard's count once the views have applied the new one-to-one (they follow the
    log in the background: a moment, not a promise)."""
    deadline = time.monotonic() + 10
    while (count := one_to_ones_counted(page, dashboard)) == before:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    return count


def test_an_organiser_logs_a_one_to_one_on_a_phone(browser: Browser, sample: Server) -> None:
    page = new_page(browser, PHONE)
    page.goto(f"{sample.url}/app/")
    expect(page).to_have_url(re.compile(r"/app/sign-in"))
    shoot(page, "phone-sign-in")
    sign_in(page, sample)
    expect(page.locator("h1")).to_have_text("Peers Across Borders")
    network_url = page.url
    shoot(page, "phone-network")
    dashboard = f"{network_url}/progress"
    before = one_to_ones_counted(page, dashboard)

    page.goto(network_url)
    page.click("text=Log a one-to-one")
    page.fill("#interests", f"{INTEREST}, training")
    page.fill("#person_shared", "Works nights at the clinic, paid as a volunteer.")
    page.click("text=Record the one-to-one")  # nobody chosen: refused, and nothing lost

    expect(page.locator("#problems")).to_be_visible()
    expect(page.locator("#person_id-problem")).to_have_text("Choose one.")
    expect(page.locator("#interests")).to_have_value(f"{INTEREST}, training")
    expect(page.locator("#person_shared")).to_have_value(
        "Works nights at the clinic, paid as a volunteer."
    )
    shoot(page, "phone-one-to-one-mistake")

    page.fill("input.filter", "zawadi")
    zawadi = page.locator("#person_id option", has_text="Zawadi").first.get_attribute("value")
    assert zawadi is not None
    page.select_option("#person_id", value=zawadi)
    page.select_option("#campaign_id", label="Pay peer workers fairly")
    page.check("input[name=channel][value=video]")
    page.fill("#follow_up_1", "Send the pay survey")
    page.click("text=Record the one-to-one")

    expect(page.locator(".done")).to_contain_text("Recorded")
    expect(page.locator("h1")).to_contain_text("Zawadi")
    expect(page.locator(".facts")).to_contain_text(INTEREST)
    shoot(page, "phone-one-to-one-recorded")

    page.click("text=The campaign's story")
    page.click("text=Filter, or view as of a moment")
    page.check("input[name=kind][value=one_to_one]")
    page.click("button:text('Show')")
    logged = page.locator(".timeline li", has_text=INTEREST)
    expect(logged).to_have_count(1)
    expect(logged).to_contain_text("by demo")
    expect(page.locator(".timeline li", has_text="Action")).to_have_count(0)  # the filter
    shoot(page, "phone-campaign")

    assert counted_after(page, dashboard, before) == before + 1
    shoot(page, "phone-dashboard")


def test_a_leader_reviews_the_campaign_and_the_dashboard_on_a_laptop(
    browser: Browser, sample: Server
) -> None:
    page = new_page(browser, LAPTOP, zone="Europe/Lisbon")
    sign_in(page, sample)
    page.click("text=Pay peer workers fairly")
    expect(page.locator("progress").first).to_be_visible()
    expect(page.locator("figure.chart svg")).to_have_count(1)
    expect(page.locator(".timeline li").first).to_be_visible()
    shoot(page, "laptop-campaign")

    page.goto(page.url.split("/app/")[0] + "/app/")
    page.click("text=Collective progress")
    expect(page.locator("figure.chart svg")).to_have_count(6)
    weekly = page.locator("section[aria-labelledby=table-weekly]")
    expect(weekly.locator("table")).to_be_hidden()  # a year of weeks: folded away at first
    weekly.locator("summary").click()
    expect(weekly.locator("table")).to_be_visible()
    shoot(page, "laptop-dashboard")
    with page.expect_download() as download:
        page.click("text=Week by week as CSV")
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()  # noqa: SIM115
    assert lines[0] == "measure,week,amount,cumulative" and len(lines) > 5

    # A shorter period: its weeks only, in the charts, the table and the CSV alike.
    page.select_option("#period", "13")
    page.locator("form.row button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"period=13"))
    expect(page.locator("section[aria-labelledby=table-weekly] tbody tr")).to_have_count(13)
    with page.expect_download() as download:
        page.click("text=Week by week as CSV")
    shorter = open(download.value.path(), encoding="utf-8").read().splitlines()  # noqa: SIM115
    first = date.fromisoformat(min(line.split(",")[1] for line in shorter[1:]))
    assert len(shorter) < len(lines) and first > date.today() - timedelta(weeks=13)


def test_signing_in_with_a_wrong_password_says_so_and_keeps_the_name(
    browser: Browser, sample: Server
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, sample, password="not the password at all")

    expect(page.locator(".problem")).to_contain_text("do not match")
    expect(page.locator("#name")).to_have_value("demo")
    expect(page).to_have_url(re.compile(r"/app/sign-in"))


def test_signing_out_ends_the_session(browser: Browser, sample: Server) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, sample)
    cookie = next(c for c in page.context.cookies() if c["name"] == "groundwork_session")
    page.click("text=Sign out")
    expect(page).to_have_url(re.compile(r"/app/sign-in"))

    page.context.add_cookies([cookie])  # the old session's cookie, put back
    page.goto(f"{sample.url}/app/")
    expect(page).to_have_url(re.compile(r"/app/sign-in"))
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"


def test_a_leader_records_a_decision_and_opens_its_audit(browser: Browser, sample: Server) -> None:
    page = new_page(browser, LAPTOP, zone="America/Toronto")
    sign_in(page, sample)
    page.click("text=Pay peer workers fairly")
    page.click("text=Propose a decision")
    page.fill("#question", "Do we take the pay survey to the board in March?")
    page.fill("#options", "Yes, in March")
    page.check("input[name=kind][value=tactic]")
    page.check("input[name=rule][value=consensus]")
    cited = page.locator("input[name=evidence]").first
    cited_label = page.locator("ul.plain li").first.inner_text().split(": ", 1)[1]
    cited.check()
    page.click("text=Propose the decision")  # one option is no choice: refused, nothing lost
    expect(page.locator("#options-problem")).to_be_visible()
    expect(page.locator("#question")).to_have_value(
        "Do we take the pay survey to the board in March?"
    )
    expect(page.locator("input[name=evidence]").first).to_be_checked()
    page.fill("#options", "Yes, in March\nNot yet")
    page.click("text=Propose the decision")
    expect(page.locator(".done")).to_contain_text("Recorded")
    expect(page.locator("h1")).to_have_text("Do we take the pay survey to the board in March?")

    people = page.locator("#participant_id option[value]:not([value=''])")
    for n in range(2):
        page.select_option("#participant_id", value=people.nth(n).get_attribute("value") or "")
        page.check("form[action$=positions] input[name=option][value='Yes, in March']")
        page.fill("#reason", "The survey is ready")
        page.click("text=Record the position")
        expect(page.locator(".done")).to_contain_text("position is on record")
    page.check("form[action$=outcome] input[name=outcome][value='Yes, in March']")
    page.fill("#rationale", "Everyone agreed the survey results are strong enough.")
    page.click("button:text('Record the outcome')")
    expect(page.locator(".done")).to_contain_text("decision is reached")

    page.click("text=How it was reached: the audit")
    expect(page.locator("h1")).to_have_text("How it was decided")
    expect(page.locator(".note")).to_contain_text("As it stood when the outcome was recorded")
    expect(page.locator("main")).to_contain_text("Yes, in March")
    expect(page.locator("main")).to_contain_text("The survey is ready")
    expect(page.locator(".evidence")).to_have_count(1)
    expect(page.locator(".evidence")).to_contain_text(cited_label.split(";")[0])
    expect(page.locator(".timeline li").first).to_be_visible()
    shoot(page, "laptop-decision-audit")


def test_an_admin_exports_a_persons_record_and_forgets_them(
    browser: Browser, sample: Server
) -> None:
    page = new_page(browser, LAPTOP)
    sign_in(page, sample)
    page.click("text=People")
    page.select_option("#community", label="Canada")
    page.click("button:text('Show')")
    person = page.locator(".cards a").first
    name = person.inner_text()
    person.click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator(".timeline li").first).to_be_visible()  # their relational history
    with page.expect_download() as download:
        page.click("text=Export everything held about them (JSON)")
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert exported["record"][0]["data"]["name"] == name

    page.click("text=Forget this person")  # not confirmed: nothing happens
    expect(page.locator("#confirm-problem")).to_be_visible()
    expect(page.locator("h1")).to_have_text(name)
    page.check("#confirm")
    page.click("text=Forget this person")
    expect(page.locator(".done")).to_contain_text("Forgotten")
    expect(page.locator("h1")).to_have_text("forgotten person")
    shoot(page, "laptop-person-forgotten")


def test_the_power_map_places_power_holders_by_stance_and_influence(
    browser: Browser, sample: Server
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, sample)
    page.click("text=Power map")
    expect(page.locator("figure.chart svg")).to_have_count(1)
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 2
    shoot(page, "phone-power-map")

    # As it was on record long ago: nobody yet; a moment that is not one is refused, named.
    mapped = page.url
    page.locator("summary", has_text="See it as it stood then").click()
    page.fill("#known_at", "2000-01-01T00:00")
    page.locator("details.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"known_at=2000-01-01T00%3A00"))
    expect(page.locator("p.note[role=status]")).to_contain_text("As it was on record at")
    expect(page.locator("tbody tr")).to_have_count(0)
    refused = page.request.get(mapped + "?on=soon")
    assert refused.status == 422 and "query.on" in refused.text()


def test_a_long_story_reads_on_from_page_to_page(browser: Browser, sample: Server) -> None:
    with sample.client() as api:
        network = record_network(api)
        campaign = launch_campaign(api, network, days_ago=90)
        for n in range(55):  # the launch and 55 one-to-ones, oldest first: 56 entries
            body = one_to_one_body(network, campaign_id=campaign, happened_at=ago(days=80 - n))
            created(api.post("/one-to-ones", json=body))
    page = new_page(browser, LAPTOP)
    sign_in(page, sample)
    page.goto(f"{sample.url}/app/campaigns/{campaign}")
    entries = page.locator(".timeline li")
    expect(entries).to_have_count(50)
    expect(page.locator("text=Earlier entries")).to_have_count(0)
    first = entries.first.locator("time").get_attribute("datetime")

    page.click("text=Later entries")
    expect(entries).to_have_count(6)
    expect(page.locator("text=Later entries")).to_have_count(0)
    assert (entries.first.locator("time").get_attribute("datetime") or "") > (first or "")

    page.click("text=Earlier entries")
    expect(entries).to_have_count(50)
    assert entries.first.locator("time").get_attribute("datetime") == first
