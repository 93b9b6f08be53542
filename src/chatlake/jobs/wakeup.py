"""Waking delivery workers in other processes as soon as a transaction that planned deliveries commits.

A web process without its own worker (`chatlake serve --no-worker` next to `chatlake worker`) sends a
notice after its commit; workers listening for it claim at once instead of at their next poll. Redis
pub/sub carries it when CHATLAKE_REDIS_URL is set, PostgreSQL's LISTEN/NOTIFY otherwise; a SQLite
installation without Redis has no channel and its workers poll. The notice is sent from a task of its own
on a connection of its own, never inside the request's transaction, and notices that pile up while one
is being sent are merged into the next: a burst of commits costs a notice per few milliseconds, not one each.
A lost notice costs only latency: workers keep polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from chatlake.config import Settings

log = logging.getLogger("chatlake.worker")

CHANNEL = "chatlake_deliveries"
RECONNECT_SECONDS = 1.0
# At most one notice per interval: a busy web process pays for a few hundred notices a second, not one
# per commit, and a worker learns of a commit at most this much later.
NOTICE_INTERVAL_SECONDS = 0.005

OnWake = Callable[[], None]


class Wakeup:
    """No channel between processes: notices go nowhere and workers rely on polling."""

    def notify(self) -> None:
        pass

    async def listen(self, on_wake: OnWake) -> None:
        pass

    async def aclose(self) -> None:
        pass


class _ChannelWakeup(Wakeup):
    def __init__(self) -> None:
        self._pending = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._publisher: asyncio.Task | None = None

    def notify(self) -> None:
        self._pending.set()
        if self._publisher is None:
            self._publisher = asyncio.get_running_loop().create_task(self._publish_loop(), name="delivery-wakeup")
            self._tasks.append(self._publisher)

    async def listen(self, on_wake: OnWake) -> None:
        ready = asyncio.Event()
        self._tasks.append(asyncio.create_task(self._listen_loop(on_wake, ready), name="delivery-wakeup-listen"))
        # Bounded: the channel may be down, and polling covers for it.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(ready.wait(), 5)

    async def _publish_loop(self) -> None:
        while True:
            await self._pending.wait()
            self._pending.clear()
            try:
                await self._publish()
            except Exception as exc:  # noqa: BLE001 - workers poll; reconnect on the next notice
                log.warning("delivery wake-up: notice not sent: %s", exc)
                await self._reset_publisher()
                await asyncio.sleep(RECONNECT_SECONDS)
            await asyncio.sleep(NOTICE_INTERVAL_SECONDS)

    async def _listen_loop(self, on_wake: OnWake, ready: asyncio.Event) -> None:
        while True:
            try:
                await self._subscribe_and_wait(on_wake, ready)
            except Exception as exc:  # noqa: BLE001 - reconnect with a pause; polling goes on meanwhile
                log.warning("delivery wake-up: listening failed: %s", exc)
            await asyncio.sleep(RECONNECT_SECONDS)

    async def aclose(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        await self._close_connections()

    async def _publish(self) -> None:
        raise NotImplementedError

    async def _reset_publisher(self) -> None:
        raise NotImplementedError

    async def _subscribe_and_wait(self, on_wake: OnWake, ready: asyncio.Event) -> None:
        raise NotImplementedError

    async def _close_connections(self) -> None:
        raise NotImplementedError


class PostgresWakeup(_ChannelWakeup):
    def __init__(self, dsn: str) -> None:
        super().__init__()
        self._dsn = dsn
        self._sender = None
        self._listener = None

    async def _publish(self) -> None:
        import asyncpg

        if self._sender is None or self._sender.is_closed():
            self._sender = await asyncpg.connect(self._dsn)
        await self._sender.execute(f"NOTIFY {CHANNEL}")

    async def _reset_publisher(self) -> None:
        if self._sender is not None:
            with contextlib.suppress(Exception):
                await self._sender.close(timeout=1)
        self._sender = None

    async def _subscribe_and_wait(self, on_wake: OnWake, ready: asyncio.Event) -> None:
        import asyncpg

        lost = asyncio.Event()
        self._listener = await asyncpg.connect(self._dsn)
        try:
            self._listener.add_termination_listener(lambda _connection: lost.set())
            await self._listener.add_listener(CHANNEL, lambda *_notice: on_wake())
            ready.set()
            on_wake()  # notices sent while (re)connecting were missed: look at the table once
            await lost.wait()
        finally:
            with contextlib.suppress(Exception):
                await self._listener.close(timeout=1)
            self._listener = None

    async def _close_connections(self) -> None:
        await self._reset_publisher()
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close(timeout=1)


class RedisWakeup(_ChannelWakeup):
    def __init__(self, url: str, prefix: str) -> None:
        super().__init__()
        from redis import asyncio as aioredis

        self._redis = aioredis.from_url(url)
        self._channel = f"{prefix}:deliveries"

    async def _publish(self) -> None:
        await self._redis.publish(self._channel, b"1")

    async def _reset_publisher(self) -> None:
        pass  # the client reconnects by itself

    async def _subscribe_and_wait(self, on_wake: OnWake, ready: asyncio.Event) -> None:
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(self._channel)
            ready.set()
            on_wake()
            while True:
                item = await pubsub.get_message(ignore_subscribe_messages=True, timeout=30)
                if item is not None and item.get("type") == "message":
                    on_wake()
        finally:
            with contextlib.suppress(Exception):
                await pubsub.aclose()

    async def _close_connections(self) -> None:
        with contextlib.suppress(Exception):
            await self._redis.aclose()


def build_wakeup(settings: Settings) -> Wakeup:
    if settings.redis_url:
        return RedisWakeup(settings.redis_url, settings.redis_prefix)
    if not settings.is_sqlite:
        from sqlalchemy.engine import make_url

        dsn = make_url(settings.resolved_database_url).set(drivername="postgresql")
        return PostgresWakeup(dsn.render_as_string(hide_password=False))
    return Wakeup()
