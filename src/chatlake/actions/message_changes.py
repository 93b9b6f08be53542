"""Changing a stored message: deleting it (Chatwoot keeps a tombstone) and its delivery status."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.attachments import do_remove_attachments
from chatlake.actions.checks import check_choice, check_text
from chatlake.auth.actor import Actor
from chatlake.errors import Forbidden, InvalidField, NotFound, Unprocessable
from chatlake.events import types
from chatlake.events.outbox import record_event
from chatlake.models import ChannelApi, Conversation, Inbox, Message
from chatlake.models.base import utcnow
from chatlake.models.inbox import CHANNEL_API
from chatlake.models.message import (
    CONTENT_TYPE_NAMES,
    CONTENT_TYPES,
    MESSAGE_STATUS_NAMES,
    MESSAGE_STATUSES,
    MESSAGE_TYPES,
)
from chatlake.presenters.conversations import conversation_webhook
from chatlake.presenters.messages import MessageView, message_webhook
from chatlake.queries.conversations import load_views
from chatlake.queries.messages import load_senders

DELETED_CONTENT = "This message was deleted"
MAX_ID = 2**31 - 1


async def access_message(session: AsyncSession, conversation: Conversation, message_id: int) -> Message:
    if not 0 < message_id <= MAX_ID:
        raise NotFound()
    message = await session.scalar(
        select(Message).where(
            Message.account_id == conversation.account_id,
            Message.conversation_id == conversation.id,
            Message.id == message_id,
        )
    )
    if message is None:
        raise NotFound()
    return message


async def _inbox_of(session: AsyncSession, conversation: Conversation) -> tuple[Inbox, ChannelApi | None]:
    inbox, channel = (
        await session.execute(
            select(Inbox, ChannelApi)
            .outerjoin(ChannelApi, (Inbox.channel_type == CHANNEL_API) & (ChannelApi.id == Inbox.channel_id))
            .where(Inbox.account_id == conversation.account_id, Inbox.id == conversation.inbox_id)
        )
    ).one()
    return inbox, channel


async def do_delete_message(session: AsyncSession, actor: Actor, conversation: Conversation, message: Message) -> None:
    """Chatwoot's soft delete: the row stays (replies and order keep making sense), its content goes."""
    if message.message_type == MESSAGE_TYPES["activity"]:
        raise Unprocessable("Activity messages cannot be deleted")
    if (message.content_attributes or {}).get("deleted"):
        return
    # As Rails' previous_changes: {"attribute": [before, after]}.
    changes = {
        "content": [message.content, DELETED_CONTENT],
        "content_type": [CONTENT_TYPE_NAMES[message.content_type], "text"],
        "content_attributes": [message.content_attributes or {}, {"deleted": True}],
    }
    message.content = DELETED_CONTENT
    message.content_type = CONTENT_TYPES["text"]
    message.content_attributes = {"deleted": True}
    message.updated_at = utcnow()
    await do_remove_attachments(session, message)
    await session.flush()
    await record_message_updated(session, actor, conversation, message, changes)


async def do_update_message_status(
    session: AsyncSession, actor: Actor, conversation: Conversation, message: Message, status, external_error=None
) -> None:
    """Delivery status reported by an API channel's own system. `read` is never taken back to `delivered`."""
    inbox, _channel = await _inbox_of(session, conversation)
    if inbox.channel_type != CHANNEL_API:
        raise Forbidden("Message status update is only allowed in Api inboxes")
    if not isinstance(status, str):
        raise InvalidField("status must be one of sent, delivered, read, failed", ["status"])
    new_status = check_choice(status, MESSAGE_STATUSES, "status")
    error = check_text(external_error, "external_error", max_length=1000) if isinstance(external_error, str) else None
    if message.status == MESSAGE_STATUSES["read"] and new_status == MESSAGE_STATUSES["delivered"]:
        return
    attributes = dict(message.content_attributes or {})
    attributes.pop("external_error", None)
    if new_status == MESSAGE_STATUSES["failed"] and error:
        attributes["external_error"] = error
    if new_status == message.status and attributes == (message.content_attributes or {}):
        return
    changes: dict[str, list] = {}
    if new_status != message.status:
        changes["status"] = [MESSAGE_STATUS_NAMES[message.status], MESSAGE_STATUS_NAMES[new_status]]
    if attributes != (message.content_attributes or {}):
        changes["content_attributes"] = [message.content_attributes or {}, attributes]
    message.status = new_status
    message.content_attributes = attributes
    message.updated_at = utcnow()
    await session.flush()
    await record_message_updated(session, actor, conversation, message, changes)


async def record_message_updated(
    session: AsyncSession, actor: Actor, conversation: Conversation, message: Message, previous_changes: dict
) -> None:
    inbox, channel = await _inbox_of(session, conversation)
    (view,) = await load_views(session, conversation.account_id, [conversation])
    senders = await load_senders(session, conversation.account_id, [message])
    sender = senders.get((message.sender_type, message.sender_id)) if message.sender_type else None
    message_view = MessageView(message=message, display_id=conversation.display_id, sender=sender)
    body = message_webhook(message_view, actor.account, inbox, conversation_webhook(view))
    await record_event(
        session,
        types.MessageUpdated.model_validate({**body, "previous_changes": previous_changes}),
        account_id=conversation.account_id,
        inbox_id=conversation.inbox_id,
        conversation_id=conversation.id,
        api_channel=channel,
    )
