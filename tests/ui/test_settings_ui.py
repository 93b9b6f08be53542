"""Settings, profile and contacts in Chromium: the forms work as a person uses them, the copy and
confirm scripts run under the strict CSP, and the pages fit both a laptop and a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.ui.dashboard import expect_readable_at_viewport, sign_in

PHONE = {"width": 390, "height": 844}


def at_phone_width(page: Page, screenshot, name: str) -> None:
    page.set_viewport_size(PHONE)
    expect_readable_at_viewport(page)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_create_an_api_inbox_and_copy_its_tokens(page: Page, account, screenshot):
    sign_in(page, account.email, account.password)
    page.get_by_role("link", name="Settings", exact=True).click()
    expect(page.get_by_role("heading", name="Inboxes")).to_be_visible()
    page.get_by_label("Inbox name").fill("Website")
    page.get_by_label("Webhook URL").fill("https://example.com/hooks/chatlake")
    page.get_by_role("button", name="Create inbox").click()

    expect(page.get_by_role("heading", name="Website")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Inbox “Website” created.")
    inbox_id = int(re.search(r"/inboxes/(\d+)$", page.url).group(1))
    api = account.get(f"/inboxes/{inbox_id}").json()
    expect(page.locator("#inbox-identifier")).to_have_text(api["inbox_identifier"])
    expect(page.locator("#inbox-hmac-token")).to_have_text(api["hmac_token"])
    expect(page.locator("#inbox-webhook-secret")).to_have_text(api["secret"])
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy webhook secret").click()
    expect(page.get_by_role("button", name="Copy webhook secret")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == api["secret"]
    expect_readable_at_viewport(page)
    screenshot(page, "settings-inbox")
    # The window as a person sees it (not the full page): the picture docs/screenshots/ keeps.
    page.screenshot(path=str(screenshot(page, "settings-inbox").with_name("settings-inbox-window.png")))
    at_phone_width(page, screenshot, "settings-inbox")

    page.get_by_role("link", name="Inboxes", exact=True).click()
    expect(page.get_by_role("table", name="Inboxes")).to_contain_text("https://example.com/hooks/chatlake")
    screenshot(page, "settings-inboxes")


def test_agents_are_added_and_promoted(page: Page, account, screenshot):
    sign_in(page, account.email, account.password)
    page.goto("/app/settings/agents")
    page.get_by_label("Name", exact=True).fill("Grace Agent")
    page.get_by_label("Email").fill(f"grace-{account.account_id}@example.com")
    page.get_by_label("Role", exact=True).select_option("agent")
    page.get_by_label("Initial password").fill("grace password 1")
    page.get_by_role("button", name="Add agent").click()
    expect(page.get_by_role("status")).to_contain_text("Grace Agent was added.")
    row = page.locator("tr", has_text="Grace Agent")
    row.get_by_label("Role of Grace Agent", exact=True).select_option("administrator")
    row.get_by_role("button", name="Save role of Grace Agent").click()
    expect(page.get_by_role("status")).to_contain_text("Grace Agent is now an administrator.")
    expect_readable_at_viewport(page)
    screenshot(page, "settings-agents")
    at_phone_width(page, screenshot, "settings-agents")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove Grace Agent").click()
    expect(page.get_by_role("status")).to_contain_text("removed")
    expect(page.get_by_role("table", name="Agents")).not_to_contain_text("Grace Agent")


def test_profile_token_reset_asks_first_and_the_new_token_works(page: Page, account, screenshot):
    old_token = account.token
    sign_in(page, account.email, account.password)
    page.goto("/app/profile")
    expect(page.locator("#access-token")).to_have_text(old_token)

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset token").click()
    expect(page.locator("#access-token")).to_have_text(old_token)  # dismissed: nothing posted

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset token").click()
    expect(page.get_by_role("status")).to_contain_text("The old one no longer works")
    new_token = page.locator("#access-token").inner_text()
    assert new_token != old_token
    assert account.client.get("/api/v1/profile").status_code == 401
    account.token, account._client = new_token, None
    assert account.client.get("/api/v1/profile").status_code == 200

    page.get_by_label("Display name").fill("Ada")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator("#profile-display-name")).to_have_text("Ada")
    expect_readable_at_viewport(page)
    screenshot(page, "profile-settings")
    at_phone_width(page, screenshot, "profile-settings")


def test_webhooks_and_labels_pages(page: Page, account, screenshot):
    sign_in(page, account.email, account.password)
    page.goto("/app/settings/webhooks")
    page.get_by_label("URL").fill("https://example.com/hooks")
    page.get_by_label("message_created").check()
    page.get_by_role("button", name="Create webhook").click()
    expect(page.get_by_role("heading", name="Delivery log")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Webhook created.")
    screenshot(page, "settings-webhook")

    page.goto("/app/settings/labels")
    page.get_by_label("Title").fill("vip")
    page.get_by_label("Description").fill("Our biggest customers")
    page.get_by_role("button", name="Create label").click()
    expect(page.get_by_role("table", name="Labels")).to_contain_text("Our biggest customers")
    expect_readable_at_viewport(page)
    screenshot(page, "settings-labels")


def test_contacts_list_and_contact_page(page: Page, account, screenshot):
    inbox = account.create_api_inbox(name="Website")
    contact = account.create_contact(
        inbox["id"], name="Grace Hopper", email="grace@navy.test", additional_attributes={"company_name": "US Navy"}
    )
    account.create_contact(name="Alan Turing", email="alan@bletchley.test", phone_number="+441234567890")
    cid = contact["contact"]["id"]
    account.post("/conversations", {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]})
    account.post("/labels", {"title": "vip"})
    account.post(
        "/custom_attribute_definitions",
        {
            "attribute_display_name": "Plan",
            "attribute_key": "plan",
            "attribute_display_type": "list",
            "attribute_model": "contact_attribute",
            "attribute_values": ["free", "pro"],
        },
    )

    sign_in(page, account.email, account.password)
    page.get_by_role("link", name="Contacts").click()
    table = page.get_by_role("table", name="Contacts")
    expect(table.locator("tbody tr")).to_have_count(2)
    page.get_by_label("Search").fill("hopper")
    page.get_by_role("button", name="Search").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("US Navy")
    expect_readable_at_viewport(page)
    screenshot(page, "contacts")
    at_phone_width(page, screenshot, "contacts")

    table.get_by_role("link", name="Grace Hopper").click()
    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()
    page.get_by_label("Plan").select_option("pro")
    page.get_by_role("button", name="Save attributes").click()
    expect(page.get_by_role("status")).to_contain_text("Attributes saved.")
    page.get_by_label("vip").check()
    page.get_by_role("button", name="Save labels").click()
    expect(page.get_by_label("Contact labels")).to_contain_text("vip")
    page.get_by_label("New note").fill("Invented the compiler.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("list", name="Notes")).to_contain_text("Invented the compiler.")
    assert account.get(f"/contacts/{cid}").json()["payload"]["custom_attributes"] == {"plan": "pro"}
    expect_readable_at_viewport(page)
    screenshot(page, "contact")
    at_phone_width(page, screenshot, "contact")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete note 1").click()
    expect(page.get_by_role("status")).to_contain_text("Note deleted.")
    expect(page.get_by_role("list", name="Notes")).to_have_count(0)


def test_an_agent_sees_no_settings_and_gets_a_clear_refusal(page: Page, account, screenshot, browser_errors):
    email = f"plain-{account.account_id}@example.com"
    account.post("/agents", {"name": "Plain Agent", "email": email, "role": "agent"})
    # An administrator gives the new agent a first password through the settings form.
    sign_in(page, account.email, account.password)
    page.goto("/app/settings/agents")
    page.get_by_label("Name", exact=True).fill("Plain Agent")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Initial password").fill("plain password 1")
    page.get_by_role("button", name="Add agent").click()
    expect(page.get_by_role("alert")).to_contain_text("Email has already been taken")
    page.get_by_role("button", name="Sign out").click()

    other_email = f"plain2-{account.account_id}@example.com"
    sign_in(page, account.email, account.password)
    page.goto("/app/settings/agents")
    page.get_by_label("Name", exact=True).fill("Second Agent")
    page.get_by_label("Email").fill(other_email)
    page.get_by_label("Initial password").fill("plain password 2")
    page.get_by_role("button", name="Add agent").click()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, other_email, "plain password 2")
    expect(page.get_by_role("link", name="Settings", exact=True)).to_have_count(0)
    page.goto("/app/settings/inboxes")
    expect(page.get_by_role("alert")).to_have_text("Only administrators of this account can open its settings.")
    screenshot(page, "settings-refused")
    assert browser_errors == ["Failed to load resource: the server responded with a status of 403 (Forbidden)"]
    browser_errors.clear()


def test_every_settings_page_fits_a_laptop_and_a_phone(page: Page, account, screenshot):
    inbox = account.create_api_inbox(name="Website")
    account.post("/teams", {"name": "Sales", "description": "New business"})
    account.post("/canned_responses", {"short_code": "thanks", "content": "Thank you for writing to us!"})
    account.post(
        "/custom_attribute_definitions",
        {
            "attribute_display_name": "Plan",
            "attribute_key": "plan",
            "attribute_display_type": "list",
            "attribute_model": "contact_attribute",
            "attribute_values": ["free", "pro"],
        },
    )
    sign_in(page, account.email, account.password)
    areas = ("account", "inboxes", "agents", "teams", "labels", "canned-responses", "attributes", "webhooks", "health")
    for area in areas:
        page.goto(f"/app/settings/{area}")
        expect(page.get_by_role("navigation", name="Settings").get_by_role("link", name=re.compile("."))).to_have_count(
            len(areas)
        )
        expect_readable_at_viewport(page)
        screenshot(page, f"settings-{area}-page")
        at_phone_width(page, screenshot, f"settings-{area}-page")
    page.goto(f"/app/settings/inboxes/{inbox['id']}")
    at_phone_width(page, screenshot, "settings-inbox-detail")
