"""The delivery worker's sign of life, kept in the database so every web process (and the health page) sees
the workers of every process, standalone `chatlake worker`s included.

The worker is wrapped rather than edited: its round (`run_once`) beats at most every `every` seconds, so
an idle worker writes one small row now and then and a busy one is not slowed; a worker that stops cleanly
removes its row, one that dies leaves it to go stale.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from datetime import timedelta

from sqlalchemy import delete, update

from chatlake.db import Database
from chatlake.models import ProcessHeartbeat
from chatlake.models.base import utcnow

log = logging.getLogger("chatlake.heartbeat")

WORKER_PREFIX = "delivery-worker:"
# Rows of workers that died long ago tell nothing more; each beat sweeps them.
FORGET_AFTER = timedelta(days=1)


class Heartbeat:
    def __init__(self, db: Database, name: str, every: float) -> None:
        self.db = db
        self.name = name
        self.every = every
        self._last = float("-inf")

    async def beat(self) -> None:
        now = utcnow()
        try:
            async with self.db.transaction() as session:
                result = await session.execute(
                    update(ProcessHeartbeat).where(ProcessHeartbeat.name == self.name).values(beat_at=now)
                )
                if not result.rowcount:
                    session.add(ProcessHeartbeat(name=self.name, beat_at=now))
                    await session.execute(delete(ProcessHeartbeat).where(ProcessHeartbeat.beat_at < now - FORGET_AFTER))
            self._last = time.monotonic()
        except Exception:  # noqa: BLE001 - a missed beat must never stop deliveries; health reports it
            log.warning("could not record the worker heartbeat", exc_info=True)

    async def maybe_beat(self) -> None:
        if time.monotonic() - self._last >= self.every:
            await self.beat()

    async def clear(self) -> None:
        try:
            async with self.db.transaction() as session:
                await session.execute(delete(ProcessHeartbeat).where(ProcessHeartbeat.name == self.name))
        except Exception:  # noqa: BLE001 - stopping goes on; the row will simply go stale
            log.warning("could not clear the worker heartbeat", exc_info=True)


def worker_name() -> str:
    return f"{WORKER_PREFIX}{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def install_heartbeat(worker, db: Database, every: float) -> Heartbeat:
    """Make `worker` (a DeliveryWorker) beat while it runs."""
    heartbeat = Heartbeat(db, worker_name(), every)
    run_round, run_loop = worker.run_once, worker.run

    async def run_once(*args, **kwargs) -> int:
        handled = await run_round(*args, **kwargs)
        await heartbeat.maybe_beat()
        return handled

    async def run() -> None:
        await heartbeat.beat()
        try:
            await run_loop()
        finally:
            await heartbeat.clear()

    worker.run_once = run_once
    worker.run = run
    return heartbeat
