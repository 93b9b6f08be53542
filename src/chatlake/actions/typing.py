"""Typing indicators: events only, nothing is stored on the conversation."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.conversation_changes import begin_change
from chatlake.auth.actor import AnyActor, BotActor
from chatlake.errors import InvalidField
from chatlake.events import types
from chatlake.events.outbox import record_event
from chatlake.models import Conversation
from chatlake.presenters.agent_bots import bot_webhook
from chatlake.presenters.conversations import conversation_webhook
from chatlake.presenters.users import user_webhook
from chatlake.queries.conversations import load_views

TYPING_EVENTS = {"on": types.ConversationTypingOn, "off": types.ConversationTypingOff}


async def do_toggle_typing(
    session: AsyncSession, actor: AnyActor, conversation: Conversation, typing_status, is_private=False
) -> None:
    if typing_status not in TYPING_EVENTS:
        raise InvalidField("typing_status must be one of on, off", ["typing_status"])
    if is_private is None:
        is_private = False
    if not isinstance(is_private, bool):
        raise InvalidField("is_private must be true or false", ["is_private"])
    change = await begin_change(session, actor, conversation)
    (view,) = await load_views(session, conversation.account_id, [conversation])
    typist = bot_webhook(actor.bot) if isinstance(actor, BotActor) else user_webhook(actor.user)
    event = TYPING_EVENTS[typing_status].model_validate(
        {"user": typist, "conversation": conversation_webhook(view), "is_private": is_private}
    )
    await record_event(
        session,
        event,
        account_id=conversation.account_id,
        inbox_id=conversation.inbox_id,
        conversation_id=conversation.id,
        api_channel=change.channel,
    )
