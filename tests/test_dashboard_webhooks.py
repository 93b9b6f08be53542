"""Settings > Webhooks over HTTP: create, edit, delete, the delivery log and redelivery (account webhooks
and an API inbox's webhook URL)."""

from __future__ import annotations

import re

import pytest

from tests.dashboard_support import Dashboard, notices
from tests.support import wait_until


@pytest.fixture
def admin(server, account):
    browser = Dashboard(server.url)
    assert browser.sign_in(account.email, account.password).status_code == 303
    yield browser
    browser.close()


def delivered_rows(admin, path: str) -> list[tuple[int, str]]:
    page = admin.get(path).text
    return [
        (int(delivery_id), status)
        for delivery_id, status in re.findall(
            r'<tr data-delivery="(\d+)">.*?class="delivery-status delivery-(\w+)"', page, re.S
        )
    ]


def test_create_edit_and_delete_a_webhook(admin, account):
    r = admin.post(
        "/app/settings/webhooks",
        [
            ("url", "https://example.com/hooks"),
            ("name", "CRM"),
            ("subscriptions", "message_created"),
            ("subscriptions", "contact_created"),
        ],
    )
    assert r.status_code == 303
    webhook_id = int(r.headers["location"].rsplit("/", 1)[1])
    (webhook,) = account.get("/webhooks").json()["payload"]["webhooks"]
    assert webhook["id"] == webhook_id
    assert webhook["subscriptions"] == ["message_created", "contact_created"]
    page = admin.get(r.headers["location"]).text
    assert webhook["secret"] in page

    admin.submit(
        f"/app/settings/webhooks/{webhook_id}",
        [("url", "https://example.com/other"), ("name", ""), ("subscriptions", "conversation_created")],
    )
    (webhook,) = account.get("/webhooks").json()["payload"]["webhooks"]
    assert (webhook["url"], webhook["name"], webhook["subscriptions"]) == (
        "https://example.com/other",
        None,
        ["conversation_created"],
    )

    refused = admin.submit(f"/app/settings/webhooks/{webhook_id}", [("url", "https://example.com/x")])
    assert "Subscriptions must be a non-empty list of event names" in notices(refused)

    page = admin.submit(f"/app/settings/webhooks/{webhook_id}/delete")
    assert "Webhook deleted." in notices(page)
    assert account.get("/webhooks").json()["payload"]["webhooks"] == []


def test_the_delivery_log_and_redeliver_button(admin, account, receiver):
    r = admin.post("/app/settings/webhooks", [("url", receiver.url), ("subscriptions", "contact_created")])
    page_path = r.headers["location"]
    account.create_contact(name="Logged Person")
    first = receiver.next()
    rows = wait_until(lambda: [row for row in delivered_rows(admin, page_path) if row[1] == "delivered"])
    (delivery_id, _status) = rows[0]
    page = admin.get(page_path).text
    assert "contact_created" in page and "HTTP 200" in page

    page = admin.submit(f"{page_path}/deliveries/{delivery_id}/redeliver")
    assert "Delivery queued again." in notices(page)
    again = receiver.next()
    assert again.body == first.body
    assert again.headers["x-chatlake-delivery"] != first.headers["x-chatlake-delivery"]
    assert len(delivered_rows(admin, page_path)) == 2


def test_an_api_inboxs_delivery_log_and_redeliver(admin, account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url, name="Hooked")
    conversation = account.create_conversation(inbox["id"])
    account.create_message(conversation["id"], "ping", message_type="incoming")
    receiver.next_event("message_created")
    page_path = f"/app/settings/inboxes/{inbox['id']}"
    rows = wait_until(lambda: [row for row in delivered_rows(admin, page_path) if row[1] == "delivered"])
    before = len(delivered_rows(admin, page_path))
    admin.submit(f"{page_path}/deliveries/{rows[0][0]}/redeliver")
    receiver.next()
    assert len(delivered_rows(admin, page_path)) == before + 1


def test_another_accounts_webhook_and_deliveries_are_not_found(admin, other_account):
    r = other_account.post("/webhooks", {"url": "https://example.com/theirs", "subscriptions": ["contact_created"]})
    theirs = r.json()["payload"]["webhook"]["id"]
    assert admin.get(f"/app/settings/webhooks/{theirs}").status_code == 404
    assert admin.post(f"/app/settings/webhooks/{theirs}/delete").status_code == 404
    assert len(other_account.get("/webhooks").json()["payload"]["webhooks"]) == 1
