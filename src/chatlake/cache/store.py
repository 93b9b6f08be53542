"""The caches one process keeps, and when they are dropped."""

from __future__ import annotations

import asyncio
import logging
import time

from chatlake.cache.generation import FileGeneration, LocalGeneration, RedisGeneration

log = logging.getLogger("chatlake.cache")

# A backstop: whatever happens to a change notice (a process killed between its commit and advancing the
# generation), nothing stays cached longer than this.
MAX_AGE_SECONDS = 60.0

Generation = LocalGeneration | FileGeneration | RedisGeneration


class ConfigCache:
    """Plain dicts, filled by whoever reads through them and emptied together."""

    def __init__(self, generation: Generation) -> None:
        self.generation = generation
        self.actors: dict[tuple[str, int], object] = {}
        self.automation_rules: dict[int, list] = {}
        self.webhook_targets: dict[int, object] = {}
        self._seen: object = None
        self._filled_at = time.monotonic()

    def clear(self) -> None:
        self.actors.clear()
        self.automation_rules.clear()
        self.webhook_targets.clear()
        self._filled_at = time.monotonic()

    async def refresh(self) -> None:
        """Drop everything when another process changed configuration (or the entries are old)."""
        current = await self.generation.current()
        if current != self._seen or time.monotonic() - self._filled_at > MAX_AGE_SECONDS:
            self._seen = current
            self.clear()

    def changed(self) -> None:
        """A change to cached configuration committed in this process: drop now, and tell the others.

        Called from the session's after-commit hook, inside the committing request's greenlet, so the
        others are told before the request answers."""
        self.clear()
        if isinstance(self.generation, RedisGeneration):
            from sqlalchemy.util import await_only

            try:
                await_only(self.generation.advance())
            except Exception:  # noqa: BLE001 - outside a greenlet, or Redis unreachable: tell them soon
                log.warning("could not advance the configuration generation at once", exc_info=True)
                asyncio.get_event_loop().create_task(self.generation.advance())
        else:
            self.generation.advance_now()

    async def close(self) -> None:
        if isinstance(self.generation, RedisGeneration):
            await self.generation.close()
