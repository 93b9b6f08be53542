"""Running a macro on conversations, through the ordinary do_* actions, as the member who runs it.

Unlike Chatwoot (a background job), the macro runs in the request's transaction: when the API answers, its
changes are stored and their events recorded. Each action runs in a savepoint, so one that can no longer be
carried out (an agent removed since the macro was saved) is skipped without undoing the others.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.assignments import do_assign_agent, do_assign_team
from chatlake.actions.conversation_attributes import do_mute, do_set_labels, do_set_priority, label_list
from chatlake.actions.conversation_status import do_toggle_status
from chatlake.actions.macros import SELF
from chatlake.actions.messages import do_create_message
from chatlake.auth.actor import Actor
from chatlake.errors import ChatlakeError
from chatlake.events.outbox import savepoint
from chatlake.models import Conversation, Macro
from chatlake.queries.conversation_batches import access_conversations, check_display_ids
from chatlake.queries.macros import access_macro

log = logging.getLogger("chatlake.macros")


async def do_execute_macro(session: AsyncSession, actor: Actor, macro_id: int, conversation_ids) -> Macro:
    macro = await access_macro(session, actor, macro_id)
    conversations = await access_conversations(session, actor, check_display_ids(conversation_ids, "conversation_ids"))
    for conversation in conversations:
        for action in macro.actions:
            try:
                async with savepoint(session):
                    await _perform(session, actor, conversation, action)
            except ChatlakeError as exc:
                log.warning("macro %s: %s skipped: %s", macro.id, action.get("action_name"), exc.message)
    return macro


async def _perform(session: AsyncSession, actor: Actor, conversation: Conversation, action: dict) -> None:
    name, params = action["action_name"], action.get("action_params") or []
    if name == "add_label":
        current = label_list(conversation)
        await do_set_labels(session, actor, conversation, current + [p for p in params if p not in current])
    elif name == "remove_label":
        await do_set_labels(session, actor, conversation, [p for p in label_list(conversation) if p not in params])
    elif name == "assign_agent":
        await do_assign_agent(session, actor, conversation, actor.user.id if params[0] == SELF else params[0])
    elif name == "remove_assigned_agent":
        await do_assign_agent(session, actor, conversation, None)
    elif name == "assign_team":
        await do_assign_team(session, actor, conversation, params[0])
    elif name == "remove_assigned_team":
        await do_assign_team(session, actor, conversation, None)
    elif name in ("send_message", "add_private_note"):
        await do_create_message(
            session, actor, conversation, content=params[0], message_type="outgoing", private=name != "send_message"
        )
    elif name == "change_priority":
        await do_set_priority(session, actor, conversation, params[0])
    elif name == "change_status":
        await do_toggle_status(session, actor, conversation, status=params[0])
    elif name == "snooze_conversation":
        await do_toggle_status(session, actor, conversation, status="snoozed")
    elif name == "resolve_conversation":
        await do_toggle_status(session, actor, conversation, status="resolved")
    elif name == "mute_conversation":
        await do_mute(session, actor, conversation)
    else:
        log.warning("macro action %s is not known", name)
