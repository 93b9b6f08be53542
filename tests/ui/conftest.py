"""A real Chromium driven by Playwright against the live test server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Quiet, offline, deterministic: no updates, sync or first-run screens reaching out during tests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


# One Chromium for all UI tests, but closed when they are done rather than at the end of the run:
# while the sync Playwright API is alive it marks its event loop as running in the main thread,
# which makes every later asyncio.run() (test setup elsewhere) fail. Depending on `server` makes
# the live server, whose setup uses asyncio.run(), start before Playwright does.
@pytest.fixture(scope="package")
def browser(server):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CHATLAKE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_errors() -> list[str]:
    """Console errors and uncaught exceptions; a CSP violation shows up here. Tests expecting one clear it."""
    return []


@pytest.fixture
def page(browser, server, browser_errors):
    context = browser.new_context(base_url=server.url, viewport=VIEWPORT, locale="en-US", timezone_id="UTC")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.on("console", lambda message: message.type == "error" and browser_errors.append(message.text))
    tab.on("pageerror", lambda error: browser_errors.append(str(error)))
    yield tab
    context.close()
    assert browser_errors == []


@pytest.fixture
def screenshot(db_kind):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}-{db_kind}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
