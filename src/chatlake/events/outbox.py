"""The outbox writer: an event and the deliveries it causes are rows in the change's own transaction."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import cast, literal, null, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.account_counters import next_account_number
from chatlake.events.catalogue import (
    AGENT_BOT_EVENTS,
    AGENT_BOT_STATUS_EVENTS,
    API_INBOX_EVENTS,
    CONVERSATION_STATUS_CHANGED,
    EPHEMERAL_EVENTS,
    WEBHOOK_SUBSCRIPTIONS,
)
from chatlake.events.types import DomainEvent, event_type
from chatlake.models import Account, AgentBot, AgentBotInbox, ChannelApi, Event, Webhook, WebhookDelivery
from chatlake.models.agent_bot import BOT_INBOX_STATUSES
from chatlake.models.base import utcnow

EVENTS_RECORDED = "chatlake.events_recorded"
# The events of this transaction, in order: automation rules run on them before commit.
RECORDED_EVENTS = "chatlake.recorded_events"
EPHEMERAL_WINDOW = timedelta(seconds=60)


async def next_cursor(session: AsyncSession, account_id: int) -> int:
    """The account's next event position. The row lock it takes is held to commit, so positions are
    handed out in commit order and a client resuming after position N can never miss an event."""
    return await next_account_number(session, account_id, Account.event_seq)


async def record_event(
    session: AsyncSession,
    event: DomainEvent | None = None,
    *,
    account_id: int,
    name: str | None = None,
    payload: dict | None = None,
    inbox_id: int | None = None,
    conversation_id: int | None = None,
    api_channel: ChannelApi | None = None,
) -> Event:
    """Append an event and plan its webhook deliveries; the stored payload is the event's webhook body.

    Pass the typed event (events/types.py). The older `name=`/`payload=` form (the webhook body
    without `event`) is still accepted: a catalogued name is validated through its model all the same.
    """
    if event is None:
        if name is None:
            raise TypeError("record_event needs an event")
        model = event_type(name)
        event = model.model_validate(payload or {}) if model is not None else None
    if event is not None:
        name = event.event_name
        body = event.webhook()
        ephemeral, to_api_inbox = event.ephemeral, event.api_inbox
    else:
        # A name the catalogue does not type (yet): stored as given.
        body = {**(payload or {}), "event": name}
        ephemeral, to_api_inbox = name in EPHEMERAL_EVENTS, name in API_INBOX_EVENTS
    stored = Event(
        account_id=account_id,
        cursor=await next_cursor(session, account_id),
        name=name,
        inbox_id=inbox_id,
        conversation_id=conversation_id,
        payload=body,
    )
    session.add(stored)
    await session.flush()
    expires_at = utcnow() + EPHEMERAL_WINDOW if ephemeral else None
    if to_api_inbox and api_channel is not None and api_channel.webhook_url and api_channel.webhook_disabled_at is None:
        _plan(session, stored, "api_inbox", api_channel.id, api_channel.webhook_url, expires_at)
    to_inbox_bot = inbox_id is not None and _bot_receives(name, body)
    # Events neither an account webhook nor a bot can receive (dashboard-only ones) skip this read.
    if name in WEBHOOK_SUBSCRIPTIONS or to_inbox_bot:
        targets = select(literal("webhook"), Webhook.id, Webhook.url, Webhook.subscriptions).where(
            Webhook.account_id == account_id, Webhook.disabled_at.is_(None), Webhook.webhook_type == 0
        )
        if to_inbox_bot:
            # The inbox's bot in the same statement: the message hot path pays no extra round trip.
            targets = union_all(targets, _inbox_bot_target(account_id, inbox_id))
        for kind, target_id, url, subscriptions in await session.execute(targets):
            if kind == "agent_bot" or name in (subscriptions or []):
                _plan(session, stored, kind, target_id, url, expires_at)
    # Read by the request/job edge after commit, to wake the dispatcher.
    session.info[EVENTS_RECORDED] = True
    session.info.setdefault(RECORDED_EVENTS, []).append(stored)
    return stored


def _bot_receives(name: str, payload: dict) -> bool:
    if name not in AGENT_BOT_EVENTS:
        return False
    if name == CONVERSATION_STATUS_CHANGED:
        return payload.get("status") in AGENT_BOT_STATUS_EVENTS
    return payload.get("message_type") != "activity"


def _inbox_bot_target(account_id: int, inbox_id: int):
    return (
        select(literal("agent_bot"), AgentBot.id, AgentBot.outgoing_url, cast(null(), Webhook.subscriptions.type))
        .join(AgentBotInbox, AgentBotInbox.agent_bot_id == AgentBot.id)
        .where(
            AgentBotInbox.account_id == account_id,
            AgentBotInbox.inbox_id == inbox_id,
            AgentBotInbox.status == BOT_INBOX_STATUSES["active"],
            AgentBot.outgoing_url.is_not(None),
            AgentBot.outgoing_disabled_at.is_(None),
        )
    )


def _plan(session: AsyncSession, event: Event, kind: str, target_id: int, url: str, expires_at) -> None:
    session.add(
        WebhookDelivery(
            account_id=event.account_id,
            event_id=event.id,
            delivery_uuid=str(uuid.uuid4()),
            target_kind=kind,
            target_id=target_id,
            url=url,
            ordering_key=f"{kind}:{target_id}:{event.conversation_id or 0}",
            expires_at=expires_at,
        )
    )
