"""The delivery log of one endpoint (an account webhook or an API inbox's webhook_url)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import InvalidField, NotFound
from chatlake.models import Event, WebhookDelivery

PAGE_SIZE = 50


async def list_deliveries(
    session: AsyncSession,
    account_id: int,
    target_kind: str,
    target_id: int,
    *,
    before: int | None = None,
    status: str | None = None,
) -> list[tuple[WebhookDelivery, Event]]:
    """Newest first; `before` (a delivery id) pages back."""
    stmt = (
        select(WebhookDelivery, Event)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(
            WebhookDelivery.account_id == account_id,
            WebhookDelivery.target_kind == target_kind,
            WebhookDelivery.target_id == target_id,
        )
        .order_by(WebhookDelivery.id.desc())
        .limit(PAGE_SIZE)
    )
    if before is not None:
        stmt = stmt.where(WebhookDelivery.id < before)
    if status is not None:
        if status not in ("pending", "delivered", "failed", "discarded"):
            raise InvalidField("status must be one of pending, delivered, failed, discarded", ["status"])
        stmt = stmt.where(WebhookDelivery.status == status)
    return list((await session.execute(stmt)).tuples())


async def access_delivery(
    session: AsyncSession, account_id: int, target_kind: str, target_id: int, delivery_id: int
) -> WebhookDelivery:
    delivery = await session.scalar(
        select(WebhookDelivery).where(
            WebhookDelivery.account_id == account_id,
            WebhookDelivery.target_kind == target_kind,
            WebhookDelivery.target_id == target_id,
            WebhookDelivery.id == delivery_id,
        )
    )
    if delivery is None:
        raise NotFound()
    return delivery
