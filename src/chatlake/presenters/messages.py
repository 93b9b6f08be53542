from __future__ import annotations

from dataclasses import dataclass, field

from chatlake.models import Account, AgentBot, Attachment, Contact, Inbox, Message, User
from chatlake.models.message import CONTENT_TYPE_NAMES, MESSAGE_STATUS_NAMES, MESSAGE_TYPE_NAMES
from chatlake.presenters.agent_bots import bot_push, bot_webhook
from chatlake.presenters.attachments import attachment_json
from chatlake.presenters.common import iso, unix
from chatlake.presenters.contacts import contact_push, contact_webhook
from chatlake.presenters.inboxes import inbox_brief
from chatlake.presenters.users import user_push, user_webhook


@dataclass
class MessageView:
    message: Message
    display_id: int
    sender: Contact | User | AgentBot | None
    attachments: list[Attachment] = field(default_factory=list)


def _sender_push(sender: Contact | User | AgentBot | None) -> dict | None:
    if isinstance(sender, Contact):
        return contact_push(sender)
    if isinstance(sender, AgentBot):
        return bot_push(sender)
    return user_push(sender)


def message_json(view: MessageView) -> dict:
    """API and real-time shape: integer message_type, unix times, conversation_id = display id."""
    m = view.message
    body = {
        "id": m.id,
        "content": m.content,
        "account_id": m.account_id,
        "inbox_id": m.inbox_id,
        "conversation_id": view.display_id,
        "message_type": m.message_type,
        "content_type": CONTENT_TYPE_NAMES[m.content_type],
        "status": MESSAGE_STATUS_NAMES[m.status],
        "content_attributes": m.content_attributes or {},
        "additional_attributes": m.additional_attributes or {},
        "created_at": unix(m.created_at),
        "updated_at": unix(m.updated_at),
        "private": m.private,
        "source_id": m.source_id,
        "sender_type": m.sender_type,
        "sender_id": m.sender_id,
        # Columns Chatwoot's push data carries; Chatlake keeps no sentiment or external ids.
        "external_source_ids": {},
        "processed_message_content": m.content,
        "sentiment": {},
        "attachments": [attachment_json(a) for a in view.attachments],
    }
    if m.echo_id is not None:
        body["echo_id"] = m.echo_id
    sender = _sender_push(view.sender)
    if sender is not None:
        body["sender"] = sender
    return body


def message_webhook(view: MessageView, account: Account, inbox: Inbox, conversation: dict) -> dict:
    """Webhook shape: message_type as its name, ISO created_at, nested account/inbox/conversation."""
    m = view.message
    sender = view.sender
    if isinstance(sender, Contact):
        sender_body = contact_webhook(sender, account)
    elif isinstance(sender, User):
        sender_body = user_webhook(sender)
    elif isinstance(sender, AgentBot):
        sender_body = bot_webhook(sender)
    else:
        sender_body = None
    return {
        "id": m.id,
        "content": m.content,
        "content_type": CONTENT_TYPE_NAMES[m.content_type],
        "content_attributes": m.content_attributes or {},
        "message_type": MESSAGE_TYPE_NAMES[m.message_type],
        "private": m.private,
        "source_id": m.source_id,
        "echo_id": m.echo_id,
        "status": MESSAGE_STATUS_NAMES[m.status],
        "created_at": iso(m.created_at),
        "updated_at": iso(m.updated_at),
        "additional_attributes": m.additional_attributes or {},
        "attachments": [attachment_json(a) for a in view.attachments],
        "sender": sender_body,
        "account": {"id": account.id, "name": account.name},
        "inbox": inbox_brief(inbox),
        "conversation": conversation,
    }
