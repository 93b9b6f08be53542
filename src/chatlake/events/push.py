"""Real-time rendering: a stored event (its webhook body) becomes Chatwoot's ActionCable push message.

The outbox keeps one body per event, the webhook one, rendered when the event happened. The push
shape differs in a few known ways (integer message_type, unix times, sender push data with "type",
no "event" inside data), so it is derived from that body here rather than stored twice.
"""

from __future__ import annotations

from datetime import datetime

from chatlake.events import catalogue
from chatlake.models.message import MESSAGE_TYPES

# Stored event name -> push event name. Events not listed here are not pushed.
PUSH_NAMES = {
    catalogue.MESSAGE_CREATED: "message.created",
    catalogue.MESSAGE_UPDATED: "message.updated",
    catalogue.CONVERSATION_CREATED: "conversation.created",
    catalogue.CONVERSATION_UPDATED: "conversation.updated",
    catalogue.CONVERSATION_STATUS_CHANGED: "conversation.status_changed",
    catalogue.CONVERSATION_TYPING_ON: "conversation.typing_on",
    catalogue.CONVERSATION_TYPING_OFF: "conversation.typing_off",
    catalogue.CONTACT_CREATED: "contact.created",
    catalogue.CONTACT_UPDATED: "contact.updated",
    # Named here as strings so this module does not depend on when the catalogue gains them.
    "contact_deleted": "contact.deleted",
    "contact_merged": "contact.merged",
    catalogue.INBOX_CREATED: "inbox.created",
    catalogue.INBOX_UPDATED: "inbox.updated",
}
MESSAGE_EVENTS = frozenset({catalogue.MESSAGE_CREATED, catalogue.MESSAGE_UPDATED})
CONVERSATION_EVENTS = frozenset(
    {catalogue.CONVERSATION_CREATED, catalogue.CONVERSATION_UPDATED, catalogue.CONVERSATION_STATUS_CHANGED}
)
TYPING_EVENTS = frozenset({catalogue.CONVERSATION_TYPING_ON, catalogue.CONVERSATION_TYPING_OFF})
CONTACT_EVENTS = frozenset({catalogue.CONTACT_CREATED, catalogue.CONTACT_UPDATED, "contact_deleted", "contact_merged"})
INBOX_EVENTS = frozenset({catalogue.INBOX_CREATED, catalogue.INBOX_UPDATED})


def _unix(value) -> int | None:
    if value is None or isinstance(value, int | float):
        return value
    try:
        return int(datetime.fromisoformat(value).timestamp())
    except (TypeError, ValueError):
        return None


def user_push_from_webhook(user: dict) -> dict:
    """User push data from the webhook's {id, name, email, type}: agents' emails are not pushed."""
    return {
        "id": user.get("id"),
        "name": user.get("name"),
        "available_name": user.get("available_name") or user.get("name"),
        "avatar_url": "",
        "type": "user",
        "availability_status": "online",
        "thumbnail": "",
    }


def contact_push_from_webhook(contact: dict) -> dict:
    return {
        "additional_attributes": contact.get("additional_attributes") or {},
        "custom_attributes": contact.get("custom_attributes") or {},
        "email": contact.get("email"),
        "id": contact.get("id"),
        "identifier": contact.get("identifier"),
        "name": contact.get("name"),
        "phone_number": contact.get("phone_number"),
        "thumbnail": contact.get("thumbnail") or "",
        "blocked": bool(contact.get("blocked")),
        "type": "contact",
    }


def is_user_body(body: dict | None) -> bool:
    """Webhook sender/typer bodies: users carry "type": "user" (or "agent_bot"); contacts carry none."""
    return bool(body) and body.get("type") in ("user", "agent_bot")


def _sender_push(sender: dict | None) -> tuple[dict | None, str | None]:
    if not sender:
        return None, None
    if sender.get("type") == "agent_bot":
        return {"id": sender.get("id"), "name": sender.get("name"), "type": "agent_bot"}, "AgentBot"
    if is_user_body(sender):
        return user_push_from_webhook(sender), "User"
    return contact_push_from_webhook(sender), "Contact"


def message_push_data(payload: dict, account_id: int) -> dict:
    """Message push data (as message_json renders it) from the message webhook body."""
    conversation = payload.get("conversation") or {}
    created_at = _unix(payload.get("created_at"))
    sender, sender_type = _sender_push(payload.get("sender"))
    message_type = payload.get("message_type")
    data = {
        "id": payload.get("id"),
        "content": payload.get("content"),
        "account_id": account_id,
        "inbox_id": (payload.get("inbox") or {}).get("id", conversation.get("inbox_id")),
        "conversation_id": conversation.get("id"),
        "message_type": MESSAGE_TYPES.get(message_type, message_type),
        "content_type": payload.get("content_type"),
        "status": payload.get("status"),
        "content_attributes": payload.get("content_attributes") or {},
        "additional_attributes": payload.get("additional_attributes") or {},
        "created_at": created_at,
        "updated_at": _unix(payload.get("updated_at")) or created_at,
        "private": bool(payload.get("private")),
        "source_id": payload.get("source_id"),
        "sender_type": sender_type,
        "sender_id": sender["id"] if sender else None,
        "external_source_ids": {},
        "processed_message_content": payload.get("content"),
        "sentiment": {},
        "attachments": payload.get("attachments") or [],
        "conversation": {
            "assignee_id": ((conversation.get("meta") or {}).get("assignee") or {}).get("id"),
            "unread_count": conversation.get("unread_count"),
            "last_activity_at": conversation.get("last_activity_at"),
            "contact_inbox": {"source_id": (conversation.get("contact_inbox") or {}).get("source_id")},
        },
    }
    if payload.get("echo_id") is not None:
        data["echo_id"] = payload["echo_id"]
    if sender is not None:
        data["sender"] = sender
    if "previous_changes" in payload:
        data["previous_changes"] = payload["previous_changes"]
    return data


def push_data(name: str, payload: dict, account_id: int) -> dict | None:
    """The `data` of the push message, or None when the event is not pushed."""
    if name not in PUSH_NAMES:
        return None
    if name in MESSAGE_EVENTS:
        return message_push_data(payload, account_id)
    if name in TYPING_EVENTS:
        user = payload.get("user") or {}
        return {
            "conversation": payload.get("conversation") or {},
            "user": user_push_from_webhook(user) if is_user_body(user) else contact_push_from_webhook(user),
            "is_private": bool(payload.get("is_private")),
            "account_id": account_id,
        }
    if name in CONTACT_EVENTS and name != "contact_merged":
        data = contact_push_from_webhook(payload)
        if "changed_attributes" in payload:
            data["changed_attributes"] = payload["changed_attributes"]
        data["account_id"] = account_id
        return data
    # Conversation, inbox and merge events: the webhook shape without "event".
    data = {k: v for k, v in payload.items() if k != "event"}
    data["account_id"] = account_id
    return data


def push_message(name: str, payload: dict, account_id: int, cursor: int) -> dict | None:
    """`{"event": "message.created", "data": {...}, "cursor": N}`, or None when not pushed."""
    data = push_data(name, payload, account_id)
    if data is None:
        return None
    return {"event": PUSH_NAMES[name], "data": data, "cursor": cursor}
