"""The delivery worker: claims due deliveries in batches, sends them concurrently, records outcomes in batches.

One round is one short write transaction that records every outcome gathered since the last round and
claims new runs (jobs/claims.py), then one read of their bodies and secrets. Runs of different ordering
keys are sent concurrently, bounded overall (max_runs) and per endpoint (per_endpoint); a run's own
deliveries go one after another, and it stops at the first failure, so a conversation's events reach an
endpoint in order, across retries too. No transaction is held while sending.

A delivery is claimed by setting a lease (locked_until). A worker that dies leaves the lease to expire
and another worker (or itself after a restart) takes the delivery again: at least once, with the same
delivery id. A run only starts a send that will end, outcome recorded, before its lease expires.

Woken by the process's own commits (wake()), by other processes' commits through jobs/wakeup.py, when a
retry falls due, and by polling as the fallback.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select

from chatlake.db import Database
from chatlake.jobs.claims import Claimer, Run
from chatlake.jobs.outcomes import Attempt, NotSent, Outcome, record_outcomes
from chatlake.jobs.wakeup import Wakeup, build_wakeup
from chatlake.models import WebhookDelivery
from chatlake.models.base import utcnow
from chatlake.models.outbox import DELIVERY_PENDING
from chatlake.webhooks.delivery import Outgoing, RetryPolicy, load_outgoing, send
from chatlake.webhooks.safe_http import SafeHttpClient

log = logging.getLogger("chatlake.worker")

MAX_RUNS = 32  # ordering keys in flight at once
PER_ENDPOINT = 8  # requests in flight to one endpoint (scheme, host, port); as many as its pool keeps
RUN_LENGTH = 20  # deliveries of one key claimed together (a round claims at most MAX_RUNS * RUN_LENGTH)
LEASE_MARGIN_SECONDS = 5
# Time kept between a send's deadline and its lease's end, for the outcome to be written.
RECORD_MARGIN_SECONDS = 2
# Outcomes of runs still sending wait up to this long (or until this many) to be written together;
# a run that ends has its outcomes written at once (its key may have more to send).
FLUSH_DELAY_SECONDS = 0.05
FLUSH_COUNT = 500

GONE_OR_DISABLED = "endpoint deleted or disabled"


class EndpointLimits:
    """A semaphore per endpoint, dropped when nobody uses it."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._slots: dict[str, tuple[asyncio.Semaphore, list[int]]] = {}

    @staticmethod
    def endpoint(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    @contextlib.asynccontextmanager
    async def slot(self, url: str):
        key = self.endpoint(url)
        semaphore, users = self._slots.setdefault(key, (asyncio.Semaphore(self.limit), [0]))
        users[0] += 1
        try:
            async with semaphore:
                yield
        finally:
            users[0] -= 1
            if not users[0]:
                del self._slots[key]


class DeliveryWorker:
    def __init__(
        self,
        db: Database,
        client: SafeHttpClient,
        *,
        policy: RetryPolicy,
        timeout: float,
        poll_seconds: float = 1.0,
        max_runs: int = MAX_RUNS,
        per_endpoint: int = PER_ENDPOINT,
        run_length: int = RUN_LENGTH,
        wakeup: Wakeup | None = None,
    ) -> None:
        self.db = db
        self.client = client
        self.policy = policy
        self.timeout = timeout
        self.poll_seconds = poll_seconds
        self.max_runs = max_runs
        # A send is cut off at twice the timeout, so a lease this long outlives any live attempt;
        # a dead worker's lease expires soon after and its deliveries are taken again.
        self.send_bound = 2 * timeout
        self.lease_seconds = self.send_bound + LEASE_MARGIN_SECONDS + RECORD_MARGIN_SECONDS
        self.claimer = Claimer(is_sqlite=db.is_sqlite, run_length=run_length, lease_seconds=self.lease_seconds)
        self.wakeup = wakeup if wakeup is not None else build_wakeup(db.settings)
        self._endpoints = EndpointLimits(per_endpoint)
        self._signal = asyncio.Event()
        self._outcomes: list[Outcome] = []
        self._outcomes_since: float | None = None  # when the oldest unwritten outcome came in
        self._flush_now = False
        self._polled_at = time.monotonic()
        self._continue_keys: set[str] = set()  # keys whose full run ended: likely more behind it
        self._claim_wanted = True
        self._next_due: float | None = None  # monotonic time of the earliest retry we planned
        self._runs: dict[str, asyncio.Task] = {}
        self._running = False
        self._stopping = False

    # -- signals -------------------------------------------------------------------------------

    def wake(self) -> None:
        """After a commit that recorded events: claim now, here or (no worker here) in another process."""
        if self._running:
            self._claim_wanted = True
            self._signal.set()
        else:
            self.wakeup.notify()

    def stop(self) -> None:
        self._stopping = True
        self._signal.set()

    async def aclose(self) -> None:
        await self.wakeup.aclose()

    async def settle(self) -> None:
        """Wait until every run in flight has ended (its outcomes are then waiting for the next round)."""
        while self._runs:
            await asyncio.gather(*self._runs.values(), return_exceptions=True)

    # -- loop ----------------------------------------------------------------------------------

    async def run(self) -> None:
        self._running = True
        await self.wakeup.listen(self._woken_elsewhere)
        failures = 0
        try:
            while not (self._stopping and not self._runs and not self._outcomes):
                self._signal.clear()
                try:
                    await self.run_once()
                    failures = 0
                except Exception:  # noqa: BLE001 - a failing round must not end the worker
                    log.exception("delivery round failed")
                    failures += 1
                    await asyncio.sleep(min(self.poll_seconds, 0.05 * 2**failures))
                if not self._ready():
                    await self._idle()
        finally:
            self._running = False

    def _woken_elsewhere(self) -> None:
        self._claim_wanted = True
        self._signal.set()

    def _capacity(self) -> int:
        return 0 if self._stopping else self.max_runs - len(self._runs)

    def _flush_due(self) -> bool:
        if not self._outcomes:
            return False
        if self._flush_now or self._stopping or len(self._outcomes) >= FLUSH_COUNT:
            return True
        return self._outcomes_since is not None and time.monotonic() >= self._outcomes_since + FLUSH_DELAY_SECONDS

    def _ready(self) -> bool:
        return self._flush_due() or (bool(self._claim_wanted or self._continue_keys) and self._capacity() > 0)

    async def _idle(self) -> None:
        deadlines = [self._polled_at + self.poll_seconds]
        if self._next_due is not None:
            deadlines.append(self._next_due)
        if self._outcomes_since is not None:
            deadlines.append(self._outcomes_since + FLUSH_DELAY_SECONDS)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._signal.wait(), max(0.0, min(deadlines) - time.monotonic()))
        now = time.monotonic()
        if now >= self._polled_at + self.poll_seconds or (self._next_due is not None and now >= self._next_due):
            # Polling: work planned by a process that could not tell us, or a retry that fell due.
            self._claim_wanted = True
            self._next_due = None

    async def run_once(self, *, poll: bool = False) -> int:
        """One round: record what finished, claim and start new runs. Returns the deliveries claimed.

        It claims when there is reason to (woken, a full run ended, a poll is due) or when `poll` says so.
        """
        keys, self._continue_keys = self._continue_keys, set()
        capacity = self._capacity()
        claim = capacity > 0 and (poll or self._claim_wanted or bool(keys))
        if claim:
            self._claim_wanted = False
            self._polled_at = time.monotonic()
        outcomes: list[Outcome] = []
        # Outcomes ride along with a claim for free; on their own they wait to be written in bulk.
        if self._flush_due() or (claim and self._outcomes):
            outcomes, self._outcomes, self._outcomes_since, self._flush_now = self._outcomes, [], None, False
        if not outcomes and not claim:
            return 0
        now = utcnow()
        leased_at = time.monotonic()
        try:
            async with self.db.transaction() as session:
                next_due = await record_outcomes(session, outcomes, self.policy, now) if outcomes else None
                runs = await self.claimer.claim(session, now, capacity, keys) if claim else []
        except BaseException:
            # Nothing was written: keep it all for the next round.
            self._outcomes = outcomes + self._outcomes
            self._outcomes_since = self._outcomes_since or (time.monotonic() if self._outcomes else None)
            self._continue_keys |= keys
            self._claim_wanted = self._claim_wanted or claim
            raise
        if next_due is not None:
            self._plan_poll_at(next_due)
        if claim and len(runs) == capacity:
            self._claim_wanted = True  # there may be more waiting than we had room for
        if runs:
            await self._start(runs, leased_at + self.lease_seconds)
        return sum(len(run.deliveries) for run in runs)

    def _plan_poll_at(self, due: datetime) -> None:
        at = time.monotonic() + max(0.0, (due - utcnow()).total_seconds())
        self._next_due = at if self._next_due is None else min(self._next_due, at)

    async def _start(self, runs: list[Run], lease_deadline: float) -> None:
        claimed = [delivery for run in runs for delivery in run.deliveries]
        try:
            async with self.db.read_transaction() as session:
                outgoing = await load_outgoing(session, claimed)
        except BaseException:
            self._post(*(NotSent(delivery) for delivery in claimed), urgent=True)
            raise
        for run in runs:
            # A key is never claimed while its run is in flight: its head stays leased until recorded.
            self._runs[run.key] = asyncio.create_task(
                self._send_run(run, outgoing, lease_deadline), name=f"delivery-run:{run.key}"
            )

    # -- sending -------------------------------------------------------------------------------

    def _post(self, *outcomes: Outcome, urgent: bool = False) -> None:
        self._outcomes.extend(outcomes)
        if self._outcomes_since is None:
            self._outcomes_since = time.monotonic()
        if urgent:
            self._flush_now = True
            self._signal.set()

    def _may_send(self, lease_deadline: float) -> bool:
        return not self._stopping and time.monotonic() + self.send_bound + RECORD_MARGIN_SECONDS <= lease_deadline

    async def _send_run(self, run: Run, outgoing: dict[int, Outgoing | None], lease_deadline: float) -> None:
        """Send the run's deliveries in order; stop at the first failure and release what was not sent."""
        deliveries = run.deliveries
        sent_all = False
        try:
            for position, delivery in enumerate(deliveries):
                message = outgoing.get(delivery.id)
                if message is None:
                    self._post(NotSent(delivery, GONE_OR_DISABLED))
                    continue
                async with self._endpoints.slot(message.url):
                    if not self._may_send(lease_deadline):
                        self._post(*(NotSent(rest) for rest in deliveries[position:]))
                        return
                    code, error, latency = await send(self.client, message, self.timeout)
                self._post(Attempt(delivery, code, error, latency))
                if error is not None:
                    self._post(*(NotSent(rest) for rest in deliveries[position + 1 :]))
                    return
            sent_all = True
        finally:
            # Cancelled (shutdown) runs leave their leases to expire: sent again later, same delivery ids.
            if self._runs.get(run.key) is asyncio.current_task():
                del self._runs[run.key]
            if sent_all and len(deliveries) == self.claimer.run_length:
                self._continue_keys.add(run.key)
            # Its key is free once its outcomes are written: write them now.
            self._flush_now = bool(self._outcomes)
            self._signal.set()


async def pending_count(db: Database) -> int:
    async with db.read_transaction() as session:
        return await session.scalar(
            select(func.count()).select_from(WebhookDelivery).where(WebhookDelivery.status == DELIVERY_PENDING)
        )
