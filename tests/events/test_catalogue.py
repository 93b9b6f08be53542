"""The typed catalogue: one model per event renders both wire shapes, and refuses malformed events."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from chatlake.events import catalogue, types
from chatlake.events.push import push_message

CREATED = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)
CONVERSATION = {"id": 12, "inbox_id": 3, "status": "open", "contact_inbox": {"id": 9, "source_id": "s"}}


def _message(**fields):
    body = {
        "id": 77,
        "content": "hi",
        "message_type": "incoming",
        "created_at": CREATED,
        "sender": {"id": 8, "name": "Kim", "email": "kim@example.com"},
        "account": {"id": 1, "name": "Acme"},
        "inbox": {"id": 3, "name": "API"},
        "conversation": CONVERSATION,
    }
    body.update(fields)
    return types.MessageCreated.model_validate(body)


def test_one_message_model_renders_the_webhook_and_the_push():
    event = _message()
    webhook = event.webhook()
    assert webhook["event"] == "message_created"
    assert webhook["message_type"] == "incoming" and webhook["created_at"] == "2024-05-01T10:00:00Z"
    assert webhook["sender"]["email"] == "kim@example.com" and "type" not in webhook["sender"]
    push = event.push(account_id=1, cursor=4)
    assert push["event"] == "message.created" and push["cursor"] == 4
    assert push["data"]["message_type"] == 0 and push["data"]["created_at"] == int(CREATED.timestamp())
    assert push["data"]["sender"]["type"] == "contact" and push["data"]["sender_type"] == "Contact"


def test_the_stored_webhook_body_parses_back_to_the_same_push():
    event = _message(message_type="outgoing", sender={"id": 4, "name": "Ada", "email": "a@x.io", "type": "user"})
    stored = event.webhook()
    assert push_message(catalogue.MESSAGE_CREATED, stored, 1, 9) == event.push(1, 9)
    assert types.parse_stored(catalogue.MESSAGE_CREATED, stored).webhook() == stored


def test_malformed_events_are_refused_when_recorded():
    with pytest.raises(ValidationError):
        _message(message_type="shouting")
    with pytest.raises(ValidationError):
        types.ConversationUpdated.model_validate({**CONVERSATION, "status": "closed"})
    with pytest.raises(ValidationError):
        types.ContactCreated.model_validate({"name": "no id"})


def test_every_catalogued_name_has_one_model_and_routing_agrees_with_the_catalogue():
    assert set(types.EVENT_TYPES) >= set(catalogue.WEBHOOK_SUBSCRIPTIONS)
    api_inbox = {name for name, model in types.EVENT_TYPES.items() if model.api_inbox}
    assert api_inbox == set(catalogue.API_INBOX_EVENTS)
    ephemeral = {name for name, model in types.EVENT_TYPES.items() if model.ephemeral}
    assert ephemeral == set(catalogue.EPHEMERAL_EVENTS)


def test_dashboard_only_conversation_events_push_the_conversation():
    for model, push_name in (
        (types.AssigneeChanged, "assignee.changed"),
        (types.TeamChanged, "team.changed"),
        (types.ConversationRead, "conversation.read"),
    ):
        event = model.model_validate(CONVERSATION)
        pushed = event.push(1, 1)
        assert pushed["event"] == push_name and pushed["data"]["id"] == 12 and pushed["data"]["account_id"] == 1
        assert model.audience == types.INBOX_AGENTS and not model.api_inbox


def test_contact_merged_pushes_contact_data_with_the_mergee():
    event = types.ContactMerged.model_validate({"id": 5, "name": "Base", "email": "b@x.io", "mergee_contact_id": 6})
    assert event.webhook() == {**event.webhook(), "event": "contact_merged", "mergee_contact_id": 6}
    data = event.push(1, 2)["data"]
    assert data["type"] == "contact" and data["mergee_contact_id"] == 6 and data["account_id"] == 1
