"""Wrong API tokens are throttled per client address: past the limit in a window, 429 with Retry-After.

Failures are counted in the database (`actions/throttle_counters.py`: one atomic upsert per failure, in a
transaction of its own) so the count holds across web processes. Requests cost nothing extra: only a
refused token pays for the count, and an address over the limit is remembered in this process until its
window ends, so its further tries are refused at the edge (`api/nul_guard.py`) before any token lookup.
Another process learns of the block at that address's next failure there.
"""

from __future__ import annotations

import math
import time
from datetime import timedelta

from chatlake.actions.throttle_counters import counting_transaction, do_bump_counter, seconds_left
from chatlake.crypto import token_digest

TOO_MANY = "Too many requests with an invalid access token from this address: try again later"
_MAX_REMEMBERED = 10_000


class TokenThrottle:
    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = timedelta(seconds=window_seconds)
        self.blocked: dict[str, float] = {}  # address -> time.monotonic() when it may try again

    def retry_after(self, address: str | None) -> int:
        """Seconds this address must wait before its token is even looked at; 0 when it may go on."""
        until = self.blocked.get(address) if address else None
        if until is None:
            return 0
        left = until - time.monotonic()
        if left <= 0:
            self.blocked.pop(address, None)
            return 0
        return math.ceil(left)

    async def note_failure(self, db, address: str | None) -> int:
        """Count one refused token from `address`; the seconds to wait when that put it over the limit."""
        if not address:
            return 0
        async with counting_transaction(db) as session:
            hits, started = await do_bump_counter(session, token_digest("api-token-address:" + address), self.window)
        if hits <= self.limit:
            return 0
        wait = seconds_left(started, self.window)
        if len(self.blocked) >= _MAX_REMEMBERED:
            now = time.monotonic()
            self.blocked = {a: until for a, until in self.blocked.items() if until > now}
        self.blocked[address] = time.monotonic() + wait
        return wait
