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
)
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
    *,
    account_id: int,
    name: str,
    payload: dict,
    inbox_id: int | None = None,
    conversation_id: int | None = None,
    api_channel: ChannelApi | None = None,
) -> Event:
    """Append an event and plan its webhook deliveries. `payload` is the webhook body without `event`."""
    event = Event(
        account_id=account_id,
        cursor=await next_cursor(session, account_id),
        name=name,
        inbox_id=inbox_id,
        conversation_id=conversation_id,
        payload={**payload, "event": name},
    )
    session.add(event)
    await session.flush()
    window = EPHEMERAL_WINDOW if name in EPHEMERAL_EVENTS else None
    expires_at = utcnow() + window if window else None
    if (
        api_channel is not None
        and api_channel.webhook_url
        and api_channel.webhook_disabled_at is None
        and name in API_INBOX_EVENTS
    ):
        _plan(session, event, "api_inbox", api_channel.id, api_channel.webhook_url, expires_at)
    targets = select(literal("webhook"), Webhook.id, Webhook.url, Webhook.subscriptions).where(
        Webhook.account_id == account_id, Webhook.disabled_at.is_(None), Webhook.webhook_type == 0
    )
    if inbox_id is not None and _bot_receives(name, payload):
        # The inbox's bot in the same statement: the message hot path pays no extra round trip.
        targets = union_all(targets, _inbox_bot_target(account_id, inbox_id))
    for kind, target_id, url, subscriptions in await session.execute(targets):
        if kind == "agent_bot" or name in (subscriptions or []):
            _plan(session, event, kind, target_id, url, expires_at)
    # Read by the request/job edge after commit, to wake the dispatcher.
    session.info[EVENTS_RECORDED] = True
    session.info.setdefault(RECORDED_EVENTS, []).append(event)
    return event


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
