"""The outbox writer: an event and the deliveries it causes are rows in the change's own transaction."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.account_counters import next_account_number
from chatlake.events.catalogue import API_INBOX_EVENTS, EPHEMERAL_EVENTS
from chatlake.models import Account, ChannelApi, Event, Webhook, WebhookDelivery
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
    for webhook_id, url, subscriptions in await session.execute(
        select(Webhook.id, Webhook.url, Webhook.subscriptions).where(
            Webhook.account_id == account_id, Webhook.disabled_at.is_(None), Webhook.webhook_type == 0
        )
    ):
        if name in (subscriptions or []):
            _plan(session, event, "webhook", webhook_id, url, expires_at)
    # Read by the request/job edge after commit, to wake the dispatcher.
    session.info[EVENTS_RECORDED] = True
    session.info.setdefault(RECORDED_EVENTS, []).append(event)
    return event


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
