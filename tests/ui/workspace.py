"""Steps the workspace browser tests share."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.ui.dashboard import sign_in


def open_conversation(page: Page, account, conversation_id: int) -> None:
    sign_in(page, account.email, account.password)
    page.goto(f"/app/conversations/{conversation_id}")
    expect_live(page)


def expect_live(page: Page) -> None:
    """The page follows the account's events (its cable subscription is confirmed)."""
    expect(page.locator("html")).to_have_attribute("data-live", "live")


def mark_page(page: Page) -> None:
    """A marker that a full page load would wipe out: tests assert it survives live updates."""
    page.evaluate("window.__sameDocument = true")


def expect_same_document(page: Page) -> None:
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"


def thread(page: Page):
    return page.get_by_role("list", name="Messages")


def row(page: Page, conversation_id: int):
    return page.locator(f'.conv-row[data-conversation="{conversation_id}"]')


def status_badge(page: Page):
    return page.locator("[data-part=head] .status")
