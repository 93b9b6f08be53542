"""Throttling password guessing: sign-in attempts counted per email and per client address, before the
password is looked at.

Each attempt bumps its counters first, in a transaction of its own that commits before the password check
(`throttle_counters.do_bump_counter`: one atomic upsert per key), so N concurrent guesses get N distinct
counts and at most the limit of them reach the password check; the rest are refused. A correct password
clears the email's counter and takes back its own count on the address's (never the address's whole count: one
valid account must not reset an attacker's budget for guessing others).

Not locking the real user out: a browser that has signed in to an account before carries a signed
"known device" cookie for that email (`web/known_device.py`). Its attempts are counted under that device's
own key instead of the email's, so someone guessing a user's password from elsewhere exhausts the email's
budget for unknown browsers only, while the user's own browser keeps its own budget of tries. Kept in the
database (not in process memory) so counts hold across web processes and restarts; keys are digests, so
the table holds no emails or addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.throttle_counters import do_bump_counter, do_clear_counters, do_uncount, seconds_left
from chatlake.crypto import token_digest


@dataclass(frozen=True)
class ThrottlePolicy:
    per_email: int
    per_address: int
    window: timedelta


def throttle_keys(email: str, address: str | None, known_device: str | None = None) -> dict[str, str]:
    """The counters one attempt bumps: the email's (or, from a browser known for that email, the device's)
    and the client address's."""
    if known_device:
        keys = {"account": token_digest("signin-device:" + known_device)}
    else:
        keys = {"account": token_digest("signin-email:" + email.strip().lower())}
    if address:
        keys["address"] = token_digest("signin-address:" + address)
    return keys


async def do_count_sign_in_attempt(session: AsyncSession, policy: ThrottlePolicy, keys: dict[str, str]) -> int:
    """Count this attempt; 0 when it may go on to the password check, else the seconds until it may."""
    limits = {"account": policy.per_email, "address": policy.per_address}
    wait = 0
    for kind, digest in keys.items():
        hits, started = await do_bump_counter(session, digest, policy.window)
        if hits > limits[kind]:
            wait = max(wait, seconds_left(started, policy.window))
    return wait


async def do_clear_login_failures(session: AsyncSession, keys: dict[str, str]) -> None:
    """After a correct password: the account's counter starts again, and the address's loses this attempt
    (so it counts failures: an office behind one address can sign in all day)."""
    await do_clear_counters(session, [keys["account"]])
    if "address" in keys:
        await do_uncount(session, keys["address"])
