from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.attachments import add_attachments
from chatlake.actions.checks import check_choice, check_json_object, check_text
from chatlake.actions.conversations import has_active_bot, record_conversation_event, status_change
from chatlake.actions.notifications import may_notify, notify_new_message
from chatlake.actions.reporting import add_reply_event, record_status_event
from chatlake.attachment_store import StoredFile
from chatlake.auth.actor import AnyActor, BotActor
from chatlake.errors import InvalidField, Unprocessable
from chatlake.events import types
from chatlake.events.outbox import record_event
from chatlake.models import Account, AgentBot, Attachment, ChannelApi, Contact, Conversation, Inbox, Message, User
from chatlake.models.base import utcnow
from chatlake.models.conversation import STATUSES
from chatlake.models.inbox import CHANNEL_API, CHANNEL_WEB_WIDGET
from chatlake.models.message import CONTENT_TYPES, MAX_CONTENT_LENGTH, MESSAGE_TYPES
from chatlake.presenters.conversations import ConversationView, conversation_webhook
from chatlake.presenters.messages import MessageView, message_webhook
from chatlake.queries.conversations import UNREAD_CAP, load_view_around, load_views
from chatlake.queries.messages import find_by_echo_id

CREATABLE_TYPES = {name: MESSAGE_TYPES[name] for name in ("incoming", "outgoing", "template")}
REOPENED_BY_INCOMING = "System reopened the conversation due to a new incoming message."


async def do_create_message(
    session: AsyncSession,
    actor: AnyActor,
    conversation: Conversation,
    *,
    content: str | None = None,
    message_type: str | None = None,
    private: bool = False,
    content_type: str | None = None,
    content_attributes=None,
    echo_id: str | None = None,
    source_id: str | None = None,
    files: Sequence[StoredFile] = (),
    at: datetime | None = None,
    view: ConversationView | None = None,
) -> tuple[Message, bool]:
    """Returns the message and whether it was created (False: a retry with a known echo_id).

    `files` were already written by the attachment store; their rows are added here.
    `at` is when it was sent (default now): for importing history, and for tests that build it.
    `view`: the conversation as access_conversation_view loaded it (its inbox, contact, assignee...), which
    spares the reads the event needs; without it they are read here.
    """
    type_value = check_choice(message_type or "outgoing", CREATABLE_TYPES, "message_type")
    content_type_value = check_choice(content_type or "text", CONTENT_TYPES, "content_type")
    content = check_text(content, "content", max_length=MAX_CONTENT_LENGTH)
    attributes = check_json_object(content_attributes, "content_attributes")
    echo_id = check_text(echo_id, "echo_id")
    source_id = check_text(source_id, "source_id")
    if not isinstance(private, bool):
        raise InvalidField("private must be true or false", ["private"])
    if (content is None or content.strip() == "") and content_type_value == CONTENT_TYPES["text"] and not files:
        raise InvalidField("Content can't be blank", ["content"])

    if view is not None and view.conversation is conversation:
        inbox, channel = view.inbox, view.channel
    else:
        view = None
        inbox, channel = (
            await session.execute(
                select(Inbox, ChannelApi)
                .outerjoin(ChannelApi, (Inbox.channel_type == CHANNEL_API) & (ChannelApi.id == Inbox.channel_id))
                .where(Inbox.account_id == conversation.account_id, Inbox.id == conversation.inbox_id)
            )
        ).one()
    incoming = type_value == MESSAGE_TYPES["incoming"]
    if incoming and actor.is_bot:
        raise InvalidField("An agent bot can only send outgoing messages", ["message_type"])
    # A website inbox's incoming messages come from its contacts themselves (the widget, the Client API).
    from_widget_contact = inbox.channel_type == CHANNEL_WEB_WIDGET and actor.sender[0] == "Contact"
    if incoming and inbox.channel_type != CHANNEL_API and not from_widget_contact:
        raise Unprocessable("Incoming messages are only allowed in Api inboxes")
    sender_type, sender_id = ("Contact", conversation.contact_id) if incoming else actor.sender

    if echo_id is not None:
        earlier = await find_by_echo_id(session, conversation, echo_id, sender_type, sender_id)
        if earlier is not None:
            return earlier, False

    now = at or utcnow()
    message = Message(
        account_id=conversation.account_id,
        inbox_id=conversation.inbox_id,
        conversation_id=conversation.id,
        message_type=type_value,
        content=content,
        private=private,
        content_type=content_type_value,
        content_attributes=attributes,
        additional_attributes={},
        sender_type=sender_type,
        sender_id=sender_id,
        source_id=source_id,
        echo_id=echo_id,
        created_at=now,
        updated_at=now,
    )
    session.add(message)
    await session.flush()
    attachments = add_attachments(session, message, list(files)) if files else []

    conversation.last_activity_at = now
    if incoming:
        if view is not None:
            # The loaded contact is changed in place, so the event shows it as stored.
            view.contact.last_activity_at = now
        else:
            await session.execute(
                update(Contact)
                .where(Contact.account_id == conversation.account_id, Contact.id == conversation.contact_id)
                .values(last_activity_at=now)
            )
        if conversation.waiting_since is None:
            conversation.waiting_since = now
    elif not private and type_value == MESSAGE_TYPES["outgoing"]:
        # A bot's reply stops the wait, but only a person's counts as a reply in reports (as Chatwoot).
        first_reply = conversation.first_reply_created_at is None and sender_type == "User"
        if sender_type == "User":
            add_reply_event(
                session, conversation, message, first_reply=first_reply, waiting_since=conversation.waiting_since
            )
        if first_reply:
            conversation.first_reply_created_at = now
        conversation.waiting_since = None
    await session.flush()

    sender = _actor_as_sender(actor)
    view = await _record_message_created(
        session, actor.account, inbox, channel, conversation, message, sender, attachments, view
    )
    if may_notify(message):
        await notify_new_message(session, view, message, sender if isinstance(sender, User) and not incoming else None)
    if incoming and not conversation.muted and conversation.status in (STATUSES["resolved"], STATUSES["snoozed"]):
        await do_reopen_for_incoming(session, actor.account, inbox, channel, conversation, at=now)
    return message, True


def _actor_as_sender(actor: AnyActor) -> User | AgentBot | None:
    if isinstance(actor, BotActor):
        return actor.bot
    # An automation rule's message is the system's, from no user (as Chatwoot).
    return None if actor.is_automation else actor.user


def _unseen(conversation: Conversation, message: Message) -> bool:
    seen_at = conversation.agent_last_seen_at
    return seen_at is None or message.created_at > seen_at


async def do_create_activity(
    session: AsyncSession,
    account: Account,
    inbox: Inbox,
    channel: ChannelApi | None,
    conversation: Conversation,
    content: str,
) -> Message:
    now = utcnow()
    message = Message(
        account_id=conversation.account_id,
        inbox_id=conversation.inbox_id,
        conversation_id=conversation.id,
        message_type=MESSAGE_TYPES["activity"],
        content=content,
        content_type=CONTENT_TYPES["text"],
        content_attributes={},
        additional_attributes={},
        created_at=now,
        updated_at=now,
    )
    session.add(message)
    conversation.last_activity_at = now
    await session.flush()
    await _record_message_created(session, account, inbox, channel, conversation, message)
    return message


async def do_reopen_for_incoming(
    session: AsyncSession,
    account: Account,
    inbox: Inbox,
    channel: ChannelApi | None,
    conversation: Conversation,
    *,
    at: datetime | None = None,
) -> None:
    # With an active bot the bot answers again first (Chatwoot: resolved → pending).
    reopened = STATUSES["open"]
    if conversation.status == STATUSES["resolved"] and await has_active_bot(session, inbox):
        reopened = STATUSES["pending"]
    changes = status_change(conversation, reopened)
    conversation.status = reopened
    conversation.snoozed_until = None
    await session.flush()
    await record_status_event(session, conversation, at or utcnow())
    await do_create_activity(session, account, inbox, channel, conversation, REOPENED_BY_INCOMING)
    await record_conversation_event(session, conversation, channel, types.ConversationStatusChanged, changes)


async def _record_message_created(
    session: AsyncSession,
    account: Account,
    inbox: Inbox,
    channel: ChannelApi | None,
    conversation: Conversation,
    message: Message,
    known_sender: User | AgentBot | None = None,
    attachments: list[Attachment] | None = None,
    loaded: ConversationView | None = None,
) -> ConversationView:
    """Records message_created; returns the conversation view it rendered (after the message).

    `loaded`: the conversation's view as read before this message (access_conversation_view)."""
    is_activity = message.message_type == MESSAGE_TYPES["activity"]
    if is_activity:
        # The conversation JSON shows the newest non-activity message, which this is not.
        (view,) = await load_views(session, conversation.account_id, [conversation])
        message_view = MessageView(message=message, display_id=conversation.display_id, sender=None)
    else:
        message_view = MessageView(
            message=message, display_id=conversation.display_id, sender=None, attachments=attachments or []
        )
        if loaded is not None:
            view = loaded
            view.last_message = message_view
            if message.message_type == MESSAGE_TYPES["incoming"] and _unseen(conversation, message):
                view.unread_count = min(view.unread_count + 1, UNREAD_CAP)
        else:
            known = (known_sender,) if isinstance(known_sender, User) else ()
            view = await load_view_around(
                session, conversation, inbox=inbox, channel=channel, last_message=message_view, known_users=known
            )
        if message.sender_type == "Contact":
            message_view.sender = view.contact
        elif isinstance(known_sender, User | AgentBot) and (message.sender_type, message.sender_id) == (
            type(known_sender).__name__,
            known_sender.id,
        ):
            message_view.sender = known_sender
        elif message.sender_type == "User":
            message_view.sender = await session.get(User, message.sender_id)
        elif message.sender_type == "AgentBot":
            message_view.sender = await session.get(AgentBot, message.sender_id)
    await record_event(
        session,
        types.MessageCreated.model_validate(message_webhook(message_view, account, inbox, conversation_webhook(view))),
        account_id=conversation.account_id,
        inbox_id=conversation.inbox_id,
        conversation_id=conversation.id,
        # Activity messages are the system's own notes: the API channel is not told of them.
        api_channel=None if is_activity else channel,
    )
    return view
