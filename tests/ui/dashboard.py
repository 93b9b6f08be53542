"""Steps the browser tests share, written as a user would take them."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/app/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def expect_readable_at_viewport(page: Page) -> None:
    """Nothing wider than the window: no sideways scrolling at 1280x800."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def expect_times_made_relative(page: Page) -> None:
    """The page's module script ran (and CSP let it): times read like "5 minutes ago", not UTC stamps."""
    first_time = page.locator("time[data-relative]").first
    expect(first_time).not_to_contain_text("UTC")
