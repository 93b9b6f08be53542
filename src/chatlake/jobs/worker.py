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

    def _claimable(self, now):
        """Due, unleased, pending deliveries that are the oldest pending one of their ordering key."""
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
        stmt = select(WebhookDelivery).where(
            WebhookDelivery.status == DELIVERY_PENDING,
            WebhookDelivery.next_attempt_at <= now,
            or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until < now),
            head_of_key,
        )
        if not self.db.is_sqlite:
            stmt = stmt.with_for_update(skip_locked=True, of=WebhookDelivery)
        return stmt

    def _lease(self, deliveries: list[WebhookDelivery], now) -> None:
        lease = now + timedelta(seconds=self.lease_seconds)
        for delivery in deliveries:
            delivery.locked_until = lease

    async def claim(self) -> list[WebhookDelivery]:
        now = utcnow()
        async with self.db.transaction() as session:
            stmt = self._claimable(now).order_by(WebhookDelivery.id).limit(BATCH_SIZE)
            deliveries = list(await session.scalars(stmt))
            self._lease(deliveries, now)
        return deliveries

    async def _claim_next_of_key(self, session, ordering_key: str) -> WebhookDelivery | None:
        """Right after recording a success, the key's next delivery is taken in the same transaction,
        so one conversation's burst goes out back to back instead of one per polling round."""
        now = utcnow()
        stmt = self._claimable(now).where(WebhookDelivery.ordering_key == ordering_key).limit(1)
        following = await session.scalar(stmt)
        if following is not None:
            self._lease([following], now)
        return following

    async def run_once(self) -> int:
        deliveries = await self.claim()
        if deliveries:
            await asyncio.gather(
                *(asyncio.create_task(self._deliver(d), name=f"delivery-worker:{d.id}") for d in deliveries)
            )
        return len(deliveries)

    async def _deliver(self, delivery: WebhookDelivery | None) -> None:
        """Send the delivery, then the following ones of its key for as long as they succeed."""
        while delivery is not None and not self._stopping:
            async with self.db.read_transaction() as session:
                outgoing = await load_outgoing(session, delivery)
            if outgoing is None:
                async with self.db.transaction() as session:
                    await discard(session, delivery, "endpoint deleted or disabled")
                    delivery = await self._claim_next_of_key(session, delivery.ordering_key)
                continue
            code, error, latency = await send(self.client, outgoing, self.timeout)
            async with self.db.transaction() as session:
                await record_result(session, delivery, code, error, latency, self.policy)
                delivery = await self._claim_next_of_key(session, delivery.ordering_key) if error is None else None


async def pending_count(db: Database) -> int:
    async with db.transaction() as session:
        return await session.scalar(
            select(func.count()).select_from(WebhookDelivery).where(and_(WebhookDelivery.status == DELIVERY_PENDING))
        )
