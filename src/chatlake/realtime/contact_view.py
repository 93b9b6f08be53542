"""A push as a contact may see it. Conversation bodies carry the conversation's last message, which for agents
may be a private note or an activity message; the contact's copy keeps only what the Client API would show."""

from __future__ import annotations

ACTIVITY = 2


def _public(message) -> bool:
    return isinstance(message, dict) and not message.get("private") and message.get("message_type") != ACTIVITY


def _strip(conversation) -> None:
    if isinstance(conversation, dict) and isinstance(conversation.get("messages"), list):
        conversation["messages"] = [m for m in conversation["messages"] if _public(m)]


def for_contact(message: dict) -> dict:
    """A copy of the push message with every conversation body's non-public messages removed."""
    data = message.get("data")
    if not isinstance(data, dict):
        return message
    data = dict(data)
    if isinstance(data.get("conversation"), dict):
        data["conversation"] = dict(data["conversation"])
        _strip(data["conversation"])
    _strip(data)
    return {**message, "data": data}
