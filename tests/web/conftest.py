"""A real server on the sample network, and headless Chromium (Debian's, driven by
Playwright) to use it as organisers and leaders do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.interface.conftest import PASSWORD, Server, give_password

CHROMIUM = "/usr/bin/chromium"
#: Without the networking flags, Chromium keeps trying to reach Google's hosts, which this
#: machine's closed network refuses; as root it needs --no-sandbox.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Where the tests leave screenshots of the main pages (linked from the README).
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on the sample network whose `demo` account (every role) has a password."""
    database = tmp_path_factory.mktemp("web") / "events.sqlite"
    server = Server(database=database, sample_data=True).start()
    give_password(server, "demo")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium; run it through make"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def new_page(browser: Browser, size: dict[str, int], zone: str = "Africa/Nairobi") -> Page:
    context = browser.new_context(viewport=size, timezone_id=zone, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def sign_in(page: Page, server: Server, name: str = "demo", password: str = PASSWORD) -> None:
    page.goto(f"{server.url}/app/")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
