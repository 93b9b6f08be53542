"""Notification JSON (Chatwoot's notifications jbuilder and push_event_data)."""

from __future__ import annotations

from chatlake.models import Notification, User
from chatlake.models.notification import NOTIFICATION_TYPE_NAMES
from chatlake.presenters.common import iso, unix
from chatlake.presenters.users import user_push

TITLES = {
    "conversation_creation": "A new conversation (#{display_id}) has been created",
    "conversation_assignment": "A conversation (#{display_id}) has been assigned to you",
    "assigned_conversation_new_message": "A new message is created in conversation (#{display_id})",
    "conversation_mention": "You have been mentioned in conversation (#{display_id})",
    "participating_conversation_new_message": "A new message is created in conversation (#{display_id})",
}


def notification_json(notification: Notification, conversation: dict, secondary: dict | None, user: User) -> dict:
    """`conversation` is the conversation's push data; its `id` (the per-account number) is also
    `primary_actor_id`, the only conversation id API clients know."""
    kind = NOTIFICATION_TYPE_NAMES[notification.notification_type]
    return {
        "id": notification.id,
        "notification_type": kind,
        "push_message_title": TITLES[kind].format(display_id=conversation["id"]),
        "primary_actor_type": notification.primary_actor_type,
        "primary_actor_id": conversation["id"],
        "primary_actor": conversation,
        "read_at": iso(notification.read_at),
        "secondary_actor": secondary,
        "user": user_push(user),
        "created_at": unix(notification.created_at),
        "last_activity_at": unix(notification.last_activity_at),
        "snoozed_until": iso(notification.snoozed_until),
        "meta": notification.meta or {},
        "account_id": notification.account_id,
    }
