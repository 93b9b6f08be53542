"""Checking an email and password against the stored argon2 hash."""

from __future__ import annotations

import secrets
from functools import cache

from starlette.concurrency import run_in_threadpool

from chatlake.auth.passwords import hash_password, verify_password
from chatlake.db import Database
from chatlake.models import User
from chatlake.web.user_lookup import user_with_email


@cache
def _unguessable_hash() -> str:
    return hash_password(secrets.token_urlsafe(32))


async def user_for_credentials(db: Database, email: str, password: str) -> User | None:
    user = None
    if email.strip():
        # A transaction of its own that ends before hashing: on SQLite every transaction holds the
        # write lock, and argon2 takes long enough to queue up every writer behind it.
        async with db.transaction() as session:
            user = await user_with_email(session, email)
    # Unknown emails still pay for one argon2 verification, so response time does not reveal
    # which addresses have users.
    stored_hash = user.password_hash if user is not None else _unguessable_hash()
    # argon2 is deliberately slow CPU work; in a worker thread it does not stall other requests.
    valid = await run_in_threadpool(verify_password, stored_hash, password)
    return user if valid and user is not None else None
