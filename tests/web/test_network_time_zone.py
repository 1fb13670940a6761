"""A leader counts the network's weeks in another time zone from its page, in a real
browser against a real server on the sample network, and the dashboard says so."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.interface.conftest import Server
from tests.web.conftest import LAPTOP, new_page, sign_in


def test_a_leader_sets_the_networks_time_zone_and_the_dashboard_counts_in_it(
    browser: Browser, sample: Server
) -> None:
    page = new_page(browser, LAPTOP, zone="Europe/Berlin")
    sign_in(page, sample)
    expect(page.locator("h1")).to_have_text("Peers Across Borders")  # its one network
    expect(page.locator("#time-zone-now")).to_contain_text("Kenya Time (Africa/Nairobi)")

    page.click("text=Count the network's weeks in another time zone")
    page.select_option("#time_zone", "Europe/Berlin")
    page.click("text=Set the time zone")

    expect(page.locator("p.done[role=status]")).to_contain_text("new time zone")
    expect(page.locator("#time-zone-now")).to_contain_text("Germany (Berlin) Time")
    page.click("text=Collective progress")
    expect(page.locator("#weeks-zone")).to_contain_text(
        "Weeks start on Monday at midnight, Germany (Berlin) Time"
    )
