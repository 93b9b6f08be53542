"""Counting attempts per key atomically: one upsert that starts, resets or bumps a fixed-window counter.

The count is taken in the statement that increments it, under the row's lock (PostgreSQL) or the single
writer (SQLite), so N concurrent attempts see N distinct counts: none can slip past the limit by reading a
count that another attempt is about to raise.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import ThrottleCounter
from chatlake.models.base import UTCDateTime, utcnow

_sqlite_writers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@asynccontextmanager
async def counting_transaction(db) -> AsyncIterator[AsyncSession]:
    """A transaction of its own for bumping counters, committed on exit. On SQLite the bursts a throttle exists
    for (dozens of attempts at once) queue here, in order, instead of spinning in SQLite's busy handler, where
    an unlucky writer can wait past its timeout; PostgreSQL needs no queue (the row lock orders them)."""
    if not db.is_sqlite:
        async with db.transaction() as session:
            yield session
        return
    lock = _sqlite_writers.setdefault(db, asyncio.Lock())
    async with lock, db.transaction() as session:
        yield session


async def do_bump_counter(session: AsyncSession, key_digest: str, window: timedelta) -> tuple[int, datetime]:
    """The key's count in its current window, this attempt included, and when that window started."""
    now = utcnow()
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    expired = ThrottleCounter.window_started_at <= literal(now - window, UTCDateTime())
    stmt = (
        insert(ThrottleCounter)
        .values(key_digest=key_digest, window_started_at=now, hits=1)
        .on_conflict_do_update(
            index_elements=[ThrottleCounter.key_digest],
            set_={
                "hits": case((expired, 1), else_=ThrottleCounter.hits + 1),
                "window_started_at": case(
                    (expired, literal(now, UTCDateTime())), else_=ThrottleCounter.window_started_at
                ),
            },
        )
        .returning(ThrottleCounter.hits, ThrottleCounter.window_started_at)
    )
    hits, started = (await session.execute(stmt)).one()
    return hits, started


async def do_clear_counters(session: AsyncSession, key_digests: list[str]) -> None:
    await session.execute(delete(ThrottleCounter).where(ThrottleCounter.key_digest.in_(key_digests)))


async def do_uncount(session: AsyncSession, key_digest: str) -> None:
    """Take one attempt back (one that turned out to be legitimate)."""
    await session.execute(
        update(ThrottleCounter)
        .where(ThrottleCounter.key_digest == key_digest, ThrottleCounter.hits > 0)
        .values(hits=ThrottleCounter.hits - 1)
    )


def seconds_left(started: datetime, window: timedelta) -> int:
    return max(1, int((started + window - utcnow()).total_seconds()) + 1)
