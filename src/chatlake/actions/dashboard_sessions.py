"""Dashboard sign-ins as rows, so a sign-in can be ended from the server side (sign-out, password change)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.crypto import new_token, token_digest
from chatlake.models import DashboardSession, User
from chatlake.models.base import utcnow

# As long as the signed cookie itself is accepted (web.middleware.SESSION_MAX_AGE_SECONDS).
SESSION_LIFETIME = timedelta(days=14)


async def do_start_dashboard_session(session: AsyncSession, user: User) -> str:
    """A new signed-in browser; returns the token its cookie carries (only the digest is stored)."""
    token = new_token(32)
    # Rows of sign-ins whose cookies have expired are dead weight: the user's own are swept here.
    await session.execute(
        delete(DashboardSession).where(
            DashboardSession.user_id == user.id, DashboardSession.created_at < utcnow() - SESSION_LIFETIME
        )
    )
    session.add(DashboardSession(user_id=user.id, token_digest=token_digest(token)))
    await session.flush()
    return token


async def do_end_dashboard_session(session: AsyncSession, token: str) -> None:
    await session.execute(delete(DashboardSession).where(DashboardSession.token_digest == token_digest(token)))


async def do_end_other_dashboard_sessions(session: AsyncSession, user: User, keep_token: str | None) -> None:
    """Every sign-in of the user but the one named: after a password change, a thief's session is gone too."""
    stmt = delete(DashboardSession).where(DashboardSession.user_id == user.id)
    if keep_token:
        stmt = stmt.where(DashboardSession.token_digest != token_digest(keep_token))
    await session.execute(stmt)
