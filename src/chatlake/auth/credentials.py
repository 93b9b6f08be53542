"""Email and password checked against the stored argon2 hash, for sign-ins outside the dashboard form
(the dashboard's own is web/credentials.py; the web layer is not imported from here)."""

from __future__ import annotations

import secrets
from functools import cache

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from chatlake.auth.passwords import hash_password, verify_password
from chatlake.db import Database
from chatlake.models import User


@cache
def _unguessable_hash() -> str:
    return hash_password(secrets.token_urlsafe(32))


async def user_for_password(db: Database, email: str, password: str) -> User | None:
    user = None
    if email.strip():
        # Its own short transaction, ended before hashing: argon2 must not hold a transaction open.
        async with db.read_transaction() as session:
            user = await session.scalar(select(User).where(User.email == email.strip().lower()))
    # Unknown emails pay for one verification too, so timing does not tell which addresses have users.
    stored_hash = user.password_hash if user is not None else _unguessable_hash()
    valid = await run_in_threadpool(verify_password, stored_hash, password)
    return user if valid and user is not None else None
