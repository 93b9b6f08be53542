"""The delivery worker: claims due deliveries, sends them, records the outcome; survives crashes.

A delivery is claimed by setting a lease (locked_until). A worker that dies leaves the lease to
expire and another worker (or itself after a restart) takes the delivery again: at least once.
Only the oldest pending delivery of each ordering key is claimable, so one conversation's events
reach one endpoint in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from chatlake.db import Database
from chatlake.models import WebhookDelivery
from chatlake.models.base import utcnow
from chatlake.models.outbox import DELIVERY_PENDING
from chatlake.webhooks.delivery import RetryPolicy, discard, load_outgoing, record_result, send
from chatlake.webhooks.safe_http import SafeHttpClient

log = logging.getLogger("chatlake.worker")

BATCH_SIZE = 50
LEASE_MARGIN_SECONDS = 5


class DeliveryWorker:
    def __init__(
        self,
        db: Database,
        client: SafeHttpClient,
        *,
        policy: RetryPolicy,
        timeout: float,
        poll_seconds: float = 1.0,
    ) -> None:
        self.db = db
        self.client = client
        self.policy = policy
        self.timeout = timeout
        self.poll_seconds = poll_seconds
        # A send is cut off at twice the timeout, so a lease this long outlives any live attempt;
        # a dead worker's lease expires soon after and its deliveries are taken again.
        self.lease_seconds = 2 * timeout + LEASE_MARGIN_SECONDS
        self._wake = asyncio.Event()
        self._stopping = False

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        while not self._stopping:
            try:
                handled = await self.run_once()
            except Exception:  # noqa: BLE001 - a failing round must not end the worker
                log.exception("delivery round failed")
                handled = 0
            if handled:
                continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)

    async def claim(self) -> list[WebhookDelivery]:
        now = utcnow()
        earlier = aliased(WebhookDelivery)
        head_of_key = (
            ~select(earlier.id)
            .where(
                earlier.ordering_key == WebhookDelivery.ordering_key,
                earlier.status == DELIVERY_PENDING,
                earlier.id < WebhookDelivery.id,
            )
            .exists()
        )
        stmt = (
            select(WebhookDelivery)
            .where(
                WebhookDelivery.status == DELIVERY_PENDING,
                WebhookDelivery.next_attempt_at <= now,
                or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until < now),
                head_of_key,
            )
            .order_by(WebhookDelivery.id)
            .limit(BATCH_SIZE)
        )
        if not self.db.is_sqlite:
            stmt = stmt.with_for_update(skip_locked=True, of=WebhookDelivery)
        async with self.db.transaction() as session:
            deliveries = list(await session.scalars(stmt))
            lease = now + timedelta(seconds=self.lease_seconds)
            for delivery in deliveries:
                delivery.locked_until = lease
        return deliveries

    async def run_once(self) -> int:
        deliveries = await self.claim()
        if deliveries:
            await asyncio.gather(
                *(asyncio.create_task(self._deliver(d), name=f"delivery-worker:{d.id}") for d in deliveries)
            )
        return len(deliveries)

    async def _deliver(self, delivery: WebhookDelivery) -> None:
        async with self.db.transaction() as session:
            outgoing = await load_outgoing(session, delivery)
        if outgoing is None:
            async with self.db.transaction() as session:
                await discard(session, delivery, "endpoint deleted or disabled")
            return
        code, error, latency = await send(self.client, outgoing, self.timeout)
        async with self.db.transaction() as session:
            await record_result(session, delivery, code, error, latency, self.policy)


async def pending_count(db: Database) -> int:
    async with db.transaction() as session:
        return await session.scalar(
            select(func.count()).select_from(WebhookDelivery).where(and_(WebhookDelivery.status == DELIVERY_PENDING))
        )
