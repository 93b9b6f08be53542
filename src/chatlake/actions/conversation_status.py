"""Changing a conversation's status: toggle, explicit status, snooze."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.assignments import do_self_assign
from chatlake.actions.checks import check_choice, check_timestamp
from chatlake.actions.conversation_changes import ConversationChange, begin_change, changed
from chatlake.actions.conversations import record_conversation_event, status_change
from chatlake.actions.csat import send_csat_survey
from chatlake.actions.reporting import record_status_event
from chatlake.auth.actor import Actor, AnyActor
from chatlake.events import types
from chatlake.models import Conversation
from chatlake.models.base import utcnow
from chatlake.models.conversation import STATUSES
from chatlake.presenters.common import unix

OPEN, RESOLVED, SNOOZED, PENDING = STATUSES["open"], STATUSES["resolved"], STATUSES["snoozed"], STATUSES["pending"]
STATUS_NOTES = {
    STATUSES["resolved"]: "Conversation was marked resolved by {actor}",
    STATUSES["open"]: "Conversation was reopened by {actor}",
    STATUSES["pending"]: "Conversation was marked as pending by {actor}",
    STATUSES["snoozed"]: "Conversation was snoozed by {actor}",
}


def toggled_status(current: int) -> int:
    """Without an explicit status: open ⇄ resolved, and pending or snoozed → open."""
    return RESOLVED if current == OPEN else OPEN


async def do_toggle_status(
    session: AsyncSession,
    actor: AnyActor,
    conversation: Conversation,
    *,
    status: str | None = None,
    snoozed_until=None,
    at: datetime | None = None,
) -> None:
    """Toggle or set the status. An agent (not an administrator) who opens it becomes its assignee.

    A bot opening a pending conversation hands it over to the agents (Chatwoot's bot handoff): the
    conversation waits for a human reply from then on.
    `at` is when it happened (default now): for importing history, and for tests that build it.
    """
    new_status = (
        toggled_status(conversation.status) if status in (None, "") else check_choice(status, STATUSES, "status")
    )
    snooze_at = check_timestamp(snoozed_until, "snoozed_until")
    handoff = actor.is_bot and conversation.status == PENDING and new_status == OPEN
    change = await begin_change(session, actor, conversation)
    if handoff:
        conversation.waiting_since = conversation.waiting_since or at or utcnow()
    await set_status(session, change, new_status, snooze_at, at=at)
    if (
        isinstance(actor, Actor)
        and conversation.status == OPEN
        and not actor.is_administrator
        and conversation.assignee_id != actor.user.id
    ):
        await do_self_assign(session, actor, conversation)


async def set_status(
    session: AsyncSession,
    change: ConversationChange,
    new_status: int,
    snooze_at: datetime | None = None,
    *,
    at: datetime | None = None,
) -> None:
    """Write a status (snoozed_until kept only while snoozed); record the note and the event if it changed.

    Snoozing again without a time keeps the current one, as Chatwoot does.
    """
    conversation = change.conversation
    previous_status, previous_snooze = conversation.status, conversation.snoozed_until
    new_snooze = None
    if new_status == SNOOZED:
        new_snooze = snooze_at if snooze_at is not None else previous_snooze
    if new_status == previous_status and new_snooze == previous_snooze:
        return
    changes = status_change(conversation, new_status)
    conversation.status = new_status
    conversation.snoozed_until = new_snooze
    if new_status == RESOLVED:
        conversation.waiting_since = None
    if new_status != previous_status:
        await record_status_event(session, conversation, at or utcnow())
    await session.flush()
    if new_status == previous_status:
        # Only the snooze time moved: an update, not a status change.
        await change.updated(session, [changed("snoozed_until", unix(previous_snooze), unix(new_snooze))])
        return
    await change.note(session, STATUS_NOTES[new_status].format(actor=change.actor_name))
    await record_conversation_event(session, conversation, change.channel, types.ConversationStatusChanged, changes)
    if new_status == RESOLVED:
        await send_csat_survey(session, change.actor.account, change.inbox, conversation)
