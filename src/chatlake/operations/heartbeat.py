"""The delivery worker's sign of life, kept in the database so every web process (and the health page) sees
the workers of every process, standalone `chatlake worker`s included.

The worker is wrapped rather than edited: while its loop runs, a beat is written every `every` seconds if
a round ended since the last one, so an idle worker writes one small row now and then and a busy one is not
slowed; a worker that stops cleanly removes its row, one that dies or hangs leaves it to go stale.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
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
        except Exception:  # noqa: BLE001 - a missed beat must never stop deliveries; health reports it
            log.warning("could not record the worker heartbeat", exc_info=True)

    async def clear(self) -> None:
        try:
            async with self.db.transaction() as session:
                await session.execute(delete(ProcessHeartbeat).where(ProcessHeartbeat.name == self.name))
        except Exception:  # noqa: BLE001 - stopping goes on; the row will simply go stale
            log.warning("could not clear the worker heartbeat", exc_info=True)


def worker_name() -> str:
    return f"{WORKER_PREFIX}{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def install_heartbeat(worker, db: Database, every: float) -> Heartbeat:
    """Make `worker` (a DeliveryWorker) beat while it runs.

    Its round only notes the time (no statement, so a round's own work is measured alone); a companion task,
    alive as long as the worker's loop, writes the beat every `every` seconds if a round ended since the last
    one. A loop that hangs stops beating, and its heartbeat goes stale."""
    heartbeat = Heartbeat(db, worker_name(), every)
    run_round, run_loop = worker.run_once, worker.run
    rounds = [0]

    async def run_once(*args, **kwargs) -> int:
        handled = await run_round(*args, **kwargs)
        rounds[0] += 1
        return handled

    async def beat_while_rounds_end() -> None:
        seen = rounds[0]
        while True:
            await asyncio.sleep(every)
            if rounds[0] != seen:
                seen = rounds[0]
                await heartbeat.beat()

    async def run() -> None:
        await heartbeat.beat()
        # Named like the worker's tasks: statement counters that leave the worker out leave this out too.
        companion = asyncio.create_task(beat_while_rounds_end(), name="delivery-worker-heartbeat")
        try:
            await run_loop()
        finally:
            companion.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await companion
            await heartbeat.clear()

    worker.run_once = run_once
    worker.run = run
    return heartbeat
