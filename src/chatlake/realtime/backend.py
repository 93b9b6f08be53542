"""Fan-out between processes, and where presence lives: in memory (one process) or Redis (many).

Messages are small notices ("an account advanced", "presence of an account changed"), never the
events themselves: each process reads events from the database, so a lost notice delays, and the
hub's periodic check repairs, but nothing is ever delivered from a second, divergent copy.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable

import orjson

log = logging.getLogger("chatlake.realtime")

OnMessage = Callable[[dict], None]


class MemoryBackend:
    """One process: notices go straight back to this process's hub."""

    def __init__(self) -> None:
        self.node = uuid.uuid4().hex
        self._on_message: OnMessage | None = None
        self._presence: dict[int, dict[int, float]] = {}

    async def start(self, on_message: OnMessage) -> None:
        self._on_message = on_message

    async def stop(self) -> None:
        self._on_message = None

    def publish(self, message: dict) -> None:
        # The local hub has already acted on its own notices; nothing else listens.
        return None

    async def presence_touch(self, account_id: int, user_ids: set[int]) -> None:
        now = time.time()
        seen = self._presence.setdefault(account_id, {})
        for user_id in user_ids:
            seen[user_id] = now

    async def presence_drop(self, account_id: int, user_id: int) -> None:
        self._presence.get(account_id, {}).pop(user_id, None)

    async def presence_online(self, account_id: int, window: float) -> set[int]:
        oldest = time.time() - window
        seen = self._presence.get(account_id, {})
        for user_id in [u for u, at in seen.items() if at < oldest]:
            del seen[user_id]
        return set(seen)


class RedisBackend:
    """Redis pub/sub on one channel per installation prefix; presence in one hash per account."""

    def __init__(self, url: str, prefix: str) -> None:
        from redis import asyncio as aioredis

        self.node = uuid.uuid4().hex
        self.channel = f"{prefix}:realtime"
        self.prefix = prefix
        self._redis = aioredis.from_url(url)
        self._on_message: OnMessage | None = None
        self._outgoing: asyncio.Queue[bytes] = asyncio.Queue()
        self._tasks: list[asyncio.Task] = []
        self._subscribed = asyncio.Event()

    async def start(self, on_message: OnMessage) -> None:
        self._on_message = on_message
        self._tasks = [
            asyncio.create_task(self._listen(), name="realtime-redis-listen"),
            asyncio.create_task(self._publish_loop(), name="realtime-redis-publish"),
        ]
        # Serve only once notices from other processes can arrive (bounded: Redis may be down).
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._subscribed.wait(), 5)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self._redis.aclose()

    def publish(self, message: dict) -> None:
        # One publisher task keeps notices in order (presence maps must not overtake each other).
        self._outgoing.put_nowait(orjson.dumps({**message, "node": self.node}))

    async def _publish_loop(self) -> None:
        while True:
            data = await self._outgoing.get()
            try:
                await self._redis.publish(self.channel, data)
            except Exception as exc:  # noqa: BLE001 - the periodic check repairs a lost notice
                log.warning("realtime: publish to redis failed: %s", exc)

    async def _listen(self) -> None:
        while True:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                self._subscribed.set()
                if self._on_message is not None:
                    # Notices may have been missed while (re)connecting: look at the database again.
                    self._on_message({"kind": "advance"})
                while True:
                    item = await pubsub.get_message(ignore_subscribe_messages=True, timeout=30)
                    if item is None or item.get("type") != "message":
                        continue
                    try:
                        message = orjson.loads(item["data"])
                    except orjson.JSONDecodeError:
                        continue
                    if message.get("node") != self.node and self._on_message is not None:
                        self._on_message(message)
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                raise
            except Exception as exc:  # noqa: BLE001 - reconnect with a pause
                log.warning("realtime: redis subscription lost: %s", exc)
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                await asyncio.sleep(1)

    def _presence_key(self, account_id: int) -> str:
        return f"{self.prefix}:presence:{account_id}"

    async def presence_touch(self, account_id: int, user_ids: set[int]) -> None:
        if not user_ids:
            return
        key = self._presence_key(account_id)
        now = time.time()
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.hset(key, mapping={f"{u}:{self.node}": now for u in user_ids})
            pipe.expire(key, 600)
            await pipe.execute()

    async def presence_drop(self, account_id: int, user_id: int) -> None:
        await self._redis.hdel(self._presence_key(account_id), f"{user_id}:{self.node}")

    async def presence_online(self, account_id: int, window: float) -> set[int]:
        key = self._presence_key(account_id)
        oldest = time.time() - window
        online: set[int] = set()
        stale = []
        for field, value in (await self._redis.hgetall(key)).items():
            if float(value) < oldest:
                stale.append(field)
            else:
                online.add(int(field.split(b":", 1)[0]))
        if stale:
            await self._redis.hdel(key, *stale)
        return online


def build_backend(redis_url: str, prefix: str) -> MemoryBackend | RedisBackend:
    return RedisBackend(redis_url, prefix) if redis_url else MemoryBackend()
