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


@pytest.fixture(scope="module")
def pages(browser: Browser, sample: Server) -> Iterator[list[str]]:
    """The address of every kind of page, found by signing in and following links."""
    page = new_page(browser, LAPTOP)
    sign_in(page, sample)
    network = page.url
    page.click("text=Pay peer workers fairly")
    campaign = page.url
    one_to_one = page.locator("a[href*='/app/one-to-ones/']").first.get_attribute("href")
    decision = page.locator("a[href*='/app/decisions/']").first.get_attribute("href")
    page.goto(f"{network}/people")
    person = page.locator(".cards a").first.get_attribute("href")
    assert one_to_one and decision and person
    network_id = network.rsplit("/", 1)[1]
    yield [
        network,
        campaign,
        f"{campaign}?kind=one_to_one&since=2026-01-01",
        f"{network}/progress",
        f"{network}/one-to-ones/new",
        f"{sample.url}/app/networks/{network_id}/decisions/new?campaign_id="
        + campaign.rsplit("/", 1)[1],
        sample.url + one_to_one,
        sample.url + decision,
        sample.url + decision + "/audit",
        f"{sample.url}/app/campaigns/00000000-0000-4000-8000-000000000000",  # not on record
        f"{network}/people",
        sample.url + person,
        f"{network}/power-map",
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
    page.goto(f"{sample.url}{pages[4].removeprefix(sample.url)}")
    page.click("text=Record the one-to-one")  # the form with its mistakes shown
    found["one-to-one form, with mistakes"] = violations(page)

    assert {where: v for where, v in found.items() if v} == {}
    assert len(found) == len(pages) + 2
    assert all(re.match(r"(/app|sign-in|one-to-one)", where) for where in found)


def test_the_check_finds_what_is_wrong_on_a_page_made_wrong(browser: Browser) -> None:
    page = new_page(browser, PHONE)
    page.set_content(
        '<html><body><input type="text"><p style="color:#aaa;background:#fff">faint</p>'
        "</body></html>"
    )

    found = violations(page)
    assert any(v.startswith("label ") for v in found)
    assert any(v.startswith("color-contrast ") for v in found)
