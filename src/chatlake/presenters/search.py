"""Shapes of the search endpoints (Chatwoot's search/*.json.jbuilder partials).

A part that is missing (no message, no assignee) is `{}`, as Chatwoot's empty jbuilder blocks render.
"""

from __future__ import annotations

from dataclasses import dataclass

from chatlake.models import Contact, Conversation, Inbox, User
from chatlake.models.message import CONTENT_TYPE_NAMES
from chatlake.presenters.common import unix
from chatlake.presenters.contacts import contact_push
from chatlake.presenters.messages import MessageView
from chatlake.presenters.users import ROLE_NAMES, user_push


@dataclass
class ConversationHit:
    conversation: Conversation
    contact: Contact | None
    inbox: Inbox | None
    assignee: User | None
    assignee_role: int | None
    first_message: MessageView | None


def search_inbox_json(inbox: Inbox | None) -> dict:
    if inbox is None:
        return {}
    return {"id": inbox.id, "channel_id": inbox.channel_id, "name": inbox.name, "channel_type": inbox.channel_type}


def search_contact_json(contact: Contact | None) -> dict:
    if contact is None:
        return {}
    return {
        "email": contact.email,
        "id": contact.id,
        "name": contact.name,
        "phone_number": contact.phone_number,
        "identifier": contact.identifier,
        "additional_attributes": contact.additional_attributes or {},
        "last_activity_at": unix(contact.last_activity_at),
    }


def search_message_json(view: MessageView | None, inbox: Inbox | None) -> dict:
    if view is None:
        return {}
    m = view.message
    body = {
        "id": m.id,
        "content": m.content,
        "message_type": m.message_type,
        "content_type": CONTENT_TYPE_NAMES[m.content_type],
        "source_id": m.source_id,
        "inbox_id": m.inbox_id,
        "conversation_id": view.display_id,
        "created_at": unix(m.created_at),
    }
    sender = contact_push(view.sender) if isinstance(view.sender, Contact) else user_push(view.sender)
    if sender is not None:
        body["sender"] = sender
    body["inbox"] = search_inbox_json(inbox)
    return body


def _agent_json(user: User | None, role: int | None) -> dict:
    if user is None:
        return {}
    return {
        "id": user.id,
        "available_name": user.display_name or user.name,
        "email": user.email,
        "name": user.name,
        "role": ROLE_NAMES.get(role) if role is not None else None,
    }


def search_conversation_json(hit: ConversationHit) -> dict:
    c = hit.conversation
    return {
        "id": c.display_id,
        "account_id": c.account_id,
        "created_at": unix(c.created_at),
        "message": search_message_json(hit.first_message, hit.inbox),
        "contact": search_contact_json(hit.contact),
        "inbox": search_inbox_json(hit.inbox),
        "agent": _agent_json(hit.assignee, hit.assignee_role),
        "additional_attributes": c.additional_attributes or {},
    }
