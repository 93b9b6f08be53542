"""Throttling password guessing: failed sign-ins counted per email and per client address over a window.

Kept in the database (not in process memory) so the count holds across web processes and restarts, and on
one-process installs without Redis alike. Keys are stored as digests: the table holds no emails or addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.crypto import token_digest
from chatlake.models import LoginFailure
from chatlake.models.base import utcnow


@dataclass(frozen=True)
class ThrottlePolicy:
    per_email: int
    per_address: int
    window: timedelta


def throttle_keys(email: str, address: str | None) -> dict[str, str]:
    keys = {"email": token_digest("email:" + email.strip().lower())}
    if address:
        keys["address"] = token_digest("address:" + address)
    return keys


async def seconds_until_allowed(session: AsyncSession, policy: ThrottlePolicy, keys: dict[str, str]) -> int:
    """0 when a sign-in may be tried now; else how long until the oldest counted failure leaves the window."""
    since = utcnow() - policy.window
    limits = {"email": policy.per_email, "address": policy.per_address}
    wait = 0
    for kind, digest in keys.items():
        count, oldest = (
            await session.execute(
                select(func.count(), func.min(LoginFailure.failed_at)).where(
                    LoginFailure.key_digest == digest, LoginFailure.failed_at > since
                )
            )
        ).one()
        if count >= limits[kind] and oldest is not None:
            if oldest.tzinfo is None:  # SQLite aggregates come back without the column's type
                oldest = oldest.replace(tzinfo=since.tzinfo)
            wait = max(wait, int((oldest + policy.window - utcnow()).total_seconds()) + 1)
    return wait


async def do_record_login_failure(session: AsyncSession, policy: ThrottlePolicy, keys: dict[str, str]) -> None:
    now = utcnow()
    # Rows past the window count for nothing; sweeping them here keeps the table small without a job.
    await session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - policy.window))
    session.add_all(LoginFailure(key_digest=digest, failed_at=now) for digest in keys.values())
    await session.flush()


async def do_clear_login_failures(session: AsyncSession, keys: dict[str, str]) -> None:
    """A correct password clears the email's count (not the address's: one valid account must not
    reset an attacker's budget for guessing others)."""
    await session.execute(delete(LoginFailure).where(LoginFailure.key_digest == keys["email"]))
