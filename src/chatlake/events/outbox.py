"""The outbox writer: an event and the deliveries it causes are rows in the change's own transaction."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.events.catalogue import API_INBOX_EVENTS
from chatlake.models import ChannelApi, Event, WebhookDelivery

EVENTS_RECORDED = "chatlake.events_recorded"


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
    """Append an event; plan its webhook deliveries. `payload` is the webhook body without `event`."""
    event = Event(
        account_id=account_id,
        name=name,
        inbox_id=inbox_id,
        conversation_id=conversation_id,
        payload={**payload, "event": name},
    )
    session.add(event)
    await session.flush()
    if api_channel is not None and api_channel.webhook_url and name in API_INBOX_EVENTS:
        session.add(
            WebhookDelivery(
                account_id=account_id,
                event_id=event.id,
                delivery_uuid=str(uuid.uuid4()),
                target_kind="api_inbox",
                target_id=api_channel.id,
                url=api_channel.webhook_url,
                ordering_key=f"api_inbox:{api_channel.id}:{conversation_id or 0}",
            )
        )
    # Read by the request/job edge after commit, to wake the dispatcher.
    session.info[EVENTS_RECORDED] = True
    return event
