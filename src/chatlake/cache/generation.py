"""The configuration generation: a value that every process can read cheaply and any process can change.

A process keeps its caches while the generation it last saw is current, and drops them when it moves.
Whoever commits a change to cached configuration moves it before answering, so the very next request, in
any process, sees the change.

- one process: a counter in memory;
- SQLite (one machine, possibly several processes on one file): a small file in the data directory,
  replaced on every change, so a stat() tells whether it moved;
- Redis (several processes, possibly several machines): an integer key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class LocalGeneration:
    """Changes are only ever made, and seen, by this process."""

    async def current(self) -> object:
        return None

    async def advance(self) -> None:
        return None

    def advance_now(self) -> None:
        return None


class FileGeneration:
    def __init__(self, path: Path) -> None:
        self.path = path

    async def current(self) -> object:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        # A replaced file has a new inode; mtime and size make a reused inode number harmless.
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    async def advance(self) -> None:
        self.advance_now()

    def advance_now(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{secrets.token_hex(6)}")
        temporary.write_text(secrets.token_hex(8))
        os.replace(temporary, self.path)


class RedisGeneration:
    def __init__(self, url: str, key: str) -> None:
        self.url = url
        self.key = key
        self._client = None

    def _redis(self):
        if self._client is None:
            import redis.asyncio as redis

            self._client = redis.from_url(self.url)
        return self._client

    async def current(self) -> object:
        return await self._redis().get(self.key)

    async def advance(self) -> None:
        await self._redis().incr(self.key)

    def advance_now(self) -> None:
        raise RuntimeError("Redis needs an awaited advance()")

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
