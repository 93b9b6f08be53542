"""The outbox writer: an event and the deliveries it causes are rows in the change's own transaction."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.account_counters import next_account_number
from chatlake.events.catalogue import API_INBOX_EVENTS, EPHEMERAL_EVENTS, WEBHOOK_SUBSCRIPTIONS
from chatlake.events.types import DomainEvent, event_type
from chatlake.models import Account, ChannelApi, Event, Webhook, WebhookDelivery
from chatlake.models.base import utcnow

EVENTS_RECORDED = "chatlake.events_recorded"
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
    if name in WEBHOOK_SUBSCRIPTIONS:
        # Events no account webhook can subscribe to (dashboard-only ones) skip this read.
        for webhook_id, url, subscriptions in await session.execute(
            select(Webhook.id, Webhook.url, Webhook.subscriptions).where(
                Webhook.account_id == account_id, Webhook.disabled_at.is_(None), Webhook.webhook_type == 0
            )
        ):
            if name in (subscriptions or []):
                _plan(session, stored, "webhook", webhook_id, url, expires_at)
    # Read by the request/job edge after commit, to wake the dispatcher.
    session.info[EVENTS_RECORDED] = True
    return stored


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
