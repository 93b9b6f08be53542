"""Changes to a stored message: delivery status reported by an API integrator, and deletion.

Both record `message_updated` with `previous_changes` (as Rails reports them), which reaches the
inbox's agents, the contact (unless private), account webhooks and the API inbox's webhook_url.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.checks import check_choice, check_text
from chatlake.auth.actor import Actor
from chatlake.errors import Forbidden, InvalidField, NotFound
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


async def access_message(session: AsyncSession, conversation: Conversation, message_id: int) -> Message:
    """A message of this conversation (already access-checked), or 404."""
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


async def _inbox(session: AsyncSession, conversation: Conversation) -> tuple[Inbox, ChannelApi | None]:
    row = (
        await session.execute(
            select(Inbox, ChannelApi)
            .outerjoin(ChannelApi, (Inbox.channel_type == CHANNEL_API) & (ChannelApi.id == Inbox.channel_id))
            .where(Inbox.account_id == conversation.account_id, Inbox.id == conversation.inbox_id)
        )
    ).one()
    return row[0], row[1]


async def do_update_message_status(
    session: AsyncSession, actor: Actor, conversation: Conversation, message: Message, status, external_error=None
) -> Message:
    """API inboxes only (Chatwoot): the integrator reports sent, delivered, read or failed."""
    new_status = check_choice(status, MESSAGE_STATUSES, "status")
    error = check_text(external_error, "external_error", max_length=10_000)
    inbox, channel = await _inbox(session, conversation)
    if inbox.channel_type != CHANNEL_API:
        raise Forbidden("Message status can only be updated in API inboxes")
    changes: dict[str, list] = {}
    if new_status != message.status:
        changes["status"] = [MESSAGE_STATUS_NAMES[message.status], MESSAGE_STATUS_NAMES[new_status]]
        message.status = new_status
    attributes = dict(message.content_attributes or {})
    if new_status == MESSAGE_STATUSES["failed"] and error is not None and attributes.get("external_error") != error:
        changes["content_attributes"] = [message.content_attributes or {}, {**attributes, "external_error": error}]
        attributes["external_error"] = error
        message.content_attributes = attributes
    if changes:
        await _record_updated(session, actor, inbox, channel, conversation, message, changes)
    return message


async def do_delete_message(session: AsyncSession, actor: Actor, conversation: Conversation, message: Message):
    """Chatwoot keeps a deleted message in place: its content is replaced and it is marked deleted."""
    if message.message_type == MESSAGE_TYPES["activity"]:
        raise InvalidField("Activity messages cannot be deleted", ["message_id"])
    if (message.content_attributes or {}).get("deleted"):
        return message
    changes = {
        "content": [message.content, DELETED_CONTENT],
        "content_type": [CONTENT_TYPE_NAMES[message.content_type], "text"],
        "content_attributes": [message.content_attributes or {}, {"deleted": True}],
    }
    message.content = DELETED_CONTENT
    message.content_type = CONTENT_TYPES["text"]
    message.content_attributes = {"deleted": True}
    inbox, channel = await _inbox(session, conversation)
    await _record_updated(session, actor, inbox, channel, conversation, message, changes)
    return message


async def _record_updated(
    session: AsyncSession,
    actor: Actor,
    inbox: Inbox,
    channel: ChannelApi | None,
    conversation: Conversation,
    message: Message,
    previous_changes: dict[str, list],
) -> None:
    message.updated_at = utcnow()
    await session.flush()
    (view,) = await load_views(session, conversation.account_id, [conversation])
    senders = await load_senders(session, conversation.account_id, [message])
    sender = senders.get((message.sender_type, message.sender_id)) if message.sender_type else None
    body = message_webhook(
        MessageView(message=message, display_id=conversation.display_id, sender=sender),
        actor.account,
        inbox,
        conversation_webhook(view),
    )
    await record_event(
        session,
        types.MessageUpdated.model_validate({**body, "previous_changes": previous_changes}),
        account_id=conversation.account_id,
        inbox_id=conversation.inbox_id,
        conversation_id=conversation.id,
        api_channel=channel,
    )
