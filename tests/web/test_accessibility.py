"""Every page checked by axe-core (bundled by axe-playwright-python, run in Chromium against
the real server) at phone and laptop sizes, with WCAG 2.1 A and AA rules: no serious or
critical violation."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.interface.conftest import Server
from tests.web.conftest import LAPTOP, PHONE, new_page, sign_in

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE = Axe()


def violations(page: Page) -> list[str]:
    """The serious and critical violations on the page, each with the elements it is on."""
    results = AXE.run(page, options=RULES).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def first_link(page: Page, path: str) -> str:
    href = page.locator(f"a[href*='{path}']").first.get_attribute("href")
    assert href, f"no link to {path} on {page.url}"
    return href


@pytest.fixture(scope="module")
def pages(browser: Browser, sample: Server) -> Iterator[list[str]]:
    """The address of every kind of page, found by signing in and following links."""
    page = new_page(browser, LAPTOP)
    sign_in(page, sample)
    network = page.url
    listening = sample.url + first_link(page, "/app/listening-campaigns/")
    series_form = sample.url + first_link(page, "/gatherings/new")
    series = sample.url + first_link(page, "/app/gathering-series/")
    page.click("text=Pay peer workers fairly")
    campaign = page.url
    one_to_one = first_link(page, "/app/one-to-ones/")
    decision = first_link(page, "/app/decisions/")
    actions = [
        page.locator("a", has_text=f"Action {what}").first.get_attribute("href")
        for what in ("planned: Public meeting", "held")  # one to hold or cancel, one held
    ]
    meeting = first_link(page, "/app/power-holder-meetings/")
    page.goto(series_form)
    page.fill("#topic", "Checking every page")
    page.click("text=Record the gathering")
    gathering = page.url
    page.goto(f"{network}/listening-campaigns/new")
    page.fill("#question", "What would help?")
    page.check("input[name=communities]>> nth=0")
    page.fill("#target_conversations", "10")
    page.click("text=Launch the listening campaign")
    listening_now = page.url.split("?")[0]  # open, to log sessions in
    page.goto(f"{network}/people")
    person = first_link(page, "/app/people/")
    page.goto(f"{network}/power-map")
    power_holder = sample.url + first_link(page, "/app/power-holders/")
    network_id = network.rsplit("/", 1)[1]
    campaign_id = campaign.rsplit("/", 1)[1]
    yield [
        network,
        campaign,
        f"{campaign}?kind=one_to_one&since=2026-01-01",
        f"{network}/progress",
        f"{network}/one-to-ones/new",
        f"{sample.url}/app/networks/{network_id}/decisions/new?campaign_id={campaign_id}",
        f"{network}/listening-campaigns/new",
        f"{listening_now}/sessions/new",
        f"{campaign}/actions/new",
        f"{network}/power-holder-meetings/new?campaign_id={campaign_id}",
        f"{network}/power-holders/new",
        f"{network}/gathering-series/new",
        series_form,
        series,
        sample.url + one_to_one,
        sample.url + decision,
        sample.url + decision + "/audit",
        listening,
        listening_now,
        *(f"{sample.url}{a}" for a in actions),
        sample.url + meeting,
        gathering,
        f"{sample.url}/app/campaigns/00000000-0000-4000-8000-000000000000",  # not on record
        f"{network}/people",
        sample.url + person,
        f"{network}/power-map",
        power_holder,
    ]
    page.context.close()


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_every_page_has_no_serious_accessibility_violation(
    browser: Browser, sample: Server, pages: list[str], size: dict[str, int]
) -> None:
    page = new_page(browser, size)
    page.goto(f"{sample.url}/app/sign-in")
    found = {"sign-in": violations(page)}
    sign_in(page, sample)
    for url in pages:
        page.goto(url)
        found[url.removeprefix(sample.url)] = violations(page)
    forms = [url for url in pages if "/new" in url]
    for url in forms:  # each form sent empty, with its mistakes shown
        page.goto(url)
        page.click("form[method=post] button.primary")
        page.locator("#problems").wait_for()
        found[f"{url.removeprefix(sample.url)}, with mistakes"] = violations(page)

    assert {where: v for where, v in found.items() if v} == {}
    assert len(found) == len(pages) + 1 + len(forms) and len(forms) == 9
    assert all(re.match(r"(/app|sign-in)", where) for where in found)


def test_the_check_finds_what_is_wrong_on_a_page_made_wrong(browser: Browser) -> None:
    page = new_page(browser, PHONE)
    page.set_content(
        '<html><body><input type="text"><p style="color:#aaa;background:#fff">faint</p>'
        "</body></html>"
    )

    found = violations(page)
    assert any(v.startswith("label ") for v in found)
    assert any(v.startswith("color-contrast ") for v in found)
