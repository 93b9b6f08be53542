from playwright.sync_api import Page, expect
from tests.ui.dashboard import sign_in
from tests.ui.test_dashboard_ui import start_conversation

def test_try(page: Page, account, screenshot):
    c = start_conversation(account, "Grace Hopper")
    account.create_message(c["id"], "My order #1042 has not arrived.", message_type="incoming")
    account.create_message(c["id"], "Looking", private=True)
    sign_in(page, account.email, account.password)
    page.goto(f"/app/conversations/{c['id']}")
    expect(page.locator("[data-people] li").first).not_to_have_text("Connecting…")
    screenshot(page, "try-conv")
    page.goto("/app")
    screenshot(page, "try-list")
