"""Conversation attributes an agent sets: priority, custom attributes, labels, mute, last seen."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.account_labels import ensure_account_labels
from chatlake.actions.checks import check_choice, check_json_object
from chatlake.actions.conversation_changes import begin_change, changed
from chatlake.actions.conversation_status import RESOLVED, set_status
from chatlake.actions.conversations import record_conversation_event
from chatlake.auth.actor import Actor, AnyActor
from chatlake.errors import InvalidField
from chatlake.events import types
from chatlake.label_storage import parse_stored_labels, stored_labels
from chatlake.models import Conversation, Message
from chatlake.models.base import utcnow
from chatlake.models.conversation import PRIORITIES, PRIORITY_NAMES
from chatlake.models.message import MESSAGE_TYPES

LABEL_RE = re.compile(r"[\w-]+")  # letters and digits of any script, "_" and "-"
MAX_LABEL_LENGTH = 255
NO_PRIORITY = (None, "", "none")


def check_priority(value) -> int | None:
    """low|medium|high|urgent; null, "" and "none" (the spec's spelling) clear it."""
    if value in NO_PRIORITY:
        return None
    if not isinstance(value, str):
        raise InvalidField("priority must be one of low, medium, high, urgent, none", ["priority"])
    return check_choice(value, PRIORITIES, "priority")


async def do_set_priority(session: AsyncSession, actor: AnyActor, conversation: Conversation, priority) -> None:
    new = check_priority(priority)
    previous = conversation.priority
    if new == previous:
        return
    change = await begin_change(session, actor, conversation)
    conversation.priority = new
    await session.flush()
    old_name, new_name = PRIORITY_NAMES.get(previous), PRIORITY_NAMES.get(new)
    if previous is None:
        note = f"{change.actor_name} set the priority to {new_name}"
    elif new is None:
        note = f"{change.actor_name} removed the priority"
    else:
        note = f"{change.actor_name} changed the priority from {old_name} to {new_name}"
    await change.note(session, note)
    await change.updated(session, [changed("priority", old_name, new_name)])


async def do_set_custom_attributes(session: AsyncSession, actor: AnyActor, conversation: Conversation, value) -> dict:
    """Replaces the whole hash (contacts merge; conversations replace, as in Chatwoot)."""
    attributes = check_json_object(value, "custom_attributes")
    previous = conversation.custom_attributes or {}
    if attributes != previous:
        change = await begin_change(session, actor, conversation)
        conversation.custom_attributes = attributes
        await session.flush()
        await change.updated(session, [changed("custom_attributes", previous, attributes)])
    return attributes


def check_labels(value) -> list[str]:
    """A list of labels (or one comma-separated string), lower-cased, without duplicates, in order."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise InvalidField("labels must be a list of labels", ["labels"])
    labels: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int):
            raise InvalidField("labels must be a list of labels", ["labels"])
        for part in str(item).split(","):
            label = part.strip().lower()
            if not label:
                continue
            if len(label) > MAX_LABEL_LENGTH or not LABEL_RE.fullmatch(label):
                raise InvalidField(
                    f"Label '{part.strip()[:50]}' is invalid: use only letters, digits, '-' and '_'", ["labels"]
                )
            if label not in labels:
                labels.append(label)
    return labels


def label_list(conversation: Conversation) -> list[str]:
    return parse_stored_labels(conversation.cached_label_list)


async def do_set_labels(session: AsyncSession, actor: Actor, conversation: Conversation, value) -> list[str]:
    """Replaces the label set; stored as ",a,b," so one LIKE finds a whole label."""
    labels = check_labels(value)
    previous = label_list(conversation)
    if labels == previous:
        return labels
    change = await begin_change(session, actor, conversation)
    conversation.cached_label_list = stored_labels(labels)
    await session.flush()
    added = [label for label in labels if label not in previous]
    removed = [label for label in previous if label not in labels]
    await ensure_account_labels(session, conversation.account_id, added)
    if added:
        await change.note(session, f"{change.actor_name} added {', '.join(added)}")
    if removed:
        await change.note(session, f"{change.actor_name} removed {', '.join(removed)}")
    await change.updated(session, [changed("label_list", previous, labels)])
    return labels


async def do_mute(session: AsyncSession, actor: Actor, conversation: Conversation) -> None:
    """Muting resolves the conversation (as Chatwoot) and stops new incoming messages from reopening it."""
    change = await begin_change(session, actor, conversation)
    await set_status(session, change, RESOLVED)
    if not conversation.muted:
        conversation.muted = True
        await session.flush()
        await change.note(session, f"{change.actor_name} has muted the conversation")


async def do_unmute(session: AsyncSession, actor: Actor, conversation: Conversation) -> None:
    if conversation.muted:
        change = await begin_change(session, actor, conversation)
        conversation.muted = False
        await session.flush()
        await change.note(session, f"{change.actor_name} has unmuted the conversation")


async def do_update_last_seen(session: AsyncSession, actor: Actor, conversation: Conversation) -> None:
    """The agent has read the conversation: its unread count drops to 0, and the inbox's other agents
    are told (`conversation.read`) so their unread badges follow."""
    now = utcnow()
    conversation.agent_last_seen_at = now
    if conversation.assignee_id == actor.user.id:
        conversation.assignee_last_seen_at = now
    await session.flush()
    await record_conversation_event(session, conversation, None, types.ConversationRead)


async def do_mark_unread(session: AsyncSession, actor: Actor, conversation: Conversation) -> None:
    """Seen until just before the last incoming message, so that message counts as unread again."""
    last_incoming = await session.scalar(
        select(Message.created_at)
        .where(
            Message.account_id == conversation.account_id,
            Message.conversation_id == conversation.id,
            Message.message_type == MESSAGE_TYPES["incoming"],
        )
        .order_by(Message.id.desc())
        .limit(1)
    )
    seen = last_incoming - timedelta(seconds=1) if last_incoming is not None else None
    conversation.agent_last_seen_at = seen
    conversation.assignee_last_seen_at = seen
    await session.flush()
