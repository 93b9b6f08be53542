"""Deleting a message (Chatwoot's tombstone) and an API channel reporting its delivery status."""

from __future__ import annotations

import pytest

from chatlake.models import Inbox
from tests.api.members import NOT_FOUND, Members, call


@pytest.fixture
def api_conversation(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")
    return inbox, conversation


def _messages(account, conversation_id):
    return account.get(f"/conversations/{conversation_id}/messages").json()["payload"]


def test_deleting_a_message_keeps_a_tombstone_and_tells_the_channel(account, api_conversation, receiver):
    _inbox, conversation = api_conversation
    c = conversation["id"]
    message = account.create_message(c, "my card number is 4111", content_attributes={"in_reply_to": 1})
    receiver.next_event("message_created")
    r = call(account, "DELETE", f"/conversations/{c}/messages/{message['id']}")
    assert r.status_code == 200, r.text
    deleted = r.json()
    assert (deleted["id"], deleted["content"], deleted["content_attributes"]) == (
        message["id"],
        "This message was deleted",
        {"deleted": True},
    )
    assert deleted["attachments"] == []
    (listed,) = [m for m in _messages(account, c) if m["id"] == message["id"]]
    assert listed["content"] == "This message was deleted"
    event = receiver.next_event("message_updated").json
    assert (event["id"], event["content"], event["content_attributes"]) == (
        message["id"],
        "This message was deleted",
        {"deleted": True},
    )
    assert "4111" not in str(_messages(account, c))


def test_delete_and_status_refuse_other_conversations_accounts_and_activity(account, other_account, api_conversation):
    inbox, conversation = api_conversation
    c = conversation["id"]
    message = account.create_message(c, "hello")
    other = account.create_conversation(inbox["id"])
    for method, body in [("DELETE", None), ("PATCH", {"status": "read"})]:
        assert call(account, method, f"/conversations/{other['id']}/messages/{message['id']}", body).status_code == 404
        assert call(account, method, f"/conversations/{c}/messages/999999999", body).status_code == 404
        assert call(account, method, f"/conversations/{c}/messages/99999999999", body).status_code == 404
        theirs = other_account.create_conversation(other_account.create_api_inbox()["id"])
        their_message = other_account.create_message(theirs["id"], "theirs")
        r = call(account, method, f"/conversations/{theirs['id']}/messages/{their_message['id']}", body)
        assert (r.status_code, r.json()) == (404, NOT_FOUND)
        assert other_account.get(f"/conversations/{theirs['id']}/messages").json()["payload"][-1]["content"] == "theirs"
    account.post(f"/conversations/{c}/toggle_status", {"status": "resolved"})
    activity = [m for m in _messages(account, c) if m["message_type"] == 2][-1]
    r = call(account, "DELETE", f"/conversations/{c}/messages/{activity['id']}")
    assert r.status_code == 422
    assert [m for m in _messages(account, c) if m["id"] == activity["id"]][0]["content"] == activity["content"]
    assert [m for m in _messages(account, c) if m["id"] == message["id"]][0]["content"] == "hello"


def test_an_agent_outside_the_inbox_cannot_delete(account, api_conversation):
    _inbox, conversation = api_conversation
    message = account.create_message(conversation["id"], "hello")
    members = Members(account)
    try:
        agent = members.add()
        r = call(agent, "DELETE", f"/conversations/{conversation['id']}/messages/{message['id']}")
        assert r.status_code == 404
    finally:
        members.close()
    assert _messages(account, conversation["id"])[-1]["content"] == "hello"


def test_an_api_channel_reports_delivery_status(account, api_conversation, receiver):
    _inbox, conversation = api_conversation
    c = conversation["id"]
    message = account.create_message(c, "hello")
    receiver.next_event("message_created")
    path = f"/conversations/{c}/messages/{message['id']}"

    r = call(account, "PATCH", path, {"status": "failed", "external_error": "Recipient blocked us"})
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["content_attributes"]) == (
        "failed",
        {"external_error": "Recipient blocked us"},
    )
    event = receiver.next_event("message_updated").json
    assert (event["status"], event["content_attributes"]) == ("failed", {"external_error": "Recipient blocked us"})

    r = call(account, "PUT", path, {"status": "read"})
    assert (r.json()["status"], r.json()["content_attributes"]) == ("read", {})
    assert receiver.next_event("message_updated").json["status"] == "read"
    # read is never taken back to delivered
    r = call(account, "PATCH", path, {"status": "delivered"})
    assert (r.status_code, r.json()["status"]) == (200, "read")
    assert _messages(account, c)[-1]["status"] == "read"


@pytest.mark.parametrize(
    "body", [{}, {"status": "lost"}, {"status": ["read"]}, {"status": "failed", "external_error": "x" * 1001}]
)
def test_a_bad_status_is_422_and_changes_nothing(account, api_conversation, body):
    _inbox, conversation = api_conversation
    message = account.create_message(conversation["id"], "hello")
    r = call(account, "PATCH", f"/conversations/{conversation['id']}/messages/{message['id']}", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] in (["status"], ["external_error"])
    assert _messages(account, conversation["id"])[-1]["status"] == "sent"


def test_status_updates_are_for_api_inboxes_only(server, account):
    async def make_widget_inbox():
        async with server.app.state.runtime.db.transaction() as session:
            inbox = Inbox(account_id=account.account_id, name="Widget", channel_type="Channel::WebWidget", channel_id=0)
            session.add(inbox)
            await session.flush()
            return inbox.id

    inbox_id = server.call(make_widget_inbox())
    contact = account.create_contact()
    r = account.post("/conversations", {"inbox_id": inbox_id, "contact_id": contact["contact"]["id"]})
    assert r.status_code == 200, r.text
    c = r.json()["id"]
    message = account.create_message(c, "hello")
    r = call(account, "PATCH", f"/conversations/{c}/messages/{message['id']}", {"status": "read"})
    assert (r.status_code, r.json()) == (403, {"error": "Message status update is only allowed in Api inboxes"})
    assert _messages(account, c)[-1]["status"] == "sent"
