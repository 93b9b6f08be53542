from __future__ import annotations

from chatlake.models import Event, Webhook, WebhookDelivery
from chatlake.presenters.common import unix


def webhook_json(webhook: Webhook) -> dict:
    return {
        "id": webhook.id,
        "account_id": webhook.account_id,
        "name": webhook.name,
        "url": webhook.url,
        "subscriptions": webhook.subscriptions or [],
        "inbox": {"id": webhook.inbox_id} if webhook.inbox_id else None,
        "secret": webhook.secret,
        "enabled": webhook.disabled_at is None,
        "disabled_at": unix(webhook.disabled_at),
        "disabled_reason": webhook.disabled_reason,
    }


def delivery_json(delivery: WebhookDelivery, event: Event) -> dict:
    return {
        "id": delivery.id,
        "delivery_id": delivery.delivery_uuid,
        "event": event.name,
        "event_cursor": event.cursor,
        "url": delivery.url,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "last_response_code": delivery.last_response_code,
        "last_error": delivery.last_error,
        "last_latency_ms": delivery.last_latency_ms,
        "next_attempt_at": unix(delivery.next_attempt_at) if delivery.status == "pending" else None,
        "created_at": unix(delivery.created_at),
        "delivered_at": unix(delivery.delivered_at),
    }
