"""Reads behind the health checks: the webhook backlog, endpoints that fail or were disabled, heartbeats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import AgentBot, ChannelApi, ProcessHeartbeat, Webhook, WebhookDelivery
from chatlake.models.base import utcnow
from chatlake.models.outbox import DELIVERY_PENDING
from chatlake.operations.heartbeat import WORKER_PREFIX


@dataclass
class Backlog:
    pending: int
    oldest_due_age_seconds: float | None  # the longest a due delivery has waited since its event
    failing_endpoints: int  # endpoints whose pending deliveries are being retried after errors
    disabled_endpoints: int  # endpoints deliveries stopped for (410 Gone), until their URL changes


@dataclass
class Endpoint:
    kind: str  # "webhook" | "api_inbox" | "agent_bot"
    target_id: int
    url: str
    state: str  # "failing" | "disabled"
    last_error: str | None = None
    pending: int = 0


def _scoped(stmt, column, account_id: int | None):
    return stmt if account_id is None else stmt.where(column == account_id)


async def webhook_backlog(session: AsyncSession, account_id: int | None = None) -> Backlog:
    """Installation-wide, or one account's. Three indexed aggregate statements."""
    now = utcnow()
    pending = WebhookDelivery.status == DELIVERY_PENDING
    count, oldest = (
        await session.execute(
            _scoped(
                select(
                    func.count(),
                    func.min(WebhookDelivery.created_at).filter(WebhookDelivery.next_attempt_at <= now),
                ).where(pending),
                WebhookDelivery.account_id,
                account_id,
            )
        )
    ).one()
    failing = await session.scalar(
        _scoped(
            select(func.count(distinct(WebhookDelivery.ordering_key))).where(
                pending, WebhookDelivery.attempts > 0, WebhookDelivery.last_error.is_not(None)
            ),
            WebhookDelivery.account_id,
            account_id,
        )
    )
    disabled = 0
    for model, column in (
        (Webhook, Webhook.disabled_at),
        (ChannelApi, ChannelApi.webhook_disabled_at),
        (AgentBot, AgentBot.outgoing_disabled_at),
    ):
        disabled += await session.scalar(
            _scoped(select(func.count()).select_from(model).where(column.is_not(None)), model.account_id, account_id)
        )
    return Backlog(count, _age(oldest, now), failing or 0, disabled)


def _age(oldest, now: datetime) -> float | None:
    if oldest is None:
        return None
    if isinstance(oldest, str):  # SQLite aggregates come back without the column's type
        oldest = datetime.fromisoformat(oldest)
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return max(0.0, (now - oldest).total_seconds())


async def account_endpoints(session: AsyncSession, account_id: int) -> list[Endpoint]:
    """One account's endpoints that fail (retrying after errors) or were disabled, for its administrators."""
    rows = (
        await session.execute(
            select(
                WebhookDelivery.target_kind,
                WebhookDelivery.target_id,
                func.max(WebhookDelivery.url),
                func.max(WebhookDelivery.last_error),
                func.count(),
            )
            .where(
                WebhookDelivery.account_id == account_id,
                WebhookDelivery.status == DELIVERY_PENDING,
                WebhookDelivery.attempts > 0,
                WebhookDelivery.last_error.is_not(None),
            )
            .group_by(WebhookDelivery.target_kind, WebhookDelivery.target_id)
        )
    ).all()
    endpoints = [Endpoint(kind, target, url, "failing", error, n) for kind, target, url, error, n in rows]
    for hook in await session.scalars(
        select(Webhook).where(Webhook.account_id == account_id, Webhook.disabled_at.is_not(None))
    ):
        endpoints.append(Endpoint("webhook", hook.id, hook.url, "disabled", hook.disabled_reason))
    for channel in await session.scalars(
        select(ChannelApi).where(ChannelApi.account_id == account_id, ChannelApi.webhook_disabled_at.is_not(None))
    ):
        endpoints.append(Endpoint("api_inbox", channel.id, channel.webhook_url or "", "disabled"))
    for bot in await session.scalars(
        select(AgentBot).where(AgentBot.account_id == account_id, AgentBot.outgoing_disabled_at.is_not(None))
    ):
        endpoints.append(Endpoint("agent_bot", bot.id, bot.outgoing_url or "", "disabled"))
    return endpoints


async def worker_heartbeats(session: AsyncSession, within_seconds: float) -> tuple[float | None, int]:
    """Seconds since the newest delivery-worker heartbeat (None: no worker ever beat, or all stopped), and how
    many workers beat within `within_seconds`."""
    now = utcnow()
    beats = [
        _age(beat, now)
        for beat in await session.scalars(
            select(ProcessHeartbeat.beat_at).where(ProcessHeartbeat.name.startswith(WORKER_PREFIX))
        )
    ]
    if not beats:
        return None, 0
    return min(beats), sum(1 for age in beats if age <= within_seconds)


async def database_heads(session: AsyncSession) -> set[str]:
    return set(await session.scalars(text("SELECT version_num FROM alembic_version")))
