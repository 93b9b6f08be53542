"""The conversation workspace in Chromium: live list and thread, composer, actions, teamwork, keyboard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.ui.dashboard import expect_readable_at_viewport, sign_in
from tests.ui.workspace import (
    expect_live,
    expect_same_document,
    mark_page,
    open_conversation,
    row,
    status_badge,
    thread,
)
from tests.workspace_support import add_member, conversation_with_contact


def new_conversation(account, name: str = "Grace Hopper", inbox_name: str = "Website API", **fields) -> dict:
    inbox = account.create_api_inbox(name=inbox_name)
    return conversation_with_contact(account, inbox["id"], name, **fields)


def stored_messages(account, conversation: dict) -> list[dict]:
    return account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]


def conversation_state(account, conversation: dict) -> dict:
    return account.get(f"/conversations/{conversation['id']}").json()


def test_a_message_posted_through_the_api_appears_in_list_and_thread_without_reload(page: Page, account, screenshot):
    conversation = new_conversation(account)
    account.create_message(conversation["id"], "Hello, I need help with an order.", message_type="incoming")
    open_conversation(page, account, conversation["id"])
    mark_page(page)

    account.create_message(conversation["id"], "It is order #1042 <b>urgent</b>", message_type="incoming")
    expect(thread(page).locator("li").last).to_have_text(re.compile(r"It is order #1042 <b>urgent</b>"))
    expect(row(page, conversation["id"])).to_contain_text("It is order #1042 <b>urgent</b>")

    # A conversation that did not exist when the page was rendered shows up in the list too.
    newcomer = new_conversation(account, "Alan Turing", inbox_name="Chat")
    account.create_message(newcomer["id"], "Is anyone there?", message_type="incoming")
    expect(row(page, newcomer["id"])).to_contain_text("Is anyone there?")
    expect(page.locator("[data-count=all]")).to_have_text("2")
    expect_same_document(page)


def test_reply_and_private_note_from_the_composer(page: Page, account, screenshot):
    conversation = new_conversation(account)
    account.create_message(conversation["id"], "Where is my parcel?", message_type="incoming")
    open_conversation(page, account, conversation["id"])
    mark_page(page)
    composer = page.get_by_label("Message to Grace Hopper")

    composer.fill("It left the depot this morning.")
    composer.press("Enter")
    reply = thread(page).locator('li[data-kind="outgoing"]')
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text("It left the depot this morning.")
    expect(reply).not_to_have_class(re.compile("is-pending"))
    expect(composer).to_have_value("")

    page.get_by_role("tab", name="Private note").click()
    composer.type("Carrier ticket 88")
    composer.press("Shift+Enter")
    composer.type("ask again Friday")
    expect(composer).to_have_value("Carrier ticket 88\nask again Friday")
    composer.press("Enter")
    note = thread(page).locator('li[data-kind="note"]')
    expect(note).to_contain_text("Private note")
    expect(note.locator(".content")).to_have_text("Carrier ticket 88\nask again Friday")
    expect(note).to_have_attribute("data-message", re.compile(r"\d+"))  # stored, no longer optimistic

    stored = stored_messages(account, conversation)
    assert [(m["content"], m["private"], m["message_type"]) for m in stored] == [
        ("Where is my parcel?", False, 0),
        ("It left the depot this morning.", False, 1),
        ("Carrier ticket 88\nask again Friday", True, 1),
    ]
    # The reply went out once: the optimistic copy was replaced by the stored message (echo_id).
    expect(thread(page).locator("li.is-pending")).to_have_count(0)
    expect(thread(page).locator("li[data-message]")).to_have_count(3)
    expect_same_document(page)
    expect_readable_at_viewport(page)
    screenshot(page, "workspace-conversation")


def test_canned_response_by_short_code(page: Page, account):
    account.post("/canned_responses", {"short_code": "refund", "content": "Your refund is on its way."})
    conversation = new_conversation(account)
    open_conversation(page, account, conversation["id"])
    composer = page.get_by_label("Message to Grace Hopper")
    composer.type("Hi! /ref")
    suggestions = page.get_by_role("listbox", name="Canned responses")
    expect(suggestions.get_by_role("option")).to_have_count(1)
    expect(suggestions).to_contain_text("/refund")
    composer.press("Enter")
    expect(composer).to_have_value("Hi! Your refund is on its way.")
    expect(suggestions).to_be_hidden()


def test_assign_label_resolve_snooze_and_mute(page: Page, account):
    account.post("/labels", {"title": "billing"})
    team = account.post("/teams", {"name": "payments"}).json()
    conversation = new_conversation(account)
    open_conversation(page, account, conversation["id"])
    mark_page(page)

    # The team first: assigning a team unassigns an agent who is not in it.
    page.get_by_label("Team", exact=True).select_option(label="payments")
    expect(thread(page)).to_contain_text("Assigned to payments by Ada Admin")
    page.get_by_label("Assigned agent").select_option(label="Ada Admin (you)")
    expect(page.locator("#assignee-summary")).to_contain_text("Ada Admin")
    page.get_by_label("Priority", exact=True).select_option("high")
    expect(thread(page)).to_contain_text("Ada Admin set the priority to high")
    page.get_by_role("checkbox", name="billing").check()
    expect(thread(page)).to_contain_text("Ada Admin added billing")
    expect(row(page, conversation["id"]).locator(".label-chip")).to_have_text("billing")
    state = conversation_state(account, conversation)
    assert state["meta"]["assignee"]["id"] == account.user_id
    assert state["meta"]["team"]["id"] == team["id"]
    assert state["priority"] == "high" and state["labels"] == ["billing"]

    page.get_by_role("button", name="Resolve").click()
    expect(status_badge(page)).to_have_text("Resolved")
    expect(thread(page)).to_contain_text("Conversation was marked resolved by Ada Admin")
    page.get_by_role("button", name="Reopen").click()
    expect(status_badge(page)).to_have_text("Open")
    # The reopening's own live refresh re-renders the panel: open the snooze menu after it has arrived.
    expect(thread(page)).to_contain_text("Conversation was reopened by Ada Admin")

    page.get_by_text("Snooze", exact=True).click()
    page.get_by_role("button", name="Until tomorrow").click()
    expect(status_badge(page)).to_have_text("Snoozed")
    assert conversation_state(account, conversation)["snoozed_until"] is not None

    page.get_by_role("button", name="Reopen").click()
    expect(status_badge(page)).to_have_text("Open")
    page.get_by_role("button", name="Mute").click()
    expect(page.get_by_role("button", name="Unmute")).to_be_visible()
    assert conversation_state(account, conversation)["muted"] is True
    expect_same_document(page)


def test_older_messages_load_when_scrolling_up(page: Page, account):
    conversation = new_conversation(account)
    for n in range(25):
        account.create_message(conversation["id"], f"line {n}")
    open_conversation(page, account, conversation["id"])
    expect(thread(page).locator("li")).to_have_count(20)
    page.locator("[data-thread-scroll]").evaluate("element => { element.scrollTop = 0; }")
    expect(thread(page).locator("li")).to_have_count(25)
    expect(thread(page).locator("li").first).to_contain_text("line 0")


def test_sending_warns_when_the_contact_wrote_meanwhile(page: Page, account):
    conversation = new_conversation(account)
    account.create_message(conversation["id"], "Hi", message_type="incoming")
    open_conversation(page, account, conversation["id"])
    composer = page.get_by_label("Message to Grace Hopper")
    composer.type("Sure, your order")
    account.create_message(conversation["id"], "Never mind, it arrived!", message_type="incoming")
    expect(thread(page)).to_contain_text("Never mind, it arrived!")
    composer.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("A new message arrived while you were typing")
    assert len(stored_messages(account, conversation)) == 2
    composer.press("Enter")
    expect(thread(page).locator('li[data-kind="outgoing"]')).to_contain_text("Sure, your order")


def test_two_agents_see_each_others_changes_live(browser, server, account, page: Page):
    colleague = add_member(server, account, "Bea Buddy")
    conversation = new_conversation(account)
    account.create_message(conversation["id"], "Can someone help?", message_type="incoming")
    open_conversation(page, account, conversation["id"])

    other = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 800}, locale="en-US")
    try:
        bea = other.new_page()
        open_conversation(bea, colleague, conversation["id"])
        # Each sees the other online.
        expect(page.locator("[data-people]")).to_contain_text("Bea Buddy")
        expect(bea.locator("[data-people]")).to_contain_text("Ada Admin")
        # Each sees the other has this conversation open.
        expect(page.locator("[data-viewers]")).to_have_text("Bea Buddy is also viewing this conversation.")
        expect(bea.locator("[data-viewers]")).to_have_text("Ada Admin is also viewing this conversation.")

        # Ada typing shows on Bea's screen, and stops when Ada sends.
        page.get_by_label("Message to Grace Hopper").type("On it")
        expect(bea.locator("[data-typing]")).to_have_text("Ada Admin is typing a reply…")
        page.get_by_label("Message to Grace Hopper").press("Enter")
        expect(thread(bea).locator('li[data-kind="outgoing"]')).to_contain_text("On it")
        expect(bea.locator("[data-typing]")).to_have_text("")

        # Bea assigns herself and resolves; Ada sees both without reloading.
        mark_page(page)
        bea.get_by_role("button", name="Assign to me").click()
        expect(page.locator("#assignee-summary")).to_contain_text("Bea Buddy")
        bea.get_by_role("button", name="Resolve").click()
        expect(status_badge(page)).to_have_text("Resolved")
        expect(row(page, conversation["id"])).to_have_count(0)  # Ada's list shows open conversations
        bea.get_by_role("tab", name="Private note").click()
        bea.get_by_label("Message to Grace Hopper").fill("Handled by phone")
        bea.get_by_label("Message to Grace Hopper").press("Enter")
        expect(thread(page).locator('li[data-kind="note"]')).to_contain_text("Handled by phone")
        expect_same_document(page)

        # Bea goes back to her list: Ada no longer sees her in the conversation.
        bea.get_by_role("navigation", name="Main").get_by_role("link", name="Conversations").click()
        expect(page.locator("[data-viewers]")).to_be_hidden()
    finally:
        other.close()


def test_usable_at_phone_width(page: Page, account, screenshot):
    conversation = new_conversation(account)
    account.create_message(conversation["id"], "Hello from my phone, my order is late.", message_type="incoming")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, account.email, account.password)
    expect(row(page, conversation["id"])).to_be_visible()
    expect_readable_at_viewport(page)
    screenshot(page, "workspace-list-phone")
    row(page, conversation["id"]).get_by_role("link").click()
    expect(page.get_by_role("link", name="← Conversations")).to_be_visible()
    expect(page.get_by_role("button", name="Resolve")).to_be_visible()
    composer = page.get_by_label("Message to Grace Hopper")
    composer.fill("We are on it.")
    composer.press("Enter")
    expect(thread(page).locator('li[data-kind="outgoing"]')).to_contain_text("We are on it.")
    expect_readable_at_viewport(page)
    screenshot(page, "workspace-conversation-phone")


def test_keyboard_moves_opens_and_resolves_and_the_palette_runs_actions(page: Page, account, screenshot):
    inbox = account.create_api_inbox(name="Website API")
    first = conversation_with_contact(account, inbox["id"], "First Contact")
    second = conversation_with_contact(account, inbox["id"], "Second Contact")
    account.post(f"/conversations/{first['id']}/labels", {"labels": ["billing", "vip"]})
    account.post(f"/conversations/{first['id']}/assignments", {"assignee_id": account.user_id})
    account.create_message(first["id"], "older", message_type="incoming")
    account.create_message(second["id"], "newer", message_type="incoming")
    sign_in(page, account.email, account.password)
    expect_live(page)
    mark_page(page)
    screenshot(page, "workspace-list")

    page.keyboard.press("j")
    expect(row(page, second["id"])).to_have_class(re.compile("is-selected"))
    page.keyboard.press("j")
    expect(row(page, first["id"])).to_have_class(re.compile("is-selected"))
    page.keyboard.press("k")
    expect(row(page, second["id"])).to_have_class(re.compile("is-selected"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/app/conversations/{second['id']}$"))
    expect(page.get_by_role("heading", name=re.compile("Second Contact"))).to_be_visible()
    expect_same_document(page)  # opened without a page load

    page.keyboard.press("e")
    expect(status_badge(page)).to_have_text("Resolved")
    page.keyboard.press("e")
    expect(status_badge(page)).to_have_text("Open")

    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()

    page.keyboard.press("Control+k")
    palette = page.get_by_role("dialog", name="Command palette")
    expect(palette).to_be_visible()
    page.keyboard.type("snooze tomorrow")
    expect(palette.get_by_role("option")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(status_badge(page)).to_have_text("Snoozed")

    page.keyboard.press("r")
    expect(page.get_by_label("Message to Second Contact")).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    expect(page.locator("[data-composer]")).to_have_attribute("data-mode", "note")


def test_a_tab_that_lost_its_connection_catches_up_from_its_cursor(page: Page, account, browser_errors):
    conversation = new_conversation(account)
    open_conversation(page, account, conversation["id"])
    mark_page(page)
    page.context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('online'))")  # reconnect now: refused while offline
    expect(page.locator("html")).not_to_have_attribute("data-live", "live")
    account.create_message(conversation["id"], "Sent while you were away", message_type="incoming")
    account.create_message(conversation["id"], "And this too", message_type="incoming")
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect_live(page)
    expect(thread(page).locator('li[data-kind="incoming"]')).to_have_count(2)
    expect(thread(page)).to_contain_text("And this too")
    expect_same_document(page)
    # Chromium logs each connection attempt refused while offline.
    browser_errors[:] = [e for e in browser_errors if "ERR_INTERNET_DISCONNECTED" not in e]


def test_every_user_supplied_string_is_escaped(page: Page, account, browser_errors):
    payload = '<img src=x onerror="window.__xss=1">'
    inbox = account.create_api_inbox(name=f"Inbox {payload}")
    account.post("/teams", {"name": f"team {payload}"})
    account.post("/canned_responses", {"short_code": "evil", "content": f"Hi {payload}"})
    conversation = conversation_with_contact(account, inbox["id"], f"Mallory {payload}", email="mallory@example.com")
    account.create_message(conversation["id"], f"Message {payload}", message_type="incoming")
    account.create_message(
        conversation["id"],
        "Cards",
        content_type="cards",
        content_attributes={
            "items": [
                {"title": payload, "actions": [{"type": "link", "text": payload, "uri": "javascript:window.__xss=2"}]}
            ]
        },
    )
    account.post(f"/conversations/{conversation['id']}/labels", {"labels": ["safe-label"]})
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    open_conversation(page, account, conversation["id"])
    expect(page.get_by_role("heading", name=re.compile("Mallory"))).to_contain_text(payload)
    expect(thread(page)).to_contain_text(f"Message {payload}")
    expect(row(page, conversation["id"])).to_contain_text(payload)
    composer = page.get_by_label(re.compile("Message to Mallory"))
    composer.type("/evil")
    expect(page.get_by_role("listbox", name="Canned responses")).to_contain_text(payload)
    account.create_message(conversation["id"], f"Live {payload}", message_type="incoming")
    expect(thread(page)).to_contain_text(f"Live {payload}")
    composer.press("Escape")
    page.keyboard.press("Control+k")
    page.keyboard.type("Mallory")
    expect(page.get_by_role("dialog", name="Command palette").get_by_role("option")).to_contain_text([payload])
    page.keyboard.press("Escape")
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator("img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert dialogs == []


def test_snooze_times_are_mornings_in_the_agents_time_zone(page: Page, account):
    sign_in(page, account.email, account.password)
    times = page.evaluate(
        """async () => {
            const { snoozeUntil } = await import("/app/static/ws-actions.js");
            const saturday = new Date(2026, 0, 3, 22, 30);  // Saturday 3 January 2026, 22:30 local
            const at = (seconds) => seconds === null ? null : new Date(seconds * 1000).toString().slice(0, 21);
            return {
                tomorrow: at(snoozeUntil("tomorrow", "", saturday)),
                nextWeek: at(snoozeUntil("next_week", "", saturday)),
                chosen: at(snoozeUntil("chosen", "2026-01-05T14:15", saturday)),
                past: snoozeUntil("chosen", "2026-01-01T10:00", saturday),
                none: snoozeUntil("chosen", "", saturday),
            };
        }"""
    )
    assert times == {
        "tomorrow": "Sun Jan 04 2026 09:00",
        "nextWeek": "Mon Jan 05 2026 09:00",
        "chosen": "Mon Jan 05 2026 14:15",
        "past": None,
        "none": None,
    }


def test_tabs_filters_and_search_apply_without_reload(page: Page, account):
    account.post("/labels", {"title": "billing"})
    mine = new_conversation(account, "Mina Mine", inbox_name="Support")
    account.post(f"/conversations/{mine['id']}/assignments", {"assignee_id": account.user_id})
    other = new_conversation(account, "Otto Other", inbox_name="Sales", email="otto@example.com")
    account.post(f"/conversations/{other['id']}/labels", {"labels": ["billing"]})
    resolved = new_conversation(account, "Rita Resolved", inbox_name="Support", status="resolved")
    sign_in(page, account.email, account.password)
    expect_live(page)
    mark_page(page)
    expect(page.locator(".conv-row")).to_have_count(2)

    page.get_by_role("link", name=re.compile("^Mine")).click()
    expect(page.locator(".conv-row")).to_have_count(1)
    expect(row(page, mine["id"])).to_be_visible()
    expect(page).to_have_url(re.compile(r"tab=mine"))
    page.get_by_role("link", name=re.compile("^All")).click()
    page.get_by_label("Filter by label").select_option("billing")
    expect(page.locator(".conv-row")).to_have_count(1)
    expect(row(page, other["id"])).to_be_visible()
    page.get_by_label("Filter by label").select_option("")
    page.get_by_label("Filter by status").select_option("resolved")
    expect(page.locator(".conv-row")).to_have_count(1)
    expect(row(page, resolved["id"])).to_be_visible()

    page.get_by_label("Search conversations").fill("otto@exa")
    expect(page.locator(".conv-row")).to_have_count(1)
    expect(row(page, other["id"])).to_be_visible()
    expect(page.locator("#conversation-count")).to_contain_text("1 found")
    expect_same_document(page)
