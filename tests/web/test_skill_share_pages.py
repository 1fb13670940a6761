"""Logging a skill-share on a phone, in a real browser against a real server: sent first with
the skill left out (the problem shown by its field, nothing chosen or typed lost), then
recorded, shown in words on its own page, and counted on the network's page among the
skills its members have taught each other."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.interface.conftest import Server
from tests.web.conftest import PHONE, new_page, shoot, sign_in
from tests.web.test_log_pages import shown_on

SKILL = "Holding silence in a one-to-one"
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def test_an_organiser_logs_a_skill_share_and_sees_it_among_the_skills_taught(
    browser: Browser, sample: Server
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, sample)
    network = page.url
    page.click("text=Log a skill-share")
    expect(page.locator("#happened_at")).not_to_have_value("")  # now, in the reader's zone
    teacher = page.locator("#taught_by option", has_text="Amani").first.get_attribute("value")
    page.select_option("#taught_by", value=teacher or "")
    search = page.locator("input.filter[data-filters=learner_ids-list]")
    search.fill("zawadi")
    page.check("#learner_ids-list li:visible label:has-text('Zawadi') input")
    search.fill("")
    page.fill("#reflections", "Silence is a question too.")
    page.click("text=Record the skill-share")  # no skill

    expect(page.locator("#skill-problem")).to_have_text("Fill this in.")
    expect(page.locator("#reflections")).to_have_value("Silence is a question too.")
    expect(page.locator("#taught_by")).to_have_value(teacher or "")
    expect(page.locator("input[name=learner_ids]:checked")).to_have_count(1)
    shoot(page, "phone-skill-share-mistake")
    page.fill("#skill", SKILL)
    page.click("text=Record the skill-share")

    expect(page.locator(".done")).to_contain_text("Recorded")
    expect(page.locator("h1")).to_have_text(SKILL)
    facts = page.locator(".facts")
    expect(facts.locator("dt:text('Taught by') + dd")).to_contain_text("Amani")
    expect(facts.locator("dt:text('Who learned') + dd")).to_have_text(re.compile(r"^1: Zawadi"))
    expect(facts).to_contain_text("Silence is a question too.")
    assert not UUID_TEXT.search(page.locator("main").inner_text())

    card = shown_on(page, network, ".cards li", SKILL)
    expect(card).to_contain_text("taught by Amani")
    expect(page.locator("p", has_text="Skills taught:")).to_contain_text(SKILL)
