"""Push rendering from stored webhook bodies (no server needed)."""

from __future__ import annotations

from chatlake.events import catalogue
from chatlake.events.push import push_message

CONVERSATION = {
    "id": 12,
    "inbox_id": 3,
    "status": "open",
    "unread_count": 1,
    "last_activity_at": 1_700_000_000,
    "contact_inbox": {"id": 9, "source_id": "src-1", "pubsub_token": "tok"},
    "meta": {"assignee": {"id": 4, "name": "Agent"}},
    "event": "conversation_created",
}


def _message(**fields) -> dict:
    body = {
        "id": 77,
        "content": "hi",
        "content_type": "text",
        "content_attributes": {},
        "message_type": "outgoing",
        "private": False,
        "source_id": None,
        "echo_id": None,
        "status": "sent",
        "created_at": "2024-05-01T10:00:00.123456Z",
        "additional_attributes": {},
        "attachments": [],
        "sender": {"id": 4, "name": "Agent", "email": "agent@example.com", "type": "user"},
        "account": {"id": 1, "name": "Acme"},
        "inbox": {"id": 3, "name": "API"},
        "conversation": CONVERSATION,
        "event": "message_created",
    }
    body.update(fields)
    return body


def test_message_push_data_is_the_api_shape():
    pushed = push_message(catalogue.MESSAGE_CREATED, _message(), account_id=1, cursor=5)
    assert pushed["event"] == "message.created" and pushed["cursor"] == 5
    data = pushed["data"]
    assert data["message_type"] == 1
    assert data["created_at"] == 1_714_557_600
    assert data["conversation_id"] == 12
    assert data["inbox_id"] == 3
    assert data["account_id"] == 1
    assert data["sender_type"] == "User" and data["sender_id"] == 4
    assert data["sender"]["type"] == "user" and "email" not in data["sender"]
    assert "echo_id" not in data
    assert data["conversation"] == {
        "assignee_id": 4,
        "unread_count": 1,
        "last_activity_at": 1_700_000_000,
        "contact_inbox": {"source_id": "src-1"},
    }


def test_a_contact_sender_is_typed_contact_and_activity_has_no_sender():
    contact = {"id": 8, "name": "Kim", "email": "kim@example.com", "avatar": "", "thumbnail": "", "blocked": False}
    data = push_message(catalogue.MESSAGE_CREATED, _message(sender=contact, message_type="incoming"), 1, 6)["data"]
    assert data["message_type"] == 0
    assert data["sender"]["type"] == "contact" and data["sender_type"] == "Contact"
    activity = push_message(catalogue.MESSAGE_CREATED, _message(sender=None, message_type="activity"), 1, 7)["data"]
    assert activity["message_type"] == 2 and "sender" not in activity and activity["sender_type"] is None


def test_conversation_contact_and_typing_shapes():
    conversation = push_message(catalogue.CONVERSATION_CREATED, CONVERSATION, 1, 1)
    assert conversation["event"] == "conversation.created"
    assert "event" not in conversation["data"] and conversation["data"]["id"] == 12
    status = push_message(catalogue.CONVERSATION_STATUS_CHANGED, CONVERSATION, 1, 2)
    assert status["event"] == "conversation.status_changed"

    contact = push_message(catalogue.CONTACT_CREATED, {"id": 8, "name": "Kim", "event": "contact_created"}, 1, 3)
    assert contact["event"] == "contact.created"
    assert contact["data"]["type"] == "contact" and contact["data"]["account_id"] == 1

    typing = {
        "user": {"id": 4, "name": "Agent", "email": "agent@example.com", "type": "user"},
        "conversation": CONVERSATION,
        "is_private": True,
    }
    pushed = push_message(catalogue.CONVERSATION_TYPING_ON, typing, 1, 4)
    assert pushed["event"] == "conversation.typing_on"
    assert pushed["data"]["is_private"] is True
    assert pushed["data"]["user"]["type"] == "user" and "email" not in pushed["data"]["user"]
    assert push_message(catalogue.CONVERSATION_TYPING_OFF, typing, 1, 5)["event"] == "conversation.typing_off"


def test_events_without_a_push_name_are_not_pushed():
    assert push_message("webwidget_triggered", {"id": 1}, 1, 1) is None
    assert push_message("something_new", {}, 1, 1) is None
