"""Account webhooks: subscriptions, signing, the delivery log, redelivery, and 410 Gone."""

from __future__ import annotations

import queue

import pytest

from tests.api.members import Members
from tests.api.test_seed_flow import verify_signature
from tests.support import wait_until


def _create_webhook(account, url, subscriptions=("message_created",), **extra) -> dict:
    r = account.post("/webhooks", {"url": url, "subscriptions": list(subscriptions), **extra})
    assert r.status_code == 200, r.text
    return r.json()["payload"]["webhook"]


def test_a_subscribed_event_is_delivered_signed_with_the_webhook_secret(account, receiver):
    webhook = _create_webhook(account, receiver.url, ["message_created", "contact_created"], name="CRM")
    assert webhook["subscriptions"] == ["message_created", "contact_created"]
    assert webhook["name"] == "CRM" and webhook["secret"]
    inbox = account.create_api_inbox()  # inbox_created: not subscribed

    contact = account.create_contact(inbox["id"], name="Zoe")
    created = receiver.next()
    assert created.json["event"] == "contact_created" and created.json["name"] == "Zoe"
    assert verify_signature(webhook["secret"], created.headers, created.body)

    conversation = account.post(
        "/conversations", {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
    ).json()  # conversation_created: not subscribed
    message = account.create_message(conversation["id"], "hello", message_type="incoming")
    delivered = receiver.next()
    assert delivered.json["event"] == "message_created" and delivered.json["id"] == message["id"]
    with pytest.raises(queue.Empty):
        receiver.next(timeout=0.3)

    listed = account.get("/webhooks").json()
    assert listed == {"payload": {"webhooks": [webhook]}}


def test_the_delivery_log_shows_attempts_and_redeliver_sends_again(account, receiver):
    webhook = _create_webhook(account, receiver.url, ["contact_created"])
    receiver.fail_next = 1
    account.create_contact(name="Logged")
    first = receiver.next()

    def recorded():
        log = account.get(f"/webhooks/{webhook['id']}/deliveries").json()["payload"]
        return log if log and log[0]["status"] != "pending" else None

    log = wait_until(recorded)
    assert len(log) == 1
    entry = log[0]
    assert entry["status"] == "delivered" and entry["attempts"] == 2 and entry["event"] == "contact_created"
    assert entry["last_response_code"] == 200 and entry["delivery_id"] == first.headers["x-chatlake-delivery"]
    assert entry["last_latency_ms"] is not None

    r = account.post(f"/webhooks/{webhook['id']}/deliveries/{entry['id']}/redeliver")
    assert r.status_code == 200
    again = receiver.next()
    assert again.body == first.body
    assert again.headers["x-chatlake-delivery"] != first.headers["x-chatlake-delivery"]
    assert len(account.get(f"/webhooks/{webhook['id']}/deliveries").json()["payload"]) == 2


def test_a_410_gone_disables_the_webhook_until_its_url_changes(account, receiver):
    webhook = _create_webhook(account, receiver.url, ["contact_created"])
    receiver.fail_next, receiver.fail_status = 1, 410
    account.create_contact(name="First")
    shown = wait_until(
        lambda: next((w for w in account.get("/webhooks").json()["payload"]["webhooks"] if not w["enabled"]), None)
    )
    assert "410" in shown["disabled_reason"]
    assert receiver.attempts[0].json["name"] == "First"

    account.create_contact(name="While disabled")
    with pytest.raises(queue.Empty):
        receiver.next(timeout=0.5)
    assert len(receiver.attempts) == 1

    r = account.client.patch(account.path(f"/webhooks/{webhook['id']}"), json={"url": receiver.url + "?v=2"})
    assert r.status_code == 200 and r.json()["payload"]["webhook"]["enabled"] is True
    account.create_contact(name="After re-enabling")
    assert receiver.next().json["name"] == "After re-enabling"


def test_a_410_on_an_api_inbox_disables_its_webhook_url(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    receiver.fail_next, receiver.fail_status = 1, 410
    conversation = account.create_conversation(inbox["id"])  # conversation_created gets the 410
    wait_until(
        lambda: account.get(f"/inboxes/{inbox['id']}/webhook_deliveries").json()["payload"][0]["status"] == "discarded"
    )
    account.create_message(conversation["id"], "not sent")
    with pytest.raises(queue.Empty):
        receiver.next(timeout=0.5)
    log = account.get(f"/inboxes/{inbox['id']}/webhook_deliveries").json()["payload"]
    assert [e["status"] for e in log] == ["discarded"]  # nothing more was even queued

    r = account.client.patch(
        account.path(f"/inboxes/{inbox['id']}"), json={"channel": {"webhook_url": receiver.url + "?v=2"}}
    )
    assert r.status_code == 200, r.text
    assert r.json()["webhook_url"].endswith("?v=2")
    message = account.create_message(conversation["id"], "sent again")
    assert receiver.next_event("message_created").json["id"] == message["id"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"url": "http://example.com/h", "subscriptions": []}, "subscriptions"),
        ({"url": "http://example.com/h", "subscriptions": ["message_exploded"]}, "subscriptions"),
        ({"url": "gopher://example.com/h", "subscriptions": ["message_created"]}, "url"),
        ({"subscriptions": ["message_created"]}, "url"),
    ],
)
def test_invalid_webhooks_are_422(account, body, field):
    r = account.post("/webhooks", body)
    assert r.status_code == 422
    assert field in r.json()["attributes"]
    assert account.get("/webhooks").json()["payload"]["webhooks"] == []


def test_duplicate_url_is_422(account):
    _create_webhook(account, "http://example.com/hook")
    r = account.post("/webhooks", {"url": "http://example.com/hook", "subscriptions": ["message_created"]})
    assert r.status_code == 422 and r.json()["attributes"] == ["url"]


def test_agents_cannot_manage_webhooks_and_other_accounts_get_404(account, other_account):
    webhook = _create_webhook(account, "http://example.com/hook")
    members = Members(account)
    agent = members.add()
    for method, suffix, body in [
        ("GET", "/webhooks", None),
        ("POST", "/webhooks", {"url": "http://example.com/x", "subscriptions": ["message_created"]}),
        ("PATCH", f"/webhooks/{webhook['id']}", {"name": "x"}),
        ("DELETE", f"/webhooks/{webhook['id']}", None),
        ("GET", f"/webhooks/{webhook['id']}/deliveries", None),
    ]:
        r = agent.client.request(method, account.path(suffix), json=body)
        assert r.status_code == 401, (method, suffix, r.text)
    for method, suffix in [
        ("PATCH", f"/webhooks/{webhook['id']}"),
        ("DELETE", f"/webhooks/{webhook['id']}"),
        ("GET", f"/webhooks/{webhook['id']}/deliveries"),
    ]:
        r = other_account.client.request(method, other_account.path(suffix), json={"name": "x"})
        assert r.status_code == 404, (method, suffix)
    assert account.client.delete(account.path(f"/webhooks/{webhook['id']}")).status_code == 200
    assert account.get("/webhooks").json()["payload"]["webhooks"] == []
    members.close()
