"""What a claimed delivery sends (loaded for many at once), sending it, and disabling a gone endpoint."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from datetime import datetime

import orjson
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.events.catalogue import AGENT_BOT_STATUS_EVENTS, CONVERSATION_STATUS_CHANGED
from chatlake.models import AgentBot, AutomationRule, ChannelApi, Event, Webhook, WebhookDelivery
from chatlake.models.base import utcnow
from chatlake.models.outbox import DELIVERY_DISCARDED, DELIVERY_PENDING
from chatlake.webhooks.safe_http import RefusedTarget, SafeHttpClient
from chatlake.webhooks.signing import signed_headers

# The error of a delivery the outgoing-request policy refused (a private or loopback target not allow-listed):
# retrying cannot help, so it fails at once with this reason (jobs/outcomes.py).
REFUSED = "refused:"

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


@dataclass(frozen=True)
class Claimed:
    """A leased delivery, as the worker needs it: what to send, and what the outcome depends on."""

    id: int
    delivery_uuid: str
    account_id: int
    event_id: int
    target_kind: str
    target_id: int
    url: str
    ordering_key: str
    attempts: int
    created_at: datetime
    expires_at: datetime | None
    next_attempt_at: datetime


@dataclass(frozen=True)
class Outgoing:
    delivery_id: int
    delivery_uuid: str
    url: str
    body: bytes
    secret: str


@dataclass(frozen=True)
class _Target:
    account_id: int | None
    secret: str
    enabled: bool
    url: str | None = None  # a bot is sent to its current address, not the one planned


_TARGET_TABLES = {
    "api_inbox": (ChannelApi, lambda row: row.webhook_disabled_at is None),
    "automation_rule": (AutomationRule, lambda row: bool(row.active)),
    "agent_bot": (AgentBot, lambda row: bool(row.outgoing_url) and row.outgoing_disabled_at is None),
}


async def _load_targets(session: AsyncSession, deliveries: list[Claimed]) -> dict[tuple[str, int], _Target]:
    """Every target of these deliveries, one statement per kind present."""
    by_kind: dict[str, set[int]] = {}
    for delivery in deliveries:
        by_kind.setdefault(_kind(delivery.target_kind), set()).add(delivery.target_id)
    targets: dict[tuple[str, int], _Target] = {}
    for kind, ids in by_kind.items():
        model, enabled = _TARGET_TABLES.get(kind, (Webhook, lambda row: row.disabled_at is None))
        for row in await session.scalars(select(model).where(model.id.in_(ids))):
            url = row.outgoing_url if kind == "agent_bot" else None
            targets[kind, row.id] = _Target(row.account_id, row.secret, enabled(row), url)
    return targets


def _kind(target_kind: str) -> str:
    return target_kind if target_kind in _TARGET_TABLES else "webhook"


async def load_outgoing(session: AsyncSession, deliveries: list[Claimed]) -> dict[int, Outgoing | None]:
    """What to send for each delivery (None: its event or endpoint is gone or disabled), in O(1) statements."""
    if not deliveries:
        return {}
    event_ids = {delivery.event_id for delivery in deliveries}
    events = {
        row.id: row
        for row in await session.execute(select(Event.id, Event.name, Event.payload).where(Event.id.in_(event_ids)))
    }
    targets = await _load_targets(session, deliveries)
    # Rendered once per event, however many endpoints receive it.
    bodies: dict[tuple[int, str | None], bytes] = {}
    result: dict[int, Outgoing | None] = {}
    for delivery in deliveries:
        event = events.get(delivery.event_id)
        target = targets.get((_kind(delivery.target_kind), delivery.target_id))
        result[delivery.id] = None
        if event is None or target is None or not target.enabled:
            continue
        # A target of another account is as good as gone (global bots have no account).
        if target.account_id is not None and target.account_id != delivery.account_id:
            continue
        renamed = None
        if delivery.target_kind == "agent_bot" and event.name == CONVERSATION_STATUS_CHANGED:
            # Bots get a status change under the name Chatwoot sends them (conversation_opened/_resolved).
            renamed = AGENT_BOT_STATUS_EVENTS.get(event.payload.get("status"))
            if renamed is None:
                continue
        body = bodies.get((event.id, renamed))
        if body is None:
            payload = event.payload if renamed is None else {**event.payload, "event": renamed}
            body = bodies[event.id, renamed] = orjson.dumps(payload)
        url = target.url if target.url is not None else delivery.url
        result[delivery.id] = Outgoing(delivery.id, delivery.delivery_uuid, url, body, target.secret)
    return result


async def disable_target(session: AsyncSession, delivery: Claimed, reason: str) -> None:
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
        return None, f"{REFUSED} {exc}", 0
    except TimeoutError:
        return None, "timed out", int((time.perf_counter() - started) * 1000)
    except Exception as exc:  # noqa: BLE001 - any network failure is the receiver's, to be retried
        return None, f"{type(exc).__name__}: {exc}", int((time.perf_counter() - started) * 1000)
    latency = int((time.perf_counter() - started) * 1000)
    if 200 <= response.status_code < 300:
        return response.status_code, None, latency
    return response.status_code, f"HTTP {response.status_code}", latency
