"""The dashboard in Chromium: signing in and out, the list and thread, profile settings."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.ui.dashboard import expect_readable_at_viewport, expect_times_made_relative, sign_in


def start_conversation(account, contact_name: str) -> dict:
    inbox = account.create_api_inbox(name="Website API")
    contact = account.create_contact(inbox["id"], name=contact_name)
    r = account.post("/conversations", {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]})
    assert r.status_code == 200, r.text
    return r.json()


def test_sign_in_and_sign_out(page: Page, account, screenshot):
    page.goto("/app")
    expect(page).to_have_url(re.compile(r"/app/login\?next=%2Fapp$"))
    expect(page.get_by_role("heading", name="Sign in to Chatlake")).to_be_visible()
    expect_readable_at_viewport(page)
    screenshot(page, "login")

    sign_in(page, account.email, account.password)
    expect(page.get_by_role("heading", name="Conversations")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/app$"))
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Profile settings")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Chatlake")).to_be_visible()
    page.goto("/app")
    expect(page).to_have_url(re.compile(r"/app/login"))


def test_wrong_password_keeps_the_user_on_the_login_page(page: Page, account, browser_errors):
    sign_in(page, account.email, "definitely wrong")
    expect(page.get_by_role("alert")).to_have_text("Invalid email or password.")
    expect(page.get_by_label("Email")).to_have_value(account.email)
    # Chromium logs the 401 status of the page itself; that one is expected.
    browser_errors[:] = [e for e in browser_errors if "401" not in e]


def test_message_posted_through_the_api_shows_in_list_and_thread(page: Page, account, screenshot):
    conversation = start_conversation(account, "Grace Hopper")
    account.create_message(conversation["id"], "My order #1042 has not arrived.", message_type="incoming")
    account.create_message(conversation["id"], "Looking into it now.")
    account.create_message(conversation["id"], "Carrier says it left the depot.", private=True)
    latest = account.create_message(conversation["id"], "It is on its way <b>today</b>!")

    sign_in(page, account.email, account.password)
    row = page.locator(f'.conv-row[data-conversation="{conversation["id"]}"]')
    expect(row).to_contain_text("Grace Hopper")
    expect(row).to_contain_text("Website API")
    expect(row).to_contain_text("It is on its way <b>today</b>!")
    expect(row).to_contain_text("Open")
    expect_times_made_relative(page)
    expect_readable_at_viewport(page)
    screenshot(page, "conversations")

    row.get_by_role("link", name="Grace Hopper").click()
    expect(page.get_by_role("heading", name=re.compile("Grace Hopper"))).to_be_visible()
    thread = page.get_by_role("list", name="Messages")
    expect(thread.locator("li")).to_have_count(4)
    newest = thread.locator(f'li[data-message="{latest["id"]}"]')
    expect(newest).to_have_attribute("data-kind", "outgoing")
    expect(newest.locator(".content")).to_have_text("It is on its way <b>today</b>!")
    expect(thread.locator("li").last).to_have_attribute("data-message", str(latest["id"]))
    expect(thread.locator('li[data-kind="note"]')).to_contain_text("Private note")
    expect(thread.locator('li[data-kind="incoming"]')).to_contain_text("My order #1042 has not arrived.")
    expect_times_made_relative(page)
    expect_readable_at_viewport(page)
    screenshot(page, "conversation")


def test_profile_settings_show_the_token_the_api_returns(page: Page, account, screenshot):
    api_token = account.client.get("/api/v1/profile").json()["access_token"]

    sign_in(page, account.email, account.password)
    page.get_by_role("link", name="Profile settings").click()
    expect(page.get_by_role("heading", name="Profile settings")).to_be_visible()
    expect(page.locator("#profile-email")).to_have_text(account.email)
    expect(page.locator("#profile-name")).to_have_text("Ada Admin")
    expect(page.get_by_role("heading", name="Access Token")).to_be_visible()
    expect(page.locator("#access-token")).to_have_text(api_token)
    # The copy button is shown by the page's module script, so seeing it proves the script ran.
    expect(page.get_by_role("button", name="Copy")).to_be_visible()
    expect_readable_at_viewport(page)
    screenshot(page, "profile")
