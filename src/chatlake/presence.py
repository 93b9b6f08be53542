"""Who has a live dashboard connection, for code below the realtime layer (auto-assignment).

The realtime hub knows presence (in memory, or in Redis across processes); actions must not import it. The app
registers a source at start (app.py); a process without one (the CLI) sees nobody present, so only members who
turned `auto_offline` off count as online there (as Chatwoot treats them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

PresenceSource = Callable[[int], Awaitable[set[int]]]

_source: PresenceSource | None = None


def register(source: PresenceSource | None) -> None:
    global _source
    _source = source


async def present_user_ids(account_id: int) -> set[int]:
    if _source is None:
        return set()
    try:
        return set(await _source(account_id))
    except Exception:  # noqa: BLE001 - presence unknown (Redis down): nobody counts as connected
        return set()
