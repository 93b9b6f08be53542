"""What a contact does in its own conversations through the Client API and the widget: start one, resolve it,
type, read, and answer a bot's or the survey's question. Each goes through the same actions as the agents' side,
with the contact as the actor, so webhooks and the dashboard see it as they see any change."""

from __future__ import annotations

import orjson
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.checks import check_json_object
from chatlake.actions.conversation_attributes import do_set_labels, label_list
from chatlake.actions.conversation_changes import begin_change
from chatlake.actions.conversation_status import do_toggle_status
from chatlake.actions.conversations import do_create_conversation
from chatlake.actions.csat import record_csat_answer
from chatlake.actions.message_changes import record_message_updated
from chatlake.auth.contact_actor import ContactActor
from chatlake.errors import InvalidField, Unprocessable
from chatlake.events import types
from chatlake.events.outbox import record_event
from chatlake.models import Conversation, Label, Message
from chatlake.models.base import utcnow
from chatlake.models.conversation import STATUSES
from chatlake.models.message import CONTENT_TYPES, MESSAGE_STATUSES, MESSAGE_TYPES
from chatlake.presenters.contacts import contact_webhook
from chatlake.presenters.conversations import conversation_webhook
from chatlake.queries.conversations import load_views

TYPING_EVENTS = {"on": types.ConversationTypingOn, "off": types.ConversationTypingOff}
# Messages a contact may answer: a bot's questions and the satisfaction survey.
ANSWERABLE = {CONTENT_TYPES[name] for name in ("input_text", "input_textarea", "input_email", "input_select", "form")}
MAX_SUBMITTED_BYTES = 10_000


async def do_contact_create_conversation(
    session: AsyncSession, actor: ContactActor, custom_attributes=None
) -> Conversation:
    return await do_create_conversation(
        session,
        actor,  # type: ignore[arg-type]  # reaches only its own inbox (queries.access.sees_inbox)
        source_id=actor.contact_inbox.source_id,
        inbox_id=actor.inbox.id,
        custom_attributes=check_json_object(custom_attributes, "custom_attributes"),
    )


async def do_contact_resolve(session: AsyncSession, actor: ContactActor, conversation: Conversation) -> None:
    """A contact can only resolve; resolving a resolved conversation changes nothing."""
    if conversation.status != STATUSES["resolved"]:
        await do_toggle_status(session, actor, conversation, status="resolved")  # type: ignore[arg-type]


async def do_contact_typing(session: AsyncSession, actor: ContactActor, conversation: Conversation, status) -> None:
    if status not in TYPING_EVENTS:
        raise InvalidField("typing_status must be one of on, off", ["typing_status"])
    change = await begin_change(session, actor, conversation)  # type: ignore[arg-type]
    (view,) = await load_views(session, conversation.account_id, [conversation])
    event = TYPING_EVENTS[status].model_validate(
        {
            "user": contact_webhook(actor.contact, actor.account),
            "conversation": conversation_webhook(view),
            "is_private": False,
        }
    )
    await record_event(
        session,
        event,
        account_id=conversation.account_id,
        inbox_id=conversation.inbox_id,
        conversation_id=conversation.id,
        api_channel=change.channel,
    )


async def do_contact_last_seen(session: AsyncSession, actor: ContactActor, conversation: Conversation) -> None:
    """The contact has read the conversation: its time, and the agents' messages it has now seen."""
    now = utcnow()
    conversation.contact_last_seen_at = now
    await session.execute(
        update(Message)
        .where(
            Message.account_id == conversation.account_id,
            Message.conversation_id == conversation.id,
            Message.message_type.in_((MESSAGE_TYPES["outgoing"], MESSAGE_TYPES["template"])),
            Message.status.in_((MESSAGE_STATUSES["sent"], MESSAGE_STATUSES["delivered"])),
            Message.created_at <= now,
        )
        .values(status=MESSAGE_STATUSES["read"])
        .execution_options(synchronize_session=False)
    )
    await session.flush()


async def do_submit_values(
    session: AsyncSession, actor: ContactActor, conversation: Conversation, message: Message, submitted_values
) -> Message:
    """The contact's answer to a question message (`submitted_values`), or its rating of the survey."""
    if message.private or message.message_type == MESSAGE_TYPES["activity"]:
        raise Unprocessable("This message cannot be answered")
    if not isinstance(submitted_values, dict | list):
        raise InvalidField("submitted_values must be an object", ["submitted_values"])
    if len(orjson.dumps(submitted_values)) > MAX_SUBMITTED_BYTES:
        raise InvalidField("submitted_values is too large", ["submitted_values"])
    previous = dict(message.content_attributes or {})
    attributes = dict(previous)
    if message.content_type == CONTENT_TYPES["input_csat"]:
        if not isinstance(submitted_values, dict):
            raise InvalidField("submitted_values must be an object", ["submitted_values"])
        answer = await record_csat_answer(session, actor, conversation, message, submitted_values)
        attributes["submitted_values"] = {"csat_survey_response": answer}
    elif message.content_type in ANSWERABLE:
        attributes["submitted_values"] = submitted_values
    else:
        raise Unprocessable("This message does not ask for an answer")
    if attributes == previous:
        return message
    message.content_attributes = attributes
    message.updated_at = utcnow()
    await session.flush()
    await record_message_updated(
        session,
        actor,  # type: ignore[arg-type]
        conversation,
        message,
        {"content_attributes": [previous, attributes]},
    )
    return message


async def do_contact_label(
    session: AsyncSession, actor: ContactActor, conversation: Conversation, label, *, add: bool
) -> list[str]:
    """The widget's setLabel/removeLabel: only labels the account already has; a visitor never makes new ones."""
    if not isinstance(label, str) or not label.strip():
        raise InvalidField("label is required", ["labels"])
    wanted = label.strip().lower()
    known = await session.scalar(select(Label.id).where(Label.account_id == actor.account_id, Label.title == wanted))
    if known is None:
        raise InvalidField("No such label in this account", ["labels"])
    current = label_list(conversation)
    labels = current + [wanted] if add and wanted not in current else [x for x in current if add or x != wanted]
    return await do_set_labels(session, actor, conversation, labels)  # type: ignore[arg-type]
