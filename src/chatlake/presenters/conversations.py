from __future__ import annotations

from dataclasses import dataclass, field

from chatlake.models import ChannelApi, Contact, ContactInbox, Conversation, Inbox, Team, User
from chatlake.models.conversation import PRIORITY_NAMES, STATUS_NAMES
from chatlake.presenters.common import unix, unix_float
from chatlake.presenters.contacts import contact_inbox_webhook, contact_json, contact_push
from chatlake.presenters.messages import MessageView, message_json
from chatlake.presenters.users import user_push


@dataclass
class ConversationView:
    """A conversation with everything its JSON shows, loaded up front by queries.conversations."""

    conversation: Conversation
    contact: Contact
    contact_inbox: ContactInbox
    inbox: Inbox
    channel: ChannelApi | None
    assignee: User | None
    team: Team | None
    last_message: MessageView | None = None
    unread_count: int = 0
    labels: list[str] = field(default_factory=list)


def _team_json(team: Team | None) -> dict | None:
    return None if team is None else {"id": team.id, "name": team.name}


def _common(view: ConversationView) -> dict:
    c = view.conversation
    return {
        "id": c.display_id,
        "uuid": c.uuid,
        "account_id": c.account_id,
        "inbox_id": c.inbox_id,
        "status": STATUS_NAMES[c.status],
        "priority": PRIORITY_NAMES.get(c.priority) if c.priority is not None else None,
        "can_reply": True,
        "labels": view.labels,
        "muted": c.muted,
        "additional_attributes": c.additional_attributes or {},
        "custom_attributes": c.custom_attributes or {},
        "snoozed_until": unix(c.snoozed_until),
        "unread_count": view.unread_count,
        "first_reply_created_at": unix(c.first_reply_created_at),
        "waiting_since": unix(c.waiting_since) or 0,
        "agent_last_seen_at": unix(c.agent_last_seen_at) or 0,
        "assignee_last_seen_at": unix(c.assignee_last_seen_at) or 0,
        "contact_last_seen_at": unix(c.contact_last_seen_at) or 0,
        "last_activity_at": unix(c.last_activity_at),
        "timestamp": unix(c.last_activity_at),
        "created_at": unix(c.created_at),
        "updated_at": unix_float(c.updated_at),
        "sla_policy_id": None,
    }


def _meta(view: ConversationView) -> dict:
    return {
        "sender": contact_push(view.contact),
        "channel": view.inbox.channel_type,
        "assignee": user_push(view.assignee),
        "assignee_type": "User" if view.assignee else None,
        "team": _team_json(view.team),
        "hmac_verified": view.contact_inbox.hmac_verified,
    }


def conversation_json(view: ConversationView) -> dict:
    """Application-API shape."""
    body = _common(view)
    # Chatwoot renders the contact model here (with availability and times), not its push data.
    body["meta"] = {**_meta(view), "sender": contact_json(view.contact)}
    body["messages"] = [message_json(view.last_message)] if view.last_message else []
    body["last_non_activity_message"] = message_json(view.last_message) if view.last_message else None
    body["contact_inbox"] = {"source_id": view.contact_inbox.source_id}
    return body


def conversation_webhook(view: ConversationView) -> dict:
    """Webhook and push shape (EventDataPresenter)."""
    body = _common(view)
    body["channel"] = view.inbox.channel_type
    body["contact_inbox"] = contact_inbox_webhook(view.contact_inbox)
    body["messages"] = [message_json(view.last_message)] if view.last_message else []
    body["meta"] = _meta(view)
    return body
