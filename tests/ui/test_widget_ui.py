"""The website widget end to end in real Chromium: a shop on another origin embeds Chatwoot's snippet; a visitor
chats with an agent working in the dashboard, both live; the conversation survives a reload."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.public.support import identifier_hash, widget_inbox
from tests.ui.host_page import HostSite
from tests.ui.workspace import open_conversation, thread


@pytest.fixture
def website(account, server):
    inbox, public = widget_inbox(
        account,
        name="Shop chat",
        welcome_title="Hi, we are Acme",
        pre_chat_form_enabled=True,
        pre_chat_form_options={
            "pre_chat_message": "Tell us who you are",
            "pre_chat_fields": [
                {"name": "fullName", "required": True, "enabled": True},
                {"name": "emailAddress", "required": True, "enabled": True},
            ],
        },
        csat_survey_enabled=True,
    )
    site = HostSite(server.url, inbox["website_token"])
    yield inbox, site
    site.close()
    public.client.close()


def _open_widget(page: Page, site: HostSite):
    started = time.monotonic()
    page.goto(site.url)
    page.wait_for_function("window.chatwootReady === true")
    ready_ms = (time.monotonic() - started) * 1000
    bubble = page.get_by_role("button", name="Chat with us")
    return bubble, page.frame_locator("#chatwoot_live_chat_widget"), ready_ms


def test_a_visitor_and_an_agent_chat_live(page: Page, browser, server, account, website, screenshot):
    inbox, site = website
    bubble, widget, ready_ms = _open_widget(page, site)
    assert ready_ms < 10_000
    expect(bubble).to_have_attribute("aria-expanded", "false")
    bubble.click()
    expect(bubble).to_have_attribute("aria-expanded", "true")
    expect(widget.get_by_role("heading", name="Hi, we are Acme")).to_be_visible()
    expect(widget.get_by_text("Tell us who you are")).to_be_visible()
    widget.get_by_label("Name", exact=True).fill("Grace Visitor")
    widget.get_by_label("Email", exact=True).fill("grace.visitor@example.com")
    widget.get_by_label("Message", exact=True).fill("Is the blue kettle in stock?")
    widget.get_by_role("button", name="Start conversation").click()
    log = widget.get_by_role("log", name="Conversation")
    expect(log).to_contain_text("Is the blue kettle in stock?")
    screenshot(page, "widget-visitor-wrote")

    conversations = account.get("/conversations", params={"inbox_id": inbox["id"]}).json()["data"]["payload"]
    assert len(conversations) == 1
    conversation = conversations[0]
    assert conversation["meta"]["sender"]["name"] == "Grace Visitor"
    assert conversation["meta"]["sender"]["email"] == "grace.visitor@example.com"

    agent_context = browser.new_context(base_url=server.url)
    agent = agent_context.new_page()
    try:
        open_conversation(agent, account, conversation["id"])
        expect(thread(agent)).to_contain_text("Is the blue kettle in stock?")
        # The visitor types, then writes again: the agent sees both without reloading.
        widget.get_by_label("Type your message").fill("Size 2 litres please")
        expect(agent.locator("[data-typing]")).to_contain_text("Grace Visitor is typing")
        widget.get_by_label("Type your message").press("Enter")
        expect(thread(agent)).to_contain_text("Size 2 litres please")
        # The agent types: the visitor sees it; then replies.
        composer = agent.get_by_label("Message to Grace Visitor")
        composer.type("Yes, we have")
        expect(widget.locator("#typing")).to_contain_text("is typing")
        composer.type(" three left.")
        composer.press("Enter")
        expect(log).to_contain_text("Yes, we have three left.")
        expect(widget.locator("#typing")).to_have_text("")
    finally:
        agent_context.close()

    # A reload keeps the conversation (the visitor's session is in the shop's storage).
    page.reload()
    page.wait_for_function("window.chatwootReady === true")
    bubble.click()
    expect(log).to_contain_text("Yes, we have three left.")
    expect(log).to_contain_text("Size 2 litres please")
    expect(widget.get_by_label("Type your message")).to_be_visible()
    screenshot(page, "widget-after-reload")

    # Keyboard: Escape closes the window and gives focus back to the bubble.
    widget.get_by_label("Type your message").press("Escape")
    expect(bubble).to_have_attribute("aria-expanded", "false")
    expect(bubble).to_be_focused()


def test_set_user_with_a_valid_hash_shows_the_contact_verified(page: Page, account, website):
    inbox, site = website
    _bubble, _widget, _ = _open_widget(page, site)
    proof = identifier_hash(inbox["hmac_token"], "customer-77")
    page.evaluate(
        """([proof]) => window.$chatwoot.setUser("customer-77",
             {name: "Ada Customer", email: "ada.customer@example.com", identifier_hash: proof})""",
        [proof],
    )
    contact = _wait_for_contact(account, "ada.customer@example.com")
    assert contact["identifier"] == "customer-77" and contact["name"] == "Ada Customer"
    page.evaluate("window.$chatwoot.toggle('open')")
    widget = page.frame_locator("#chatwoot_live_chat_widget")
    widget.get_by_label("Type your message").fill("Hello as a signed-in customer")
    widget.get_by_label("Type your message").press("Enter")
    expect(widget.get_by_role("log", name="Conversation")).to_contain_text("Hello as a signed-in customer")
    conversations = account.get("/conversations", params={"inbox_id": inbox["id"]}).json()["data"]["payload"]
    assert conversations[0]["meta"]["hmac_verified"] is True
    assert conversations[0]["meta"]["sender"]["identifier"] == "customer-77"


def _wait_for_contact(account, email: str, timeout: float = 15) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = account.get("/contacts/search", params={"q": email}).json()["payload"]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no contact {email}")


def test_the_widget_window_is_labelled_for_assistive_technology(page: Page, website):
    _inbox, site = website
    bubble, widget, _ = _open_widget(page, site)
    bubble.focus()
    page.keyboard.press("Enter")
    expect(page.locator("iframe[title='Chat window']")).to_be_visible()
    expect(widget.get_by_role("button", name="Close chat")).to_be_visible()
    expect(widget.get_by_role("log", name="Conversation")).to_be_attached()
    assert re.search(r"Chat with us|Close chat", bubble.get_attribute("aria-label"))


def test_resolving_shows_the_survey_and_the_rating_reaches_the_report(page: Page, account, website):
    inbox, site = website
    bubble, widget, _ = _open_widget(page, site)
    bubble.click()
    widget.get_by_label("Name", exact=True).fill("Rita Rater")
    widget.get_by_label("Email", exact=True).fill("rita@example.com")
    widget.get_by_label("Message", exact=True).fill("My order arrived broken")
    widget.get_by_role("button", name="Start conversation").click()
    log = widget.get_by_role("log", name="Conversation")
    expect(log).to_contain_text("My order arrived broken")
    conversation = account.get("/conversations", params={"inbox_id": inbox["id"]}).json()["data"]["payload"][0]
    account.create_message(conversation["id"], "A new one is on its way.")
    account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "resolved"})
    expect(log).to_contain_text("Please rate the conversation")
    rating = widget.get_by_role("group", name="Rate the conversation from 1 to 5")
    rating.get_by_role("button", name="5 of 5").click()
    expect(rating.get_by_role("button", name="5 of 5")).to_have_attribute("aria-pressed", "true")
    widget.get_by_label("Tell us more (optional)").fill("Fast and friendly")
    widget.get_by_role("button", name="Submit rating").click()
    expect(log).to_contain_text("Thank you! You rated 5 of 5.")
    responses = account.get("/csat_survey_responses").json()
    assert [(r["rating"], r["feedback_message"]) for r in responses] == [(5, "Fast and friendly")]
    assert account.get("/csat_survey_responses/metrics").json()["ratings_count"] == {"5": 1}
