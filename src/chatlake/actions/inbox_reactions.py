"""What an inbox does on its own when its conversations change, in the transaction of the change.

Called at the request edge with the events the transaction recorded (actions/automation_runner.py, before the
rules), like automation rules: a new or reopened conversation is auto-assigned, a conversation that stops
being open lets a waiting one in (capacity), an incoming message outside working hours gets the out-of-office
reply and a contact's first message the greeting (actions/working_hours.py).

Settings are read from rows the transaction already loaded (the inbox and account are in the session's identity
map on the message path), so an inbox with none of this switched on pays no statement for it. Events recorded
by these reactions are not reacted to again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from sqlalchemy import event as orm_event
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.auto_assignment import assign_waiting, assignment_limit, auto_assign_from_event
from chatlake.actions.working_hours import react_to_incoming, sent_at, wants_greeting, wants_out_of_office
from chatlake.errors import ChatlakeError
from chatlake.events import catalogue
from chatlake.events.outbox import savepoint
from chatlake.models import Account, Event, Inbox

log = logging.getLogger("chatlake.inbox_reactions")

REACTING = "chatlake.inbox_reacting"
LOADED_INBOXES = "chatlake.loaded_inboxes"


@orm_event.listens_for(Inbox, "load")
def _keep_loaded_inbox(inbox: Inbox, context) -> None:
    """The session's identity map holds unchanged rows weakly: the inbox the message path loaded may be gone by
    the time the edge reacts. Holding it for the session's life lets the reaction read its settings without a
    statement. (Caching only: nothing is written here.)"""
    context.session.info.setdefault(LOADED_INBOXES, {})[inbox.id] = inbox


FREEING_STATUSES = ("resolved", "snoozed", "pending")


async def react_to_events(session: AsyncSession, events: list[Event]) -> None:
    if not events or session.info.get(REACTING):
        return
    session.info[REACTING] = True
    try:
        await _react(session, events)
    finally:
        session.info[REACTING] = False


def _wanted(event: Event) -> str | None:
    """What an event may call for, decided from the event alone (no statement)."""
    payload = event.payload or {}
    if event.conversation_id is None or event.inbox_id is None:
        return None
    if event.name == catalogue.CONVERSATION_CREATED:
        return "assign" if payload.get("status") == "open" else None
    if event.name == catalogue.CONVERSATION_STATUS_CHANGED:
        status = payload.get("status")
        return "assign" if status == "open" else "free" if status in FREEING_STATUSES else None
    if event.name == catalogue.ASSIGNEE_CHANGED:
        return "free"
    if event.name == catalogue.MESSAGE_CREATED and payload.get("message_type") == "incoming":
        return "incoming"
    return None


async def _react(session: AsyncSession, events: list[Event]) -> None:
    freed: dict[int, Inbox] = {}
    for event in events:
        wanted = _wanted(event)
        if wanted is None:
            continue
        inbox = (session.info.get(LOADED_INBOXES) or {}).get(event.inbox_id) or await session.get(Inbox, event.inbox_id)
        if inbox is None or inbox.account_id != event.account_id:
            continue
        if wanted == "incoming":
            if wants_greeting(inbox) or wants_out_of_office(inbox, sent_at(event)):
                await _guarded(session, "greeting or out-of-office", react_to_incoming(session, inbox, event))
            continue
        if not inbox.enable_auto_assignment:
            continue
        if wanted == "free":
            if assignment_limit(inbox) is not None:
                freed[inbox.id] = inbox
            continue
        await auto_assign_from_event(session, inbox, event)
    for inbox in freed.values():
        account = await session.get(Account, inbox.account_id)
        await _guarded(session, "waiting assignment", assign_waiting(session, account, inbox))


async def _guarded(session: AsyncSession, what: str, work: Awaitable) -> None:
    """In a savepoint: a reaction that cannot be carried out is skipped, never losing the change that set it off."""
    try:
        async with savepoint(session):
            await work
    except ChatlakeError as exc:
        log.warning("inbox reaction (%s) skipped: %s", what, exc.message)
