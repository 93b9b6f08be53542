"""A user's own settings: name, display name, password and API access token."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from chatlake.actions.accounts import MIN_PASSWORD_LENGTH
from chatlake.actions.checks import check_text
from chatlake.actions.dashboard_sessions import do_end_other_dashboard_sessions
from chatlake.auth.passwords import hash_password
from chatlake.crypto import new_token, token_digest
from chatlake.errors import InvalidField
from chatlake.models import AccessToken, User

MAX_PASSWORD_LENGTH = 1024


async def do_update_profile(session: AsyncSession, user: User, changes: dict) -> User:
    """`changes` holds only the fields sent: name (required), display_name (blank clears it)."""
    if "name" in changes:
        user.name = check_text(changes["name"], "name", required=True).strip()
    if "display_name" in changes:
        user.display_name = (check_text(changes["display_name"], "display_name") or "").strip() or None
    await session.flush()
    return user


def check_new_password(password: str | None, confirmation: str | None) -> str:
    if not password or len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidField(f"Password is too short (minimum is {MIN_PASSWORD_LENGTH} characters)", ["password"])
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidField(f"Password is too long (maximum is {MAX_PASSWORD_LENGTH} characters)", ["password"])
    if confirmation is not None and confirmation != password:
        raise InvalidField("Password confirmation does not match the password", ["password_confirmation"])
    return password


async def hash_new_password(password: str) -> str:
    # argon2 is deliberately slow CPU work; in a worker thread it does not stall other requests.
    return await run_in_threadpool(hash_password, password)


async def do_change_password(
    session: AsyncSession, user: User, password_hash: str, *, keep_dashboard_session: str | None
) -> None:
    """The caller has checked the current password and hashed the new one (check_new_password,
    hash_new_password). Every other dashboard sign-in of the user ends: whoever knew the old password
    is signed out."""
    user.password_hash = password_hash
    await session.flush()
    await do_end_other_dashboard_sessions(session, user, keep_dashboard_session)


async def do_reset_access_token(session: AsyncSession, user: User) -> str:
    """A new API access token; the old one stops working at commit."""
    token = new_token()
    row = await session.scalar(
        select(AccessToken).where(AccessToken.owner_type == "User", AccessToken.owner_id == user.id)
    )
    if row is None:
        session.add(AccessToken(owner_type="User", owner_id=user.id, token_digest=token_digest(token), token=token))
    else:
        row.token_digest = token_digest(token)
        row.token = token
    await session.flush()
    return token


async def do_set_initial_password(session: AsyncSession, user: User, password_hash: str) -> bool:
    """An administrator may give a password to a user who has none yet (just invited), never replace one."""
    if user.password_hash:
        return False
    user.password_hash = password_hash
    await session.flush()
    return True
