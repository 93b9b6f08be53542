"""Engines and session factories. One request or one job is one transaction, committed at the edge.

SQLite (the default) is driven on the event loop (sqlite_on_loop) through two engines:
- the writer: ONE connection. A write transaction checks it out at its first statement and gives it back at
  commit, so the writers of this process queue in asyncio (the pool's FIFO), never in SQLite's busy handler;
  BEGIN IMMEDIATE takes the file's write lock for the rare other process (a `chatlake worker`).
- the readers: a small pool of connections for read-only transactions, which under WAL never wait for the
  writer and never make it wait.
Work that needs no write lock (authentication, parsing the body, rendering) happens before a request's
first write statement or after its commit, so the one writer connection is held only for the writes.

PostgreSQL has one pooled engine for both; its row locks order concurrent writers.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from chatlake import sqlite_on_loop
from chatlake.cache import tracking
from chatlake.cache.generation import FileGeneration, LocalGeneration, RedisGeneration
from chatlake.cache.store import ConfigCache
from chatlake.config import Settings

READ_ONLY = "chatlake_read_only"
SQLITE_READERS = 8


class NestedWriteTransaction(RuntimeError):
    """A task that holds the one SQLite writer asked for it again: it would wait for itself forever."""


class WriterPool(AsyncAdaptedQueuePool):
    """The SQLite writer's pool of one connection, which knows the task that holds it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._holder: asyncio.Task | None = None

    def _do_get(self):
        task = _current_task()
        if task is not None and task is self._holder:
            raise NestedWriteTransaction("a write transaction was opened inside another one in the same task")
        record = super()._do_get()
        self._holder = task
        return record

    def _do_return_conn(self, record) -> None:
        self._holder = None
        super()._do_return_conn(record)


def _current_task() -> asyncio.Task | None:
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None


def _driver_connection(dbapi_connection) -> sqlite_on_loop.OnLoopConnection:
    return dbapi_connection._connection


def _begin_write(conn) -> None:
    sqlite_on_loop.begin_immediate(_driver_connection(conn.connection.dbapi_connection).raw)


def _begin_read(conn) -> None:
    conn.exec_driver_sql("BEGIN")


def _sqlite_engine(url: str, *, writer: bool) -> AsyncEngine:
    path = make_url(url).database
    if writer:
        engine = create_async_engine(
            url,
            async_creator=sqlite_on_loop.connector(path),
            poolclass=WriterPool,
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
        )
        event.listen(engine.sync_engine, "begin", _begin_write)
    else:
        engine = create_async_engine(
            url, async_creator=sqlite_on_loop.connector(path), pool_size=SQLITE_READERS, max_overflow=SQLITE_READERS
        )
        event.listen(engine.sync_engine, "begin", _begin_read)
    return engine


def create_engine(settings: Settings) -> AsyncEngine:
    """The engine that writes (migrations, CLI, requests that change something)."""
    url = settings.resolved_database_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return _sqlite_engine(url, writer=True)
    # No pre-ping: it costs round trips on every checkout; recycling retires connections instead, and a
    # request that meets a dead connection fails cleanly and rolls back.
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_recycle=1800)


def config_generation(settings: Settings):
    """Where processes sharing this database learn that cached configuration changed (cache/generation.py)."""
    if settings.redis_url:
        return RedisGeneration(settings.redis_url, f"{settings.redis_prefix}:config-generation")
    if settings.is_sqlite:
        return FileGeneration(settings.data_dir / "config-generation")
    # PostgreSQL without Redis: one web process (several need Redis for real-time fan-out anyway).
    return LocalGeneration()


class Database:
    """Holds the engines and the configuration cache and hands out sessions; one per process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.is_sqlite = settings.is_sqlite
        self.engine = create_engine(settings)
        self.read_engine = _sqlite_engine(settings.resolved_database_url, writer=False) if self.is_sqlite else None
        self.cache = ConfigCache(config_generation(settings))
        info = {tracking.CONFIG_CACHE: self.cache}
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False, info=info)
        # For work that only reads (GET requests, the real-time hub): never holds the SQLite writer.
        self.read_sessionmaker = async_sessionmaker(
            self.read_engine or self.engine.execution_options(**{READ_ONLY: True}),
            expire_on_commit=False,
            autoflush=False,
            info=info,
        )

    @property
    def engines(self) -> list[AsyncEngine]:
        return [self.engine] if self.read_engine is None else [self.engine, self.read_engine]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        await self.cache.refresh()
        async with self.sessionmaker() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read_transaction(self) -> AsyncIterator[AsyncSession]:
        await self.cache.refresh()
        async with self.read_sessionmaker() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        for engine in self.engines:
            await engine.dispose()
        await self.cache.close()
