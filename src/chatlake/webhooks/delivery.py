"""Sending one claimed delivery and recording what happened."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from datetime import timedelta

import orjson
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.events.catalogue import AGENT_BOT_STATUS_EVENTS, CONVERSATION_STATUS_CHANGED
from chatlake.models import AgentBot, AutomationRule, ChannelApi, Event, Webhook, WebhookDelivery
from chatlake.models.base import utcnow
from chatlake.models.outbox import DELIVERY_DELIVERED, DELIVERY_DISCARDED, DELIVERY_FAILED, DELIVERY_PENDING
from chatlake.webhooks.safe_http import RefusedTarget, SafeHttpClient
from chatlake.webhooks.signing import signed_headers

# A private generator: jitter must not consume (or disturb) the process-wide random state.
_jitter = random.Random()


@dataclass
class RetryPolicy:
    base_seconds: float = 10.0
    max_delay_seconds: float = 3600.0
    window_seconds: float = 86400.0

    def delay(self, attempts: int) -> float:
        """Exponential backoff with full jitter on the upper half, so retries of many endpoints spread out."""
        # The exponent is capped: past ~1,000 attempts (a tiny base) 2**n no longer fits in a float.
        ceiling = min(self.max_delay_seconds, self.base_seconds * (2 ** min(max(attempts - 1, 0), 60)))
        return ceiling / 2 + _jitter.random() * ceiling / 2


@dataclass
class Outgoing:
    delivery_id: int
    delivery_uuid: str
    url: str
    body: bytes
    secret: str


async def load_outgoing(session: AsyncSession, delivery: WebhookDelivery) -> Outgoing | None:
    """What to send, or None when the event or its endpoint is gone or disabled."""
    event = await session.get(Event, delivery.event_id)
    if event is None:
        return None
    if delivery.target_kind == "agent_bot":
        return await _bot_outgoing(session, delivery, event)
    if delivery.target_kind == "api_inbox":
        target = await session.scalar(
            select(ChannelApi).where(ChannelApi.account_id == delivery.account_id, ChannelApi.id == delivery.target_id)
        )
        enabled = target is not None and target.webhook_disabled_at is None
    elif delivery.target_kind == "automation_rule":
        # An automation's send_webhook_event: sent while its rule exists and is active.
        target = await session.scalar(
            select(AutomationRule).where(
                AutomationRule.account_id == delivery.account_id, AutomationRule.id == delivery.target_id
            )
        )
        enabled = target is not None and target.active
    else:
        target = await session.scalar(
            select(Webhook).where(Webhook.account_id == delivery.account_id, Webhook.id == delivery.target_id)
        )
        enabled = target is not None and target.disabled_at is None
    if not enabled:
        return None
    return Outgoing(delivery.id, delivery.delivery_uuid, delivery.url, orjson.dumps(event.payload), target.secret)


async def _bot_outgoing(session: AsyncSession, delivery: WebhookDelivery, event: Event) -> Outgoing | None:
    """To the bot's current outgoing_url (a bot that moved is not sent to its old address), signed with its
    secret; a status change goes out under the name Chatwoot sends bots (conversation_opened/_resolved)."""
    bot = await session.scalar(
        select(AgentBot).where(
            AgentBot.id == delivery.target_id,
            or_(AgentBot.account_id == delivery.account_id, AgentBot.account_id.is_(None)),
        )
    )
    if bot is None or not bot.outgoing_url or bot.outgoing_disabled_at is not None:
        return None
    payload = event.payload
    if event.name == CONVERSATION_STATUS_CHANGED:
        renamed = AGENT_BOT_STATUS_EVENTS.get(payload.get("status"))
        if renamed is None:
            return None
        payload = {**payload, "event": renamed}
    return Outgoing(delivery.id, delivery.delivery_uuid, bot.outgoing_url, orjson.dumps(payload), bot.secret)


async def disable_target(session: AsyncSession, delivery: WebhookDelivery, reason: str) -> None:
    """The receiver said the endpoint is gone: stop sending to it, and drop what is queued for it."""
    now = utcnow()
    if delivery.target_kind == "agent_bot":
        await session.execute(
            update(AgentBot)
            .where(
                AgentBot.id == delivery.target_id,
                or_(AgentBot.account_id == delivery.account_id, AgentBot.account_id.is_(None)),
            )
            .values(outgoing_disabled_at=now)
        )
    if delivery.target_kind == "automation_rule":
        pass  # the rule stays as it is; only what is queued for this URL is dropped
    elif delivery.target_kind == "api_inbox":
        await session.execute(
            update(ChannelApi)
            .where(ChannelApi.account_id == delivery.account_id, ChannelApi.id == delivery.target_id)
            .values(webhook_disabled_at=now)
        )
    else:
        await session.execute(
            update(Webhook)
            .where(Webhook.account_id == delivery.account_id, Webhook.id == delivery.target_id)
            .values(disabled_at=now, disabled_reason=reason)
        )
    await session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.account_id == delivery.account_id,
            WebhookDelivery.target_kind == delivery.target_kind,
            WebhookDelivery.target_id == delivery.target_id,
            WebhookDelivery.status == DELIVERY_PENDING,
            WebhookDelivery.id != delivery.id,
        )
        .values(status=DELIVERY_DISCARDED, last_error=reason, locked_until=None)
    )


async def send(client: SafeHttpClient, outgoing: Outgoing, timeout: float) -> tuple[int | None, str | None, int]:
    """POST it; returns (status code, error text, latency ms). Never raises for the receiver's faults."""
    timestamp = int(time.time())
    headers = signed_headers(outgoing.secret, timestamp, outgoing.body, outgoing.delivery_uuid)
    started = time.perf_counter()
    try:
        response = await asyncio.wait_for(client.post(outgoing.url, outgoing.body, headers), timeout * 2)
    except RefusedTarget as exc:
        return None, f"refused: {exc}", 0
    except TimeoutError:
        return None, "timed out", int((time.perf_counter() - started) * 1000)
    except Exception as exc:  # noqa: BLE001 - any network failure is the receiver's, to be retried
        return None, f"{type(exc).__name__}: {exc}", int((time.perf_counter() - started) * 1000)
    latency = int((time.perf_counter() - started) * 1000)
    if 200 <= response.status_code < 300:
        return response.status_code, None, latency
    return response.status_code, f"HTTP {response.status_code}", latency


async def discard(session: AsyncSession, delivery: WebhookDelivery, reason: str) -> None:
    await session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery.id)
        .values(status=DELIVERY_DISCARDED, last_error=reason, locked_until=None)
    )


async def record_result(
    session: AsyncSession,
    delivery: WebhookDelivery,
    code: int | None,
    error: str | None,
    latency_ms: int,
    policy: RetryPolicy,
) -> None:
    now = utcnow()
    attempts = delivery.attempts + 1
    values: dict = {
        "attempts": attempts,
        "last_response_code": code,
        "last_error": error,
        "last_latency_ms": latency_ms,
        "locked_until": None,
    }
    if error is None:
        values.update(status=DELIVERY_DELIVERED, delivered_at=now)
    elif code == 410:
        values.update(status=DELIVERY_DISCARDED, last_error="410 Gone: endpoint disabled")
        await disable_target(session, delivery, "the receiver answered 410 Gone")
    else:
        next_at = now + timedelta(seconds=policy.delay(attempts))
        give_up_at = delivery.expires_at or delivery.created_at + timedelta(seconds=policy.window_seconds)
        if next_at > give_up_at:
            values.update(status=DELIVERY_FAILED)
        else:
            values.update(status=DELIVERY_PENDING, next_attempt_at=next_at)
    await session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery.id).values(**values))
