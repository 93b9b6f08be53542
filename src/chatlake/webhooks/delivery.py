"""Sending one claimed delivery and recording what happened."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from datetime import timedelta

import orjson
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import ChannelApi, Event, WebhookDelivery
from chatlake.models.base import utcnow
from chatlake.models.outbox import DELIVERY_DELIVERED, DELIVERY_FAILED, DELIVERY_PENDING
from chatlake.webhooks.safe_http import RefusedTarget, SafeHttpClient
from chatlake.webhooks.signing import signed_headers


@dataclass
class RetryPolicy:
    base_seconds: float = 10.0
    max_delay_seconds: float = 3600.0
    window_seconds: float = 86400.0

    def delay(self, attempts: int) -> float:
        """Exponential backoff with full jitter on the upper half, so retries of many endpoints spread out."""
        ceiling = min(self.max_delay_seconds, self.base_seconds * (2 ** max(attempts - 1, 0)))
        return ceiling / 2 + random.random() * ceiling / 2


@dataclass
class Outgoing:
    delivery_id: int
    delivery_uuid: str
    url: str
    body: bytes
    secret: str


async def load_outgoing(session: AsyncSession, delivery: WebhookDelivery) -> Outgoing | None:
    event = await session.get(Event, delivery.event_id)
    if delivery.target_kind == "api_inbox":
        channel = await session.scalar(
            select(ChannelApi).where(ChannelApi.account_id == delivery.account_id, ChannelApi.id == delivery.target_id)
        )
        if channel is None or event is None:
            return None
        return Outgoing(delivery.id, delivery.delivery_uuid, delivery.url, orjson.dumps(event.payload), channel.secret)
    return None


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
    else:
        next_at = now + timedelta(seconds=policy.delay(attempts))
        if next_at > delivery.created_at + timedelta(seconds=policy.window_seconds):
            values.update(status=DELIVERY_FAILED)
        else:
            values.update(status=DELIVERY_PENDING, next_attempt_at=next_at)
    await session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery.id).values(**values))
